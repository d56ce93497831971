"""Export and import of a user's data, only through GraphQL and the URLs it hands out, in both modes.

The archive travels as a user's would: `dataExportCreate`, follow `jobProgress`, GET the signed download
URL, declare it with `uploadCreate`, send the bytes to the returned URL, `dataImportCreate`.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io
import json
import os
import sqlite3
import time
import tracemalloc
import uuid
import zipfile
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from api import app as app_module
from domain.accounts.archive import ProfileArchive, profile_item
from domain.accounts.entities import User
from domain.data_transfer.archive import archive_bytes
from domain.prompt_templates.archive import PromptTemplatesArchive
from domain.sketches.archive import SketchesArchive, sketch_item
from domain.sketches.entities import Sketch, SketchWorkflow
from infra.areas import AREAS
from infra.container import build_container
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import (
    Api,
    create_sketch,
    create_upload,
    export,
    follow,
    http_client,
    import_archive,
    job_progress,
    run_import,
    start_export,
    upload,
)
from tests.support.notes import NotesArchive, notes_area
from workers import settings as worker_settings_module

TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}
MiB = 1024 * 1024
JOB = """id kind status progress message attempts error { code message }
    result { __typename
        ... on DataExport { downloadUrl expiresAt sizeBytes sha256 filename sketchCount promptTemplateCount }
        ... on DataImportResult { sketchesCreated sketchesSkipped promptTemplates } }"""
# The same jobs' results by section.
SECTIONS_JOB = """id status error { code message } result { __typename summary
    ... on DataExport { downloadUrl sections { name exported } }
    ... on DataImportResult { sections { name created skipped } } }"""
SECTIONS_BY_ID = f"query($id: ID!) {{ node(id: $id) {{ ... on Job {{ {SECTIONS_JOB} }} }} }}"


CORE_SECTIONS = ("profile", "sketches", "prompt_templates")


def core(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections these tests fill, in their order; every other registered area's section (each area adds one)
    must have moved nothing."""
    others = [s for s in sections if s["name"] not in CORE_SECTIONS]
    assert all(not any(v for k, v in s.items() if k != "name") for s in others), others
    return [s for s in sections if s["name"] in CORE_SECTIONS]


PROGRESS = job_progress(JOB)
JOB_BY_ID = f"query($id: ID!) {{ node(id: $id) {{ ... on Job {{ {JOB} }} }} }}"
IMPORT = """mutation($i: DataImportCreateInput!) { dataImportCreate(input: $i) {
    job { id status kind } userErrors { field code message } } }"""
UPLOAD = """mutation($i: UploadCreateInput!) { uploadCreate(input: $i) {
    upload { id filename contentType sizeBytes sha256 url method headers { name value } expiresAt }
    userErrors { field code message } } }"""
SKETCH_FIELDS = """title lyrics prompt tags descriptionLong descriptionShort descriptionTags info workflow
    createdAt updatedAt"""
ALL_SKETCHES = f"""{{ sketches(first: 100, filter: {{ workflow: [DRAFT, USED, ARCHIVED] }}) {{
    totalCount nodes {{ {SKETCH_FIELDS} }} }} }}"""
TEMPLATE = """query($c: String!, $a: String!) { promptTemplate(category: $c, action: $a) {
    preCondition postCondition description version model temperature maxTokens active isModified } }"""

SKETCHES = [
    {
        "title": "Grüße aus Köln 🎵",
        "lyrics": "Erste Zeile — „Anführung“\n二行目の歌詞\n\tEingerückt",
        "prompt": "lo-fi, Regen am Fenster, 日本語",
        "tags": ["Rückkehr", "夜", "chill"],
        "descriptionLong": "Ein langer Text über Ümlaute, Emoji 🎧 und\nZeilenumbrüche.",
        "descriptionShort": "Kurz & ßüß",
        "descriptionTags": ["ambient", "Größe"],
        "info": "BPM 84 · Tonart a-Moll",
        "workflow": "DRAFT",
    },
    {"title": "Used one", "prompt": "synthwave", "tags": ["retro"], "workflow": "USED"},
    {
        "title": "Archived ✝",
        "lyrics": "old lyrics",
        "prompt": "punk rock",
        "descriptionShort": "gone",
        "workflow": "ARCHIVED",
    },
    {"prompt": "only a prompt"},
]
TEMPLATE_KEY = {"c": "description", "a": "generate-long"}
TEMPLATE_EDIT = {
    "category": "description",
    "action": "generate-long",
    "preCondition": "Schreibe eine lange Beschreibung – mit Gefühl ✨",
    "description": "Meine Version (bearbeitet)",
    "temperature": 0.4,
    "maxTokens": 777,
}


async def download(url: str) -> bytes:
    async with http_client() as http:
        response = await http.get(url)
    assert response.status_code == 200, response.text
    return response.content


async def all_sketches(api: Api, token: str) -> tuple[int, list[dict[str, Any]]]:
    connection = (await api.data(ALL_SKETCHES, token=token))["sketches"]
    return connection["totalCount"], sorted(connection["nodes"], key=lambda s: s["prompt"])


async def test_export_then_import_restores_everything_once(stack: Running) -> None:
    api = stack.api
    alice = await api.user(artistName="Zoë & the Ümlauts")
    for fields in SKETCHES:
        await create_sketch(api, alice, select="id", **fields)
    await api.mutate(
        "promptTemplateUpdate",
        """mutation($i: PromptTemplateUpdateInput!) { promptTemplateUpdate(input: $i) {
            promptTemplate { version } userErrors { field code message } } }""",
        {"i": TEMPLATE_EDIT},
        alice,
    )
    alice_count, alice_sketches = await all_sketches(api, alice)
    assert alice_count == len(SKETCHES)
    alice_template = (await api.data(TEMPLATE, TEMPLATE_KEY, alice))["promptTemplate"]
    assert alice_template["isModified"] is True

    # Export: the job streams to SUCCEEDED and its result points at the archive.
    started = await start_export(api, alice, select="id kind")
    assert started["kind"] == "DATA_EXPORT"
    export_id = started["id"]
    job = (await follow(api, PROGRESS, {"id": export_id}, alice))[-1]
    assert job["status"] == "SUCCEEDED" and job["progress"] == 1.0 and job["error"] is None
    result = job["result"]
    assert result["__typename"] == "DataExport"
    assert result["sketchCount"] == len(SKETCHES) and result["promptTemplateCount"] == 1
    assert result["filename"].startswith("aiproxy-export-") and result["filename"].endswith(".zip")
    assert result["expiresAt"]
    again = (await api.data(JOB_BY_ID, {"id": export_id}, alice))["node"]
    assert again["status"] == "SUCCEEDED" and again["result"]["sha256"] == result["sha256"]
    by_section = (await api.data(SECTIONS_BY_ID, {"id": export_id}, alice))["node"]["result"]
    assert core(by_section["sections"]) == [
        {"name": "profile", "exported": 1},
        {"name": "sketches", "exported": len(SKETCHES)},
        {"name": "prompt_templates", "exported": 1},
    ]
    # Each registered area names its part after these (with 0 here).
    assert by_section["summary"].startswith(f"Exported 1 profile, {len(SKETCHES)} sketches, 1 prompt templates")

    archive = await download(result["downloadUrl"])
    assert str(len(archive)) == result["sizeBytes"]  # a BigInt: a string of digits
    assert hashlib.sha256(archive).hexdigest() == result["sha256"]

    # Bob (registered by the admin Alice) cannot see Alice's export.
    bob = await api.user(admin_token=alice)
    assert (await api.data(JOB_BY_ID, {"id": export_id}, bob))["node"] is None
    bob_jobs = (await api.data("{ jobs(first: 100) { totalCount nodes { id } } }", token=bob))["jobs"]
    assert bob_jobs == {"totalCount": 0, "nodes": []}

    # Import into Bob's account.
    created, response = await upload(api, bob, archive)
    assert response is not None and response.status_code in (200, 201, 204), response.text
    imported = await run_import(api, bob, created["id"], select=JOB)
    assert imported["status"] == "SUCCEEDED", imported
    assert imported["result"] == {
        "__typename": "DataImportResult",
        "sketchesCreated": len(SKETCHES),
        "sketchesSkipped": 0,
        "promptTemplates": 1,
    }
    by_section = (await api.data(SECTIONS_BY_ID, {"id": imported["id"]}, bob))["node"]["result"]
    assert core(by_section["sections"]) == [
        {"name": "profile", "created": 1, "skipped": 0},  # an empty name was filled in
        {"name": "sketches", "created": len(SKETCHES), "skipped": 0},
        {"name": "prompt_templates", "created": 1, "skipped": 0},
    ]
    bob_count, bob_sketches = await all_sketches(api, bob)
    assert bob_count == len(SKETCHES)
    assert bob_sketches == alice_sketches  # every field, timestamps included, archived one too
    default_list = (await api.data("{ sketches { totalCount nodes { workflow } } }", token=bob))["sketches"]
    assert default_list["totalCount"] == len(SKETCHES) - 1
    assert "ARCHIVED" not in {s["workflow"] for s in default_list["nodes"]}
    assert (await api.data(TEMPLATE, TEMPLATE_KEY, bob))["promptTemplate"] == alice_template
    viewer = (await api.data("{ viewer { artistName } }", token=bob))["viewer"]
    assert viewer["artistName"] == "Zoë & the Ümlauts"  # an empty profile field is filled in

    # The same archive again creates nothing twice.
    second = await run_import(api, bob, created["id"], select=JOB)
    assert second["status"] == "SUCCEEDED", second
    assert second["result"]["sketchesCreated"] == 0
    assert second["result"]["sketchesSkipped"] == len(SKETCHES)
    assert second["result"]["promptTemplates"] == 0
    by_section = (await api.data(SECTIONS_BY_ID, {"id": second["id"]}, bob))["node"]["result"]
    assert core(by_section["sections"]) == [
        {"name": "profile", "created": 0, "skipped": 1},
        {"name": "sketches", "created": 0, "skipped": len(SKETCHES)},
        {"name": "prompt_templates", "created": 0, "skipped": 1},
    ]
    assert by_section["summary"].startswith("Imported 0 profile, 0 sketches, 0 prompt templates")
    assert by_section["summary"].endswith(f" ({len(SKETCHES) + 2} already there).")
    assert await all_sketches(api, bob) == (bob_count, bob_sketches)
    # And a fresh upload of the same bytes neither.
    third = await import_archive(api, bob, archive, select=JOB)
    assert third["status"] == "SUCCEEDED" and third["result"]["sketchesCreated"] == 0
    assert (await all_sketches(api, bob))[0] == len(SKETCHES)

    # Alice's own data is untouched by all of this.
    assert await all_sketches(api, alice) == (alice_count, alice_sketches)


async def test_import_refuses_missing_foreign_damaged_and_mismatched_uploads(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    await create_sketch(api, alice, select="id", prompt="alice's")
    archive = await download((await export(api, alice, select=JOB))["result"]["downloadUrl"])

    async def import_errors(token: str, upload_id: str) -> list[dict[str, Any]]:
        payload = (await api.data(IMPORT, {"i": {"uploadId": upload_id}}, token))["dataImportCreate"]
        assert payload["job"] is None
        return payload["userErrors"]

    # Declared but the bytes were never sent.
    never_sent, _ = await upload(api, bob, archive, send=False)
    [error] = await import_errors(bob, never_sent["id"])
    assert error["code"] == "INVALID" and error["field"] == ["input", "uploadId"]

    # Someone else's upload (sent and complete) does not exist for Bob.
    alices, response = await upload(api, alice, archive)
    assert response is not None and response.is_success
    [error] = await import_errors(bob, alices["id"])
    assert error["code"] == "NOT_FOUND" and error["field"] == ["input", "uploadId"]
    # Nor does an id that names no upload at all.
    [error] = await import_errors(bob, never_sent["id"][:-2] + "xx")
    assert error["code"] == "NOT_FOUND"

    # A correctly uploaded file that is not an export: the job fails as INVALID and imports nothing.
    garbage = os.urandom(2048)
    failed = await import_archive(api, bob, garbage, select=JOB)
    assert failed["status"] == "FAILED" and failed["result"] is None
    assert failed["error"]["code"] == "INVALID" and failed["error"]["message"]
    # A zip that is not an aiproxy export.
    truncated = await import_archive(api, bob, archive[: len(archive) // 2])
    assert truncated["status"] == "FAILED" and truncated["error"]["code"] == "INVALID"

    # Bytes that do not match the declared sha256 (same size) are refused, even when they are a readable
    # export: here the first entry's modification time in its local header is changed.
    assert archive[:4] == b"PK\x03\x04"
    tampered = archive[:10] + bytes([archive[10] ^ 0x01]) + archive[11:]
    assert len(tampered) == len(archive) and tampered != archive
    created, response = await upload(api, bob, tampered, declared=archive)
    assert response is not None
    if stack.settings.storage_backend == "local":
        assert response.status_code == 400, response.text  # the signed PUT checks the hash itself
        [error] = await import_errors(bob, created["id"])
        assert error["code"] == "INVALID" and error["field"] == ["input", "uploadId"]
    else:
        assert response.is_success, response.text  # a presigned S3 PUT cannot check it...
        refused = await run_import(api, bob, created["id"], select=JOB)  # ...so the import job does
        assert refused["status"] == "FAILED" and refused["error"]["code"] == "INVALID", refused
        assert "sha256" in refused["error"]["message"]

    assert (await all_sketches(api, bob))[0] == 0
    bob_template = (await api.data(TEMPLATE, TEMPLATE_KEY, bob))["promptTemplate"]
    assert bob_template["isModified"] is False


async def test_upload_create_validates_the_declaration(api: Api) -> None:
    token = await api.user()
    good = {"filename": "a.zip", "sizeBytes": 10, "sha256": "a" * 64, "contentType": "application/zip"}

    async def errors(**changes: Any) -> list[tuple[tuple[str, ...], str]]:
        payload = await create_upload(api, token, {**good, **changes})
        assert payload["upload"] is None
        return [(tuple(e["field"]), e["code"]) for e in payload["userErrors"]]

    assert await errors(sizeBytes=0) == [(("input", "sizeBytes"), "INVALID")]
    assert await errors(sizeBytes=-5) == [(("input", "sizeBytes"), "INVALID")]
    assert await errors(sizeBytes=2**31 - 1) == [(("input", "sizeBytes"), "TOO_LONG")]  # over UPLOAD_MAX_BYTES
    assert await errors(sha256="not-hex") == [(("input", "sha256"), "INVALID")]
    assert await errors(sha256="g" * 64) == [(("input", "sha256"), "INVALID")]
    assert await errors(sha256="a" * 63) == [(("input", "sha256"), "INVALID")]
    assert await errors(filename="") == [(("input", "filename"), "REQUIRED")]
    # A content type becomes a response header: line breaks anywhere in it are refused as the user's error.
    for content_type in ("text/plain\r\n;charset=x", "text/plain;\r\nX-Injected: 1"):
        assert await errors(contentType=content_type) == [(("input", "contentType"), "INVALID")]
    assert (await create_upload(api, token, {**good, "contentType": "text/plain; charset=utf-8"}))["userErrors"] == []
    assert await errors(filename="   ") == [(("input", "filename"), "REQUIRED")]
    assert sorted(await errors(filename="", sizeBytes=0, sha256="x")) == [
        (("input", "filename"), "REQUIRED"),
        (("input", "sha256"), "INVALID"),
        (("input", "sizeBytes"), "INVALID"),
    ]
    # Leaving the required filename out entirely is a request error.
    body = await api.raw(UPLOAD, {"i": {k: v for k, v in good.items() if k != "filename"}}, token)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # Unauthenticated callers get nothing.
    body = await api.raw(UPLOAD, {"i": good})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # A good declaration: upper-case hex is accepted and normalised, a path in the name is dropped.
    payload = await create_upload(api, token, {**good, "sha256": "AB" * 32, "filename": "../../etc/x.zip"})
    assert payload["userErrors"] == []
    assert payload["upload"]["sha256"] == "ab" * 32
    assert payload["upload"]["filename"] == "x.zip"
    assert payload["upload"]["method"] == "PUT"


def _with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return urlunsplit(parts._replace(query=urlencode(params)))


async def test_local_download_url_refuses_expired_and_tampered_links(embedded_settings: Settings) -> None:
    async with serve(embedded_settings.replace(signed_url_ttl_seconds=2)) as running:
        api = running.api
        token = await api.user()
        other = await api.user(admin_token=token)
        result = (await export(api, token, select=JOB))["result"]
        url = result["downloadUrl"]
        other_url = (await export(api, other, select=JOB))["result"]["downloadUrl"]

        async with http_client() as http:
            ok = await http.get(url)
            assert ok.status_code == 200 and str(len(ok.content)) == result["sizeBytes"]
            assert ok.headers["x-content-type-options"] == "nosniff"

            parts = urlsplit(url)
            params = dict(parse_qsl(parts.query))
            flipped = params["sig"][:-1] + ("0" if params["sig"][-1] != "0" else "1")
            other_path = urlsplit(other_url).path
            tampered = [
                _with_query(url, sig=flipped),
                _with_query(url, sig=None),
                _with_query(url, exp=str(int(params["exp"]) + 3600)),  # a later expiry is not what was signed
                _with_query(url, exp=None),
                _with_query(url, filename="evil.html"),
                url + "&sig=" + params["sig"],  # a repeated parameter is ambiguous
                urlunsplit(parts._replace(path=other_path)),  # a signature for one key opens no other
            ]
            for bad in tampered:
                response = await http.get(bad)
                assert response.status_code == 403, (bad, response.status_code, response.text)
                assert json.loads(response.text) == {"error": "invalid or expired signature"}

            # The same link, once it has expired.
            expires = int(params["exp"])
            await asyncio.sleep(max(0.0, expires - time.time()) + 0.2)
            expired = await http.get(url)
            assert expired.status_code == 403, expired.text


async def test_local_upload_url_refuses_tampered_or_oversized_bodies(api: Api) -> None:
    token = await api.user()
    body = b"hello, upload"
    created, _ = await upload(api, token, body, send=False)
    async with http_client() as http:
        too_long = await http.put(created["url"], content=body + b"!")
        assert too_long.status_code == 413
        bad_sig = await http.put(_with_query(created["url"], size=str(len(body) + 1)), content=body)
        assert bad_sig.status_code == 403
        ok = await http.put(created["url"], content=body)
        assert ok.status_code == 200
        assert ok.json()["sha256"] == hashlib.sha256(body).hexdigest()


# -- hostile, damaged and large archives (platform hardening, finding 8) -------------------------------

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
COUNT_ALL = "{ sketches(filter: { workflow: [DRAFT, USED, ARCHIVED] }) { totalCount } }"


def export_of(count: int, **user_fields: Any) -> bytes:
    """An export archive built directly with the archive module, as `dataExportCreate` would write it."""
    user = User(email="someone@example.com", password_hash="-", created_at=NOW, updated_at=NOW, **user_fields)
    sketches = [
        Sketch(
            user_id=user.id,
            prompt=f"prompt {i}",
            title=f"Song {i}",
            lyrics=f"line one of {i}\nline two",
            tags=["imported", f"t{i % 7}"],
            workflow=(SketchWorkflow.DRAFT, SketchWorkflow.USED, SketchWorkflow.ARCHIVED)[i % 3],
            created_at=NOW + timedelta(seconds=i),
            updated_at=NOW + timedelta(seconds=i),
        )
        for i in range(count)
    ]
    return archive_bytes(
        user.id,
        NOW,
        {
            ProfileArchive(): [profile_item(user)],
            SketchesArchive(): [sketch_item(s) for s in sketches],
            PromptTemplatesArchive(): [],
        },
    )


def recounted(section: str, count: int) -> Callable[[Any], Any]:
    """A change of the manifest: `section` holds `count` items."""

    def change(manifest: Any) -> Any:
        listed = [{**s, "count": count} if s["name"] == section else s for s in manifest["sections"]]
        return {**manifest, "sections": listed}

    return change


def rewritten(archive: bytes, name: str, change: Callable[[Any], Any]) -> bytes:
    """The archive with one JSON document changed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == name:
                data = json.dumps(change(json.loads(data)), ensure_ascii=False).encode()
            target.writestr(info.filename, data)
    return buffer.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """What finding 8 uploaded: an export whose sketches.json is 400 MB of blanks, about 408 KB zipped."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export_of(0))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "sketches.json":
                bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("sketches.json", "w") as document:
            document.write(b"[")
            blanks = b" " * (4 * MiB)
            for _ in range(100):
                document.write(blanks)
            document.write(b"]")
    return buffer.getvalue()


def declare_size(archive: bytes, name: str, size: int) -> bytes:
    """The archive with `name`'s uncompressed size in its central directory entry replaced: a lie."""
    at = archive.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(archive[at + 28 : at + 30], "little")
        if archive[at + 46 : at + 46 + name_length] == name.encode():
            return archive[: at + 24] + size.to_bytes(4, "little") + archive[at + 28 :]
        at = archive.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} is not in the archive")


async def uploaded(api: Api, token: str, body: bytes) -> str:
    created, response = await upload(api, token, body)
    assert response is not None and response.is_success, response and response.text
    return created["id"]


async def test_a_zip_bomb_fails_at_once_as_invalid_and_memory_stays_bounded(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    bomb = zip_bomb()
    assert len(bomb) < 450_000
    cases = [
        (bomb, "sketches.json expands to 400.0 MiB; at most 256 MiB is accepted."),
        # The same bomb declaring a harmless size: the bytes really produced are what counts.
        (declare_size(bomb, "sketches.json", 1000), "sketches.json is damaged (Bad CRC-32 for file 'sketches.json')."),
    ]
    for body, message in cases:
        upload_id = await uploaded(api, token, body)
        tracing = tracemalloc.is_tracing()
        if not tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        started = time.monotonic()
        try:
            # The job runs in this process in both modes (in-process queue, or the test's arq worker).
            failed = await run_import(api, token, upload_id, select=JOB)
            elapsed = time.monotonic() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            if not tracing:
                tracemalloc.stop()
        assert failed["status"] == "FAILED" and failed["result"] is None, failed
        assert failed["error"] == {"code": "INVALID", "message": message}
        assert failed["attempts"] == 1
        print(f"{message} after {elapsed:.2f} s, {peak / MiB:.1f} MiB allocated at the peak")
        assert elapsed < 5, elapsed
        assert peak < 32 * MiB, f"{peak / MiB:.1f} MiB"
    assert (await api.data(COUNT_ALL, token=token))["sketches"]["totalCount"] == 0


async def test_every_imported_field_passes_the_api_rules(stack: Running) -> None:
    api = stack.api
    token = await api.user(lastName="Mine")
    good = export_of(5, first_name="Imported")

    def sketch(n: int, **changes: Any) -> Callable[[Any], Any]:
        return lambda sketches: [{**s, **changes} if i == n - 1 else s for i, s in enumerate(sketches)]

    cases = [
        # SQLite stored this; PostgreSQL refused it at the final commit, leaving the job RUNNING until WORKER_LOST.
        (
            "profile.json",
            lambda p: [{**p[0], "first_name": {"a": 1}}],
            "Profile: first_name must be text, not an object.",
        ),
        (
            "profile.json",
            lambda p: [{**p[0], "first_name": "f" * 101}],
            "Profile: First name must be at most 100 characters.",
        ),
        ("profile.json", lambda p: [{**p[0], "language": "FR"}], "Profile: language must be one of EN, DE."),
        ("profile.json", lambda p: [{**p[0], "page_size": 500}], "Profile: Page size must be 5 to 100."),
        # SQLite accepted a 1 MB title (random, so that it does not compress like a bomb).
        (
            "sketches.json",
            sketch(3, title=os.urandom(500_000).hex()),
            "Sketch 3: Title must be at most 500 characters.",
        ),
        ("sketches.json", sketch(2, prompt="  "), "Sketch 2: Prompt is required."),
        ("sketches.json", sketch(4, lyrics="a\x00b"), "Sketch 4: lyrics contains a NUL character."),
        (
            "sketches.json",
            sketch(5, updated_at="2025-03-01T12:00:00"),
            "Sketch 5: updated_at must be an ISO 8601 date and time with a time zone.",
        ),
        (
            "prompt_templates.json",
            lambda _: [
                {"category": "mine", "action": "x", "pre_condition": "p", "post_condition": "q", "version": "1" * 11}
            ],
            "Prompt template 1 (mine/x): Version must be at most 10 characters.",
        ),
        (
            "prompt_templates.json",
            lambda _: [
                {"category": "mine", "action": "x", "pre_condition": "p", "post_condition": "q", "temperature": 3}
            ],
            "Prompt template 1 (mine/x): Temperature must be between 0 and 2.",
        ),
    ]
    for name, change, message in cases:
        body = rewritten(good, name, change)
        if name == "prompt_templates.json":
            body = rewritten(body, "manifest.json", recounted("prompt_templates", 1))
        failed = await run_import(api, token, await uploaded(api, token, body), select=JOB)
        assert failed["status"] == "FAILED", (message, failed)
        assert failed["error"] == {"code": "INVALID", "message": message}
        assert failed["attempts"] == 1  # refused at once: an invalid archive is not retried
    # Nothing of the refused archives was kept; the good one still imports, cleaned as the API cleans.
    assert (await api.data(COUNT_ALL, token=token))["sketches"]["totalCount"] == 0
    body = rewritten(good, "sketches.json", sketch(1, title="  Padded  ", tags=[" a ", "A", "b"]))
    done = await run_import(api, token, await uploaded(api, token, body), select=JOB)
    assert done["status"] == "SUCCEEDED" and done["result"]["sketchesCreated"] == 5, done
    titles = await api.data(
        "{ sketches(first: 100, filter: { workflow: [DRAFT, USED, ARCHIVED] }) { nodes { title tags } } }", token=token
    )
    assert {"title": "Padded", "tags": ["a", "b"]} in titles["sketches"]["nodes"]
    viewer = (await api.data("{ viewer { firstName lastName } }", token=token))["viewer"]
    assert viewer == {"firstName": "Imported", "lastName": "Mine"}


async def refuse_success_in_the_database(settings: Settings) -> None:
    """A trigger that makes the database itself refuse to record any job's success."""
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(url.database)) as db:
            db.execute(
                "CREATE TRIGGER refuse_success BEFORE UPDATE OF status ON jobs WHEN NEW.status = 'SUCCEEDED' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        return
    conn = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await conn.execute(
            "CREATE FUNCTION refuse_success() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
        )
        await conn.execute(
            "CREATE TRIGGER refuse_success BEFORE UPDATE ON jobs FOR EACH ROW "
            "WHEN (NEW.status = 'SUCCEEDED') EXECUTE FUNCTION refuse_success()"
        )
    finally:
        await conn.close()


async def test_a_failing_final_commit_ends_the_job_failed_at_once(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    upload_id = await uploaded(api, token, export_of(3))
    await refuse_success_in_the_database(stack.settings)
    started = time.monotonic()
    payload = await api.mutate("dataImportCreate", IMPORT, {"i": {"uploadId": upload_id}}, token)
    job_id = payload["job"]["id"]
    while (job := (await api.data(JOB_BY_ID, {"id": job_id}, token))["node"])["status"] not in TERMINAL:
        assert time.monotonic() - started < 10, f"the job is still {job['status']}"
        await asyncio.sleep(0.1)
    assert job["status"] == "FAILED" and job["attempts"] == 1 and job["result"] is None, job
    assert job["error"] == {"code": "INTERNAL", "message": "The job's results could not be saved."}
    assert "refused by the test" not in json.dumps(job)
    assert (await api.data(COUNT_ALL, token=token))["sketches"]["totalCount"] == 0  # its writes were dropped


async def test_progress_is_reported_as_sketches_are_restored(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    upload_id = await uploaded(api, token, export_of(2500))
    states = await follow_import(api, token, upload_id)
    assert states[-1]["status"] == "SUCCEEDED", states[-1]
    assert states[-1]["result"]["sketchesCreated"] == 2500
    messages = [s["message"] for s in states]
    restored = [m for m in messages if m.startswith("Restored ") and m.endswith(" sketches")]
    assert restored == [f"Restored {n} of 2500 sketches" for n in (1000, 2000, 2500)], messages
    assert "Checked 2500 of 2500 sketches" in messages
    progress = [s["progress"] for s in states]
    assert progress == sorted(progress) and len(set(progress)) >= 6, progress
    # The same archive again: every sketch is found already there, batch by batch.
    again = (await follow_import(api, token, upload_id))[-1]
    assert again["result"]["sketchesCreated"] == 0 and again["result"]["sketchesSkipped"] == 2500
    assert (await api.data(COUNT_ALL, token=token))["sketches"]["totalCount"] == 2500
    # The export reads them back a page at a time (keyset pages of 1000), every one once.
    archive = await download((await export(api, token, select=JOB))["result"]["downloadUrl"])
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        ids = [item["id"] for item in json.loads(opened.read("sketches.json"))]
    assert len(ids) == len(set(ids)) == 2500


async def follow_import(api: Api, token: str, upload_id: str) -> list[dict[str, Any]]:
    payload = await api.mutate("dataImportCreate", IMPORT, {"i": {"uploadId": upload_id}}, token)
    return await follow(api, job_progress(JOB), {"id": payload["job"]["id"]}, token, timeout=120)


@pytest.mark.slow
async def test_an_export_of_32500_sketches_imports_in_both_modes(stack: Running) -> None:
    # PostgreSQL refused 24 000 and more: one IN clause of every id exceeded its 32 767 bind parameters. On
    # SQLite a heartbeat waited for the import's write lock while the job waited for the heartbeat (30 s).
    api = stack.api
    token = await api.user()
    body = export_of(32_500)
    upload_id = await uploaded(api, token, body)
    started = time.monotonic()
    done = (await follow_import(api, token, upload_id))[-1]
    elapsed = time.monotonic() - started
    assert done["status"] == "SUCCEEDED", done
    assert done["result"] == {
        "__typename": "DataImportResult",
        "sketchesCreated": 32_500,
        "sketchesSkipped": 0,
        "promptTemplates": 0,
    }
    mode = "SQLite" if stack.settings.is_sqlite else "PostgreSQL"
    print(f"{mode}: 32 500 sketches ({len(body) / MiB:.1f} MiB zipped) imported in {elapsed:.1f} s")
    # About 11 s on a quiet machine; the bound catches the 30 s lock wait of old with room for a loaded one.
    assert elapsed < 35, elapsed
    assert (await api.data(COUNT_ALL, token=token))["sketches"]["totalCount"] == 32_500
    started = time.monotonic()
    again = (await follow_import(api, token, upload_id))[-1]
    assert again["status"] == "SUCCEEDED" and again["result"]["sketchesSkipped"] == 32_500, again
    print(f"{mode}: and found already there in {time.monotonic() - started:.1f} s")


# -- sections: the archive is extensible by registration -----------------------------------------------

FIXTURES = Path(__file__).parent.parent / "fixtures"


async def test_an_archive_written_before_sections_imports_in_both_modes(stack: Running) -> None:
    # tests/fixtures/export-format-1.zip was written by the format-1 code (profile.json one object, manifest
    # "counts"): such archives, downloaded before the change, still import.
    api = stack.api
    token = await api.user(firstName="Mine")
    archive = (FIXTURES / "export-format-1.zip").read_bytes()
    done = await import_archive(api, token, archive, select=SECTIONS_JOB)
    assert done["status"] == "SUCCEEDED", done
    assert done["result"]["sections"] == [
        {"name": "profile", "created": 1, "skipped": 0},
        {"name": "sketches", "created": 3, "skipped": 0},
        {"name": "prompt_templates", "created": 1, "skipped": 0},
    ]
    count, sketches = await all_sketches(api, token)
    assert count == 3
    assert [(s["title"], s["workflow"]) for s in sketches] == [
        ("Grüße aus Köln 🎵", "DRAFT"),
        ("Archived ✝", "ARCHIVED"),
        ("Used one", "USED"),
    ]
    assert sketches[0]["tags"] == ["Rückkehr", "夜"] and sketches[0]["createdAt"].startswith("2025-03-01T12:00:00")
    template = (await api.data(TEMPLATE, TEMPLATE_KEY, token))["promptTemplate"]
    assert template["maxTokens"] == 777 and template["version"] == "1.1" and template["isModified"] is True
    viewer = (await api.data("{ viewer { firstName artistName language } }", token=token))["viewer"]
    assert viewer == {"firstName": "Mine", "artistName": "Zoë & the Ümlauts", "language": "EN"}  # only empty ones
    again = await import_archive(api, token, archive, select=JOB)
    assert again["result"]["sketchesCreated"] == 0 and again["result"]["sketchesSkipped"] == 3
    assert (await all_sketches(api, token))[0] == 3


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> NotesArchive:
    """A test-only area registering an archive section, added to the areas the API and the worker build from."""
    section = NotesArchive()
    with_notes = functools.partial(build_container, areas=(*AREAS, notes_area(section)))
    monkeypatch.setattr(app_module, "build_container", with_notes)
    monkeypatch.setattr(worker_settings_module, "build_container", with_notes)
    return section


@pytest.fixture(params=["embedded", "production"])
async def notes_stack(request: pytest.FixtureRequest, notes: NotesArchive) -> AsyncIterator[Running]:
    settings = request.getfixturevalue(f"{request.param}_settings")
    async with serve(settings) as running:
        yield running


def notes_archive(section: NotesArchive, *texts: str) -> bytes:
    notes = [{"id": str(uuid.UUID(int=n + 1)), "text": text} for n, text in enumerate(texts)]
    return archive_bytes(uuid.uuid4(), NOW, {section: notes})


async def test_a_section_an_area_registers_travels_through_export_and_import(
    notes_stack: Running, notes: NotesArchive
) -> None:
    api = notes_stack.api
    alice = await api.user()
    bob = await api.user(admin_token=alice)

    # An archive holding nothing but notes: the sections it lacks are fine.
    seeded = await import_archive(api, alice, notes_archive(notes, "one", "two", "three"), select=SECTIONS_JOB)
    assert seeded["status"] == "SUCCEEDED", seeded
    assert seeded["result"]["sections"] == [{"name": "notes", "created": 3, "skipped": 0}]
    [alice_notes] = notes.store.values()
    assert sorted(alice_notes.values()) == ["one", "three", "two"]

    # The export writes the area's section next to the others (in batches of two: see NotesArchive).
    exported = await export(api, alice, select=SECTIONS_JOB)
    assert exported["result"]["sections"][-1] == {"name": "notes", "exported": 3}  # registered last
    assert core(exported["result"]["sections"][:-1]) == [
        {"name": "profile", "exported": 1},
        {"name": "sketches", "exported": 0},
        {"name": "prompt_templates", "exported": 0},
    ]
    archive = await download(exported["result"]["downloadUrl"])
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert len(json.loads(opened.read("notes.json"))) == 3
        assert {"name": "notes", "version": 2, "count": 3} in json.loads(opened.read("manifest.json"))["sections"]

    # Bob imports it; again, nothing is created twice.
    created, response = await upload(api, bob, archive)
    assert response is not None and response.is_success
    first = await run_import(api, bob, created["id"], select=SECTIONS_JOB)
    assert first["status"] == "SUCCEEDED", first
    assert first["result"]["sections"][-1] == {"name": "notes", "created": 3, "skipped": 0}
    second = await run_import(api, bob, created["id"], select=SECTIONS_JOB)
    assert second["result"]["sections"][-1] == {"name": "notes", "created": 0, "skipped": 3}
    assert len(notes.store) == 2 and all(mine == alice_notes for mine in notes.store.values())

    # The area's own rules refuse a bad note before anything is written, naming it.
    carol = await api.user(admin_token=alice)
    bad = rewritten(archive, "notes.json", lambda items: [*items[:1], {**items[1], "text": "x" * 201}, *items[2:]])
    failed = await import_archive(api, carol, bad, select=JOB)
    assert failed["status"] == "FAILED" and failed["attempts"] == 1, failed
    assert failed["error"] == {"code": "INVALID", "message": "Note 2: Text must be at most 200 characters."}
    assert len(notes.store) == 2
    assert (await api.data("{ viewer { artistName } }", token=carol))["viewer"]["artistName"] is None


async def test_a_section_the_server_does_not_register_is_refused(api: Api) -> None:
    token = await api.user()
    body = archive_bytes(
        uuid.uuid4(), NOW, {SketchesArchive(): [], NotesArchive(): [{"id": str(uuid.uuid4()), "text": "hi"}]}
    )
    failed = await import_archive(api, token, body, select=JOB)
    assert failed["status"] == "FAILED" and failed["result"] is None, failed
    assert failed["error"] == {
        "code": "INVALID",
        "message": "The archive holds notes.json, a section this server does not know (an export from a newer "
        "aiproxy?); nothing was imported.",
    }
