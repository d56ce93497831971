"""The song provider port (Mureka and servers that speak its API), as the songs area needs it.

The adapter (`infra/providers/mureka.py`) turns every answer into these values or a `ProviderError`; the
polling loop, the deadline, the concurrency slots and the never-submit-twice rule are the domain's
(`domain/songs/generation.py`), so they hold for any provider behind this port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from domain.songs.lyrics import LyricsTimeline


class SongKind(StrEnum):
    SONG = "SONG"  # lyrics sung over music
    INSTRUMENTAL = "INSTRUMENTAL"


class TaskPhase(StrEnum):
    """What a provider's task status means for us. The provider's own word is kept beside it."""

    WAITING = "WAITING"  # preparing, queued, running, streaming, or a status we do not know yet
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"  # failed, cancelled, timeouted: ends with the provider's reason


@dataclass(frozen=True)
class SongSubmission:
    kind: SongKind
    prompt: str  # the style prompt
    model: str
    n: int  # choices asked for (each billed)
    lyrics: str | None = None  # SONG only


@dataclass(frozen=True)
class ProviderChoice:
    """One rendered choice. Every field but the position may be missing in a real answer."""

    index: int  # the provider's `index`, or the position in the answer when it has none
    provider_id: str | None = None
    mp3_url: str | None = None
    flac_url: str | None = None
    wav_url: str | None = None
    video_url: str | None = None
    image_url: str | None = None
    duration_ms: int | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    # The word timings (synced lyrics); None when the provider sent none (instrumentals).
    lyrics_timeline: LyricsTimeline | None = None


@dataclass(frozen=True)
class SongTask:
    id: str
    status: str  # the provider's own word, lower case (e.g. "running", "timeouted")
    phase: TaskPhase
    model: str | None = None  # the model the provider actually used
    failed_reason: str | None = None
    trace_id: str | None = None
    choices: tuple[ProviderChoice, ...] = ()
    expires_at: int | None = None  # Unix seconds when the provider's URLs stop working, if it says
    # The provider's answer as it arrived (JSON), kept on the job's result: what it sent beyond what we read.
    answer: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StemArchive:
    zip_url: str
    expires_at: int | None = None


@dataclass(frozen=True)
class SongAccount:
    """The provider account's billing state; amounts in currency units (Mureka sends cents)."""

    balance: Decimal
    total_recharge: Decimal
    total_spending: Decimal
    concurrent_request_limit: int
    currency: str = "USD"
    account_id: str | None = None


@dataclass(frozen=True)
class Download:
    """A provider file being fetched: its bytes as they arrive, and what the server said about them."""

    chunks: AsyncIterator[bytes]
    content_type: str | None = None
    size_bytes: int | None = field(default=None)


class SongProvider(Protocol):
    async def submit(self, submission: SongSubmission) -> SongTask:
        """Start a generation (billed). Never retried where the provider may have started it: only a
        connection that never opened, or a 429/503 that says nothing was started, is tried again. Raises
        ProviderError (QUOTA_EXCEEDED, RATE_LIMITED after a bounded time, INVALID_API_KEY, BAD_REQUEST, …),
        also when the answer is an error inside an HTTP 200 or has no task id."""
        ...

    async def query(self, kind: SongKind, task_id: str) -> SongTask:
        """The task's state now. Raises ProviderError; `transient=True` (5xx, timeouts, a rate limit that
        outlasted the adapter's retries) means "ask again later", anything else ends the song."""
        ...

    async def stems(self, audio_url: str) -> StemArchive:
        """Split a rendered song into stems (synchronous at the provider, billed); the ZIP's URL."""
        ...

    async def account(self) -> SongAccount: ...

    def download(self, url: str) -> AsyncIteratorContext:
        """`async with provider.download(url) as d:` streams a result file; raises ProviderError when the
        URL cannot be fetched (404, unreachable host, timeout)."""
        ...


class AsyncIteratorContext(Protocol):
    async def __aenter__(self) -> Download: ...

    async def __aexit__(self, *exc: object) -> None: ...
