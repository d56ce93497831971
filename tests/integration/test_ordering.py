"""`orderBy` on every list: conversations, their messages, jobs, prompt templates and models each take one
`orderBy: {field, direction}` (sketches have their own tests), keep today's order when it is left out, and page
by keyset cursors that carry the sort value — so walking a list a page at a time, forwards or backwards, gives
exactly the whole list, and a cursor of one order is refused by another. Also the deprecated `direction` of
`conversations`, and dataExportCreate's optional input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from api.ids import decode_uuid, encode_id
from domain.common.clock import utcnow
from domain.jobs.entities import Job, JobKind, JobStatus
from tests.conftest import Running
from tests.support import (
    ERRORS,
    Api,
    create_conversation,
    create_sketch,
    create_template,
    error_codes,
    exchange,
    export,
    settle,
)

UPDATE_CONVERSATION = f"""mutation($i: ConversationUpdateInput!) {{ conversationUpdate(input: $i) {{
    conversation {{ id }} {ERRORS} }} }}"""
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
WINDOW = "first: $first, after: $after, last: $last, before: $before"
WINDOW_VARIABLES = "$first: Int, $after: String, $last: Int, $before: String"

Fetch = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


def root_list(api: Api, token: str, field: str, order_type: str, select: str, **arguments: Any) -> Fetch:
    """Pages of a root list (`field`), in the order `variables["order"]`; `arguments` are literal extra arguments."""
    extra = "".join(f", {name}: {value}" for name, value in arguments.items())
    document = f"""query({WINDOW_VARIABLES}, $order: {order_type}) {{
        {field}({WINDOW}, orderBy: $order{extra}) {{ totalCount nodes {{ {select} }} {PAGE_INFO} }} }}"""

    async def fetch(variables: dict[str, Any]) -> dict[str, Any]:
        return dict((await api.data(document, variables, token))[field])

    return fetch


async def walk(fetch: Fetch, order: dict[str, str] | None, key: Callable[[dict[str, Any]], Any]) -> list[Any]:
    """The whole list in `order`, read at once and then one item a page, forwards and backwards: all three agree."""
    whole = await fetch({"order": order, "first": 100})
    assert whole["totalCount"] == len(whole["nodes"]) > 1
    expected = [key(node) for node in whole["nodes"]]

    forwards: list[Any] = []
    after = None
    while True:
        page = await fetch({"order": order, "first": 1, "after": after})
        forwards += [key(node) for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    backwards: list[Any] = []
    before = None
    while True:
        page = await fetch({"order": order, "last": 1, "before": before})
        backwards = [key(node) for node in page["nodes"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert forwards == expected and backwards == expected, (order, expected, forwards, backwards)
    return expected


async def refuses_foreign_cursor(fetch: Fetch, order: dict[str, str], other: dict[str, str]) -> None:
    """A cursor carries its order's sort value: another order refuses it as a client error."""
    cursor = (await fetch({"order": order, "first": 1}))["pageInfo"]["endCursor"]
    try:
        await fetch({"order": other, "first": 1, "after": cursor})
    except AssertionError as error:
        assert "BAD_USER_INPUT" in str(error) and "cursor" in str(error).lower(), error
    else:
        raise AssertionError(f"a {order} cursor was taken by {other}")


# --------------------------------------------------------------------------- conversations


async def test_conversations_order_by_activity_creation_or_title(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    names = ["Bravo", "alpha", None, "Charlie", "delta"]
    ids = {}
    for name in names:
        created = await create_conversation(api, token, select="id title", **({"title": name} if name else {}))
        ids[created["id"]] = name
    pinned = next(i for i, n in ids.items() if n == "alpha")
    await api.mutate(
        "conversationUpdate",
        UPDATE_CONVERSATION,
        {"i": {"id": pinned, "pinned": True}},
        token,
    )
    fetch = root_list(api, token, "conversations", "ConversationOrder", "id title")
    title = lambda node: node["title"]  # noqa: E731

    # Left out: today's order, the last activity first (alpha was just pinned).
    default = await walk(fetch, None, title)
    assert default == ["alpha", "delta", "Charlie", None, "Bravo"]
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "DESC"}, title) == default
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "ASC"}, title) == default[::-1]
    assert await walk(fetch, {"field": "CREATED_AT", "direction": "ASC"}, title) == names
    # By title, case-insensitively; untitled first ascending, last descending.
    by_title = [None, "alpha", "Bravo", "Charlie", "delta"]
    assert await walk(fetch, {"field": "TITLE", "direction": "ASC"}, title) == by_title
    assert await walk(fetch, {"field": "TITLE", "direction": "DESC"}, title) == by_title[::-1]
    await refuses_foreign_cursor(fetch, {"field": "TITLE", "direction": "ASC"}, {"field": "CREATED_AT"})

    # The deprecated `direction` still orders by activity; orderBy wins when both are given.
    async def titles(arguments: str) -> list[str | None]:
        found = await api.data(f"{{ conversations({arguments}) {{ nodes {{ title }} }} }}", token=token)
        return [n["title"] for n in found["conversations"]["nodes"]]

    assert await titles("direction: ASC") == default[::-1]
    assert await titles("direction: DESC") == default
    assert await titles("direction: DESC, orderBy: {field: TITLE, direction: ASC}") == by_title


# --------------------------------------------------------------------------- messages


MESSAGES = f"""query($id: ID!, {WINDOW_VARIABLES}, $order: MessageOrder) {{ node(id: $id) {{ ... on Conversation {{
    messages({WINDOW}, orderBy: $order) {{ totalCount nodes {{ role content }} {PAGE_INFO} }} }} }} }}"""


async def test_messages_order_by_position_or_creation(stack: Running, fast_mock: None) -> None:
    api = stack.api
    token = await api.user()
    conversation = await create_conversation(api, token, title="Ordered", systemContext="Be brief.")
    cid = conversation["id"]
    await exchange(api, token, cid, "First question")
    await exchange(api, token, cid, "Second question")
    # A new system context replaces the old one at the head of the conversation, created last.
    await api.mutate(
        "conversationUpdate",
        UPDATE_CONVERSATION,
        {"i": {"id": cid, "systemContext": "Be very brief."}},
        token,
    )
    await settle(api, token)

    async def fetch(variables: dict[str, Any]) -> dict[str, Any]:
        return dict((await api.data(MESSAGES, {"id": cid, **variables}, token))["node"]["messages"])

    role = lambda node: node["role"]  # noqa: E731
    in_order = await walk(fetch, None, role)
    assert in_order == ["SYSTEM", "USER", "ASSISTANT", "USER", "ASSISTANT"]
    assert await walk(fetch, {"field": "POSITION", "direction": "ASC"}, role) == in_order
    assert await walk(fetch, {"field": "POSITION", "direction": "DESC"}, role) == in_order[::-1]  # newest first
    assert await walk(fetch, {"field": "CREATED_AT", "direction": "ASC"}, role) == [*in_order[1:], "SYSTEM"]
    await refuses_foreign_cursor(fetch, {"field": "POSITION"}, {"field": "CREATED_AT"})


# --------------------------------------------------------------------------- jobs


async def test_jobs_order_by_creation_or_last_change(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    viewer = (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]
    owner = decode_uuid(viewer, "User")
    assert owner is not None
    start = utcnow() - timedelta(hours=1)
    # Created 1, 2, 3 minutes after `start`; last changed 30, 10 and 20 minutes after it. No worker touches them.
    made = {}
    async with stack.app.state.container.uow() as uow:
        for n, changed in ((1, 30), (2, 10), (3, 20)):
            job = Job(
                user_id=owner,
                kind=JobKind("DATA_EXPORT"),
                status=JobStatus.FAILED,
                message=f"job {n}",
                created_at=start + timedelta(minutes=n),
                updated_at=start + timedelta(minutes=changed),
            )
            await uow.jobs.add(job)
            made[encode_id("Job", job.id)] = n
        await uow.commit()
    fetch = root_list(api, token, "jobs", "JobOrder", "id")
    number = lambda node: made[node["id"]]  # noqa: E731

    assert await walk(fetch, None, number) == [3, 2, 1]  # today's order: newest first
    assert await walk(fetch, {"field": "CREATED_AT", "direction": "DESC"}, number) == [3, 2, 1]
    assert await walk(fetch, {"field": "CREATED_AT", "direction": "ASC"}, number) == [1, 2, 3]
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "DESC"}, number) == [1, 3, 2]
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "ASC"}, number) == [2, 3, 1]


# --------------------------------------------------------------------------- prompt templates


async def test_prompt_templates_order_by_key_or_last_edit(api: Api) -> None:
    token = await api.user()
    update = f"""mutation($i: PromptTemplateUpdateInput!) {{ promptTemplateUpdate(input: $i) {{
        promptTemplate {{ id }} {ERRORS} }} }}"""
    # A category that sorts between others by (category, action) but not as the string "category/action".
    await create_template(api, token, category="lyrics-x", action="hook")
    for key in (("music", "enhance"), ("lyrics", "translate")):  # edited in this order
        await api.mutate(
            "promptTemplateUpdate", update, {"i": dict(zip(("category", "action"), key, strict=True))}, token
        )
    fetch = root_list(api, token, "promptTemplates", "PromptTemplateOrder", "category action")
    key = lambda node: (node["category"], node["action"])  # noqa: E731

    by_key = await walk(fetch, None, key)
    assert by_key == sorted(by_key) and len(by_key) == 21
    assert by_key.index(("lyrics-x", "hook")) == by_key.index(("lyrics", "translate")) + 1
    assert await walk(fetch, {"field": "KEY", "direction": "DESC"}, key) == by_key[::-1]
    # By the last edit: never-edited defaults first (by key), then the edits, oldest first; DESC the reverse.
    edited = [("lyrics-x", "hook"), ("music", "enhance"), ("lyrics", "translate")]
    untouched = [k for k in by_key if k not in edited]
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "ASC"}, key) == untouched + edited
    assert await walk(fetch, {"field": "UPDATED_AT", "direction": "DESC"}, key) == (untouched + edited)[::-1]
    await refuses_foreign_cursor(fetch, {"field": "KEY"}, {"field": "UPDATED_AT"})


# --------------------------------------------------------------------------- models


OPENAI_OFFERED = ["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"]


async def test_models_order_as_offered_by_name_or_context_window(api: Api) -> None:
    token = await api.user()
    fetch = root_list(api, token, "models", "ModelOrder", "name contextWindow", provider="OPENAI")
    name = lambda node: node["name"]  # noqa: E731

    # Left out: as OPENAI_CHAT_MODELS lists them, a page at a time too.
    assert await walk(fetch, None, name) == OPENAI_OFFERED
    assert await walk(fetch, {"field": "OFFERED", "direction": "DESC"}, name) == OPENAI_OFFERED[::-1]
    assert await walk(fetch, {"field": "NAME", "direction": "ASC"}, name) == sorted(OPENAI_OFFERED)
    windows = await walk(
        fetch, {"field": "CONTEXT_WINDOW", "direction": "DESC"}, lambda n: (n["contextWindow"], n["name"])
    )
    assert windows == sorted(windows, reverse=True)
    await refuses_foreign_cursor(fetch, {"field": "NAME"}, {"field": "CONTEXT_WINDOW"})

    ollama = root_list(api, token, "models", "ModelOrder", "name", provider="OLLAMA")
    offered = await walk(ollama, None, name)
    assert offered == sorted(offered)  # OLLAMA_CHAT_MODELS unset: everything the provider lists, by name


# --------------------------------------------------------------------------- dataExportCreate's input


async def test_data_export_create_takes_an_optional_input_of_what_to_include(api: Api) -> None:
    token = await api.user()
    await create_sketch(api, token, title="Kept")
    await create_template(api, token)
    select = "id status result { ... on DataExport { sketchCount promptTemplateCount } }"

    everything = await export(api, token, select=select)  # no input at all
    assert everything["result"] == {"sketchCount": 1, "promptTemplateCount": 1}
    templates_only = await export(api, token, select=select, options={"includeSketches": False})
    assert templates_only["result"] == {"sketchCount": 0, "promptTemplateCount": 1}
    neither = await export(
        api, token, select=select, options={"includeSketches": False, "includePromptTemplates": False}
    )
    assert neither["result"] == {"sketchCount": 0, "promptTemplateCount": 0}

    body = await api.raw("mutation { dataExportCreate(input: {includeSketches: null}) { job { id } } }", token=token)
    assert error_codes(body) == ["BAD_USER_INPUT"]
