"""Accounts in SQL: the users table, its mapping and repository."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Boolean, Column, String, Table, Uuid, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import registry

from domain.accounts.entities import Language, User
from infra.db.metadata import enum_type, metadata
from infra.db.types import UTCDateTime

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(255), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("artist_name", String(100)),
    Column("language", enum_type(Language, "language"), nullable=False),
    Column("is_admin", Boolean, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("last_login_at", UTCDateTime()),
    Column("password_changed_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(User, users)


class SqlUserRepository:
    """Users are the owners, not owned: no owner filter here."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user: User) -> None:
        self.session.add(user)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID) -> User | None:
        return cast(User | None, await self.session.get(User, user_id))

    async def get_many(self, ids: Sequence[uuid.UUID]) -> list[User]:
        if not ids:
            return []
        return list((await self.session.scalars(select(User).where(users.c.id.in_(ids)))).all())

    async def get_by_email(self, email: str) -> User | None:
        return cast(User | None, await self.session.scalar(select(User).where(users.c.email == email)))

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(users)) or 0)
