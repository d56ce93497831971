"""The lyric tools as one service for the API: cleanup with the user's rules, structure with their architectures,
stats with the dictionaries. The text work is plain functions (structure, cleanup, stats); this adds the user's
data and runs the CPU work in a thread, off the event loop."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from domain.common.errors import ErrorCode
from domain.common.validation import Checks
from domain.sketches.service import LYRICS_MAX
from domain.songwriting.architectures import ArchitectureService
from domain.songwriting.cleanup import Cleaned, Finalized, RulePreview, cleanup, finalize, preview_rule
from domain.songwriting.entities import Language, SectionKind
from domain.songwriting.patterns import PatternEngine
from domain.songwriting.rules import LyricRuleService
from domain.songwriting.stats import Dictionaries, LyricsStats, lyrics_stats
from domain.songwriting.structure import Section, Structured, apply_structure, parse, replace_section

TEXT_MAX = LYRICS_MAX  # what a sketch holds


def check_text(text: str, field: str = "text", label: str = "Text") -> None:
    checks = Checks()
    checks.max_length(field, text, TEXT_MAX, label)
    checks.raise_if_any()


def section_at(text: str, index: int | None, field: str = "section") -> tuple[int, Section] | None:
    """Section `index` of the text (lyricsParse's numbering), or None for none asked; out of range is INVALID."""
    if index is None:
        return None
    sections = parse(text)
    if not 0 <= index < len(sections):
        checks = Checks()
        checks.add(field, ErrorCode.INVALID, f"The text has {len(sections)} sections (0 to {len(sections) - 1}).")
        checks.raise_if_any()
    return index, sections[index]


@dataclass
class LyricsTools:
    rules: LyricRuleService
    architectures: ArchitectureService
    engine: PatternEngine
    dictionaries: Dictionaries

    async def cleanup(self, user_id: uuid.UUID, text: str, rule_keys: Sequence[str] | None) -> Cleaned:
        check_text(text)
        rules = await self.rules.for_cleanup(user_id, rule_keys)
        return await asyncio.to_thread(cleanup, text, rules, self.engine)

    async def structure(
        self,
        user_id: uuid.UUID,
        text: str,
        architecture_id: uuid.UUID | None,
        sections: Sequence[SectionKind] | None,
    ) -> tuple[list[SectionKind], Structured]:
        check_text(text)
        planned = await self.architectures.sections_for(user_id, architecture_id, sections)
        return planned, apply_structure(text, planned)

    async def finalize(
        self,
        user_id: uuid.UUID,
        text: str,
        rule_keys: Sequence[str] | None,
        architecture_id: uuid.UUID | None,
        sections: Sequence[SectionKind] | None,
    ) -> tuple[list[SectionKind], Finalized]:
        check_text(text)
        planned = await self.architectures.sections_for(user_id, architecture_id, sections)
        rules = await self.rules.for_cleanup(user_id, rule_keys)
        return planned, await asyncio.to_thread(finalize, text, rules, self.engine, planned)

    async def preview(self, pattern: str, replacement: str, text: str) -> RulePreview:
        """A rule being edited, tried on `text`: nothing is read or stored."""
        check_text(text)
        return await asyncio.to_thread(preview_rule, pattern, replacement, text, self.engine)

    async def stats(self, text: str, language: Language) -> LyricsStats:
        check_text(text)
        return await asyncio.to_thread(lyrics_stats, text, language, self.dictionaries)

    @staticmethod
    def replace(text: str, index: int, lines: str) -> str:
        check_text(text)
        check_text(lines, "lines", "Lines")
        section_at(text, index)
        return replace_section(text, index, lines)
