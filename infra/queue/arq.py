"""Hands jobs to arq workers over Redis (production).

The jobs table is the truth, the queue only a hand-over: while Redis is down a hand-over is skipped (the
outage is logged once, by the process's RedisHealth) and the job stays QUEUED in the table, where the
workers' recovery pass finds it and hands it over again as soon as Redis is back (workers/supervisor.py)."""

from __future__ import annotations

import time
import uuid

from arq.connections import ArqRedis
from redis.asyncio import Redis

from infra.redis_health import REDIS_DOWN, RedisHealth

RUN_JOB = "run_job"


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

    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None:
        if not self.health.should_try():
            return  # QUEUED in the table: the recovery pass hands it over when Redis is back
        try:
            # A fresh arq id per hand-over: arq refuses an id whose result it still keeps, and a job
            # run twice is harmless because the executor claims the row atomically.
            await self.pool.enqueue_job(
                RUN_JOB,
                str(job_id),
                _job_id=f"aiproxy:{job_id}:{time.time_ns()}",
                _defer_by=delay_seconds or None,
                _queue_name=self.queue_name,
            )
            if not delay_seconds:
                await self.pool.publish(wake_channel(self.queue_name), "1")
        except REDIS_DOWN as exc:
            self.health.failed(exc, "job hand-over")
            return
        self.health.succeeded()
