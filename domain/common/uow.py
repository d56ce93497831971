"""The unit of work: one transaction that a request or a job step owns and commits once.

Each area's ports extend `UnitOfWork` with the repositories it reads (`SketchesUnitOfWork` adds
`sketches`), so a use case states exactly what it touches and adding an area edits no shared Protocol.
The SQL unit of work in infra provides every registered repository under its attribute name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Protocol, Self


class UnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None:
        """Commit, then run the after-commit actions (enqueue, publish)."""
        ...

    async def rollback(self) -> None: ...

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run action once the transaction has committed; dropped on rollback."""
        ...

    async def blocks_other_writers(self) -> bool:
        """True while this unit of work holds a write lock other connections would wait for (SQLite)."""
        ...
