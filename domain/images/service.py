"""Images: a prompt (and style choices) becomes a DALL-E 3 image, as a job, kept in our storage.

The rules of the replaced system (original-system.md §1.6, §4.3) with its quirks fixed: generation is a job,
quality and style reach DALL-E, the gallery's sort sorts, tags are a list, and every image is the user's own."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.common.bulk import delete_each, wanted
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, FieldError
from domain.common.months import Month
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_tags, clean_text
from domain.files.deletions import StorageDeletions
from domain.images.entities import (
    Image,
    ImageFilter,
    ImageOrderField,
    ImageRequest,
    ImageResult,
    ImageSpend,
    ImageStatus,
)
from domain.images.ports import ImagesUnitOfWork
from domain.images.provider import ImageQuality, ImageSize
from domain.images.styles import ALBUM_COVER, FRAGMENTS, chosen
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.service import JobService

PROMPT_MAX = 2500  # what the user writes; the final prompt (after enhancing and styles) stays within DALL-E's 4000
TITLE_MAX = 255
TAGS_MAX = 1000

IMAGE_GENERATION = JobType(JobKind("IMAGE_GENERATION"), ImageResult, "Generate an image with DALL-E 3 (imageCreate).")

PriceTable = Mapping[tuple[str, ImageQuality, ImageSize], Decimal]

# US$ per image by model, quality and size (OpenAI's list prices for dall-e-3); OPENAI_IMAGE_PRICES replaces or adds
# entries (`price_table`).
PRICES: PriceTable = {
    ("dall-e-3", ImageQuality.STANDARD, ImageSize.SQUARE): Decimal("0.040"),
    ("dall-e-3", ImageQuality.STANDARD, ImageSize.LANDSCAPE): Decimal("0.080"),
    ("dall-e-3", ImageQuality.STANDARD, ImageSize.PORTRAIT): Decimal("0.080"),
    ("dall-e-3", ImageQuality.HD, ImageSize.SQUARE): Decimal("0.080"),
    ("dall-e-3", ImageQuality.HD, ImageSize.LANDSCAPE): Decimal("0.120"),
    ("dall-e-3", ImageQuality.HD, ImageSize.PORTRAIT): Decimal("0.120"),
}


def price_table(overrides: PriceTable) -> PriceTable:
    """The built-in prices with these entries replaced or added."""
    return {**PRICES, **overrides}


def price_of(image: Image, prices: PriceTable = PRICES) -> Decimal | None:
    """What OpenAI charges for it; None for a model the table does not know."""
    return prices.get((image.model, image.quality, image.size))


@dataclass(frozen=True)
class ImageFields:
    """What imageUpdate changes. UNSET: leave as it is; None (or blank): no title, no tags."""

    title: str | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET


def check_image_fields(values: dict[str, Any], checks: Checks) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = title = clean_text(values["title"])
        checks.max_length("title", title, TITLE_MAX, "Title")
    if "tags" in values:
        cleaned["tags"] = tags = clean_tags(values["tags"])
        checks.max_length("tags", ", ".join(tags), TAGS_MAX, "Tags (joined)")
    return cleaned


def check_image_request(request: ImageRequest, checks: Checks) -> dict[str, Any]:
    """The cleaned values of a new image (its style options checked against the table)."""
    prompt = clean_text(request.prompt)
    if checks.required("prompt", prompt, "Prompt"):
        checks.max_length("prompt", prompt, PROMPT_MAX, "Prompt")
    values = check_image_fields({"title": request.title}, checks)
    for option, table in FRAGMENTS.items():
        value = chosen(getattr(request, option))
        if value is not None and value not in table:
            checks.add(option, ErrorCode.INVALID, f"Must be auto or one of {', '.join(table)}.")
        values[option] = value
    size = request.size
    if values["composition"] == ALBUM_COVER:
        size = ImageSize.SQUARE  # a cover is square, whatever was asked
    return {
        **values,
        "user_prompt": prompt,
        "size": size,
        "quality": request.quality,
        "style": request.style,
        "enhance": request.enhance,
    }


@dataclass
class ImageService:
    uow: ImagesUnitOfWork
    jobs: JobService
    deletions: StorageDeletions
    model: str = "dall-e-3"

    async def create(self, user_id: uuid.UUID, request: ImageRequest) -> tuple[Image, Job]:
        checks = Checks()
        values = check_image_request(request, checks)
        checks.raise_if_any()
        now = utcnow()
        image = Image(user_id=user_id, created_at=now, updated_at=now, model=self.model, **values)
        # The job first: the image's row names it.
        job = await self.jobs.create(user_id, IMAGE_GENERATION, {"image_id": str(image.id)})
        image.job_id = job.id
        await self.uow.images.add(image)
        return image, job

    async def update(self, user_id: uuid.UUID, image_id: uuid.UUID, changes: ImageFields) -> Image:
        image = await owned_or_not_found(self.uow.images, user_id, image_id, "Image", "id")
        checks = Checks()
        values = check_image_fields(given(changes), checks)
        checks.raise_if_any()
        if "tags" in values and values["tags"] is None:
            values["tags"] = []
        for name, value in values.items():
            setattr(image, name, value)
        if values:
            image.updated_at = utcnow()
        return image

    async def delete(self, user_id: uuid.UUID, image_id: uuid.UUID) -> Image:
        image = await owned_or_not_found(self.uow.images, user_id, image_id, "Image", "id")
        refused = _refusal(image)
        if refused is not None:
            raise DomainError.single(*refused, "id")
        await self._delete(image)
        return image

    async def bulk_delete(self, user_id: uuid.UUID, image_ids: Sequence[uuid.UUID | None]) -> list[FieldError | None]:
        """Each id with its own outcome (see domain/common/bulk.py); images still being drawn are kept."""
        found = await self.uow.images.get_many(user_id, wanted(image_ids))
        return await delete_each(image_ids, found, "Image", _refusal, self._delete)

    async def _delete(self, image: Image) -> None:
        keys = [key for key in (image.storage_key, image.thumbnail_key) if key]
        await self.uow.images.delete(image)
        await self.deletions.after_commit(self.uow, keys)

    async def get(self, user_id: uuid.UUID, image_id: uuid.UUID) -> Image | None:
        return await self.uow.images.get(user_id, image_id)

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ImageFilter,
        order_by: ImageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Image]:
        return await self.uow.images.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: ImageFilter) -> int:
        return await self.uow.images.count(user_id, filter)

    async def spend(self, user_id: uuid.UUID, month: Month | None = None) -> ImageSpend:
        """What the user's images of `month` (None: this month, UTC) cost, by the price each was charged when it
        was drawn."""
        wanted = month or Month.of(utcnow())
        parts = tuple(await self.uow.images.spend(user_id, wanted.start, wanted.end))
        return ImageSpend(
            month=wanted,
            images=sum(part.images for part in parts),
            total=sum((part.total for part in parts), Decimal(0)),
            parts=parts,
        )


def _refusal(image: Image) -> tuple[ErrorCode, str] | None:
    if not image.status.is_final:
        return ErrorCode.CONFLICT, "The image is still being drawn."
    return None


def end_image(image: Image, status: ImageStatus, error: tuple[str, str] | None = None) -> None:
    now = utcnow()
    image.status = status
    image.error_code, image.error_message = error if error else (None, None)
    image.completed_at = image.updated_at = now
