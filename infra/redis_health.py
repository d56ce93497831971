"""Redis is an accelerator, not a dependency (ARCHITECTURE.md, hardening rules): one process's view of it.

Every adapter that talks to Redis (events, rate limits, the login throttle, the job queue, the worker's arq
loop) reports to the process's one `RedisHealth`: a failure marks Redis down, a success marks it up again.
So an outage is logged twice — when it starts and when it ends — and never once per request, and `/readyz`
can say that this process is degraded. While Redis is down each adapter falls back (see their modules) and
tries Redis again at most once per `retry_seconds`: a dead Redis costs one failed connection a second, not
one per request, and a Redis that has come back is noticed within that second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable

import redis.exceptions
from redis.asyncio import Redis

log = logging.getLogger("aiproxy.redis")

# What "Redis cannot be reached" looks like: refused or reset connections, timeouts, a server still loading
# its data (BusyLoadingError is a ConnectionError). Anything else from Redis is a bug, not an outage.
REDIS_DOWN: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
    asyncio.TimeoutError,
)

# Short timeouts: a Redis that hangs (paused, partitioned) must fail a call within seconds, never hold a request.
CONNECT_TIMEOUT_SECONDS = 2.0
COMMAND_TIMEOUT_SECONDS = 5.0
HEALTH_CHECK_SECONDS = 15


def redis_client(url: str) -> Redis:
    """The process's one Redis client (and connection pool); events, limits and the queue share it."""
    client: Redis = Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=COMMAND_TIMEOUT_SECONDS,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )
    return client


class RedisHealth:
    """Up, or down since when (and why). `degraded` says, for the log, what this process does without Redis."""

    def __init__(
        self,
        degraded: str,
        retry_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.degraded = degraded
        self.retry_seconds = retry_seconds
        self._clock = clock
        self.down_since: float | None = None
        self.last_error: str | None = None
        self.outages = 0
        self._next_try = 0.0

    @property
    def available(self) -> bool:
        return self.down_since is None

    def down_for(self) -> float:
        return 0.0 if self.down_since is None else self._clock() - self.down_since

    def should_try(self) -> bool:
        """Whether to call Redis now: always while it is up; while it is down, once per `retry_seconds`."""
        if self.down_since is None:
            return True
        now = self._clock()
        if now >= self._next_try:
            self._next_try = now + self.retry_seconds
            return True
        return False

    def failed(self, error: BaseException, where: str) -> None:
        now = self._clock()
        self._next_try = now + self.retry_seconds
        self.last_error = type(error).__name__
        if self.down_since is None:
            self.down_since = now
            self.outages += 1
            log.warning(
                "Redis is unavailable (%s in %s); %s. Retrying every %.0f s.",
                type(error).__name__,
                where,
                self.degraded,
                self.retry_seconds,
                extra={"redis_error": str(error)[:300], "pid": os.getpid()},
            )

    def succeeded(self) -> None:
        if self.down_since is not None:
            log.warning(
                "Redis is available again after %.1f s; back to normal.",
                self._clock() - self.down_since,
                extra={"pid": os.getpid()},
            )
            self.down_since = None
            self.last_error = None

    async def keep_watch(self, redis: Redis) -> None:
        """While Redis is down, ping it every `retry_seconds`: its return is noticed (and logged, with the
        outage's true length) even by a process that has nothing else to send it."""
        while True:
            await asyncio.sleep(self.retry_seconds)
            if self.down_since is None:
                continue
            try:
                await redis.ping()
            except REDIS_DOWN as exc:
                self.failed(exc, "the outage watch")
            else:
                self.succeeded()

    def status(self) -> dict[str, object]:
        """For /readyz: what this process has seen of Redis."""
        if self.down_since is None:
            return {"available": True}
        return {"available": False, "downForSeconds": round(self.down_for(), 1), "error": self.last_error}
