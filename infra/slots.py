"""Leased slots for the song provider's concurrent generations (domain/songs/ports.py: SlotPool).

In production every worker takes its slots from one Redis sorted set (holder → lease end, in Redis's own
clock), so the account's `concurrent_request_limit` holds across processes; the embedded default runs its
jobs in one process and keeps the same leases in memory. A lease a lost worker never released lapses."""

from __future__ import annotations

import time

from redis.asyncio import Redis

# KEYS[1]: the set. ARGV: holder, limit, ttl in ms. Drops lapsed leases, then renews the holder's or takes a free one.
ACQUIRE = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0
"""

# KEYS[1]: the set. The leases still running.
HELD = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. ms, '+inf')
"""


class RedisSlotPool:
    def __init__(self, redis: Redis, key: str) -> None:
        self.redis = redis
        self.key = key
        self._acquire = redis.register_script(ACQUIRE)
        self._held = redis.register_script(HELD)

    async def acquire(self, holder: str, limit: int, ttl: float) -> bool:
        return bool(await self._acquire(keys=[self.key], args=[holder, limit, int(ttl * 1000)]))

    async def release(self, holder: str) -> None:
        await self.redis.zrem(self.key, holder)

    async def held(self) -> int:
        return int(await self._held(keys=[self.key]))


class MemorySlotPool:
    """The same leases for the one process of the embedded default."""

    def __init__(self) -> None:
        self._leases: dict[str, float] = {}

    def _drop_lapsed(self) -> None:
        now = time.monotonic()
        for holder in [h for h, end in self._leases.items() if end <= now]:
            del self._leases[holder]

    async def acquire(self, holder: str, limit: int, ttl: float) -> bool:
        self._drop_lapsed()
        if holder in self._leases or len(self._leases) < limit:
            self._leases[holder] = time.monotonic() + ttl
            return True
        return False

    async def release(self, holder: str) -> None:
        self._leases.pop(holder, None)

    async def held(self) -> int:
        self._drop_lapsed()
        return len(self._leases)
