from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.entities import User
from infra.db import tables


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user: User) -> None:
        self.session.add(user)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> list[User]:
        if not ids:
            return []
        return list((await self.session.scalars(select(User).where(tables.users.c.id.in_(ids)))).all())

    async def get_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(tables.users.c.email == email))

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(tables.users)) or 0)
