"""Fixed-window counters for the login throttle: in Redis (shared by every replica) or, without Redis, in the
database (so a restart does not unlock anything).

While Redis is down the counters degrade to the database's (`DegradingCounters`): logins keep working and
are still throttled, across replicas, and the outage is logged once. The request rate limit is in
infra/rate_limits.py."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from redis.asyncio import Redis
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.common.clock import utcnow
from infra.db.counters import throttle_counters as counters_table
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


class SqlCounters:
    """Counters in the database. Each call is a short transaction of its own, apart from the request's unit of
    work: a failed login is counted although the login's own work is rolled back. Counts are updated in the
    database (an upsert), so concurrent requests never lose one; expired counters are deleted as new ones come."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @staticmethod
    def _key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    async def _forget_expired(self, connection: AsyncConnection) -> None:
        await connection.execute(delete(counters_table).where(counters_table.c.expires_at <= utcnow()))

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self.engine.begin() as connection:
            await self._forget_expired(connection)
            expires = utcnow() + timedelta(seconds=window_seconds)
            statement = (
                self.insert(counters_table)
                .values(key=self._key(key), value=1, expires_at=expires)
                .on_conflict_do_update(index_elements=["key"], set_={"value": counters_table.c.value + 1})
                .returning(counters_table.c.value)
            )
            return int((await connection.execute(statement)).scalar_one())

    async def get(self, key: str) -> int:
        query = select(counters_table.c.value).where(
            counters_table.c.key == self._key(key), counters_table.c.expires_at > utcnow()
        )
        async with self.engine.connect() as connection:
            return int(await connection.scalar(query) or 0)

    async def set_flag(self, key: str, seconds: int) -> None:
        values: dict[str, Any] = {"value": 1, "expires_at": utcnow() + timedelta(seconds=seconds)}
        statement = (
            self.insert(counters_table)
            .values(key=self._key(key), **values)
            .on_conflict_do_update(index_elements=["key"], set_=values)
        )
        async with self.engine.begin() as connection:
            await connection.execute(statement)

    async def has_flag(self, key: str) -> bool:
        return await self.get(key) > 0

    async def clear(self, key: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(delete(counters_table).where(counters_table.c.key == self._key(key)))


class DegradingCounters:
    """Counters in Redis while it answers, in the fallback (the database's counters) while it does not."""

    def __init__(self, primary: Counters, health: RedisHealth, fallback: Counters) -> None:
        self.primary = primary
        self.fallback = fallback
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
