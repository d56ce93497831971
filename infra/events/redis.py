"""Redis pub/sub, so any API replica serves any subscriber."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis


class RedisEventBus:
    def __init__(self, redis: Redis, prefix: str = "aiproxy:") -> None:
        self.redis = redis
        self.prefix = prefix + "events:"

    async def publish(self, topic: str, message: dict[str, Any]) -> None:
        await self.redis.publish(self.prefix + topic, json.dumps(message, ensure_ascii=False))

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=False)
        await pubsub.subscribe(self.prefix + topic)
        # Wait for Redis to confirm, so nothing published from here on is missed.
        while True:
            confirmation = await pubsub.get_message(timeout=5.0)
            if confirmation is None:
                raise ConnectionError("Redis did not confirm the subscription")
            if confirmation["type"] == "subscribe":
                break

        async def messages() -> AsyncIterator[dict[str, Any]]:
            async for raw in pubsub.listen():
                if raw["type"] == "message":
                    yield json.loads(raw["data"])

        try:
            yield messages()
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()
