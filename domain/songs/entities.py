from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.songs.lyrics import LyricsTimeline
from domain.songs.provider import SongKind


class SongStatus(StrEnum):
    """The song's generation, as its job runs it. Only the job's handler and songCancel change it."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        return self in (SongStatus.SUCCEEDED, SongStatus.FAILED, SongStatus.CANCELLED)


class SongWorkflow(StrEnum):
    """Where the user has put a finished song (the original's inUse/onWork/notUsed/fail)."""

    IN_USE = "IN_USE"
    ON_WORK = "ON_WORK"
    NOT_USED = "NOT_USED"
    FAIL = "FAIL"

    @property
    def is_protected(self) -> bool:
        """Songs the user works with: a bulk delete leaves them unless forced."""
        return self in (SongWorkflow.IN_USE, SongWorkflow.ON_WORK)


class ChoiceRating(StrEnum):
    UP = "UP"
    DOWN = "DOWN"


class SongOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    TITLE = "TITLE"


class SongFile(StrEnum):
    """A file of a choice that we keep a copy of in our storage."""

    MP3 = "mp3"
    FLAC = "flac"
    WAV = "wav"
    IMAGE = "image"
    STEMS = "stems"  # a ZIP of the stems, made on request (choiceStemsCreate)


@dataclass(eq=False)
class Song:
    user_id: uuid.UUID
    title: str
    prompt: str  # the style prompt
    model: str  # asked for (e.g. "auto"); the model the provider used once it succeeded
    kind: SongKind
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    lyrics: str | None = None
    status: SongStatus = SongStatus.QUEUED
    workflow: SongWorkflow | None = None
    tags: list[str] = field(default_factory=list)
    sketch_id: uuid.UUID | None = None
    job_id: uuid.UUID | None = None
    provider_task_id: str | None = None
    provider_status: str | None = None  # the provider's last word on the task ("running", "timeouted", …)
    error_code: str | None = None
    error_message: str | None = None
    completed_at: datetime | None = None
    # The id this song had in the archive it was imported from; makes imports idempotent.
    origin_id: uuid.UUID | None = None

    @property
    def instrumental(self) -> bool:
        return self.kind is SongKind.INSTRUMENTAL


@dataclass(eq=False)
class SongChoice:
    """One rendering of a song. Provider URLs are kept as sent (they expire); `<file>_key` is our copy."""

    user_id: uuid.UUID
    song_id: uuid.UUID
    index: int
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    provider_id: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    duration_ms: int | None = None
    rating: ChoiceRating | None = None
    mp3_url: str | None = None
    flac_url: str | None = None
    wav_url: str | None = None
    video_url: str | None = None
    image_url: str | None = None
    stems_url: str | None = None
    mp3_key: str | None = None
    flac_key: str | None = None
    wav_key: str | None = None
    image_key: str | None = None
    stems_key: str | None = None
    stems_at: datetime | None = None
    lyrics_timeline: LyricsTimeline | None = None  # the provider's word timings, null for instrumentals
    origin_id: uuid.UUID | None = None

    def provider_url(self, file: SongFile) -> str | None:
        return {
            SongFile.MP3: self.mp3_url,
            SongFile.FLAC: self.flac_url,
            SongFile.WAV: self.wav_url,
            SongFile.IMAGE: self.image_url,
            SongFile.STEMS: self.stems_url,
        }[file]

    def stored_key(self, file: SongFile) -> str | None:
        return getattr(self, f"{file.value}_key")  # type: ignore[no-any-return]  # one of the *_key fields

    def set_stored_key(self, file: SongFile, key: str | None) -> None:
        setattr(self, f"{file.value}_key", key)

    def missing_copies(self) -> list[SongFile]:
        """Files the provider gave that we have no copy of yet."""
        return [f for f in SongFile if self.provider_url(f) and not self.stored_key(f)]


@dataclass(frozen=True)
class SongFilter:
    search: str | None = None
    statuses: tuple[SongStatus, ...] = ()
    workflows: tuple[SongWorkflow, ...] = ()
    instrumental: bool | None = None
    sketch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SongRequest:
    """What songCreate asks for."""

    title: str
    prompt: str
    model: str
    instrumental: bool = False
    lyrics: str | None = None
    sketch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SongResult:
    """What a SONG_GENERATION job returns (kept on the job row)."""

    song_id: str
    provider_task_id: str
    choices: int
    copies_missing: int = 0  # files left to the follow-up copy job
    provider_answer: dict[str, Any] | None = None  # Mureka's final answer as it arrived, timings and all


@dataclass(frozen=True)
class SongFilesResult:
    """What a SONG_FILES job returns: the files it copied into our storage."""

    song_id: str
    copied: int


@dataclass(frozen=True)
class StemsResult:
    choice_id: str
    stored: bool
