from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.jobs.ports import JobsUnitOfWork
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork
from domain.sketches.ports import SketchesUnitOfWork
from domain.songwriting.entities import ArchitectureFilter, ArchitectureOrderField, LyricArchitecture, LyricRuleRow


class LyricRuleRepository(Protocol):
    async def add(self, row: LyricRuleRow) -> None: ...

    async def all_of(self, user_id: uuid.UUID) -> list[LyricRuleRow]: ...

    async def lock_for_edit(self, initial: LyricRuleRow) -> LyricRuleRow:
        """The user's row: an own rule's (by id), or a shipped rule's (by `default_key`, created from `initial`
        if absent), fresh and locked until the transaction ends: concurrent edits apply one after the other.
        None-safe only for shipped rules: an own rule's row must exist (`list` found it)."""
        ...

    async def lock_all(self, user_id: uuid.UUID, default_keys: Sequence[str]) -> list[LyricRuleRow]:
        """Every row of the user, a row made first for each shipped rule that has none, all locked until the
        transaction ends (a reorder rewrites every place, so concurrent reorders apply one after the other)."""
        ...

    async def delete(self, row: LyricRuleRow) -> None: ...


class LyricArchitectureRepository(Protocol):
    async def add(self, architecture: LyricArchitecture) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> LyricArchitecture | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[LyricArchitecture]: ...

    async def get_default(self, user_id: uuid.UUID) -> LyricArchitecture | None: ...

    async def set_default(self, user_id: uuid.UUID, id: uuid.UUID | None) -> None:
        """Makes `id` the user's one default (None: none), in one statement."""
        ...

    async def find_by_name(self, user_id: uuid.UUID, name: str) -> LyricArchitecture | None:
        """The user's architecture of this name, compared case-insensitively."""
        ...

    async def delete(self, architecture: LyricArchitecture) -> None: ...

    async def list_all(self, user_id: uuid.UUID) -> list[LyricArchitecture]: ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ArchitectureFilter,
        order_by: ArchitectureOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[LyricArchitecture]: ...

    async def count(self, user_id: uuid.UUID, filter: ArchitectureFilter) -> int: ...


class SongwritingUnitOfWork(SketchesUnitOfWork, PromptTemplatesUnitOfWork, JobsUnitOfWork, Protocol):
    lyric_rules: LyricRuleRepository
    lyric_architectures: LyricArchitectureRepository
