"""Databases and the in-process app, shared with the tests.

A bench `Database` is one mode's fresh store — a temporary DATA_DIR (SQLite) or a PostgreSQL database created
and migrated for the run, with a Redis key prefix of its own — plus the settings the in-process app uses on it
and the environment `python -m api` and `python -m bench.floor` get to serve it as separate processes.

`serve`, `base_settings` and the PostgreSQL/Redis URL logic are imported from the test harness rather than
copied, so the bench measures the same app the tests check.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import asyncpg
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from infra.db.migrate import upgrade
from infra.settings import Settings
from tests.conftest import PG_URL, REDIS_URL, Running, _admin_sql, base_settings, serve

__all__ = [
    "PG_URL",
    "QUERY_COST_LIMIT",
    "REDIS_URL",
    "Database",
    "Running",
    "embedded",
    "embedded_database",
    "postgres_problem",
    "production",
    "production_database",
    "redis_problem",
    "serve",
]

# The bench measures the request path, not the limits: no rate limit, and a cost limit no bench query reaches
# (the largest, sketches(first: 100) with every field, costs 1 301 of the default 10 000 anyway).
QUERY_COST_LIMIT = 100_000


@dataclass(frozen=True)
class Database:
    mode: Literal["embedded", "production"]
    settings: Settings  # the in-process app's (seeding, statement counts, events, chat)
    env: dict[str, str]  # the variables of the separately started servers (ours and the floor)
    workdir: Path  # a temporary directory for this mode's server logs

    @property
    def description(self) -> str:
        if self.mode == "production":
            return "production (PostgreSQL, Redis; local files)"
        return "embedded (SQLite, in-process jobs, memory events, local files)"


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


def _bench_settings(data_dir: Path) -> Settings:
    return base_settings(data_dir).replace(rate_limit_per_minute=0, query_cost_limit=QUERY_COST_LIMIT)


def _server_env(settings: Settings) -> dict[str, str]:
    """What a user would export to serve this database (everything else keeps its default)."""
    env = {
        "DATA_DIR": str(settings.data_dir),
        "RATE_LIMIT_PER_MINUTE": str(settings.rate_limit_per_minute),
        "QUERY_COST_LIMIT": str(settings.query_cost_limit),
    }
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
        env["REDIS_KEY_PREFIX"] = settings.redis_key_prefix
    if settings.jwt_secret:
        env["JWT_SECRET"] = settings.jwt_secret
    return env


@contextlib.asynccontextmanager
async def embedded_database(*, redis_url: str = "") -> AsyncIterator[Database]:
    """The embedded default in a temporary DATA_DIR, migrated (its JWT secret is generated there on first start).

    With `redis_url`, events (and the job queue) go through Redis instead: enough to measure the Redis event
    bus without PostgreSQL.
    """
    with tempfile.TemporaryDirectory(prefix="aiproxy-bench-") as tmp:
        settings = _bench_settings(Path(tmp) / "data")
        settings.data_dir.mkdir(parents=True)
        prefix = f"aiproxy-bench-{uuid.uuid4().hex[:8]}:"
        if redis_url:
            settings = settings.replace(redis_url=redis_url, redis_key_prefix=prefix)
        await asyncio.to_thread(upgrade, settings.effective_database_url)
        try:
            yield Database("embedded", settings, _server_env(settings), Path(tmp))
        finally:
            if redis_url:
                await _drop_keys(redis_url, prefix)


@contextlib.asynccontextmanager
async def production_database(*, database_url: str = PG_URL, redis_url: str = REDIS_URL) -> AsyncIterator[Database]:
    """A fresh PostgreSQL database (migrated; dropped afterwards) and a Redis key prefix of its own.

    Files stay on local storage: nothing measured here touches them.
    """
    name = f"aiproxy_bench_{uuid.uuid4().hex[:10]}"
    await _admin_sql(f'CREATE DATABASE "{name}"')
    prefix = f"aiproxy-bench-{uuid.uuid4().hex[:8]}:"
    try:
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url)
        with tempfile.TemporaryDirectory(prefix="aiproxy-bench-") as tmp:
            settings = _bench_settings(Path(tmp) / "data").replace(
                database_url=url,
                redis_url=redis_url,
                redis_key_prefix=prefix,
                jwt_secret="bench-" + uuid.uuid4().hex,
            )
            yield Database("production", settings, _server_env(settings), Path(tmp))
    finally:
        await _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            await _drop_keys(redis_url, prefix)


@contextlib.asynccontextmanager
async def embedded(*, redis_url: str = "") -> AsyncIterator[Running]:
    """The app in this process on a fresh embedded database (no arq worker even with Redis)."""
    async with embedded_database(redis_url=redis_url) as database, serve(database.settings, worker=False) as running:
        yield running


@contextlib.asynccontextmanager
async def production(*, database_url: str = PG_URL, redis_url: str = REDIS_URL) -> AsyncIterator[Running]:
    """The app in this process on a fresh production database, with an arq worker in this loop."""
    async with (
        production_database(database_url=database_url, redis_url=redis_url) as database,
        serve(database.settings) as running,
    ):
        yield running
