"""Redis pub/sub, so any API replica serves any subscriber.

Degrades while Redis is down (domain/common/events.py): `publish` drops, the rest raise `EventsUnavailable`;
the outage is reported to the process's `RedisHealth`, which logs it once and spaces out the retries."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from redis.asyncio import Redis

from domain.common.events import EventsUnavailable
from infra.redis_health import REDIS_DOWN, RedisHealth

T = TypeVar("T")

# A subscription that hears nothing for this long pings Redis; one whose ping is not answered either is lost
# (a partition, where no connection error ever arrives).
IDLE_PING_SECONDS = 15.0
LISTEN_SECONDS = 5.0


class RedisEventBus:
    def __init__(self, redis: Redis, prefix: str = "aiproxy:", health: RedisHealth | None = None) -> None:
        self.redis = redis
        self.prefix = prefix + "events:"
        self.health = health or RedisHealth("live updates are not delivered")

    async def _call(self, where: str, call: Callable[[], Awaitable[T]]) -> T:
        if not self.health.should_try():
            raise EventsUnavailable("Redis is unavailable")
        try:
            result = await call()
        except REDIS_DOWN as exc:
            self.health.failed(exc, where)
            raise EventsUnavailable(f"Redis is unavailable ({type(exc).__name__})") from exc
        self.health.succeeded()
        return result

    async def publish(self, topic: str, message: dict[str, Any]) -> None:
        data = json.dumps(message, ensure_ascii=False)
        with contextlib.suppress(EventsUnavailable):  # best effort: the row is the truth
            await self._call("events.publish", lambda: self.redis.publish(self.prefix + topic, data))

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        async def append() -> int:
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

        return await self._call("events.append", append)

    async def history(self, topic: str) -> list[dict[str, Any]]:
        items = await self._call(
            "events.history",
            lambda: cast(Awaitable[list[bytes]], self.redis.lrange(self.prefix + "log:" + topic, 0, -1)),
        )
        return [json.loads(item) for item in items]

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=False)
        subscribed = False

        async def confirmed() -> None:
            nonlocal subscribed
            subscribed = True
            await pubsub.subscribe(self.prefix + topic)
            # Wait for Redis to confirm, so nothing published from here on is missed.
            while True:
                confirmation = await pubsub.get_message(timeout=LISTEN_SECONDS)
                if confirmation is None:
                    raise TimeoutError("Redis did not confirm the subscription")
                if confirmation["type"] == "subscribe":
                    return

        async def messages() -> AsyncIterator[dict[str, Any]]:
            loop = asyncio.get_running_loop()
            heard = loop.time()
            pinged = False
            while True:
                try:
                    raw = await pubsub.get_message(timeout=LISTEN_SECONDS)
                    if raw is None:
                        silent = loop.time() - heard
                        if pinged and silent > 2 * IDLE_PING_SECONDS:
                            raise TimeoutError("Redis did not answer a ping")
                        if not pinged and silent > IDLE_PING_SECONDS:
                            await pubsub.ping()
                            pinged = True
                        continue
                except REDIS_DOWN as exc:
                    self.health.failed(exc, "events.subscription")
                    raise EventsUnavailable(f"the event bus was lost ({type(exc).__name__})") from exc
                heard, pinged = loop.time(), False
                if raw["type"] == "message":
                    yield json.loads(raw["data"])

        try:
            await self._call("events.subscribe", confirmed)
            yield messages()
        finally:
            if subscribed:
                with contextlib.suppress(*REDIS_DOWN):  # a lost connection has nothing left to unsubscribe
                    await pubsub.unsubscribe()
            with contextlib.suppress(*REDIS_DOWN):
                await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves PubSub.aclose unannotated
