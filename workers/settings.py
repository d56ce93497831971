"""The arq worker's configuration and job functions. `python -m workers` runs them under the supervisor
(workers/supervisor.py), which keeps the process up through Redis outages; arq's own runner can run
`worker_settings(settings)` too (the tests do), and then `startup` builds what the supervisor would."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid
from typing import Any, ClassVar

import uvicorn
from arq import func
from arq.connections import RedisSettings

from infra.container import build_container
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
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # the worker owns SIGTERM/SIGINT
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    ctx["mock_server"] = (server, task)
    return f"http://127.0.0.1:{port}"


async def build(ctx: dict[str, Any], settings: Settings) -> None:
    """The worker's container (and the built-in mock for unconfigured providers), into ctx."""
    mock_url = None
    if settings.mocked_providers:
        mock_url = await start_mock(ctx)
        log.warning(
            "providers without URL or key use the built-in mock (canned answers): %s",
            ", ".join(settings.mocked_providers),
        )
    ctx["container"] = await build_container(settings, mock_url=mock_url)


async def startup(ctx: dict[str, Any]) -> None:
    """For arq's own runner (the tests' in-process worker): build the container and run the recovery pass
    once. Under the supervisor (ctx already holds the container) there is nothing to do; it also runs the
    watchdog, which arq's own runner does not."""
    if "container" in ctx:
        return
    settings: Settings = ctx.get("aiproxy_settings") or Settings.from_env()
    await build(ctx, settings)
    recovered = await ctx["container"].executor.recover(settings.job_stale_after_seconds, queued_after_seconds=0)
    log.info("worker ready", extra={"requeued": recovered})


async def shutdown(ctx: dict[str, Any]) -> None:
    if "container" in ctx:
        await ctx.pop("container").close()
    if "mock_server" in ctx:
        server, task = ctx.pop("mock_server")
        server.should_exit = True
        await task


async def run_job(ctx: dict[str, Any], job_id: str) -> None:
    await ctx["container"].executor.run(uuid.UUID(job_id))


def worker_settings(settings: Settings) -> type:
    """arq reads its configuration from a class; build one for these settings."""

    class WorkerSettings:
        # Registered under the name the queue adapter enqueues, so the two cannot drift apart.
        functions: ClassVar[list[Any]] = [func(run_job, name=RUN_JOB)]
        on_startup = startup
        on_shutdown = shutdown
        redis_settings = RedisSettings.from_dsn(settings.redis_url)
        queue_name = settings.arq_queue_name
        max_jobs = 10
        # A hand-over wakes the worker at once (workers/wake.py); the poll only catches a missed wake.
        poll_delay = 0.5
        # Jobs own their timeouts and retries through the jobs table; arq must not retry on its own.
        job_timeout = 24 * 3600
        max_tries = 1
        keep_result = 60
        ctx: ClassVar[dict[str, Any]] = {"aiproxy_settings": settings}

    return WorkerSettings


def main() -> None:
    from workers.supervisor import main as supervise

    supervise()
