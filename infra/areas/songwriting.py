from __future__ import annotations

from functools import cache

from domain.jobs.service import JobService
from domain.prompt_templates.service import PromptTemplateService
from domain.songwriting.architectures import ArchitectureService
from domain.songwriting.archive import LyricArchitecturesArchive, LyricRulesArchive
from domain.songwriting.describe import SKETCH_DESCRIPTION, SketchDescriber, SketchDescriptionHandler
from domain.songwriting.ports import LyricArchitectureRepository, LyricRuleRepository
from domain.songwriting.rules import LyricRuleService
from domain.songwriting.stats import Dictionaries
from domain.songwriting.tools import LyricsTools
from infra.areas.base import Area, JobRegistration
from infra.db import songwriting as db
from infra.db.uow import Implements
from infra.songwriting import CmuPronunciations, PyphenHyphenation, TimedPatternEngine


@cache
def dictionaries() -> Dictionaries:
    """One per process: the CMU dictionary is read once, at its first look-up."""
    return Dictionaries(english=CmuPronunciations(), german=PyphenHyphenation())


AREA = Area(
    name="songwriting",
    map_entities=db.map_entities,
    repositories={
        "lyric_rules": Implements[LyricRuleRepository](db.SqlLyricRuleRepository),
        "lyric_architectures": Implements[LyricArchitectureRepository](db.SqlLyricArchitectureRepository),
    },
    services={
        LyricRuleService: lambda s: LyricRuleService(s.uow.lyric_rules),
        ArchitectureService: lambda s: ArchitectureService(s.uow.lyric_architectures),
        LyricsTools: lambda s: LyricsTools(
            s.get(LyricRuleService),
            s.get(ArchitectureService),
            TimedPatternEngine(s.container.settings.lyrics_rule_timeout_ms / 1000),
            dictionaries(),
        ),
        SketchDescriber: lambda s: SketchDescriber(s.uow, s.get(JobService)),
    },
    jobs=(
        JobRegistration(
            SKETCH_DESCRIPTION,
            lambda c: SketchDescriptionHandler(
                uow_factory=c.uow, llm=c.llm, templates=c.service_for(PromptTemplateService)
            ),
        ),
    ),
    archive_sections=(LyricRulesArchive(), LyricArchitecturesArchive()),
)
