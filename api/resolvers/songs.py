"""Songs over GraphQL: decode the input, call SongService, map the result. Nothing else."""

from __future__ import annotations

import uuid

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid, node_uuid
from api.resolvers.common import mutate, viewer_list
from api.schema.common import Connection, bulk_results, command, page_request, provider_fault
from api.schema.jobs import Job
from api.schema.part import SchemaPart
from api.schema.songs import (
    ChoiceIdInput,
    ChoiceRateInput,
    ChoiceStemsPayload,
    MurekaAccount,
    Song,
    SongBulkDeleteInput,
    SongBulkDeletePayload,
    SongChoice,
    SongChoicePayload,
    SongCreateInput,
    SongCreatePayload,
    SongDeletePayload,
    SongFilesResult,
    SongFilter,
    SongGenerationResult,
    SongIdInput,
    SongOrder,
    SongPayload,
    SongStemsResult,
    SongUpdateInput,
)
from domain.common.errors import FieldError
from domain.common.provider_errors import ProviderError
from domain.songs import entities as domain
from domain.songs.service import SONG_FILES, SONG_GENERATION, SONG_STEMS, SongFields, SongService


def _filter(value: SongFilter | None) -> domain.SongFilter:
    if value is None:
        return domain.SongFilter()
    return domain.SongFilter(
        search=value.search,
        statuses=tuple(value.status or ()),
        workflows=tuple(value.workflow or ()),
        instrumental=value.instrumental,
        sketch_id=_sketch_id(value.sketch_id),
    )


def _sketch_id(global_id: strawberry.ID | None) -> uuid.UUID | None:
    if global_id is None:
        return None
    sketch_id = decode_uuid(global_id, "Sketch")
    if sketch_id is None:
        raise ClientError("`filter.sketchId` is not a Sketch id.", "BAD_USER_INPUT")
    return sketch_id


def _song(song: domain.Song) -> SongPayload:
    return SongPayload(song=Song.from_entity(song))


def _bulk(ids: list[strawberry.ID], outcomes: list[FieldError | None]) -> SongBulkDeletePayload:
    return SongBulkDeletePayload(results=bulk_results(ids, outcomes), deleted_count=outcomes.count(None))


@strawberry.type
class SongQuery:
    @strawberry.field(
        description="The viewer's songs and instrumentals, by default newest first. 20 a page unless "
        "`first`/`last` say otherwise, at most 100."
    )
    async def songs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SongFilter | None = None,
        order_by: SongOrder | None = None,
    ) -> Connection[Song]:
        request = page_request(first, after, last, before)
        return await viewer_list(info, SongService, _filter(filter), order_by or SongOrder(), request, Song.from_entity)

    @strawberry.field(
        description="The Mureka models `songCreate` accepts on this server (MUREKA_MODELS), in their configured "
        "order; `auto` lets Mureka pick. A short list of names, not a connection."
    )
    async def song_models(self, info: Info) -> list[str]:
        await info.context.require_viewer()
        return list(info.context.container.settings.mureka.models)

    @strawberry.field(description="The Mureka account's balance and limits, read now (amounts in currency units).")
    async def mureka_account(self, info: Info) -> MurekaAccount:
        await info.context.require_viewer()
        try:
            account = await info.context.read(SongService, lambda s: s.account())
        except ProviderError as error:
            raise provider_fault(error) from error
        return MurekaAccount.from_account(account)


@strawberry.type
class SongMutation:
    @strawberry.mutation(
        description="Generate a song (or an instrumental) with Mureka, as a job: the song and its job are returned at "
        "once, QUEUED; follow the job with `jobProgress`. Refused with INSUFFICIENT_BALANCE when the Mureka balance "
        "is empty. Each generation is billed by Mureka."
    )
    async def song_create(self, info: Info, input: SongCreateInput) -> SongCreatePayload:
        return await mutate(
            info,
            SongCreatePayload,
            lambda s, viewer: s.get(SongService).create(
                viewer.id,
                command(
                    domain.SongRequest,
                    input,
                    exclude=("sketch_id",),
                    sketch_id=node_uuid(input.sketch_id, "Sketch", "sketchId") if input.sketch_id else None,
                ),
            ),
            lambda made: SongCreatePayload(song=Song.from_entity(made[0]), job=Job.from_entity(made[1])),
        )

    @strawberry.mutation(description="Change a song's title, tags or workflow.")
    async def song_update(self, info: Info, input: SongUpdateInput) -> SongPayload:
        return await mutate(
            info,
            SongPayload,
            lambda s, viewer: s.get(SongService).update(
                viewer.id, node_uuid(input.id, "Song", "id"), command(SongFields, input, exclude=("id",))
            ),
            _song,
        )

    @strawberry.mutation(
        description="Stop generating a song: it ends CANCELLED. Mureka has no cancel: a song it has already started "
        "may still finish there, and be billed."
    )
    async def song_cancel(self, info: Info, input: SongIdInput) -> SongPayload:
        return await mutate(
            info,
            SongPayload,
            lambda s, viewer: s.get(SongService).cancel(viewer.id, node_uuid(input.id, "Song", "id")),
            _song,
        )

    @strawberry.mutation(description="Delete a song, its choices and their stored files (not while it generates).")
    async def song_delete(self, info: Info, input: SongIdInput) -> SongDeletePayload:
        return await mutate(
            info,
            SongDeletePayload,
            lambda s, viewer: s.get(SongService).delete(viewer.id, node_uuid(input.id, "Song", "id")),
            lambda _: SongDeletePayload(deleted_song_id=input.id),
        )

    @strawberry.mutation(
        description="Delete up to 100 songs; each id gets its own result. Songs IN_USE or ON_WORK are kept unless "
        "`force` is true; songs still generating are kept."
    )
    async def song_bulk_delete(self, info: Info, input: SongBulkDeleteInput) -> SongBulkDeletePayload:
        return await mutate(
            info,
            SongBulkDeletePayload,
            lambda s, viewer: s.get(SongService).bulk_delete(
                viewer.id, [decode_uuid(i, "Song") for i in input.ids], force=input.force
            ),
            lambda outcomes: _bulk(input.ids, outcomes),
        )

    @strawberry.mutation(description="Rate a choice UP or DOWN; null clears it.")
    async def choice_rate(self, info: Info, input: ChoiceRateInput) -> SongChoicePayload:
        return await mutate(
            info,
            SongChoicePayload,
            lambda s, viewer: s.get(SongService).rate(viewer.id, node_uuid(input.id, "SongChoice", "id"), input.rating),
            lambda choice: SongChoicePayload(choice=SongChoice.from_entity(choice)),
        )

    @strawberry.mutation(
        description="Split a choice into stems with Mureka, as a job (billed); the ZIP is kept in our storage and "
        "offered at `SongChoice.stemsUrl`."
    )
    async def choice_stems_create(self, info: Info, input: ChoiceIdInput) -> ChoiceStemsPayload:
        return await mutate(
            info,
            ChoiceStemsPayload,
            lambda s, viewer: s.get(SongService).stems_create(viewer.id, node_uuid(input.id, "SongChoice", "id")),
            lambda made: ChoiceStemsPayload(choice=SongChoice.from_entity(made[0]), job=Job.from_entity(made[1])),
        )


schema = SchemaPart(
    query=SongQuery,
    mutation=SongMutation,
    types=(Song, SongChoice, SongGenerationResult, SongFilesResult, SongStemsResult),
    job_results={
        SONG_GENERATION.kind: SongGenerationResult.from_result,
        SONG_FILES.kind: SongFilesResult.from_result,
        SONG_STEMS.kind: SongStemsResult.from_result,
    },
)
