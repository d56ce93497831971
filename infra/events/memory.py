"""In-process pub/sub for the embedded default (one API process)."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


class MemoryEventBus:
    def __init__(self, queue_size: int = 10_000) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._queue_size = queue_size
        self._logs: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        now = time.monotonic()
        for stale in [t for t, (expires, _) in self._logs.items() if expires <= now]:
            del self._logs[stale]
        _, log = self._logs.get(topic, (0.0, []))
        message = {**message, "seq": len(log) + 1}
        log.append(message)
        self._logs[topic] = (now + keep_seconds, log)
        await self.publish(topic, message)
        return int(message["seq"])

    async def history(self, topic: str) -> list[dict[str, Any]]:
        expires, log = self._logs.get(topic, (0.0, []))
        return list(log) if expires > time.monotonic() else []

    async def publish(self, topic: str, message: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(topic, ())):
            if queue.full():  # a stalled subscriber loses its oldest event, never blocks publishers
                queue.get_nowait()
            queue.put_nowait(message)

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(self._queue_size)
        self._subscribers[topic].add(queue)

        async def messages() -> AsyncIterator[dict[str, Any]]:
            while True:
                yield await queue.get()

        try:
            yield messages()
        finally:
            self._subscribers[topic].discard(queue)
            if not self._subscribers[topic]:
                del self._subscribers[topic]

    async def close(self) -> None:
        self._subscribers.clear()
