from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.uow import UnitOfWork
from domain.jobs.entities import Job, JobFilter, JobOrderField


class JobRepository(Protocol):
    async def add(self, job: Job) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Job | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Job]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Job | None:
        """The owner's job, fresh and locked until the transaction ends (changes that derive from it)."""
        ...

    async def get_for_update(self, id: uuid.UUID) -> Job | None:
        """Any user's job, locked, for the executor (which acts for the owner)."""
        ...

    async def claim(self, job_id: uuid.UUID, now: datetime) -> Job | None:
        """Atomically QUEUED → RUNNING (attempts + 1), and the job as it now is. None when someone else has it
        or it ended."""
        ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: JobFilter,
        order_by: JobOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Job]: ...

    async def count(self, user_id: uuid.UUID, filter: JobFilter) -> int: ...

    async def stale_running(self, heartbeat_before: datetime) -> list[Job]: ...

    async def queued_before(self, updated_before: datetime) -> list[Job]: ...

    async def payload_values_after(
        self, kinds: Sequence[str], name: str, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID, object]]:
        """(id, owner, the payload's `name` or None) of up to `limit` jobs of these kinds, any owner's, in id order
        after `after`: key rotation reads the tokens some payloads hold."""
        ...


class JobQueue(Protocol):
    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None: ...


class JobsUnitOfWork(UnitOfWork, Protocol):
    jobs: JobRepository
