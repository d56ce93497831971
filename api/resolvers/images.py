"""Images over GraphQL: decode the input, call ImageService, map the result. Nothing else."""

from __future__ import annotations

import base64

import strawberry

from api.context import Info
from api.ids import decode_uuid, node_uuid
from api.resolvers.common import answer, mutate, viewer_list
from api.resolvers.generation import start_generation
from api.schema.common import Connection, bulk_results, command, page_request
from api.schema.generation import GenerationPayload
from api.schema.images import (
    Image,
    ImageBulkDeleteInput,
    ImageBulkDeletePayload,
    ImageCreateInput,
    ImageCreatePayload,
    ImageDeletePayload,
    ImageFilter,
    ImageGenerationResult,
    ImageIdInput,
    ImageOrder,
    ImageOverlayInput,
    ImageOverlayPreview,
    ImageOverlayPreviewInput,
    ImageOverlayPreviewPayload,
    ImagePayload,
    ImagePromptToolInput,
    ImageStyleOption,
    ImageUpdateInput,
)
from api.schema.jobs import Job
from api.schema.part import SchemaPart
from domain.common.errors import FieldError
from domain.images import entities as domain
from domain.images.overlay import OverlaySettings
from domain.images.overlay_service import OverlayService
from domain.images.ports import OverlayPreview
from domain.images.prompt_tools import ImagePromptToolRequest, generation_request
from domain.images.service import IMAGE_GENERATION, ImageFields, ImageService
from domain.images.styles import FRAGMENTS


def _filter(value: ImageFilter | None) -> domain.ImageFilter:
    if value is None:
        return domain.ImageFilter()
    return domain.ImageFilter(
        search=value.search, composition=value.composition, tags=tuple(value.tags or ()), has_overlay=value.has_overlay
    )


def _overlay(input: ImageOverlayInput) -> OverlaySettings:
    positions = {
        name: position.to_settings() if position else None
        for name, position in (("title_position", input.title_position), ("artist_position", input.artist_position))
    }
    return command(OverlaySettings, input, exclude=("image_id", "width"), **positions)


def _preview(preview: OverlayPreview) -> ImageOverlayPreviewPayload:
    data_url = f"data:{preview.content_type};base64,{base64.b64encode(preview.data).decode()}"
    return ImageOverlayPreviewPayload(
        preview=ImageOverlayPreview(data_url=data_url, width=preview.width, height=preview.height)
    )


def _bulk(ids: list[strawberry.ID], outcomes: list[FieldError | None]) -> ImageBulkDeletePayload:
    return ImageBulkDeletePayload(results=bulk_results(ids, outcomes), deleted_count=outcomes.count(None))


@strawberry.type
class ImageQuery:
    @strawberry.field(
        description="The viewer's images, by default newest first (TITLE sorts untitled ones first ascending). "
        "20 a page unless `first`/`last` say otherwise, at most 100."
    )
    async def images(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ImageFilter | None = None,
        order_by: ImageOrder | None = None,
    ) -> Connection[Image]:
        request = page_request(first, after, last, before)
        return await viewer_list(
            info, ImageService, _filter(filter), order_by or ImageOrder(), request, Image.from_entity
        )

    @strawberry.field(
        description="imageOverlayCreate's image drawn small (`width`, 512 by default) as a JPEG data URL, fast "
        "enough to follow a slider; bad settings are userErrors, as there."
    )
    async def image_overlay_preview(self, info: Info, input: ImageOverlayPreviewInput) -> ImageOverlayPreviewPayload:
        return await answer(
            info,
            ImageOverlayPreviewPayload,
            OverlayService,
            lambda s, viewer: s.preview(
                viewer.id, node_uuid(input.image_id, "Image", "image_id"), _overlay(input), input.width
            ),
            _preview,
        )

    @strawberry.field(description="The style options imageCreate takes, each with its values besides `auto`.")
    def image_style_options(self) -> list[ImageStyleOption]:
        return [ImageStyleOption(name=name, values=list(values)) for name, values in FRAGMENTS.items()]


@strawberry.type
class ImageMutation:
    @strawberry.mutation(
        description="Draw an image with DALL-E 3, as a job: the image and its job are returned at once, QUEUED; "
        "follow the job with `jobProgress` (enhancing, drawing, storing). Each image is billed by OpenAI."
    )
    async def image_create(self, info: Info, input: ImageCreateInput) -> ImageCreatePayload:
        return await mutate(
            info,
            ImageCreatePayload,
            lambda s, viewer: s.get(ImageService).create(viewer.id, command(domain.ImageRequest, input)),
            lambda made: ImageCreatePayload(image=Image.from_entity(made[0]), job=Job.from_entity(made[1])),
        )

    @strawberry.mutation(
        description="Run a prompt tool of the image generator (enhance, translate, interpret lyrics, title): a "
        "generation streamed through generationStream, like templateGenerate, with the user's own templates."
    )
    async def image_prompt_tool(self, info: Info, input: ImagePromptToolInput) -> GenerationPayload:
        return await start_generation(
            info, lambda: generation_request(command(ImagePromptToolRequest, input, exclude=("wait",))), input.wait
        )

    @strawberry.mutation(
        description="Write a title and an artist onto a drawn image, as a new image: SUCCEEDED at once, with the "
        "source's prompts, size, model and styles, the overlay's title, the settings (`overlay`) and its `source`; "
        "nothing is billed, so its cost is null."
    )
    async def image_overlay_create(self, info: Info, input: ImageOverlayInput) -> ImagePayload:
        return await mutate(
            info,
            ImagePayload,
            lambda s, viewer: s.get(OverlayService).create(
                viewer.id, node_uuid(input.image_id, "Image", "image_id"), _overlay(input)
            ),
            lambda image: ImagePayload(image=Image.from_entity(image)),
        )

    @strawberry.mutation(description="Rename or tag an image.")
    async def image_update(self, info: Info, input: ImageUpdateInput) -> ImagePayload:
        return await mutate(
            info,
            ImagePayload,
            lambda s, viewer: s.get(ImageService).update(
                viewer.id, node_uuid(input.id, "Image", "id"), command(ImageFields, input, exclude=("id",))
            ),
            lambda image: ImagePayload(image=Image.from_entity(image)),
        )

    @strawberry.mutation(description="Delete an image and its files (not while it is being drawn).")
    async def image_delete(self, info: Info, input: ImageIdInput) -> ImageDeletePayload:
        return await mutate(
            info,
            ImageDeletePayload,
            lambda s, viewer: s.get(ImageService).delete(viewer.id, node_uuid(input.id, "Image", "id")),
            lambda _: ImageDeletePayload(deleted_image_id=input.id),
        )

    @strawberry.mutation(description="Delete up to 100 images; each id gets its own result.")
    async def image_bulk_delete(self, info: Info, input: ImageBulkDeleteInput) -> ImageBulkDeletePayload:
        return await mutate(
            info,
            ImageBulkDeletePayload,
            lambda s, viewer: s.get(ImageService).bulk_delete(viewer.id, [decode_uuid(i, "Image") for i in input.ids]),
            lambda outcomes: _bulk(input.ids, outcomes),
        )


schema = SchemaPart(
    query=ImageQuery,
    mutation=ImageMutation,
    types=(Image, ImageGenerationResult),
    job_results={IMAGE_GENERATION.kind: ImageGenerationResult.from_result},
)
