"""The request rate limit, on the `limits` library: a sliding window per subject (a user or an address),
kept in Redis (shared by every replica) or in memory (one process).

Redis is an accelerator, not a dependency: while it cannot be reached, requests are let through and a
warning is logged (at most once a minute), rather than failing every request.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from redis.asyncio import Redis

log = logging.getLogger("aiproxy.ratelimit")


class RequestRateLimiter:
    """At most `per_minute` requests per subject in any sliding minute; 0 or less turns the limit off."""

    def __init__(self, storage: Storage, per_minute: int) -> None:
        self.storage = storage
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(max(per_minute, 1), namespace="req")
        self.limiter = SlidingWindowCounterRateLimiter(storage)
        self._warned_at = 0.0

    async def allow(self, subject: str) -> bool:
        if self.per_minute <= 0:
            return True
        try:
            return await self.limiter.hit(self.item, subject)
        except Exception as exc:  # the store is down: serve, and say so
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning("rate limit store unavailable, requests are not limited: %s", exc)
            return True


def request_rate_limiter(redis: Redis | None, key_prefix: str, per_minute: int) -> RequestRateLimiter:
    """In Redis when the app has one (sharing its connection pool), else in this process's memory."""
    if redis is None:
        return RequestRateLimiter(MemoryStorage(), per_minute)
    storage = RedisStorage(
        "async+redis://",
        implementation="redispy",
        key_prefix=key_prefix + "limits",
        connection_pool=redis.connection_pool,  # type: ignore[arg-type]  # limits types options as scalars; redis-py takes a pool
    )
    return RequestRateLimiter(storage, per_minute)
