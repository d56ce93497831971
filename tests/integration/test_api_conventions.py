"""The conventions every client relies on: GraphiQL, health checks, query limits, masked faults, rate limits,
global ids, mutations that answer bad input with userErrors, and batched loading."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import get_introspection_query
from sqlalchemy import event, text

from api.ids import decode_id, encode_id
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import Api

ERRORS = "userErrors { field message code }"


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def create_sketch(api: Api, token: str, title: str = "Idea") -> dict[str, Any]:
    payload = await api.mutate(
        "sketchCreate",
        f"mutation($i: SketchCreateInput!) {{ sketchCreate(input: $i) {{ sketch {{ id title }} {ERRORS} }} }}",
        {"i": {"prompt": "lo-fi piano", "title": title}},
        token,
    )
    return payload["sketch"]


# --------------------------------------------------------------------------- GraphiQL and introspection


async def test_graphiql_is_served_to_browsers(api: Api) -> None:
    response = await api.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_graphiql_can_be_switched_off(embedded_settings: Settings) -> None:
    async with serve(embedded_settings.replace(graphiql=False), worker=False) as running:
        response = await running.api.http.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code == 404
        assert "graphiql" not in response.text.lower()
        # The API itself still answers.
        assert await running.api.data("{ viewer { id } }") == {"viewer": None}


async def test_introspection_works_and_is_not_held_to_the_depth_limit(api: Api) -> None:
    # The full introspection query GraphiQL sends nests far deeper than 10 levels (ofType { ofType { … } }).
    body = await api.raw(get_introspection_query(descriptions=True, input_value_deprecation=True))
    assert "errors" not in body, body.get("errors")
    types = {t["name"]: t for t in body["data"]["__schema"]["types"]}
    assert {"Query", "Mutation", "Subscription", "Node", "Sketch", "PromptTemplate", "UserError"} <= set(types)
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"

    deep = '{ __type(name: "Sketch") { fields { name type ' + "{ ofType " * 12 + "{ name }" + " }" * 12 + " } } }"
    body = await api.raw(deep)
    assert "errors" not in body, body.get("errors")
    assert body["data"]["__type"]["fields"]


# --------------------------------------------------------------------------- health and readiness


async def test_health_and_readiness_report_the_mode(stack: Running) -> None:
    api = stack.api
    health = await api.http.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}

    ready = await api.http.get("/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ok"
    production = bool(stack.settings.redis_url)
    expected_checks = {"database": "ok", "storage": "ok", **({"redis": "ok"} if production else {})}
    assert body["checks"] == expected_checks
    if production:
        assert body["mode"] == {"database": "postgresql", "jobs": "arq", "events": "redis", "storage": "s3"}
    else:
        assert body["mode"] == {"database": "sqlite", "jobs": "in-process", "events": "memory", "storage": "local"}


async def test_readiness_names_an_unreachable_redis(production_settings: Settings) -> None:
    async with serve(production_settings, worker=False) as running:
        pool = running.app.state.container.redis.connection_pool
        port = pool.connection_kwargs["port"]

        async def point_redis_at(new_port: int) -> None:
            """Drop the app's Redis connections; the next ones it opens go to `new_port`."""
            await pool.disconnect()
            pool.reset()
            pool.connection_kwargs["port"] = new_port

        assert (await running.api.http.get("/readyz")).status_code == 200
        await point_redis_at(1)  # Redis "goes away": nothing listens on port 1
        try:
            ready = await running.api.http.get("/readyz")
            assert ready.status_code == 503, ready.text
            body = ready.json()
            assert body["status"] == "unavailable"
            assert body["checks"]["database"] == "ok"
            assert body["checks"]["storage"] == "ok"
            assert body["checks"]["redis"] != "ok"
            assert "Error" in body["checks"]["redis"]  # the exception's type and message, for the operator
            assert body["mode"]["jobs"] == "arq"
            # Liveness is not readiness: the process itself is fine.
            assert (await running.api.http.get("/healthz")).status_code == 200
        finally:
            await point_redis_at(port)
        # Once Redis is back, so is readiness.
        assert (await running.api.http.get("/readyz")).status_code == 200


# --------------------------------------------------------------------------- query limits


def nested(depth: int) -> str:
    """A selection whose deepest field is at `depth` (the root field is at depth 0)."""
    return "{ " + "f { " * depth + "f" + " }" * depth + " }"


async def test_queries_deeper_than_ten_levels_are_refused(api: Api) -> None:
    token = await api.user()
    # No type of this schema nests deep enough for a valid 11-level query, so the refusal is read off the
    # message; the 10-level query draws only the ordinary "no such field" errors.
    too_deep = await api.raw(nested(11), token=token)
    assert too_deep.get("data") is None
    assert "BAD_USER_INPUT" in error_codes(too_deep)
    assert any("exceeds maximum operation depth of 10" in e["message"] for e in too_deep["errors"])
    at_limit = await api.raw(nested(10), token=token)
    assert not any("depth" in e["message"] for e in at_limit["errors"]), at_limit["errors"]


async def test_depth_limit_refuses_real_queries_without_running_them(embedded_settings: Settings) -> None:
    async with serve(embedded_settings.replace(query_depth_limit=3), worker=False) as running:
        api = running.api
        token = await api.user()
        await create_sketch(api, token)
        at_limit = await api.raw("{ sketches { edges { node { title } } } }", token=token)  # title at depth 3
        assert "errors" not in at_limit, at_limit["errors"]
        assert at_limit["data"]["sketches"]["edges"] == [{"node": {"title": "Idea"}}]
        over = await api.raw("{ sketches { edges { node { owner { email } } } } }", token=token)
        assert over.get("data") is None
        assert error_codes(over) == ["BAD_USER_INPUT"]
        assert "depth" in over["errors"][0]["message"]


async def test_more_than_thirty_aliases_are_refused(api: Api) -> None:
    token = await api.user()
    thirty = "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(30)) + " }"
    body = await api.raw(thirty, token=token)
    assert "errors" not in body, body["errors"]
    assert len(body["data"]) == 30
    thirty_one = "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(31)) + " }"
    body = await api.raw(thirty_one, token=token)
    assert body.get("data") is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "alias" in body["errors"][0]["message"].lower()


def jobs_query_with_tokens(count: int) -> str:
    """A valid query of exactly `count` lexical tokens: aliased job lists (16 tokens each, 2 around them)
    whose status filters hold the rest, at most 100 items each."""
    aliases = -(-(count - 2) // 116)
    items = count - 2 - 16 * aliases
    parts = []
    for i in range(aliases):
        n = min(100, items)
        items -= n
        parts.append(f"a{i}: jobs(filter: {{status: [{'QUEUED ' * n}]}}) {{ totalCount }}")
    return "{ " + " ".join(parts) + " }"


async def test_more_than_2000_tokens_are_refused(api: Api) -> None:
    token = await api.user()
    body = await api.raw(jobs_query_with_tokens(2000), token=token)
    assert "errors" not in body, body["errors"]
    assert body["data"] and all(jobs == {"totalCount": 0} for jobs in body["data"].values())
    body = await api.raw(jobs_query_with_tokens(2001), token=token)
    assert body.get("data") is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "2000 tokens" in body["errors"][0]["message"]


# --------------------------------------------------------------------------- masked server faults, request ids


async def test_server_faults_are_masked_and_carry_the_request_id(embedded: Running) -> None:
    api = embedded.api
    token = await api.user()
    await create_sketch(api, token)
    async with embedded.app.state.container.engine.begin() as connection:
        await connection.execute(text("DROP TABLE sketches"))

    query = {"query": "{ sketches { totalCount nodes { id } } }"}
    auth = {"authorization": f"Bearer {token}"}
    response = await api.http.post("/graphql", json=query, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    request_id = response.headers["x-request-id"]
    assert request_id
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert request_id in error["message"]
    leaked = json.dumps(body).lower()
    for fragment in ("no such table", "sqlite", "select", "operationalerror", "traceback", "sqlalchemy"):
        assert fragment not in leaked, body

    # The client's own request id is used and echoed, so it can quote it.
    response = await api.http.post("/graphql", json=query, headers={**auth, "x-request-id": "client-abc-123"})
    assert response.headers["x-request-id"] == "client-abc-123"
    assert response.json()["errors"][0]["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": "client-abc-123",
    }

    # Every response carries one, fault or not; an unusable client id is replaced.
    other = await api.http.post("/graphql", json={"query": "{ viewer { id } }"}, headers={"x-request-id": "x" * 65})
    assert other.headers["x-request-id"] and other.headers["x-request-id"] != "x" * 65
    assert (await api.http.get("/healthz", headers={"x-request-id": "probe-1"})).headers["x-request-id"] == "probe-1"


# --------------------------------------------------------------------------- rate limits


@pytest.fixture(params=["embedded", "production"])
def any_mode_settings(request: pytest.FixtureRequest) -> Settings:
    return request.getfixturevalue(f"{request.param}_settings")


async def start_of_a_window() -> None:
    """The limit counts per calendar minute: do not start a short burst just before a minute ends."""
    left = 60 - time.time() % 60
    if left < 8:
        await asyncio.sleep(left + 0.1)


async def test_rate_limit_per_user_in_each_mode(any_mode_settings: Settings) -> None:
    settings = any_mode_settings.replace(rate_limit_per_minute=5, allow_registration=True)
    async with serve(settings, worker=False) as running:
        api = running.api
        await start_of_a_window()
        window = int(time.time() // 60)
        # Four anonymous requests (from this address): two registrations and two logins.
        alice = await api.user()
        bob = await api.user()

        for _ in range(5):
            body = await api.raw("{ viewer { email } }", token=alice)
            assert "errors" not in body, body["errors"]
        refused = await api.raw("{ viewer { email } }", token=alice)
        refused_mutation = await api.raw(
            'mutation { sketchCreate(input: {prompt: "x"}) { sketch { id } userErrors { code } } }', token=alice
        )
        assert int(time.time() // 60) == window, "the minute ended during the burst; the test needs one window"
        for body in (refused, refused_mutation):
            assert body["data"] is None
            assert error_codes(body) == ["RATE_LIMITED"]
            assert body["errors"][0]["message"]

        # Per user: Bob has his own budget.
        body = await api.raw("{ viewer { email } }", token=bob)
        assert "errors" not in body, body["errors"]
        assert body["data"]["viewer"]["email"]
        # Anonymous callers are counted by address: one more is allowed, then no more.
        assert "errors" not in await api.raw("{ viewer { id } }")
        assert error_codes(await api.raw("{ viewer { id } }")) == ["RATE_LIMITED"]
        assert int(time.time() // 60) == window
        # Nothing refused was executed: the refused sketchCreate stored nothing.
        async with running.app.state.container.engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM sketches"))).scalar_one() == 0


# --------------------------------------------------------------------------- node(id:) and nodes(ids:)

NODE = """query($id: ID!) { node(id: $id) { __typename id } }"""
NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"""


async def objects_of(api: Api, token: str) -> dict[str, str]:
    """One object of every Node type that node(id:) reaches, owned by the token's user: type → id."""
    viewer = (await api.data("{ viewer { id } }", token=token))["viewer"]
    sketch = await create_sketch(api, token)
    job = (
        await api.mutate(
            "dataExportCreate", f"mutation {{ dataExportCreate {{ job {{ id }} {ERRORS} }} }}", token=token
        )
    )["job"]
    template = (
        await api.mutate(
            "promptTemplateCreate",
            f"""mutation($i: PromptTemplateCreateInput!) {{
                promptTemplateCreate(input: $i) {{ promptTemplate {{ id }} {ERRORS} }} }}""",
            {"i": {"category": "mine", "action": "hook", "preCondition": "Write a hook.", "postCondition": "Only it."}},
            token,
        )
    )["promptTemplate"]
    conversation = (
        await api.mutate(
            "conversationCreate",
            f"""mutation {{ conversationCreate(input: {{model: "llama3.2:3b", title: "Chat"}}) {{
                conversation {{ id }} {ERRORS} }} }}""",
            token=token,
        )
    )["conversation"]
    sent = await api.mutate(
        "messageSend",
        f"""mutation($c: ID!) {{ messageSend(input: {{conversationId: $c, content: "Hello"}}) {{
            assistantMessage {{ id }} {ERRORS} }} }}""",
        {"c": conversation["id"]},
        token,
    )
    message = sent["assistantMessage"]
    async with api.subscribe(  # let the answer finish, so nothing changes while the table runs
        "subscription($m: ID!) { messageStream(messageId: $m) { status } }", {"m": message["id"]}, token
    ) as stream:
        await stream.collect(60)
    generation = (
        await api.mutate(
            "templateGenerate",
            f"""mutation {{ templateGenerate(input: {{category: "titel", action: "generate", inputText: "rain",
                wait: true}}) {{ generation {{ id }} {ERRORS} }} }}""",
            token=token,
        )
    )["generation"]
    return {
        "User": viewer["id"],
        "Sketch": sketch["id"],
        "Job": job["id"],
        "PromptTemplate": template["id"],
        "Conversation": conversation["id"],
        "Message": message["id"],
        "Generation": generation["id"],
    }


async def test_node_returns_what_the_viewer_owns_and_null_otherwise(api: Api) -> None:
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    owned = await objects_of(api, alice)

    for type_name, global_id in owned.items():
        assert (await api.data(NODE, {"id": global_id}, alice))["node"] == {"__typename": type_name, "id": global_id}
        assert (await api.data(NODE, {"id": global_id}, bob))["node"] is None, type_name

    sketch_uuid = decode_id(owned["Sketch"])[1]  # type: ignore[index]
    unusable = [
        "",
        "garbage",
        "!!!!",
        "%%%=",
        "U2tldGNo",  # "Sketch" with no key
        encode_id("Sketch", ""),
        encode_id("Planet", uuid.uuid4()),
        encode_id("Upload", uuid.uuid4()),
        encode_id("Sketch", "not-a-uuid"),
        encode_id("Sketch", uuid.uuid4()),
        encode_id("Job", sketch_uuid),  # a real uuid under the wrong type
        encode_id("User", uuid.uuid4()),
        encode_id("PromptTemplate", "no-such/template"),
        encode_id("PromptTemplate", "garbage"),
    ]
    for global_id in unusable:
        body = await api.raw(NODE, {"id": global_id}, alice)
        assert body == {"data": {"node": None}}, (global_id, body)

    ids = [owned["Sketch"], "garbage", owned["User"], encode_id("Sketch", uuid.uuid4()), owned["Job"], owned["Sketch"]]
    ids.append(owned["PromptTemplate"])
    body = await api.raw(NODES, {"ids": ids}, alice)
    assert "errors" not in body, body["errors"]
    assert [n and n["id"] for n in body["data"]["nodes"]] == [
        owned["Sketch"],
        None,
        owned["User"],
        None,
        owned["Job"],
        owned["Sketch"],
        owned["PromptTemplate"],
    ]
    assert [n and n["__typename"] for n in body["data"]["nodes"]] == [
        "Sketch",
        None,
        "User",
        None,
        "Job",
        "Sketch",
        "PromptTemplate",
    ]
    assert (await api.data(NODES, {"ids": list(owned.values())}, bob))["nodes"] == [None] * len(owned)
    assert (await api.data(NODES, {"ids": []}, alice))["nodes"] == []


async def test_nodes_takes_at_most_100_ids_and_both_need_a_signed_in_user(api: Api) -> None:
    alice = await api.user()
    sketch = await create_sketch(api, alice)
    body = await api.raw(NODES, {"ids": [sketch["id"]] * 100}, alice)
    assert "errors" not in body
    assert len(body["data"]["nodes"]) == 100
    body = await api.raw(NODES, {"ids": [sketch["id"]] * 101}, alice)
    assert body["data"] is None
    assert error_codes(body) == ["BAD_USER_INPUT"]

    for query, variables in ((NODE, {"id": sketch["id"]}), (NODES, {"ids": [sketch["id"]]})):
        body = await api.raw(query, variables)
        assert not any((body["data"] or {}).values()), body  # node is nullable, nodes is not: null either way
        assert error_codes(body) == ["UNAUTHENTICATED"]


# --------------------------------------------------------------------------- every mutation: bad input → userErrors

USER_ERRORS = "userErrors"  # the case must reach the mutation and come back as userErrors
INVALID_REQUEST = "invalid request"  # a required argument missing or null: GraphQL refuses the request itself
SUCCEEDS = "succeeds"  # a mutation without input: there is nothing to get wrong


def mutation_doc(name: str, input_type: str | None, selection: str) -> str:
    if input_type is None:
        return f"mutation {{ {name} {{ {selection} {ERRORS} }} }}"
    return f"mutation($i: {input_type}) {{ {name}(input: $i) {{ {selection} {ERRORS} }} }}"


def bad_input_table(
    mine: dict[str, str], theirs: dict[str, str], upload_id: str
) -> dict[str, tuple[str, list[tuple[Any, str]]]]:
    """Mutation name → (document, [(input or None, expected outcome)]). `mine` and `theirs` hold one object of
    each Node type of the caller and of another user; `upload_id` is the caller's upload whose bytes never came."""
    garbage_ids = ["", "garbage", encode_id("Sketch", uuid.uuid4()), theirs["User"], theirs["Job"]]

    def ids(key: str, type_name: str, their_id: str, **rest: Any) -> list[tuple[Any, str]]:
        values = [*garbage_ids, encode_id(type_name, "not-a-uuid"), encode_id(type_name, uuid.uuid4()), their_id]
        return [({key: v, **rest}, USER_ERRORS) for v in values] + [
            (rest, INVALID_REQUEST),
            ({key: None, **rest}, INVALID_REQUEST),
        ]

    sketch = theirs["Sketch"]
    long = "x" * 100_001
    return {
        "register": (
            mutation_doc("register", "RegisterInput!", "user { id }"),
            [
                ({"email": "", "password": ""}, USER_ERRORS),
                ({"email": "not-an-email", "password": "short"}, USER_ERRORS),
                ({"email": "ok@example.com", "password": "correct horse battery", "firstName": long}, USER_ERRORS),
                ({"email": None, "password": None}, INVALID_REQUEST),
                ({}, INVALID_REQUEST),
            ],
        ),
        "login": (
            mutation_doc("login", "LoginInput!", "token"),
            [
                ({"email": "", "password": ""}, USER_ERRORS),
                ({"email": "nobody@example.com", "password": "wrong"}, USER_ERRORS),
                ({"email": "x" * 10_000, "password": "x" * 10_000}, USER_ERRORS),
                ({"email": None, "password": ""}, INVALID_REQUEST),
            ],
        ),
        "viewerUpdate": (
            mutation_doc("viewerUpdate", "ViewerUpdateInput!", "user { id }"),
            [
                ({"language": None}, USER_ERRORS),
                ({"firstName": long, "lastName": long, "artistName": long}, USER_ERRORS),
                ({"language": "KLINGON"}, INVALID_REQUEST),
                (None, INVALID_REQUEST),
            ],
        ),
        "passwordChange": (
            mutation_doc("passwordChange", "PasswordChangeInput!", "token"),
            [
                ({"currentPassword": "", "newPassword": ""}, USER_ERRORS),
                ({"currentPassword": "wrong", "newPassword": "correct horse battery 2"}, USER_ERRORS),
                ({"currentPassword": "correct horse battery", "newPassword": "short"}, USER_ERRORS),
                ({"currentPassword": None, "newPassword": None}, INVALID_REQUEST),
            ],
        ),
        "sketchCreate": (
            mutation_doc("sketchCreate", "SketchCreateInput!", "sketch { id }"),
            [
                ({}, USER_ERRORS),
                ({"prompt": "   "}, USER_ERRORS),
                ({"prompt": None, "title": None, "tags": None, "workflow": None}, USER_ERRORS),
                ({"prompt": "ok", "title": long}, USER_ERRORS),
                ({"prompt": "ok", "tags": [f"a long tag {i}" for i in range(100)]}, USER_ERRORS),  # 1000+ chars
                ({"prompt": "ok", "tags": [f"tag {i}" for i in range(101)]}, INVALID_REQUEST),  # over the list bound
                ({"prompt": "ok", "workflow": "SHREDDED"}, INVALID_REQUEST),
            ],
        ),
        "sketchUpdate": (
            mutation_doc("sketchUpdate", "SketchUpdateInput!", "sketch { id }"),
            [({"id": v, "title": "x"}, USER_ERRORS) for v in [*garbage_ids, sketch]]
            + [
                ({"id": "", "prompt": None}, USER_ERRORS),
                ({"id": mine["Sketch"], "prompt": None}, USER_ERRORS),
                ({"id": mine["Sketch"], "workflow": None, "title": long}, USER_ERRORS),
                ({"title": "x"}, INVALID_REQUEST),
            ],
        ),
        "sketchDelete": (
            mutation_doc("sketchDelete", "SketchIdInput!", "deletedSketchId"),
            ids("id", "Sketch", sketch),
        ),
        "sketchDuplicate": (
            mutation_doc("sketchDuplicate", "SketchIdInput!", "sketch { id }"),
            ids("id", "Sketch", sketch),
        ),
        "promptTemplateCreate": (
            mutation_doc("promptTemplateCreate", "PromptTemplateCreateInput!", "promptTemplate { id }"),
            [
                ({"category": "", "action": "", "preCondition": "", "postCondition": ""}, USER_ERRORS),
                ({"category": "A B", "action": "../x", "preCondition": "p", "postCondition": "p"}, USER_ERRORS),
                (
                    {"category": "c", "action": "a", "preCondition": long, "postCondition": "p", "temperature": 9},
                    USER_ERRORS,
                ),
                (
                    {"category": "c", "action": "a", "preCondition": "p", "postCondition": "p", "active": None},
                    USER_ERRORS,
                ),
                ({"category": "titel", "action": "generate", "preCondition": "p", "postCondition": "p"}, USER_ERRORS),
                ({"category": "c", "action": "a"}, INVALID_REQUEST),
            ],
        ),
        "promptTemplateUpdate": (
            mutation_doc("promptTemplateUpdate", "PromptTemplateUpdateInput!", "promptTemplate { id }"),
            [
                ({"category": "", "action": ""}, USER_ERRORS),
                ({"category": "no", "action": "such", "preCondition": "p"}, USER_ERRORS),
                ({"category": "titel", "action": "generate", "maxTokens": -1, "temperature": -1}, USER_ERRORS),
                ({"category": "titel", "action": "generate", "preCondition": None, "active": None}, USER_ERRORS),
                ({"category": "titel", "action": None}, INVALID_REQUEST),
            ],
        ),
        "promptTemplateReset": (
            mutation_doc("promptTemplateReset", "PromptTemplateKeyInput!", "promptTemplate { id }"),
            [
                ({"category": "", "action": ""}, USER_ERRORS),
                ({"category": "mine", "action": "hook"}, USER_ERRORS),  # the caller's own: nothing to return to
                ({"category": "titel"}, INVALID_REQUEST),
            ],
        ),
        "promptTemplateDelete": (
            mutation_doc("promptTemplateDelete", "PromptTemplateKeyInput!", "promptTemplate { id }"),
            [
                ({"category": "", "action": ""}, USER_ERRORS),
                ({"category": "x" * 10_000, "action": "y"}, USER_ERRORS),
                ({"category": None, "action": None}, INVALID_REQUEST),
            ],
        ),
        "jobCancel": (mutation_doc("jobCancel", "JobIdInput!", "job { id }"), ids("id", "Job", theirs["Job"])),
        "uploadCreate": (
            mutation_doc("uploadCreate", "UploadCreateInput!", "upload { id }"),
            [
                ({"filename": "", "sizeBytes": 0, "sha256": ""}, USER_ERRORS),
                ({"filename": "a.zip", "sizeBytes": -5, "sha256": "zz", "contentType": None}, USER_ERRORS),
                ({"filename": "a.zip", "sizeBytes": 2**31 - 1, "sha256": "a" * 64}, USER_ERRORS),
                ({"filename": long, "sizeBytes": 1, "sha256": "A" * 63}, USER_ERRORS),
                ({"filename": "a.zip", "sizeBytes": 2**40, "sha256": "a" * 64}, INVALID_REQUEST),  # not an Int
            ],
        ),
        "dataImportCreate": (
            mutation_doc("dataImportCreate", "DataImportCreateInput!", "job { id }"),
            [({"uploadId": upload_id}, USER_ERRORS), *ids("uploadId", "Upload", theirs["Sketch"])],
        ),
        "dataExportCreate": (mutation_doc("dataExportCreate", None, "job { id }"), [(None, SUCCEEDS)]),
        "conversationCreate": (
            mutation_doc("conversationCreate", "ConversationCreateInput!", "conversation { id }"),
            [
                ({"model": ""}, USER_ERRORS),
                ({"model": "   "}, USER_ERRORS),
                ({"model": "x" * 101}, USER_ERRORS),
                ({"model": "llama3.2:3b", "title": "x" * 256, "systemContext": long}, USER_ERRORS),
                ({"model": None}, INVALID_REQUEST),
                ({"model": "llama3.2:3b", "provider": "NOPE"}, INVALID_REQUEST),
            ],
        ),
        "conversationUpdate": (
            mutation_doc("conversationUpdate", "ConversationUpdateInput!", "conversation { id }"),
            [
                *ids("id", "Conversation", theirs["Conversation"]),
                ({"id": mine["Conversation"], "archived": None}, USER_ERRORS),
                ({"id": mine["Conversation"], "title": long}, USER_ERRORS),
            ],
        ),
        "conversationDelete": (
            mutation_doc("conversationDelete", "ConversationIdInput!", "deletedConversationId"),
            ids("id", "Conversation", theirs["Conversation"]),
        ),
        "conversationCompress": (
            mutation_doc("conversationCompress", "ConversationCompressInput!", "conversation { id }"),
            [
                *ids("id", "Conversation", theirs["Conversation"]),
                ({"id": mine["Conversation"], "keepRecent": 0}, USER_ERRORS),
                ({"id": mine["Conversation"], "keepRecent": 21}, USER_ERRORS),
            ],
        ),
        "conversationRestore": (
            mutation_doc("conversationRestore", "ConversationIdInput!", "conversation { id }"),
            ids("id", "Conversation", theirs["Conversation"]),
        ),
        "messageSend": (
            mutation_doc("messageSend", "MessageSendInput!", "userMessage { id } assistantMessage { id }"),
            [
                *ids("conversationId", "Conversation", theirs["Conversation"], content="hi"),
                ({"conversationId": mine["Conversation"], "content": "   "}, USER_ERRORS),
                ({"conversationId": mine["Conversation"], "content": long}, USER_ERRORS),
                ({"conversationId": mine["Conversation"]}, INVALID_REQUEST),
            ],
        ),
        "messageStop": (
            mutation_doc("messageStop", "MessageIdInput!", "message { id }"),
            [*ids("id", "Message", theirs["Message"]), ({"id": mine["Message"]}, USER_ERRORS)],  # already finished
        ),
        "messageRegenerate": (
            mutation_doc("messageRegenerate", "MessageRegenerateInput!", "message { id }"),
            ids("conversationId", "Conversation", theirs["Conversation"]),
        ),
        "templateGenerate": (
            mutation_doc("templateGenerate", "TemplateGenerateInput!", "generation { id }"),
            [
                ({"category": "", "action": "", "inputText": "x"}, USER_ERRORS),
                ({"category": "nope", "action": "nope", "inputText": "x"}, USER_ERRORS),
                ({"category": "lyrics", "action": "generate", "inputText": "   "}, USER_ERRORS),
                ({"category": "lyrics", "action": "generate", "inputText": long}, USER_ERRORS),
                ({"category": "lyrics", "action": "generate", "inputText": "x", "userInstructions": long}, USER_ERRORS),
                ({"category": None, "action": "generate", "inputText": "x"}, INVALID_REQUEST),
            ],
        ),
    }


async def test_every_mutation_answers_bad_input_with_user_errors(api: Api) -> None:
    admin = await api.user()  # the admin: register then runs its checks instead of refusing outright
    other = await api.user(admin_token=admin)
    theirs = await objects_of(api, other)
    mine = await objects_of(api, admin)  # includes a template of the admin's own ("mine/hook") for reset
    upload = await api.mutate(
        "uploadCreate",
        f"""mutation($i: UploadCreateInput!) {{ uploadCreate(input: $i) {{ upload {{ id }} {ERRORS} }} }}""",
        {"i": {"filename": "export.zip", "sizeBytes": 10, "sha256": "0" * 64}},
        admin,
    )

    introspected = await api.data('{ __type(name: "Mutation") { fields { name } } }')
    mutations = {f["name"] for f in introspected["__type"]["fields"]}
    table = bad_input_table(mine, theirs, upload["upload"]["id"])
    assert mutations == set(table), (
        f"mutations without bad-input cases: {sorted(mutations - set(table))}; "
        f"cases for mutations that do not exist: {sorted(set(table) - mutations)}"
    )

    for name, (document, cases) in table.items():
        for value, expected in cases:
            variables = {} if value is None and "$i" not in document else {"i": value}
            body = await api.raw(document, variables, admin)
            where = f"{name}({json.dumps(value)[:200]})"
            if expected == INVALID_REQUEST:
                assert body.get("data") is None, where
                assert body["errors"], where
                for error in body["errors"]:
                    assert error["extensions"]["code"] == "BAD_USER_INPUT", (where, error)
                    assert "path" not in error or not error["path"], (where, error)  # refused before running
                continue
            assert "errors" not in body, (where, body["errors"])
            payload = body["data"][name]
            if expected == SUCCEEDS:
                assert payload["userErrors"] == [], (where, payload)
                continue
            assert payload["userErrors"], (where, payload)
            for error in payload["userErrors"]:
                assert error["message"] and error["code"], (where, error)
            others = [v for k, v in payload.items() if k != "userErrors"]
            assert all(v is None for v in others), (where, payload)

    # Nothing was changed along the way: the other user's objects and the admin's own are as they were.
    for owner, objects in ((other, theirs), (admin, mine)):
        found = (await api.data(NODES, {"ids": list(objects.values())}, owner))["nodes"]
        assert [n and n["id"] for n in found] == list(objects.values())
    assert (await api.data("{ sketches { totalCount } }", token=admin))["sketches"]["totalCount"] == 1
    assert (await api.data("{ viewer { id } }", token=admin))["viewer"] is not None


# --------------------------------------------------------------------------- DataLoader batching


@contextlib.contextmanager
def counting_statements(engine: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_nested_fields_are_loaded_in_batches(embedded: Running) -> None:
    api = embedded.api
    token = await api.user()
    await asyncio.gather(*(create_sketch(api, token, f"Idea {i}") for i in range(50)))
    engine = embedded.app.state.container.engine.sync_engine
    query = "query($n: Int!) { sketches(first: $n) { nodes { title owner { email } } } }"

    counts = {}
    for n in (1, 10, 50):
        with counting_statements(engine) as statements:
            data = await api.data(query, {"n": n}, token)
        assert len(data["sketches"]["nodes"]) == n
        assert len({s["owner"]["email"] for s in data["sketches"]["nodes"]}) == 1
        counts[n] = len(statements)
    assert counts[1] > 0, "the listener saw no statements"
    assert counts[1] == counts[10] == counts[50], counts
