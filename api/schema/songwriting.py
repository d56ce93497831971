"""Songwriting's GraphQL types: lyric rules, architectures, the lyric tools' results, sketch descriptions."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Self

import strawberry

from api.context import Context, Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.common import Node, UserError
from api.schema.jobs import Job, JobResult
from api.schema.sketches import Sketch, sketches_by_id
from domain.common.pagination import SortDirection
from domain.songwriting import entities as domain
from domain.songwriting.assist import LyricsTool, MusicStyleTool, Voice
from domain.songwriting.cleanup import Change, Cleaned, RuleFailure, RulePreview
from domain.songwriting.describe import SketchDescriptionResult as DescriptionResult
from domain.songwriting.patterns import PatternMatch
from domain.songwriting.rules import LyricRuleService
from domain.songwriting.stats import LineStats, LyricsStats, SectionStats
from domain.songwriting.structure import Section, Structured, architecture_labels, architecture_text

strawberry.enum(domain.RuleKind, name="LyricRuleKind")
strawberry.enum(domain.SectionKind, name="LyricSectionKind")
strawberry.enum(domain.Language, name="LyricsLanguage")
strawberry.enum(domain.ArchitectureOrderField, name="LyricArchitectureOrderField")
strawberry.enum(LyricsTool, name="LyricsTool")
strawberry.enum(MusicStyleTool, name="MusicStyleTool")
strawberry.enum(Voice, name="Voice")

architectures_by_id = owned_by_id(lambda uow: uow.lyric_architectures)


async def rules_by_key(context: Context, keys: list[str]) -> list[domain.LyricRule | None]:
    """The viewer's rules by key, all read at once (`nodes` of many rules reads them once)."""
    viewer = await context.viewer()
    if viewer is None:
        return [None] * len(keys)
    found = {r.key: r for r in await context.read(LyricRuleService, lambda s: s.rules(viewer.id))}
    return [found.get(key) for key in keys]


REPLACEMENT_SYNTAX = (
    "A Python re.sub template, stored and returned byte for byte: groups as \\1, \\g<1>, \\g<name> or $1, "
    "$<name>; the whole match as \\g<0> or $&; $$ is one $; \\n and a real line break are a line break; \\\\ is one "
    "backslash. At most 500 characters."
)
PATTERN_SYNTAX = (
    "A Python regular expression, run with MULTILINE (^ and $ match at each line); at most 500 characters. One "
    "that does not compile is refused with the position where it fails."
)


@strawberry.type(description="A lyric parsing rule: a shipped one with your changes, or one of your own.")
class LyricRule(Node):
    type_name: ClassVar[str] = "LyricRule"
    key: str = strawberry.field(description="A shipped rule's name in code (`remove-trailing-spaces`); yours: an id.")
    name: str
    description: str | None
    pattern: str = strawberry.field(description=PATTERN_SYNTAX)
    replacement: str = strawberry.field(description=REPLACEMENT_SYNTAX)
    kind: domain.RuleKind
    active: bool
    position: int = strawberry.field(description="0-based place in your order; rules run in this order.")
    is_default: bool = strawberry.field(description="Ships with aiproxy, so it can be reset.")
    is_modified: bool = strawberry.field(description="Differs from what ships (or is your own).")
    updated_at: datetime | None

    @classmethod
    def from_entity(cls, r: domain.LyricRule) -> Self:
        return cls(
            id=strawberry.ID(encode_id("LyricRule", r.key)),
            key=r.key,
            name=r.name,
            description=r.description,
            pattern=r.pattern,
            replacement=r.replacement,
            kind=r.kind,
            active=r.active,
            position=r.position,
            is_default=r.is_default,
            is_modified=r.is_modified,
            updated_at=r.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        rule = await info.context.loaders(rules_by_key).load(key)
        return cls.from_entity(rule) if rule else None


@strawberry.type(description="A song's planned sections (verses numbered in order).")
class LyricStructure:
    sections: list[domain.SectionKind]
    labels: list[str] = strawberry.field(description="As lyricsApplyStructure writes them: VERSE1, CHORUS, VERSE2 …")
    text: str = strawberry.field(description="`VERSE1 - CHORUS - VERSE2 - CHORUS`, as lyrics/generate is told.")

    @classmethod
    def of(cls, sections: list[domain.SectionKind]) -> Self:
        return cls(sections=sections, labels=architecture_labels(sections), text=architecture_text(sections))


@strawberry.type(description="A song architecture you saved.")
class LyricArchitecture(Node):
    type_name: ClassVar[str] = "LyricArchitecture"
    name: str
    sections: list[domain.SectionKind]
    labels: list[str]
    text: str
    is_default: bool = strawberry.field(description="Used by the lyric tools when none is named.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_entity(cls, a: domain.LyricArchitecture) -> Self:
        return cls(
            id=strawberry.ID(encode_id("LyricArchitecture", a.id)),
            name=a.name,
            sections=list(a.sections),
            labels=architecture_labels(a.sections),
            text=architecture_text(a.sections),
            is_default=a.is_default,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        found = await info.context.loaders(architectures_by_id).load(uuid.UUID(key))
        return cls.from_entity(found) if found else None


@strawberry.type(description="Your default architecture, or the shipped VERSE1 - CHORUS - VERSE2 - CHORUS.")
class LyricArchitectureDefault:
    architecture: LyricArchitecture | None = strawberry.field(description="Null: none is marked; the shipped one.")
    structure: LyricStructure


@strawberry.type(description="One section of lyrics, as lyricsParse reads it.")
class LyricSection:
    label: str | None = strawberry.field(description="As written, without markup; null for unlabelled text.")
    kind: domain.SectionKind | None
    number: int | None = strawberry.field(description="Written (Verse 2), or for verses their order.")
    lines: list[str] = strawberry.field(description='The sung lines; blank lines inside kept as "".')
    start_line: int = strawberry.field(description="1-based line of its label (or first line) in the text.")
    end_line: int

    @classmethod
    def of(cls, s: Section) -> Self:
        return cls(
            label=s.label,
            kind=s.kind,
            number=s.number,
            lines=s.lines,
            start_line=s.start_line,
            end_line=s.end_line,
        )


@strawberry.type(description="Lyrics with an architecture's labels written onto their sections, one to one.")
class LyricsStructured:
    text: str
    structure: LyricStructure = strawberry.field(description="The architecture that was applied.")
    unlabelled_count: int = strawberry.field(description="Sections of the text beyond the architecture's, unlabelled.")
    unused_labels: list[str] = strawberry.field(description="The architecture's labels beyond the text's sections.")

    @classmethod
    def of(cls, sections: list[domain.SectionKind], s: Structured) -> Self:
        return cls(
            text=s.text, structure=LyricStructure.of(sections), unlabelled_count=s.unlabelled, unused_labels=s.unused
        )


@strawberry.type(description="What one rule changed, for a diff.")
class LyricChange:
    rule: LyricRule
    line: int = strawberry.field(description="1-based, in the text as it was when the rule ran.")
    before: str = strawberry.field(description="The line(s) before, joined by \\n (empty where lines were added).")
    after: str

    @classmethod
    def of(cls, c: Change) -> Self:
        return cls(rule=LyricRule.from_entity(c.rule), line=c.line, before=c.before, after=c.after)


@strawberry.type(description="A rule that could not run on this text (it ran out of time): it changed nothing.")
class LyricRuleFailure:
    rule: LyricRule
    message: str

    @classmethod
    def of(cls, f: RuleFailure) -> Self:
        return cls(rule=LyricRule.from_entity(f.rule), message=f.message)


@strawberry.type(description="Where a rule being previewed matched.")
class LyricRuleMatch:
    start: int = strawberry.field(
        description="Characters (Unicode code points, not UTF-16 units) before the match, in the text sent with "
        "its line breaks as \\n."
    )
    end: int = strawberry.field(description="Where the match ends (exclusive), counted as `start` is.")
    line: int = strawberry.field(description="1-based line of the text the match starts on.")
    text: str = strawberry.field(description="What matched (may be empty, or span lines).")
    replacement: str = strawberry.field(description="What the replacement makes of this match.")


@strawberry.type(description="A rule as it is being edited, tried on a text: nothing is stored.")
class LyricRulePreview:
    text: str | None = strawberry.field(default=None, description="The text after the rule; null with userErrors.")
    matches: list[LyricRuleMatch] = strawberry.field(
        default_factory=list, description="In order; the first 1000 (matchCount has them all)."
    )
    match_count: int = 0
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why the rule cannot run: a pattern that does not compile (where it fails), a replacement naming "
        "a group the pattern lacks, a pattern that runs out of time on the text, a text too long.",
    )

    @classmethod
    def of(cls, text: str, p: RulePreview) -> Self:
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")

        def match(m: PatternMatch) -> LyricRuleMatch:
            line = normalised.count("\n", 0, m.start) + 1
            return LyricRuleMatch(start=m.start, end=m.end, line=line, text=m.text, replacement=m.replacement)

        return cls(text=p.text, matches=[match(m) for m in p.matches], match_count=p.match_count)


@strawberry.type(description="Lyrics after your rules, and what each changed.")
class LyricsCleanup:
    text: str
    changes: list[LyricChange]
    failures: list[LyricRuleFailure]

    @classmethod
    def of(cls, c: Cleaned) -> Self:
        return cls(
            text=c.text,
            changes=[LyricChange.of(x) for x in c.changes],
            failures=[LyricRuleFailure.of(x) for x in c.failures],
        )


@strawberry.type(description="Cleanup, then structure.")
class LyricsFinalized:
    text: str
    cleanup: LyricsCleanup
    structured: LyricsStructured


@strawberry.type(description="One line of the text: its syllables and the rhyme key of its last word.")
class LyricLineStats:
    line: int = strawberry.field(description="1-based line of the text.")
    text: str
    section: int | None = strawberry.field(description="Its section's index (lyricsParse); null between sections.")
    is_label: bool
    syllables: int = strawberry.field(description="0 for labels and blank lines.")
    rhyme_key: str | None = strawberry.field(description="Lines with the same key rhyme; null without words.")
    letter: str | None = strawberry.field(description="Its letter in the section's rhyme scheme.")
    estimated_words: list[str] = strawberry.field(description="Words not in the dictionary, estimated.")

    @classmethod
    def of(cls, s: LineStats) -> Self:
        return cls(
            line=s.line,
            text=s.text,
            section=s.section,
            is_label=s.is_label,
            syllables=s.syllables,
            rhyme_key=s.rhyme_key,
            letter=s.letter,
            estimated_words=s.estimated,
        )


@strawberry.type
class LyricSectionStats:
    index: int
    label: str | None
    scheme: str = strawberry.field(description='A letter per sung line: AABB, ABAB … ("-" for a line without words).')
    syllables: list[int] = strawberry.field(description="Per sung line.")

    @classmethod
    def of(cls, s: SectionStats) -> Self:
        return cls(index=s.index, label=s.label, scheme=s.scheme, syllables=s.syllables)


@strawberry.type(description="Syllables and rhymes of lyrics (English: CMU dictionary; German: hyphenation).")
class LyricsStatsResult:
    language: domain.Language
    lines: list[LyricLineStats]
    sections: list[LyricSectionStats]

    @classmethod
    def of(cls, s: LyricsStats) -> Self:
        return cls(
            language=s.language,
            lines=[LyricLineStats.of(x) for x in s.lines],
            sections=[LyricSectionStats.of(x) for x in s.sections],
        )


@strawberry.type(description="The music style prompt editor's chooser lists.")
class MusicStyleOptions:
    styles: list[str]
    themes: list[str]
    instruments: list[str] = strawberry.field(description="male-voice and female-voice set enhance-suno's voice.")
    use_cases: list[str] = strawberry.field(description="Tags for sketches.")


@strawberry.type(description="What a SKETCH_DESCRIPTION job produced.")
class SketchDescriptionResult(JobResult):
    tags: int
    _sketch_id: strawberry.Private[str]

    @strawberry.field(description="The sketch with its descriptions and tags written.")
    async def sketch(self, info: Info) -> Sketch | None:
        found = await info.context.loaders(sketches_by_id).load(uuid.UUID(self._sketch_id))
        return Sketch.from_entity(found) if found else None

    @classmethod
    def from_result(cls, r: DescriptionResult) -> Self:
        return cls(summary=f"Described the sketch ({r.tags} tags).", tags=r.tags, _sketch_id=r.sketch_id)


# --------------------------------------------------------------------------- inputs and payloads


@strawberry.input(description="A rule being edited and a text to try it on.")
class LyricRulePreviewInput:
    pattern: str = strawberry.field(description=PATTERN_SYNTAX)
    replacement: str = strawberry.field(default="", description=REPLACEMENT_SYNTAX)
    text: str = strawberry.field(description="At most 10000 characters.")


@strawberry.input
class LyricRuleFilter:
    kind: domain.RuleKind | None = None
    active_only: bool = False


@strawberry.enum(description="Lyric rules are listed in your order.")
class LyricRuleOrderField(StrEnum):
    POSITION = "POSITION"


@strawberry.input(description="The order of lyric rules: yours (POSITION), the order they run in.")
class LyricRuleOrder:
    field: LyricRuleOrderField = LyricRuleOrderField.POSITION
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class LyricArchitectureFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive text in the name.")


@strawberry.input(description="The order of architectures.")
class LyricArchitectureOrder:
    field: domain.ArchitectureOrderField = strawberry.field(
        default=domain.ArchitectureOrderField.NAME, description="NAME (the default), case-insensitive."
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Which architecture: a saved one, sections given here, or (neither) your default.")
class LyricStructureInput:
    architecture_id: strawberry.ID | None = None
    sections: list[domain.SectionKind] | None = None


@strawberry.input
class LyricRuleCreateInput:
    name: str = strawberry.field(description="At most 100 characters; unique among your rules.")
    pattern: str = strawberry.field(description=PATTERN_SYNTAX)
    replacement: str = strawberry.field(default="", description=REPLACEMENT_SYNTAX)
    kind: domain.RuleKind | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input(description="Fields left out stay as they are. A shipped rule's first edit makes it yours to reset.")
class LyricRuleUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    pattern: str | None = strawberry.UNSET
    replacement: str | None = strawberry.UNSET
    kind: domain.RuleKind | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input
class LyricRuleIdInput:
    id: strawberry.ID


@strawberry.input(description="The rules named come first, in this order; the rest follow in their order.")
class LyricRulesReorderInput:
    ids: list[strawberry.ID]


@strawberry.type
class LyricRulePayload:
    lyric_rule: LyricRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LyricRuleDeletePayload:
    deleted_lyric_rule_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LyricRulesReorderPayload:
    lyric_rules: list[LyricRule] | None = strawberry.field(default=None, description="All your rules, in order.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LyricArchitectureCreateInput:
    name: str
    sections: list[domain.SectionKind] = strawberry.field(
        description="1 to 32 of INTRO, VERSE, PRE_CHORUS, CHORUS, BRIDGE, OUTRO; at most one INTRO and one OUTRO."
    )
    is_default: bool | None = strawberry.UNSET


@strawberry.input(description="Fields left out stay as they are.")
class LyricArchitectureUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    sections: list[domain.SectionKind] | None = strawberry.UNSET
    is_default: bool | None = strawberry.UNSET


@strawberry.input
class LyricArchitectureIdInput:
    id: strawberry.ID


@strawberry.type
class LyricArchitecturePayload:
    lyric_architecture: LyricArchitecture | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LyricArchitectureDeletePayload:
    deleted_lyric_architecture_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


_WAIT = "Answer only when the text is complete; else follow it with generationStream."


@strawberry.input(description="An AI tool on one section of a song (or, to optimise or translate, the whole song).")
class LyricsSectionToolInput:
    tool: LyricsTool
    song: str = strawberry.field(description="The whole song, sent as context; at most 10000 characters.")
    section: int | None = strawberry.field(
        default=None, description="The section's index in lyricsParse(song); null: the whole song."
    )
    lines: int | None = strawberry.field(default=None, description="EXTEND: how many lines to add (1 to 16).")
    user_instructions: str | None = None
    wait: bool = strawberry.field(default=False, description=_WAIT)


@strawberry.input(description="Write lyrics from an idea, in an architecture's sections (lyrics/generate).")
class LyricsGenerateInput:
    text: str = strawberry.field(description="The idea, theme or story; at most 2000 characters.")
    structure: LyricStructureInput | None = None
    user_instructions: str | None = None
    wait: bool = strawberry.field(default=False, description=_WAIT)


@strawberry.input
class MusicStylePromptToolInput:
    tool: MusicStyleTool
    text: str = strawberry.field(description="The style prompt; at most 1024 characters.")
    voice: Voice | None = strawberry.field(
        default=None, description="ENHANCE_SUNO's vocal preference; null: male-voice or female-voice in the text."
    )
    user_instructions: str | None = None
    wait: bool = strawberry.field(default=False, description=_WAIT)


@strawberry.input
class SketchDescribeInput:
    id: strawberry.ID


@strawberry.type
class SketchDescribePayload:
    sketch: Sketch | None = None
    job: Job | None = strawberry.field(default=None, description="Its result is a SketchDescriptionResult.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)
