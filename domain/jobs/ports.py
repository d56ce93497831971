from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, Protocol

from domain.common.pagination import Page, PageRequest
from domain.jobs.entities import Job, JobFilter


class JobRepository(Protocol):
    async def add(self, job: Job) -> None: ...

    async def get(self, user_id: uuid.UUID, job_id: uuid.UUID) -> Job | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Job]: ...

    async def get_for_update(self, job_id: uuid.UUID) -> Job | None:
        """Any user's job, for the executor (which acts for the owner)."""
        ...

    async def claim(self, job_id: uuid.UUID, now: datetime) -> bool:
        """Atomically QUEUED → RUNNING (attempts + 1). False when someone else has it or it ended."""
        ...

    async def page(self, user_id: uuid.UUID, filter: JobFilter, page: PageRequest) -> Page[Job]: ...

    async def count(self, user_id: uuid.UUID, filter: JobFilter) -> int: ...

    async def stale_running(self, heartbeat_before: datetime) -> list[Job]: ...

    async def queued_before(self, updated_before: datetime) -> list[Job]: ...


class JobQueue(Protocol):
    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None: ...


class EventBus(Protocol):
    async def publish(self, topic: str, message: dict[str, Any]) -> None: ...

    def subscribe(self, topic: str) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]:
        """Subscribed when the context is entered: nothing published after that is missed."""
        ...

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        """Publish `message` with a sequence number `seq` (1, 2, …) and keep it for `history`.
        One writer per topic (the job that produces the stream)."""
        ...

    async def history(self, topic: str) -> list[dict[str, Any]]:
        """What `append` kept for topic, oldest first. Subscribe first, then read the history:
        together they miss nothing (drop live messages whose seq the history already has)."""
        ...


class JobsUnitOfWork(Protocol):
    jobs: JobRepository

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def blocks_other_writers(self) -> bool:
        """True while this unit of work holds a write lock other connections would wait for (SQLite)."""
        ...

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run action once the transaction has committed (enqueue, publish)."""
        ...
