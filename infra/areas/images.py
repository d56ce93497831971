from __future__ import annotations

from domain.images.archive import ImagesArchive
from domain.images.generation import ImageGenerationHandler
from domain.images.overlay_service import OverlayService
from domain.images.ports import ImageRepository
from domain.images.provider import ImageQuality, ImageSize
from domain.images.service import IMAGE_GENERATION, ImageService, PriceTable, price_table
from domain.jobs.service import JobService
from domain.prompt_templates.service import PromptTemplateService
from infra.areas.base import Area, JobRegistration
from infra.db import images as db
from infra.db.uow import Implements
from infra.images import thumbnail
from infra.settings import Settings


def prices(settings: Settings) -> PriceTable:
    """The price table with OPENAI_IMAGE_PRICES's entries (`model:quality:size`, checked when the settings load)."""
    overrides = {}
    for key, price in settings.openai.image_prices.items():
        model, quality, size = key.split(":")
        overrides[(model.strip(), ImageQuality(quality), ImageSize(size))] = price
    return price_table(overrides)


AREA = Area(
    name="images",
    map_entities=db.map_entities,
    repositories={"images": Implements[ImageRepository](db.SqlImageRepository)},
    services={
        ImageService: lambda s: ImageService(
            s.uow,
            s.get(JobService),
            s.container.storage_deletions,
            s.container.settings.openai.image_model,
        ),
        OverlayService: lambda s: OverlayService(s.uow, s.container.storage, s.container.overlay_renderer),
    },
    jobs=(
        JobRegistration(
            IMAGE_GENERATION,
            lambda c: ImageGenerationHandler(
                uow_factory=c.uow,
                provider=c.image_provider,
                llm=c.llm,
                templates=c.service_for(PromptTemplateService),
                storage=c.storage,
                thumbnail=thumbnail,
                prices=prices(c.settings),
            ),
        ),
    ),
    archive_sections=(ImagesArchive(),),
)
