from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, ClassVar, Self

import strawberry
from strawberry.scalars import JSON

from api.context import Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.common import BulkDeleteResult, Connection, Node, UserError, in_memory_connection, page_request
from api.schema.files import signed_url
from api.schema.jobs import Job, JobResult, jobs_by_id
from api.schema.sketches import Sketch, sketches_by_id
from domain.common.pagination import SortDirection, page_in_memory
from domain.songs import entities as domain
from domain.songs import lyrics
from domain.songs.entities import ChoiceRating, SongFile, SongOrderField, SongStatus, SongWorkflow
from domain.songs.lyrics import LineChangeKind, SectionType
from domain.songs.provider import SongAccount

if TYPE_CHECKING:
    from api.context import Context

strawberry.enum(SongStatus, name="SongStatus")
strawberry.enum(SongWorkflow, name="SongWorkflow")
strawberry.enum(ChoiceRating, name="ChoiceRating")
strawberry.enum(SongOrderField, name="SongOrderField")
strawberry.enum(SectionType, name="LyricsSectionType", description="A part of a song as the provider names it.")
strawberry.enum(
    LineChangeKind,
    name="LyricsChangeKind",
    description="DROPPED: asked, not sung; ADDED: sung, not asked; CHANGED: sung with other words.",
)


@strawberry.enum(description="The order of a song's choices.")
class SongChoiceOrderField(StrEnum):
    INDEX = "INDEX"


songs_by_id = owned_by_id(lambda uow: uow.songs)
choices_by_id = owned_by_id(lambda uow: uow.choices)


async def choices_by_song(context: Context, song_ids: list[uuid.UUID]) -> list[list[domain.SongChoice]]:
    """Every choice of these songs in one query, grouped by song (a song has one to three)."""
    viewer = await context.viewer()
    if viewer is None:
        return [[] for _ in song_ids]
    found = await context.run_read(lambda uow: uow.choices.of_songs(viewer.id, song_ids))
    grouped: dict[uuid.UUID, list[domain.SongChoice]] = defaultdict(list)
    for choice in found:
        grouped[choice.song_id].append(choice)
    return [grouped.get(song_id, []) for song_id in song_ids]


@strawberry.type(description="A song's error: the provider's or ours, with a code clients can act on.")
class SongError:
    code: str
    message: str


@strawberry.type(description="Files as the provider sent them. Its URLs expire; prefer SongChoice's own URLs.")
class ProviderFiles:
    mp3_url: str | None
    flac_url: str | None
    wav_url: str | None
    video_url: str | None
    image_url: str | None
    stems_url: str | None


def _seconds(ms: int) -> float:
    return ms / 1000


@strawberry.type(description="A word as sung; times in seconds from the start of the song.")
class LyricsWord:
    start: float
    end: float
    text: str = strawberry.field(description="As sung, with the space that follows it when there is one.")


@strawberry.type(description="A line as sung; times in seconds from the start of the song.")
class LyricsLine:
    start: float
    end: float
    text: str
    words: list[LyricsWord]


@strawberry.type(description="A part of the song (verse, chorus…): where it is and how long it lasts, in seconds.")
class LyricsSection:
    type: SectionType
    position: int = strawberry.field(description="Its place among the song's sections, from 1.")
    number: int = strawberry.field(description="Its number among the sections of its type: the second chorus is 2.")
    start: float
    end: float
    duration: float
    lines: list[LyricsLine]


@strawberry.type(description="When each section, line and word of a choice is sung (the provider's word timings).")
class LyricsTimeline:
    first_vocal: float | None = strawberry.field(description="When the singing begins: the first line's start.")
    sections: list[LyricsSection]

    @classmethod
    def from_timeline(cls, timeline: lyrics.LyricsTimeline) -> Self:
        def line(x: lyrics.TimedLine) -> LyricsLine:
            words = [LyricsWord(start=_seconds(w.start), end=_seconds(w.end), text=w.text) for w in x.words]
            return LyricsLine(start=_seconds(x.start), end=_seconds(x.end), text=x.text, words=words)

        first = timeline.first_vocal
        return cls(
            first_vocal=_seconds(first) if first is not None else None,
            sections=[
                LyricsSection(
                    type=s.type,
                    position=position,
                    number=number,
                    start=_seconds(s.start),
                    end=_seconds(s.end),
                    duration=_seconds(s.duration),
                    lines=[line(x) for x in s.lines],
                )
                for position, (s, number) in enumerate(zip(timeline.sections, timeline.numbers(), strict=True), 1)
            ],
        )


@strawberry.type(description="A line that was not sung as written.")
class LyricsLineChange:
    kind: LineChangeKind
    asked: str | None = strawberry.field(description="The line as written (null when ADDED).")
    sung: str | None = strawberry.field(description="The line as sung (null when DROPPED).")
    asked_line: int | None = strawberry.field(description="Its line number in the song's lyrics, from 1.")
    start: float | None = strawberry.field(description="When the sung line starts, in seconds.")


@strawberry.type(
    description="The sung lines aligned with the lyrics the song was generated from, compared without case, "
    "punctuation and section labels."
)
class LyricsDiff:
    asked_lines: int = strawberry.field(description="Lines of the lyrics meant to be sung (labels left out).")
    sung_lines: int
    kept_lines: int = strawberry.field(description="Lines sung as written.")
    changes: list[LyricsLineChange] = strawberry.field(description="In the order of the song.")

    @strawberry.field(description="Whether every line was sung as written and nothing was added.")
    def identical(self) -> bool:
        return not self.changes

    @classmethod
    def from_diff(cls, diff: lyrics.LyricsDiff) -> Self:
        return cls(
            asked_lines=diff.asked_lines,
            sung_lines=diff.sung_lines,
            kept_lines=diff.kept,
            changes=[
                LyricsLineChange(
                    kind=c.kind,
                    asked=c.asked,
                    sung=c.sung,
                    asked_line=c.asked_line,
                    start=_seconds(c.start) if c.start is not None else None,
                )
                for c in diff.changes
            ],
        )


@strawberry.input(description="The order of a song's choices.")
class SongChoiceOrder:
    field: SongChoiceOrderField = SongChoiceOrderField.INDEX
    direction: SortDirection = SortDirection.ASC


@strawberry.type(description="One rendering of a song; its audio is kept in our storage.")
class SongChoice(Node):
    type_name: ClassVar[str] = "SongChoice"
    index: int = strawberry.field(description="0-based, as the provider numbered it.")
    title: str | None
    tags: list[str]
    duration: float | None = strawberry.field(description="Seconds.")
    rating: ChoiceRating | None
    provider_files: ProviderFiles
    stems_created_at: datetime | None
    created_at: datetime
    _entity: strawberry.Private[domain.SongChoice]

    def _name(self, file: SongFile) -> str:
        title = (self._entity.title or "song").replace("/", "-")
        suffix = "-stems.zip" if file is SongFile.STEMS else f".{file.value if file is not SongFile.IMAGE else 'png'}"
        return f"{title} ({self.index + 1}){suffix}"

    async def _url(self, info: Info, file: SongFile) -> str | None:
        return await signed_url(info, self._entity.stored_key(file), self._name(file))

    @strawberry.field(description="Our copy of the MP3 (a signed URL that expires); null until it is copied.")
    async def mp3_url(self, info: Info) -> str | None:
        return await self._url(info, SongFile.MP3)

    @strawberry.field(description="Our copy of the FLAC, when the provider made one.")
    async def flac_url(self, info: Info) -> str | None:
        return await self._url(info, SongFile.FLAC)

    @strawberry.field(description="Our copy of the WAV, when the provider made one.")
    async def wav_url(self, info: Info) -> str | None:
        return await self._url(info, SongFile.WAV)

    @strawberry.field(description="Our copy of the cover image, when the provider made one.")
    async def image_url(self, info: Info) -> str | None:
        return await self._url(info, SongFile.IMAGE)

    @strawberry.field(description="Our copy of the stems ZIP, once choiceStemsCreate has run.")
    async def stems_url(self, info: Info) -> str | None:
        return await self._url(info, SongFile.STEMS)

    @strawberry.field(description="Whether every file the provider made is in our storage (else it is retried).")
    def stored(self) -> bool:
        return not self._entity.missing_copies()

    @strawberry.field(
        description="When each section, line and word is sung; null when the provider sent no timings (instrumentals)."
    )
    def lyrics_timeline(self) -> LyricsTimeline | None:
        timeline = self._entity.lyrics_timeline
        return LyricsTimeline.from_timeline(timeline) if timeline else None

    @strawberry.field(
        description="Which lines of the song's lyrics this choice dropped, added or changed; null "
        "without timings or lyrics."
    )
    async def lyrics_diff(self, info: Info) -> LyricsDiff | None:
        timeline = self._entity.lyrics_timeline
        if timeline is None:
            return None
        song = await info.context.loaders(songs_by_id).load(self._entity.song_id)
        if song is None or not song.lyrics:
            return None
        return LyricsDiff.from_diff(lyrics.lyrics_diff(song.lyrics, timeline))

    @strawberry.field
    async def song(self, info: Info) -> Annotated[Song, strawberry.lazy("api.schema.songs")]:
        song = await info.context.loaders(songs_by_id).load(self._entity.song_id)
        assert song is not None  # a choice is read only by its song's owner
        return Song.from_entity(song)

    @classmethod
    def from_entity(cls, c: domain.SongChoice) -> Self:
        return cls(
            id=strawberry.ID(encode_id("SongChoice", c.id)),
            index=c.index,
            title=c.title,
            tags=c.tags,
            duration=c.duration_ms / 1000 if c.duration_ms is not None else None,
            rating=c.rating,
            provider_files=ProviderFiles(
                mp3_url=c.mp3_url,
                flac_url=c.flac_url,
                wav_url=c.wav_url,
                video_url=c.video_url,
                image_url=c.image_url,
                stems_url=c.stems_url,
            ),
            stems_created_at=c.stems_at,
            created_at=c.created_at,
            _entity=c,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        choice = await info.context.loaders(choices_by_id).load(uuid.UUID(key))
        return cls.from_entity(choice) if choice else None


@strawberry.type(description="A song or instrumental generated from lyrics and a style prompt, with its choices.")
class Song(Node):
    type_name: ClassVar[str] = "Song"
    title: str
    lyrics: str | None
    prompt: str = strawberry.field(description="The style prompt.")
    model: str = strawberry.field(description="The model asked for; once SUCCEEDED, the one Mureka used.")
    instrumental: bool
    status: SongStatus
    provider_status: str | None = strawberry.field(description="Mureka's last word on it (e.g. `running`).")
    workflow: SongWorkflow | None
    tags: list[str]
    error: SongError | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    _entity: strawberry.Private[domain.Song]

    @strawberry.field(description="The sketch it was made from, if any (null once that sketch is deleted).")
    async def sketch(self, info: Info) -> Sketch | None:
        if self._entity.sketch_id is None:
            return None
        sketch = await info.context.loaders(sketches_by_id).load(self._entity.sketch_id)
        return Sketch.from_entity(sketch) if sketch else None

    @strawberry.field(description="The generation job: its progress streams through `jobProgress`.")
    async def job(self, info: Info) -> Job | None:
        if self._entity.job_id is None:
            return None
        job = await info.context.loaders(jobs_by_id).load(self._entity.job_id)
        return Job.from_entity(job) if job else None

    @strawberry.field(description="Its renderings (one to three), in index order.")
    async def choices(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: SongChoiceOrder | None = None,
    ) -> Connection[SongChoice]:
        order = order_by or SongChoiceOrder()
        items = list(await info.context.loaders(choices_by_song).load(self._entity.id))
        if order.direction is SortDirection.DESC:
            items.reverse()
        page = page_in_memory(
            items, lambda c: (f"{c.index:04d}", str(c.id)), page_request(first, after, last, before), order.direction
        )
        return in_memory_connection(items, SongChoice.from_entity, page)

    @classmethod
    def from_entity(cls, s: domain.Song) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Song", s.id)),
            title=s.title,
            lyrics=s.lyrics,
            prompt=s.prompt,
            model=s.model,
            instrumental=s.instrumental,
            status=s.status,
            provider_status=s.provider_status,
            workflow=s.workflow,
            tags=s.tags,
            error=SongError(code=s.error_code, message=s.error_message or "") if s.error_code else None,
            created_at=s.created_at,
            updated_at=s.updated_at,
            completed_at=s.completed_at,
            _entity=s,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        song = await info.context.loaders(songs_by_id).load(uuid.UUID(key))
        return cls.from_entity(song) if song else None


@strawberry.type(description="The Mureka account: what songs can still cost.")
class MurekaAccount:
    balance: Decimal
    total_recharge: Decimal
    total_spending: Decimal
    concurrent_request_limit: int = strawberry.field(description="Songs Mureka generates at once for the account.")
    currency: str

    @classmethod
    def from_account(cls, a: SongAccount) -> Self:
        return cls(
            balance=a.balance,
            total_recharge=a.total_recharge,
            total_spending=a.total_spending,
            concurrent_request_limit=a.concurrent_request_limit,
            currency=a.currency,
        )


@strawberry.type(description="What a SONG_GENERATION job produced.")
class SongGenerationResult(JobResult):
    choices: int
    copies_missing: int = strawberry.field(description="Files left to the follow-up copy job.")
    provider_answer: JSON | None = strawberry.field(
        description="Mureka's final answer as it arrived (choices with their `lyrics_sections` word timings and "
        "everything else it sent), for reading what `lyricsTimeline` shows from the source."
    )
    _song_id: strawberry.Private[str]

    @strawberry.field
    async def song(self, info: Info) -> Song | None:
        song = await info.context.loaders(songs_by_id).load(uuid.UUID(self._song_id))
        return Song.from_entity(song) if song else None

    @classmethod
    def from_result(cls, r: domain.SongResult) -> Self:
        return cls(
            summary=f"Generated {r.choices} choices.",
            choices=r.choices,
            copies_missing=r.copies_missing,
            provider_answer=JSON(r.provider_answer) if r.provider_answer is not None else None,
            _song_id=r.song_id,
        )


@strawberry.type(description="What a SONG_FILES job copied.")
class SongFilesResult(JobResult):
    copied: int

    @classmethod
    def from_result(cls, r: domain.SongFilesResult) -> Self:
        return cls(summary=f"Copied {r.copied} files.", copied=r.copied)


@strawberry.type(description="What a SONG_STEMS job produced.")
class SongStemsResult(JobResult):
    _choice_id: strawberry.Private[str]

    @strawberry.field
    async def choice(self, info: Info) -> SongChoice | None:
        choice = await info.context.loaders(choices_by_id).load(uuid.UUID(self._choice_id))
        return SongChoice.from_entity(choice) if choice else None

    @classmethod
    def from_result(cls, r: domain.StemsResult) -> Self:
        summary = "Stems made and kept." if r.stored else "Stems made; the ZIP is at Mureka only (copy failed)."
        return cls(summary=summary, _choice_id=r.choice_id)


@strawberry.input
class SongFilter:
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in title, lyrics, prompt or tags."
    )
    status: list[SongStatus] | None = None
    workflow: list[SongWorkflow] | None = None
    instrumental: bool | None = None
    sketch_id: strawberry.ID | None = None


@strawberry.input(description="The order of songs.")
class SongOrder:
    field: SongOrderField = strawberry.field(default=SongOrderField.CREATED_AT, description="CREATED_AT: the default.")
    direction: SortDirection = SortDirection.DESC


@strawberry.input(
    description="A new song. `lyrics` are required for a song (at most 3000 characters) and left out for an "
    "instrumental; `prompt` is the style (at most 1024); `model` one of the configured Mureka models."
)
class SongCreateInput:
    title: str
    prompt: str
    model: str = "auto"
    instrumental: bool = False
    lyrics: str | None = None
    sketch_id: strawberry.ID | None = strawberry.field(
        default=None, description="The sketch it is made from: a draft becomes USED; an archived one is refused."
    )


@strawberry.input(description="Fields left out stay as they are; null clears tags or workflow.")
class SongUpdateInput:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    workflow: SongWorkflow | None = strawberry.UNSET


@strawberry.input
class SongIdInput:
    id: strawberry.ID


@strawberry.input
class SongBulkDeleteInput:
    ids: list[strawberry.ID] = strawberry.field(description="At most 100.")
    force: bool = strawberry.field(default=False, description="Delete songs IN_USE or ON_WORK too.")


@strawberry.input
class ChoiceRateInput:
    id: strawberry.ID
    rating: ChoiceRating | None = strawberry.field(description="null clears the rating.")


@strawberry.input
class ChoiceIdInput:
    id: strawberry.ID


@strawberry.type
class SongPayload:
    song: Song | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SongCreatePayload:
    song: Song | None = None
    job: Job | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SongDeletePayload:
    deleted_song_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SongBulkDeletePayload:
    results: list[BulkDeleteResult] | None = strawberry.field(default=None, description="One per id, in order.")
    deleted_count: int | None = None
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Errors about the input as a whole; each refused id is in `results`."
    )


@strawberry.type
class SongChoicePayload:
    choice: SongChoice | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ChoiceStemsPayload:
    choice: SongChoice | None = None
    job: Job | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
