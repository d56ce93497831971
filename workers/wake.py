"""arq's worker, woken the moment a job is handed over instead of at its next poll.

arq polls its queue every `poll_delay`; a chat answer handed over just after a poll would wait for the
next one. The queue adapter publishes on the queue's wake channel after each hand-over
(infra/queue/arq.py); this worker listens on it and polls at once. The poll stays as the fallback for a
missed wake (a wake is best effort: a job is never lost by it, only delayed by at most one poll)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from arq.connections import create_pool, log_redis_info
from arq.worker import Worker

from infra.queue.arq import wake_channel
from infra.redis_health import REDIS_DOWN

log = logging.getLogger("aiproxy.worker")


class WakeableWorker(Worker):
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
        woken = asyncio.Event()
        listener = asyncio.create_task(self._listen(woken))
        try:
            while True:
                woken.clear()  # before the poll: a wake that arrives during it makes the next wait return at once
                await self._poll_iteration()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), self.poll_delay_s)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def _listen(self, woken: asyncio.Event) -> None:
        channel = wake_channel(self.queue_name)
        while True:
            pubsub = self.pool.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel)
                while True:
                    if await pubsub.get_message(timeout=5.0) is not None:
                        woken.set()
            except REDIS_DOWN:
                await asyncio.sleep(1.0)  # the poll loop notices the outage and is restarted; keep trying
            finally:
                with contextlib.suppress(*REDIS_DOWN):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it unannotated
