"""Songwriting over GraphQL: decode, call the area's services, map. The lyric tools are queries (they change
nothing); a business error in one (text too long, an unknown rule) is a BAD_USER_INPUT error."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_id, node_uuid
from api.resolvers.common import mutate, viewer_list
from api.resolvers.generation import start_built_generation, start_generation
from api.schema.common import Connection, command, in_memory_connection, page_request, user_errors
from api.schema.generation import GenerationPayload
from api.schema.jobs import Job
from api.schema.part import SchemaPart
from api.schema.sketches import Sketch
from api.schema.songwriting import (
    LyricArchitecture,
    LyricArchitectureCreateInput,
    LyricArchitectureDefault,
    LyricArchitectureDeletePayload,
    LyricArchitectureFilter,
    LyricArchitectureIdInput,
    LyricArchitectureOrder,
    LyricArchitecturePayload,
    LyricArchitectureUpdateInput,
    LyricRule,
    LyricRuleCreateInput,
    LyricRuleDeletePayload,
    LyricRuleFilter,
    LyricRuleIdInput,
    LyricRuleOrder,
    LyricRulePayload,
    LyricRulePreview,
    LyricRulePreviewInput,
    LyricRulesReorderInput,
    LyricRulesReorderPayload,
    LyricRuleUpdateInput,
    LyricsCleanup,
    LyricSection,
    LyricsFinalized,
    LyricsGenerateInput,
    LyricsSectionToolInput,
    LyricsStatsResult,
    LyricsStructured,
    LyricStructure,
    LyricStructureInput,
    MusicStyleOptions,
    MusicStylePromptToolInput,
    SketchDescribeInput,
    SketchDescribePayload,
    SketchDescriptionResult,
)
from domain.accounts.entities import User
from domain.common.errors import DomainError, not_found
from domain.common.pagination import SortDirection, page_in_memory
from domain.generation.entities import GenerationRequest
from domain.songwriting import entities as domain
from domain.songwriting.architectures import ArchitectureFields, ArchitectureService
from domain.songwriting.assist import (
    MUSIC_STYLE_OPTIONS,
    LyricsToolRequest,
    MusicStyleToolRequest,
    lyrics_generate_request,
    lyrics_tool_request,
    music_style_request,
)
from domain.songwriting.describe import SKETCH_DESCRIPTION, SketchDescriber
from domain.songwriting.rules import LyricRuleService, RuleFields
from domain.songwriting.structure import parse, rebuild_architecture
from domain.songwriting.tools import LyricsTools, check_text
from infra.container import Services

T = TypeVar("T")
Text = Annotated[str, strawberry.argument(description="The lyrics; at most 10000 characters.")]


def rule_key(global_id: str, *field: str) -> str:
    """The key inside a LyricRule id; anything else is not found (a user error on `field`)."""
    decoded = decode_id(global_id)
    if decoded is None or decoded[0] != "LyricRule":
        raise not_found("Lyric rule", *field)
    return decoded[1]


async def answered(action: Callable[[], Awaitable[T]]) -> T:
    """A query's result; its business errors as one BAD_USER_INPUT error saying what was wrong."""
    try:
        return await action()
    except DomainError as error:
        raise ClientError(" ".join(e.message for e in error.errors)) from None


def _rule_keys(ids: list[strawberry.ID] | None) -> list[str] | None:
    return None if ids is None else [rule_key(i, "rule_ids", str(n)) for n, i in enumerate(ids)]


def _architecture(structure: LyricStructureInput | None) -> tuple[uuid.UUID | None, list[domain.SectionKind] | None]:
    if structure is None:
        return None, None
    ident = None
    if structure.architecture_id is not None:
        ident = node_uuid(structure.architecture_id, "LyricArchitecture", "structure", "architecture_id")
    return ident, structure.sections


def _rule(rule: domain.LyricRule) -> LyricRulePayload:
    return LyricRulePayload(lyric_rule=LyricRule.from_entity(rule))


def _architecture_payload(found: domain.LyricArchitecture) -> LyricArchitecturePayload:
    return LyricArchitecturePayload(lyric_architecture=LyricArchitecture.from_entity(found))


@strawberry.type
class SongwritingQuery:
    @strawberry.field(
        description="Your lyric parsing rules in the order they run: the shipped ones with your changes, and your own. "
        "20 a page unless `first`/`last` say otherwise, at most 100."
    )
    async def lyric_rules(
        self,
        info: Info,
        filter: LyricRuleFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: LyricRuleOrder | None = None,
    ) -> Connection[LyricRule]:
        viewer_id = await info.context.viewer_id()
        f = filter or LyricRuleFilter()
        order = order_by or LyricRuleOrder()
        request = page_request(first, after, last, before)
        wanted = domain.RuleFilter(kind=f.kind, active_only=f.active_only)
        items = await info.context.read(LyricRuleService, lambda s: s.rules(viewer_id, wanted))
        if order.direction is SortDirection.DESC:
            items = list(reversed(items))
        page = page_in_memory(items, lambda r: (f"{r.position:06d}", r.key), request, order.direction)
        return in_memory_connection(items, LyricRule.from_entity, page)

    @strawberry.field(
        description="Your saved song architectures, by default by name. 20 a page unless `first`/`last` say "
        "otherwise, at most 100."
    )
    async def lyric_architectures(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: LyricArchitectureFilter | None = None,
        order_by: LyricArchitectureOrder | None = None,
    ) -> Connection[LyricArchitecture]:
        request = page_request(first, after, last, before)
        wanted = domain.ArchitectureFilter(search=filter.search if filter else None)
        order = order_by or LyricArchitectureOrder()
        return await viewer_list(info, ArchitectureService, wanted, order, request, LyricArchitecture.from_entity)

    @strawberry.field(description="The architecture the lyric tools use when none is named.")
    async def lyric_architecture_default(self, info: Info) -> LyricArchitectureDefault:
        viewer_id = await info.context.viewer_id()
        chosen, sections = await info.context.read(ArchitectureService, lambda s: s.default(viewer_id))
        return LyricArchitectureDefault(
            architecture=LyricArchitecture.from_entity(chosen) if chosen else None,
            structure=LyricStructure.of(sections),
        )

    @strawberry.field(
        description="The sections of lyrics: labels as **Verse 1**, [Chorus] or Pre-Chorus: start them; without "
        "labels, each paragraph is one."
    )
    async def lyrics_parse(self, info: Info, text: Text) -> list[LyricSection]:
        await info.context.viewer_id()
        return await answered(lambda: _parsed(text))

    @strawberry.field(
        description="Write an architecture's labels (**VERSE1** …) onto the text's sections one to one: its "
        "paragraphs, or its labelled sections (their labels replaced)."
    )
    async def lyrics_apply_structure(
        self,
        info: Info,
        text: Text,
        structure: LyricStructureInput | None = None,
    ) -> LyricsStructured:
        viewer_id = await info.context.viewer_id()

        async def run() -> LyricsStructured:
            ident, sections = _architecture(structure)
            planned, done = await info.context.read(
                LyricsTools, lambda s: s.structure(viewer_id, text, ident, sections)
            )
            return LyricsStructured.of(planned, done)

        return await answered(run)

    @strawberry.field(description="The architecture the text's labels describe.")
    async def lyrics_rebuild_architecture(self, info: Info, text: Text) -> LyricStructure:
        await info.context.viewer_id()

        async def run() -> LyricStructure:
            check_text(text)
            return LyricStructure.of(rebuild_architecture(text))

        return await answered(run)

    @strawberry.field(
        description="Your rules applied to the text in your order (the active CLEANUP rules, or exactly `ruleIds`), "
        "with what each changed. Nothing is stored."
    )
    async def lyrics_cleanup(
        self, info: Info, text: Text, rule_ids: list[strawberry.ID] | None = None
    ) -> LyricsCleanup:
        viewer_id = await info.context.viewer_id()

        async def run() -> LyricsCleanup:
            keys = _rule_keys(rule_ids)
            return LyricsCleanup.of(await info.context.read(LyricsTools, lambda s: s.cleanup(viewer_id, text, keys)))

        return await answered(run)

    @strawberry.field(description="Cleanup, then structure.")
    async def lyrics_finalize(
        self,
        info: Info,
        text: Text,
        rule_ids: list[strawberry.ID] | None = None,
        structure: LyricStructureInput | None = None,
    ) -> LyricsFinalized:
        viewer_id = await info.context.viewer_id()

        async def run() -> LyricsFinalized:
            keys = _rule_keys(rule_ids)
            ident, sections = _architecture(structure)
            planned, done = await info.context.read(
                LyricsTools, lambda s: s.finalize(viewer_id, text, keys, ident, sections)
            )
            return LyricsFinalized(
                text=done.structured.text,
                cleanup=LyricsCleanup.of(done.cleaned),
                structured=LyricsStructured.of(planned, done.structured),
            )

        return await answered(run)

    @strawberry.field(
        description="A rule as it is being edited (saved or not) tried on a text by the engine cleanup uses: the text "
        "after it and where it matched. A rule that cannot run answers userErrors (a preview is asked for while the "
        "pattern is being typed, so a broken one is expected, not a fault)."
    )
    async def lyric_rule_preview(self, info: Info, input: LyricRulePreviewInput) -> LyricRulePreview:
        await info.context.viewer_id()
        try:
            done = await info.context.read(
                LyricsTools, lambda s: s.preview(input.pattern, input.replacement, input.text)
            )
        except DomainError as error:
            return LyricRulePreview(user_errors=user_errors(error))
        return LyricRulePreview.of(input.text, done)

    @strawberry.field(description="Syllables per line, rhyme keys and each section's rhyme scheme.")
    async def lyrics_stats(
        self,
        info: Info,
        text: Text,
        language: domain.Language = domain.Language.EN,
    ) -> LyricsStatsResult:
        await info.context.viewer_id()

        async def run() -> LyricsStatsResult:
            return LyricsStatsResult.of(await info.context.read(LyricsTools, lambda s: s.stats(text, language)))

        return await answered(run)

    @strawberry.field(
        description="The text with one section's sung lines replaced (its label and every other line kept byte for "
        "byte): how a section tool's result is applied."
    )
    async def lyrics_replace_section(
        self,
        info: Info,
        section: int,
        lines: str,
        text: Text,
    ) -> str:
        await info.context.viewer_id()

        async def run() -> str:
            return LyricsTools.replace(text, section, lines)

        return await answered(run)

    @strawberry.field(description="The music style chooser's lists (§11): styles, themes, instruments, use cases.")
    async def music_style_options(self, info: Info) -> MusicStyleOptions:
        await info.context.viewer_id()
        return MusicStyleOptions(**{name: list(values) for name, values in MUSIC_STYLE_OPTIONS.items()})


async def _parsed(text: str) -> list[LyricSection]:
    check_text(text)
    return [LyricSection.of(s) for s in parse(text)]


@strawberry.type
class SongwritingMutation:
    @strawberry.mutation(description="Add a rule of your own; it runs after the others until you reorder.")
    async def lyric_rule_create(self, info: Info, input: LyricRuleCreateInput) -> LyricRulePayload:
        return await mutate(
            info,
            LyricRulePayload,
            lambda s, viewer: s.get(LyricRuleService).create(viewer.id, command(RuleFields, input)),
            _rule,
        )

    @strawberry.mutation(description="Change a rule; a shipped rule's first change copies it into your rules.")
    async def lyric_rule_update(self, info: Info, input: LyricRuleUpdateInput) -> LyricRulePayload:
        return await mutate(
            info,
            LyricRulePayload,
            lambda s, viewer: s.get(LyricRuleService).update(
                viewer.id, rule_key(input.id, "id"), command(RuleFields, input, exclude=("id",))
            ),
            _rule,
        )

    @strawberry.mutation(description="A shipped rule as it ships again (text and active); it keeps its place.")
    async def lyric_rule_reset(self, info: Info, input: LyricRuleIdInput) -> LyricRulePayload:
        return await mutate(
            info,
            LyricRulePayload,
            lambda s, viewer: s.get(LyricRuleService).reset(viewer.id, rule_key(input.id, "id")),
            _rule,
        )

    @strawberry.mutation(description="Delete a rule of your own (a shipped one: switch it off, or reset it).")
    async def lyric_rule_delete(self, info: Info, input: LyricRuleIdInput) -> LyricRuleDeletePayload:
        return await mutate(
            info,
            LyricRuleDeletePayload,
            lambda s, viewer: s.get(LyricRuleService).delete(viewer.id, rule_key(input.id, "id")),
            lambda _: LyricRuleDeletePayload(deleted_lyric_rule_id=input.id),
        )

    @strawberry.mutation(description="Reorder your rules: those named first, in this order, then the rest.")
    async def lyric_rules_reorder(self, info: Info, input: LyricRulesReorderInput) -> LyricRulesReorderPayload:
        return await mutate(
            info,
            LyricRulesReorderPayload,
            lambda s, viewer: s.get(LyricRuleService).reorder(
                viewer.id, [rule_key(i, "ids", str(n)) for n, i in enumerate(input.ids)]
            ),
            lambda rules: LyricRulesReorderPayload(lyric_rules=[LyricRule.from_entity(r) for r in rules]),
        )

    @strawberry.mutation
    async def lyric_architecture_create(
        self, info: Info, input: LyricArchitectureCreateInput
    ) -> LyricArchitecturePayload:
        return await mutate(
            info,
            LyricArchitecturePayload,
            lambda s, viewer: s.get(ArchitectureService).create(viewer.id, command(ArchitectureFields, input)),
            _architecture_payload,
        )

    @strawberry.mutation(description="Rename, re-plan or mark as default (one default at a time).")
    async def lyric_architecture_update(
        self, info: Info, input: LyricArchitectureUpdateInput
    ) -> LyricArchitecturePayload:
        return await mutate(
            info,
            LyricArchitecturePayload,
            lambda s, viewer: s.get(ArchitectureService).update(
                viewer.id,
                node_uuid(input.id, "LyricArchitecture", "id"),
                command(ArchitectureFields, input, exclude=("id",)),
            ),
            _architecture_payload,
        )

    @strawberry.mutation
    async def lyric_architecture_delete(
        self, info: Info, input: LyricArchitectureIdInput
    ) -> LyricArchitectureDeletePayload:
        return await mutate(
            info,
            LyricArchitectureDeletePayload,
            lambda s, viewer: s.get(ArchitectureService).delete(
                viewer.id, node_uuid(input.id, "LyricArchitecture", "id")
            ),
            lambda _: LyricArchitectureDeletePayload(deleted_lyric_architecture_id=input.id),
        )

    @strawberry.mutation(
        description="An AI tool on one section (improve, rewrite, extend by n lines) or the whole song (optimise "
        "phrasing, translate), with the whole song as context: a generation streamed like templateGenerate. Apply "
        "its text with lyricsReplaceSection."
    )
    async def lyrics_section_tool(self, info: Info, input: LyricsSectionToolInput) -> GenerationPayload:
        return await start_generation(
            info, lambda: lyrics_tool_request(command(LyricsToolRequest, input, exclude=("wait",))), input.wait
        )

    @strawberry.mutation(description="Write lyrics from an idea in an architecture's sections (lyrics/generate).")
    async def lyrics_generate(self, info: Info, input: LyricsGenerateInput) -> GenerationPayload:
        async def build(services: Services, viewer: User) -> GenerationRequest:
            ident, sections = _architecture(input.structure)
            planned = await services.get(ArchitectureService).sections_for(viewer.id, ident, sections)
            return lyrics_generate_request(input.text, planned, input.user_instructions)

        return await start_built_generation(info, build, input.wait)

    @strawberry.mutation(
        description="Enhance a music style prompt (for Mureka, or for Suno with a vocal preference) or translate it: "
        "a generation streamed like templateGenerate."
    )
    async def music_style_prompt_tool(self, info: Info, input: MusicStylePromptToolInput) -> GenerationPayload:
        return await start_generation(
            info, lambda: music_style_request(command(MusicStyleToolRequest, input, exclude=("wait",))), input.wait
        )

    @strawberry.mutation(
        description="Write a sketch's long and short description and its tags from its lyrics, as a job: follow it "
        "with jobProgress; the sketch's fields are filled when it succeeds."
    )
    async def sketch_describe(self, info: Info, input: SketchDescribeInput) -> SketchDescribePayload:
        return await mutate(
            info,
            SketchDescribePayload,
            lambda s, viewer: s.get(SketchDescriber).start(viewer.id, node_uuid(input.id, "Sketch", "id")),
            lambda made: SketchDescribePayload(sketch=Sketch.from_entity(made[0]), job=Job.from_entity(made[1])),
        )


schema = SchemaPart(
    query=SongwritingQuery,
    mutation=SongwritingMutation,
    types=(LyricRule, LyricArchitecture, SketchDescriptionResult),
    job_results={SKETCH_DESCRIPTION.kind: SketchDescriptionResult.from_result},
)
