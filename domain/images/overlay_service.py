"""Text overlays as use cases: a drawn image and the settings become a new image (imageOverlayCreate), or a small
preview of it (imageOverlayPreview). The rules and the layout are in domain/images/overlay.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.owned import owned_or_not_found
from domain.common.validation import Checks
from domain.files.ports import FileStorage
from domain.images.entities import Image, ImageStatus
from domain.images.generation import image_key, once
from domain.images.overlay import OverlaySettings, check_overlay, overlay_layout, overlay_record, preview_size
from domain.images.ports import ImagesUnitOfWork, OverlayPreview, OverlayRenderer

PREVIEW_WIDTH = 512  # the preview's default width, in pixels
PREVIEW_MIN, PREVIEW_MAX = 64, 1024  # and its bounds (never wider than the source: a preview does not enlarge)


@dataclass
class OverlayService:
    uow: ImagesUnitOfWork
    storage: FileStorage
    renderer: OverlayRenderer

    async def create(self, user_id: uuid.UUID, image_id: uuid.UUID, settings: OverlaySettings) -> Image:
        """A new image: the source with the text, stored with its thumbnail, SUCCEEDED at once. It keeps the
        source's prompts, size, model and styles, takes the overlay's title and costs nothing (nothing was billed)."""
        checks = Checks()
        settings = check_overlay(settings, checks)
        checks.raise_if_any()
        source, key, width, height = await self._source(user_id, image_id)
        rendered = await self.renderer.render(key, overlay_layout(settings, width, height))
        now = utcnow()
        image = Image(
            user_id=user_id,
            user_prompt=source.user_prompt,
            created_at=now,
            updated_at=now,
            title=settings.title,
            size=source.size,
            quality=source.quality,
            style=source.style,
            artistic_style=source.artistic_style,
            composition=source.composition,
            lighting=source.lighting,
            color_palette=source.color_palette,
            detail_level=source.detail_level,
            enhance=source.enhance,
            enhanced_prompt=source.enhanced_prompt,
            final_prompt=source.final_prompt,
            revised_prompt=source.revised_prompt,
            model=source.model,
            status=ImageStatus.SUCCEEDED,
            width=rendered.width,
            height=rendered.height,
            completed_at=now,
            overlay=overlay_record(settings),
            source_id=source.id,
        )
        image.storage_key, image.thumbnail_key = image_key(image), image_key(image, "-thumb")
        await self.storage.write(image.storage_key, once(rendered.png), "image/png")
        await self.storage.write(image.thumbnail_key, once(rendered.thumbnail), "image/png")
        await self.uow.images.add(image)
        return image

    async def preview(
        self, user_id: uuid.UUID, image_id: uuid.UUID, settings: OverlaySettings, width: int = PREVIEW_WIDTH
    ) -> OverlayPreview:
        """The same overlay drawn `width` pixels wide (at most the source's width), fast enough to follow a slider."""
        checks = Checks()
        settings = check_overlay(settings, checks)
        checks.between("width", width, PREVIEW_MIN, PREVIEW_MAX, "Width")
        checks.raise_if_any()
        _, key, source_width, source_height = await self._source(user_id, image_id)
        layout = overlay_layout(settings, source_width, source_height)
        return await self.renderer.preview(key, layout, preview_size(source_width, source_height, width))

    async def _source(self, user_id: uuid.UUID, image_id: uuid.UUID) -> tuple[Image, str, int, int]:
        """The caller's drawn image, its stored file and its size; another user's is NOT_FOUND."""
        image = await owned_or_not_found(self.uow.images, user_id, image_id, "Image", "image_id")
        key, width, height = image.storage_key, image.width, image.height
        if image.status is not ImageStatus.SUCCEEDED or key is None or not width or not height:
            raise DomainError.single(
                ErrorCode.CONFLICT, "The image has no picture yet: an overlay needs a drawn image.", "image_id"
            )
        return image, key, width, height
