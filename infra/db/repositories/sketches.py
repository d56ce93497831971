from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.sketches.entities import Sketch, SketchFilter, SketchOrderField
from infra.db import tables
from infra.db.pagination import count, paginate

t = tables.sketches
# Ids per lookup: each appears twice in the query (id or origin), far below PostgreSQL's 32 767 parameters.
LOOKUP_CHUNK = 1000

_ORDER: dict[SketchOrderField, tuple[Any, str, Any]] = {
    SketchOrderField.CREATED_AT: (t.c.created_at, "datetime", lambda s: s.created_at),
    SketchOrderField.UPDATED_AT: (t.c.updated_at, "datetime", lambda s: s.updated_at),
    # Blank titles sort as "": first ascending, last descending, as users of the original expect.
    SketchOrderField.TITLE: (func.lower(func.coalesce(t.c.title, "")), "text", lambda s: (s.title or "").lower()),
}


def _tag_needle(tag: str) -> str:
    # Tags are stored as a JSON array; a tag matches when its JSON string appears in the array's text.
    return json.dumps(tag.strip(), ensure_ascii=False)


class SqlSketchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, sketch: Sketch) -> None:
        self.session.add(sketch)
        await self.session.flush()

    async def add_many(self, sketches: Sequence[Sketch]) -> None:
        """One flush for all: SQLAlchemy batches the INSERTs (one parameter set per row, never one huge statement)."""
        self.session.add_all(sketches)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch | None:
        return await self.session.scalar(select(Sketch).where(t.c.id == sketch_id, t.c.user_id == user_id))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Sketch]:
        if not ids:
            return []
        stmt = select(Sketch).where(t.c.user_id == user_id, t.c.id.in_(ids))
        return list((await self.session.scalars(stmt)).all())

    async def delete(self, sketch: Sketch) -> None:
        await self.session.delete(sketch)
        await self.session.flush()

    def _filtered(self, user_id: uuid.UUID, filter: SketchFilter) -> Select[Any]:
        stmt = select(Sketch).where(t.c.user_id == user_id, t.c.workflow.in_(filter.effective_workflows))
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
                stmt = stmt.where(cast(t.c.tags, String).icontains(_tag_needle(tag), autoescape=True))
        return stmt

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SketchFilter,
        order_by: SketchOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Sketch]:
        key, kind, key_of = _ORDER[order_by]
        return await paginate(
            self.session,
            self._filtered(user_id, filter),
            entity=Sketch,
            key=key,
            key_kind=kind,
            key_of=key_of,
            id_col=t.c.id,
            direction=direction,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, filter: SketchFilter) -> int:
        return await count(self.session, self._filtered(user_id, filter))

    async def list_all(self, user_id: uuid.UUID) -> list[Sketch]:
        stmt = select(Sketch).where(t.c.user_id == user_id).order_by(t.c.created_at, t.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        wanted = set(ids)
        found: set[uuid.UUID] = set()
        unique = list(wanted)
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start : start + LOOKUP_CHUNK]
            rows = await self.session.execute(
                select(t.c.id, t.c.origin_id).where(
                    t.c.user_id == user_id, or_(t.c.id.in_(chunk), t.c.origin_id.in_(chunk))
                )
            )
            found.update(value for row in rows for value in row if value in wanted)
        return found
