from __future__ import annotations

from domain.prompt_templates.archive import PromptTemplatesArchive
from domain.prompt_templates.ports import TemplateOverrideRepository
from domain.prompt_templates.service import PromptTemplateService
from infra.areas.base import Area
from infra.db import prompt_templates as db
from infra.db.uow import Implements

AREA = Area(
    name="prompt_templates",
    map_entities=db.map_entities,
    repositories={"prompt_templates": Implements[TemplateOverrideRepository](db.SqlTemplateOverrideRepository)},
    services={PromptTemplateService: lambda s: PromptTemplateService(s.uow.prompt_templates)},
    archive_sections=(PromptTemplatesArchive(),),
)
