"""Sketch use cases. They never commit: the resolver or job that owns the unit of work does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import not_found
from domain.common.validation import Checks, clean_tags, clean_text
from domain.sketches.entities import Sketch, SketchWorkflow
from domain.sketches.ports import SketchRepository

TITLE_MAX = 500
LYRICS_MAX = 10_000
PROMPT_MAX = 1024
DESCRIPTION_SHORT_MAX = 150
TAGS_MAX = 1000  # all tags joined by ", ", as the original's comma string allowed
DESCRIPTION_LONG_MAX = 10_000
INFO_MAX = 10_000

# Fields a client may set; the values are (label, kind). Absent fields stay as they are.
EDITABLE: dict[str, tuple[str, str]] = {
    "title": ("Title", "text"),
    "lyrics": ("Lyrics", "text"),
    "prompt": ("Prompt", "text"),
    "tags": ("Tags", "tags"),
    "description_long": ("Long description", "text"),
    "description_short": ("Short description", "text"),
    "description_tags": ("Description tags", "tags"),
    "info": ("Info", "text"),
    "workflow": ("Workflow", "workflow"),
}
LIMITS = {
    "title": TITLE_MAX,
    "lyrics": LYRICS_MAX,
    "prompt": PROMPT_MAX,
    "description_long": DESCRIPTION_LONG_MAX,
    "description_short": DESCRIPTION_SHORT_MAX,
    "info": INFO_MAX,
    "tags": TAGS_MAX,
    "description_tags": TAGS_MAX,
}


def _normalise(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        kind = EDITABLE[name][1]
        if kind == "text":
            cleaned[name] = clean_text(value)
        elif kind == "tags":
            cleaned[name] = clean_tags(value)
        else:
            cleaned[name] = value
    return cleaned


def _check(values: dict[str, Any]) -> None:
    checks = Checks("input")
    for name, value in values.items():
        label, kind = EDITABLE[name]
        field = _camel(name)
        if name == "prompt":
            checks.required(field, value, label)
        if name == "workflow" and value is None:
            checks.required(field, value, label)
        if kind == "text":
            checks.max_length(field, value, LIMITS[name], label)
        elif kind == "tags":
            checks.max_length(field, ", ".join(value), LIMITS[name], label + " (joined)")
    checks.raise_if_any()


def clean_fields(fields: dict[str, Any], *, new: bool = False) -> dict[str, Any]:
    """Trim and check sketch fields by the API's rules: all of a new sketch's (`new`), or the ones that change.

    Returns the cleaned values; raises DomainError naming every problem. Imports use it too."""
    values = _normalise(fields)
    if new:
        values.setdefault("prompt", None)
        values = {k: v for k, v in values.items() if not (k == "workflow" and v is None)}
    _check(values)
    return values


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass
class SketchService:
    sketches: SketchRepository

    async def create(self, user_id: uuid.UUID, fields: dict[str, Any]) -> Sketch:
        values = clean_fields(fields, new=True)
        now = utcnow()
        sketch = Sketch(user_id=user_id, created_at=now, updated_at=now, **values)
        await self.sketches.add(sketch)
        return sketch

    async def update(self, user_id: uuid.UUID, sketch_id: uuid.UUID, changes: dict[str, Any]) -> Sketch:
        sketch = await self._owned(user_id, sketch_id)
        values = clean_fields(changes)
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

    async def _owned(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        sketch = await self.sketches.get(user_id, sketch_id)
        if sketch is None:
            raise not_found("Sketch", "input", "id")
        return sketch
