"""Start-up shared with the tests: the real app under uvicorn, as `tests/conftest.py` serves it.

`serve`, `base_settings` and the PostgreSQL/Redis URL logic are imported from the test harness rather than
copied, so the bench measures the same app the tests check.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from infra.db.migrate import upgrade
from tests.conftest import PG_URL, REDIS_URL, Running, _admin_sql, base_settings, serve

__all__ = ["PG_URL", "REDIS_URL", "Running", "embedded", "postgres_problem", "production", "redis_problem"]


async def redis_problem(url: str = REDIS_URL) -> str | None:
    """None when Redis answers a PING, else why not."""
    client = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        await client.ping()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await client.aclose()


async def postgres_problem() -> str | None:
    """None when PostgreSQL (its admin database, as the tests use it) accepts a connection, else why not."""
    try:
        await _admin_sql("SELECT 1")
        return None
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        return f"{type(exc).__name__}: {exc}"


async def _drop_keys(url: str, prefix: str) -> None:
    client = Redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@contextlib.asynccontextmanager
async def embedded(*, redis_url: str = "") -> AsyncIterator[Running]:
    """The embedded default in a temporary DATA_DIR (SQLite, in-process jobs, memory events, local files).

    With `redis_url`, events (and the job queue) go through Redis instead, with no worker: enough to measure
    the Redis event bus without PostgreSQL.
    """
    with tempfile.TemporaryDirectory(prefix="aiproxy-bench-") as tmp:
        settings = base_settings(Path(tmp) / "data")
        settings.data_dir.mkdir(parents=True)
        prefix = f"aiproxy-bench-{uuid.uuid4().hex[:8]}:"
        if redis_url:
            settings = settings.replace(redis_url=redis_url, redis_key_prefix=prefix)
        await asyncio.to_thread(upgrade, settings.effective_database_url)
        try:
            async with serve(settings, worker=False) as running:
                yield running
        finally:
            if redis_url:
                await _drop_keys(redis_url, prefix)


@contextlib.asynccontextmanager
async def production(*, database_url: str = PG_URL, redis_url: str = REDIS_URL) -> AsyncIterator[Running]:
    """PostgreSQL (a fresh database, dropped afterwards), arq on Redis with a worker in this loop, Redis events.

    Files stay on local storage: nothing measured here touches them.
    """
    name = f"aiproxy_bench_{uuid.uuid4().hex[:10]}"
    await _admin_sql(f'CREATE DATABASE "{name}"')
    prefix = f"aiproxy-bench-{uuid.uuid4().hex[:8]}:"
    try:
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url)
        with tempfile.TemporaryDirectory(prefix="aiproxy-bench-") as tmp:
            settings = base_settings(Path(tmp) / "data").replace(
                database_url=url,
                redis_url=redis_url,
                redis_key_prefix=prefix,
                jwt_secret="bench-" + uuid.uuid4().hex,
            )
            async with serve(settings) as running:
                yield running
    finally:
        await _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            await _drop_keys(redis_url, prefix)
