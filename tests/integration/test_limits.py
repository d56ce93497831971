"""Hostile requests through the real endpoint: fragment fan-out, huge lists, expensive queries, oversized
and malformed bodies, and rate limits that see every request (invalid ones, WebSocket messages) and
believe X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets

from api.limits import MAX_LIST_ITEMS
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.e2e.test_processes import process
from tests.support import Api, free_port, p95, under_load

# Each fragment spreads the next twice: 2^31 fields when expanded, about 1 KB of text.
FRAGMENT_BOMB = (
    "query{...F0} "
    + " ".join(f"fragment F{i} on Query{{__typename ...F{i + 1} ...F{i + 1}}}" for i in range(30))
    + " fragment F30 on Query{__typename}"
)
TAGS_QUERY = "query($tags: [String!]) { sketches(filter: {tags: $tags}) { totalCount } }"
SEARCHES = (
    "{ " + " ".join(f'a{i}: sketches(first: 100, filter: {{search: "x"}}) {{ totalCount }}' for i in range(30)) + " }"
)


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def refused(body: dict[str, Any], *words: str) -> str:
    """The one BAD_USER_INPUT error of a request that nothing ran for; returns its message."""
    assert body.get("data") is None, body
    assert codes(body) == ["BAD_USER_INPUT"], body
    message = body["errors"][0]["message"]
    for word in words:
        assert word in message, message
    return message


async def timed(api: Api, query: str, variables: dict[str, Any] | None = None) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = await api.http.post("/graphql", json={"query": query, "variables": variables or {}})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed, response.json()


# --------------------------------------------------------------------------- fragments, lists, cost


async def test_fragment_fan_out_is_refused_at_once(api: Api) -> None:
    assert len(FRAGMENT_BOMB) < 1500
    # The best of three: one slow scheduling slice on a busy machine says nothing about the check's cost
    # (unbounded, the bomb takes minutes). The figure itself is asserted in the concurrency test.
    attempts = [await timed(api, FRAGMENT_BOMB) for _ in range(3)]
    for _, body in attempts:
        refused(body, "fragment")
    assert min(elapsed for elapsed, _ in attempts) < 0.5, attempts

    # Fewer spreads, same doubling: within the spread limit, refused by what the spreads add up to.
    twenty = (
        "query{...F0} "
        + " ".join(f"fragment F{i} on Query{{__typename ...F{i + 1} ...F{i + 1}}}" for i in range(20))
        + " fragment F20 on Query{__typename}"
    )
    refused((await timed(api, twenty))[1], "__typename", "selected")
    # A fragment that spreads itself, through another.
    cycle = "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }"
    refused((await timed(api, cycle))[1], "within itself")
    # Depth through fragments is counted once per fragment, and still counted.
    deep = "{ viewer { ...U } } fragment U on User { " + "a { " * 10 + "b" + " }" * 10 + " }"
    refused((await timed(api, deep))[1], "depth")
    # The same field over and over in one place (the spec's merge check compares them pairwise).
    refused((await timed(api, "{ viewer { " + "id " * 60 + "} }"))[1], "`id` is selected 60 times")
    # And over GET, the same.
    response = await api.http.get("/graphql", params={"query": FRAGMENT_BOMB})
    assert response.status_code == 200
    refused(response.json(), "fragment")


async def test_every_list_input_is_bounded(api: Api) -> None:
    token = await api.user()
    headers = {"authorization": f"Bearer {token}"}
    body = json.dumps({"query": TAGS_QUERY, "variables": {"tags": [f"tag{i}" for i in range(50_000)]}})
    started = time.perf_counter()
    response = await api.http.post("/graphql", content=body, headers={**headers, "content-type": "application/json"})
    elapsed = time.perf_counter() - started
    refused(response.json(), "`$tags` has 50000 items", f"at most {MAX_LIST_ITEMS}")
    assert elapsed < 0.5, elapsed

    at_most = [f"tag{i}" for i in range(MAX_LIST_ITEMS)]
    assert (await api.data(TAGS_QUERY, {"tags": at_most}, token))["sketches"] == {"totalCount": 0}
    one_more = [*at_most, "x"]
    refused(await api.raw(TAGS_QUERY, {"tags": one_more}, token), "$tags")
    # Inside an input object sent as a variable, and written in the document: the same check.
    by_filter = "query($f: SketchFilter) { sketches(filter: $f) { totalCount } }"
    refused(await api.raw(by_filter, {"f": {"tags": one_more}}, token), "`$f.tags` has 101 items")
    literal = "{ sketches(filter: {tags: [" + ", ".join(f'"t{i}"' for i in range(101)) + "]}) { totalCount } }"
    refused(await api.raw(literal, token=token), "`sketches(filter).tags` has 101 items")
    statuses = "query($s: [JobStatus!]) { jobs(filter: {status: $s}) { totalCount } }"
    refused(await api.raw(statuses, {"s": ["QUEUED"] * 101}, token), "$s")
    assert (await api.data(statuses, {"s": ["QUEUED"] * 100}, token))["jobs"] == {"totalCount": 0}
    # In a mutation's input too: refused before anything runs, so nothing is stored.
    create = "mutation($i: SketchCreateInput!) { sketchCreate(input: $i) { sketch { id } } }"
    refused(await api.raw(create, {"i": {"prompt": "x", "tags": one_more}}, token), "$i.tags")
    assert (await api.data("{ sketches { totalCount } }", token=token))["sketches"]["totalCount"] == 0


async def test_control_characters_are_refused_in_every_string_input(stack: Running) -> None:
    """NUL and the other C0 control characters (tab, newline and carriage return aside) are refused at the edge,
    in any string argument or input field, written in the document or sent as a variable, before anything runs:
    the same answer on SQLite and PostgreSQL."""
    api = stack.api
    login = "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code } } }"
    refused(await api.raw(login, {"i": {"email": "a\u0000@example.com", "password": "x"}}), "`$i.email`", "U+0000")
    refused(await api.raw(login, {"i": {"email": "a@example.com", "password": "\u0000"}}), "`$i.password`")
    literal_login = 'mutation { login(input: {email: "me\\u0000@example.com", password: "x"}) { token } }'
    refused(await api.raw(literal_login), "`login(input).email`", "U+0000")

    token = await api.user()
    create = "mutation($i: SketchCreateInput!) { sketchCreate(input: $i) { sketch { id lyrics } } }"
    refused(
        await api.raw(create, {"i": {"prompt": "ok", "tags": ["fine", "bell\u0007"]}}, token), "`$i.tags[1]`", "U+0007"
    )
    refused(await api.raw(create, {"i": {"prompt": "escape \u001b[31m red"}}, token), "`$i.prompt`", "U+001B")
    refused(
        await api.raw("query($s: String) { sketches(filter: {search: $s}) { totalCount } }", {"s": "\u0000"}, token),
        "`$s`",
    )
    search = '{ sketches(filter: {search: "x\\u0000"}) { totalCount } }'
    refused(await api.raw(search, token=token), "`sketches(filter).search`")
    block = 'mutation { sketchCreate(input: {prompt: """a\u0001b"""}) { sketch { id } } }'
    refused(await api.raw(block, token=token), "`sketchCreate(input).prompt`", "U+0001")
    assert (await api.data("{ sketches { totalCount } }", token=token))["sketches"]["totalCount"] == 0

    # Tab, newline and carriage return are text.
    lyrics = "verse\tone\r\nverse two"
    created = await api.data(create, {"i": {"prompt": "ok", "lyrics": lyrics}}, token)
    assert created["sketchCreate"]["sketch"]["lyrics"] == lyrics


async def test_query_cost_counts_pages_searches_and_nesting(api: Api) -> None:
    token = await api.user()
    message = refused(await api.raw(SEARCHES, token=token), "costs 30030", "limit is 10000")
    assert "'anonymous'" in message
    # One such search, or thirty without search, is fine.
    one = await api.raw('{ sketches(first: 100, filter: {search: "x"}) { totalCount } }', token=token)
    assert "errors" not in one, one["errors"]
    plain = await api.raw(SEARCHES.replace(', filter: {search: "x"}', ""), token=token)
    assert "errors" not in plain, plain["errors"]
    # Page sizes and searches given as variables count the same.
    by_variables = "query($n: Int, $f: SketchFilter) { " + " ".join(
        f"a{i}: sketches(first: $n, filter: $f) {{ totalCount }}" for i in range(30)
    )
    by_variables += " }"
    refused(await api.raw(by_variables, {"n": 100, "f": {"search": "x"}}, token), "costs 30030")
    refused(await api.raw(by_variables, {"n": 100, "f": {"search": "x", "tags": ["a"]}}, token), "costs")
    assert "errors" not in await api.raw(by_variables, {"n": 100, "f": {"search": "  "}}, token)
    assert "errors" not in await api.raw(by_variables, {"f": {"search": "x"}}, token)  # 30 × 20 × 10
    # Nested connections multiply: 100 conversations × 100 messages is too much, 20 × 50 is not.
    nested = "{ conversations(first: %d) { nodes { messages(first: %d) { nodes { content } } } } }"
    refused(await api.raw(nested % (100, 100), token=token), "costs 20201")
    assert "errors" not in await api.raw(nested % (20, 50), token=token)


async def test_cost_limit_is_a_setting(embedded_settings: Settings) -> None:
    async with serve(embedded_settings.replace(query_cost_limit=150), worker=False) as running:
        api = running.api
        token = await api.user()
        query = "query($n: Int) { sketches(first: $n) { nodes { id } } }"
        assert "errors" not in await api.raw(query, {"n": 70}, token)  # 70 + 1 + 70
        refused(await api.raw(query, {"n": 80}, token), "costs 161", "limit is 150")
        # A fragment on the connection type is multiplied by the page it is spread in.
        spread = "query($n: Int) { sketches(first: $n) { ...Page } } fragment Page on SketchConnection { nodes { id } }"
        assert "errors" not in await api.raw(spread, {"n": 70}, token)
        refused(await api.raw(spread, {"n": 80}, token), "costs 161")


# --------------------------------------------------------------------------- bodies


async def raw_http(base_url: str, head: str, body: bytes = b"", *, until_close: bool = True) -> tuple[int, Any]:
    """One request over a plain socket (for bodies httpx will not send); returns the status and JSON body."""
    url = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    header, _, payload = response.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    assert b"application/json" in header.lower(), header
    return status, json.loads(payload)


async def test_websocket_messages_are_bounded_like_bodies(api: Api) -> None:
    """A WebSocket message over MAX_REQUEST_BYTES closes the connection (1009, too big); one under it is served."""
    limit = Settings.from_env({}).max_request_bytes
    token = await api.user()
    url = api.base_url.replace("http://", "ws://") + "/graphql"
    init = json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})

    def subscribe(padding: str) -> str:
        query = "subscription($id: ID!, $pad: String) { jobProgress(id: $id) { status } }"
        variables = {"id": "Sm9iOjA=", "pad": padding}
        return json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}})

    async with websockets.connect(url, subprotocols=["graphql-transport-ws"], max_size=None) as ws:  # type: ignore[list-item]  # the stubs type subprotocols as a list of a NewType
        await ws.send(init)
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(subscribe("x" * (limit + 1)))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009

    async with websockets.connect(url, subprotocols=["graphql-transport-ws"], max_size=None) as ws:  # type: ignore[list-item]  # the stubs type subprotocols as a list of a NewType
        await ws.send(init)
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(subscribe("x" * (limit - 400)))
        reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert reply["id"] == "1" and reply["type"] in {"next", "error"}, reply  # served, not cut off


async def test_request_bodies_are_bounded(api: Api) -> None:
    limit = Settings.from_env({}).max_request_bytes
    assert limit == 1024 * 1024
    port = urlsplit(api.base_url).port

    # A Content-Length over the limit is refused before anything is read.
    status, body = await raw_http(
        api.base_url,
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {10**12}\r\nConnection: close\r\n",
    )
    assert status == 413
    assert codes(body) == ["BAD_USER_INPUT"] and str(limit) in body["errors"][0]["message"]

    # A chunked body is refused as soon as it passes the limit.
    chunk = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(limit // len(chunk) + 2))
    status, body = await raw_http(
        api.base_url,
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n",
        chunks,
    )
    assert status == 413 and codes(body) == ["BAD_USER_INPUT"]

    # Just under the limit is fine.
    padding = "x" * (limit - 200)
    response = await api.http.post("/graphql", json={"query": "{ __typename }", "variables": {"pad": padding}})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"null", "JSON object"),
        (b"1", "JSON object"),
        (b"[]", "JSON object"),
        (b'[{"query": "{ __typename }"}]', "JSON object"),
        (b'"{ __typename }"', "JSON object"),
        (b"{", "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"query": 1}', "must be a string"),
        (b'{"query": "{ __typename }", "variables": []}', "must be an object"),
        (b'{"query": "{ __typename }", "operationName": {}}', "operationName"),
        (b'{"variables": {}}', "No GraphQL query"),
        (b'{"query": "{ __typename }", "variables": ' + b'{"a":' * 10_000 + b"1" + b"}" * 10_000 + b"}", "deeply"),
        (b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}", "deeply"),
    ],
)
async def test_malformed_bodies_get_graphql_shaped_400s(api: Api, body: bytes, words: str) -> None:
    started = time.perf_counter()
    response = await api.http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert time.perf_counter() - started < 1
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert words in error["message"], error["message"]


async def test_malformed_get_and_content_type_get_graphql_shaped_400s(api: Api) -> None:
    deep = '{"a":' * 2000 + "1" + "}" * 2000
    for params in ({"query": "{ __typename }", "variables": deep}, {"query": "{ __typename }", "variables": "[1]"}):
        response = await api.http.get("/graphql", params=params)
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    response = await api.http.post("/graphql", content=b"{ __typename }", headers={"content-type": "text/plain"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # Mutations are not sent with GET.
    response = await api.http.get("/graphql", params={"query": "mutation { dataExportCreate { job { id } } }"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_documents_are_bounded_before_they_are_parsed(api: Api) -> None:
    # 32 000 characters for the default 2000 tokens: a long comment or string is refused unread.
    elapsed, body = await timed(api, "{ __typename } #" + "x" * 900_000)
    refused(body, "more than 32000")
    assert elapsed < 0.5, elapsed
    refused((await timed(api, "{ __typename }" + "\n#" * 2001))[1], "comments")
    refused((await timed(api, "{" + "a{" * 600 + "}" * 601))[1], "nested too deeply")


# --------------------------------------------------------------------------- the server stays responsive


@contextlib.asynccontextmanager
async def api_process(tmp_path: Path, **env: str) -> AsyncIterator[Api]:
    """`python -m api` in the embedded default, in a process of its own (so a frozen server cannot freeze
    the client that measures it)."""
    port = free_port()
    environment = {
        "DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "PUBLIC_URL": "",
        "JWT_SECRET": uuid.uuid4().hex,
        "BCRYPT_ROUNDS": "4",
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT_PER_MINUTE": "0",
        **env,
    }
    base = f"http://127.0.0.1:{port}"
    async with process("api", environment, tmp_path / "api.log", base + "/readyz"):
        api = Api(base)
        api.http.timeout = httpx.Timeout(5)
        try:
            yield api
        finally:
            await api.close()


def load_per_core() -> float:
    """The machine's load average over the last minute, per core."""
    return os.getloadavg()[0] / (os.cpu_count() or 1)


# At or below one runnable process per core the machine is quiet enough for the absolute bounds.
QUIET_LOAD_PER_CORE = 1.0
REFUSAL_BOUND, SIMPLE_BOUND = 0.1, 0.05  # the issue's figures: a refusal < 100 ms, the simple query's p95 < 50 ms


async def test_hostile_requests_do_not_slow_down_others(tmp_path: Path) -> None:
    """Two clients keep hostile requests in flight (the fragment document, the 50 000-tag filter, 30 aliased
    searches, in turn) while a third sends `{ viewer { id } }` every 10 ms. Measured meanwhile: each hostile
    request's time to its BAD_USER_INPUT answer, and the simple query's p95.

    The bounds: the fragment document and the tag filter are each answered in < 100 ms (p95 of their answers),
    and the simple query's p95 stays < 50 ms. They are asserted as such when the machine is quiet (load average
    at most one per core, before and after the measurement). On a loaded machine (other test runs sharing two
    cores) the same work waits for a share of a core, so there each bound is multiplied by the load per core
    (fair scheduling among that many runnable processes), or is a multiple of the simple query's warm p95
    measured alone (the higher of before and after the attack), whichever is larger: < max(100 ms × load,
    5 × warm p95) and < max(50 ms × load, 4 × warm p95). Unbounded, these requests took seconds to minutes;
    either form catches that. Run with -s for the figures."""
    load_before = load_per_core()
    async with api_process(tmp_path) as api:
        token = await api.user()
        auth = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        simple = json.dumps({"query": "{ viewer { id } }"}).encode()
        names = ("fragment document", "50 000 tags", "30 searches")
        hostile = [
            json.dumps({"query": FRAGMENT_BOMB}).encode(),
            json.dumps({"query": TAGS_QUERY, "variables": {"tags": [f"t{i}" for i in range(50_000)]}}).encode(),
            json.dumps({"query": SEARCHES}).encode(),
        ]

        async def send(body: bytes, client: httpx.AsyncClient | None = None) -> tuple[float, dict[str, Any]]:
            started = time.perf_counter()
            response = await (client or api.http).post("/graphql", content=body, headers=auth)
            return time.perf_counter() - started, response.json()

        async def simple_latencies(count: int) -> list[float]:
            latencies = []
            for _ in range(count):
                elapsed, body = await send(simple)
                assert body["data"]["viewer"]["id"], body
                latencies.append(elapsed)
                await asyncio.sleep(0.01)
            return latencies

        await simple_latencies(10)  # warm up
        for body in hostile:
            assert codes((await send(body))[1]) == ["BAD_USER_INPUT"]
        warm = p95(await simple_latencies(40))

        answered: dict[int, list[float]] = {i: [] for i in range(len(hostile))}

        async def attacker(offset: int, stop: asyncio.Event) -> None:
            async with httpx.AsyncClient(base_url=api.base_url, timeout=5) as client:
                i = offset
                while not stop.is_set():
                    elapsed, answer = await send(hostile[i % len(hostile)], client)
                    assert codes(answer) == ["BAD_USER_INPUT"], answer
                    answered[i % len(hostile)].append(elapsed)
                    i += 1

        simple_p95 = p95(await under_load(attacker, 2, lambda: simple_latencies(60)))
        # Alone again: on a loaded machine the yardstick moves with the other runs, so the higher of the two.
        warm = max(warm, p95(await simple_latencies(40)))
    load_after = load_per_core()
    load = max(load_before, load_after)
    quiet = load <= QUIET_LOAD_PER_CORE

    refusal_bound = REFUSAL_BOUND if quiet else max(REFUSAL_BOUND * load, 5 * warm)
    simple_bound = SIMPLE_BOUND if quiet else max(SIMPLE_BOUND * load, 4 * warm)
    figures = {i: (sorted(times)[len(times) // 2], p95(times), max(times)) for i, times in answered.items()}
    print(
        f"\nload average per core {load_before:.2f} before, {load_after:.2f} after "
        f"({'quiet: absolute bounds' if quiet else 'loaded: bounds scale with the load'}); "
        f"simple query p95 {warm * 1000:.1f} ms warm alone (higher of before/after), "
        f"{simple_p95 * 1000:.1f} ms meanwhile "
        f"(bound {simple_bound * 1000:.0f} ms)"
    )
    for i, (median, high, worst) in figures.items():
        print(
            f"  {names[i]}: {len(answered[i])} answered BAD_USER_INPUT meanwhile; median {median * 1000:.1f} ms, "
            f"p95 {high * 1000:.1f} ms, max {worst * 1000:.1f} ms"
            + (f" (bound {refusal_bound * 1000:.0f} ms)" if i < 2 else "")
        )
    assert all(len(answered[i]) >= 10 for i in range(len(hostile))), {names[i]: len(t) for i, t in answered.items()}
    for i in (0, 1):  # the issue's two: the fragment document and the tag filter
        assert figures[i][1] < refusal_bound, (names[i], figures[i], refusal_bound)
    assert simple_p95 < simple_bound, (simple_p95, warm, simple_bound)


# --------------------------------------------------------------------------- rate limits


async def test_invalid_requests_count_against_the_rate_limit(any_mode_settings: Settings) -> None:
    async with serve(any_mode_settings.replace(rate_limit_per_minute=6), worker=False) as running:
        api = running.api
        invalid = [
            {"query": "{ viewer { "},  # a syntax error
            {"query": "{ nothing }"},  # a validation error
            {"query": FRAGMENT_BOMB},  # over a limit
            {"query": TAGS_QUERY, "variables": {"tags": ["x"] * 101}},
        ]
        for body in invalid:
            response = await api.http.post("/graphql", json=body)
            assert codes(response.json()) == ["BAD_USER_INPUT"], response.text
        for content in (b"{", b"[]"):
            response = await api.http.post("/graphql", content=content, headers={"content-type": "application/json"})
            assert response.status_code == 400
        # Six refused requests used up this address's six: a valid one is now refused too.
        body = await api.raw("{ __typename }")
        assert body["data"] is None
        assert codes(body) == ["RATE_LIMITED"]
        response = await api.http.post("/graphql", content=b"{", headers={"content-type": "application/json"})
        assert response.status_code == 200 and codes(response.json()) == ["RATE_LIMITED"]
        # GraphiQL itself is a page, not a request to count.
        page = await api.http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()


async def ws_connect(api: Api, token: str) -> Any:
    ws = await websockets.connect(
        api.base_url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"]
    )  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    return ws


async def test_websocket_messages_count_against_the_rate_limit(embedded_settings: Settings) -> None:
    settings = embedded_settings.replace(rate_limit_per_minute=6, allow_registration=True)
    async with serve(settings, worker=False) as running:
        api = running.api
        token = await api.user()  # two requests from this address, none for the user yet
        ws = await ws_connect(api, token)  # the user's first
        try:
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
            for i in range(5):  # the user's second to sixth
                await ws.send(
                    json.dumps({"id": str(i), "type": "subscribe", "payload": {"query": "{ viewer { id } }"}})
                )
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert message["type"] == "next" and message["payload"]["data"]["viewer"]["id"], message
                assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "complete"
            await ws.send(
                json.dumps(
                    {
                        "id": "over",
                        "type": "subscribe",
                        "payload": {
                            "query": "subscription($m: ID!) { messageStream(messageId: $m) { status } }",
                            "variables": {"m": "x"},
                        },
                    }
                )
            )
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert message["type"] == "error" and message["id"] == "over", message
            assert [e["extensions"]["code"] for e in message["payload"]] == ["RATE_LIMITED"]
        finally:
            await ws.close()

        # A new connection for the same user is refused at connection_init, with its own close code.
        ws = await ws_connect(api, token)
        try:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
        finally:
            await ws.close()
        # And so is HTTP for that user, while another user is still served.
        assert codes(await api.raw("{ viewer { id } }", token=token)) == ["RATE_LIMITED"]
        other = await api.user()
        assert (await api.data("{ viewer { id } }", token=other))["viewer"]["id"]


async def test_forwarded_for_is_believed_only_from_trusted_proxies(embedded_settings: Settings) -> None:
    async def burst(settings: Settings, forwarded: list[str]) -> list[str]:
        async with serve(settings, worker=False) as running:
            results = []
            for value in forwarded:
                response = await running.api.http.post(
                    "/graphql", json={"query": "{ __typename }"}, headers={"x-forwarded-for": value}
                )
                results.append("refused" if codes(response.json()) == ["RATE_LIMITED"] else "served")
            return results

    limited = embedded_settings.replace(rate_limit_per_minute=2)
    # From an untrusted peer (the default: no proxies), X-Forwarded-For changes nothing: one budget.
    assert await burst(limited, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == ["served", "served", "refused"]
    # From a trusted proxy, the address it appended is the client: a budget each. What the client wrote to
    # the left of it is not believed.
    trusted = limited.replace(trusted_proxies=("127.0.0.0/8",))
    assert await burst(
        trusted,
        [
            "198.51.100.1",
            "198.51.100.1",
            "198.51.100.1",
            "198.51.100.2",
            "203.0.113.7, 198.51.100.2",
            "9.9.9.9, 198.51.100.2",
        ],
    ) == ["served", "served", "refused", "served", "served", "refused"]


def test_uvicorn_trusts_the_same_proxies(tmp_path: Path) -> None:
    from api.http import server_options

    settings = Settings.from_env({"DATA_DIR": str(tmp_path)})
    assert server_options(settings)["proxy_headers"] is False
    settings = Settings.from_env({"DATA_DIR": str(tmp_path), "TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7"})
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.168.1.7")
    options = server_options(settings)
    assert options["proxy_headers"] is True and options["forwarded_allow_ips"] == "10.0.0.0/8,192.168.1.7"
