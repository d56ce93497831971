"""Fakes of the domain's ports for unit tests without I/O (Cosmic Python's FakeUnitOfWork): an owned-row
repository over a dict, and a unit of work that records commits and runs after-commit actions."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar


class Owned(Protocol):
    id: uuid.UUID
    user_id: uuid.UUID


E = TypeVar("E", bound=Owned)


class MemoryOwnedRepository(Generic[E]):
    """What OwnedRepository does in SQL, over a dict: every read filters by owner."""

    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, E] = {}

    async def add(self, entity: E) -> None:
        assert entity.id not in self.rows, "add() of an id already stored"
        self.rows[entity.id] = entity

    async def add_all(self, entities: Sequence[E]) -> None:
        for entity in entities:
            await self.add(entity)

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> E | None:
        row = self.rows.get(id)
        return row if row is not None and row.user_id == user_id else None

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[E]:
        return [row for i in ids if (row := await self.get(user_id, i)) is not None]

    async def get_for_update(self, id: uuid.UUID) -> E | None:
        return self.rows.get(id)

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> E | None:
        return await self.get(user_id, id)

    async def delete(self, entity: E) -> None:
        del self.rows[entity.id]

    def owned_by(self, user_id: uuid.UUID) -> list[E]:
        return [row for row in self.rows.values() if row.user_id == user_id]


class FakeUnitOfWork:
    """Satisfies any area's `…UnitOfWork` Protocol given the repositories it names: `FakeUnitOfWork(sketches=…)`."""

    def __init__(self, **repositories: Any) -> None:
        for name, repository in repositories.items():
            setattr(self, name, repository)
        self.commits = 0
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._after_commit.clear()

    async def commit(self) -> None:
        self.commits += 1
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            await action()

    async def rollback(self) -> None:
        self._after_commit.clear()

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        self._after_commit.append(action)

    async def blocks_other_writers(self) -> bool:
        return False


class MemoryCounters:
    """The Counters port over a dict (no expiry clock needed in unit tests: windows never end here)."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    async def hit(self, key: str, window_seconds: int) -> int:
        self.values[key] = self.values.get(key, 0) + 1
        return self.values[key]

    async def get(self, key: str) -> int:
        return self.values.get(key, 0)

    async def set_flag(self, key: str, seconds: int) -> None:
        self.values[key] = 1

    async def has_flag(self, key: str) -> bool:
        return self.values.get(key, 0) > 0

    async def clear(self, key: str) -> None:
        self.values.pop(key, None)
