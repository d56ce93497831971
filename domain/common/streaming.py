"""Streamed text, for any area: every delta is published at once (and kept, so late subscribers can
catch up), the text is persisted at least every `persist_interval` seconds, and the stream ends with a
final event.

Concatenating the deltas of one stream gives exactly the text that is stored at the end.

The stream survives its event bus going away (domain/common/events.py). Every event says where its delta
starts in the text (`at`), so a reader drops what it already has and skips what would leave a hole. A writer
whose publish failed carries on (the text is still persisted) and, once the bus is back, first reads what the
bus kept and publishes everything after it in one event — so what the bus keeps always adds up to a prefix
of the text, even after Redis restarted empty. A follower whose bus is down at the start follows the stored
row instead; one whose bus is lost mid-way is told so (EventsUnavailable) and resubscribes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import aclosing
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from domain.common.events import EventBus, EventsUnavailable

KEEP_SECONDS = 3600
# While the bus is down, a writer tries it again at most this often (each try may cost a connect timeout).
RETRY_SECONDS = 1.0
# A follower whose bus was down when it subscribed reads the stored row this often.
POLL_SECONDS = 0.5


class StreamStatus(StrEnum):
    STREAMING = "STREAMING"
    COMPLETE = "COMPLETE"
    STOPPED = "STOPPED"
    FAILED = "FAILED"

    @property
    def is_final(self) -> bool:
        return self is not StreamStatus.STREAMING


def text_topic(text_id: uuid.UUID) -> str:
    """Where the deltas of one streamed text are published (and kept for late subscribers)."""
    return f"text:{text_id}"


class TextChunk(Protocol):
    """What a text source yields: new text, or (done) the end with token counts."""

    @property
    def delta(self) -> str: ...

    @property
    def done(self) -> bool: ...


C = TypeVar("C", bound=TextChunk)


def new_part(length: int, event: Mapping[str, Any]) -> str | None:
    """What `event` adds to a text of `length` characters: "" when it brings nothing new, None when it starts
    past the end (a hole: what it follows was lost, and will come again in a later event)."""
    at = int(event.get("at", length))  # events without `at` (older writers) continue the text
    if at > length:
        return None
    delta: str = event["delta"]
    return delta[length - at :]


def fold(history: list[dict[str, Any]]) -> tuple[str, StreamStatus, str | None, int]:
    """A stream's kept events folded into (its text, its last status and error code, the last seq)."""
    text, status, error_code, seq = "", StreamStatus.STREAMING, None, 0
    for event in history:
        part = new_part(len(text), event)
        if part is not None:
            text += part
            status, error_code = StreamStatus(event["status"]), event.get("error_code")
        seq = max(seq, int(event.get("seq", 0)))
    return text, status, error_code, seq


@dataclass
class TextStreamWriter:
    events: EventBus
    topic: str
    persist: Callable[[str], Awaitable[None]]
    persist_interval: float = 0.25
    text: str = ""
    retry_seconds: float = RETRY_SECONDS
    # A stream nothing was written to yet (a new answer): its first delta is appended without first reading what
    # the bus keeps, one round trip sooner. Should the bus keep something after all, the append's seq shows it
    # (not 1), and the writer reads what is kept and sends what it lacks, as after any gap.
    fresh: bool = False
    _persisted_at: float = field(default_factory=time.monotonic)
    _persisted_text: str = ""
    _publishing: asyncio.Future[bool] | None = None
    # How much of `text` the bus is known to keep, and the seq of its last event. Out of sync at first and
    # after any failure: the next publish reads what the bus kept before it appends.
    _published: int = 0
    _seq: int = 0
    _in_sync: bool = False
    _retry_at: float = 0.0

    def __post_init__(self) -> None:
        self._in_sync = self.fresh

    async def add(self, delta: str) -> None:
        if not delta:
            return
        self.text += delta
        if time.monotonic() >= self._retry_at:
            self._publishing = asyncio.ensure_future(self._publish(StreamStatus.STREAMING))
            # Shielded: a stop arriving now must not cut a publish in half; finish() waits for it.
            await asyncio.shield(self._publishing)
        if time.monotonic() - self._persisted_at >= self.persist_interval:
            await self.flush()

    async def flush(self) -> None:
        if self.text != self._persisted_text:
            await self.persist(self.text)
            self._persisted_text = self.text
        self._persisted_at = time.monotonic()

    async def finish(self, status: StreamStatus, error_code: str | None = None) -> bool:
        """Announce the end, with whatever the bus still lacks of the text. Call it once the final state is
        committed: subscribers then read it. False when the bus is down (followers read the stored row)."""
        if self._publishing is not None:
            # The last delta's publish may still be finishing (it outlives a stop): the end comes after it.
            with contextlib.suppress(Exception):
                await self._publishing
        return await self._publish(status, error_code)

    async def _publish(self, status: StreamStatus, error_code: str | None = None) -> bool:
        """Append what the bus lacks of the text (and `status`); True when it now keeps all of it."""
        try:
            for _ in range(2):
                if not self._in_sync:
                    kept, _, _, self._seq = fold(await self.events.history(self.topic))
                    self._published = len(kept) if self.text.startswith(kept) else 0
                    self._in_sync = True
                pending, at, length = self.text[self._published :], self._published, len(self.text)
                if not pending and not status.is_final:
                    return True
                message: dict[str, Any] = {"delta": pending, "at": at, "status": status.value}
                if error_code is not None:
                    message["error_code"] = error_code
                seq = await self.events.append(self.topic, message, KEEP_SECONDS)
                in_order = seq == self._seq + 1
                self._seq, self._published = seq, length
                if in_order:
                    return True
                # The bus lost what it kept before this event (Redis restarted empty, or the log expired):
                # read again and send what it now lacks, so the kept stream adds up once more.
                self._in_sync = False
            return True
        except EventsUnavailable:
            self._in_sync = False
            self._retry_at = time.monotonic() + self.retry_seconds
            return False


async def announce_end(
    events: EventBus, topic: str, text: str, status: StreamStatus, error_code: str | None = None
) -> bool:
    """End a stream whose writer is gone (stopped before it started, or its job was lost), once its final
    `text` and state are committed: publishes whatever of `text` the bus lacks, then the end."""
    writer = TextStreamWriter(events, topic, _no_persist, text=text)
    return await writer.finish(status, error_code)


async def kept_text(events: EventBus, topic: str, stored: str) -> str:
    """The text to keep when a stream ends without its writer: what subscribers were sent (the bus's kept
    events) when that is more than the `stored` text (persisted a moment earlier), else the stored text."""
    try:
        kept, _, _, _ = fold(await events.history(topic))
    except EventsUnavailable:
        return stored
    return kept if len(kept) > len(stored) and kept.startswith(stored) else stored


async def _no_persist(_: str) -> None:
    return None


@dataclass(frozen=True)
class StreamEvent:
    delta: str
    status: StreamStatus
    error_code: str | None = None


async def pump(stream: AsyncIterator[C], add: Callable[[str], Awaitable[None]]) -> C | None:
    """Feed a source's stream into `add`; returns the last chunk (with the token counts), if any.
    aclosing: when the job is stopped, the provider's HTTP stream closes at once, cancelling the generation."""
    usage = None
    async with aclosing(stream) as chunks:  # type: ignore[type-var]  # AsyncIterator has no aclose; generators do
        async for chunk in chunks:
            if chunk.done:
                usage = chunk
            else:
                await add(chunk.delta)
    return usage


QUOTES = "\"'`“”„«»"
_WRAP = QUOTES + " \t\r\n"


@dataclass
class QuoteStripper:
    """Strips quotes that wrap a whole answer, while it streams: leading quotes are dropped, trailing quotes
    and spaces are held back until more text shows they were not the end. What it lets through, in order,
    is exactly the final stripped text."""

    add: Callable[[str], Awaitable[None]]
    _started: bool = False
    _opened: bool = False
    _held: str = ""

    async def __call__(self, delta: str) -> None:
        if not self._started:
            head = delta.lstrip(_WRAP)
            self._opened = self._opened or any(ch in QUOTES for ch in delta[: len(delta) - len(head)])
            if not head:
                return
            self._started, delta = True, head
        text = self._held + delta
        body = text.rstrip(_WRAP)
        self._held = text[len(body) :]
        if body:
            await self.add(body)

    async def finish(self) -> None:
        """The end: held-back quotes were the closing ones if the answer opened with a quote."""
        if self._held and not (self._opened and any(ch in QUOTES for ch in self._held)):
            await self.add(self._held.rstrip())
        self._held = ""


async def follow(
    events: EventBus,
    topic: str,
    current: Callable[[], Awaitable[StreamEvent | None]],
    poll_seconds: float = POLL_SECONDS,
) -> AsyncIterator[StreamEvent]:
    """A streamed text from wherever it is now to its end: first all text so far, then each new piece, then
    the end, which brings whatever the stream lacked of the stored text (so the deltas add up to it).

    `current` reads the stored state (all the text as `delta`, the status). It subscribes before reading, so
    nothing published in between is missed. When the event bus is down at the start it follows the stored
    row instead (every `poll_seconds`); when the bus is lost after the first event it raises EventsUnavailable,
    and following again continues from the stored text. Raises LookupError when `current` finds nothing."""
    sent = False
    try:
        async with events.subscribe(topic) as live:
            async for event in _follow_live(events, topic, live, current):
                sent = True
                yield event
            return
    except EventsUnavailable:
        if sent:
            raise
    async for event in _follow_stored(current, poll_seconds):
        yield event


async def _follow_live(
    events: EventBus,
    topic: str,
    live: AsyncIterator[dict[str, Any]],
    current: Callable[[], Awaitable[StreamEvent | None]],
) -> AsyncIterator[StreamEvent]:
    stored = await current()
    if stored is None:
        raise LookupError(topic)
    if stored.status.is_final:
        yield stored
        return
    kept, status, error_code, last_seq = fold(await events.history(topic))
    # Both are prefixes of the final text: the bus may be ahead of the row (persisted every moment) or,
    # after Redis restarted, behind it.
    text = kept if len(kept) >= len(stored.delta) else stored.delta
    if status.is_final:  # it ended between the two reads: all of it, as stored
        final = await current()
        yield final if final is not None and final.status.is_final else StreamEvent(text, status, error_code)
        return
    yield StreamEvent(text, StreamStatus.STREAMING)
    async for event in live:
        if event["seq"] <= last_seq:
            continue
        last_seq = event["seq"]
        status = StreamStatus(event["status"])
        if status.is_final:
            yield await _end(current, text, status, event.get("error_code"), new_part(len(text), event) or "")
            return
        part = new_part(len(text), event)
        if part:
            text += part
            yield StreamEvent(part, StreamStatus.STREAMING)


async def _end(
    current: Callable[[], Awaitable[StreamEvent | None]],
    text: str,
    status: StreamStatus,
    error_code: str | None,
    part: str,
) -> StreamEvent:
    """The final event for a follower that has `text`: the stored end, with the part of the stored text it
    lacks (normally nothing); the announced end as it came if the row says otherwise."""
    stored = await current()
    if stored is not None and stored.status.is_final and stored.delta.startswith(text):
        return StreamEvent(stored.delta[len(text) :], stored.status, stored.error_code)
    return StreamEvent(part, status, error_code)


async def _follow_stored(
    current: Callable[[], Awaitable[StreamEvent | None]], poll_seconds: float
) -> AsyncIterator[StreamEvent]:
    """Without an event bus: the stored text, then what the stored row gains, read every `poll_seconds`."""
    stored = await current()
    if stored is None:
        raise LookupError("not found")
    yield stored
    text = stored.delta
    while not stored.status.is_final:
        await asyncio.sleep(poll_seconds)
        now = await current()
        if now is None:
            return  # deleted while it was being written
        part = now.delta[len(text) :] if now.delta.startswith(text) else ""
        if now.status.is_final:
            yield StreamEvent(part, now.status, now.error_code)
            return
        if part:
            text = now.delta
            yield StreamEvent(part, StreamStatus.STREAMING)
