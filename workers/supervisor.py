"""`python -m workers`: the arq worker, supervised so that it never exits on a Redis outage.

arq alone does not survive one: its `create_pool` gives up after five tries a second apart, and its
`Worker.main()` raises on the first Redis error of its poll loop, after which `run_worker` closes and the
process exits. So this process owns what does not need Redis — the database (migrated, or waited for, at
start), the container, the recovery pass and the watchdog — and runs arq's poll loop as one replaceable part:

- When the loop fails on a Redis error, the outage is logged once (infra/redis_health.py), the jobs it had
  started go on (they need only the database; their events degrade), and Redis is tried again with backoff
  (0.5 s doubling to 2 s, jittered).
- When Redis answers again, the recovery pass first hands every QUEUED job over again (hand-overs skipped
  during the outage, or lost with a Redis that restarted empty), then a new arq loop takes jobs.
- The watchdog runs the recovery pass every JOB_HEARTBEAT_SECONDS whatever Redis does: a job whose heartbeat
  is older than JOB_STALE_AFTER_SECONDS has lost its worker (that is what "known lost" means) and is requeued,
  or ended INTERRUPTED when it must not start over (a chat answer: domain/jobs/executor.py, EndsWhenLost).
- The sweep runs at start and every SWEEP_SECONDS, in a task of its own (a pass that waits on storage holds up no
  recovery): it ends answers left STREAMING whose job has ended, removes abandoned project uploads and expired
  uploads, and the stored bytes storage refused to remove before (`Sweeps`, and the areas' `sweeps`).
- SIGTERM/SIGINT stop it: running jobs are cancelled (as arq does), the container closed, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import sys
from collections.abc import Callable
from typing import Any

from arq.worker import Worker, get_kwargs

from domain.common.periodic import repeat
from domain.jobs.executor import SWEEP_SECONDS
from infra.container import Container
from infra.db.migrate import prepare_database_when_reachable
from infra.logging import configure_logging
from infra.queue.arq import arq_redis
from infra.redis_health import REDIS_DOWN
from infra.settings import InvalidSettings, Settings
from workers.settings import build, shutdown, worker_settings
from workers.wake import WakeableWorker

log = logging.getLogger("aiproxy.worker")

RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 2.0
WITHOUT_REDIS = (
    "no new jobs are taken until Redis is back; running jobs go on (their live updates are dropped, their "
    "results stored), and the watchdog keeps recovering lost jobs"
)


def retry_delay(attempt: int) -> float:
    """Backoff for reconnecting: 0.5 s, 1 s, 2 s, 2 s …, each jittered down by up to a half."""
    delay = min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2 ** max(0, attempt - 1))
    return random.uniform(delay / 2, delay)


async def watchdog(container: Container) -> None:
    """The recovery pass every heartbeat interval; a failing pass (the database is away) is logged when it starts
    failing and when it works again."""
    settings = container.settings
    await repeat(
        "recovery pass",
        lambda: container.executor.recover(settings.job_stale_after_seconds),
        seconds=max(0.5, settings.job_heartbeat_seconds),
        log=log,
    )


class Supervisor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ctx: dict[str, Any] = {"aiproxy_settings": settings}
        self.workers: list[Worker] = []  # every arq loop started; the jobs of a failed one still run

    @property
    def container(self) -> Container:
        container: Container = self.ctx["container"]
        return container

    async def run(self) -> None:
        await build(self.ctx, self.settings)
        if self.container.redis_health is not None:
            self.container.redis_health.degraded = WITHOUT_REDIS
        retry = max(0.5, self.settings.job_heartbeat_seconds)
        watch = [
            asyncio.create_task(watchdog(self.container)),
            asyncio.create_task(self.container.executor.sweep_every(SWEEP_SECONDS, retry_seconds=retry)),
        ]
        try:
            await self.take_jobs()
        finally:
            for task in watch:
                task.cancel()
            await self.stop_jobs()
            for task in watch:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await shutdown(self.ctx)

    async def take_jobs(self) -> None:
        health = self.container.redis_health
        assert self.container.redis is not None and health is not None, "the worker needs REDIS_URL"
        pool = arq_redis(self.container.redis, self.settings.arq_queue_name)
        options: dict[str, Any] = {  # arq's get_kwargs is typed as returning NameErrors; it returns the settings
            **get_kwargs(worker_settings(self.settings)),
            "redis_pool": pool,
            "ctx": self.ctx,
            "handle_signals": False,
            "on_startup": None,
            "on_shutdown": None,
        }
        attempt = 0
        while True:
            try:
                await pool.ping()
            except REDIS_DOWN as exc:
                health.failed(exc, "the worker's queue")
                attempt += 1
                await asyncio.sleep(retry_delay(attempt))
                continue
            health.succeeded()
            attempt = 0
            try:
                # Every hand-over skipped while Redis was down, and every one a Redis that restarted lost.
                requeued = await self.container.executor.recover(
                    self.settings.job_stale_after_seconds, queued_after_seconds=0
                )
                log.info("worker taking jobs", extra={"requeued": requeued, "queue": self.settings.arq_queue_name})
            except Exception as exc:  # the database is away: the watchdog keeps trying
                log.warning("recovery pass failed (%s); taking jobs anyway", type(exc).__name__)
            worker = WakeableWorker(**options)
            self.workers.append(worker)
            try:
                await worker.main()
            except REDIS_DOWN as exc:
                health.failed(exc, "the worker's queue")
            except Exception:  # not an outage: a bug in a poll; log it and start a fresh loop
                log.exception("the worker's arq loop failed; starting it again")
                await asyncio.sleep(retry_delay(1))
            self._forget_finished()

    def _forget_finished(self) -> None:
        """Drop failed arq loops whose jobs have all ended (their errors read, so asyncio does not warn)."""
        for worker in self.workers[:-1]:
            if all(task.done() for task in worker.tasks.values()):
                for task in worker.tasks.values():
                    if not task.cancelled():
                        task.exception()
                self.workers.remove(worker)

    async def stop_jobs(self) -> None:
        """As arq does on SIGTERM: cancel the running jobs (their rows are recovered), and wait for them."""
        tasks = [task for worker in self.workers for task in worker.tasks.values() if not task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def serve(settings: Settings) -> None:
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    assert main is not None
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, main.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await Supervisor(settings).run()
    log.info("worker stopped")


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where it is installed (uvicorn[standard] brings it, as `python -m api` runs on it): every job's
    Redis, database and provider round trip costs less of the loop; else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main() -> None:
    try:
        settings = Settings.from_env()
    except InvalidSettings as exc:
        raise SystemExit(f"aiproxy worker: not started: {exc}") from None
    configure_logging(settings.log_level, settings.log_format)
    if not settings.redis_url:
        raise SystemExit(
            "REDIS_URL is not set: the worker takes jobs from Redis (the embedded default needs no worker)."
        )
    try:
        # The worker may start first (before the API, before PostgreSQL): it waits for the database and
        # migrates it itself, under the lock every process migrates under.
        prepare_database_when_reachable(settings, log=log)
        with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
            runner.run(serve(settings))
    except KeyboardInterrupt:
        sys.exit(0)
