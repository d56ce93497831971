"""The image job: enhance the prompt (a template, as §4.3 says), compose the styles, have DALL-E draw it once,
and keep the PNG and a thumbnail in our storage.

Never pay twice: the job records that it is calling DALL-E before it does; a job run again after its worker was
lost with that mark ends FAILED `INTERRUPTED` rather than call again."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field

from domain.common.clock import utcnow
from domain.common.errors import DomainError
from domain.common.provider_errors import ProviderError
from domain.files.ports import FileStorage
from domain.generation.service import run_template
from domain.images.entities import Image, ImageResult, ImageStatus
from domain.images.ports import ImagesUnitOfWork
from domain.images.prompt_tools import enhance_action
from domain.images.provider import ImageProvider, ImageRequest
from domain.images.service import PRICES, PriceTable, end_image, price_of
from domain.images.styles import ALBUM_COVER, FRAGMENTS, compose
from domain.jobs.errors import JobCancelled, JobFailed
from domain.jobs.executor import JobContext
from domain.llm.ports import ChatProvider, Provider
from domain.prompt_templates.service import PromptTemplateService

log = logging.getLogger("aiproxy.images")

CALLING = "dalle_calling"  # recorded before DALL-E is asked: a run that finds it may already have been billed
INTERRUPTED_MESSAGE = (
    "The worker stopped while DALL-E was drawing this image; it may have been billed, so it is not asked again. "
    "Generate it anew."
)


def template_for(image: Image) -> str | None:
    """Which image template improves the job's prompt (§4.3's auto rules), or None."""
    return enhance_action(image.composition, image.enhance, any(getattr(image, option) for option in FRAGMENTS))


def image_key(image: Image, suffix: str = "") -> str:
    return f"images/{image.user_id}/{image.id}{suffix}.png"


@dataclass
class ImageGenerationHandler:
    uow_factory: Callable[[], ImagesUnitOfWork]
    provider: ImageProvider
    llm: Mapping[Provider, ChatProvider]
    templates: Callable[[ImagesUnitOfWork], PromptTemplateService]
    storage: FileStorage
    # (width, height, a small PNG of it) of an image's bytes; blocking, run in a thread (infra/images.py, Pillow).
    thumbnail: Callable[[bytes], tuple[int, int, bytes]]
    # What each image is charged (the built-in table, with OPENAI_IMAGE_PRICES's entries).
    prices: PriceTable = field(default_factory=lambda: PRICES)

    async def __call__(self, ctx: JobContext[ImagesUnitOfWork]) -> ImageResult:
        image_id = uuid.UUID(ctx.job.payload["image_id"])
        async with self.uow_factory() as uow:
            image = await uow.images.get(ctx.job.user_id, image_id)
        if image is None:
            raise JobFailed("NOT_FOUND", "The image no longer exists.")
        try:
            if CALLING in ctx.job.external_ids:
                raise JobFailed("INTERRUPTED", INTERRUPTED_MESSAGE)
            await self._mark(image_id, ImageStatus.RUNNING)
            await ctx.progress(0.1, "Enhancing the prompt")
            title, enhanced = await self._enhance(image)
            final = compose(enhanced or image.user_prompt, {o: getattr(image, o) for o in FRAGMENTS})
            await ctx.progress(0.3, "DALL-E is drawing")
            await ctx.record_external_id(CALLING, utcnow().isoformat())
            drawn = await self.provider.generate(
                ImageRequest(prompt=final, model=image.model, size=image.size, quality=image.quality, style=image.style)
            )
        except (asyncio.CancelledError, JobCancelled):
            await self._end(image_id, ImageStatus.CANCELLED)
            raise JobCancelled() from None
        except JobFailed as failure:
            await self._end(image_id, ImageStatus.FAILED, (failure.code, failure.message))
            raise
        except ProviderError as error:
            await self._end(image_id, ImageStatus.FAILED, (error.code.value, error.message))
            raise JobFailed(error.code.value, error.message) from error
        await ctx.progress(0.8, "Storing the image")
        width, height, thumbnail = await asyncio.to_thread(self.thumbnail, drawn.data)
        await self.storage.write(image_key(image), once(drawn.data), drawn.content_type)
        await self.storage.write(image_key(image, "-thumb"), once(thumbnail), "image/png")
        row = await ctx.uow.images.get_for_update(image_id)
        if row is None:
            raise JobFailed("NOT_FOUND", "The image was deleted while it was drawn.")
        row.title = row.title or title
        row.enhanced_prompt = enhanced if enhanced and enhanced != image.user_prompt else None
        row.final_prompt, row.revised_prompt = final, drawn.revised_prompt
        row.storage_key, row.thumbnail_key = image_key(image), image_key(image, "-thumb")
        row.width, row.height = width, height
        row.cost_usd = price_of(row, self.prices)
        end_image(row, ImageStatus.SUCCEEDED)
        return ImageResult(image_id=str(image_id), cost_usd=str(row.cost_usd) if row.cost_usd is not None else None)

    async def _enhance(self, image: Image) -> tuple[str | None, str | None]:
        """(a title for an untitled cover, the enhanced prompt); a template that fails leaves the user's prompt."""
        action = template_for(image)
        title = enhanced = None
        async with self.uow_factory() as uow:
            templates = self.templates(uow)
            if action is not None:
                enhanced = await self._run(templates, image, "image", action, image.user_prompt)
            if image.composition == ALBUM_COVER and not image.title:
                title = await self._run(templates, image, "titel", "generate", image.user_prompt)
        return (title[:255] if title else None), enhanced

    async def _run(
        self, templates: PromptTemplateService, image: Image, category: str, action: str, text: str
    ) -> str | None:
        try:
            return await run_template(templates, self.llm, image.user_id, category, action, text) or None
        except (DomainError, ProviderError) as error:
            log.warning("image template %s/%s not used: %s", category, action, error, extra={"image_id": str(image.id)})
            return None

    async def _mark(self, image_id: uuid.UUID, status: ImageStatus) -> None:
        async with self.uow_factory() as uow:
            image = await uow.images.get_for_update(image_id)
            if image is None or image.status.is_final:
                return
            image.status, image.updated_at = status, utcnow()
            await uow.commit()

    async def _end(self, image_id: uuid.UUID, status: ImageStatus, error: tuple[str, str] | None = None) -> None:
        async with self.uow_factory() as uow:
            image = await uow.images.get_for_update(image_id)
            if image is None or image.status.is_final:
                return
            end_image(image, status, error)
            await uow.commit()


async def once(data: bytes) -> AsyncIterator[bytes]:
    """Bytes already in memory as the chunks storage writes take."""
    yield data
