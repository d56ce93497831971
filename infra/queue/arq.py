"""Hands jobs to arq workers over Redis (production)."""

from __future__ import annotations

import time
import uuid

from arq.connections import ArqRedis

RUN_JOB = "run_job"


class ArqJobQueue:
    def __init__(self, pool: ArqRedis, queue_name: str) -> None:
        self.pool = pool
        self.queue_name = queue_name

    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None:
        # A fresh arq id per hand-over: arq refuses an id whose result it still keeps, and a job
        # run twice is harmless because the executor claims the row atomically.
        await self.pool.enqueue_job(
            RUN_JOB,
            str(job_id),
            _job_id=f"aiproxy:{job_id}:{time.time_ns()}",
            _defer_by=delay_seconds or None,
            _queue_name=self.queue_name,
        )
