from __future__ import annotations

from domain.generation.ports import GenerationRepository
from domain.generation.service import TEMPLATE_GENERATION, GenerationService, TemplateGenerationHandler
from domain.jobs.service import JobService
from domain.prompt_templates.service import PromptTemplateService
from infra.areas.base import Area, JobRegistration
from infra.db import generation as db
from infra.db.uow import Implements

AREA = Area(
    name="generation",
    map_entities=db.map_entities,
    repositories={"generations": Implements[GenerationRepository](db.SqlGenerationRepository)},
    services={
        GenerationService: lambda s: GenerationService(
            s.uow.generations, s.get(PromptTemplateService), s.get(JobService)
        ),
    },
    jobs=(
        JobRegistration(
            TEMPLATE_GENERATION,
            lambda c: TemplateGenerationHandler(uow_factory=c.uow, events=c.events, providers=c.llm),
        ),
    ),
)
