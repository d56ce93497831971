"""The arq worker: runs jobs handed over through Redis, and recovers jobs a crashed worker left behind."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid
from typing import Any, ClassVar

import uvicorn
from arq import cron, func
from arq.connections import RedisSettings

from infra.container import build_container
from infra.logging import configure_logging
from infra.queue.arq import RUN_JOB
from infra.settings import Settings

log = logging.getLogger("aiproxy.worker")


async def start_mock(ctx: dict[str, Any]) -> str:
    """The worker has no HTTP server to mount the mock in, so it serves one of its own on loopback."""
    from aitestmock.app import create_app
    from aitestmock.config import MockConfig

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(MockConfig.from_env()), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # arq owns SIGTERM/SIGINT
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    ctx["mock_server"] = (server, task)
    return f"http://127.0.0.1:{port}"


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx.get("aiproxy_settings") or Settings.from_env()
    mock_url = None
    if settings.mocked_providers:
        mock_url = await start_mock(ctx)
        log.warning(
            "providers without URL or key use the built-in mock (canned answers): %s",
            ", ".join(settings.mocked_providers),
        )
    ctx["container"] = await build_container(settings, mock_url=mock_url)
    recovered = await ctx["container"].executor.recover(settings.job_stale_after_seconds)
    log.info("worker ready", extra={"requeued": recovered})


async def shutdown(ctx: dict[str, Any]) -> None:
    if "container" in ctx:
        await ctx["container"].close()
    if "mock_server" in ctx:
        server, task = ctx.pop("mock_server")
        server.should_exit = True
        await task


async def run_job(ctx: dict[str, Any], job_id: str) -> None:
    await ctx["container"].executor.run(uuid.UUID(job_id))


async def recover_jobs(ctx: dict[str, Any]) -> None:
    container = ctx["container"]
    await container.executor.recover(container.settings.job_stale_after_seconds)


def worker_settings(settings: Settings) -> type:
    """arq reads its configuration from a class; build one for these settings."""

    class WorkerSettings:
        # Registered under the name the queue adapter enqueues, so the two cannot drift apart.
        functions: ClassVar[list[Any]] = [func(run_job, name=RUN_JOB)]
        cron_jobs: ClassVar[list[Any]] = [cron(recover_jobs, second=0, run_at_startup=False)]
        on_startup = startup
        on_shutdown = shutdown
        redis_settings = RedisSettings.from_dsn(settings.redis_url)
        queue_name = settings.arq_queue_name
        max_jobs = 10
        # arq polls its queue; a chat answer waits for the next poll before it starts, so poll often
        # (one cheap ZRANGEBYSCORE each time) rather than arq's default of every 0.5 s.
        poll_delay = 0.05
        # Jobs own their timeouts and retries through the jobs table; arq must not retry on its own.
        job_timeout = 24 * 3600
        max_tries = 1
        keep_result = 60
        ctx: ClassVar[dict[str, Any]] = {"aiproxy_settings": settings}

    return WorkerSettings


def main() -> None:
    from arq.worker import run_worker

    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    if not settings.redis_url:
        raise SystemExit(
            "REDIS_URL is not set: the worker takes jobs from Redis (the embedded default needs no worker)."
        )
    run_worker(worker_settings(settings))
