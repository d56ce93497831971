"""Prompt templates in SQL: each user's overrides of the shipped defaults, and their own templates."""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import Boolean, Column, Float, Integer, String, Table, Text, UniqueConstraint, Uuid
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import registry

from domain.prompt_templates.entities import TemplateOverride
from infra.db.metadata import metadata, owner_column
from infra.db.repository import OwnedRepository
from infra.db.types import UTCDateTime

prompt_templates = Table(
    "prompt_templates",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("category", String(50), nullable=False),
    Column("action", String(50), nullable=False),
    Column("pre_condition", Text, nullable=False),
    Column("post_condition", Text, nullable=False),
    Column("description", Text),
    Column("version", String(10), nullable=False),
    Column("model", String(100)),
    Column("temperature", Float),
    Column("max_tokens", Integer),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "category", "action"),
)

t = prompt_templates


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(TemplateOverride, prompt_templates)


class SqlTemplateOverrideRepository(OwnedRepository[TemplateOverride]):
    entity = TemplateOverride
    table = prompt_templates

    async def get_by_key(self, user_id: uuid.UUID, category: str, action: str) -> TemplateOverride | None:
        stmt = self.owned(user_id).where(t.c.category == category, t.c.action == action)
        return cast(TemplateOverride | None, await self.session.scalar(stmt))

    async def lock_for_edit(self, initial: TemplateOverride) -> TemplateOverride:
        # INSERT … ON CONFLICT DO NOTHING first: it creates the row if it is missing, and it is a write, so
        # on SQLite it takes the single writer lock before anything is read (no stale read-modify-write);
        # on PostgreSQL the SELECT … FOR UPDATE that follows queues concurrent edits of the row.
        dialect = self.session.bind.dialect.name
        insert = postgresql.insert(t) if dialect == "postgresql" else sqlite.insert(t)
        values = {c.name: getattr(initial, c.name) for c in t.columns}
        await self.session.execute(
            insert.values(**values).on_conflict_do_nothing(index_elements=["user_id", "category", "action"])
        )
        stmt = self.owned(initial.user_id).where(t.c.category == initial.category, t.c.action == initial.action)
        stmt = stmt.execution_options(populate_existing=True)
        if dialect != "sqlite":
            stmt = stmt.with_for_update()
        row = await self.session.scalar(stmt)
        assert row is not None  # inserted above or already there, and nobody deletes it while we hold the lock
        return row

    async def list(self, user_id: uuid.UUID) -> list[TemplateOverride]:
        stmt = self.owned(user_id).order_by(t.c.category, t.c.action)
        return list((await self.session.scalars(stmt)).all())
