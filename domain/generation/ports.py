from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.generation.entities import Generation
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork


class GenerationRepository(Protocol):
    async def add(self, generation: Generation) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Generation | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Generation]: ...

    async def get_for_update(self, id: uuid.UUID) -> Generation | None: ...

    async def set_text(self, generation_id: uuid.UUID, text: str) -> None:
        """Write the text so far (a small, frequent update while it streams)."""
        ...


class GenerationUnitOfWork(PromptTemplatesUnitOfWork, Protocol):
    generations: GenerationRepository
