"""Jobs: the `jobs` connection, `jobProgress` over WebSocket, `jobCancel`, and the executor (retries,
failures, cancellation, crash recovery) against the real database, event bus and queue.

Executor tests register their own handler for an existing JobKind in a container built by
`infra.container.build_container` (the app's own in the embedded mode); handlers are inputs, not mocks.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import websockets
from redis.asyncio import Redis

from api.ids import decode_uuid, encode_id
from domain.common.clock import utcnow
from domain.data_transfer.service import DATA_EXPORT
from domain.jobs.entities import Job, JobStatus
from domain.jobs.errors import JobFailed, TransientJobError
from domain.jobs.executor import JobContext
from domain.sketches.entities import Sketch
from infra.container import Container, build_container
from infra.queue.inprocess import InProcessJobQueue
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import Api, GraphQLError, export, follow, import_archive, job_progress, poll, start_export

JOB = """id kind status progress message attempts maxAttempts cancelRequested error { code message }
    startedAt finishedAt result { __typename ... on DataExport { sizeBytes sha256 } }"""
PROGRESS = job_progress(JOB)
JOB_BY_ID = f"query($id: ID!) {{ node(id: $id) {{ ... on Job {{ {JOB} }} }} }}"
CANCEL = f"""mutation($i: JobIdInput!) {{ jobCancel(input: $i) {{
    job {{ {JOB} }} userErrors {{ field code message }} }} }}"""
JOBS = """query($filter: JobFilter, $first: Int, $after: String, $last: Int, $before: String) {
    jobs(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        totalCount nodes { id kind status }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


# -- helpers ------------------------------------------------------------------------------------


async def viewer_id(api: Api, token: str) -> uuid.UUID:
    global_id = (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]
    ident = decode_uuid(global_id, "User")
    assert ident is not None
    return ident


async def insert_job(container: Container, user_id: uuid.UUID, **fields: Any) -> str:
    """A job row as the database holds it, handed to no queue (as a crashed or stopped process leaves it)."""
    now = fields.pop("at", utcnow())
    job = Job(user_id=user_id, kind=DATA_EXPORT.kind, created_at=now, updated_at=now, message="Queued", **fields)
    async with container.uow() as uow:
        await uow.jobs.add(job)
        await uow.commit()
    return encode_id("Job", job.id)


def job_uuid(global_id: str) -> uuid.UUID:
    ident = decode_uuid(global_id, "Job")
    assert ident is not None
    return ident


async def job(api: Api, job_id: str, token: str) -> dict[str, Any]:
    node = (await api.data(JOB_BY_ID, {"id": job_id}, token))["node"]
    assert node is not None
    return node


async def wait_for(api: Api, job_id: str, token: str, status: str, timeout: float = 15) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        current = await job(api, job_id, token)
        return current if current["status"] == status else None

    return await poll(reached, timeout)


def statuses(states: list[dict[str, Any]]) -> list[str]:
    """The status sequence with repeats collapsed."""
    result: list[str] = []
    for state in states:
        if not result or result[-1] != state["status"]:
            result.append(state["status"])
    return result


async def failed_import(api: Api, token: str) -> dict[str, Any]:
    """An import of a file that is not an export: a DATA_IMPORT job that ends FAILED."""
    return await import_archive(api, token, b"not a zip at all", select=JOB)


# -- the jobs connection ------------------------------------------------------------------------


async def test_jobs_connection_pages_newest_first_and_filters(api: Api) -> None:
    token = await api.user()
    other = await api.user(admin_token=token)
    created = [
        await export(api, token, select=JOB),
        await failed_import(api, token),
        await export(api, token, select=JOB),
    ]
    created += [await failed_import(api, token), await export(api, token, select=JOB)]
    await export(api, other, select=JOB)  # someone else's job is never listed
    assert [j["status"] for j in created] == ["SUCCEEDED", "FAILED", "SUCCEEDED", "FAILED", "SUCCEEDED"]
    newest_first = [j["id"] for j in reversed(created)]

    async def page(**variables: Any) -> dict[str, Any]:
        return (await api.data(JOBS, variables, token))["jobs"]

    everything = await page(first=100)
    assert everything["totalCount"] == 5
    assert [n["id"] for n in everything["nodes"]] == newest_first

    # Forwards, two at a time.
    seen: list[str] = []
    after = None
    for expected_next in (True, True, False):
        current = await page(first=2, after=after)
        assert current["totalCount"] == 5
        assert current["pageInfo"]["hasNextPage"] is expected_next
        seen += [n["id"] for n in current["nodes"]]
        after = current["pageInfo"]["endCursor"]
    assert seen == newest_first

    # Backwards from the end.
    last_two = await page(last=2)
    assert [n["id"] for n in last_two["nodes"]] == newest_first[-2:]
    assert last_two["pageInfo"]["hasPreviousPage"] is True
    before = await page(last=2, before=last_two["pageInfo"]["startCursor"])
    assert [n["id"] for n in before["nodes"]] == newest_first[1:3]

    # Filters, alone and combined; totalCount counts what matches.
    failed = await page(first=100, filter={"status": ["FAILED"]})
    assert failed["totalCount"] == 2
    assert {(n["kind"], n["status"]) for n in failed["nodes"]} == {("DATA_IMPORT", "FAILED")}
    exports = await page(first=100, filter={"kind": ["DATA_EXPORT"]})
    assert [n["id"] for n in exports["nodes"]] == [newest_first[i] for i in (0, 2, 4)]
    assert exports["totalCount"] == 3
    both = await page(first=100, filter={"status": ["SUCCEEDED", "FAILED"], "kind": ["DATA_IMPORT"]})
    assert [n["id"] for n in both["nodes"]] == [newest_first[1], newest_first[3]]
    assert both["totalCount"] == 2
    none = await page(first=100, filter={"status": ["QUEUED", "RUNNING", "CANCELLED"]})
    assert none == {
        "totalCount": 0,
        "nodes": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
    }
    first_failed = await page(first=1, filter={"status": ["FAILED"]})
    assert first_failed["pageInfo"]["hasNextPage"] is True
    rest = await page(first=5, after=first_failed["pageInfo"]["endCursor"], filter={"status": ["FAILED"]})
    assert [n["id"] for n in rest["nodes"]] == [newest_first[3]]

    # Request errors.
    body = await api.raw(JOBS, {"first": 101}, token)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await api.raw(JOBS, {"first": 2, "after": "not-a-cursor"}, token)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await api.raw(JOBS, {"filter": {"status": ["DONE"]}}, token)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await api.raw(JOBS, {"first": 2})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# -- jobProgress --------------------------------------------------------------------------------


async def test_job_progress_sends_the_current_state_then_every_change(stack: Running) -> None:
    api = stack.api
    container: Container = stack.app.state.container
    token = await api.user()
    job_id = await insert_job(container, await viewer_id(api, token))

    async def enqueue(first: dict[str, Any]) -> None:
        assert first["status"] == "QUEUED" and first["progress"] == 0.0
        # Only now does the job reach a runner (the arq worker in production, the in-process queue otherwise).
        await container.queue.enqueue(job_uuid(job_id))

    states = await follow(api, PROGRESS, {"id": job_id}, token, on_first=enqueue)

    assert statuses(states) == ["QUEUED", "RUNNING", "SUCCEEDED"]
    progress = [s["progress"] for s in states]
    assert progress == sorted(progress), progress
    assert any(0.0 < p < 1.0 for p in progress), progress  # the export reports its steps as they happen
    assert len({(s["status"], s["progress"], s["message"]) for s in states}) == len(states)  # each one a change
    last = states[-1]
    assert last["progress"] == 1.0 and last["attempts"] == 1 and last["finishedAt"]
    assert last["result"]["__typename"] == "DataExport" and last["result"]["sizeBytes"] != "0"

    # A subscriber arriving after the end gets that one state, then completion.
    assert await follow(api, PROGRESS, {"id": job_id}, token, timeout=10) == [last]


async def test_job_progress_needs_an_authenticated_connection(api: Api) -> None:
    token = await api.user()
    url = api.base_url.replace("http://", "ws://") + "/graphql"
    payloads: list[dict[str, Any] | None] = [
        None,
        {"authorization": "Bearer not-a-token"},
        {"authorization": f"Bearer {token}x"},
        {"authorization": token},  # no scheme
        {"authorization": 42},
    ]
    for payload in payloads:
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            init: dict[str, Any] = {"type": "connection_init"}
            if payload is not None:
                init["payload"] = payload
            await ws.send(json.dumps(init))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                message = await asyncio.wait_for(ws.recv(), 10)
                pytest.fail(f"expected the connection to be closed, got {message}")
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403, payload

    # With a good token the same handshake is acknowledged.
    async with api.subscribe(PROGRESS, {"id": encode_id("Job", uuid.uuid4())}, token) as sub:
        with pytest.raises(GraphQLError, match="No such job"):
            await sub.next()


async def test_job_progress_of_someone_elses_job_is_an_error(api: Api) -> None:
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    finished = await export(api, alice, select=JOB)
    for job_id in (finished["id"], "garbage", encode_id("Sketch", uuid.uuid4())):
        async with api.subscribe(PROGRESS, {"id": job_id}, bob) as sub:
            raw = json.loads(await asyncio.wait_for(sub.ws.recv(), 10))
            assert raw["type"] in ("next", "error"), raw
            if raw["type"] == "next":
                assert raw["payload"]["data"] is None
                assert raw["payload"]["errors"][0]["message"] == "No such job."
                assert raw["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
                assert json.loads(await asyncio.wait_for(sub.ws.recv(), 10))["type"] == "complete"
    # Alice herself still gets it.
    assert [s["status"] for s in await follow(api, PROGRESS, {"id": finished["id"]}, alice, timeout=10)] == [
        "SUCCEEDED"
    ]


# -- jobCancel ----------------------------------------------------------------------------------


async def test_cancelled_queued_job_never_runs_when_a_worker_starts(production_settings: Settings) -> None:
    redis = Redis.from_url(production_settings.redis_url)
    queue = production_settings.arq_queue_name
    try:
        async with serve(production_settings, worker=False) as running:
            api = running.api
            token = await api.user()
            created = await start_export(api, token, select=JOB)
            assert created["status"] == "QUEUED"
            assert await redis.zcard(queue) == 1  # handed to arq, but no worker is there to take it
            payload = await api.mutate("jobCancel", CANCEL, {"i": {"id": created["id"]}}, token)
            cancelled = payload["job"]
            assert cancelled["status"] == "CANCELLED" and cancelled["finishedAt"] and cancelled["message"]
            assert cancelled["attempts"] == 0 and cancelled["startedAt"] is None
            assert await job(api, created["id"], token) == cancelled

        async with serve(production_settings) as running:  # same database and Redis, now with a worker
            api = running.api
            later = await export(api, token, select=JOB)
            assert later["status"] == "SUCCEEDED"
            deadline = time.monotonic() + 10
            while await redis.zcard(queue):  # the worker has taken every hand-over, the cancelled one too
                assert time.monotonic() < deadline, "the arq queue was not drained"
                await asyncio.sleep(0.05)
            assert await job(api, created["id"], token) == cancelled  # untouched: never started, no result
            listed = (await api.data(JOBS, {"filter": {"status": ["CANCELLED"]}}, token))["jobs"]
            assert [n["id"] for n in listed["nodes"]] == [created["id"]]
    finally:
        await redis.aclose()


async def test_cancel_refuses_finished_and_foreign_jobs(api: Api) -> None:
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    finished = await export(api, alice, select=JOB)

    async def cancel_errors(job_id: str, token: str) -> list[dict[str, Any]]:
        payload = (await api.data(CANCEL, {"i": {"id": job_id}}, token))["jobCancel"]
        assert payload["job"] is None
        return payload["userErrors"]

    [error] = await cancel_errors(finished["id"], alice)
    assert error["code"] == "INVALID" and error["field"] == ["input", "id"]
    assert "succeeded" in error["message"]
    for job_id in (finished["id"], "garbage", encode_id("Sketch", uuid.uuid4())):
        [error] = await cancel_errors(job_id, bob)
        assert error["code"] == "NOT_FOUND" and error["field"] == ["input", "id"]
    assert await job(api, finished["id"], alice) == finished
    body = await api.raw(CANCEL, {"i": {"id": finished["id"]}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# -- the executor -------------------------------------------------------------------------------

Handler = Callable[[JobContext], Awaitable[dict[str, Any] | None]]


@dataclass
class Env:
    """A served API plus the executor that runs its jobs, with test handlers registered in it."""

    running: Running
    container: Container
    token: str = ""
    user_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def api(self) -> Api:
        return self.running.api

    def handle(self, handler: Handler) -> None:
        self.container.executor.handlers[DATA_EXPORT.kind] = handler

    async def run(self, **fields: Any) -> tuple[str, list[dict[str, Any]]]:
        """Queue a job, subscribe, hand it to the executor; return its id and every state it went through."""
        job_id = await insert_job(self.container, self.user_id, **fields)

        async def enqueue(first: dict[str, Any]) -> None:
            assert first["status"] == "QUEUED"
            await self.container.executor.queue.enqueue(job_uuid(job_id))

        return job_id, await follow(self.api, PROGRESS, {"id": job_id}, self.token, on_first=enqueue)


@pytest.fixture(params=["embedded", "production"])
async def env(request: pytest.FixtureRequest) -> AsyncIterator[Env]:
    """embedded: the app's own container (SQLite, memory events, in-process queue). production: the API
    without its arq worker, and a container built from the same settings (PostgreSQL, Redis events)
    whose executor runs the jobs through an in-process queue, as a worker would."""
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    if request.param == "embedded":
        async with serve(settings) as running:
            environment = Env(running, running.app.state.container)
            environment.token = await running.api.user()
            environment.user_id = await viewer_id(running.api, environment.token)
            yield environment
        return
    async with serve(settings, worker=False) as running:
        container = await build_container(running.settings)
        queue = InProcessJobQueue()
        queue.bind(container.executor.run)
        container.executor.queue = queue
        try:
            environment = Env(running, container)
            environment.token = await running.api.user()
            environment.user_id = await viewer_id(running.api, environment.token)
            yield environment
        finally:
            await queue.close()
            await container.close()


async def test_transient_errors_are_retried_until_the_job_succeeds(env: Env) -> None:
    attempts: list[int] = []

    async def flaky(ctx: JobContext) -> None:
        attempts.append(ctx.job.attempts)
        if len(attempts) < 3:
            raise TransientJobError("UPSTREAM_TIMEOUT", "The provider timed out.", retry_after=0)

    env.handle(flaky)
    job_id, states = await env.run()
    assert attempts == [1, 2, 3]
    assert statuses(states) == ["QUEUED", "RUNNING", "QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED"]
    retrying = [s for s in states[1:] if s["status"] == "QUEUED"]
    assert all("The provider timed out." in s["message"] for s in retrying)
    final = await job(env.api, job_id, env.token)
    assert final["status"] == "SUCCEEDED" and final["attempts"] == 3 and final["maxAttempts"] == 3
    assert final["error"] is None and final["progress"] == 1.0


async def test_a_job_that_keeps_failing_transiently_fails_after_max_attempts(env: Env) -> None:
    calls = 0

    async def down(ctx: JobContext) -> None:
        nonlocal calls
        calls += 1
        raise TransientJobError("UPSTREAM_DOWN", "The provider is unavailable.", retry_after=0)

    env.handle(down)
    job_id, states = await env.run()
    assert calls == 3
    assert statuses(states)[-2:] == ["RUNNING", "FAILED"]
    final = await job(env.api, job_id, env.token)
    assert final["status"] == "FAILED" and final["attempts"] == 3 and final["finishedAt"]
    assert final["error"] == {"code": "UPSTREAM_DOWN", "message": "The provider is unavailable."}
    assert final["result"] is None
    assert states[-1] == final


async def test_job_failed_ends_the_job_at_once(env: Env) -> None:
    calls = 0

    async def refuse(ctx: JobContext) -> None:
        nonlocal calls
        calls += 1
        await ctx.progress(0.5, "Halfway")
        raise JobFailed("CONTENT_POLICY", "The lyrics were refused.")

    env.handle(refuse)
    job_id, states = await env.run()
    assert calls == 1
    assert statuses(states) == ["QUEUED", "RUNNING", "FAILED"]
    assert "Halfway" in [s["message"] for s in states]
    final = await job(env.api, job_id, env.token)
    assert final["status"] == "FAILED" and final["attempts"] == 1
    assert final["error"] == {"code": "CONTENT_POLICY", "message": "The lyrics were refused."}


async def test_an_unexpected_exception_fails_the_job_without_leaking_details(env: Env) -> None:
    calls = 0

    async def crash(ctx: JobContext) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("boom: password=hunter2 in /srv/aiproxy/secret.py line 42")

    env.handle(crash)
    job_id, states = await env.run()
    assert calls == 1  # a bug is not retried
    final = await job(env.api, job_id, env.token)
    assert final["status"] == "FAILED" and final["attempts"] == 1
    assert final["error"]["code"] == "INTERNAL"
    for text in (final["error"]["message"], final["message"], json.dumps(states)):
        assert "hunter2" not in text and "Traceback" not in text and "secret.py" not in text
        assert "RuntimeError" not in text


async def test_cancel_stops_a_running_handler_and_drops_its_writes(env: Env) -> None:
    # SQLite has a single writer: a job that has written holds it until the job ends, so there even
    # jobCancel would wait for the job. Handlers report progress before they write; only where the
    # database allows concurrent writers (production) does this handler write first.
    writes = not env.container.settings.is_sqlite
    steps: list[int] = []

    async def slow(ctx: JobContext) -> None:
        if writes:
            now = utcnow()
            await ctx.uow.sketches.add(
                Sketch(user_id=ctx.job.user_id, prompt="written by the job", created_at=now, updated_at=now)
            )
        for step in range(1, 201):
            steps.append(step)
            await asyncio.sleep(0.05)
            await ctx.progress(step / 200, f"Step {step}")

    env.handle(slow)
    job_id = await insert_job(env.container, env.user_id)
    async with env.api.subscribe(PROGRESS, {"id": job_id}, env.token) as sub:
        assert (await sub.next()) is not None
        await env.container.executor.queue.enqueue(job_uuid(job_id))
        while True:
            item = await sub.next()
            assert item is not None and item["jobProgress"]["status"] != "CANCELLED"
            if item["jobProgress"]["status"] == "RUNNING" and item["jobProgress"]["progress"] >= 0.02:
                break
        started = time.monotonic()
        payload = await env.api.mutate("jobCancel", CANCEL, {"i": {"id": job_id}}, env.token)
        assert payload["job"]["cancelRequested"] is True and payload["job"]["status"] == "RUNNING"
        rest = [i["jobProgress"] for i in await sub.collect(10)]
        elapsed = time.monotonic() - started
    assert rest[-1]["status"] == "CANCELLED", rest
    assert elapsed < 2.0, elapsed
    stopped_at = len(steps)
    await asyncio.sleep(0.3)
    assert len(steps) == stopped_at < 200  # the handler really stopped
    final = await job(env.api, job_id, env.token)
    assert final["status"] == "CANCELLED" and final["progress"] < 1.0 and final["result"] is None
    assert final["finishedAt"] and final["error"] is None
    sketches = await env.api.data(
        "{ sketches(filter: { workflow: [DRAFT, USED, ARCHIVED] }) { totalCount } }", token=env.token
    )
    assert sketches["sketches"]["totalCount"] == 0


async def test_a_cancelled_handler_finishes_its_clean_up_while_heartbeats_go_on(env: Env) -> None:
    # A song's handler ends the song (CANCELLED) and frees its Mureka slot after the cancel reaches it. The
    # heartbeats during that clean-up still see the cancel flag; they must not cancel the handler a second time.
    beat = env.container.settings.job_heartbeat_seconds
    cleaned: list[str] = []

    async def slow(ctx: JobContext) -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            await asyncio.sleep(beat * 2.5)  # two heartbeats, at least, go by
            cleaned.append("song ended")
            raise

    env.handle(slow)
    job_id = await insert_job(env.container, env.user_id)
    async with env.api.subscribe(PROGRESS, {"id": job_id}, env.token) as sub:
        assert (await sub.next()) is not None
        await env.container.executor.queue.enqueue(job_uuid(job_id))
        item = await sub.next()
        assert item is not None and item["jobProgress"]["status"] == "RUNNING"
        payload = await env.api.mutate("jobCancel", CANCEL, {"i": {"id": job_id}}, env.token)
        assert payload["job"]["cancelRequested"] is True
        rest = [i["jobProgress"] for i in await sub.collect(beat * 10)]
    assert rest[-1]["status"] == "CANCELLED", rest
    assert cleaned == ["song ended"]


# -- crash recovery -----------------------------------------------------------------------------


async def test_recover_requeues_stale_jobs_and_fails_exhausted_ones(stack: Running) -> None:
    api = stack.api
    container: Container = stack.app.state.container
    token = await api.user()
    user_id = await viewer_id(api, token)
    # Thirty seconds without a heartbeat: stale for recover(10), not yet for a worker's own periodic check.
    old = utcnow() - timedelta(seconds=30)
    running = {"status": JobStatus.RUNNING, "started_at": old, "heartbeat_at": old, "at": old}
    crashed = await insert_job(container, user_id, attempts=1, **running)
    exhausted = await insert_job(container, user_id, attempts=3, max_attempts=3, **running)
    cancelling = await insert_job(container, user_id, attempts=1, cancel_requested=True, **running)
    lost = await insert_job(container, user_id, at=old)  # QUEUED, but the queue never ran it
    alive = await insert_job(
        container, user_id, attempts=1, status=JobStatus.RUNNING, started_at=utcnow(), heartbeat_at=utcnow()
    )

    assert await container.executor.recover(stale_after_seconds=10) == 2

    for job_id, attempts in ((crashed, 2), (lost, 1)):
        done = (await follow(api, PROGRESS, {"id": job_id}, token))[-1]
        assert done["status"] == "SUCCEEDED" and done["attempts"] == attempts, done
        assert done["result"]["__typename"] == "DataExport" and done["result"]["sizeBytes"] != "0"
    gone = await job(api, exhausted, token)
    assert gone["status"] == "FAILED" and gone["attempts"] == 3 and gone["finishedAt"]
    assert gone["error"]["code"] == "WORKER_LOST" and gone["error"]["message"]
    assert (await job(api, cancelling, token))["status"] == "CANCELLED"
    still = await job(api, alive, token)  # a job whose worker is alive is left to it
    assert still["status"] == "RUNNING" and still["attempts"] == 1
    assert await container.executor.recover(stale_after_seconds=10) == 0


async def test_embedded_app_reruns_unfinished_jobs_when_it_starts_again(embedded_settings: Settings) -> None:
    async with serve(embedded_settings) as first:
        token = await first.api.user()
        user_id = await viewer_id(first.api, token)
        container: Container = first.app.state.container
        # What a process leaves behind when it stops mid-way: one job never started, one half-done.
        queued = await insert_job(container, user_id)
        now = utcnow()
        running = await insert_job(
            container, user_id, status=JobStatus.RUNNING, attempts=1, progress=0.3, started_at=now, heartbeat_at=now
        )
        assert (await job(first.api, queued, token))["status"] == "QUEUED"
        assert (await job(first.api, running, token))["status"] == "RUNNING"

    async with serve(embedded_settings) as second:  # the same data directory
        for job_id, attempts in ((queued, 1), (running, 2)):
            done = await wait_for(second.api, job_id, token, "SUCCEEDED")
            assert done["attempts"] == attempts and done["progress"] == 1.0
            assert done["result"]["sizeBytes"] != "0"
