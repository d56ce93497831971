"""Song architectures: the sections a user plans a song in (the lyric editor's architect), saved per user.
At most one Intro and one Outro; verses are numbered by their order (VERSE1, VERSE2), never by hand. A user may
mark one as their default; without one, the default is VERSE1 - CHORUS - VERSE2 - CHORUS."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_text
from domain.songwriting.entities import ArchitectureFilter, ArchitectureOrderField, LyricArchitecture, SectionKind
from domain.songwriting.ports import LyricArchitectureRepository

NAME_MAX = 100
SECTIONS_MAX = 32
ARCHITECTURES_MAX = 500
SHIPPED_DEFAULT: tuple[SectionKind, ...] = (
    SectionKind.VERSE,
    SectionKind.CHORUS,
    SectionKind.VERSE,
    SectionKind.CHORUS,
)
PLANNED = (
    SectionKind.INTRO,
    SectionKind.VERSE,
    SectionKind.PRE_CHORUS,
    SectionKind.CHORUS,
    SectionKind.BRIDGE,
    SectionKind.OUTRO,
)
_AT_MOST_ONE = (SectionKind.INTRO, SectionKind.OUTRO)


@dataclass(frozen=True)
class ArchitectureFields:
    name: str | None | Unset = UNSET
    sections: list[SectionKind] | None | Unset = UNSET
    is_default: bool | None | Unset = UNSET


def check_sections(sections: Sequence[SectionKind] | None, checks: Checks, field: str = "sections") -> None:
    """1 to 32 sections of Intro, Verse, Pre-Chorus, Chorus, Bridge and Outro, at most one Intro and one Outro."""
    if not checks.required(field, list(sections or []), "Sections"):
        return
    assert sections is not None
    if len(sections) > SECTIONS_MAX:
        checks.add(field, ErrorCode.INVALID, f"An architecture has at most {SECTIONS_MAX} sections.")
    for kind in dict.fromkeys(k for k in sections if k not in PLANNED):
        checks.add(field, ErrorCode.INVALID, f"{kind.value} is no section an architecture plans.")
    for kind in _AT_MOST_ONE:
        if sections.count(kind) > 1:
            checks.add(field, ErrorCode.INVALID, f"A song has at most one {kind.value.title()}.")


def check_architecture_values(values: dict[str, Any], checks: Checks) -> None:
    """The rules for an architecture's given fields (the importer applies them too)."""
    if "name" in values and checks.required("name", values["name"], "Name"):
        checks.max_length("name", values["name"], NAME_MAX, "Name")
    if "sections" in values:
        check_sections(values["sections"], checks)
    if "is_default" in values and values["is_default"] is None:
        checks.required("is_default", None, "Is default")


@dataclass
class ArchitectureService:
    architectures: LyricArchitectureRepository

    async def create(self, user_id: uuid.UUID, fields: ArchitectureFields) -> LyricArchitecture:
        values = self._checked(fields, creating=True)
        await self._check_name_free(user_id, values["name"], None)
        if len(await self.architectures.list_all(user_id)) >= ARCHITECTURES_MAX:
            raise DomainError.on_input(ErrorCode.INVALID, f"You have {ARCHITECTURES_MAX} architectures, the most.")
        now = utcnow()
        is_default = bool(values.pop("is_default", False))
        architecture = LyricArchitecture(user_id=user_id, created_at=now, updated_at=now, **values)
        await self.architectures.add(architecture)
        if is_default:
            await self._make_default(architecture)
        return architecture

    async def update(self, user_id: uuid.UUID, id: uuid.UUID, changes: ArchitectureFields) -> LyricArchitecture:
        architecture = await self._owned(user_id, id)
        values = self._checked(changes, creating=False)
        if "name" in values:
            await self._check_name_free(user_id, values["name"], id)
        is_default = values.pop("is_default", None)
        for name, value in values.items():
            setattr(architecture, name, value)
        if is_default:
            await self._make_default(architecture)
        elif is_default is False:
            architecture.is_default = False
        architecture.updated_at = utcnow()
        return architecture

    async def delete(self, user_id: uuid.UUID, id: uuid.UUID) -> LyricArchitecture:
        architecture = await self._owned(user_id, id)
        await self.architectures.delete(architecture)
        return architecture

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> LyricArchitecture | None:
        return await self.architectures.get(user_id, id)

    async def default(self, user_id: uuid.UUID) -> tuple[LyricArchitecture | None, list[SectionKind]]:
        """The user's default architecture and its sections; (None, VERSE CHORUS VERSE CHORUS) without one."""
        chosen = await self.architectures.get_default(user_id)
        return chosen, list(chosen.sections) if chosen else list(SHIPPED_DEFAULT)

    async def sections_for(
        self, user_id: uuid.UUID, architecture_id: uuid.UUID | None, sections: Sequence[SectionKind] | None
    ) -> list[SectionKind]:
        """The sections a tool uses (its input's `structure`): given ones (checked), a saved architecture's, or
        the user's default."""
        if sections is not None:
            checks = Checks("structure")
            check_sections(sections, checks)
            checks.raise_if_any()
            return list(sections)
        if architecture_id is not None:
            return list((await self._owned(user_id, architecture_id, "structure", "architecture_id")).sections)
        return (await self.default(user_id))[1]

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ArchitectureFilter,
        order_by: ArchitectureOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[LyricArchitecture]:
        return await self.architectures.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: ArchitectureFilter) -> int:
        return await self.architectures.count(user_id, filter)

    @staticmethod
    def _checked(fields: ArchitectureFields, *, creating: bool) -> dict[str, Any]:
        values: dict[str, Any] = {k: clean_text(v) if k == "name" else v for k, v in given(fields).items()}
        if creating:
            values.setdefault("name", None)
            values.setdefault("sections", None)
            if values.get("is_default", UNSET) is None:
                del values["is_default"]
        checks = Checks()
        check_architecture_values(values, checks)
        checks.raise_if_any()
        sections: Sequence[SectionKind] | None = values.get("sections")
        if sections is not None:
            values["sections"] = list(sections)
        return values

    async def _make_default(self, architecture: LyricArchitecture) -> None:
        # One statement moves the mark: two concurrent requests cannot leave the user with two defaults.
        await self.architectures.set_default(architecture.user_id, architecture.id)
        architecture.is_default = True

    async def _check_name_free(self, user_id: uuid.UUID, name: str, id: uuid.UUID | None) -> None:
        found = await self.architectures.find_by_name(user_id, name)
        if found is not None and found.id != id:
            raise DomainError.single(ErrorCode.TAKEN, f"You already have an architecture named {name!r}.", "name")

    async def _owned(self, user_id: uuid.UUID, id: uuid.UUID, *field: str) -> LyricArchitecture:
        return await owned_or_not_found(self.architectures, user_id, id, "Lyric architecture", *(field or ("id",)))
