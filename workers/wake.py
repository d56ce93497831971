"""arq's worker, woken the moment a job is handed over instead of at its next poll, and taking that job at once.

arq polls its queue every `poll_delay`; a chat answer handed over just after a poll would wait for the
next one. The queue adapter publishes the job's arq id on the queue's wake channel with each hand-over
(infra/queue/arq.py); this worker listens on it and starts the jobs it was told of without reading the queue
first. The poll stays as the fallback for a missed wake (a wake is best effort: a job is never lost by it,
only delayed by at most one poll).

Starting a job is one Redis round trip here, where arq's `start_jobs` takes four (WATCH, EXISTS, ZSCORE,
MULTI … EXEC): a script makes the same check — not already in progress, still queued, due — and marks it in
progress, atomically, as arq's WATCH does. Two workers woken for the same job: one takes it."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from arq.connections import create_pool, log_redis_info
from arq.constants import in_progress_key_prefix
from arq.utils import timestamp_ms
from arq.worker import Worker

from infra.queue.arq import wake_channel
from infra.redis_health import REDIS_DOWN

log = logging.getLogger("aiproxy.worker")

# KEYS: the job's in-progress key, the queue; ARGV: the job's arq id, now (ms), the in-progress timeout (ms).
# The job's score when this worker may start it (and now has it in progress), else nil.
TAKE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return false end
redis.call('PSETEX', KEYS[1], ARGV[3], '1')
return score
"""


class WakeableWorker(Worker):
    _woken_ids: list[bytes]

    async def main(self) -> None:
        """arq's Worker.main (arq 0.28), with the sleep between polls cut short by a wake."""
        if self._pool is None:  # the supervisor hands it the process's pool; a bare worker makes its own
            self._pool = await create_pool(
                self.redis_settings,
                job_deserializer=self.job_deserializer,
                job_serializer=self.job_serializer,
                default_queue_name=self.queue_name,
                expires_extra_ms=self.expires_extra_ms,
            )
        log.info("taking jobs of %d functions: %s", len(self.functions), ", ".join(self.functions))
        await log_redis_info(self.pool, log.debug)
        self.ctx["redis"] = self.pool
        if self.on_startup:
            await self.on_startup(self.ctx)
        self._take = self.pool.register_script(TAKE)
        self._woken_ids = []
        woken = asyncio.Event()
        listener = asyncio.create_task(self._listen(woken))
        loop = asyncio.get_running_loop()
        polled_at = -float("inf")
        try:
            while True:
                woken.clear()  # first: a wake that arrives from here on makes the wait below return at once
                if self._woken_ids and self.job_counter < self.max_jobs and loop.time() - polled_at < self.poll_delay_s:
                    # The jobs a wake named, without reading the queue (the poll still runs every poll_delay).
                    woken_ids, self._woken_ids = self._woken_ids, []
                    await self.start_jobs(woken_ids[: self.max_jobs - self.job_counter])
                else:
                    self._woken_ids.clear()  # the poll reads the queue, where they are (those named from now on stay)
                    polled_at = loop.time()
                    await self._poll_iteration()
                if not woken.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), self.poll_delay_s)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        """arq's start_jobs (arq 0.28) with its check-and-mark in one round trip (TAKE)."""
        for job_id_b in job_ids:
            await self.sem.acquire()
            if self.job_counter >= self.max_jobs:
                self.sem.release()
                return
            self.job_counter = self.job_counter + 1
            job_id = job_id_b.decode()
            score = await self._take(
                keys=[in_progress_key_prefix + job_id, self.queue_name],
                args=[job_id, timestamp_ms(), int(self.in_progress_timeout_s * 1000)],
            )
            if score is None:
                # Already started elsewhere, already finished, or deferred: as arq, leave it.
                self.job_counter = self.job_counter - 1
                self.sem.release()
                log.debug("job %s already running elsewhere", job_id)
                continue
            task = self.loop.create_task(self.run_job(job_id, int(float(score))))
            task.add_done_callback(lambda _: self._release_sem_dec_counter_on_complete())
            self.tasks[job_id] = task

    async def _listen(self, woken: asyncio.Event) -> None:
        channel = wake_channel(self.queue_name)
        while True:
            pubsub = self.pool.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel)
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message is not None:
                        data = message.get("data")
                        if isinstance(data, bytes) and data != b"1":  # "1": an older API's wake, naming no job
                            self._woken_ids.append(data)
                        woken.set()
            except REDIS_DOWN:
                await asyncio.sleep(1.0)  # the poll loop notices the outage and is restarted; keep trying
            finally:
                with contextlib.suppress(*REDIS_DOWN):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it unannotated
