"""The unit of work: one session, the repositories over it, one commit at the end."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infra.db.repositories.chat import SqlConversationRepository, SqlGenerationRepository, SqlMessageRepository
from infra.db.repositories.files import SqlUploadRepository
from infra.db.repositories.jobs import SqlJobRepository
from infra.db.repositories.prompt_templates import SqlTemplateOverrideRepository
from infra.db.repositories.sketches import SqlSketchRepository
from infra.db.repositories.users import SqlUserRepository

log = logging.getLogger("aiproxy.db")


class SqlUnitOfWork:
    """`async with SqlUnitOfWork(factory) as uow: ...; await uow.commit()` — without commit, nothing is kept."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.users = SqlUserRepository(self.session)
        self.sketches = SqlSketchRepository(self.session)
        self.prompt_templates = SqlTemplateOverrideRepository(self.session)
        self.jobs = SqlJobRepository(self.session)
        self.uploads = SqlUploadRepository(self.session)
        self.conversations = SqlConversationRepository(self.session)
        self.messages = SqlMessageRepository(self.session)
        self.generations = SqlGenerationRepository(self.session)
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
        return bool(raw.driver_connection.in_transaction)  # type: ignore[union-attr]

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
