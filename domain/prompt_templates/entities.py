from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(eq=False)
class TemplateOverride:
    """A user's row: their edit of a shipped default, or a template of their own."""

    user_id: uuid.UUID
    category: str
    action: str
    pre_condition: str
    post_condition: str
    version: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    description: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    active: bool = True


@dataclass(frozen=True)
class PromptTemplate:
    """What a user reads: their override where they have one, else the shipped default."""

    category: str
    action: str
    pre_condition: str
    post_condition: str
    description: str | None
    version: str
    model: str | None
    temperature: float | None
    max_tokens: int | None
    active: bool
    is_default: bool  # ships with aiproxy (can be reset)
    is_modified: bool  # the user has changed it
    updated_at: datetime | None

    @property
    def key(self) -> str:
        return f"{self.category}/{self.action}"


class TemplateOrderField(StrEnum):
    KEY = "KEY"  # category, then action
    UPDATED_AT = "UPDATED_AT"  # the user's last edit; templates never edited (shipped defaults) first


@dataclass(frozen=True)
class TemplateFilter:
    category: str | None = None
    active_only: bool = True
