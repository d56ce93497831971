from __future__ import annotations

import uuid
from typing import Protocol

from domain.prompt_templates.entities import TemplateOverride


class TemplateOverrideRepository(Protocol):
    async def add(self, override: TemplateOverride) -> None: ...

    async def get(self, user_id: uuid.UUID, category: str, action: str) -> TemplateOverride | None: ...

    async def list(self, user_id: uuid.UUID) -> list[TemplateOverride]: ...

    async def delete(self, override: TemplateOverride) -> None: ...
