from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.files.ports import DeletesStoredBytes
from domain.images.entities import Image, ImageFilter, ImageOrderField, SpendPart
from domain.images.overlay import OverlayLayout
from domain.jobs.ports import JobsUnitOfWork
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork


class ImageRepository(Protocol):
    async def add(self, image: Image) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Image | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Image]: ...

    async def get_for_update(self, id: uuid.UUID) -> Image | None:
        """An image by id alone, fresh and locked, for the job that generates it to write its state."""
        ...

    async def delete(self, image: Image) -> None: ...

    async def list_after(self, user_id: uuid.UUID, after: Image | None, limit: int) -> list[Image]:
        """Up to `limit` of the user's images in creation order, after `after` (the export reads them so)."""
        ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of `ids`, those the user already has, as an image id or as an import origin."""
        ...

    async def ids_for_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """Of `ids` (archive ids), those the user has → the id of the image (imported from it, or itself)."""
        ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ImageFilter,
        order_by: ImageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Image]: ...

    async def count(self, user_id: uuid.UUID, filter: ImageFilter) -> int: ...

    async def spend(self, user_id: uuid.UUID, start: datetime, end: datetime) -> list[SpendPart]:
        """The owner's succeeded, priced images finished in [start, end), counted and summed by size and quality
        (one aggregate query)."""
        ...


class ImagesUnitOfWork(PromptTemplatesUnitOfWork, JobsUnitOfWork, DeletesStoredBytes, Protocol):
    images: ImageRepository


@dataclass(frozen=True)
class RenderedOverlay:
    """An overlay drawn at the source's full size: the PNG, its gallery thumbnail (a PNG) and its size."""

    png: bytes
    thumbnail: bytes
    width: int
    height: int


@dataclass(frozen=True)
class OverlayPreview:
    """An overlay drawn small, encoded for a data URL."""

    data: bytes
    content_type: str
    width: int
    height: int


class OverlayRenderer(Protocol):
    """Draws a layout's text onto a stored image (infra/overlay.py, Pillow)."""

    async def render(self, source_key: str, layout: OverlayLayout) -> RenderedOverlay:
        """The stored image with the text, at the layout's size (the source's own)."""
        ...

    async def preview(self, source_key: str, layout: OverlayLayout, size: tuple[int, int]) -> OverlayPreview:
        """The same scaled down to `size`, fast: from a downscaled copy of the source it may keep."""
        ...
