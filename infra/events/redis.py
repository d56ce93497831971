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
from redis.asyncio.client import PubSub

from domain.common.events import EventsUnavailable
from infra.redis_health import REDIS_DOWN, RedisHealth

T = TypeVar("T")

# KEYS: the topic's sequence, log and channel; ARGV: the message (a JSON object without `seq`), how long to keep.
APPEND = """
local seq = redis.call('INCR', KEYS[1])
local data = '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[2], data)
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', KEYS[3], data)
return seq
"""

# A subscription that hears nothing for this long pings Redis; one whose ping is not answered either is lost
# (a partition, where no connection error ever arrives).
IDLE_PING_SECONDS = 15.0
LISTEN_SECONDS = 5.0
# What ends the shared connection: Redis gone, or silent past a ping.
CONNECTION_LOST: tuple[type[BaseException], ...] = (*REDIS_DOWN, TimeoutError)


class RedisEventBus:
    def __init__(self, redis: Redis, prefix: str = "aiproxy:", health: RedisHealth | None = None) -> None:
        self.redis = redis
        self.prefix = prefix + "events:"
        self.health = health or RedisHealth("live updates are not delivered")
        self.fanout = Fanout(redis, self.health)
        self._append = redis.register_script(APPEND)

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
        # One round trip (a streamed answer appends every token): numbered, kept and published atomically, so
        # a reader of the log never misses what subscribers got.
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        keys = [self.prefix + "seq:" + topic, self.prefix + "log:" + topic, self.prefix + topic]

        async def append() -> int:
            return int(await self._append(keys=keys, args=[data, keep_seconds]))

        return await self._call("events.append", append)

    async def history(self, topic: str) -> list[dict[str, Any]]:
        items = await self._call(
            "events.history",
            lambda: cast(Awaitable[list[bytes]], self.redis.lrange(self.prefix + "log:" + topic, 0, -1)),
        )
        return [json.loads(item) for item in items]

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        """Through the process's one pub/sub connection (see `Fanout`): a subscriber costs a queue, not a
        Redis client, and the subscription is confirmed by Redis before this returns."""
        queue = await self._call("events.subscribe", lambda: self.fanout.join(self.prefix + topic))

        async def messages() -> AsyncIterator[dict[str, Any]]:
            while True:
                item = await queue.get()
                if isinstance(item, BaseException):
                    raise EventsUnavailable(f"the event bus was lost ({type(item).__name__})") from item
                yield item

        try:
            yield messages()
        finally:
            await self.fanout.leave(self.prefix + topic, queue)


Delivery = dict[str, Any] | BaseException


class Fanout:
    """One Redis pub/sub connection for every subscription of this process.

    A reader task takes each message off the connection and puts it into the queue of every local subscriber
    of its channel. The first subscriber of a channel subscribes it in Redis (and waits for Redis to confirm);
    the last to leave unsubscribes it. When the connection is lost, every open subscription gets the error
    (they end with SERVICE_UNAVAILABLE; subscribing again builds a new connection)."""

    def __init__(self, redis: Redis, health: RedisHealth) -> None:
        self.redis = redis
        self.health = health
        self.pubsub: PubSub | None = None
        self.reader: asyncio.Task[None] | None = None
        self.channels: dict[str, set[asyncio.Queue[Delivery]]] = {}
        self.confirmations: dict[str, asyncio.Future[None]] = {}
        self.lock = asyncio.Lock()  # subscribe/unsubscribe commands, one at a time, in order

    async def join(self, channel: str) -> asyncio.Queue[Delivery]:
        queue: asyncio.Queue[Delivery] = asyncio.Queue()
        async with self.lock:
            if self.pubsub is None:
                self.pubsub = self.redis.pubsub(ignore_subscribe_messages=False)
            listeners = self.channels.setdefault(channel, set())
            first = not listeners
            listeners.add(queue)
            if not first:
                confirmed = self.confirmations.get(channel)
            else:
                confirmed = asyncio.get_running_loop().create_future()
                self.confirmations[channel] = confirmed
                try:
                    await self.pubsub.subscribe(channel)
                except BaseException:
                    self._forget(channel, queue)
                    raise
                if self.reader is None or self.reader.done():
                    self.reader = asyncio.create_task(self._read(self.pubsub))
        try:
            if confirmed is not None:
                # Nothing published after the confirmation is missed; wait for it outside the lock.
                await asyncio.wait_for(asyncio.shield(confirmed), LISTEN_SECONDS)
        except BaseException:
            await self.leave(channel, queue)
            raise
        return queue

    async def leave(self, channel: str, queue: asyncio.Queue[Delivery]) -> None:
        async with self.lock:
            if not self._forget(channel, queue) or self.pubsub is None:
                return
            with contextlib.suppress(*REDIS_DOWN):  # a lost connection has nothing left to unsubscribe
                await self.pubsub.unsubscribe(channel)

    def _forget(self, channel: str, queue: asyncio.Queue[Delivery]) -> bool:
        """Drop one subscriber; True when it was the channel's last."""
        listeners = self.channels.get(channel)
        if listeners is None:
            return False
        listeners.discard(queue)
        if listeners:
            return False
        del self.channels[channel]
        self.confirmations.pop(channel, None)
        return True

    async def _read(self, pubsub: PubSub) -> None:
        loop = asyncio.get_running_loop()
        heard, pinged = loop.time(), False
        try:
            while self.channels or self.confirmations:
                raw = await pubsub.get_message(timeout=LISTEN_SECONDS)
                if raw is None:
                    silent = loop.time() - heard
                    if pinged and silent > 2 * IDLE_PING_SECONDS:
                        raise TimeoutError("Redis did not answer a ping")
                    if not pinged and silent > IDLE_PING_SECONDS:
                        await pubsub.ping()
                        pinged = True
                    continue
                heard, pinged = loop.time(), False
                channel = raw["channel"].decode() if isinstance(raw["channel"], bytes) else str(raw["channel"])
                if raw["type"] == "subscribe":
                    confirmed = self.confirmations.get(channel)
                    if confirmed is not None and not confirmed.done():
                        confirmed.set_result(None)
                elif raw["type"] == "message":
                    message = json.loads(raw["data"])
                    for queue in tuple(self.channels.get(channel, ())):
                        queue.put_nowait(message)
        except CONNECTION_LOST as exc:
            self.health.failed(exc, "events.subscription")
            await self._lost(pubsub, exc)

    async def _lost(self, pubsub: PubSub, error: BaseException) -> None:
        """The connection is gone: every open subscription ends; the next one builds a new connection."""
        async with self.lock:
            for channel, listeners in self.channels.items():
                for queue in listeners:
                    queue.put_nowait(error)
                confirmed = self.confirmations.get(channel)
                if confirmed is not None and not confirmed.done():
                    confirmed.set_exception(EventsUnavailable("the event bus was lost"))
            self.channels.clear()
            self.confirmations.clear()
            if self.pubsub is pubsub:
                self.pubsub = None
        with contextlib.suppress(*REDIS_DOWN):
            await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves PubSub.aclose unannotated

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader
        if self.pubsub is not None:
            with contextlib.suppress(*REDIS_DOWN):
                await self.pubsub.aclose()  # type: ignore[no-untyped-call]  # as above
            self.pubsub = None
