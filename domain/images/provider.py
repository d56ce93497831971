"""The image provider port (OpenAI's images API: DALL-E 3), as the images area needs it.

The adapter (`infra/providers/openai_images.py`) turns every answer into these values or a `ProviderError` with the
codes chat uses (INVALID_API_KEY, QUOTA_EXCEEDED, CONTENT_POLICY, RATE_LIMITED, TIMEOUT, PROVIDER_UNAVAILABLE,
BAD_REQUEST); the job around it (enhancing the prompt, storing the PNG, never paying twice) is the domain's."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class ImageSize(StrEnum):
    SQUARE = "1024x1024"
    LANDSCAPE = "1792x1024"
    PORTRAIT = "1024x1792"


class ImageQuality(StrEnum):
    STANDARD = "standard"
    HD = "hd"


class ImageStyle(StrEnum):
    VIVID = "vivid"
    NATURAL = "natural"


@dataclass(frozen=True)
class ImageRequest:
    prompt: str  # the final prompt sent (at most 4000 characters for dall-e-3)
    model: str  # e.g. "dall-e-3"
    size: ImageSize = ImageSize.SQUARE
    quality: ImageQuality = ImageQuality.STANDARD
    style: ImageStyle = ImageStyle.VIVID


@dataclass(frozen=True)
class GeneratedImage:
    data: bytes  # the image file as the provider made it (PNG for dall-e-3), whether it came as b64_json or a URL
    content_type: str  # "image/png"
    revised_prompt: str | None = None  # what DALL-E 3 says it actually drew from


class ImageProvider(Protocol):
    async def generate(self, request: ImageRequest) -> GeneratedImage:
        """One image, billed. Asks for `response_format: b64_json`; a URL answer is downloaded. Never sent again
        once the request may have reached the provider (a timeout after sending, a 5xx other than 503): such
        errors are `transient=False`. Raises ProviderError."""
        ...

    async def aclose(self) -> None: ...
