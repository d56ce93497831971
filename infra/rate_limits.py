"""The request rate limit, on the `limits` library: a sliding window per subject (a user or an address),
kept in Redis (shared by every replica) or in memory (one process).

Redis is an accelerator, not a dependency: while it cannot be reached, requests are counted in this
process's memory instead (each replica then allows the limit on its own), and the outage is logged once
(by the process's RedisHealth), not per request.
"""

from __future__ import annotations

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from redis.asyncio import Redis

from infra.redis_health import RedisHealth


class RequestRateLimiter:
    """At most `per_minute` requests per subject in any sliding minute; 0 or less turns the limit off.
    With a `health` (the store is Redis), a store that fails hands over to an in-memory fallback."""

    def __init__(self, storage: Storage, per_minute: int, health: RedisHealth | None = None) -> None:
        self.storage = storage
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(max(per_minute, 1), namespace="req")
        self.limiter = SlidingWindowCounterRateLimiter(storage)
        self.health = health
        self.fallback = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def allow(self, subject: str) -> bool:
        if self.per_minute <= 0:
            return True
        if self.health is None:
            return await self.limiter.hit(self.item, subject)
        if not self.health.should_try():
            return await self.fallback.hit(self.item, subject)
        try:
            allowed = await self.limiter.hit(self.item, subject)
        except Exception as exc:  # the store is down (whatever `limits` wraps it in): count here, and say so once
            self.health.failed(exc, "rate limit")
            return await self.fallback.hit(self.item, subject)
        self.health.succeeded()
        return allowed


def request_rate_limiter(
    redis: Redis | None, key_prefix: str, per_minute: int, health: RedisHealth | None = None
) -> RequestRateLimiter:
    """In Redis when the app has one (sharing its connection pool), else in this process's memory."""
    if redis is None:
        return RequestRateLimiter(MemoryStorage(), per_minute)
    storage = RedisStorage(
        "async+redis://",
        implementation="redispy",
        key_prefix=key_prefix + "limits",
        connection_pool=redis.connection_pool,  # type: ignore[arg-type]  # limits types options as scalars; redis-py takes a pool
    )
    return RequestRateLimiter(storage, per_minute, health or RedisHealth("requests are rate-limited per process"))
