"""Faults, with real processes: `python -m api` and `python -m workers` as children, a Redis server of the
test's own that the test stops and starts (never the shared one), and PostgreSQL.

- Redis down for ten seconds: reads, writes and login go on; an open subscription ends with a code and a
  resubscription continues from the stored text; the worker survives and takes the jobs of the outage once
  Redis is back; /readyz says degraded; each process logs the outage once.
- A worker SIGKILLed mid-answer: the answer ends within seconds of the loss being known (its job's heartbeat
  older than JOB_STALE_AFTER_SECONDS), keeping the text that subscribers were sent; messageStop ends an answer
  whose worker is gone.
- The login lockout without Redis: wrong passwords sent to two API processes while Redis is down lock the
  account through the database, the lock outlives a restart of an API and holds once Redis is back.
- Start order: a worker started first waits for the database and migrates it; processes that migrate at
  once take turns.

Each test prints what it measured (run with -s to see it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from domain.accounts.service import LOCKED
from tests.conftest import PG_URL, _admin_sql, _asyncpg_dsn, _run
from tests.support import (
    PASSWORD,
    SEND,
    Api,
    create_conversation,
    create_sketch,
    follow,
    free_port,
    http_client,
    job_progress,
    poll,
    serving,
    start_export,
)
from tests.support.processes import ROOT, Child, RedisServer

pytestmark = pytest.mark.timeout(240)

STREAM = """subscription($id: ID!) { messageStream(messageId: $id) {
    delta status errorCode message { content status error { code message } } } }"""
MESSAGE = """query($id: ID!) { node(id: $id) { ... on Message { content status error { code message } } } }"""
STOP = """mutation($id: ID!) { messageStop(input: {id: $id}) {
    message { status content error { code } } userErrors { code message } } }"""

HEARTBEAT, STALE = 1, 3  # JOB_HEARTBEAT_SECONDS, JOB_STALE_AFTER_SECONDS for these tests
TAKING_JOBS = "taking jobs of"  # workers/wake.py, as its poll loop starts
API_PROCESSES = 2  # WEB_CONCURRENCY: each API process sees Redis (and logs its outages) on its own


@dataclass
class Follower:
    """One messageStream subscription, read in the background: its events, when each came, how it ended."""

    api: Api
    message_id: str
    token: str
    events: list[dict[str, Any]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    errors: list[dict[str, Any]] | None = None
    completed: bool = False
    task: asyncio.Task[None] | None = None

    def start(self) -> Follower:
        self.task = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async with self.api.subscribe(STREAM, {"id": self.message_id}, self.token) as sub:
            while True:
                message = json.loads(await asyncio.wait_for(sub.ws.recv(), 120))
                if message["type"] == "next":
                    if message["payload"].get("errors"):
                        self.errors = message["payload"]["errors"]
                    else:
                        self.events.append(message["payload"]["data"]["messageStream"])
                        self.times.append(time.monotonic())
                elif message["type"] == "error":
                    self.errors = message["payload"]
                    return
                elif message["type"] == "complete":
                    self.completed = True
                    return

    @property
    def text(self) -> str:
        return "".join(e["delta"] for e in self.events)

    @property
    def final(self) -> dict[str, Any] | None:
        return self.events[-1] if self.events and self.events[-1]["status"] != "STREAMING" else None

    async def done(self, timeout: float = 60) -> Follower:
        assert self.task is not None
        await asyncio.wait_for(self.task, timeout)
        return self


def json_lines(log: str) -> list[dict[str, Any]]:
    lines = []
    for line in log.splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(line))
    return [line for line in lines if isinstance(line, dict)]


def once_per_process(log: str) -> int:
    """Checks that every process that noticed the outage logged it once, and its end once; how many did."""
    lines = [line for line in json_lines(log) if line.get("logger") == "aiproxy.redis"]
    down = [line["pid"] for line in lines if line["msg"].startswith("Redis is unavailable")]
    up = [line["pid"] for line in lines if line["msg"].startswith("Redis is available again")]
    assert down and sorted(down) == sorted(set(down)) == sorted(up), [line["msg"][:80] for line in lines]
    return len(down)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """An empty PostgreSQL database (no schema at all)."""
    name = f"aiproxy_f_{uuid.uuid4().hex[:10]}"
    try:
        _run(_admin_sql(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable ({exc})")
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _run(_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def environment(tmp_path: Path, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": f"aiproxy-fault-{uuid.uuid4().hex[:8]}:",
        "JWT_SECRET": uuid.uuid4().hex,
        "BCRYPT_ROUNDS": "4",
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "RATE_LIMIT_PER_MINUTE": "100000",
        "WEB_CONCURRENCY": str(API_PROCESSES),
        "JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "JOB_STALE_AFTER_SECONDS": str(STALE),
        "AITESTMOCK_TOKEN_DELAY_MS": "20",
        "AITESTMOCK_TOKENS": "400",
        **extra,
    }


@dataclass
class Deployment:
    """Production mode as separate processes: the API, a worker, and a Redis of the test's own."""

    api: Api
    api_process: Child
    worker: Child
    redis: RedisServer

    async def ready(self) -> None:
        await self.api_process.wait_ready(f"{self.api.base_url}/readyz")
        await self.worker.wait_for_output(TAKING_JOBS, timeout=60)


@contextlib.asynccontextmanager
async def deployment(
    tmp_path: Path, database_url: str, *, start: tuple[str, ...] = ("redis", "worker", "api"), **env: str
) -> AsyncIterator[Deployment]:
    """The three, each started if named in `start` (the test starts the others when it wants)."""
    redis = RedisServer(tmp_path / "redis.log")
    if "redis" in start:
        await redis.start()
    settings = environment(tmp_path, database_url, redis.url, **env)
    port = free_port()
    api_process = Child("api", {**settings, "PORT": str(port)}, tmp_path / "api.log")
    worker = Child("workers", settings, tmp_path / "worker.log")
    running = Deployment(Api(f"http://127.0.0.1:{port}"), api_process, worker, redis)
    for name, child in (("worker", worker), ("api", api_process)):
        if name in start:
            child.start()
    try:
        yield running
    finally:
        await running.api.close()
        api_process.stop()
        worker.stop()
        redis.stop()


async def send(api: Api, token: str, conversation_id: str, content: str) -> dict[str, Any]:
    payload = await api.payload(
        "messageSend", SEND, {"i": {"conversationId": conversation_id, "content": content}}, token
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["assistantMessage"]


async def message(api: Api, token: str, message_id: str) -> dict[str, Any]:
    node: dict[str, Any] = (await api.data(MESSAGE, {"id": message_id}, token))["node"]
    return node


async def streamed_chars(follower: Follower, chars: int, timeout: float = 30) -> None:
    await poll(lambda: _at_least(follower, chars), timeout)


async def _at_least(follower: Follower, chars: int) -> bool:
    assert follower.errors is None, follower.errors
    assert follower.task is not None and not follower.task.done(), f"the stream ended early: {follower.events[-1:]}"
    return len(follower.text) >= chars


# -- Redis down for ten seconds ---------------------------------------------------------------------------


@pytest.mark.slow
async def test_redis_down_for_ten_seconds(tmp_path: Path, postgres_url: str) -> None:
    # A long answer (1000 tokens, 20 ms apart: 20 s) is under way through the whole outage.
    async with deployment(tmp_path, postgres_url, AITESTMOCK_TOKENS="1000") as running:
        api, api_process, worker, redis = running.api, running.api_process, running.worker, running.redis
        await running.ready()
        token = await api.user()
        email = (await api.data("{ viewer { email } }", token=token))["viewer"]["email"]
        first = await create_conversation(api, token, select="id")
        second = await create_conversation(api, token, select="id")
        answer = await send(api, token, first["id"], "Tell me a long story")
        live = Follower(api, answer["id"], token).start()
        await streamed_chars(live, 100)

        redis.stop()
        down_at = time.monotonic()
        # The open subscription ends at once with a code and a message.
        await live.done(15)
        assert live.errors, "the subscription should end with an error"
        assert [e["extensions"]["code"] for e in live.errors] == ["SERVICE_UNAVAILABLE"], live.errors
        assert "subscribe again" in live.errors[0]["message"]
        # A client that subscribes again while Redis is down continues from the stored text.
        again = Follower(api, answer["id"], token).start()
        await poll(lambda: _has_events(again), 10)
        assert again.events[0]["status"] == "STREAMING" and again.events[0]["delta"]

        ready = await api.http.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "degraded" and ready.json()["checks"]["redis"].startswith("degraded")
        assert ready.json()["checks"]["database"] == "ok"

        # A job enqueued while Redis is down is not lost: it stays QUEUED in the table. Its progress can be
        # followed meanwhile (from the row).
        during = await send(api, token, second["id"], "Are you there?")
        exported = await start_export(api, token, select="id")
        progress = asyncio.create_task(follow(api, job_progress("id status"), {"id": exported["id"]}, token))
        served, failures = 0, []
        while time.monotonic() - down_at < 10:
            for document, variables, who in (
                ("{ viewer { id email } }", None, token),
                ("{ sketches(first: 5) { totalCount nodes { title } } }", None, token),
                ("{ conversations(first: 5) { totalCount } }", None, token),
                (MESSAGE, {"id": answer["id"]}, token),
                (
                    "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code } } }",
                    {"i": {"email": email, "password": "correct horse battery"}},
                    None,
                ),
            ):
                body = await api.raw(document, variables, who)
                if body.get("errors"):
                    failures.append(body["errors"])
                else:
                    served += 1
            await create_sketch(api, token, select="id", title=f"Outage {served}")
            served += 1
            await asyncio.sleep(0.05)
        assert worker.alive, f"the worker exited:\n{worker.output()[-3000:]}"
        assert failures == [], failures[:3]
        assert (await message(api, token, during["id"]))["status"] == "STREAMING"

        await redis.start()
        up_at = time.monotonic()
        # The job of the outage is taken promptly, and answered.
        await poll(lambda: _has_content(api, token, during["id"]), 15)
        taken_after = time.monotonic() - up_at
        assert [e["status"] for e in await progress][-1] == "SUCCEEDED"
        # A subscriber that joins now (Redis restarted empty) gets the same text as the stored one.
        late = Follower(api, answer["id"], token).start()
        await late.done(60)
        await again.done(60)
        stored = await message(api, token, answer["id"])
        assert stored["status"] == "COMPLETE", stored
        for follower in (again, late):
            assert follower.final is not None and follower.final["status"] == "COMPLETE", follower.events[-3:]
            assert follower.text == stored["content"] == follower.final["message"]["content"]
        assert stored["content"].startswith(live.text)
        # The conversation is not blocked.
        await send(api, token, first["id"], "Thanks!")

        ready = await api.http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ok", ready.text
        assert worker.alive and worker.starts == 1
    api_log = api_process.output()
    assert once_per_process(api_log) <= API_PROCESSES and once_per_process(worker.output()) == 1
    assert not [line for line in json_lines(api_log) if line["msg"].startswith("unexpected error")]
    print(
        f"\nRedis outage: {served} requests served in 10 s without Redis, 0 failed; the job enqueued during it "
        f"was taken {taken_after:.1f} s after Redis returned"
    )


async def _has_events(follower: Follower) -> bool:
    assert follower.errors is None, follower.errors
    return bool(follower.events)


async def _has_content(api: Api, token: str, message_id: str) -> bool:
    return bool((await message(api, token, message_id))["content"])


@pytest.mark.slow
async def test_the_api_and_the_worker_start_while_redis_is_down(tmp_path: Path, postgres_url: str) -> None:
    """Redis not there at all when both start: the API serves (ready, degraded), the worker waits for Redis
    without exiting, and the jobs asked for meanwhile run once it comes."""
    # Redis' port is chosen, but nothing listens there yet.
    async with deployment(tmp_path, postgres_url, start=("worker", "api")) as running:
        api, api_process, worker, redis = running.api, running.api_process, running.worker, running.redis
        await api_process.wait_ready(f"{api.base_url}/readyz")
        assert (await api.http.get("/readyz")).json()["status"] == "degraded"
        token = await api.user()  # register and login
        conversation = await create_conversation(api, token, select="id")
        answer = await send(api, token, conversation["id"], "Hello")
        await asyncio.sleep(8)  # longer than arq's own five connection retries
        assert worker.alive, f"the worker exited:\n{worker.output()[-3000:]}"
        assert (await message(api, token, answer["id"]))["status"] == "STREAMING"
        await redis.start()
        await poll(lambda: _complete(api, token, answer["id"]), 30)
        assert (await api.http.get("/readyz")).json()["status"] == "ok"
        assert worker.alive and api_process.alive
    assert once_per_process(api_process.output()) <= API_PROCESSES and once_per_process(worker.output()) == 1


# -- the login lockout while Redis is down -------------------------------------------------------------------

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code message } } }"


async def login(api: Api, email: str, password: str = PASSWORD) -> dict[str, Any]:
    payload: dict[str, Any] = (await api.data(LOGIN, {"i": {"email": email, "password": password}}))["login"]
    return payload


def refused_as_locked(payload: dict[str, Any]) -> bool:
    return payload["token"] is None and [(e["code"], e["message"]) for e in payload["userErrors"]] == [
        ("RATE_LIMITED", LOCKED)
    ]


async def test_the_login_lockout_holds_through_the_database_while_redis_is_down(
    tmp_path: Path, postgres_url: str
) -> None:
    """Two API processes (one database, one Redis of the test's own). With Redis stopped, wrong passwords sent to
    both lock the account although neither process saw five of them: the counters are in the database. The lock
    outlives a restart of an API process and still holds once Redis is back (an empty Redis knows nothing of it)."""
    redis = RedisServer(tmp_path / "redis.log")
    await redis.start()
    settings = environment(tmp_path, postgres_url, redis.url, WEB_CONCURRENCY="1")
    ports = (free_port(), free_port())
    children = [
        Child("api", {**settings, "PORT": str(port)}, tmp_path / f"api-{n}.log") for n, port in enumerate(ports)
    ]
    apis = [Api(f"http://127.0.0.1:{port}") for port in ports]

    async def ready(*status: str) -> None:
        for child, api in zip(children, apis, strict=True):
            await child.wait_ready(f"{api.base_url}/readyz")
            await poll(lambda api=api: _readiness(api, status), 15)

    try:
        for child in children:
            child.start()
        await ready("ok")
        first = apis[0]
        admin = await first.user()
        admin_email = (await first.data("{ viewer { email } }", token=admin))["viewer"]["email"]
        victim = (await first.register(token=admin))["email"]

        redis.stop()
        # Five wrong passwords, alternating between the processes: three reach one, two the other.
        for attempt in range(5):
            payload = await login(apis[attempt % 2], victim, "wrong password")
            assert [e["code"] for e in payload["userErrors"]] == ["INVALID"], (attempt, payload)
        for api in apis:
            assert refused_as_locked(await login(api, victim)), "the right password is refused while locked"
            assert (await login(api, admin_email))["token"], "another account signs in as usual"
        await ready("degraded")

        # A restarted API process reads the lock from the database.
        children[0].stop()
        children[0].start()
        await ready("degraded")
        assert refused_as_locked(await login(first, victim))

        # Redis is back, empty: the lock set during the outage still holds, in both processes.
        await redis.start()
        await ready("ok")
        for api in apis:
            assert refused_as_locked(await login(api, victim)), "the lock must hold once Redis is back"
            assert (await login(api, admin_email))["token"]
    finally:
        for api in apis:
            await api.close()
        for child in children:
            child.stop()
        redis.stop()
    for child in children:  # each logged the outage once and its end once (the restarted one: since its restart)
        assert once_per_process(child.output_of_this_start()) == 1
    print(
        "\nlogin lockout without Redis: 5 wrong passwords over 2 API processes locked the account; the lock held "
        "after a restart of one and after Redis returned"
    )


async def _readiness(api: Api, status: tuple[str, ...]) -> bool:
    response = await api.http.get("/readyz")
    return response.status_code == 200 and response.json()["status"] in status


# -- a worker killed mid-answer ---------------------------------------------------------------------------


async def test_worker_killed_mid_answer(tmp_path: Path, postgres_url: str) -> None:
    async with deployment(tmp_path, postgres_url, AITESTMOCK_TOKENS="1000") as running:
        api, worker = running.api, running.worker
        await running.ready()
        token = await api.user()

        # 1. Killed, and restarted at once: the restarted worker ends the answer once the heartbeat is stale.
        conversation = await create_conversation(api, token, select="id")
        answer = await send(api, token, conversation["id"], "Tell me a story")
        follower = Follower(api, answer["id"], token).start()
        await streamed_chars(follower, 300)
        worker.kill()
        killed_at = time.monotonic()
        sent_before = len(follower.text)
        worker.start()
        await follower.done(30)
        ended_after = follower.times[-1] - killed_at
        stored = await message(api, token, answer["id"])
        assert stored["status"] == "FAILED" and stored["error"]["code"] == "INTERRUPTED", stored
        assert follower.final is not None and follower.final["errorCode"] == "INTERRUPTED"
        assert len(stored["content"]) >= sent_before > 0
        assert follower.text == stored["content"], "the deltas add up to the stored text"
        assert ended_after < STALE + 2 * HEARTBEAT + 3, ended_after
        # The conversation goes on: the restarted worker answers.
        await worker.wait_for_output(TAKING_JOBS)
        nxt = await send(api, token, conversation["id"], "Try again")
        await poll(lambda: _has_content(api, token, nxt["id"]), 15)

        # 2. Killed, and no worker comes back: messageStop still ends the answer, keeping its text.
        other = await create_conversation(api, token, select="id")
        stopped = await send(api, token, other["id"], "Another story")
        watcher = Follower(api, stopped["id"], token).start()
        await streamed_chars(watcher, 200)
        worker.kill()
        await asyncio.sleep(STALE + HEARTBEAT)  # its heartbeat is stale: the API knows the worker is gone
        payload = await api.payload("messageStop", STOP, {"id": stopped["id"]}, token)
        assert payload["userErrors"] == [], payload
        assert payload["message"]["status"] == "STOPPED"
        await watcher.done(15)
        assert watcher.final is not None and watcher.final["status"] == "STOPPED"
        assert watcher.text == payload["message"]["content"] == watcher.final["message"]["content"]
        assert len(payload["message"]["content"]) >= 200
        nxt = await send(api, token, other["id"], "Go on")  # not blocked
        assert nxt["status"] == "STREAMING"
    print(
        f"\nworker SIGKILL: the answer ended FAILED/INTERRUPTED {ended_after:.1f} s after the kill "
        f"(JOB_HEARTBEAT_SECONDS={HEARTBEAT}, JOB_STALE_AFTER_SECONDS={STALE}); "
        f"{sent_before} characters were sent before the kill, {len(stored['content'])} kept"
    )


# -- start order ------------------------------------------------------------------------------------------


async def test_a_worker_started_first_waits_for_the_database_and_migrates_it(tmp_path: Path) -> None:
    name = f"aiproxy_f_{uuid.uuid4().hex[:10]}"
    database_url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        async with deployment(tmp_path, database_url, start=("redis", "worker")) as running:
            api, api_process, worker = running.api, running.api_process, running.worker
            # Before its database exists: it waits, and says what for.
            await worker.wait_for_output("waiting for the database")
            assert worker.alive
            try:
                _run(_admin_sql(f'CREATE DATABASE "{name}"'))
            except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
                pytest.skip(f"PostgreSQL at {PG_URL} is not reachable ({exc})")
            await worker.wait_for_output(TAKING_JOBS, timeout=60)
            api_process.start()
            await api_process.wait_ready(f"{api.base_url}/readyz")
            token = await api.user()
            conversation = await create_conversation(api, token, select="id")
            answer = await send(api, token, conversation["id"], "Hello")
            await poll(lambda: _complete(api, token, answer["id"]), 30)
            assert worker.alive and worker.starts == 1
    finally:
        _run(_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _complete(api: Api, token: str, message_id: str) -> bool:
    return (await message(api, token, message_id))["status"] == "COMPLETE"


def test_processes_that_migrate_at_once_take_turns() -> None:
    with fresh_database() as url:
        code = f"from infra.db.migrate import upgrade; upgrade({url!r})"
        children = [
            subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        results = [(child.wait(120), child.stderr.read() if child.stderr else "") for child in children]
        assert [code for code, _ in results] == [0, 0, 0], [err[-2000:] for _, err in results]

        async def tables() -> set[str]:
            conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=5)
            try:
                rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                return {row["tablename"] for row in rows}
            finally:
                await conn.close()

        assert {"alembic_version", "jobs", "messages", "users"} <= _run(tables())


# -- a worker killed mid-song -----------------------------------------------------------------------------


async def test_worker_killed_mid_song_resumes_polling_and_never_submits_twice(
    tmp_path: Path, postgres_url: str
) -> None:
    """Every Mureka submission is billed: a worker SIGKILLed between the submission and the end must leave a song
    that the restarted worker finishes by polling the task it recorded, with exactly one submission seen by the
    provider (a mock of its own, outside the worker, so that the task outlives the worker)."""
    from aitestmock.app import create_app as create_mock
    from aitestmock.config import MockConfig
    from tests.integration.cases.songs import SONG, song_input

    async with serving(create_mock(MockConfig())) as mock_url:
        mureka = {"MUREKA_BASE_URL": mock_url, "MUREKA_API_KEY": "sk-test", "MUREKA_POLL_INTERVALS": "0.2"}
        async with deployment(tmp_path, postgres_url, **mureka) as running:
            api, worker = running.api, running.worker
            await running.ready()
            token = await api.user()
            created = await api.mutate(
                "songCreate",
                """mutation($i: SongCreateInput!) { songCreate(input: $i) { song { id } job { id }
                    userErrors { code } } }""",
                {"i": song_input(prompt="slow ballad 12s")},
                token,
            )
            song_id = created["song"]["id"]

            async def submitted() -> bool:
                song = (await api.data(SONG, {"id": song_id}, token))["node"]
                return song["providerStatus"] not in (None, "submitting")

            await poll(submitted, 30)
            worker.kill()
            worker.start()
            final = await follow(api, job_progress(), {"id": created["job"]["id"]}, token, timeout=60)
            assert final[-1]["status"] == "SUCCEEDED", final
            song = (await api.data(SONG, {"id": song_id}, token))["node"]
            assert song["status"] == "SUCCEEDED" and song["choices"]["totalCount"] == 2
            async with http_client() as client:
                counts = (await client.get(f"{mock_url}/_aitestmock/mureka/submissions")).json()
                attempts = await api.data(
                    "query($id: ID!) { node(id: $id) { ... on Job { attempts } } }", {"id": created["job"]["id"]}, token
                )
                audio = await client.get(song["choices"]["nodes"][0]["mp3Url"])
            assert counts["song"] == 1, counts  # resumed, never submitted again
            assert attempts["node"]["attempts"] == 2
            assert audio.status_code == 200 and audio.content
