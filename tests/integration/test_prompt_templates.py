"""Prompt templates over GraphQL: shipped defaults, per-user overrides, versions, reset, create, deactivate, paging."""

from __future__ import annotations

from typing import Any

from tests.conftest import Running
from tests.support import TEMPLATE_FIELDS, Api, create_template, template_input

LIST = f"""query($filter: PromptTemplateFilter, $first: Int, $after: String, $last: Int, $before: String) {{
    promptTemplates(filter: $filter, first: $first, after: $after, last: $last, before: $before) {{
        totalCount
        nodes {{ {TEMPLATE_FIELDS} }}
        edges {{ cursor node {{ category action }} }}
        pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    }}
}}"""

GET = f"""query($category: String!, $action: String!) {{
    promptTemplate(category: $category, action: $action) {{ {TEMPLATE_FIELDS} }}
}}"""

PAYLOAD = f"promptTemplate {{ {TEMPLATE_FIELDS} }} userErrors {{ field message code }}"
CREATE = f"""mutation($i: PromptTemplateCreateInput!) {{ promptTemplateCreate(input: $i) {{ {PAYLOAD} }} }}"""
UPDATE = f"""mutation($i: PromptTemplateUpdateInput!) {{ promptTemplateUpdate(input: $i) {{ {PAYLOAD} }} }}"""
RESET = f"""mutation($i: PromptTemplateKeyInput!) {{ promptTemplateReset(input: $i) {{ {PAYLOAD} }} }}"""
DELETE = f"""mutation($i: PromptTemplateKeyInput!) {{ promptTemplateDelete(input: $i) {{ {PAYLOAD} message }} }}"""

TITEL_DEFAULT_VERSION = "4.0"  # titel/generate ships as version 4.0


async def two_users(api: Api) -> tuple[str, str]:
    admin = await api.user()
    return admin, await api.user(admin_token=admin)


async def listing(api: Api, token: str, **variables: Any) -> dict[str, Any]:
    return (await api.data(LIST, variables, token))["promptTemplates"]


async def get(api: Api, token: str, category: str, action: str) -> dict[str, Any] | None:
    return (await api.data(GET, {"category": category, "action": action}, token))["promptTemplate"]


def codes(payload: dict[str, Any]) -> list[tuple[tuple[str, ...] | None, str]]:
    return [(tuple(e["field"]) if e["field"] else None, e["code"]) for e in payload["userErrors"]]


# --------------------------------------------------------------------------- core flow, in both modes


async def test_defaults_overrides_versions_and_reset(stack: Running) -> None:
    api = stack.api
    alice, bob = await two_users(api)

    everything = await listing(api, alice, first=100)
    assert everything["totalCount"] == 20
    assert len(everything["nodes"]) == 20
    keys = [(t["category"], t["action"]) for t in everything["nodes"]]
    assert ("titel", "generate") in keys
    assert len(set(keys)) == 20
    assert all(t["isDefault"] and not t["isModified"] and t["active"] for t in everything["nodes"])

    default = await get(api, alice, "titel", "generate")
    assert default is not None
    assert (default["category"], default["action"], default["version"]) == ("titel", "generate", "4.0")
    assert default["isDefault"] is True and default["isModified"] is False
    assert default["updatedAt"] is None
    assert await get(api, alice, "titel", "no-such-action") is None

    first = await api.mutate(
        "promptTemplateUpdate",
        UPDATE,
        {"i": {"category": "titel", "action": "generate", "preCondition": "Invent one short title."}},
        alice,
    )
    edited = first["promptTemplate"]
    assert edited["version"] == "4.1"
    assert edited["isModified"] is True and edited["isDefault"] is True
    assert edited["preCondition"] == "Invent one short title."
    assert edited["postCondition"] == default["postCondition"]  # fields left out stay
    assert edited["updatedAt"] is not None
    assert edited["id"] == default["id"]

    second = await api.mutate(
        "promptTemplateUpdate", UPDATE, {"i": {"category": "titel", "action": "generate", "temperature": 0.3}}, alice
    )
    assert second["promptTemplate"]["version"] == "4.2"
    assert second["promptTemplate"]["temperature"] == 0.3
    assert second["promptTemplate"]["preCondition"] == "Invent one short title."

    # Alice reads her edit, in the list and on its own; Bob still reads the default.
    mine = await get(api, alice, "titel", "generate")
    assert mine is not None
    assert (mine["version"], mine["preCondition"], mine["isModified"]) == ("4.2", "Invent one short title.", True)
    listed = {(t["category"], t["action"]): t for t in (await listing(api, alice, first=100))["nodes"]}
    assert len(listed) == 20
    assert listed[("titel", "generate")]["version"] == "4.2"
    theirs = await get(api, bob, "titel", "generate")
    assert theirs == default

    reset = await api.mutate("promptTemplateReset", RESET, {"i": {"category": "titel", "action": "generate"}}, alice)
    assert reset["promptTemplate"]["version"] == TITEL_DEFAULT_VERSION
    assert reset["promptTemplate"]["isModified"] is False
    assert reset["promptTemplate"]["preCondition"] == default["preCondition"]
    assert await get(api, alice, "titel", "generate") == default


# --------------------------------------------------------------------------- the rest, embedded only


async def test_create_a_template_of_ones_own(api: Api) -> None:
    alice, bob = await two_users(api)
    created = await create_template(api, alice, description="Hooks", model="gpt-x", temperature=2.0, maxTokens=64)
    assert created["category"] == "mine" and created["action"] == "hook-writer"
    assert created["version"] == "1.0"
    assert created["isDefault"] is False and created["isModified"] is True and created["active"] is True
    assert (created["description"], created["model"], created["temperature"], created["maxTokens"]) == (
        "Hooks",
        "gpt-x",
        2.0,
        64,
    )

    assert (await listing(api, alice, first=100))["totalCount"] == 21
    assert await get(api, alice, "mine", "hook-writer") == created
    # Nobody else sees it.
    assert (await listing(api, bob, first=100))["totalCount"] == 20
    assert await get(api, bob, "mine", "hook-writer") is None
    # ...and Bob may create the same key for himself.
    await create_template(api, bob)

    # A user-created template is edited like any other.
    updated = await api.mutate(
        "promptTemplateUpdate", UPDATE, {"i": {"category": "mine", "action": "hook-writer", "maxTokens": 80}}, alice
    )
    assert updated["promptTemplate"]["version"] == "1.1"
    assert updated["promptTemplate"]["maxTokens"] == 80


async def test_create_refuses_taken_keys(api: Api) -> None:
    alice = await api.user()
    await create_template(api, alice)

    again = await api.payload("promptTemplateCreate", CREATE, {"i": template_input()}, alice)
    assert again["promptTemplate"] is None
    assert [e["code"] for e in again["userErrors"]] == ["TAKEN"]

    shipped = await api.payload(
        "promptTemplateCreate", CREATE, {"i": template_input(category="titel", action="generate")}, alice
    )
    assert shipped["promptTemplate"] is None
    assert [e["code"] for e in shipped["userErrors"]] == ["TAKEN"]
    # The default is untouched.
    titel = await get(api, alice, "titel", "generate")
    assert titel is not None and titel["isModified"] is False
    assert (await listing(api, alice, first=100))["totalCount"] == 21


async def test_create_validates_keys_and_numbers(api: Api) -> None:
    alice = await api.user()
    cases: list[tuple[dict[str, Any], list[tuple[tuple[str, ...], str]]]] = [
        ({"category": "Mine"}, [(("input", "category"), "INVALID")]),
        ({"action": "hook writer"}, [(("input", "action"), "INVALID")]),
        ({"category": "", "action": "   "}, [(("input", "category"), "REQUIRED"), (("input", "action"), "REQUIRED")]),
        ({"category": "x" * 51}, [(("input", "category"), "TOO_LONG")]),
        ({"preCondition": "  "}, [(("input", "preCondition"), "REQUIRED")]),
        ({"temperature": 2.01}, [(("input", "temperature"), "INVALID")]),
        ({"temperature": -0.1}, [(("input", "temperature"), "INVALID")]),
        ({"maxTokens": 0}, [(("input", "maxTokens"), "INVALID")]),
    ]
    for overrides, expected in cases:
        payload = await api.payload("promptTemplateCreate", CREATE, {"i": template_input(**overrides)}, alice)
        assert payload["promptTemplate"] is None, overrides
        assert sorted(codes(payload)) == sorted(expected), (overrides, payload["userErrors"])
        assert all(e["message"] for e in payload["userErrors"])

    # Nothing was stored by any of them.
    assert (await listing(api, alice, first=100, filter={"activeOnly": False}))["totalCount"] == 20


async def test_update_validates_and_unknown_templates_are_not_found(api: Api) -> None:
    alice = await api.user()
    unknown = await api.payload(
        "promptTemplateUpdate", UPDATE, {"i": {"category": "titel", "action": "nope", "preCondition": "x"}}, alice
    )
    assert unknown["promptTemplate"] is None
    assert [e["code"] for e in unknown["userErrors"]] == ["NOT_FOUND"]
    for name in ("promptTemplateDelete", "promptTemplateReset"):
        query = DELETE if name == "promptTemplateDelete" else RESET
        payload = await api.payload(name, query, {"i": {"category": "nope", "action": "nope"}}, alice)
        assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"], name

    bad = await api.payload(
        "promptTemplateUpdate",
        UPDATE,
        {"i": {"category": "titel", "action": "generate", "temperature": 3, "maxTokens": 0, "preCondition": None}},
        alice,
    )
    assert sorted(codes(bad)) == sorted(
        [
            (("input", "temperature"), "INVALID"),
            (("input", "maxTokens"), "INVALID"),
            (("input", "preCondition"), "REQUIRED"),
        ]
    )
    # A refused update changes nothing, not even the version.
    titel = await get(api, alice, "titel", "generate")
    assert titel is not None and titel["version"] == TITEL_DEFAULT_VERSION and titel["isModified"] is False


async def test_reset_of_ones_own_template_is_invalid(api: Api) -> None:
    alice = await api.user()
    await create_template(api, alice)
    payload = await api.payload(
        "promptTemplateReset", RESET, {"i": {"category": "mine", "action": "hook-writer"}}, alice
    )
    assert payload["promptTemplate"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID"]
    assert await get(api, alice, "mine", "hook-writer") is not None  # still there


async def test_delete_deactivates_and_update_reactivates(api: Api) -> None:
    alice, bob = await two_users(api)
    deleted = await api.mutate("promptTemplateDelete", DELETE, {"i": {"category": "music", "action": "enhance"}}, alice)
    assert "deactivated" in deleted["message"]
    assert deleted["promptTemplate"]["active"] is False
    assert deleted["promptTemplate"]["category"] == "music" and deleted["promptTemplate"]["action"] == "enhance"

    active = await listing(api, alice, first=100)
    assert active["totalCount"] == 19
    assert ("music", "enhance") not in {(t["category"], t["action"]) for t in active["nodes"]}
    everything = await listing(api, alice, first=100, filter={"activeOnly": False})
    assert everything["totalCount"] == 20
    shown = {(t["category"], t["action"]): t for t in everything["nodes"]}
    assert shown[("music", "enhance")]["active"] is False
    still_readable = await get(api, alice, "music", "enhance")
    assert still_readable is not None and still_readable["active"] is False
    # Only Alice's copy is switched off.
    assert (await listing(api, bob, first=100))["totalCount"] == 20

    back = await api.mutate(
        "promptTemplateUpdate", UPDATE, {"i": {"category": "music", "action": "enhance", "active": True}}, alice
    )
    assert back["promptTemplate"]["active"] is True
    again = await listing(api, alice, first=100)
    assert again["totalCount"] == 20
    assert ("music", "enhance") in {(t["category"], t["action"]) for t in again["nodes"]}

    # A user-created template is deactivated the same way.
    await create_template(api, alice)
    own = await api.mutate("promptTemplateDelete", DELETE, {"i": {"category": "mine", "action": "hook-writer"}}, alice)
    assert own["promptTemplate"]["active"] is False
    assert (await listing(api, alice, first=100, filter={"category": "mine"}))["totalCount"] == 0
    assert (await listing(api, alice, first=100, filter={"category": "mine", "activeOnly": False}))["totalCount"] == 1


async def test_filter_by_category(api: Api) -> None:
    alice = await api.user()
    lyrics = await listing(api, alice, first=100, filter={"category": "lyrics"})
    assert lyrics["totalCount"] == 6
    assert {t["category"] for t in lyrics["nodes"]} == {"lyrics"}
    assert [t["action"] for t in lyrics["nodes"]] == sorted(t["action"] for t in lyrics["nodes"])
    titel = await listing(api, alice, first=100, filter={"category": "titel"})
    assert sorted(t["action"] for t in titel["nodes"]) == ["generate", "generate-fast"]
    none = await listing(api, alice, first=100, filter={"category": "no-such-category"})
    assert none["totalCount"] == 0 and none["nodes"] == []


async def test_paging_forwards_and_backwards_over_the_defaults(api: Api) -> None:
    alice = await api.user()
    everything = [(t["category"], t["action"]) for t in (await listing(api, alice, first=100))["nodes"]]

    seen: list[tuple[str, str]] = []
    after = None
    pages = []
    while True:
        page = await listing(api, alice, first=7, after=after)
        assert page["totalCount"] == 20
        pages.append(len(page["nodes"]))
        seen += [(e["node"]["category"], e["node"]["action"]) for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == [7, 7, 6]
    assert seen == everything

    tail = await listing(api, alice, last=5)
    assert [(t["category"], t["action"]) for t in tail["nodes"]] == everything[-5:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    before = await listing(api, alice, last=3, before=tail["pageInfo"]["startCursor"])
    assert [(t["category"], t["action"]) for t in before["nodes"]] == everything[-8:-5]

    too_many = await api.raw(LIST, {"first": 101}, alice)
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    bad_cursor = await api.raw(LIST, {"first": 5, "after": "not a cursor"}, alice)
    assert bad_cursor["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_node_fetches_a_template_for_its_owner_only(api: Api) -> None:
    alice, bob = await two_users(api)
    created = await create_template(api, alice)
    query = "query($id: ID!) { node(id: $id) { __typename id ... on PromptTemplate { category action version } } }"
    node = (await api.data(query, {"id": created["id"]}, alice))["node"]
    assert node == {
        "__typename": "PromptTemplate",
        "id": created["id"],
        "category": "mine",
        "action": "hook-writer",
        "version": "1.0",
    }
    assert (await api.data(query, {"id": created["id"]}, bob))["node"] is None

    # A shipped template's id reads as the viewer's own version of it.
    titel = await get(api, alice, "titel", "generate")
    assert titel is not None
    await api.mutate("promptTemplateUpdate", UPDATE, {"i": {"category": "titel", "action": "generate"}}, alice)
    assert (await api.data(query, {"id": titel["id"]}, alice))["node"]["version"] == "4.1"
    assert (await api.data(query, {"id": titel["id"]}, bob))["node"]["version"] == "4.0"


async def test_templates_need_a_signed_in_user(api: Api) -> None:
    body = await api.raw(LIST, {"first": 5})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await api.raw(CREATE, {"i": template_input()})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
