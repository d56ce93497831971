"""Accounts in SQL: the users table, the first account's claim, their mapping and repository."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Boolean, CheckConstraint, Column, Integer, String, Table, Uuid, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import registry

from domain.accounts.entities import Language, User
from domain.common.clock import utcnow
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
    Column("page_size", Integer, nullable=False, server_default="20"),
    Column("is_admin", Boolean, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("last_login_at", UTCDateTime()),
    Column("password_changed_at", UTCDateTime()),
    Column("tokens_valid_after", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# At most one row, ever: the first account made. Registering inserts it in the same transaction as the account;
# of concurrent registrations on an empty database only one can, and that one becomes the admin. Its primary key
# is what decides, on SQLite and PostgreSQL alike (not a count read before writing, which all of them pass).
first_account = Table(
    "first_account",
    metadata,
    Column("id", Integer, CheckConstraint("id = 1", name="one_row"), primary_key=True, autoincrement=False),
    Column("user_id", Uuid, nullable=False),
    Column("claimed_at", UTCDateTime(), nullable=False),
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

    async def claim_first_account(self, user_id: uuid.UUID) -> bool:
        values = {"id": 1, "user_id": user_id, "claimed_at": utcnow()}
        # INSERT … ON CONFLICT DO NOTHING: a concurrent claim not yet committed makes this wait for its outcome
        # (PostgreSQL: the unique index; SQLite: the one writer lock), then insert or do nothing.
        insert = postgresql.insert if self.session.bind.dialect.name == "postgresql" else sqlite.insert
        statement = insert(first_account).values(values).on_conflict_do_nothing(index_elements=["id"])
        result = cast(CursorResult[Any], await self.session.execute(statement))
        return result.rowcount == 1
