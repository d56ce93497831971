"""Sketches in SQL: the table, its mapping and repository (search, tag filter, keyset pages)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Index, Select, String, Table, Text, UniqueConstraint, Uuid, cast, func, or_
from sqlalchemy.orm import registry

from domain.sketches.entities import Sketch, SketchFilter, SketchOrderField, SketchWorkflow
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import ArchivedRepository
from infra.db.types import UTCDateTime

sketches = Table(
    "sketches",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("title", String(500)),
    Column("lyrics", Text),
    Column("prompt", String(1024), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("description_long", Text),
    Column("description_short", String(150)),
    Column("description_tags", JSON, nullable=False),
    Column("info", Text),
    Column("workflow", enum_type(SketchWorkflow, "sketch_workflow"), nullable=False),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_sketches_user_created", "user_id", "created_at", "id"),
    Index("ix_sketches_user_updated", "user_id", "updated_at", "id"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Sketch, sketches)


t = sketches

# Sort key, how its cursor value is read back, and where a sketch keeps it.
_ORDER: dict[SketchOrderField, tuple[Any, str, Callable[[Sketch], Any]]] = {
    SketchOrderField.CREATED_AT: (t.c.created_at, "datetime", lambda s: s.created_at),
    SketchOrderField.UPDATED_AT: (t.c.updated_at, "datetime", lambda s: s.updated_at),
    # Blank titles sort as "": first ascending, last descending, as users of the original expect.
    SketchOrderField.TITLE: (func.lower(func.coalesce(t.c.title, "")), "text", lambda s: (s.title or "").lower()),
}


def tag_needle(tag: str) -> str:
    """A tag as a JSON array column holds it: a tag matches when its JSON string appears in the array's text."""
    return orjson.dumps(tag.strip()).decode()  # exactly as the engine writes JSON columns


class SqlSketchRepository(ArchivedRepository[Sketch, SketchFilter, SketchOrderField]):
    entity = Sketch
    table = sketches
    orders = _ORDER

    def filtered(self, user_id: uuid.UUID, filter: SketchFilter) -> Select[tuple[Sketch]]:
        stmt = self.owned(user_id).where(t.c.workflow.in_(filter.effective_workflows))
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            fields = [
                t.c.title.icontains(needle, autoescape=True),
                t.c.lyrics.icontains(needle, autoescape=True),
                t.c.prompt.icontains(needle, autoescape=True),
            ]
            if not set(needle) & set('",[]\\'):  # JSON punctuation would match the array text, not a tag
                fields.append(cast(t.c.tags, String).icontains(needle, autoescape=True))
            stmt = stmt.where(or_(*fields))
        for tag in filter.tags:
            if tag.strip():
                stmt = stmt.where(cast(t.c.tags, String).icontains(tag_needle(tag), autoescape=True))
        return stmt
