"""The event port: publish/subscribe for live updates (job progress, streamed text), any area."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol


class EventBus(Protocol):
    async def publish(self, topic: str, message: dict[str, Any]) -> None: ...

    def subscribe(self, topic: str) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]:
        """Subscribed when the context is entered: nothing published after that is missed."""
        ...

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        """Publish `message` with a sequence number `seq` (1, 2, …) and keep it for `history`.
        One writer per topic (the job that produces the stream)."""
        ...

    async def history(self, topic: str) -> list[dict[str, Any]]:
        """What `append` kept for topic, oldest first. Subscribe first, then read the history:
        together they miss nothing (drop live messages whose seq the history already has)."""
        ...
