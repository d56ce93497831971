"""Redis pub/sub, so any API replica serves any subscriber."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any, cast

from redis.asyncio import Redis


class RedisEventBus:
    def __init__(self, redis: Redis, prefix: str = "aiproxy:") -> None:
        self.redis = redis
        self.prefix = prefix + "events:"

    async def publish(self, topic: str, message: dict[str, Any]) -> None:
        await self.redis.publish(self.prefix + topic, json.dumps(message, ensure_ascii=False))

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        seq = int(await self.redis.incr(self.prefix + "seq:" + topic))
        data = json.dumps({**message, "seq": seq}, ensure_ascii=False)
        log = self.prefix + "log:" + topic
        # Kept and published atomically: a reader of the log never misses what subscribers got.
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(log, data)
            pipe.expire(log, keep_seconds)
            pipe.expire(self.prefix + "seq:" + topic, keep_seconds)
            pipe.publish(self.prefix + topic, data)
            await pipe.execute()
        return seq

    async def history(self, topic: str) -> list[dict[str, Any]]:
        items = await cast(Awaitable[list[bytes]], self.redis.lrange(self.prefix + "log:" + topic, 0, -1))
        return [json.loads(item) for item in items]

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
            await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves PubSub.aclose unannotated
