from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class RuleKind(StrEnum):
    CLEANUP = "CLEANUP"  # runs in a cleanup (lyricsCleanup, lyricsFinalize) when active
    SECTION = "SECTION"  # recognises section labels; runs only when asked for by id


class SectionKind(StrEnum):
    INTRO = "INTRO"
    VERSE = "VERSE"
    PRE_CHORUS = "PRE_CHORUS"
    CHORUS = "CHORUS"
    POST_CHORUS = "POST_CHORUS"
    BRIDGE = "BRIDGE"
    OUTRO = "OUTRO"
    OTHER = "OTHER"  # a label lyricsParse does not know ("**Solo**", "[Spoken]")


class Language(StrEnum):
    EN = "EN"
    DE = "DE"


@dataclass(eq=False)
class LyricRuleRow:
    """A user's row: their own rule (`default_key` None), or what they changed of a shipped one.

    On a shipped rule's row a None means "as shipped": the content (name … kind) is copied from the default on
    the first edit, as prompt templates are; `active` and `position` are kept apart, so switching a rule off or
    moving it keeps the shipped text (and what a later release improves in it)."""

    user_id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    default_key: str | None = None
    name: str | None = None
    description: str | None = None
    pattern: str | None = None
    replacement: str | None = None
    kind: RuleKind | None = None
    active: bool | None = None
    # Where it stands among the user's rules (lower first); None: a shipped rule's shipped place, an own rule's
    # place after every placed rule (by creation).
    position: int | None = None

    @property
    def edited(self) -> bool:
        return self.pattern is not None


@dataclass(frozen=True)
class LyricRule:
    """What a user reads: a shipped rule with their changes, or one of their own."""

    key: str  # a shipped rule's name in defaults (`remove-trailing-spaces`), or the own rule's row id
    name: str
    description: str | None
    pattern: str
    replacement: str
    kind: RuleKind
    active: bool
    position: int  # 0-based, in the user's order
    is_default: bool  # ships with aiproxy (can be reset)
    is_modified: bool  # differs from what ships (content or active; not its place)
    updated_at: datetime | None


@dataclass(frozen=True)
class RuleFilter:
    kind: RuleKind | None = None
    active_only: bool = False


@dataclass(eq=False)
class LyricArchitecture:
    """A song's planned sections, saved by a user (the lyric editor's architect)."""

    user_id: uuid.UUID
    name: str
    sections: list[SectionKind]
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    is_default: bool = False


class ArchitectureOrderField(StrEnum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@dataclass(frozen=True)
class ArchitectureFilter:
    search: str | None = None
