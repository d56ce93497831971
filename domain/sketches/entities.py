from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SketchWorkflow(StrEnum):
    DRAFT = "DRAFT"
    USED = "USED"
    ARCHIVED = "ARCHIVED"


class SketchOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    TITLE = "TITLE"


@dataclass(eq=False)
class Sketch:
    user_id: uuid.UUID
    prompt: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    title: str | None = None
    lyrics: str | None = None
    tags: list[str] = field(default_factory=list)
    description_long: str | None = None
    description_short: str | None = None
    description_tags: list[str] = field(default_factory=list)
    info: str | None = None
    workflow: SketchWorkflow = SketchWorkflow.DRAFT
    # The id this sketch had in the archive it was imported from; makes imports idempotent.
    origin_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SketchFilter:
    search: str | None = None
    # None means "everything but archived", as the original did.
    workflows: tuple[SketchWorkflow, ...] | None = None
    tags: tuple[str, ...] = ()

    @property
    def effective_workflows(self) -> tuple[SketchWorkflow, ...]:
        if self.workflows:
            return self.workflows
        return (SketchWorkflow.DRAFT, SketchWorkflow.USED)
