"""Songs: a sketch (or fresh lyrics and a style) becomes a song through the provider, as a job.

The rules of the replaced system (original-system.md §1.7, §1.8) with its quirks fixed: a song is written
with its job in one transaction (never a job without its song), CANCELLED is written, and the sketch rules
are enforced (a draft becomes used, an archived one is refused)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.bulk import delete_each, wanted
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, FieldError, not_found
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.provider_errors import ProviderError
from domain.common.validation import Checks, clean_tags, clean_text
from domain.files.deletions import StorageDeletions
from domain.jobs.entities import Job, JobKind, JobStatus, JobType
from domain.jobs.service import JobService
from domain.sketches.entities import SketchWorkflow
from domain.songs.entities import (
    ChoiceRating,
    Song,
    SongChoice,
    SongFilesResult,
    SongFilter,
    SongOrderField,
    SongRequest,
    SongResult,
    SongStatus,
    SongWorkflow,
    StemsResult,
)
from domain.songs.ports import SongAccounts, SongsUnitOfWork
from domain.songs.provider import SongAccount, SongKind

TITLE_MAX = 255
PROMPT_MAX = 1024  # Mureka's limit on the style prompt
LYRICS_MAX = 3000  # Mureka's limit; the replaced system accepted 10,000 and Mureka refused the rest
TAGS_MAX = 1000
# A balance read this recently is fresh enough to let a song start (the submit refuses an empty account anyway).
BALANCE_MAX_AGE = 30.0

SONG_GENERATION = JobType(
    JobKind("SONG_GENERATION"), SongResult, "Generate a song or instrumental with Mureka (songCreate)."
)
SONG_FILES = JobType(
    JobKind("SONG_FILES"), SongFilesResult, "Copy a song's audio and cover from Mureka into our storage."
)
SONG_STEMS = JobType(JobKind("SONG_STEMS"), StemsResult, "Split a song choice into stems (choiceStemsCreate).")


@dataclass(frozen=True)
class SongFields:
    """What songUpdate changes. UNSET: leave as it is; None: clear (title cannot be cleared)."""

    title: str | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    workflow: SongWorkflow | None | Unset = UNSET


def check_song_request(request: SongRequest, models: Sequence[str], checks: Checks) -> dict[str, Any]:
    """The cleaned values of a new song, with every problem collected in `checks`."""
    title = clean_text(request.title)
    prompt = clean_text(request.prompt)
    lyrics = clean_text(request.lyrics)
    if checks.required("title", title, "Title"):
        checks.max_length("title", title, TITLE_MAX, "Title")
    if checks.required("prompt", prompt, "Style prompt"):
        checks.max_length("prompt", prompt, PROMPT_MAX, "Style prompt")
    if request.instrumental:
        if lyrics is not None:
            checks.add("lyrics", ErrorCode.INVALID, "An instrumental has no lyrics; leave them out.")
    elif checks.required("lyrics", lyrics, "Lyrics"):
        checks.max_length("lyrics", lyrics, LYRICS_MAX, "Lyrics")
    if request.model not in models:
        checks.add("model", ErrorCode.INVALID, f"Model must be one of {', '.join(models)}.")
    return {"title": title, "prompt": prompt, "lyrics": lyrics}


def check_song_fields(values: dict[str, Any], checks: Checks) -> dict[str, Any]:
    """songUpdate's (and the importer's) rules for title, tags and workflow; returns them cleaned."""
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = title = clean_text(values["title"])
        if checks.required("title", title, "Title"):
            checks.max_length("title", title, TITLE_MAX, "Title")
    if "tags" in values:
        cleaned["tags"] = tags = clean_tags(values["tags"])
        checks.max_length("tags", ", ".join(tags), TAGS_MAX, "Tags (joined)")
    return cleaned


def insufficient_balance(account: SongAccount) -> DomainError:
    return DomainError.on_input(
        ErrorCode.INSUFFICIENT_BALANCE,
        f"The Mureka balance is {account.balance:.2f} {account.currency}; recharge the account to generate.",
    )


@dataclass
class SongService:
    uow: SongsUnitOfWork
    jobs: JobService
    accounts: SongAccounts
    deletions: StorageDeletions
    models: Sequence[str]
    choices_asked: int = 2

    async def create(self, user_id: uuid.UUID, request: SongRequest) -> tuple[Song, Job]:
        checks = Checks()
        values = check_song_request(request, self.models, checks)
        checks.raise_if_any()
        sketch = None
        if request.sketch_id is not None:
            sketch = await self.uow.sketches.get(user_id, request.sketch_id)
            if sketch is None:
                raise not_found("Sketch", "sketch_id")
            if sketch.workflow is SketchWorkflow.ARCHIVED:
                raise DomainError.single(
                    ErrorCode.INVALID, "The sketch is archived; restore it to draft to make a song of it.", "sketch_id"
                )
        await self.check_balance()
        now = utcnow()
        song = Song(
            user_id=user_id,
            kind=SongKind.INSTRUMENTAL if request.instrumental else SongKind.SONG,
            model=request.model,
            sketch_id=request.sketch_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        if sketch is not None and sketch.workflow is SketchWorkflow.DRAFT:
            sketch.workflow = SketchWorkflow.USED
            sketch.updated_at = now
        # The job first: the song's row names it.
        job = await self.jobs.create(user_id, SONG_GENERATION, {"song_id": str(song.id), "n": self.choices_asked})
        song.job_id = job.id
        await self.uow.songs.add(song)
        if sketch is not None:  # a song made from a sketch in a project lands in the sketch's folder
            await self.uow.song_placements.place_like_sketch(user_id, song.id, sketch.id)
        return song, job

    async def check_balance(self) -> None:
        try:
            account = await self.accounts.current(max_age=BALANCE_MAX_AGE)
        except ProviderError as error:
            raise DomainError.on_input(
                ErrorCode.PROVIDER_UNAVAILABLE, f"The Mureka balance could not be checked: {error.message}"
            ) from error
        if account.balance <= 0:
            raise insufficient_balance(account)

    async def account(self) -> SongAccount:
        """The provider account as it is now (read through, no cache)."""
        return await self.accounts.current(max_age=0.0)

    async def update(self, user_id: uuid.UUID, song_id: uuid.UUID, changes: SongFields) -> Song:
        song = await owned_or_not_found(self.uow.songs, user_id, song_id, "Song", "id")
        checks = Checks()
        values = check_song_fields(given(changes), checks)
        checks.raise_if_any()
        for name, value in values.items():
            setattr(song, name, value)
        if values:
            song.updated_at = utcnow()
        return song

    async def cancel(self, user_id: uuid.UUID, song_id: uuid.UUID) -> Song:
        song = await self.uow.songs.get_locked(user_id, song_id)
        if song is None:
            raise not_found("Song", "id")
        if song.status.is_final or song.job_id is None:
            raise DomainError.single(
                ErrorCode.INVALID, f"The song has already ended ({song.status.value.lower()}).", "id"
            )
        job = await self.jobs.cancel(user_id, song.job_id)
        if job.status is JobStatus.CANCELLED:  # it had not started: nothing was sent to the provider
            end_song(song, SongStatus.CANCELLED)
        return song

    async def delete(self, user_id: uuid.UUID, song_id: uuid.UUID) -> Song:
        song = await owned_or_not_found(self.uow.songs, user_id, song_id, "Song", "id")
        refusal = self._refusal(song, force=True)
        if refusal is not None:
            raise DomainError.single(refusal[0], refusal[1], "id")
        await self._delete(song)
        return song

    async def bulk_delete(
        self, user_id: uuid.UUID, song_ids: Sequence[uuid.UUID | None], *, force: bool
    ) -> list[FieldError | None]:
        """Each id with its own outcome (see domain/common/bulk.py); songs in use are kept unless `force`."""
        found = await self.uow.songs.get_many(user_id, wanted(song_ids))
        return await delete_each(song_ids, found, "Song", lambda song: self._refusal(song, force=force), self._delete)

    @staticmethod
    def _refusal(song: Song, *, force: bool) -> tuple[ErrorCode, str] | None:
        if not song.status.is_final:
            return ErrorCode.CONFLICT, "The song is still being generated; cancel it first."
        if not force and song.workflow is not None and song.workflow.is_protected:
            label = "in use" if song.workflow is SongWorkflow.IN_USE else "being worked on"
            return ErrorCode.CONFLICT, f"The song is {label}; delete it with force to delete it anyway."
        return None

    async def _delete(self, song: Song) -> None:
        choices = await self.uow.choices.of_songs(song.user_id, [song.id])
        keys = [key for choice in choices for key in stored_keys(choice)]
        await self.uow.songs.delete(song)
        await self.deletions.after_commit(self.uow, keys)

    async def rate(self, user_id: uuid.UUID, choice_id: uuid.UUID, rating: ChoiceRating | None) -> SongChoice:
        choice = await owned_or_not_found(self.uow.choices, user_id, choice_id, "Song choice", "id")
        choice.rating = rating
        choice.updated_at = utcnow()
        return choice

    async def stems_create(self, user_id: uuid.UUID, choice_id: uuid.UUID) -> tuple[SongChoice, Job]:
        choice = await owned_or_not_found(self.uow.choices, user_id, choice_id, "Song choice", "id")
        if not choice.mp3_url:
            raise DomainError.single(ErrorCode.INVALID, "This choice has no audio to split into stems.", "id")
        await self.check_balance()
        job = await self.jobs.create(user_id, SONG_STEMS, {"choice_id": str(choice.id)})
        return choice, job

    async def get(self, user_id: uuid.UUID, song_id: uuid.UUID) -> Song | None:
        return await self.uow.songs.get(user_id, song_id)

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SongFilter,
        order_by: SongOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Song]:
        return await self.uow.songs.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: SongFilter) -> int:
        return await self.uow.songs.count(user_id, filter)


def end_song(song: Song, status: SongStatus, error: tuple[str, str] | None = None) -> None:
    now = utcnow()
    song.status = status
    song.error_code, song.error_message = error if error else (None, None)
    song.completed_at = now
    song.updated_at = now


def stored_keys(choice: SongChoice) -> list[str]:
    return [key for key in (choice.mp3_key, choice.flac_key, choice.wav_key, choice.image_key, choice.stems_key) if key]
