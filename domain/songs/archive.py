"""Songs in the export archive: `songs.json`, one item per song with its choices inside, and the files we keep
for them (audio, covers, stems) beside it as `files/songs/<song id>/<file>` (see domain/data_transfer/sections.py).

An imported song and its choices keep their archive ids as `origin_id`: importing the same archive again creates
nothing twice. A song still generating when it was exported comes back FAILED (its job is not in the archive);
its sketch is the imported sketch of the same archive, when the account has it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.common.validation import Checks
from domain.data_transfer import items
from domain.data_transfer.sections import ArchiveError, ArchiveFiles, Item, Restored
from domain.songs.entities import ChoiceRating, Song, SongChoice, SongFile, SongStatus, SongWorkflow
from domain.songs.generation import CONTENT_TYPES, file_key
from domain.songs.lyrics import LyricsTimeline, TimelineFormatError, compact, from_compact, timeline_from_sections
from domain.songs.ports import SongsUnitOfWork
from domain.songs.provider import SongKind
from domain.songs.service import LYRICS_MAX, PROMPT_MAX, check_song_fields

PAGE = 200  # songs read per query while exporting (each with its choices)
CHOICES_MAX = 10
URL_MAX = 2000
_SONG_KEYS = {
    "id",
    "title",
    "lyrics",
    "prompt",
    "model",
    "kind",
    "status",
    "workflow",
    "tags",
    "sketch_id",
    "provider_task_id",
    "provider_status",
    "error_code",
    "error_message",
    "created_at",
    "updated_at",
    "completed_at",
    "choices",
}
_URLS = ("mp3_url", "flac_url", "wav_url", "video_url", "image_url", "stems_url")
_CHOICE_KEYS = {
    "id",
    "index",
    "provider_id",
    "title",
    "tags",
    "duration_ms",
    "rating",
    *_URLS,
    "files",
    "stems_at",
    "lyrics_timeline",  # version 2: the compact form (domain/songs/lyrics.py)
    "created_at",
    "updated_at",
}
# Version 1 kept the provider's sections as they arrived instead of the timeline.
_CHOICE_KEYS_V1 = (_CHOICE_KEYS - {"lyrics_timeline"}) | {"lyrics_sections"}
INTERRUPTED = ("INTERRUPTED", "The song was still being generated when it was exported.")


def file_name(song_id: str, key: str) -> str:
    """A stored file's name in the archive: its song's (archived) id and the key's last part."""
    return f"{song_id}/{key.rsplit('/', 1)[-1]}"


def choice_item(choice: SongChoice) -> Item:
    item: Item = {name: getattr(choice, name) for name in ("index", "provider_id", "title", "duration_ms", *_URLS)}
    item.update(
        id=str(choice.id),
        tags=list(choice.tags),
        rating=choice.rating.value if choice.rating else None,
        files={f.value: choice.stored_key(f) for f in SongFile if choice.stored_key(f)},
        stems_at=items.iso(choice.stems_at),
        lyrics_timeline=compact(choice.lyrics_timeline) if choice.lyrics_timeline else None,
        created_at=items.iso(choice.created_at),
        updated_at=items.iso(choice.updated_at),
    )
    return item


def song_item(song: Song, choices: list[SongChoice]) -> Item:
    item: Item = {
        name: getattr(song, name)
        for name in ("title", "lyrics", "prompt", "model", "provider_task_id", "provider_status", "error_code")
    }
    item.update(
        id=str(song.id),
        kind=song.kind.value,
        status=song.status.value,
        workflow=song.workflow.value if song.workflow else None,
        tags=list(song.tags),
        sketch_id=str(song.sketch_id) if song.sketch_id else None,
        error_message=song.error_message,
        created_at=items.iso(song.created_at),
        updated_at=items.iso(song.updated_at),
        completed_at=items.iso(song.completed_at),
        choices=[choice_item(c) for c in choices],
    )
    return item


def _timeline(item: dict[str, Any], where: str, version: int) -> LyricsTimeline | None:
    if version < 2:  # the provider's sections as they arrived: read as the provider's answer is
        sections = item.get("lyrics_sections")
        if sections is not None and not isinstance(sections, list):
            raise ArchiveError(f"{where}: lyrics_sections must be a list.")
        return timeline_from_sections(sections)
    if item.get("lyrics_timeline") is None:
        return None
    try:
        return from_compact(item["lyrics_timeline"])
    except TimelineFormatError as error:
        raise ArchiveError(f"{where}: lyrics_timeline: {error}") from None


class SongsArchive:
    name = "songs"
    label = "songs"
    version = 2  # 2: choices carry `lyrics_timeline` (compact) instead of the provider's `lyrics_sections`
    item_max = 20_000

    async def export(self, uow: SongsUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: Song | None = None
        while page := await uow.songs.list_after(user_id, after, PAGE):
            choices = await uow.choices.of_songs(user_id, [song.id for song in page])
            by_song: dict[uuid.UUID, list[SongChoice]] = {}
            for choice in choices:
                by_song.setdefault(choice.song_id, []).append(choice)
            yield [song_item(song, by_song.get(song.id, [])) for song in page]
            after = page[-1]

    def files(self, item: Item) -> Sequence[tuple[str, str]]:
        return [(file_name(item["id"], key), key) for c in item["choices"] for key in c["files"].values()]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """Keyword arguments for `Song` (all but `user_id`), with `choices`: those for each `SongChoice`."""
        where = f"Song {n}"
        item = items.json_object(item, _SONG_KEYS, where)
        checks = Checks()
        values = check_song_fields(
            {"title": items.text(item, "title", where), "tags": items.text_list(item, "tags", where)}, checks
        )
        if checks.errors:
            raise ArchiveError(f"{where}: {checks.errors[0].message}")
        values["lyrics"] = items.bounded_text(item, "lyrics", where, LYRICS_MAX)
        prompt = items.bounded_text(item, "prompt", where, PROMPT_MAX)
        model = items.bounded_text(item, "model", where, 100)
        if not prompt or not model:
            raise ArchiveError(f"{where}: a song needs its prompt and model.")
        values.update(prompt=prompt, model=model)
        values["kind"] = items.member_of(SongKind, item, "kind", where)
        status = items.member_of(SongStatus, item, "status", where)
        error = (items.bounded_text(item, "error_code", where, 50), items.text(item, "error_message", where))
        if not status.is_final:  # its job is not in the archive: nothing will finish it
            status, error = SongStatus.FAILED, INTERRUPTED
        values.update(status=status, error_code=error[0], error_message=error[1])
        values["workflow"] = items.member_of(SongWorkflow, item, "workflow", where) if item.get("workflow") else None
        values["provider_task_id"] = items.bounded_text(item, "provider_task_id", where, 100)
        values["provider_status"] = items.bounded_text(item, "provider_status", where, 50)
        values["sketch_origin"] = items.optional(uuid.UUID, item, "sketch_id", where, "a UUID")
        values |= items.origin_and_times(item, where, "completed_at")
        raw = item.get("choices")
        if not isinstance(raw, list) or len(raw) > CHOICES_MAX:
            raise ArchiveError(f"{where}: choices must be a list of at most {CHOICES_MAX}.")
        values["choices"] = [self._choice(c, f"{where}, choice {k + 1}", version) for k, c in enumerate(raw)]
        return values

    @staticmethod
    def _choice(item: Any, where: str, version: int) -> dict[str, Any]:
        item = items.json_object(item, _CHOICE_KEYS if version >= 2 else _CHOICE_KEYS_V1, where)
        index = items.whole_number(item, "index", where)
        if index is None or not 0 <= index < 100:
            raise ArchiveError(f"{where}: index must be a whole number from 0 to 99.")
        values: dict[str, Any] = {"index": index, "tags": items.text_list(item, "tags", where)}
        for name in ("provider_id", "title"):
            values[name] = items.bounded_text(item, name, where, 100 if name == "provider_id" else 500)
        for name in _URLS:
            values[name] = items.bounded_text(item, name, where, URL_MAX)
        values["duration_ms"] = items.whole_number(item, "duration_ms", where)
        values["rating"] = items.member_of(ChoiceRating, item, "rating", where) if item.get("rating") else None
        files = items.stored_files(item, (f.value for f in SongFile), where)
        values["files"] = {SongFile(f): k for f, k in files.items()}
        values["lyrics_timeline"] = _timeline(item, where, version)
        return values | items.origin_and_times(item, where, "stems_at")

    def restorer(self, uow: SongsUnitOfWork, user_id: uuid.UUID, files: ArchiveFiles | None = None) -> SongsRestorer:
        return SongsRestorer(uow, user_id, files)


@dataclass
class SongsRestorer:
    uow: SongsUnitOfWork
    user_id: uuid.UUID
    files: ArchiveFiles | None  # None: the songs come back without their stored files (the provider's URLs only)
    have: set[uuid.UUID] = field(default_factory=set)
    # The archive's sketch ids → the account's sketches (imported from the same archive, or the same account's).
    sketches: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        self.have |= await self.uow.songs.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        wanted = {v["sketch_origin"] for v in batch if v["sketch_origin"] is not None} - set(self.sketches)
        if wanted:  # read now: the sketches section (registered before songs) has been restored by now
            self.sketches |= await self.uow.sketches.ids_for_origins(self.user_id, list(wanted))
        created = 0
        for values in batch:
            if values["origin_id"] in self.have:
                continue
            self.have.add(values["origin_id"])
            song_values = {k: v for k, v in values.items() if k not in ("choices", "sketch_origin")}
            song = Song(user_id=self.user_id, sketch_id=self.sketches.get(values["sketch_origin"]), **song_values)
            await self.uow.songs.add(song)
            choices = [await self._choice(song, values["origin_id"], c) for c in values["choices"]]
            await self.uow.choices.add_all(choices)
            created += 1
        return Restored(created=created, skipped=len(batch) - created)

    async def _choice(self, song: Song, archived_song: uuid.UUID, values: dict[str, Any]) -> SongChoice:
        stored: dict[SongFile, str] = values["files"]
        choice = SongChoice(user_id=self.user_id, song_id=song.id, **{k: v for k, v in values.items() if k != "files"})
        for file, old_key in stored.items():
            key = file_key(song, choice, file)
            if self.files is not None and await self.files.store(
                file_name(str(archived_song), old_key), key, CONTENT_TYPES[file]
            ):
                choice.set_stored_key(file, key)
        return choice
