from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.common.months import Month
from domain.images.provider import ImageQuality, ImageSize, ImageStyle


class ImageStatus(StrEnum):
    """The image's generation, as its job runs it."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        return self in (ImageStatus.SUCCEEDED, ImageStatus.FAILED, ImageStatus.CANCELLED)


class EnhanceMode(StrEnum):
    """How the prompt is improved before DALL-E draws it (original-system.md §4.3)."""

    AUTO = "AUTO"  # album covers: image/enhance-cover; with a style chosen: none; else as QUALITY
    QUALITY = "QUALITY"  # image/enhance
    FAST = "FAST"  # image/enhance-fast
    OFF = "OFF"


class ImageOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    TITLE = "TITLE"


@dataclass(eq=False)
class Image:
    user_id: uuid.UUID
    user_prompt: str  # what the user wrote
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    size: ImageSize = ImageSize.SQUARE
    quality: ImageQuality = ImageQuality.STANDARD
    style: ImageStyle = ImageStyle.VIVID
    artistic_style: str | None = None
    composition: str | None = None
    lighting: str | None = None
    color_palette: str | None = None
    detail_level: str | None = None
    enhance: EnhanceMode = EnhanceMode.AUTO
    enhanced_prompt: str | None = None  # the template's rewrite, when there was one
    final_prompt: str | None = None  # what was sent: the (enhanced) prompt and the style fragments
    revised_prompt: str | None = None  # what DALL-E 3 says it drew from
    model: str = "dall-e-3"
    status: ImageStatus = ImageStatus.QUEUED
    job_id: uuid.UUID | None = None
    storage_key: str | None = None
    thumbnail_key: str | None = None
    width: int | None = None
    height: int | None = None
    cost_usd: Decimal | None = None
    error_code: str | None = None
    error_message: str | None = None
    completed_at: datetime | None = None
    origin_id: uuid.UUID | None = None
    # A text overlay's settings (domain/images/overlay.py: overlay_record) and the image it was drawn on (None once
    # that is deleted); None for images DALL-E drew.
    overlay: dict[str, Any] | None = None
    source_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ImageFilter:
    search: str | None = None
    composition: str | None = None
    tags: tuple[str, ...] = ()
    has_overlay: bool | None = None  # True: only overlays; False: only drawn images


@dataclass(frozen=True)
class ImageRequest:
    """What imageCreate asks for; style values are the option lists' (None or "auto": none)."""

    prompt: str
    title: str | None = None
    size: ImageSize = ImageSize.SQUARE
    quality: ImageQuality = ImageQuality.STANDARD
    style: ImageStyle = ImageStyle.VIVID
    artistic_style: str | None = None
    composition: str | None = None
    lighting: str | None = None
    color_palette: str | None = None
    detail_level: str | None = None
    enhance: EnhanceMode = EnhanceMode.AUTO


@dataclass(frozen=True)
class ImageResult:
    """What an IMAGE_GENERATION job returns (kept on the job row)."""

    image_id: str
    cost_usd: str | None = None


@dataclass(frozen=True)
class SpendPart:
    """The images of one size and quality among a month's spend."""

    size: ImageSize
    quality: ImageQuality
    images: int
    total: Decimal


@dataclass(frozen=True)
class ImageSpend:
    """What a user's images cost in one month (UTC), by our price table: the images that succeeded and were
    priced, counted by when they were finished."""

    month: Month
    images: int
    total: Decimal
    parts: tuple[SpendPart, ...] = ()
