"""Sketch use cases. They never commit: the resolver or job that owns the unit of work does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from domain.common.clock import utcnow
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_tags, clean_text
from domain.sketches.entities import Sketch, SketchFilter, SketchOrderField, SketchWorkflow
from domain.sketches.ports import SketchRepository

TITLE_MAX = 500
LYRICS_MAX = 10_000
PROMPT_MAX = 1024
DESCRIPTION_SHORT_MAX = 150
TAGS_MAX = 1000  # all tags joined by ", ", as the original's comma string allowed
DESCRIPTION_LONG_MAX = 10_000
INFO_MAX = 10_000

# Text fields: (label, most characters).
TEXTS: dict[str, tuple[str, int]] = {
    "title": ("Title", TITLE_MAX),
    "lyrics": ("Lyrics", LYRICS_MAX),
    "prompt": ("Prompt", PROMPT_MAX),
    "description_long": ("Long description", DESCRIPTION_LONG_MAX),
    "description_short": ("Short description", DESCRIPTION_SHORT_MAX),
    "info": ("Info", INFO_MAX),
}
TAG_LISTS: dict[str, str] = {"tags": "Tags", "description_tags": "Description tags"}


@dataclass(frozen=True)
class SketchFields:
    """A sketch's editable fields. UNSET: leave as it is (or the default, on create); None: clear."""

    title: str | None | Unset = UNSET
    lyrics: str | None | Unset = UNSET
    prompt: str | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    description_long: str | None | Unset = UNSET
    description_short: str | None | Unset = UNSET
    description_tags: list[str] | None | Unset = UNSET
    info: str | None | Unset = UNSET
    workflow: SketchWorkflow | None | Unset = UNSET


def clean_sketch_values(values: dict[str, Any]) -> dict[str, Any]:
    """Trim texts (blank means none), tidy tag lists."""
    return {
        name: clean_tags(value) if name in TAG_LISTS else clean_text(value) if name in TEXTS else value
        for name, value in values.items()
    }


def check_sketch_values(values: dict[str, Any], checks: Checks) -> None:
    """The rules for the given (cleaned) fields; the importer applies them too."""
    for name, value in values.items():
        if name == "prompt":
            checks.required(name, value, "Prompt")
        if name == "workflow" and value is None:
            checks.required(name, value, "Workflow")
        if name in TEXTS:
            label, limit = TEXTS[name]
            checks.max_length(name, value, limit, label)
        elif name in TAG_LISTS:
            checks.max_length(name, ", ".join(value), TAGS_MAX, TAG_LISTS[name] + " (joined)")


def _validated(fields: SketchFields, *, creating: bool) -> dict[str, Any]:
    values = clean_sketch_values(given(fields))
    if creating:
        values.setdefault("prompt", None)
        if values.get("workflow", UNSET) is None:
            del values["workflow"]  # null on create: the default
    checks = Checks()
    check_sketch_values(values, checks)
    checks.raise_if_any()
    return values


@dataclass
class SketchService:
    sketches: SketchRepository

    async def create(self, user_id: uuid.UUID, fields: SketchFields) -> Sketch:
        values = _validated(fields, creating=True)
        now = utcnow()
        sketch = Sketch(user_id=user_id, created_at=now, updated_at=now, **values)
        await self.sketches.add(sketch)
        return sketch

    async def update(self, user_id: uuid.UUID, sketch_id: uuid.UUID, changes: SketchFields) -> Sketch:
        sketch = await self._owned(user_id, sketch_id)
        values = _validated(changes, creating=False)
        for name, value in values.items():
            setattr(sketch, name, value)
        if values:
            sketch.updated_at = utcnow()
        return sketch

    async def delete(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        sketch = await self._owned(user_id, sketch_id)
        await self.sketches.delete(sketch)
        return sketch

    async def duplicate(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        source = await self._owned(user_id, sketch_id)
        now = utcnow()
        title = f"{source.title} (copy)" if source.title else None
        if title and len(title) > TITLE_MAX:
            title = title[:TITLE_MAX]
        copy = replace(
            source,
            id=uuid.uuid4(),
            title=title,
            tags=list(source.tags),
            description_tags=list(source.description_tags),
            workflow=SketchWorkflow.DRAFT,
            origin_id=None,
            created_at=now,
            updated_at=now,
        )
        await self.sketches.add(copy)
        return copy

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SketchFilter,
        order_by: SketchOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Sketch]:
        return await self.sketches.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: SketchFilter) -> int:
        return await self.sketches.count(user_id, filter)

    async def _owned(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        return await owned_or_not_found(self.sketches, user_id, sketch_id, "Sketch", "id")
