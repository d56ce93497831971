from __future__ import annotations

import uuid
from typing import Protocol

from domain.common.uow import UnitOfWork
from domain.prompt_templates.entities import TemplateOverride


class TemplateOverrideRepository(Protocol):
    async def add(self, override: TemplateOverride) -> None: ...

    async def get_by_key(self, user_id: uuid.UUID, category: str, action: str) -> TemplateOverride | None: ...

    async def lock_for_edit(self, initial: TemplateOverride) -> TemplateOverride:
        """The user's row for initial's (category, action), created from `initial` if absent, locked until
        the transaction ends: concurrent edits of one template apply one after the other."""
        ...

    async def list(self, user_id: uuid.UUID) -> list[TemplateOverride]: ...

    async def delete(self, override: TemplateOverride) -> None: ...


class PromptTemplatesUnitOfWork(UnitOfWork, Protocol):
    prompt_templates: TemplateOverrideRepository
