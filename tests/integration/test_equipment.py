"""Equipment over the real API, in both modes: the CRUD flow, the licence rules, filters and order, duplicates,
ownership, and secrets — read only through `secrets` on one item, never stored as text, re-encrypted by
`rotate-keys` so that the old key can be dropped."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from api.manage import rotate_keys
from infra.security.encryption import generate_key
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration.cases.equipment import CREATE, EQUIPMENT_FIELDS, SECRETS, create_equipment
from tests.support import ERRORS, Api, error_codes

UPDATE = f"""mutation($i: EquipmentUpdateInput!) {{ equipmentUpdate(input: $i) {{
    equipment {{ {EQUIPMENT_FIELDS} {SECRETS} }} {ERRORS} }} }}"""
DELETE = f"""mutation($i: EquipmentIdInput!) {{ equipmentDelete(input: $i) {{ deletedEquipmentId {ERRORS} }} }}"""
DUPLICATE = f"""mutation($i: EquipmentDuplicateInput!) {{ equipmentDuplicate(input: $i) {{
    equipment {{ {EQUIPMENT_FIELDS} {SECRETS} }} {ERRORS} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ __typename ... on Equipment {{ {EQUIPMENT_FIELDS} {SECRETS} }} }} }}"
LIST = """query($first: Int, $after: String, $last: Int, $before: String, $filter: EquipmentFilter,
        $orderBy: EquipmentOrder) {
    equipment(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
        totalCount nodes { id name }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""

FULL = {
    "type": "PLUGIN",
    "name": "FabFilter Pro-Q 3",
    "version": "3.21",
    "description": "The equaliser on every bus.",
    "softwareTags": ["daw"],
    "pluginTags": ["eq", "mixing"],
    "manufacturer": "FabFilter",
    "url": "https://www.fabfilter.com/products/pro-q-3",
    "username": "studio@example.com",
    "licenseManagement": "LICENSE_KEY",
    "licenseDescription": "Bundle licence, 3 machines.",
    "purchaseDate": "2024-03-15",
    "systemRequirements": "macOS 10.13 or later, AAX/VST3/AU",
    "status": "TRIAL",
}
SECRET_VALUES = {"password": "  correct horse battery  ", "licenseKey": "PQ3-7F2K-99XA-QQ10", "price": "169.00 EUR"}


async def node(api: Api, token: str, id: str) -> Any:
    return (await api.data(NODE, {"id": id}, token))["node"]


async def secrets_of(api: Api, token: str, id: str) -> dict[str, Any]:
    return (await node(api, token, id))["secrets"]


async def update(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    return await api.payload("equipmentUpdate", UPDATE, {"i": fields}, token)


async def names(api: Api, token: str, **args: Any) -> list[str]:
    return [n["name"] for n in (await api.data(LIST, {"first": 100, **args}, token))["equipment"]["nodes"]]


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


# --- create, read, secrets ---------------------------------------------------------------------------------------


async def test_every_field_is_kept_and_secrets_are_read_only_through_the_field(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    created = await create_equipment(api, token, **FULL, **SECRET_VALUES)
    assert {k: created[k] for k in FULL} == FULL
    assert (created["hasPassword"], created["hasLicenseKey"], created["hasPrice"]) == (True, True, True)
    assert created["createdAt"] == created["updatedAt"]
    assert "secrets" not in created and "correct horse" not in str(created)

    fetched = await node(api, token, created["id"])
    assert fetched["__typename"] == "Equipment"
    assert {k: fetched[k] for k in FULL} == FULL
    # The password exactly as given (spaces and all); the key and price trimmed.
    assert fetched["secrets"] == {
        "password": "  correct horse battery  ",
        "licenseKey": "PQ3-7F2K-99XA-QQ10",
        "price": "169.00 EUR",
    }

    # In a list, `secrets` is refused — through the connection's nodes and edges, and through nodes(ids:).
    for query in (
        f"{{ equipment {{ nodes {{ name {SECRETS} }} }} }}",
        f"{{ equipment {{ edges {{ node {{ name {SECRETS} }} }} }} }}",
        f'{{ nodes(ids: ["{created["id"]}"]) {{ ... on Equipment {{ name {SECRETS} }} }} }}',
    ):
        body = await api.raw(query, token=token)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
        assert "one item at a time" in body["errors"][0]["message"]
        assert "correct horse" not in str(body) and "PQ3-7F2K" not in str(body) and "169.00" not in str(body)
    listed = await api.data(f"{{ equipment {{ totalCount nodes {{ {EQUIPMENT_FIELDS} }} }} }}", token=token)
    assert listed["equipment"]["totalCount"] == 1
    assert {k: listed["equipment"]["nodes"][0][k] for k in FULL} == FULL

    # A mutation's payload is one item: it may ask.
    renamed = await update(api, token, id=created["id"], name="Pro-Q 3")
    assert renamed["equipment"]["secrets"]["licenseKey"] == "PQ3-7F2K-99XA-QQ10"

    deleted = await api.mutate("equipmentDelete", DELETE, {"i": {"id": created["id"]}}, token)
    assert deleted["deletedEquipmentId"] == created["id"]
    assert await node(api, token, created["id"]) is None
    assert await names(api, token) == []


async def test_defaults_and_clean_values(api: Api) -> None:
    token = await api.user()
    minimal = await create_equipment(api, token, name="  Logic Pro  ", status=None)
    assert (minimal["name"], minimal["type"], minimal["status"]) == ("Logic Pro", "SOFTWARE", "ACTIVE")
    assert minimal["softwareTags"] == minimal["pluginTags"] == []
    for name in ("version", "description", "manufacturer", "url", "username", "licenseManagement", "purchaseDate"):
        assert minimal[name] is None, name
    assert (minimal["hasPassword"], minimal["hasLicenseKey"], minimal["hasPrice"]) == (False, False, False)
    assert (await secrets_of(api, token, minimal["id"])) == {"password": None, "licenseKey": None, "price": None}

    tidy = await create_equipment(
        api,
        token,
        name="Kontakt",
        manufacturer="   ",
        url="native-instruments.com/kontakt",
        softwareTags=[" sampler ", "Sampler", "", "NI"],
        password="",
        licenseKey="   ",
        price=" 399 EUR ",
    )
    assert tidy["manufacturer"] is None
    assert tidy["url"] == "https://native-instruments.com/kontakt"
    assert tidy["softwareTags"] == ["sampler", "NI"]
    assert (tidy["hasPassword"], tidy["hasLicenseKey"], tidy["hasPrice"]) == (False, False, True)
    assert (await secrets_of(api, token, tidy["id"]))["price"] == "399 EUR"


async def test_update_leaves_what_is_left_out_and_null_clears(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    item = await create_equipment(api, token, **{**FULL, "licenseManagement": "ONLINE"}, **SECRET_VALUES)
    every = {**FULL, "licenseManagement": "ONLINE"}

    renamed = await update(api, token, id=item["id"], name="Pro-Q 4")
    assert renamed["userErrors"] == []
    changed = renamed["equipment"]
    assert changed["name"] == "Pro-Q 4"
    assert {k: changed[k] for k in every if k != "name"} == {k: every[k] for k in every if k != "name"}
    assert changed["secrets"] == {
        "password": "  correct horse battery  ",
        **{k: SECRET_VALUES[k] for k in ("licenseKey", "price")},
    }
    assert changed["updatedAt"] > item["updatedAt"]

    new_password = (await update(api, token, id=item["id"], password="tr0ub4dor&3"))["equipment"]
    assert new_password["secrets"] == {
        "password": "tr0ub4dor&3",
        "licenseKey": "PQ3-7F2K-99XA-QQ10",
        "price": "169.00 EUR",
    }

    cleared = (await update(api, token, id=item["id"], password=None, price="", description=None, pluginTags=None))[
        "equipment"
    ]
    assert cleared["secrets"] == {"password": None, "licenseKey": "PQ3-7F2K-99XA-QQ10", "price": None}
    assert (cleared["hasPassword"], cleared["hasLicenseKey"], cleared["hasPrice"]) == (False, True, False)
    assert cleared["description"] is None and cleared["pluginTags"] == []
    assert cleared["manufacturer"] == "FabFilter"

    refused = await update(api, token, id=item["id"], status=None, licenseKey=None, name="")
    assert sorted(codes(refused)) == [(["input", "name"], "REQUIRED"), (["input", "status"], "REQUIRED")]
    assert refused["equipment"] is None
    after = await node(api, token, item["id"])
    assert after["secrets"]["licenseKey"] == "PQ3-7F2K-99XA-QQ10" and after["name"] == "Pro-Q 4"

    unchanged = (await update(api, token, id=item["id"]))["equipment"]
    assert unchanged["updatedAt"] == cleared["updatedAt"]


# --- the licence rules -------------------------------------------------------------------------------------------


async def test_a_license_key_licence_needs_its_key_and_another_kind_its_description(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    create = {"type": "SOFTWARE", "name": "Cubase"}
    for extra, field in (
        ({"licenseManagement": "LICENSE_KEY"}, "licenseKey"),
        ({"licenseManagement": "LICENSE_KEY", "licenseKey": " ", "licenseDescription": "x"}, "licenseKey"),
        ({"licenseManagement": "OTHER", "licenseKey": "K-1"}, "licenseDescription"),
        ({"licenseManagement": "OTHER", "licenseDescription": "   "}, "licenseDescription"),
    ):
        refused = await api.payload("equipmentCreate", CREATE, {"i": {**create, **extra}}, token)
        assert codes(refused) == [(["input", field], "REQUIRED")], extra
    assert await names(api, token) == []

    keyed = await create_equipment(api, token, name="Keyed", licenseManagement="LICENSE_KEY", licenseKey="K-1")
    other = await create_equipment(api, token, name="Other", licenseManagement="OTHER", licenseDescription="Dongle")
    online = await create_equipment(api, token, name="Online", licenseManagement="ONLINE")
    for management in ("ONLINE", "ILOK", None):
        await create_equipment(api, token, name=f"Free {management}", licenseManagement=management)

    # The rules hold for the item as it will be: what is stored counts, what the update changes too.
    assert codes(await update(api, token, id=keyed["id"], licenseKey=None)) == [(["input", "licenseKey"], "REQUIRED")]
    assert codes(await update(api, token, id=keyed["id"], licenseKey="")) == [(["input", "licenseKey"], "REQUIRED")]
    moved = await update(api, token, id=keyed["id"], licenseManagement="ILOK", licenseKey=None)
    assert moved["userErrors"] == [] and moved["equipment"]["hasLicenseKey"] is False

    assert codes(await update(api, token, id=other["id"], licenseDescription=None)) == [
        (["input", "licenseDescription"], "REQUIRED")
    ]
    assert (await update(api, token, id=other["id"], licenseManagement=None, licenseDescription=None))[
        "userErrors"
    ] == []

    assert codes(await update(api, token, id=online["id"], licenseManagement="LICENSE_KEY")) == [
        (["input", "licenseKey"], "REQUIRED")
    ]
    assert (await update(api, token, id=online["id"], licenseKey="K-2"))["userErrors"] == []  # still ONLINE
    keyed_now = await update(api, token, id=online["id"], licenseManagement="LICENSE_KEY")  # the stored key counts
    assert keyed_now["userErrors"] == [] and keyed_now["equipment"]["secrets"]["licenseKey"] == "K-2"
    assert codes(await update(api, token, id=online["id"], licenseManagement="OTHER")) == [
        (["input", "licenseDescription"], "REQUIRED")
    ]


# --- list: filters, search, order, pages ----------------------------------------------------------------------


async def test_filters_search_order_and_pages(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    items = [
        {"name": "ableton Live", "type": "SOFTWARE", "manufacturer": "Ableton", "softwareTags": ["daw"]},
        {"name": "Serum", "type": "PLUGIN", "manufacturer": "Xfer Records", "pluginTags": ["synth", "wavetable"]},
        {"name": "Pro-Q 3", "type": "PLUGIN", "manufacturer": "FabFilter", "status": "TRIAL", "pluginTags": ["eq"]},
        {"name": "Old DAW", "type": "SOFTWARE", "status": "ARCHIVED", "softwareTags": ["daw", "50%_off"]},
        {"name": "Vintage Verb", "type": "PLUGIN", "manufacturer": "Valhalla DSP", "status": "EXPIRED"},
    ]
    for fields in items:
        await create_equipment(api, token, **fields)

    assert await names(api, token) == [
        "ableton Live",
        "Old DAW",
        "Pro-Q 3",
        "Serum",
        "Vintage Verb",
    ]  # by name, any case
    assert await names(api, token, orderBy={"field": "NAME", "direction": "DESC"}) == [
        "Vintage Verb",
        "Serum",
        "Pro-Q 3",
        "Old DAW",
        "ableton Live",
    ]
    assert await names(api, token, orderBy={"field": "CREATED_AT", "direction": "ASC"}) == [i["name"] for i in items]
    assert (await names(api, token, orderBy={"field": "UPDATED_AT"}))[0] == "ableton Live"

    assert await names(api, token, filter={"type": "PLUGIN"}) == ["Pro-Q 3", "Serum", "Vintage Verb"]
    assert await names(api, token, filter={"status": "ACTIVE"}) == ["ableton Live", "Serum"]
    assert await names(api, token, filter={"type": "SOFTWARE", "status": "ARCHIVED"}) == ["Old DAW"]
    assert await names(api, token, filter={"search": "ABLET"}) == ["ableton Live"]  # name and manufacturer, any case
    assert await names(api, token, filter={"search": "records"}) == ["Serum"]  # manufacturer
    assert await names(api, token, filter={"search": "wavetable"}) == ["Serum"]  # plugin tag
    assert await names(api, token, filter={"search": "daw"}) == ["ableton Live", "Old DAW"]  # software tag and name
    assert await names(api, token, filter={"search": "50%_"}) == ["Old DAW"]  # LIKE's wildcards are plain text
    assert await names(api, token, filter={"search": "%"}) == ["Old DAW"]
    assert await names(api, token, filter={"search": '"eq"'}) == []  # JSON punctuation never matches the array text
    assert await names(api, token, filter={"search": "verb", "type": "SOFTWARE"}) == []
    assert await names(api, token, filter={"search": "  "}) == await names(api, token)

    first = (await api.data(LIST, {"first": 2}, token))["equipment"]
    assert [n["name"] for n in first["nodes"]] == ["ableton Live", "Old DAW"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    second = (await api.data(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token))["equipment"]
    assert [n["name"] for n in second["nodes"]] == ["Pro-Q 3", "Serum"]
    back = (await api.data(LIST, {"last": 2, "before": second["pageInfo"]["startCursor"]}, token))["equipment"]
    assert [n["name"] for n in back["nodes"]] == ["ableton Live", "Old DAW"]
    plugins = (await api.data(LIST, {"first": 1, "filter": {"type": "PLUGIN"}}, token))["equipment"]
    assert plugins["totalCount"] == 3


# --- duplicate -------------------------------------------------------------------------------------------------


async def test_duplicate_copies_what_the_original_editor_copied(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source = await create_equipment(api, token, **FULL, **SECRET_VALUES)

    copied = (await api.mutate("equipmentDuplicate", DUPLICATE, {"i": {"id": source["id"]}}, token))["equipment"]
    assert copied["id"] != source["id"]
    assert copied["name"] == "FabFilter Pro-Q 3 (copy)"
    for name in ("type", "softwareTags", "pluginTags", "manufacturer", "url", "username"):
        assert copied[name] == FULL[name], name
    assert copied["status"] == "ACTIVE"  # reset
    for name in (
        "version",
        "description",
        "licenseManagement",
        "licenseDescription",
        "purchaseDate",
        "systemRequirements",
    ):
        assert copied[name] is None, name
    assert copied["secrets"] == {"password": "  correct horse battery  ", "licenseKey": None, "price": None}
    assert (copied["hasPassword"], copied["hasLicenseKey"], copied["hasPrice"]) == (True, False, False)

    # The copy is its own item: changing it leaves the original.
    await update(api, token, id=copied["id"], password="changed", softwareTags=["other"])
    assert (await secrets_of(api, token, source["id"]))["password"] == "  correct horse battery  "
    assert (await node(api, token, source["id"]))["softwareTags"] == ["daw"]

    named = await api.mutate("equipmentDuplicate", DUPLICATE, {"i": {"id": source["id"], "name": " Pro-Q B "}}, token)
    assert named["equipment"]["name"] == "Pro-Q B"
    long_source = await create_equipment(api, token, name="n" * 200)
    long_copy = await api.mutate("equipmentDuplicate", DUPLICATE, {"i": {"id": long_source["id"]}}, token)
    assert long_copy["equipment"]["name"] == "n" * 200  # cut to the limit
    assert len(await names(api, token)) == 5


# --- ownership ---------------------------------------------------------------------------------------------------


async def test_another_users_equipment_is_null_everywhere(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    item = await create_equipment(api, alice, **FULL, **SECRET_VALUES)

    assert await node(api, bob, item["id"]) is None
    assert (await api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [item["id"]]}, bob))["nodes"] == [
        None
    ]
    assert (await api.data(LIST, {}, bob))["equipment"]["totalCount"] == 0
    for name, document, extra in (
        ("equipmentUpdate", UPDATE, {"name": "mine now", "password": "x"}),
        ("equipmentDelete", DELETE, {}),
        ("equipmentDuplicate", DUPLICATE, {}),
    ):
        refused = await api.payload(name, document, {"i": {"id": item["id"], **extra}}, bob)
        assert codes(refused) == [(["input", "id"], "NOT_FOUND")], name
        assert all(v is None for k, v in refused.items() if k != "userErrors")
    assert (await api.data(LIST, {}, bob))["equipment"]["totalCount"] == 0

    mine = await node(api, alice, item["id"])
    assert {k: mine[k] for k in FULL} == FULL
    assert mine["secrets"]["password"] == SECRET_VALUES["password"]


# --- secrets at rest ---------------------------------------------------------------------------------------------


async def stored(settings: Settings) -> list[dict[str, Any]]:
    """The equipment table's rows, read straight from the database."""
    engine = create_async_engine(settings.effective_database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT * FROM equipment ORDER BY name"))
            return [dict(row) for row in rows.mappings()]
    finally:
        await engine.dispose()


def server_keys(settings: Settings) -> list[str]:
    return list(settings.encryption_keys) or (settings.data_dir / "encryption_keys").read_text().split()


async def test_no_plaintext_secret_is_stored(stack: Running) -> None:
    api, settings = stack.api, stack.settings
    token = await api.user()
    secrets = {"password": "Pa55-Zq7xW-word", "licenseKey": "KEY-Zq7xW-4711", "price": "1234.56 Zq7xW-EUR"}
    item = await create_equipment(api, token, name="Secretive", licenseManagement="LICENSE_KEY", **secrets)
    duplicate = (await api.mutate("equipmentDuplicate", DUPLICATE, {"i": {"id": item["id"]}}, token))["equipment"]
    await update(api, token, id=duplicate["id"], price="99 Zq7xW-USD")

    rows = await stored(settings)
    assert len(rows) == 2
    plaintexts = [*secrets.values(), "99 Zq7xW-USD", "Zq7xW"]
    for row in rows:
        for column, value in row.items():
            assert not any(p in str(value) for p in plaintexts), (column, value)
    (key,) = server_keys(settings)  # generated once, into DATA_DIR, readable by its owner only
    if not settings.encryption_keys:
        assert stat.S_IMODE((settings.data_dir / "encryption_keys").stat().st_mode) == 0o600
    fernet = Fernet(key.encode())
    original = next(row for row in rows if row["name"] == "Secretive")
    assert fernet.decrypt(original["password_encrypted"].encode()).decode() == secrets["password"]
    assert fernet.decrypt(original["license_key_encrypted"].encode()).decode() == secrets["licenseKey"]
    assert fernet.decrypt(original["price_encrypted"].encode()).decode() == secrets["price"]
    if settings.is_sqlite:  # not in the file's bytes either (the write-ahead log included)
        for path in settings.data_dir.glob("aiproxy.db*"):
            assert b"Zq7xW" not in path.read_bytes(), path


# --- key rotation ------------------------------------------------------------------------------------------------


async def test_rotation_re_encrypts_every_secret_and_the_old_key_can_go(
    any_mode_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = generate_key(), generate_key()
    settings = any_mode_settings.replace(encryption_keys=(old,))
    expected: dict[str, dict[str, Any]] = {}
    async with serve(settings, worker=False) as running:
        api = running.api
        token = await api.user()
        for n in range(4):
            fields = {"password": f"pw-{n}", "price": f"{n}00 EUR"} if n % 2 else {"licenseKey": f"key-{n}"}
            item = await create_equipment(api, token, name=f"Item {n}", **fields)
            expected[item["id"]] = {"password": None, "licenseKey": None, "price": None, **fields}
        await create_equipment(api, token, name="No secrets")
        expected_tokens = 2 * 2 + 2 * 1
    before = {row["id"]: row for row in await stored(settings)}
    for row in before.values():
        for column in ("password_encrypted", "license_key_encrypted", "price_encrypted"):
            if row[column] is not None:
                with pytest.raises(InvalidToken):
                    Fernet(new.encode()).decrypt(row[column].encode())

    rotating = settings.replace(encryption_keys=(new, old))
    assert await rotate_keys(rotating) == 0
    said = capsys.readouterr().out
    assert f"equipment secrets: {expected_tokens} of {expected_tokens} re-encrypted" in said
    assert "older key(s) can go" in said
    after = {row["id"]: row for row in await stored(settings)}
    for row_id, row in after.items():
        for column in ("password_encrypted", "license_key_encrypted", "price_encrypted"):
            if before[row_id][column] is None:
                assert row[column] is None
                continue
            assert row[column] != before[row_id][column]
            assert Fernet(new.encode()).decrypt(row[column].encode()) == Fernet(old.encode()).decrypt(
                before[row_id][column].encode()
            )

    assert await rotate_keys(rotating) == 0  # nothing left to do
    assert f"equipment secrets: 0 of {expected_tokens} re-encrypted" in capsys.readouterr().out

    # The old key dropped: every secret still reads, and new ones are written under the new key.
    async with serve(settings.replace(encryption_keys=(new,)), worker=False) as running:
        api = running.api  # the same database and signing secret: the token still works
        for global_id, secrets in expected.items():
            assert await secrets_of(api, token, global_id) == secrets

    # A key that opens none of them: rotation says so and changes nothing; reading fails as a server fault.
    stranger = settings.replace(encryption_keys=(generate_key(),))
    assert await rotate_keys(stranger) == 1
    assert "opens with none of the encryption keys" in capsys.readouterr().err
    assert {row["id"]: row for row in await stored(settings)} == after
    async with serve(stranger, worker=False) as running:
        body = await running.api.raw(NODE, {"id": next(iter(expected))}, token)
        assert error_codes(body) == ["INTERNAL_SERVER_ERROR"]
        assert body["data"]["node"]["secrets"] is None


def test_generate_encryption_key_prints_a_fernet_key(capsys: pytest.CaptureFixture[str]) -> None:
    from api.manage import main

    assert main(["generate-encryption-key"]) == 0
    key = capsys.readouterr().out.strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"
    assert main(["generate-encryption-key"]) == 0
    assert capsys.readouterr().out.strip() != key


async def test_rotate_keys_from_the_command_line(embedded_settings: Settings) -> None:
    """`python -m api.manage rotate-keys` as an operator runs it, against the embedded default's key file."""
    async with serve(embedded_settings, worker=False) as running:
        token = await running.api.user()
        item = await create_equipment(running.api, token, password="from the first key")
    path = embedded_settings.data_dir / "encryption_keys"
    (old,) = path.read_text().split()
    new = generate_key()
    path.write_text(f"{new}\n{old}\n")  # the new key first, the old one after it
    env = {**os.environ, "DATA_DIR": str(embedded_settings.data_dir), "LOG_LEVEL": "WARNING"}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "api.manage", "rotate-keys"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "equipment secrets: 1 of 1 re-encrypted under the newest key" in done.stdout
    path.write_text(f"{new}\n")  # the old key dropped
    async with serve(embedded_settings, worker=False) as running:
        assert (await secrets_of(running.api, token, item["id"]))["password"] == "from the first key"
