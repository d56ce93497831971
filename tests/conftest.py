"""Fixtures: real PostgreSQL, Redis and an S3-compatible server; the real app served over HTTP.

Every test gets its own database (copied from a migrated template), its own Redis key prefix and its
own bucket. Under CI=true a PostgreSQL or Redis that cannot be reached fails the run; locally those
tests are skipped with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from api.app import create_app
from api.http import server_options
from infra.db.migrate import upgrade
from infra.settings import MurekaSettings, S3Settings, Settings
from tests.support import Api, free_port, serving
from tests.support.processes import S3Server

CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
_pg = os.environ.get("DATABASE_URL", "")
FAST_MOCK_DELAY_MS, FAST_MOCK_TOKENS = 2, 40  # see `fast_mock`
ROOT = Path(__file__).resolve().parents[1]
PG_URL = _pg if _pg.startswith("postgresql") else "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def _unavailable(what: str, error: BaseException) -> None:
    message = f"{what} is not reachable ({error}); start it (see README) or set its URL"
    if CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def _asyncpg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def _in_thread(fn: Any, *args: Any) -> Any:
    """Session set-up may happen while a test loop runs; asyncio.run needs a thread of its own."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def _run(coro: Any) -> Any:
    return _in_thread(asyncio.run, coro)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database migrated to head once per session; each test copies it (CREATE DATABASE … TEMPLATE)."""
    name = f"aiproxy_tmpl_{uuid.uuid4().hex[:8]}"

    try:
        _run(_admin_sql(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        _unavailable(f"PostgreSQL at {PG_URL}", exc)
    _in_thread(upgrade, make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    yield name
    _run(_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    _in_thread(upgrade, f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def redis_available() -> str:
    async def ping() -> None:
        client = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        try:
            await client.ping()
        finally:
            await client.aclose()

    try:
        _run(ping())
    except Exception as exc:
        _unavailable(f"Redis at {REDIS_URL}", exc)
    return REDIS_URL


@pytest.fixture
def fast_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in mock providers answer quickly: 40 tokens, 2 ms apart. The mock reads its speed when an app
    (or the production worker) creates it, so ask for this fixture before the app's (`stack`, `embedded`)."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", str(FAST_MOCK_DELAY_MS))
    monkeypatch.setenv("AITESTMOCK_TOKENS", str(FAST_MOCK_TOKENS))


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The S3 test server (tests/support/processes.py `S3Server`), one per session (each xdist worker has its own)."""
    folder = tmp_path_factory.mktemp("s3")
    for _ in range(3):  # another process may take the free port before the server binds it
        server = S3Server(folder / "root", folder / "server.log")
        try:
            if server.start():
                yield server.endpoint
                return
        finally:
            server.stop()
    raise RuntimeError(f"the S3 test server would not start:\n{(folder / 'server.log').read_text()[-3000:]}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: each xdist worker takes a block of the list and steals from the other's end, so a
    test of a minute left for the end would keep one worker busy while the other has nothing left to do."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: otherwise as collected


async def _admin_sql(sql: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(PG_URL), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


class DatabaseSpares:
    """Copies of the template made one test ahead, and dropped after the test, in a thread of their own: a copy
    takes ~0.4 s, which the test before has to spare. Each test still gets a database nobody used."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="database-spares")
        self.ahead = self.pool.submit(self._create)

    def _create(self) -> str:
        name = f"aiproxy_t_{uuid.uuid4().hex[:10]}"
        asyncio.run(_admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def _drop(self, name: str) -> None:
        asyncio.run(_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def take(self) -> str:
        name = self.ahead.result()
        self.ahead = self.pool.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        self.pool.submit(self._drop, name)

    def close(self) -> None:
        spare = self.ahead
        with contextlib.suppress(Exception):
            self.pool.submit(self._drop, spare.result())
        self.pool.shutdown(wait=True)


@pytest.fixture(scope="session")
def database_spares(postgres_template: str) -> Iterator[DatabaseSpares]:
    spares = DatabaseSpares(postgres_template)
    yield spares
    spares.close()


@pytest.fixture
def postgres_url(database_spares: DatabaseSpares) -> Iterator[str]:
    name = database_spares.take()
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    database_spares.give_back(name)


def base_settings(data_dir: Path) -> Settings:
    return Settings.from_env({}).replace(
        data_dir=data_dir,
        bcrypt_rounds=4,
        rate_limit_per_minute=100_000,
        job_heartbeat_seconds=1,
        log_level="WARNING",
        # Project files: parts of S3's smallest size, so a file of a few MiB already goes in parts.
        project_upload_part_bytes=5 * 1024 * 1024,
        # Songs: the mock renders one in the seconds its style prompt names; ask often, several at once.
        mureka=MurekaSettings(poll_intervals=(0.1,), concurrency=4, rate_limit_seconds=1.5),
    )


@pytest.fixture
def embedded_settings(tmp_path: Path, sqlite_template: Path) -> Settings:
    """The embedded default: SQLite file, in-process jobs, in-memory events, local files."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(sqlite_template, data_dir / "aiproxy.db")
    return base_settings(data_dir)


@pytest.fixture
def production_settings(tmp_path: Path, postgres_url: str, redis_available: str, s3_endpoint: str) -> Settings:
    """Production mode: PostgreSQL, arq on Redis, Redis pub/sub, S3."""
    return base_settings(tmp_path / "data").replace(
        database_url=postgres_url,
        redis_url=redis_available,
        redis_key_prefix=f"aiproxy-test-{uuid.uuid4().hex[:8]}:",
        storage_backend="s3",
        s3=S3Settings(
            endpoint=s3_endpoint, access_key="test", secret_key="test", bucket=f"aiproxy-{uuid.uuid4().hex[:10]}"
        ),
        jwt_secret="test-secret-" + uuid.uuid4().hex,
    )


@dataclass
class Running:
    api: Api
    settings: Settings
    app: Any


@contextlib.asynccontextmanager
async def serve(settings: Settings, *, worker: bool = True) -> AsyncIterator[Running]:
    """The real app under uvicorn on a free port; with Redis, also a real arq worker in this loop."""
    port = free_port()
    settings = settings.replace(port=port, public_url=f"http://127.0.0.1:{port}")
    app = create_app(settings)
    worker_stopping: asyncio.Task[None] | None = None
    try:
        # A connection a test left open (a page's socket, a stream) holds a graceful shutdown only this long: the
        # test has ended, nothing waits for what that connection would still say.
        async with serving(app, port, lifespan="on", timeout_graceful_shutdown=2, **server_options(settings)) as url:
            worker_task = None
            arq_worker = None
            if settings.redis_url and worker:
                from arq.worker import get_kwargs

                from workers.settings import worker_settings
                from workers.wake import WakeableWorker

                arq_worker = WakeableWorker(**{**get_kwargs(worker_settings(settings)), "handle_signals": False})
                worker_task = asyncio.create_task(arq_worker.async_run())
            api = Api(url)
            try:
                yield Running(api=api, settings=settings, app=app)
            finally:
                await api.close()
                if arq_worker is not None and worker_task is not None:
                    # The worker stops while the server does: two shutdowns that share nothing, at once.
                    worker_stopping = asyncio.create_task(_stop_worker(arq_worker, worker_task))
    finally:
        if worker_stopping is not None:
            await worker_stopping


async def _stop_worker(arq_worker: Any, worker_task: asyncio.Task[None]) -> None:
    worker_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await worker_task
    # close() gathers the job tasks; one still running when the test ends (a title being written after a stop,
    # say) ends cancelled, which is expected here.
    with contextlib.suppress(asyncio.CancelledError):
        await arq_worker.close()


@pytest.fixture(params=["embedded", "production"])
def any_mode_settings(request: pytest.FixtureRequest) -> Settings:
    """The settings of either mode, for a test that serves the app itself (with settings of its own)."""
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return settings


@pytest.fixture(params=["embedded", "production"])
async def stack(request: pytest.FixtureRequest) -> AsyncIterator[Running]:
    """The app in each runtime mode; tests using it run once per mode."""
    settings = request.getfixturevalue(f"{request.param}_settings")
    async with serve(settings) as running:
        yield running


@pytest.fixture
async def embedded(embedded_settings: Settings) -> AsyncIterator[Running]:
    async with serve(embedded_settings) as running:
        yield running


@pytest.fixture
async def api(embedded: Running) -> Api:
    """A client of the embedded app, for tests whose behaviour does not depend on the mode."""
    return embedded.api
