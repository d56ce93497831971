"""Projects over the real API in both modes: projects with their folders, files sent straight to storage through
signed URLs (one PUT or resumable parts), replaced on re-upload, downloaded byte for byte and by range, moved,
renamed and deleted with exact stats; path rules; ownership of every node; signed URLs that expire or are
tampered with."""

from __future__ import annotations

import hashlib
import os

from tests.conftest import Running
from tests.integration.cases.projects import (
    FILE_FIELDS,
    PROJECT,
    complete,
    create_project,
    folder_of,
    of_bytes,
    parts_of,
    put_file,
    send_parts,
    start_upload,
)
from tests.support import ERRORS, Api
from tests.support.client import http_client

MiB = 1024 * 1024
FILE = f"query($id: ID!) {{ node(id: $id) {{ ... on ProjectFile {{ {FILE_FIELDS} }} }} }}"
FILES = """query($id: ID!) { node(id: $id) { ... on ProjectFolder { files(first: 100) { totalCount
    nodes { id relativePath sizeBytes sha256 } } } } }"""
MOVE = (
    f"""mutation($i: ProjectFileMoveInput!) {{ projectFileMove(input: $i) {{ file {{ {FILE_FIELDS} }} {ERRORS} }} }}"""
)
DELETE = f"""mutation($i: ProjectFileIdInput!) {{ projectFileDelete(input: $i) {{ deletedFileId {ERRORS} }} }}"""
BULK = f"""mutation($i: ProjectFileBulkDeleteInput!) {{ projectFileBulkDelete(input: $i) {{
    results {{ id deleted error {{ code message }} }} deletedCount {ERRORS} }} }}"""


async def stats(api: Api, token: str, project_id: str) -> tuple[int, int]:
    project = (await api.data(PROJECT, {"id": project_id}, token))["node"]
    return project["totalFiles"], int(project["totalSizeBytes"])


async def download(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    async with http_client() as client:
        response = await client.get(url, headers=headers or {})
    return response.status_code, response.content, dict(response.headers)


async def test_a_project_starts_with_the_ten_default_folders(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    project = await create_project(api, token, name="  Café Müller  ", tags=["synthwave", "Synthwave", " "])
    assert project["name"] == "Café Müller" and project["tags"] == ["synthwave"]
    assert [f["name"] for f in project["folders"]] == [
        "01 Arrangement",
        "02 AI",
        "03 Pictures",
        "04 Vocal",
        "05 Stems",
        "06 Mix",
        "07 Master",
        "08 Promotion",
        "09 Release",
        "10 Archive",
    ]
    assert [f["kind"] for f in project["folders"]][:3] == ["ARRANGEMENT", "AI", "PICTURES"]
    assert project["folders"][4]["icon"] == "fa-layer-group"
    assert (project["totalFiles"], project["totalSizeBytes"]) == (0, "0")


async def test_files_upload_replace_download_move_and_delete_with_exact_stats(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    project = await create_project(api, token)
    project_id = project["id"]
    first, stems = project["folders"][0]["id"], project["folders"][4]["id"]

    small = b"kick drum " * 100
    kick = await put_file(api, token, stems, "Drums\\Kick.wav", small)
    assert kick["relativePath"] == "Drums/Kick.wav" and kick["filename"] == "Kick.wav"
    assert kick["fileType"] == "AUDIO" and kick["contentType"] in ("audio/wav", "audio/x-wav")
    assert (kick["sizeBytes"], kick["sha256"]) == (str(len(small)), hashlib.sha256(small).hexdigest())
    status, body, _ = await download(kick["downloadUrl"])
    assert (status, body) == (200, small)
    assert await stats(api, token, project_id) == (1, len(small))

    # The same path again replaces the file: one row, new bytes, stats moved by the difference.
    again = b"a louder kick" * 300
    replaced = await put_file(api, token, stems, "Drums/Kick.wav", again)
    assert replaced["id"] == kick["id"] and replaced["sha256"] == hashlib.sha256(again).hexdigest()
    listed = (await api.data(FILES, {"id": stems}, token))["node"]["files"]
    assert listed["totalCount"] == 1 and listed["nodes"][0]["sizeBytes"] == str(len(again))
    assert await stats(api, token, project_id) == (1, len(again))
    status, body, _ = await download(replaced["downloadUrl"])
    assert body == again
    # The old bytes are gone from storage once the replacement committed: their URL no longer serves them.
    status, _, _ = await download(kick["downloadUrl"])
    assert status in (403, 404)

    # Byte ranges, as an audio player asks.
    status, body, headers = await download(replaced["downloadUrl"], {"Range": "bytes=10-19"})
    assert (status, body) == (206, again[10:20])
    assert headers["content-range"] == f"bytes 10-19/{len(again)}"

    # Move within the project (another folder, a new name): nothing moves in storage, the bytes stay the same.
    moved = await api.mutate(
        "projectFileMove", MOVE, {"i": {"id": kick["id"], "folderId": first, "relativePath": "Old/Kick v1.wav"}}, token
    )
    assert moved["file"]["folder"]["id"] == first and moved["file"]["relativePath"] == "Old/Kick v1.wav"
    status, body, _ = await download(moved["file"]["downloadUrl"])
    assert body == again
    assert await stats(api, token, project_id) == (1, len(again))

    other = await put_file(api, token, first, "Notes.txt", b"notes")
    clash = await api.payload(
        "projectFileMove", MOVE, {"i": {"id": other["id"], "relativePath": "Old/Kick v1.wav"}}, token
    )
    assert [(e["field"], e["code"]) for e in clash["userErrors"]] == [(["input", "relativePath"], "CONFLICT")]
    assert await stats(api, token, project_id) == (2, len(again) + 5)

    deleted = await api.mutate("projectFileDelete", DELETE, {"i": {"id": other["id"]}}, token)
    assert deleted["deletedFileId"] == other["id"]
    assert await stats(api, token, project_id) == (1, len(again))
    assert (await api.data(FILE, {"id": other["id"]}, token))["node"] is None

    third = await put_file(api, token, first, "c.txt", b"ccc")
    bulk = await api.mutate(
        "projectFileBulkDelete", BULK, {"i": {"ids": [kick["id"], "garbage", third["id"], kick["id"]]}}, token
    )
    assert [r["deleted"] for r in bulk["results"]] == [True, False, True, False]
    assert [r["error"]["code"] for r in bulk["results"] if r["error"]] == ["NOT_FOUND", "NOT_FOUND"]
    assert bulk["deletedCount"] == 2
    assert await stats(api, token, project_id) == (0, 0)


async def test_a_large_file_goes_in_parts_and_resumes_after_an_interruption(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    folder_id = await folder_of(api, token)
    size = 11 * MiB + 12_345  # three parts of 5 MiB (the tests' PROJECT_UPLOAD_PART_BYTES)
    data = os.urandom(size)
    digest = hashlib.sha256(data).hexdigest()
    started = await start_upload(api, token, folder_id, "Stems/Bass.wav", size, digest)
    upload = started["upload"]
    assert upload["mode"] == "MULTIPART", upload
    count, part_size = upload["partCount"], int(upload["partSize"])
    assert count == -(-size // part_size) and count >= 3
    assert upload["uploadedParts"] == [] and [p["number"] for p in upload["parts"]] == list(range(1, count + 1))

    # The first part only, then the client "goes away".
    await send_parts(api, token, upload, of_bytes(data), only=1)
    early = await complete(api, token, upload["id"])
    assert [e["code"] for e in early["userErrors"]] == ["INVALID"] and "not been uploaded" in early["userErrors"][0][
        "message"
    ]

    # Declaring the same file again answers the same upload, with what storage holds.
    resumed = (await start_upload(api, token, folder_id, "Stems/Bass.wav", size, digest))["upload"]
    assert resumed["id"] == upload["id"] and resumed["uploadedParts"] == [1]
    assert [p["number"] for p in resumed["parts"]] == list(range(2, count + 1))
    await send_parts(api, token, resumed, of_bytes(data))
    assert (await parts_of(api, token, upload["id"]))["uploadedParts"] == list(range(1, count + 1))
    done = await complete(api, token, upload["id"])
    assert done["userErrors"] == [], done
    file = done["file"]
    assert file["sizeBytes"] == str(size) and file["sha256"] == digest
    status, body, _ = await download(file["downloadUrl"])
    assert status == 200 and hashlib.sha256(body).hexdigest() == digest
    # The upload is over: its id names nothing now.
    assert (await parts_of(api, token, upload["id"])) is None


async def test_bytes_that_do_not_match_the_declaration_are_refused_and_the_upload_ends(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    project = await create_project(api, token)
    folder_id = project["folders"][1]["id"]
    data = b"the real bytes"
    started = await start_upload(
        api, token, folder_id, "a.txt", len(data), hashlib.sha256(b"other bytes!!!").hexdigest()
    )
    part = started["upload"]["parts"][0]
    async with http_client() as client:
        headers = {h["name"]: h["value"] for h in part["headers"]}
        response = await client.request(part["method"], part["url"], content=data, headers=headers)
    if response.status_code in (200, 204):  # S3 takes whatever comes; completing checks it
        done = await complete(api, token, started["upload"]["id"])
        assert [e["code"] for e in done["userErrors"]] == ["INVALID"] and "SHA-256" in done["userErrors"][0]["message"]
    else:  # the local adapter checks the signed SHA-256 as the bytes arrive
        assert response.status_code == 400, response.text
    assert await stats(api, token, project["id"]) == (0, 0)
