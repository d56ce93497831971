"""The unit of work: one session, the repositories over it, one commit at the end."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger("aiproxy.db")

P = TypeVar("P")


class Implements(Generic[P]):
    """A repository registered as the domain port it implements: `Implements[SketchRepository](SqlSketchRepository)`.
    The unit of work hands repositories out by name, untyped; this is where mypy checks each SQL class against
    its Protocol (a method missing or with another signature fails `make lint`)."""

    def __init__(self, build: Callable[[AsyncSession], P]) -> None:
        self.build = build

    def __call__(self, session: AsyncSession) -> P:
        return self.build(session)


RepositoryFactory = Implements[Any]


class SqlUnitOfWork:
    """`async with SqlUnitOfWork(factory, repositories) as uow: ...; await uow.commit()` — without commit,
    nothing is kept.

    Every registered repository is an attribute (`uow.sketches`), made on first use over this unit's
    session. It satisfies each area's `…UnitOfWork` Protocol; `tests/unit/test_areas.py` checks that every
    repository those Protocols declare is registered."""

    session: AsyncSession

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], repositories: Mapping[str, RepositoryFactory]
    ) -> None:
        self._factory = session_factory
        self._repositories = repositories
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found the normal way: the repositories, made once per unit.
        factory = self.__dict__.get("_repositories", {}).get(name)
        if factory is None or "session" not in self.__dict__:
            raise AttributeError(name)
        repository = factory(self.session)
        setattr(self, name, repository)
        return repository

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back anything uncommitted but, unlike rollback(), leaves loaded objects usable.
        await self.session.close()

    async def blocks_other_writers(self) -> bool:
        """True while this unit of work holds a lock a second writer would wait for: SQLite allows one
        writer at a time, and its write transaction starts at the first INSERT/UPDATE/DELETE."""
        if self.session.bind.dialect.name != "sqlite" or not self.session.in_transaction():
            return False
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        return bool(getattr(raw.driver_connection, "in_transaction", False))

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        self._after_commit.append(action)

    async def commit(self) -> None:
        await self.session.commit()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            try:
                await action()
            except Exception:  # the data is committed; a failed follow-up is recovered, not undone
                log.exception("after-commit action failed")

    async def rollback(self) -> None:
        await self.session.rollback()
        self._after_commit.clear()
