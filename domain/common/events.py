"""The event port: publish/subscribe for live updates (job progress, streamed text), any area.

Events are an accelerator: the database is the truth. An event bus that cannot reach its broker (Redis)
degrades rather than fails the caller: `publish` drops the event, `append`, `history` and `subscribe` raise
`EventsUnavailable`, and a subscription that loses the broker raises it from its iterator. Whoever follows a
stream then falls back to the stored rows (see domain/common/streaming.py: follow)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol


class EventsUnavailable(Exception):
    """The event bus cannot reach its broker (or lost it while a subscription was open)."""


class EventBus(Protocol):
    async def publish(self, topic: str, message: dict[str, Any]) -> None:
        """Best effort: while the broker is down the message is dropped (never raises for that)."""
        ...

    def subscribe(self, topic: str) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]:
        """Subscribed when the context is entered: nothing published after that is missed.
        Raises EventsUnavailable on entering, or from the iterator when the broker is lost."""
        ...

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        """Publish `message` with a sequence number `seq` (1, 2, …) and keep it for `history`.
        One writer per topic (the job that produces the stream). Raises EventsUnavailable when it could not."""
        ...

    async def history(self, topic: str) -> list[dict[str, Any]]:
        """What `append` kept for topic, oldest first. Subscribe first, then read the history:
        together they miss nothing (drop live messages whose seq the history already has).
        Raises EventsUnavailable."""
        ...
