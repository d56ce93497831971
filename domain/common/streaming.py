"""Streamed text, for any area: every delta is published at once (and kept, so late subscribers can
catch up), the text is persisted at least every `persist_interval` seconds, and the stream ends with a
final event.

Concatenating the deltas of one stream gives exactly the text that is stored at the end."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from domain.common.events import EventBus

KEEP_SECONDS = 3600


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


@dataclass
class TextStreamWriter:
    events: EventBus
    topic: str
    persist: Callable[[str], Awaitable[None]]
    persist_interval: float = 0.25
    text: str = ""
    _persisted_at: float = field(default_factory=time.monotonic)
    _persisted_text: str = ""
    _publishing: asyncio.Future[int] | None = None

    async def add(self, delta: str) -> None:
        if not delta:
            return
        self.text += delta
        message = {"delta": delta, "status": StreamStatus.STREAMING.value}
        self._publishing = asyncio.ensure_future(self.events.append(self.topic, message, KEEP_SECONDS))
        # Shielded: a stop arriving now must not leave a delta in the text that the stream never carried.
        await asyncio.shield(self._publishing)
        if time.monotonic() - self._persisted_at >= self.persist_interval:
            await self.flush()

    async def flush(self) -> None:
        if self.text != self._persisted_text:
            await self.persist(self.text)
            self._persisted_text = self.text
        self._persisted_at = time.monotonic()

    async def finish(self, status: StreamStatus, error_code: str | None = None) -> None:
        """Announce the end. Call it once the final state is committed: subscribers then read it."""
        if self._publishing is not None:
            # The last delta's publish may still be finishing (it outlives a stop): the end comes after it.
            with contextlib.suppress(Exception):
                await self._publishing
        final: dict[str, Any] = {"delta": "", "status": status.value, "error_code": error_code}
        await self.events.append(self.topic, final, KEEP_SECONDS)


async def announce_end(events: EventBus, topic: str, status: StreamStatus, error_code: str | None = None) -> None:
    """End a stream whose writer is gone (stopped before it started, or its job was lost)."""
    await events.append(topic, {"delta": "", "status": status.value, "error_code": error_code}, KEEP_SECONDS)


@dataclass(frozen=True)
class StreamEvent:
    delta: str
    status: StreamStatus
    error_code: str | None = None


def catch_up(history: list[dict[str, Any]]) -> tuple[StreamEvent, int]:
    """Fold what a stream kept into one event (all text so far), and the last seq it covers."""
    text = "".join(item["delta"] for item in history)
    last = history[-1] if history else {"status": StreamStatus.STREAMING.value, "seq": 0}
    return StreamEvent(text, StreamStatus(last["status"]), last.get("error_code")), int(last["seq"])


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
    events: EventBus, topic: str, current: Callable[[], Awaitable[StreamEvent | None]]
) -> AsyncIterator[StreamEvent]:
    """A streamed text from wherever it is now to its end: first all text so far, then each new piece.

    `current` reads the stored state (text and status). It subscribes before reading, so nothing
    published in between is missed, and drops what the kept history already covered.
    Raises LookupError when `current` finds nothing (not there, or not the caller's)."""
    async with events.subscribe(topic) as live:
        stored = await current()
        if stored is None:
            raise LookupError(topic)
        if stored.status.is_final:
            yield stored
            return
        so_far, last_seq = catch_up(await events.history(topic))
        yield so_far
        if so_far.status.is_final:
            return
        async for event in live:
            if event["seq"] <= last_seq:
                continue
            last_seq = event["seq"]
            update = StreamEvent(event["delta"], StreamStatus(event["status"]), event.get("error_code"))
            yield update
            if update.status.is_final:
                return
