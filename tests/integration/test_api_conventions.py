"""The conventions every client relies on: GraphiQL, health checks, query limits, masked faults, rate limits,
global ids, mutations that answer bad input with userErrors, and batched loading.

What each area must show for the last three — a builder for each of its Node types, bad inputs for each of its
mutations, list queries whose statement count is checked — it declares in its own module under
tests/integration/cases/; the tests here gather them, and fail when anything in the schema has none."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import graphql
import pytest
from graphql import get_introspection_query
from sqlalchemy import text

from api.ids import decode_id, encode_id
from api.schema.root import build_schema
from infra.areas import AREAS
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration import cases
from tests.support import (
    Api,
    Expect,
    ListCase,
    MutationCases,
    NodeBuilder,
    Objects,
    counting_statements,
    create_sketch,
    error_codes,
)

pytestmark = pytest.mark.usefixtures("fast_mock")  # the objects built here include answered messages

AREA_CASES = cases.by_area()
NODE_BUILDERS: dict[str, NodeBuilder] = {t: b for c in AREA_CASES.values() for t, b in c.nodes.items()}
MUTATIONS: list[MutationCases] = [m for c in AREA_CASES.values() for m in c.mutations]
LIST_CASES: list[ListCase] = [case for c in AREA_CASES.values() for case in c.lists]


def schema() -> graphql.GraphQLSchema:
    """The schema the code builds (the same one the checked-in SDL is tested against)."""
    return graphql.build_schema(build_schema().as_str())


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


async def test_readiness_names_an_unreachable_redis_as_degraded(production_settings: Settings) -> None:
    """Without Redis the API still serves reads and writes: ready (200), `degraded`, saying what and why."""
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
            assert ready.status_code == 200, ready.text
            body = ready.json()
            assert body["status"] == "degraded"
            assert body["checks"]["database"] == "ok"
            assert body["checks"]["storage"] == "ok"
            # The kind of failure; its details (hosts, ports) go to the log only.
            assert body["checks"]["redis"] == "degraded: ConnectionError"
            assert body["degraded"]["redis"]["available"] is False and body["degraded"]["redis"]["subscriptions"]
            assert body["mode"]["jobs"] == "arq"
            # Liveness is not readiness: the process itself is fine.
            assert (await running.api.http.get("/healthz")).status_code == 200
        finally:
            await point_redis_at(port)
        # Once Redis is back, so is readiness.
        ready = await running.api.http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ok" and "degraded" not in ready.json()


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
        await create_sketch(api, token, title="Idea")
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
    await create_sketch(api, token, title="Idea")
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
    """One object of every Node type, owned by the token's user, from every area's builders: type → id."""
    return {type_name: await build(api, token) for type_name, build in NODE_BUILDERS.items()}


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
    for type_name in NODE_BUILDERS:  # every type: the key of no object, a key of the wrong shape
        unusable += [encode_id(type_name, uuid.uuid4()), encode_id(type_name, "not-a-uuid")]
    for type_name, global_id in owned.items():  # the key of a real object under every other type
        key = decode_id(global_id)[1]  # type: ignore[index]
        unusable += [encode_id(other, key) for other in NODE_BUILDERS if other != type_name]
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
    every = (await api.data(NODES, {"ids": list(owned.values())}, alice))["nodes"]
    assert every == [{"__typename": t, "id": i} for t, i in owned.items()]
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


@pytest.mark.slow
async def test_every_mutation_answers_bad_input_with_user_errors(api: Api) -> None:
    admin = await api.user()  # the admin: register then runs its checks instead of refusing outright
    other = await api.user(admin_token=admin)
    theirs = await objects_of(api, other)
    mine = await objects_of(api, admin)  # includes the admin's own template, for reset, and an unsent upload
    objects = Objects(mine=mine, theirs=theirs)
    graph = schema()

    for mutation in MUTATIONS:
        for case in mutation.inputs(objects):
            body = await api.raw(mutation.document, {"i": case.input}, admin)
            where = f"{mutation.name}({json.dumps(case.input)[:200]})"
            if case.expect is Expect.INVALID_REQUEST:
                assert body.get("data") is None, where
                assert body["errors"], where
                for error in body["errors"]:
                    assert error["extensions"]["code"] == "BAD_USER_INPUT", (where, error)
                    assert "path" not in error or not error["path"], (where, error)  # refused before running
                continue
            assert "errors" not in body, (where, body["errors"])
            payload = body["data"][mutation.name]
            if case.expect is Expect.SUCCEEDS:
                assert payload["userErrors"] == [], (where, payload)
                continue
            assert payload["userErrors"], (where, payload)
            for error in payload["userErrors"]:
                assert error["message"] and error["code"], (where, error)
                # A field the client can find in what it sent: `["input", "conversationId"]`, never a name of
                # the server's own (`id` where the input says `conversationId`).
                assert error["field"] is None or sent_field(graph, mutation.name, error["field"]), (where, error)
            others = [v for k, v in payload.items() if k != "userErrors"]
            assert all(v is None for v in others), (where, payload)

    # Nothing was changed along the way: the other user's objects and the admin's own are as they were.
    for owner, owned in ((other, theirs), (admin, mine)):
        found = (await api.data(NODES, {"ids": list(owned.values())}, owner))["nodes"]
        assert [n and n["id"] for n in found] == list(owned.values())
    assert (await api.data("{ sketches { totalCount } }", token=admin))["sketches"]["totalCount"] == 1
    assert (await api.data("{ viewer { id } }", token=admin))["viewer"] is not None


def sent_field(graph: graphql.GraphQLSchema, mutation: str, path: list[str]) -> bool:
    """Whether `path` (a userError's `field`) names an argument of `mutation` and, below it, fields of its input
    type (list positions may stand between them)."""
    assert graph.mutation_type is not None
    arguments = graph.mutation_type.fields[mutation].args
    if not path or path[0] not in arguments:
        return False
    current = graphql.get_named_type(arguments[path[0]].type)
    for part in path[1:]:
        if part.isdigit():
            continue
        if not isinstance(current, graphql.GraphQLInputObjectType) or part not in current.fields:
            return False
        current = graphql.get_named_type(current.fields[part].type)
    return True


def test_user_error_fields_are_checked_against_the_input_types() -> None:
    graph = schema()
    assert sent_field(graph, "messageSend", ["input", "conversationId"])
    assert sent_field(graph, "sketchCreate", ["input", "tags"])
    assert sent_field(graph, "sketchCreate", ["input", "tags", "3"])
    assert not sent_field(graph, "messageSend", ["input", "id"])
    assert not sent_field(graph, "messageSend", ["conversationId"])
    assert not sent_field(graph, "sketchCreate", ["input", "title", "length"])


# --------------------------------------------------------------------------- DataLoader batching


@pytest.mark.parametrize("case", LIST_CASES, ids=[case.name for case in LIST_CASES])
async def test_nested_fields_are_loaded_in_batches(any_mode_settings: Settings, case: ListCase) -> None:
    """The number of SQL statements a list query runs does not grow with the number of items it returns:
    nested fields resolve through per-request DataLoaders, batched over the whole page."""
    async with serve(any_mode_settings) as running:
        api = running.api
        token = await api.user()
        await case.seed(api, token, max(case.sizes))
        engine = running.app.state.container.engine.sync_engine

        counts = {}
        for n in case.sizes:
            with counting_statements(engine) as statements:
                data = await api.data(case.query, {"n": n}, token)
            case.check(data, n)
            counts[n] = len(statements)
        print(f"{case.name}: statements per page size {counts}")
        assert counts[case.sizes[0]] > 0, "the listener saw no statements"
        assert len(set(counts.values())) == 1, counts


# --------------------------------------------------------------------------- every area declares its cases


def test_every_area_has_a_cases_module() -> None:
    assert set(AREA_CASES) == {area.name for area in AREAS}, (
        "tests/integration/cases/ has one module per area registered in infra/areas, named like it"
    )


def test_every_node_type_has_a_builder() -> None:
    graph = schema()
    node_types = {t.name for t in graph.get_implementations(graph.get_type("Node")).objects}  # type: ignore[arg-type]
    declared = [type_name for c in AREA_CASES.values() for type_name in c.nodes]
    assert len(declared) == len(set(declared)), f"Node types with builders in two areas: {sorted(declared)}"
    assert set(declared) == node_types, (
        f"Node types without a builder (AreaCases.nodes): {sorted(node_types - set(declared))}; "
        f"builders of types that are no Node: {sorted(set(declared) - node_types)}"
    )


def test_every_mutation_has_bad_input_cases() -> None:
    graph = schema()
    assert graph.mutation_type is not None
    mutations = graph.mutation_type.fields
    declared = [m.name for m in MUTATIONS]
    assert len(declared) == len(set(declared)), f"mutations with cases in two areas: {sorted(declared)}"
    assert set(declared) == set(mutations), (
        f"mutations without bad-input cases (AreaCases.mutations): {sorted(set(mutations) - set(declared))}; "
        f"cases for mutations that do not exist: {sorted(set(declared) - set(mutations))}"
    )
    for mutation in MUTATIONS:
        argument = mutations[mutation.name].args.get("input")
        assert (str(argument.type) if argument else None) == mutation.input_type, mutation.name
        assert graphql.validate(graph, graphql.parse(mutation.document)) == [], mutation.name


def test_every_mutation_takes_exactly_one_argument_named_input() -> None:
    graph = schema()
    assert graph.mutation_type is not None
    odd = {name: sorted(f.args) for name, f in graph.mutation_type.fields.items() if list(f.args) != ["input"]}
    assert not odd, f"mutations whose arguments are not exactly one `input`: {odd}"
    for name, f in graph.mutation_type.fields.items():
        assert isinstance(graphql.get_named_type(f.args["input"].type), graphql.GraphQLInputObjectType), name


def is_connection(t: Any) -> bool:
    return isinstance(t, graphql.GraphQLObjectType) and {"edges", "nodes", "pageInfo"} <= set(t.fields)


def connection_fields(graph: graphql.GraphQLSchema) -> dict[str, graphql.GraphQLField]:
    """Every field, at the root or nested, that returns a connection: "Type.field" → the field."""
    return {
        f"{t.name}.{name}": f
        for t in graph.type_map.values()
        if isinstance(t, graphql.GraphQLObjectType) and not t.name.startswith("__")
        for name, f in t.fields.items()
        if is_connection(graphql.get_named_type(f.type))
    }


def test_every_connection_pages_both_ways_sorts_through_order_by_and_documents_its_page_size() -> None:
    """Every list: `first/after` and `last/before`; one `orderBy: <Node type>Order` input of `field` (an enum) and
    `direction` (SortDirection), optional; and a description, of the field or of the connection type, that says
    a page holds 20 items by default and 100 at most."""
    graph = schema()
    found = connection_fields(graph)
    assert {"Query.sketches", "Query.conversations", "Conversation.messages", "Query.models"} <= set(found)
    problems = []
    for where, f in found.items():
        connection = graphql.get_named_type(f.type)
        assert isinstance(connection, graphql.GraphQLObjectType)
        node = graphql.get_named_type(connection.fields["nodes"].type)
        if not {"first", "after", "last", "before"} <= set(f.args):
            problems.append(f"{where}: pages only one way ({sorted(f.args)})")
        order = f.args.get("orderBy")
        if order is None:
            problems.append(f"{where}: no orderBy")
            continue
        order_type = graphql.get_named_type(order.type)
        if graphql.is_non_null_type(order.type) or order_type.name != f"{node.name}Order":
            problems.append(f"{where}: orderBy is {order.type}, not an optional {node.name}Order")
        elif not isinstance(order_type, graphql.GraphQLInputObjectType) or set(order_type.fields) != {
            "field",
            "direction",
        }:
            problems.append(f"{where}: {order_type.name} is not {{field, direction}}")
        else:
            if not isinstance(graphql.get_named_type(order_type.fields["field"].type), graphql.GraphQLEnumType):
                problems.append(f"{where}: {order_type.name}.field is no enum")
            if graphql.get_named_type(order_type.fields["direction"].type).name != "SortDirection":
                problems.append(f"{where}: {order_type.name}.direction is no SortDirection")
            if order_type.fields["field"].ast_node is None or order_type.fields["field"].ast_node.default_value is None:
                problems.append(f"{where}: {order_type.name}.field has no default (today's order)")
        described = f"{f.description or ''} {connection.description or ''}"
        if not ("100" in described and "20" in described):
            problems.append(
                f"{where}: neither it nor {connection.name} says the page size (20 by default, 100 at most)"
            )
    assert not problems, "\n".join(problems)


def fields_selected(graph: graphql.GraphQLSchema, query: str) -> set[str]:
    """Every field `query` selects, as "Type.field"; the query must be valid."""
    document = graphql.parse(query)
    assert graphql.validate(graph, document) == [], query
    info = graphql.TypeInfo(graph)
    found: set[str] = set()

    class Fields(graphql.Visitor):
        def enter_field(self, node: graphql.FieldNode, *_: Any) -> None:
            parent = info.get_parent_type()
            if parent is not None:
                found.add(f"{parent.name}.{node.name.value}")

    graphql.visit(document, graphql.TypeInfoVisitor(info, Fields()))
    return found


def test_every_nested_connection_has_a_statement_count_case() -> None:
    """A connection below the root (Conversation.messages, say) is read once per item of a list around it:
    each needs a ListCase that selects it, so that its loader is shown to batch."""
    graph = schema()
    roots = {graph.query_type, graph.mutation_type, graph.subscription_type}
    nested = {
        f"{t.name}.{name}"
        for t in graph.type_map.values()
        if isinstance(t, graphql.GraphQLObjectType) and t not in roots and not t.name.startswith("__")
        for name, f in t.fields.items()
        if is_connection(graphql.get_named_type(f.type))
    }
    assert "Conversation.messages" in nested  # the detection itself works
    covered = set().union(*(fields_selected(graph, case.query) for case in LIST_CASES))
    assert nested <= covered, (
        "nested connections without a statement-count case (a ListCase in tests/integration/cases/<area>.py): "
        f"{sorted(nested - covered)}"
    )
