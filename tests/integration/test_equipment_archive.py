"""Equipment through export and import, in both modes: the secrets travel only with a passphrase, encrypted with
it; without one they are left out and the import says so; a wrong passphrase fails the import before anything is
written; the passphrase itself is never kept."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from api.manage import rotate_keys
from infra.security.encryption import generate_key
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration.cases.equipment import EQUIPMENT_FIELDS, SECRETS, create_equipment
from tests.support import ERRORS, Api, follow, http_client, job_progress, upload

EXPORT = f"""mutation($i: DataExportCreateInput) {{ dataExportCreate(input: $i) {{ job {{ id }} {ERRORS} }} }}"""
IMPORT = f"""mutation($i: DataImportCreateInput!) {{ dataImportCreate(input: $i) {{ job {{ id }} {ERRORS} }} }}"""
JOB = """id status error { code message } result { __typename summary
    ... on DataExport { downloadUrl secretsIncluded sections { name exported secretsLeftOut } }
    ... on DataImportResult { secrets notices sections { name created skipped secretsLeftOut } } }"""
ALL = f"{{ equipment(first: 100) {{ totalCount nodes {{ {EQUIPMENT_FIELDS} }} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Equipment {{ name {SECRETS} }} }} }}"
PASSPHRASE = "Kölner Dom bei Nacht, 1248"

ITEMS = [
    {
        "type": "PLUGIN",
        "name": "Serum",
        "manufacturer": "Xfer Records",
        "pluginTags": ["synth"],
        "licenseManagement": "LICENSE_KEY",
        "licenseKey": "SERUM-Qx81-K3Y",
        "password": "  pw with spaces ",
        "price": "189.00 USD",
        "purchaseDate": "2023-11-24",
        "status": "ACTIVE",
    },
    {
        "type": "SOFTWARE",
        "name": "Cubase Pro",
        "licenseManagement": "OTHER",
        "licenseDescription": "USB dongle, the old one",
        "username": "me@example.com",
        "password": "dongle-pw-Qx81",
        "status": "EXPIRED",
    },
    {"type": "SOFTWARE", "name": "Audacity", "url": "https://www.audacityteam.org", "status": "ARCHIVED"},
]
PLAINTEXTS = ("SERUM-Qx81-K3Y", "pw with spaces", "189.00 USD", "dongle-pw-Qx81")


async def run(api: Api, token: str, name: str, document: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Start an export or import and follow its job to the end: the job's final state."""
    payload = await api.mutate(name, document, {"i": fields}, token)
    return (await follow(api, job_progress(JOB), {"id": payload["job"]["id"]}, token))[-1]


async def export(api: Api, token: str, passphrase: str | None = None) -> tuple[dict[str, Any], bytes]:
    job = await run(api, token, "dataExportCreate", EXPORT, {"passphrase": passphrase} if passphrase else {})
    assert job["status"] == "SUCCEEDED", job
    async with http_client() as http:
        response = await http.get(job["result"]["downloadUrl"])
    assert response.status_code == 200
    return job["result"], response.content


async def import_(api: Api, token: str, archive: bytes, passphrase: str | None = None) -> dict[str, Any]:
    created, response = await upload(api, token, archive)
    assert response is not None and response.status_code in (200, 201, 204)
    fields = {"uploadId": created["id"], **({"passphrase": passphrase} if passphrase is not None else {})}
    return await run(api, token, "dataImportCreate", IMPORT, fields)


def section(sections: list[dict[str, Any]], name: str = "equipment") -> dict[str, Any]:
    return next(s for s in sections if s["name"] == name)


def documents(archive: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return json.loads(opened.read("manifest.json")), json.loads(opened.read("equipment.json"))


async def everything(api: Api, token: str) -> list[dict[str, Any]]:
    """The user's equipment, each with its secrets, by name (ids and times aside)."""
    nodes = (await api.data(ALL, token=token))["equipment"]["nodes"]
    found = []
    for item in nodes:
        secrets = (await api.data(NODE, {"id": item["id"]}, token))["node"]["secrets"]
        found.append({**{k: v for k, v in item.items() if k != "id"}, "secrets": secrets})
    return sorted(found, key=lambda i: i["name"])


async def stored_text(settings: Settings) -> str:
    """Every row of the equipment and jobs tables, as text."""
    engine = create_async_engine(settings.effective_database_url)
    try:
        async with engine.connect() as connection:
            rows = [
                *(await connection.execute(text("SELECT * FROM equipment"))).all(),
                *(await connection.execute(text("SELECT * FROM jobs"))).all(),
            ]
    finally:
        await engine.dispose()
    return "\n".join(str(tuple(row)) for row in rows)


async def test_without_a_passphrase_the_secrets_stay_home_and_the_import_says_so(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    for fields in ITEMS:
        await create_equipment(api, alice, **fields)
    result, archive = await export(api, alice)
    assert result["secretsIncluded"] is False
    assert section(result["sections"]) == {"name": "equipment", "exported": 3, "secretsLeftOut": 2}
    manifest, items = documents(archive)
    assert "secrets" not in manifest
    assert sorted((i["name"], i.get("secrets_left_out")) for i in items) == [
        ("Audacity", None),
        ("Cubase Pro", ["password"]),
        ("Serum", ["password", "license_key", "price"]),
    ]
    assert not any("secrets" in i for i in items)
    assert not any(p.encode() in archive for p in PLAINTEXTS)

    bob = await api.user(admin_token=alice)
    for passphrase in (None, PASSPHRASE):  # a passphrase does not bring back what the archive never held
        carol = await api.user(admin_token=alice)
        job = await import_(api, carol, archive, passphrase)
        assert job["status"] == "SUCCEEDED", job
        imported = job["result"]
        assert section(imported["sections"]) == {"name": "equipment", "created": 3, "skipped": 0, "secretsLeftOut": 2}
        assert imported["secrets"] == "NOT_IN_ARCHIVE"
        assert imported["notices"] == [
            "Secrets left out (2 equipment): the archive was exported without a passphrase, so it holds none."
        ]
        assert imported["summary"].endswith(imported["notices"][0])
        theirs = await everything(api, carol)
        mine = await everything(api, alice)
        assert [i["secrets"] for i in theirs] == [{"password": None, "licenseKey": None, "price": None}] * 3
        drop = ("secrets", "hasPassword", "hasLicenseKey", "hasPrice")
        assert [{k: v for k, v in i.items() if k not in drop} for i in theirs] == [
            {k: v for k, v in i.items() if k not in drop} for i in mine
        ]

    again = await import_(api, bob, archive)
    assert section(again["result"]["sections"])["created"] == 3
    twice = await import_(api, bob, archive)
    assert section(twice["result"]["sections"]) == {
        "name": "equipment",
        "created": 0,
        "skipped": 3,
        "secretsLeftOut": 0,
    }
    assert twice["result"]["secrets"] == "NONE" and twice["result"]["notices"] == []


async def test_with_a_passphrase_the_secrets_travel_encrypted_with_it(stack: Running) -> None:
    api, settings = stack.api, stack.settings
    alice = await api.user()
    for fields in ITEMS:
        await create_equipment(api, alice, **fields)
    mine = await everything(api, alice)

    refused = await api.payload("dataExportCreate", EXPORT, {"i": {"passphrase": "short"}}, alice)
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "passphrase"], "TOO_SHORT")]
    result, archive = await export(api, alice, PASSPHRASE)
    assert result["secretsIncluded"] is True
    assert section(result["sections"]) == {"name": "equipment", "exported": 3, "secretsLeftOut": 0}
    assert result["summary"].endswith(", with the secrets.")
    manifest, items = documents(archive)
    assert manifest["secrets"]["kdf"] == "scrypt" and len(manifest["secrets"]["salt"]) >= 20
    serum = next(i for i in items if i["name"] == "Serum")
    assert sorted(serum["secrets"]) == ["license_key", "password", "price"]
    assert not any(p.encode() in archive for p in PLAINTEXTS)
    assert PASSPHRASE.encode() not in archive
    # Not the server's tokens either: they open with the passphrase's key, not the server's.
    stored = await stored_text(settings)
    assert not any(token in stored for token in serum["secrets"].values())

    # A wrong passphrase: the job fails before anything is written.
    bob = await api.user(admin_token=alice)
    wrong = await import_(api, bob, archive, "Kölner Dom bei Tag, 1248")
    assert wrong["status"] == "FAILED" and wrong["error"]["code"] == "WRONG_PASSPHRASE"
    assert "passphrase does not open" in wrong["error"]["message"]
    assert (await api.data(ALL, token=bob))["equipment"]["totalCount"] == 0

    # The right one: everything back, secrets and all.
    right = await import_(api, bob, archive, PASSPHRASE)
    assert right["status"] == "SUCCEEDED", right
    assert right["result"]["secrets"] == "RESTORED" and right["result"]["notices"] == []
    assert section(right["result"]["sections"]) == {
        "name": "equipment",
        "created": 3,
        "skipped": 0,
        "secretsLeftOut": 0,
    }
    assert await everything(api, bob) == mine

    # None given: the rest comes, the secrets are left out, and the result says why.
    carol = await api.user(admin_token=alice)
    without = await import_(api, carol, archive)
    assert without["result"]["secrets"] == "NO_PASSPHRASE"
    assert section(without["result"]["sections"])["secretsLeftOut"] == 2
    assert "no passphrase was given" in without["result"]["notices"][0]
    assert [i["secrets"]["password"] for i in await everything(api, carol)] == [None, None, None]

    # The passphrase was never kept: no job row holds it, encrypted or not, once its job has started.
    stored = await stored_text(settings)
    assert PASSPHRASE not in stored and "Kölner" not in stored
    engine = create_async_engine(settings.effective_database_url)
    try:
        async with engine.connect() as connection:
            payloads = (await connection.execute(text("SELECT payload FROM jobs"))).scalars().all()
    finally:
        await engine.dispose()
    assert payloads and all("passphrase" not in (p if isinstance(p, dict) else json.loads(p)) for p in payloads)


async def test_a_waiting_export_keeps_its_passphrase_through_a_key_rotation(
    production_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """rotate-keys re-encrypts the passphrase a queued export holds; with the old key dropped, the job still runs."""
    old, new = generate_key(), generate_key()
    settings = production_settings.replace(encryption_keys=(old,))
    async with serve(settings, worker=False) as running:  # no worker: the job waits
        api = running.api
        alice = await api.user()
        await create_equipment(api, alice, **ITEMS[0])
        job_id = (await api.mutate("dataExportCreate", EXPORT, {"i": {"passphrase": PASSPHRASE}}, alice))["job"]["id"]
    assert await rotate_keys(settings.replace(encryption_keys=(new, old))) == 0
    said = capsys.readouterr().out
    assert "equipment secrets: 3 of 3 re-encrypted" in said
    assert "passphrases of waiting exports and imports: 1 of 1 re-encrypted" in said
    async with serve(settings.replace(encryption_keys=(new,))) as running:
        api = running.api
        final = (await follow(api, job_progress(JOB), {"id": job_id}, alice))[-1]
        assert final["status"] == "SUCCEEDED", final
        assert final["result"]["secretsIncluded"] is True
        bob = await api.user(admin_token=alice)
        async with http_client() as http:
            archive = (await http.get(final["result"]["downloadUrl"])).content
        restored = await import_(api, bob, archive, PASSPHRASE)
        assert restored["result"]["secrets"] == "RESTORED"
        assert [i["secrets"]["licenseKey"] for i in await everything(api, bob)] == ["SERUM-Qx81-K3Y"]
