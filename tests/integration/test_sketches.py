"""Sketches over the real API: the CRUD flow, paging, ordering, filters and ownership, in both modes."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from tests.conftest import Running
from tests.support import SKETCH, SKETCH_FIELDS, Api, create_sketch, error_codes

CREATE = f"""mutation($i: SketchCreateInput!) {{ sketchCreate(input: $i) {{
    sketch {{ {SKETCH} }} userErrors {{ field message code }} }} }}"""
UPDATE = f"""mutation($i: SketchUpdateInput!) {{ sketchUpdate(input: $i) {{
    sketch {{ {SKETCH_FIELDS} }} userErrors {{ field message code }} }} }}"""
DELETE = """mutation($i: SketchIdInput!) { sketchDelete(input: $i) {
    deletedSketchId userErrors { field message code } } }"""
DUPLICATE = f"""mutation($i: SketchIdInput!) {{ sketchDuplicate(input: $i) {{
    sketch {{ {SKETCH_FIELDS} }} userErrors {{ field message code }} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ __typename ... on Sketch {{ {SKETCH_FIELDS} }} }} }}"
LIST = """query($first: Int, $after: String, $last: Int, $before: String, $filter: SketchFilter,
        $orderBy: SketchOrder) {
    sketches(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
        totalCount
        edges { cursor node { id title updatedAt createdAt } }
        nodes { id title }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""

FULL = {
    "title": "Night Drive",
    "lyrics": "Headlights on the wet road\nwe never slow down",
    "prompt": "synthwave, 80s, female vocals",
    "tags": ["synthwave", "night"],
    "descriptionLong": "A long description of a drive through the city at night.",
    "descriptionShort": "City lights at night.",
    "descriptionTags": ["retro", "driving"],
    "info": "Written after the concert.",
    "workflow": "USED",
}


async def node(api: Api, token: str, id: str) -> Any:
    return (await api.data(NODE, {"id": id}, token))["node"]


async def listing(api: Api, token: str, **args: Any) -> dict[str, Any]:
    return (await api.data(LIST, args, token))["sketches"]


async def titles(api: Api, token: str, **args: Any) -> list[str | None]:
    return [n["title"] for n in (await listing(api, token, first=100, **args))["nodes"]]


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def global_id(type_name: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


# --- create, read, update ---------------------------------------------------------------------------------------


async def test_every_field_is_kept_and_read_back(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    me = (await api.data("{ viewer { id email } }", token=token))["viewer"]
    created = await create_sketch(api, token, **FULL)
    expected = {k: FULL[k] for k in FULL}
    assert {k: created[k] for k in FULL} == expected
    assert created["owner"]["id"] == me["id"]
    assert created["owner"]["email"] == me["email"]
    assert created["createdAt"] == created["updatedAt"]

    fetched = await node(api, token, created["id"])
    assert fetched["__typename"] == "Sketch"
    assert {k: fetched[k] for k in FULL} == expected
    listed = await api.data(
        f"{{ sketches {{ totalCount nodes {{ {SKETCH_FIELDS} owner {{ email }} }} }} }}", token=token
    )
    assert listed["sketches"]["totalCount"] == 1
    (only,) = listed["sketches"]["nodes"]
    assert {k: only[k] for k in FULL} == expected
    assert only["owner"]["email"] == me["email"]


async def test_create_with_only_a_prompt_gets_defaults_and_clean_values(api: Api) -> None:
    token = await api.user()
    minimal = await create_sketch(api, token, prompt="  piano ballad  ")
    assert minimal["prompt"] == "piano ballad"
    assert minimal["workflow"] == "DRAFT"
    for name in ("title", "lyrics", "descriptionLong", "descriptionShort", "info"):
        assert minimal[name] is None, name
    assert minimal["tags"] == minimal["descriptionTags"] == []

    tidy = await create_sketch(
        api, token, prompt="p", title="   ", tags=[" rock ", "Rock", "", "pop", "POP "], workflow=None
    )
    assert tidy["title"] is None
    assert tidy["tags"] == ["rock", "pop"]
    assert tidy["workflow"] == "DRAFT"


async def test_update_changes_only_the_given_fields_and_null_clears(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    sketch = await create_sketch(api, token, **FULL)

    changed = (await api.mutate("sketchUpdate", UPDATE, {"i": {"id": sketch["id"], "lyrics": "New words"}}, token))[
        "sketch"
    ]
    assert changed["lyrics"] == "New words"
    assert {k: changed[k] for k in FULL if k != "lyrics"} == {k: FULL[k] for k in FULL if k != "lyrics"}
    assert changed["updatedAt"] > sketch["updatedAt"]
    assert changed["createdAt"] == sketch["createdAt"]

    cleared = (
        await api.mutate(
            "sketchUpdate",
            UPDATE,
            {
                "i": {
                    "id": sketch["id"],
                    "title": None,
                    "tags": None,
                    "descriptionLong": None,
                    "descriptionShort": None,
                    "descriptionTags": [],
                    "info": "   ",
                    "workflow": "ARCHIVED",
                }
            },
            token,
        )
    )["sketch"]
    assert cleared["title"] is None
    assert cleared["tags"] == []
    assert cleared["descriptionTags"] == []
    assert cleared["descriptionLong"] is None
    assert cleared["descriptionShort"] is None
    assert cleared["info"] is None
    assert cleared["workflow"] == "ARCHIVED"
    assert cleared["lyrics"] == "New words"
    assert cleared["prompt"] == FULL["prompt"]

    # What the mutation answered is what is stored.
    fetched = await node(api, token, sketch["id"])
    assert {k: fetched[k] for k in FULL} == {k: cleared[k] for k in FULL}

    # An update that names no field changes nothing, not even updatedAt.
    same = (await api.mutate("sketchUpdate", UPDATE, {"i": {"id": sketch["id"]}}, token))["sketch"]
    assert same["updatedAt"] == cleared["updatedAt"]


async def test_prompt_is_required(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    for fields in ({}, {"prompt": None}, {"prompt": "   "}, {"title": "no prompt"}):
        payload = await api.payload("sketchCreate", CREATE, {"i": fields}, token)
        assert payload["sketch"] is None
        assert codes(payload) == [(["input", "prompt"], "REQUIRED")], fields
    assert (await listing(api, token))["totalCount"] == 0

    sketch = await create_sketch(api, token, prompt="kept")
    for value in (None, "", "  \n "):
        payload = await api.payload(
            "sketchUpdate", UPDATE, {"i": {"id": sketch["id"], "prompt": value, "title": "t"}}, token
        )
        assert payload["sketch"] is None
        assert codes(payload) == [(["input", "prompt"], "REQUIRED")]
    fetched = await node(api, token, sketch["id"])
    assert (fetched["prompt"], fetched["title"]) == ("kept", None)

    workflow = await api.payload("sketchUpdate", UPDATE, {"i": {"id": sketch["id"], "workflow": None}}, token)
    assert codes(workflow) == [(["input", "workflow"], "REQUIRED")]


async def test_length_limits(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    at_limit = {"prompt": "p" * 1024, "descriptionShort": "s" * 150, "title": "t" * 500}
    sketch = await create_sketch(api, token, **at_limit)
    assert {k: len(sketch[k]) for k in at_limit} == {"prompt": 1024, "descriptionShort": 150, "title": 500}

    over = {"prompt": "p" * 1025, "descriptionShort": "s" * 151, "title": "t" * 501}
    payload = await api.payload("sketchCreate", CREATE, {"i": over}, token)
    assert payload["sketch"] is None
    assert sorted(codes(payload)) == [
        (["input", "descriptionShort"], "TOO_LONG"),
        (["input", "prompt"], "TOO_LONG"),
        (["input", "title"], "TOO_LONG"),
    ]
    for name, value in over.items():
        payload = await api.payload("sketchUpdate", UPDATE, {"i": {"id": sketch["id"], name: value}}, token)
        assert codes(payload) == [(["input", name], "TOO_LONG")]
        assert "150" in payload["userErrors"][0]["message"] or name != "descriptionShort"
    # Surrounding blanks do not count towards the limit.
    padded = await create_sketch(api, token, prompt="  " + "p" * 1024 + "  ")
    assert len(padded["prompt"]) == 1024
    assert (await listing(api, token))["totalCount"] == 2
    assert {k: len((await node(api, token, sketch["id"]))[k]) for k in at_limit} == {
        "prompt": 1024,
        "descriptionShort": 150,
        "title": 500,
    }


# --- duplicate and delete ---------------------------------------------------------------------------------------


async def test_duplicate_makes_a_new_draft_copy(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source = await create_sketch(api, token, **FULL)
    copy = (await api.mutate("sketchDuplicate", DUPLICATE, {"i": {"id": source["id"]}}, token))["sketch"]
    assert copy["id"] != source["id"]
    assert copy["title"] == "Night Drive (copy)"
    assert copy["workflow"] == "DRAFT"
    for name in ("lyrics", "prompt", "tags", "descriptionLong", "descriptionShort", "descriptionTags", "info"):
        assert copy[name] == source[name], name
    assert copy["createdAt"] > source["createdAt"]

    untitled = await create_sketch(api, token, prompt="no title")
    untitled_copy = (await api.mutate("sketchDuplicate", DUPLICATE, {"i": {"id": untitled["id"]}}, token))["sketch"]
    assert untitled_copy["title"] is None

    # The copy is independent of its source.
    await api.mutate("sketchUpdate", UPDATE, {"i": {"id": copy["id"], "tags": ["changed"]}}, token)
    assert (await node(api, token, source["id"]))["tags"] == FULL["tags"]
    assert (await listing(api, token))["totalCount"] == 4


async def test_delete_removes_the_sketch(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    doomed = await create_sketch(api, token, title="doomed")
    kept = await create_sketch(api, token, title="kept")
    payload = await api.mutate("sketchDelete", DELETE, {"i": {"id": doomed["id"]}}, token)
    assert payload["deletedSketchId"] == doomed["id"]
    assert await node(api, token, doomed["id"]) is None
    assert await titles(api, token) == ["kept"]
    assert await node(api, token, kept["id"]) is not None

    for query, name in ((DELETE, "sketchDelete"), (UPDATE, "sketchUpdate"), (DUPLICATE, "sketchDuplicate")):
        again = await api.payload(name, query, {"i": {"id": doomed["id"]}}, token)
        assert codes(again) == [(["input", "id"], "NOT_FOUND")], name
    assert (await listing(api, token))["totalCount"] == 1


# --- paging -----------------------------------------------------------------------------------------------------


async def test_paging_forwards_and_backwards(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    created = [(await create_sketch(api, token, title=f"s{i:02}"))["id"] for i in range(25)]
    everything = await listing(api, token, first=100)
    assert everything["totalCount"] == 25
    order = [n["id"] for n in everything["nodes"]]
    assert sorted(order) == sorted(created)
    stamps = [e["node"]["createdAt"] for e in everything["edges"]]
    assert stamps == sorted(stamps, reverse=True), "default order: newest first"
    assert [e["node"]["id"] for e in everything["edges"]] == order

    seen: list[str] = []
    after = None
    pages = []
    while True:
        page = await listing(api, token, first=10, after=after)
        assert page["totalCount"] == 25
        pages.append(page)
        seen += [n["id"] for n in page["nodes"]]
        info = page["pageInfo"]
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        assert info["hasPreviousPage"] is (after is not None)
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert [len(p["nodes"]) for p in pages] == [10, 10, 5]
    assert seen == order

    seen = []
    before = None
    sizes = []
    while True:
        page = await listing(api, token, last=10, before=before)
        sizes.append(len(page["nodes"]))
        seen = [n["id"] for n in page["nodes"]] + seen
        info = page["pageInfo"]
        assert info["hasNextPage"] is (before is not None)
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    assert sizes == [10, 10, 5]
    assert seen == order

    # A cursor from the middle works in both directions.
    middle = everything["edges"][12]["cursor"]
    assert [n["id"] for n in (await listing(api, token, first=3, after=middle))["nodes"]] == order[13:16]
    assert [n["id"] for n in (await listing(api, token, last=3, before=middle))["nodes"]] == order[9:12]
    # first: 0 and an empty tail.
    empty = await listing(api, token, first=0)
    assert empty["nodes"] == [] and empty["totalCount"] == 25
    tail = await listing(api, token, first=10, after=everything["edges"][-1]["cursor"])
    assert tail["nodes"] == []
    assert tail["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True, "startCursor": None, "endCursor": None}
    # Without arguments: a first page of 20.
    default = await listing(api, token)
    assert len(default["nodes"]) == 20 and default["pageInfo"]["hasNextPage"] is True


async def test_paging_survives_inserts_and_deletes_between_pages(api: Api) -> None:
    token = await api.user()
    for i in range(6):
        await create_sketch(api, token, title=f"t{i}")
    first = await listing(api, token, first=3, orderBy={"field": "TITLE", "direction": "ASC"})
    assert [n["title"] for n in first["nodes"]] == ["t0", "t1", "t2"]
    # Someone adds a sketch that sorts before the cursor, and removes the next one.
    await create_sketch(api, token, title="a-new-one")
    t3 = (await listing(api, token, first=1, filter={"search": "t3"}))["nodes"][0]["id"]
    await api.mutate("sketchDelete", DELETE, {"i": {"id": t3}}, token)
    rest = await listing(
        api, token, first=10, after=first["pageInfo"]["endCursor"], orderBy={"field": "TITLE", "direction": "ASC"}
    )
    assert [n["title"] for n in rest["nodes"]] == ["t4", "t5"]


async def test_bad_page_requests_are_client_errors(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    await create_sketch(api, token, title="one")
    valid = (await listing(api, token, first=1))["pageInfo"]["endCursor"]
    assert len((await listing(api, token, first=100))["nodes"]) == 1
    bad_requests: list[dict[str, Any]] = [
        {"first": 101},
        {"last": 101},
        {"first": -1},
        {"first": 1, "last": 1},
        {"first": 1, "after": "garbage!!"},
        {"first": 1, "after": "not-base64-json"},
        {"last": 1, "before": "%%%"},
        {"first": 1, "after": cursor({"a": 1})},
        {"first": 1, "after": cursor("only-one")},
        {"first": 1, "after": cursor("2024-01-01T00:00:00+00:00", "not-a-uuid")},
        {"first": 1, "after": cursor("not-a-date", str(uuid.uuid4()))},
        # A timestamp without a zone, forged by hand.
        {"first": 1, "after": cursor("2024-01-01T00:00:00", str(uuid.uuid4()))},
        {"first": 1, "after": cursor(1, 2)},
    ]
    for args in bad_requests:
        body = await api.raw(LIST, args, token)
        assert error_codes(body) == ["BAD_USER_INPUT"], args
        assert body["data"] is None

    # A cursor made for the title order does not fit the (default) creation order ...
    title_order = {"field": "TITLE", "direction": "ASC"}
    title_cursor = (await listing(api, token, first=1, orderBy=title_order))["pageInfo"]["endCursor"]
    assert error_codes(await api.raw(LIST, {"first": 1, "after": title_cursor}, token)) == ["BAD_USER_INPUT"]
    # ... while a creation-time cursor reads as an (odd) title: harmless, not an error.
    assert (await api.raw(LIST, {"first": 1, "after": valid, "orderBy": title_order}, token)).get("errors") is None


# --- ordering ---------------------------------------------------------------------------------------------------


async def test_order_by_title(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    for title in ("banana", None, "Cherry", "apple", "   ", "Banana split"):
        await create_sketch(api, token, title=title)
    asc = await titles(api, token, orderBy={"field": "TITLE", "direction": "ASC"})
    assert asc == [None, None, "apple", "banana", "Banana split", "Cherry"]
    desc = await titles(api, token, orderBy={"field": "TITLE", "direction": "DESC"})
    assert desc == ["Cherry", "Banana split", "banana", "apple", None, None]

    # Paging through a title order, blanks included, loses and repeats nothing.
    for direction, expected in (("ASC", asc), ("DESC", desc)):
        got: list[str | None] = []
        ids: list[str] = []
        after = None
        while True:
            page = await listing(api, token, first=2, after=after, orderBy={"field": "TITLE", "direction": direction})
            got += [n["title"] for n in page["nodes"]]
            ids += [n["id"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert got == expected
        assert len(set(ids)) == 6


async def test_order_by_updated_and_created(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    first = await create_sketch(api, token, title="first")
    await create_sketch(api, token, title="second")
    await create_sketch(api, token, title="third")
    await api.mutate("sketchUpdate", UPDATE, {"i": {"id": first["id"], "lyrics": "touched"}}, token)

    assert await titles(api, token) == ["third", "second", "first"]
    assert await titles(api, token, orderBy={"field": "CREATED_AT", "direction": "ASC"}) == [
        "first",
        "second",
        "third",
    ]
    assert await titles(api, token, orderBy={"field": "UPDATED_AT", "direction": "DESC"}) == [
        "first",
        "third",
        "second",
    ]
    assert await titles(api, token, orderBy={"field": "UPDATED_AT", "direction": "ASC"}) == [
        "second",
        "third",
        "first",
    ]
    page = await listing(api, token, first=1, orderBy={"field": "UPDATED_AT", "direction": "ASC"})
    rest = await listing(
        api, token, first=5, after=page["pageInfo"]["endCursor"], orderBy={"field": "UPDATED_AT", "direction": "ASC"}
    )
    assert [n["title"] for n in rest["nodes"]] == ["third", "first"]
    bad = await api.raw(LIST, {"orderBy": {"field": "LYRICS", "direction": "ASC"}}, token)
    assert error_codes(bad) == ["BAD_USER_INPUT"]


# --- filters ----------------------------------------------------------------------------------------------------


async def test_search_is_case_insensitive_across_text_and_tags(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    await create_sketch(api, token, title="Sunrise Song", prompt="plain")
    await create_sketch(api, token, title="lyric match", lyrics="the SUNRISE over the hills", prompt="plain")
    await create_sketch(api, token, title="prompt match", prompt="Sunrise-core, ambient")
    await create_sketch(api, token, title="tag match", prompt="plain", tags=["sunrise"])
    await create_sketch(api, token, title="no match", prompt="sunset", lyrics="evening", tags=["dusk"])
    await create_sketch(api, token, title="description only", prompt="plain", descriptionLong="sunrise", info="sunrise")
    await create_sketch(api, token, title="Über alles", prompt="plain")
    await create_sketch(api, token, title="lower", prompt="mit ÜBERMUT gespielt")
    await create_sketch(api, token, title="100% pure", prompt="plain")
    await create_sketch(api, token, title="1000 pure", prompt="plain")
    await create_sketch(api, token, title="a_b", prompt="plain")
    await create_sketch(api, token, title="axb", prompt="plain")

    def search(text: str) -> dict[str, Any]:
        return {"orderBy": {"field": "TITLE", "direction": "ASC"}, "filter": {"search": text}}

    expected = ["lyric match", "prompt match", "Sunrise Song", "tag match"]
    for text in ("sunrise", "SUNRISE", "  sUnRiSe  "):
        assert await titles(api, token, **search(text)) == expected, text
    assert (await listing(api, token, **search("sunrise")))["totalCount"] == 4

    assert await titles(api, token, **search("über")) == ["lower", "Über alles"]
    assert await titles(api, token, **search("Über")) == ["lower", "Über alles"]
    assert await titles(api, token, **search("ÜBER ALLES")) == ["Über alles"]

    assert await titles(api, token, **search("100%")) == ["100% pure"]
    assert await titles(api, token, **search("0% p")) == ["100% pure"]
    assert await titles(api, token, **search("%")) == ["100% pure"]
    assert await titles(api, token, **search("a_b")) == ["a_b"]
    assert await titles(api, token, **search("_")) == ["a_b"]
    assert await titles(api, token, **search("nothing like this")) == []
    # A blank search is no filter.
    assert len(await titles(api, token, **search("   "))) == 12


async def test_tag_search_and_filter_handle_non_ascii(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    await create_sketch(api, token, title="umlaut", tags=["Rückkehr", "Straße"])
    await create_sketch(api, token, title="plain", tags=["return"])
    assert await titles(api, token, filter={"search": "RÜCK"}) == ["umlaut"]
    assert await titles(api, token, filter={"tags": ["rückkehr"]}) == ["umlaut"]
    assert await titles(api, token, filter={"tags": ["RÜCKKEHR", "straße"]}) == ["umlaut"]


async def test_workflow_filter(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    await create_sketch(api, token, title="draft")
    await create_sketch(api, token, title="used", workflow="USED")
    archived = await create_sketch(api, token, title="archived", workflow="ARCHIVED")
    later = await create_sketch(api, token, title="archived later")
    await api.mutate("sketchUpdate", UPDATE, {"i": {"id": later["id"], "workflow": "ARCHIVED"}}, token)

    order = {"orderBy": {"field": "TITLE", "direction": "ASC"}}
    assert await titles(api, token, **order) == ["draft", "used"]
    assert (await listing(api, token))["totalCount"] == 2
    assert await titles(api, token, filter={"workflow": []}, **order) == ["draft", "used"]
    assert await titles(api, token, filter={"workflow": ["ARCHIVED"]}, **order) == ["archived", "archived later"]
    assert (await listing(api, token, filter={"workflow": ["ARCHIVED"]}))["totalCount"] == 2
    assert await titles(api, token, filter={"workflow": ["DRAFT", "ARCHIVED"]}, **order) == [
        "archived",
        "archived later",
        "draft",
    ]
    assert await titles(api, token, filter={"workflow": ["USED"]}, **order) == ["used"]
    # Archived sketches are still reachable by id.
    assert (await node(api, token, archived["id"]))["workflow"] == "ARCHIVED"


async def test_tags_filter_requires_every_tag(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    await create_sketch(api, token, title="both", tags=["Rock", "pop", "live"])
    await create_sketch(api, token, title="rock only", tags=["rock"])
    await create_sketch(api, token, title="pop only", tags=["POP"])
    await create_sketch(api, token, title="rockabilly", tags=["rockabilly", "pop"])
    await create_sketch(api, token, title="no tags", prompt="rock pop")

    order = {"orderBy": {"field": "TITLE", "direction": "ASC"}}
    assert await titles(api, token, filter={"tags": ["rock"]}, **order) == ["both", "rock only"]
    assert await titles(api, token, filter={"tags": ["ROCK", "Pop"]}, **order) == ["both"]
    assert await titles(api, token, filter={"tags": ["pop"]}, **order) == ["both", "pop only", "rockabilly"]
    assert await titles(api, token, filter={"tags": ["rock", "jazz"]}) == []
    assert (await listing(api, token, filter={"tags": ["rock", "pop"]}))["totalCount"] == 1
    # Combined with search and workflow.
    assert await titles(api, token, filter={"tags": ["pop"], "search": "only"}) == ["pop only"]
    assert await titles(api, token, filter={"tags": ["pop"], "workflow": ["ARCHIVED"]}) == []


# --- ownership and access ---------------------------------------------------------------------------------------


async def test_other_users_sketches_are_invisible_and_untouchable(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    bob = await api.user(admin_token=alice)  # even an admin does not see others' sketches
    secret = await create_sketch(api, alice, title="alice's", lyrics="private", tags=["mine"])
    await create_sketch(api, bob, title="bob's")

    assert await titles(api, bob) == ["bob's"]
    assert (await listing(api, bob, filter={"search": "alice"}))["totalCount"] == 0
    assert (await listing(api, bob, filter={"tags": ["mine"], "workflow": ["DRAFT", "USED", "ARCHIVED"]}))[
        "totalCount"
    ] == 0
    assert await node(api, bob, secret["id"]) is None
    nodes = await api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [secret["id"]]}, bob)
    assert nodes["nodes"] == [None]

    for query, name, extra in (
        (UPDATE, "sketchUpdate", {"title": "hacked"}),
        (DUPLICATE, "sketchDuplicate", {}),
        (DELETE, "sketchDelete", {}),
    ):
        payload = await api.payload(name, query, {"i": {"id": secret["id"], **extra}}, bob)
        assert codes(payload) == [(["input", "id"], "NOT_FOUND")], name
        assert payload.get("sketch") is None and payload.get("deletedSketchId") is None

    # Alice's sketch is exactly as it was, and Bob gained nothing.
    still = await node(api, alice, secret["id"])
    assert (still["title"], still["lyrics"], still["updatedAt"]) == ("alice's", "private", secret["updatedAt"])
    assert await titles(api, alice) == ["alice's"]
    assert await titles(api, bob) == ["bob's"]


async def test_malformed_ids_are_not_found(api: Api) -> None:
    token = await api.user()
    sketch = await create_sketch(api, token, title="real")
    user_id = (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]
    bad_ids = [
        "",
        "garbage",
        "!!!",
        "ü",
        global_id("Sketch", "not-a-uuid"),
        global_id("Sketch", str(uuid.uuid4())),
        global_id("Job", str(uuid.uuid4())),
        user_id,  # an id of another type
        sketch["id"] + "x",
    ]
    for bad in bad_ids:
        for query, name in ((UPDATE, "sketchUpdate"), (DELETE, "sketchDelete"), (DUPLICATE, "sketchDuplicate")):
            body = await api.raw(query, {"i": {"id": bad}}, token)
            assert body.get("errors") is None, (bad, body)
            assert codes(body["data"][name]) == [(["input", "id"], "NOT_FOUND")], (bad, name)
        if bad != user_id:
            assert await node(api, token, bad) is None, bad
    assert await titles(api, token) == ["real"]


async def test_sketches_need_a_signed_in_user(api: Api) -> None:
    token = await api.user()
    sketch = await create_sketch(api, token, title="t")
    for query, variables in (
        (LIST, {}),
        (CREATE, {"i": {"prompt": "p"}}),
        (UPDATE, {"i": {"id": sketch["id"], "title": "x"}}),
        (DELETE, {"i": {"id": sketch["id"]}}),
        (DUPLICATE, {"i": {"id": sketch["id"]}}),
        (NODE, {"id": sketch["id"]}),
    ):
        body = await api.raw(query, variables)
        assert error_codes(body) == ["UNAUTHENTICATED"], query
        assert body["data"] is None or set(body["data"].values()) == {None}
    assert (await node(api, token, sketch["id"]))["title"] == "t"
    assert (await listing(api, token))["totalCount"] == 1


async def test_owner_is_resolved_for_every_item(api: Api) -> None:
    token = await api.user()
    await api.mutate(
        "viewerUpdate",
        "mutation($i: ViewerUpdateInput!) { viewerUpdate(input: $i) { userErrors { code } } }",
        {"i": {"artistName": "Ghost Choir"}},
        token,
    )
    for i in range(3):
        await create_sketch(api, token, title=f"t{i}")
    listed = await api.data("{ sketches { nodes { owner { artistName email } } } }", token=token)
    owners = {(n["owner"]["artistName"], n["owner"]["email"]) for n in listed["sketches"]["nodes"]}
    assert len(listed["sketches"]["nodes"]) == 3
    assert len(owners) == 1 and next(iter(owners))[0] == "Ghost Choir"
