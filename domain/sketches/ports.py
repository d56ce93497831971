from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.uow import UnitOfWork
from domain.sketches.entities import Sketch, SketchFilter, SketchOrderField


class SketchRepository(Protocol):
    async def add(self, sketch: Sketch) -> None: ...

    async def add_all(self, sketches: Sequence[Sketch]) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Sketch | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Sketch]: ...

    async def delete(self, sketch: Sketch) -> None: ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SketchFilter,
        order_by: SketchOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Sketch]: ...

    async def count(self, user_id: uuid.UUID, filter: SketchFilter) -> int: ...

    async def list_after(self, user_id: uuid.UUID, after: Sketch | None, limit: int) -> list[Sketch]:
        """Up to `limit` of the user's sketches in creation order (created_at, then id), those after `after`
        (from the start when None): the export reads all of them a page at a time."""
        ...

    async def ids_for_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """Of `ids` (a sketch's id in an archive), those the user has → the id of their sketch."""
        ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of `ids`, those the user already has, as a sketch id or as an import origin."""
        ...


class SketchesUnitOfWork(UnitOfWork, Protocol):
    sketches: SketchRepository
