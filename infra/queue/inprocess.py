"""Runs jobs as asyncio tasks inside the API process (the embedded default)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable

log = logging.getLogger("aiproxy.jobs")


class InProcessJobQueue:
    def __init__(self, concurrency: int = 4) -> None:
        self._run: Callable[[uuid.UUID], Awaitable[None]] | None = None
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    def bind(self, run: Callable[[uuid.UUID], Awaitable[None]]) -> None:
        self._run = run

    async def enqueue(self, job_id: uuid.UUID, *, delay_seconds: float = 0.0) -> None:
        task = asyncio.create_task(self._execute(job_id, delay_seconds))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _execute(self, job_id: uuid.UUID, delay_seconds: float) -> None:
        if delay_seconds > 0:
            await asyncio.sleep(delay_seconds)
        assert self._run is not None, "bind() the executor first"
        async with self._slots:
            try:
                await self._run(job_id)
            except Exception:
                log.exception("in-process job run failed", extra={"job_id": str(job_id)})

    async def close(self) -> None:
        """Stop running jobs; their rows stay RUNNING and are recovered at the next start."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
