from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Self

import strawberry

from api.context import Context, Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.common import BulkDeleteResult, Node, UserError
from api.schema.files import signed_url
from api.schema.jobs import Job, JobResult, jobs_by_id
from domain.common.months import Month
from domain.common.pagination import SortDirection
from domain.images import entities as domain
from domain.images.entities import EnhanceMode, ImageOrderField, ImageStatus
from domain.images.overlay import GridPosition, OverlayFont, overlay_from_record
from domain.images.overlay import OverlayPosition as PositionSettings
from domain.images.overlay import OverlaySettings as Settings
from domain.images.overlay_service import PREVIEW_MAX, PREVIEW_MIN, PREVIEW_WIDTH
from domain.images.prompt_tools import ImagePromptTool
from domain.images.provider import ImageQuality, ImageSize, ImageStyle
from domain.images.service import ImageService

strawberry.enum(ImageStatus, name="ImageStatus")
strawberry.enum(ImageOrderField, name="ImageOrderField")
strawberry.enum(EnhanceMode, name="EnhanceMode", description="How the prompt is improved before DALL-E draws it.")
strawberry.enum(ImageSize, name="ImageSize")
strawberry.enum(ImageQuality, name="ImageQuality")
strawberry.enum(ImageStyle, name="ImageStyle")
strawberry.enum(ImagePromptTool, name="ImagePromptTool", description="A prompt tool of the image generator.")
strawberry.enum(
    OverlayFont,
    name="OverlayFont",
    description="The overlay's typefaces: BOLD (Anton), ELEGANT (Playfair Display), LIGHT (Roboto Light).",
)
strawberry.enum(
    GridPosition,
    name="OverlayGridPosition",
    description="Nine places at 10 %, 50 % and 90 % of the width and the height: at 10 % the text starts there, "
    "at 90 % it ends there, at 50 % it is centred.",
)

images_by_id = owned_by_id(lambda uow: uow.images)
_UNSAFE = re.compile(r"[^\w\- ]+")


def download_name(title: str | None, suffix: str = "") -> str:
    """A file name from the title: letters, digits, spaces, _ and - only."""
    base = _UNSAFE.sub("", title or "").strip()[:80] or "image"
    return f"{base}{suffix}.png"


@strawberry.type(description="An image's error: the provider's or ours, with a code clients can act on.")
class ImageError:
    code: str
    message: str


@strawberry.type(description="An image DALL-E drew for the viewer, kept in our storage.")
class Image(Node):
    type_name: ClassVar[str] = "Image"
    title: str | None
    tags: list[str]
    user_prompt: str = strawberry.field(description="What the user wrote.")
    enhanced_prompt: str | None = strawberry.field(description="The template's rewrite, when it changed anything.")
    final_prompt: str | None = strawberry.field(description="What DALL-E was sent: the prompt and the styles.")
    revised_prompt: str | None = strawberry.field(description="What DALL-E says it drew from.")
    size: ImageSize
    quality: ImageQuality
    style: ImageStyle
    artistic_style: str | None
    composition: str | None
    lighting: str | None
    color_palette: str | None
    detail_level: str | None
    enhance: EnhanceMode
    model: str
    status: ImageStatus
    width: int | None
    height: int | None
    cost: Decimal | None = strawberry.field(description="What OpenAI charges for it, in US$ (its price table).")
    error: ImageError | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    _entity: strawberry.Private[domain.Image]

    @strawberry.field(description="A signed URL of the PNG (expires); null until it is stored.")
    async def url(self, info: Info) -> str | None:
        return await signed_url(info, self._entity.storage_key, download_name(self.title))

    @strawberry.field(description="A signed URL of a small PNG (at most 256 px on its longer side).")
    async def thumbnail_url(self, info: Info) -> str | None:
        return await signed_url(info, self._entity.thumbnail_key, download_name(self.title, "-thumb"))

    @strawberry.field(description="The text overlay this image was made with; null for images DALL-E drew.")
    def overlay(self) -> ImageOverlay | None:
        record = self._entity.overlay
        return ImageOverlay.from_settings(overlay_from_record(record)) if record else None

    @strawberry.field(description="The image this overlay was drawn on; null for drawn images or once it is deleted.")
    async def source(self, info: Info) -> Image | None:
        if self._entity.source_id is None:
            return None
        image = await info.context.loaders(images_by_id).load(self._entity.source_id)
        return Image.from_entity(image) if image else None

    @strawberry.field(description="The generation job: its progress streams through `jobProgress`.")
    async def job(self, info: Info) -> Job | None:
        if self._entity.job_id is None:
            return None
        job = await info.context.loaders(jobs_by_id).load(self._entity.job_id)
        return Job.from_entity(job) if job else None

    @classmethod
    def from_entity(cls, i: domain.Image) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Image", i.id)),
            title=i.title,
            tags=i.tags,
            user_prompt=i.user_prompt,
            enhanced_prompt=i.enhanced_prompt,
            final_prompt=i.final_prompt,
            revised_prompt=i.revised_prompt,
            size=i.size,
            quality=i.quality,
            style=i.style,
            artistic_style=i.artistic_style,
            composition=i.composition,
            lighting=i.lighting,
            color_palette=i.color_palette,
            detail_level=i.detail_level,
            enhance=i.enhance,
            model=i.model,
            status=i.status,
            width=i.width,
            height=i.height,
            cost=i.cost_usd,
            error=ImageError(code=i.error_code, message=i.error_message or "") if i.error_code else None,
            created_at=i.created_at,
            updated_at=i.updated_at,
            completed_at=i.completed_at,
            _entity=i,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        image = await info.context.loaders(images_by_id).load(uuid.UUID(key))
        return cls.from_entity(image) if image else None


@strawberry.type(description="Where a line of an overlay goes.")
class OverlayPosition:
    grid: GridPosition | None = strawberry.field(description="The grid position, when one was chosen.")
    x: float = strawberry.field(description="A share of the width (of the grid position's, when there is one).")
    y: float = strawberry.field(description="A share of the height.")

    @classmethod
    def from_settings(cls, position: PositionSettings) -> Self:
        x, y = position.point
        return cls(grid=position.grid, x=x, y=y)


@strawberry.type(description="The text overlay an image was made with (`imageOverlayCreate`'s settings, cleaned).")
class ImageOverlay:
    title: str
    artist: str | None
    font: OverlayFont
    title_position: OverlayPosition
    title_size: float = strawberry.field(description="Below 1: a share of the height; from 1: source pixels.")
    title_color: str
    title_outline_color: str
    artist_position: OverlayPosition | None = strawberry.field(description="Null: below the title.")
    artist_size: float
    artist_color: str | None = strawberry.field(description="Null: the title's.")
    artist_outline_color: str | None = strawberry.field(description="Null: the title's.")
    artist_font: OverlayFont | None = strawberry.field(description="Null: the title's.")

    @classmethod
    def from_settings(cls, s: Settings) -> Self:
        artist_position = s.artist_position
        return cls(
            title=s.title,
            artist=s.artist,
            font=s.font,
            title_position=OverlayPosition.from_settings(
                s.title_position or PositionSettings(grid=GridPosition.CENTER)
            ),
            title_size=s.title_size,
            title_color=s.title_color,
            title_outline_color=s.title_outline_color,
            artist_position=OverlayPosition.from_settings(artist_position) if artist_position else None,
            artist_size=s.artist_size,
            artist_color=s.artist_color,
            artist_outline_color=s.artist_outline_color,
            artist_font=s.artist_font,
        )


@strawberry.type(description="What an IMAGE_GENERATION job produced.")
class ImageGenerationResult(JobResult):
    cost: Decimal | None
    _image_id: strawberry.Private[str]

    @strawberry.field
    async def image(self, info: Info) -> Image | None:
        image = await info.context.loaders(images_by_id).load(uuid.UUID(self._image_id))
        return Image.from_entity(image) if image else None

    @classmethod
    def from_result(cls, r: domain.ImageResult) -> Self:
        cost = Decimal(r.cost_usd) if r.cost_usd is not None else None
        summary = f"Drew the image (US${cost})." if cost is not None else "Drew the image."
        return cls(summary=summary, cost=cost, _image_id=r.image_id)


@strawberry.input
class ImageFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive text in title or prompts.")
    composition: str | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Images that carry every one of these tags.")
    has_overlay: bool | None = strawberry.field(
        default=None, description="true: only images made with a text overlay; false: only images DALL-E drew."
    )


@strawberry.input(description="The order of images.")
class ImageOrder:
    field: ImageOrderField = strawberry.field(
        default=ImageOrderField.CREATED_AT, description="CREATED_AT: the default."
    )
    direction: SortDirection = SortDirection.DESC


@strawberry.input(
    description="A new image. Style options take `auto` or a value of their list (`imageStyleOptions`); an "
    "`album-cover` composition is square and written by the cover template, and an untitled cover gets a title."
)
class ImageCreateInput:
    prompt: str = strawberry.field(description="At most 2500 characters.")
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


@strawberry.input(description="Fields left out stay as they are; null clears the title or the tags.")
class ImageUpdateInput:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET


@strawberry.input(
    description="Where a line of text goes: a grid position, or x and y (shares of the width and the height, 0 to "
    "1; clamped). Placed as the grid places: the text starts at x = 0.1, is centred at 0.5 and ends at 0.9."
)
class OverlayPositionInput:
    grid: GridPosition | None = None
    x: float | None = None
    y: float | None = None

    def to_settings(self) -> PositionSettings:
        return PositionSettings(grid=self.grid, x=self.x, y=self.y)


@strawberry.input(
    description="A title (in capitals) and optionally an artist (`BY ARTIST`) written onto an image. Sizes below 1 "
    "are a share of the image's height, from 1 pixels of the image (at most 1000); colours are hex, with or "
    "without '#'. The artist's colours and font default to the title's, and without a position the artist goes "
    "below the title."
)
class ImageOverlayInput:
    image_id: strawberry.ID = strawberry.field(description="A drawn image (SUCCEEDED) of the viewer's.")
    title: str = strawberry.field(description="At most 200 characters.")
    artist: str | None = strawberry.field(default=None, description="At most 200 characters.")
    font: OverlayFont = OverlayFont.BOLD
    title_position: OverlayPositionInput | None = strawberry.field(default=None, description="Null: the centre.")
    title_size: float = 0.08
    title_color: str = "#FFFFFF"
    title_outline_color: str = "#000000"
    artist_position: OverlayPositionInput | None = strawberry.field(default=None, description="Null: below the title.")
    artist_size: float = 0.05
    artist_color: str | None = None
    artist_outline_color: str | None = None
    artist_font: OverlayFont | None = None


@strawberry.input(description="An overlay's settings and the width of its preview.")
class ImageOverlayPreviewInput(ImageOverlayInput):
    width: int = strawberry.field(
        default=PREVIEW_WIDTH,
        description=f"In pixels, {PREVIEW_MIN} to {PREVIEW_MAX}; never wider than the image. The height follows.",
    )


@strawberry.input
class ImageIdInput:
    id: strawberry.ID


@strawberry.input
class ImageBulkDeleteInput:
    ids: list[strawberry.ID] = strawberry.field(description="At most 100.")


@strawberry.type
class ImagePayload:
    image: Image | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="An overlay drawn small, the same as imageOverlayCreate's image scaled down.")
class ImageOverlayPreview:
    data_url: str = strawberry.field(description="A `data:image/jpeg;base64,…` URL.")
    width: int
    height: int


@strawberry.type
class ImageOverlayPreviewPayload:
    preview: ImageOverlayPreview | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ImageCreatePayload:
    image: Image | None = None
    job: Job | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ImageDeletePayload:
    deleted_image_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ImageBulkDeletePayload:
    results: list[BulkDeleteResult] | None = strawberry.field(default=None, description="One per id, in order.")
    deleted_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A style option and the values it takes besides `auto`.")
class ImageStyleOption:
    name: str
    values: list[str]


@strawberry.type(description="The images of one size and quality among a month's spend.")
class ImageSpendPart:
    size: ImageSize
    quality: ImageQuality
    images: int
    total: Decimal = strawberry.field(description="US$.")


@strawberry.type(
    description="What the viewer's own images cost in one month (UTC), at the price each was charged when it was "
    "drawn (the price table, OPENAI_IMAGE_PRICES): images that succeeded, counted in the month they were finished."
)
class ImageSpend:
    month: str = strawberry.field(description="`YYYY-MM`.")
    images: int
    total: Decimal = strawberry.field(description="US$.")
    by_size_and_quality: list[ImageSpendPart] = strawberry.field(
        description="The same split by size and quality (at most one entry each: a short list, not a connection)."
    )

    @classmethod
    def from_spend(cls, spend: domain.ImageSpend) -> Self:
        return cls(
            month=str(spend.month),
            images=spend.images,
            total=spend.total,
            by_size_and_quality=[
                ImageSpendPart(size=p.size, quality=p.quality, images=p.images, total=p.total) for p in spend.parts
            ],
        )


async def image_spends(context: Context, keys: list[tuple[uuid.UUID, Month | None]]) -> list[ImageSpend]:
    """Each (owner, month)'s spend: one aggregate query per distinct key (a user reads their own)."""

    async def spend(user_id: uuid.UUID, month: Month | None) -> ImageSpend:
        found = await context.read(ImageService, lambda service: service.spend(user_id, month))
        return ImageSpend.from_spend(found)

    return [await spend(user_id, month) for user_id, month in keys]


@strawberry.input(
    description="A prompt tool run on a text: ENHANCE rewrites it for DALL-E (image/enhance, or image/enhance-fast "
    "with enhance: FAST, or image/enhance-cover for an `album-cover` composition), TRANSLATE puts it in English "
    "(image/translate), INTERPRET_LYRICS turns lyrics into a picture (image/interpret-lyric), TITLE names it "
    "(titel/generate)."
)
class ImagePromptToolInput:
    tool: ImagePromptTool
    text: str = strawberry.field(description="The prompt or lyrics; at most 10000 characters.")
    composition: str | None = None
    enhance: EnhanceMode = EnhanceMode.AUTO
    user_instructions: str | None = None
    wait: bool = strawberry.field(
        default=False, description="Answer only when the text is complete; else follow it with generationStream."
    )
