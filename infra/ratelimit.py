"""Fixed-window counters in Redis (shared by every replica) or in memory (one process), for the login throttle.

While Redis is down the counters degrade to this process's memory (`DegradingCounters`): logins keep
working and are still throttled, per process, and the outage is logged once. The request rate limit is in
infra/rate_limits.py."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from redis.asyncio import Redis

from infra.redis_health import REDIS_DOWN, RedisHealth

T = TypeVar("T")


class Counters(Protocol):
    async def hit(self, key: str, window_seconds: int) -> int:
        """Count one event in the current window of key; returns the count so far."""
        ...

    async def get(self, key: str) -> int: ...

    async def set_flag(self, key: str, seconds: int) -> None: ...

    async def has_flag(self, key: str) -> bool: ...

    async def clear(self, key: str) -> None: ...


class MemoryCounters:
    def __init__(self) -> None:
        self._values: dict[str, tuple[int, float]] = {}

    def _live(self, key: str) -> int:
        value = self._values.get(key)
        if value is None or value[1] <= time.monotonic():
            self._values.pop(key, None)
            return 0
        return value[0]

    async def hit(self, key: str, window_seconds: int) -> int:
        current = self._live(key)
        expires = self._values[key][1] if current else time.monotonic() + window_seconds
        self._values[key] = (current + 1, expires)
        if len(self._values) > 100_000:  # keep memory bounded under abuse
            for stale in [k for k, (_, exp) in self._values.items() if exp <= time.monotonic()]:
                self._values.pop(stale, None)
        return current + 1

    async def get(self, key: str) -> int:
        return self._live(key)

    async def set_flag(self, key: str, seconds: int) -> None:
        self._values[key] = (1, time.monotonic() + seconds)

    async def has_flag(self, key: str) -> bool:
        return self._live(key) > 0

    async def clear(self, key: str) -> None:
        self._values.pop(key, None)


class RedisCounters:
    def __init__(self, redis: Redis, prefix: str = "aiproxy:") -> None:
        self.redis = redis
        self.prefix = prefix + "rl:"

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(self.prefix + key)
            pipe.expire(self.prefix + key, window_seconds, nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def get(self, key: str) -> int:
        return int(await self.redis.get(self.prefix + key) or 0)

    async def set_flag(self, key: str, seconds: int) -> None:
        await self.redis.set(self.prefix + key, 1, ex=seconds)

    async def has_flag(self, key: str) -> bool:
        return bool(await self.redis.exists(self.prefix + key))

    async def clear(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)


class DegradingCounters:
    """Counters in Redis while it answers, in this process's memory while it does not."""

    def __init__(self, primary: Counters, health: RedisHealth, fallback: Counters | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryCounters()
        self.health = health

    async def _use(self, call: Callable[[Counters], Awaitable[T]]) -> T:
        if self.health.should_try():
            try:
                result = await call(self.primary)
            except REDIS_DOWN as exc:
                self.health.failed(exc, "login throttle")
            else:
                self.health.succeeded()
                return result
        return await call(self.fallback)

    async def hit(self, key: str, window_seconds: int) -> int:
        return await self._use(lambda c: c.hit(key, window_seconds))

    async def get(self, key: str) -> int:
        return await self._use(lambda c: c.get(key))

    async def set_flag(self, key: str, seconds: int) -> None:
        await self._use(lambda c: c.set_flag(key, seconds))

    async def has_flag(self, key: str) -> bool:
        return await self._use(lambda c: c.has_flag(key))

    async def clear(self, key: str) -> None:
        await self._use(lambda c: c.clear(key))


class CounterLoginThrottle:
    """After `max_failures` failed logins within the window, the email is locked for `lockout_seconds`."""

    def __init__(self, counters: Counters, max_failures: int, lockout_seconds: int) -> None:
        self.counters = counters
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds

    async def is_locked(self, key: str) -> bool:
        return await self.counters.has_flag(key + ":locked")

    async def record_failure(self, key: str) -> None:
        if await self.counters.hit(key + ":failures", self.lockout_seconds) >= self.max_failures:
            await self.counters.set_flag(key + ":locked", self.lockout_seconds)
            await self.counters.clear(key + ":failures")

    async def reset(self, key: str) -> None:
        await self.counters.clear(key + ":failures")
