"""Songwriting in SQL: each user's lyric rule rows (changes of the shipped rules, own rules) and architectures."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import registry

from domain.common.clock import utcnow
from domain.songwriting.entities import (
    ArchitectureFilter,
    ArchitectureOrderField,
    LyricArchitecture,
    LyricRuleRow,
    RuleKind,
    SectionKind,
)
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import ListedRepository, OwnedRepository
from infra.db.types import EnumList, UTCDateTime

lyric_rules = Table(
    "lyric_rules",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("default_key", String(50)),
    Column("name", String(100)),
    Column("description", Text),
    Column("pattern", Text),
    Column("replacement", Text),
    Column("kind", enum_type(RuleKind, "lyric_rule_kind")),
    Column("active", Boolean),
    Column("position", Integer),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "default_key"),
)

lyric_architectures = Table(
    "lyric_architectures",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("name", String(100), nullable=False),
    Column("sections", EnumList(SectionKind), nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_lyric_architectures_user_name", "user_id", "name"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(LyricRuleRow, lyric_rules)
    mappers.map_imperatively(LyricArchitecture, lyric_architectures)


r = lyric_rules
a = lyric_architectures


class SqlLyricRuleRepository(OwnedRepository[LyricRuleRow]):
    entity = LyricRuleRow
    table = lyric_rules

    async def all_of(self, user_id: uuid.UUID) -> list[LyricRuleRow]:
        return list((await self.session.scalars(self.owned(user_id).order_by(r.c.created_at, r.c.id))).all())

    async def lock_for_edit(self, initial: LyricRuleRow) -> LyricRuleRow:
        if initial.default_key is None:
            row = await self.get_locked(initial.user_id, initial.id)
            assert row is not None  # the caller found it in this transaction
            return row
        return await self.lock_or_create(initial, ("user_id", "default_key"))

    async def lock_all(self, user_id: uuid.UUID, default_keys: Sequence[str]) -> list[LyricRuleRow]:
        # One INSERT … ON CONFLICT DO NOTHING of a row per shipped rule (a write first: on SQLite it takes the writer
        # lock before the read), then every row read locked (PostgreSQL: FOR UPDATE).
        dialect = self.session.bind.dialect.name
        insert = postgresql.insert(r) if dialect == "postgresql" else sqlite.insert(r)
        now = utcnow()
        made = [LyricRuleRow(user_id=user_id, created_at=now, updated_at=now, default_key=key) for key in default_keys]
        if made:
            await self.session.execute(
                insert.values(
                    [{c.name: getattr(row, c.name) for c in r.columns} for row in made]
                ).on_conflict_do_nothing(index_elements=["user_id", "default_key"])
            )
        stmt = self.owned(user_id).order_by(r.c.created_at, r.c.id).execution_options(populate_existing=True)
        if dialect != "sqlite":
            stmt = stmt.with_for_update()
        return list((await self.session.scalars(stmt)).all())


# Sort key, how its cursor value is read back, and where an architecture keeps it.
_ORDER: dict[ArchitectureOrderField, tuple[Any, str, Callable[[LyricArchitecture], Any]]] = {
    ArchitectureOrderField.NAME: (func.lower(a.c.name), "text", lambda x: x.name.lower()),
    ArchitectureOrderField.CREATED_AT: (a.c.created_at, "datetime", lambda x: x.created_at),
    ArchitectureOrderField.UPDATED_AT: (a.c.updated_at, "datetime", lambda x: x.updated_at),
}


class SqlLyricArchitectureRepository(ListedRepository[LyricArchitecture, ArchitectureFilter, ArchitectureOrderField]):
    entity = LyricArchitecture
    table = lyric_architectures
    orders = _ORDER

    def filtered(self, user_id: uuid.UUID, filter: ArchitectureFilter) -> Select[tuple[LyricArchitecture]]:
        stmt = self.owned(user_id)
        if filter.search and filter.search.strip():
            stmt = stmt.where(a.c.name.icontains(filter.search.strip(), autoescape=True))
        return stmt

    async def get_default(self, user_id: uuid.UUID) -> LyricArchitecture | None:
        stmt = self.owned(user_id).where(a.c.is_default.is_(True)).order_by(a.c.updated_at.desc()).limit(1)
        return cast(LyricArchitecture | None, await self.session.scalar(stmt))

    async def set_default(self, user_id: uuid.UUID, id: uuid.UUID | None) -> None:
        await self.session.flush()
        await self.session.execute(
            update(a)
            .where(a.c.user_id == user_id)
            .values(is_default=(a.c.id == id) if id is not None else False)
            .execution_options(synchronize_session=False)
        )

    async def find_by_name(self, user_id: uuid.UUID, name: str) -> LyricArchitecture | None:
        stmt = self.owned(user_id).where(func.lower(a.c.name) == name.lower()).limit(1)
        return cast(LyricArchitecture | None, await self.session.scalar(stmt))

    async def list_all(self, user_id: uuid.UUID) -> list[LyricArchitecture]:
        return list((await self.session.scalars(self.owned(user_id).order_by(a.c.created_at, a.c.id))).all())
