"""Prompt templates in SQL: each user's overrides of the shipped defaults, and their own templates."""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import Boolean, Column, Float, Integer, String, Table, Text, UniqueConstraint, Uuid
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
        return await self.lock_or_create(initial, ("user_id", "category", "action"))

    async def list(self, user_id: uuid.UUID) -> list[TemplateOverride]:
        stmt = self.owned(user_id).order_by(t.c.category, t.c.action)
        return list((await self.session.scalars(stmt)).all())
