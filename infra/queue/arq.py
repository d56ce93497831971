"""Hands jobs to arq workers over Redis (production).

The jobs table is the truth, the queue only a hand-over: while Redis is down a hand-over is skipped (the
outage is logged once, by the process's RedisHealth) and the job stays QUEUED in the table, where the
workers' recovery pass finds it and hands it over again as soon as Redis is back (workers/supervisor.py).

A hand-over is one Redis round trip: a script that does what arq's `enqueue_job` does (store the job under
its arq id unless that id is taken, add it to the queue) and, for a job due now, publishes its arq id on the
queue's wake channel, so an idle worker takes that very job at once (workers/wake.py). arq's own
`enqueue_job` needs four (WATCH, EXISTS, MULTI … EXEC) and the wake a fifth."""

from __future__ import annotations

import time
import uuid

from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from redis.asyncio import Redis

from infra.redis_health import REDIS_DOWN, RedisHealth

RUN_JOB = "run_job"

# KEYS: the job's key, its result's key, the queue; ARGV: the serialized job, its expiry (ms), its score (when it is
# due, ms), its arq id, the wake channel ("" for no wake). Atomic, as arq's WATCH … MULTI is: 1 when enqueued, 0
# when the id is taken (arq's enqueue_job then returns None).
ENQUEUE = """
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('PSETEX', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[4]) end
return 1
"""


def wake_channel(queue_name: str) -> str:
    """Where a hand-over is announced, so an idle worker polls at once (workers/wake.py)."""
    return queue_name + ":wake"


def arq_redis(redis: Redis, queue_name: str) -> ArqRedis:
    """arq's client over the process's Redis connection pool; unlike arq's create_pool it does not connect
    (and fail) at once: connections are made, and remade after an outage, as commands need them."""
    return ArqRedis(connection_pool=redis.connection_pool, default_queue_name=queue_name)


class ArqJobQueue:
    def __init__(self, pool: ArqRedis, queue_name: str, health: RedisHealth | None = None) -> None:
        self.pool = pool
        self.queue_name = queue_name
        self.health = health or RedisHealth("jobs are handed over by the recovery pass once Redis is back")
        self._enqueue = pool.register_script(ENQUEUE)

    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None:
        if not self.health.should_try():
            return  # QUEUED in the table: the recovery pass hands it over when Redis is back
        try:
            # A fresh arq id per hand-over: arq refuses an id whose result it still keeps, and a job
            # run twice is harmless because the executor claims the row atomically.
            arq_id = f"aiproxy:{job_id}:{time.time_ns()}"
            now_ms = int(time.time() * 1000)
            score = now_ms + int(delay_seconds * 1000)
            job = serialize_job(RUN_JOB, (str(job_id),), {}, None, now_ms, serializer=self.pool.job_serializer)
            await self._enqueue(
                keys=[job_key_prefix + arq_id, result_key_prefix + arq_id, self.queue_name],
                args=[
                    job,
                    score - now_ms + self.pool.expires_extra_ms,
                    score,
                    arq_id,
                    "" if delay_seconds else wake_channel(self.queue_name),
                ],
            )
        except REDIS_DOWN as exc:
            self.health.failed(exc, "job hand-over")
            return
        self.health.succeeded()
