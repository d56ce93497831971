"""Streams, limits and counters without their broker: a bus that goes down, comes back empty (Redis restarted
without persistence), or fails after doing the work; a rate-limit store and counters that fail. No I/O: the
in-memory adapters, made to fail on cue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import redis.exceptions
from limits.aio.storage import MemoryStorage

from domain.common.events import EventsUnavailable
from domain.common.streaming import StreamEvent, StreamStatus, TextStreamWriter, fold, follow
from infra.db.migrate import _not_reachable_yet
from infra.events.memory import MemoryEventBus
from infra.rate_limits import RequestRateLimiter
from infra.ratelimit import DegradingCounters
from infra.redis_health import RedisHealth
from tests.unit.fakes import MemoryCounters
from workers.supervisor import RETRY_MAX_SECONDS, retry_delay

TOPIC = "text:t"


class FlakyBus(MemoryEventBus):
    """The in-memory bus, with a broker that can be down, restart empty, or drop a reply."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.drop_next_reply = False  # the append happens, but the caller hears a failure
        self._lost: list[asyncio.Queue[dict[str, Any]]] = []

    def restart_empty(self) -> None:
        self._logs.clear()

    def lose_subscribers(self) -> None:
        for queue in self._lost:
            queue.put_nowait({"__lost__": True})

    async def append(self, topic: str, message: dict[str, Any], keep_seconds: int = 3600) -> int:
        if self.down:
            raise EventsUnavailable("down")
        seq = await super().append(topic, message, keep_seconds)
        if self.drop_next_reply:
            self.drop_next_reply = False
            raise EventsUnavailable("the reply was lost")
        return seq

    async def history(self, topic: str) -> list[dict[str, Any]]:
        if self.down:
            raise EventsUnavailable("down")
        return await super().history(topic)

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        if self.down:
            raise EventsUnavailable("down")
        async with super().subscribe(topic) as stream:
            queue = next(q for q in self._subscribers[topic] if q not in self._lost)
            self._lost.append(queue)

            async def messages() -> AsyncIterator[dict[str, Any]]:
                async for message in stream:
                    if message.get("__lost__"):
                        raise EventsUnavailable("lost")
                    yield message

            yield messages()


async def _persist(_: str) -> None:
    return None


def writer(bus: FlakyBus) -> TextStreamWriter:
    return TextStreamWriter(bus, TOPIC, _persist, persist_interval=0, retry_seconds=0)


async def test_what_the_bus_keeps_adds_up_to_the_text_through_an_outage_and_an_empty_restart() -> None:
    bus = FlakyBus()
    w = writer(bus)
    for delta in ("Once ", "upon "):
        await w.add(delta)
    bus.down = True
    for delta in ("a ", "time "):
        await w.add(delta)  # not published, and no error: the answer goes on
    assert fold(await MemoryEventBus.history(bus, TOPIC))[0] == "Once upon "
    bus.down = False
    bus.restart_empty()  # Redis came back without the stream's log
    await w.add("there ")
    text, status, _, _ = fold(await bus.history(TOPIC))
    assert text == "Once upon a time there " == w.text and status is StreamStatus.STREAMING
    assert await w.finish(StreamStatus.COMPLETE)
    text, status, _, _ = fold(await bus.history(TOPIC))
    assert (text, status) == (w.text, StreamStatus.COMPLETE)


async def test_a_publish_that_failed_after_it_was_kept_is_not_sent_twice() -> None:
    bus = FlakyBus()
    w = writer(bus)
    await w.add("one ")
    bus.drop_next_reply = True
    await w.add("two ")
    await w.add("three ")
    await w.finish(StreamStatus.COMPLETE)
    assert fold(await bus.history(TOPIC))[0] == "one two three "


async def test_the_end_brings_what_the_bus_never_carried() -> None:
    """The writer's last deltas were lost and the bus is back only for the end: the end carries them."""
    bus = FlakyBus()
    w = writer(bus)
    await w.add("kept ")
    bus.down = True
    await w.add("lost ")
    bus.down = False
    assert await w.finish(StreamStatus.COMPLETE)
    assert fold(await bus.history(TOPIC))[:2] == ("kept lost ", StreamStatus.COMPLETE)


def stored(text: str, status: StreamStatus = StreamStatus.STREAMING) -> StreamEvent:
    return StreamEvent(text, status)


async def test_a_follower_whose_bus_is_down_follows_the_stored_row() -> None:
    bus = FlakyBus()
    bus.down = True
    rows = [stored("Once"), stored("Once"), stored("Once upon"), stored("Once upon a time", StreamStatus.COMPLETE)]

    async def current() -> StreamEvent:
        return rows.pop(0) if len(rows) > 1 else rows[0]

    events = [e async for e in follow(bus, TOPIC, current, poll_seconds=0.001)]
    assert [(e.delta, e.status) for e in events] == [
        ("Once", StreamStatus.STREAMING),
        (" upon", StreamStatus.STREAMING),
        (" a time", StreamStatus.COMPLETE),
    ]


async def test_a_follower_that_loses_its_bus_is_told_and_a_new_one_continues_from_the_stored_text() -> None:
    bus = FlakyBus()
    w = writer(bus)
    await w.add("Once upon ")
    row = {"text": "Once upon ", "status": StreamStatus.STREAMING}

    async def current() -> StreamEvent:
        return StreamEvent(row["text"], row["status"])  # type: ignore[arg-type]  # a plain dict for the test

    first = follow(bus, TOPIC, current)
    assert (await anext(first)).delta == "Once upon "
    bus.lose_subscribers()
    with pytest.raises(EventsUnavailable):
        await anext(first)

    again = follow(bus, TOPIC, current)
    assert (await anext(again)).delta == "Once upon "
    await w.add("a time")
    assert (await anext(again)).delta == "a time"
    row.update(text="Once upon a time", status=StreamStatus.COMPLETE)
    await w.finish(StreamStatus.COMPLETE)
    end = await anext(again)
    assert (end.delta, end.status) == ("", StreamStatus.COMPLETE)


async def test_a_follower_drops_what_it_has_and_the_end_fills_what_it_lacks() -> None:
    """Events overlap (a resend after an outage) or leave a hole (lost before the follower joined): the
    follower takes only what is new, and the end brings the stored text it still lacks."""
    bus = FlakyBus()
    row = {"text": "ab", "status": StreamStatus.STREAMING}

    async def current() -> StreamEvent:
        return StreamEvent(row["text"], row["status"])  # type: ignore[arg-type]  # a plain dict for the test

    await bus.append(TOPIC, {"delta": "ab", "at": 0, "status": "STREAMING"})
    stream = follow(bus, TOPIC, current)
    assert (await anext(stream)).delta == "ab"
    await bus.append(TOPIC, {"delta": "abcd", "at": 0, "status": "STREAMING"})  # a resend from the start
    assert (await anext(stream)).delta == "cd"
    await bus.append(TOPIC, {"delta": "gh", "at": 6, "status": "STREAMING"})  # a hole: e and f were lost
    row.update(text="abcdefgh", status=StreamStatus.FAILED)
    await bus.append(TOPIC, {"delta": "", "at": 8, "status": "FAILED", "error_code": "INTERRUPTED"})
    end = await anext(stream)
    assert (end.delta, end.status) == ("efgh", StreamStatus.FAILED)


# -- one log line per outage --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_logged_when_it_starts_and_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    health = RedisHealth("things degrade", retry_seconds=1.0, clock=clock)
    caplog.set_level(logging.WARNING, "aiproxy.redis")
    for _ in range(50):
        if health.should_try():
            health.failed(redis.exceptions.ConnectionError("refused"), "test")
    assert not health.available and health.status()["available"] is False
    clock.now += 0.5
    assert not health.should_try()  # at most one try a second while it is down
    clock.now += 0.6
    assert health.should_try()
    health.succeeded()
    health.succeeded()
    assert health.available and health.outages == 1
    assert [r.getMessage().split(" (")[0].split(";")[0] for r in caplog.records] == [
        "Redis is unavailable",
        "Redis is available again after 1.1 s",
    ]


class DownStorage(MemoryStorage):
    async def incr(self, *args: Any, **kwargs: Any) -> int:
        raise redis.exceptions.ConnectionError("refused")

    async def get(self, key: str) -> int:
        raise redis.exceptions.ConnectionError("refused")

    async def get_sliding_window(self, *args: Any, **kwargs: Any) -> Any:
        raise redis.exceptions.ConnectionError("refused")

    async def acquire_sliding_window_entry(self, *args: Any, **kwargs: Any) -> bool:
        raise redis.exceptions.ConnectionError("refused")


async def test_without_its_store_the_rate_limit_counts_in_this_process(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "aiproxy.redis")
    limiter = RequestRateLimiter(DownStorage(), per_minute=3, health=RedisHealth("limits per process"))
    assert [await limiter.allow("user:1") for _ in range(5)] == [True, True, True, False, False]
    assert await limiter.allow("user:2")
    assert len(caplog.records) == 1


class DownCounters(MemoryCounters):
    async def hit(self, key: str, window_seconds: int) -> int:
        raise redis.exceptions.ConnectionError("refused")

    async def has_flag(self, key: str) -> bool:
        raise redis.exceptions.TimeoutError("timed out")

    async def set_flag(self, key: str, seconds: int) -> None:
        raise redis.exceptions.ConnectionError("refused")


async def test_without_redis_the_login_throttle_counts_in_its_fallback_and_its_locks_outlast_the_outage() -> None:
    fallback = MemoryCounters()  # the database's counters, in the container
    counters = DegradingCounters(DownCounters(), RedisHealth("counters in the database", retry_seconds=0), fallback)
    assert [await counters.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert not await counters.has_flag("locked")
    await counters.set_flag("locked", 60)
    assert await counters.has_flag("locked") and fallback.values == {"k": 3, "locked": 1}
    # Redis is back, empty: the lock made during the outage still holds; new counts go to Redis.
    counters.primary = MemoryCounters()
    assert await counters.has_flag("locked")
    assert await counters.hit("k", 60) == 1
    assert counters.health.available


def test_what_a_worker_waits_for_at_start() -> None:
    refused = ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")
    missing = RuntimeError('database "aiproxy" does not exist')  # asyncpg's InvalidCatalogNameError, as text
    assert _not_reachable_yet(refused) and _not_reachable_yet(missing)
    assert not _not_reachable_yet(ValueError('relation "jobs" does not exist'))


def test_reconnecting_backs_off_to_a_ceiling() -> None:
    delays = [retry_delay(attempt) for attempt in range(1, 10)]
    assert all(0 < d <= RETRY_MAX_SECONDS for d in delays)
    assert retry_delay(1) <= 0.5 and retry_delay(8) >= RETRY_MAX_SECONDS / 2
