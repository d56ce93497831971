"""Projects over the real API in both modes: projects with their folders, files sent straight to storage through
signed URLs (one PUT or resumable parts), replaced on re-upload, downloaded byte for byte and by range, moved,
renamed and deleted with exact stats; path rules; ownership of every node; signed URLs that expire or are
tampered with."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration.cases.projects import (
    FILE_FIELDS,
    FOLDER_NAMES,
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
    assert [f["name"] for f in project["folders"]] == FOLDER_NAMES
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


LIST = """query($filter: ProjectFilter, $orderBy: ProjectOrder) { projects(first: 100, filter: $filter,
    orderBy: $orderBy) { totalCount nodes { name } } }"""
UPDATE = f"""mutation($i: ProjectUpdateInput!) {{ projectUpdate(input: $i) {{
    project {{ id name tags description coverImage {{ id }} updatedAt }} {ERRORS} }} }}"""
PROJECT_DELETE = f"""mutation($i: ProjectIdInput!) {{ projectDelete(input: $i) {{
    deletedProjectId job {{ id kind }} {ERRORS} }} }}"""


async def names(api: Api, token: str, **variables: Any) -> list[str]:
    return [p["name"] for p in (await api.data(LIST, variables, token))["projects"]["nodes"]]


async def test_projects_are_searched_filtered_by_tags_sorted_and_updated(api: Api) -> None:
    token = await api.user()
    await create_project(api, token, name="Night Drive", tags=["synthwave"], description="city lights")
    await create_project(api, token, name="Autumn", tags=["folk", "acoustic"])
    made = await create_project(api, token, name="bridges", tags=["Acoustic"], description="a drive north")
    assert await names(api, token) == ["bridges", "Autumn", "Night Drive"]  # newest first
    assert await names(api, token, orderBy={"field": "NAME", "direction": "ASC"}) == [
        "Autumn",
        "bridges",
        "Night Drive",
    ]
    assert await names(api, token, filter={"search": "DRIVE"}) == ["bridges", "Night Drive"]
    assert await names(api, token, filter={"tags": ["acoustic", "synthwave"]}) == ["bridges", "Autumn", "Night Drive"]
    assert await names(api, token, filter={"tags": ["folk"]}) == ["Autumn"]

    renamed = await api.mutate(
        "projectUpdate", UPDATE, {"i": {"id": made["id"], "name": " Bridges ", "description": None}}, token
    )
    assert renamed["project"]["name"] == "Bridges" and renamed["project"]["description"] is None
    assert renamed["project"]["tags"] == ["Acoustic"]  # left out: unchanged
    refused = await api.payload("projectUpdate", UPDATE, {"i": {"id": made["id"], "name": None}}, token)
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "name"], "REQUIRED")]


async def test_deleting_a_project_removes_its_own_files_and_nothing_of_another(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    # Names that the replaced system turned into one storage prefix ("night-drive").
    doomed = await create_project(api, token, name="Night Drive")
    kept = await create_project(api, token, name="Night  Drive!")
    gone = await put_file(api, token, doomed["folders"][0]["id"], "a.wav", b"doomed bytes")
    stays = await put_file(api, token, kept["folders"][0]["id"], "a.wav", b"kept bytes")
    half = await start_upload(api, token, doomed["folders"][1]["id"], "big.wav", 6 * MiB, "a" * 64)
    assert half["upload"]["mode"] == "MULTIPART"

    deleted = await api.mutate("projectDelete", PROJECT_DELETE, {"i": {"id": doomed["id"]}}, token)
    assert deleted["job"]["kind"] == "PROJECT_DELETE"
    from tests.support import follow, job_progress

    final = (await follow(api, job_progress("id status result { summary }"), {"id": deleted["job"]["id"]}, token))[-1]
    assert final["status"] == "SUCCEEDED", final
    assert (await api.data(PROJECT, {"id": doomed["id"]}, token))["node"] is None
    assert (await api.data(FILE, {"id": gone["id"]}, token))["node"] is None
    status, _, _ = await download(gone["downloadUrl"])
    assert status in (403, 404)
    status, body, _ = await download(stays["downloadUrl"])
    assert (status, body) == (200, b"kept bytes")
    assert await stats(api, token, kept["id"]) == (1, len(b"kept bytes"))


async def test_paths_keep_subfolders_and_refuse_what_could_leave_the_folder(api: Api) -> None:
    token = await api.user()
    folder_id = await folder_of(api, token)
    sha = hashlib.sha256(b"x").hexdigest()
    for path in (
        "../x.wav",
        "a/../../x.wav",
        "/etc/passwd",
        "C:\\Music\\x.wav",
        "d:x.wav",
        "a//b.wav",
        "./x.wav",
        "a/",
        "x\n.wav",
        "x\u0085.wav",
        "",
        "   ",
    ):
        refused = await start_upload(api, token, folder_id, path, 1, sha)
        assert refused["upload"] is None, path
        assert [e["field"] for e in refused["userErrors"]] == [["input", "relativePath"]], (path, refused)
    body = await api.raw(
        "mutation($i: ProjectFileUploadCreateInput!) { projectFileUploadCreate(input: $i) { upload { id } } }",
        {"i": {"folderId": folder_id, "relativePath": "x\u0000.wav", "sizeBytes": 1, "sha256": sha}},
        token,
    )
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # at the edge
    # Subfolders, spaces and non-ASCII names are fine; a decomposed (macOS) name is the same path as the composed.
    made = await put_file(api, token, folder_id, "Vocals/Take 2/Cafe\u0301 – Lead.wav", b"x")
    assert made["relativePath"] == "Vocals/Take 2/Caf\u00e9 – Lead.wav"
    again = await put_file(api, token, folder_id, "Vocals/Take 2/Caf\u00e9 – Lead.wav", b"y")
    assert again["id"] == made["id"]
    empty = await put_file(api, token, folder_id, "Vocals/.keep", b"")
    assert (empty["sizeBytes"], empty["sha256"]) == ("0", hashlib.sha256(b"").hexdigest())
    assert (await download(empty["downloadUrl"]))[:2] == (200, b"")


async def test_signed_urls_are_refused_once_expired_or_tampered_with(embedded_settings: Settings) -> None:
    """The local adapter's own signatures (S3 checks its own)."""

    async with serve(embedded_settings.replace(signed_url_ttl_seconds=2), worker=False) as running:
        api = running.api
        token = await api.user()
        folder_id = await folder_of(api, token)
        a = await put_file(api, token, folder_id, "a.txt", b"aaa")
        b = await put_file(api, token, folder_id, "b.txt", b"bbb")
        url_a, url_b = a["downloadUrl"], b["downloadUrl"]
        assert (await download(url_a))[0] == 200
        key_a = url_a.split("/files/", 1)[1].split("?", 1)[0]
        key_b = url_b.split("/files/", 1)[1].split("?", 1)[0]
        forged = url_a.replace(key_a, key_b)  # A's signature on B's key
        assert (await download(forged))[0] == 403
        exp = url_a.split("exp=", 1)[1].split("&", 1)[0]
        assert (await download(url_a.replace(f"exp={exp}", f"exp={int(exp) + 3600}")))[0] == 403
        sig = url_a.split("sig=", 1)[1]
        assert (await download(url_a.replace(sig, sig[:-1] + ("0" if sig[-1] != "0" else "1"))))[0] == 403

        data = os.urandom(6 * MiB)
        started = await start_upload(api, token, folder_id, "big.bin", len(data), hashlib.sha256(data).hexdigest())
        part = started["upload"]["parts"][1]
        bigger = part["url"].replace(f"size={part['sizeBytes']}", f"size={int(part['sizeBytes']) + 1}")
        async with http_client() as client:
            assert (await client.put(bigger, content=b"x")).status_code == 403
            other = part["url"].replace("/2?", "/1?")
            assert (await client.put(other, content=b"x")).status_code == 403

        await asyncio.sleep(3)
        assert (await download(url_a))[0] == 403
        async with http_client() as client:
            assert (await client.put(part["url"], content=data[: int(part["sizeBytes"])])).status_code == 403
        # Asking again gives fresh ones.
        fresh = (await api.data(FILE, {"id": a["id"]}, token))["node"]["downloadUrl"]
        assert (await download(fresh))[:2] == (200, b"aaa")


async def test_s3_signed_urls_are_refused_once_expired_or_tampered_with(production_settings: Settings) -> None:
    """The URLs S3 signs (SigV4 in the query): the test S3 server checks them as S3 does."""

    async with serve(production_settings.replace(signed_url_ttl_seconds=2)) as running:
        api = running.api
        token = await api.user()
        folder_id = await folder_of(api, token)
        a = await put_file(api, token, folder_id, "a.txt", b"aaa")
        b = await put_file(api, token, folder_id, "b.txt", b"bbb")
        url_a, url_b = a["downloadUrl"], b["downloadUrl"]
        assert "X-Amz-Signature=" in url_a and "X-Amz-Expires=2" in url_a
        assert (await download(url_a))[:2] == (200, b"aaa")
        path_a, path_b = (url.split("?", 1)[0] for url in (url_a, url_b))
        status, body, _ = await download(url_a.replace(path_a, path_b))  # A's signature on B's key
        assert (status, b"<Code>SignatureDoesNotMatch</Code>" in body) == (403, True)
        assert (await download(url_a.replace("X-Amz-Expires=2", "X-Amz-Expires=3600")))[0] == 403
        sig = url_a.split("X-Amz-Signature=", 1)[1].split("&", 1)[0]
        assert (await download(url_a.replace(sig, sig[:-1] + ("0" if sig[-1] != "0" else "1"))))[0] == 403

        data = os.urandom(6 * MiB)
        started = await start_upload(api, token, folder_id, "big.bin", len(data), hashlib.sha256(data).hexdigest())
        part = started["upload"]["parts"][1]
        assert "partNumber=2" in part["url"]
        headers = {h["name"]: h["value"] for h in part["headers"]}
        async with http_client() as client:
            other = part["url"].replace("partNumber=2", "partNumber=1")  # part 2's signature on part 1
            assert (await client.put(other, content=b"x", headers=headers)).status_code == 403

        await asyncio.sleep(3)
        status, body, _ = await download(url_a)
        assert (status, b"Request has expired" in body) == (403, True)
        async with http_client() as client:
            late = await client.put(part["url"], content=data[: int(part["sizeBytes"])], headers=headers)
            assert late.status_code == 403
        assert 2 not in (await parts_of(api, token, started["upload"]["id"]))["uploadedParts"]
        # Asking again gives fresh ones.
        fresh = (await api.data(FILE, {"id": a["id"]}, token))["node"]["downloadUrl"]
        assert (await download(fresh))[:2] == (200, b"aaa")


async def test_a_part_cut_off_midway_is_not_kept_and_is_sent_again(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    folder_id = await folder_of(api, token)
    data = os.urandom(12 * MiB)
    started = await start_upload(api, token, folder_id, "cut.bin", len(data), hashlib.sha256(data).hexdigest())
    upload = started["upload"]
    first = upload["parts"][0]
    size = int(first["sizeBytes"])

    async def half_then_gone() -> AsyncIterator[bytes]:
        yield data[: size // 2]
        raise ConnectionAbortedError("the client went away")

    headers = {h["name"]: h["value"] for h in first["headers"]} | {"content-length": str(size)}
    async with http_client() as client:
        with pytest.raises(ConnectionAbortedError):
            await client.put(first["url"], content=half_then_gone(), headers=headers)
    await asyncio.sleep(0.5)  # the server notices the connection is gone
    assert 1 not in (await parts_of(api, token, upload["id"]))["uploadedParts"]
    await send_parts(api, token, upload, of_bytes(data))
    done = await complete(api, token, upload["id"])
    assert done["userErrors"] == [] and done["file"]["sha256"] == hashlib.sha256(data).hexdigest()
    _, body, _ = await download(done["file"]["downloadUrl"])
    assert body == data


async def test_files_of_one_project_uploaded_at_once_keep_the_stats_exact(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    project = await create_project(api, token)
    folders = [f["id"] for f in project["folders"]]
    blobs = [os.urandom(1000 + i) for i in range(12)]
    # Twelve files into three folders at once, then each path sent again with other bytes (replacing it) at once.
    await asyncio.gather(*(put_file(api, token, folders[i % 3], f"f{i}.bin", blob) for i, blob in enumerate(blobs)))
    again = [os.urandom(2000 + i) for i in range(12)]
    await asyncio.gather(*(put_file(api, token, folders[i % 3], f"f{i}.bin", blob) for i, blob in enumerate(again)))
    assert await stats(api, token, project["id"]) == (12, sum(len(b) for b in again))
    listed = [(await api.data(FILES, {"id": f}, token))["node"]["files"]["totalCount"] for f in folders[:3]]
    assert listed == [4, 4, 4]


GiB = 1024 * MiB


@pytest.mark.slow
@pytest.mark.timeout(900)
async def test_a_3_gib_file_made_sparse_uploads_resumes_and_downloads_byte_identical(
    any_mode_settings: Settings, tmp_path: Any
) -> None:
    """In both modes: the local adapter's parts, and S3 multipart on the test S3 server (which keeps objects on
    disk, as S3 does). The file is sparse on the client's disk — zeros but for marks across 2 and 3 GiB — and
    every byte of it travels. Sizes and offsets past 2^31 show that nothing is 32-bit on the way."""
    size = 3 * GiB + 12_345
    source = tmp_path / "big.wav"
    marks = {0: b"RIFF", 2**31 - 3: b"across 2 GiB", 3 * GiB - 5: b"across 3 GiB", size - 9: b"the end!!"}
    with source.open("wb") as handle:
        handle.truncate(size)
        for offset, mark in marks.items():
            handle.seek(offset)
            handle.write(mark)
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        while chunk := handle.read(8 * MiB):
            digest.update(chunk)
    sha256 = digest.hexdigest()
    fd = os.open(source, os.O_RDONLY)

    def read(offset: int, n: int) -> bytes:
        return os.pread(fd, n, offset)

    settings = any_mode_settings.replace(project_upload_part_bytes=64 * MiB)
    try:
        async with serve(settings, worker=False) as running:
            api = running.api
            token = await api.user()
            project = await create_project(api, token)
            folder_id = project["folders"][6]["id"]  # 07 Master
            upload = (await start_upload(api, token, folder_id, "Master/Album.wav", size, sha256))["upload"]
            assert upload["mode"] == "MULTIPART" and upload["partCount"] == 49 and upload["sizeBytes"] == str(size)
            await send_parts(api, token, upload, read, only=20)  # then the client stops
            resumed = (await start_upload(api, token, folder_id, "Master/Album.wav", size, sha256))["upload"]
            assert resumed["id"] == upload["id"] and resumed["uploadedParts"] == list(range(1, 21))
            await send_parts(api, token, resumed, read)
            done = await complete(api, token, upload["id"])
            assert done["userErrors"] == [], done
            file = done["file"]
            assert (file["sizeBytes"], file["sha256"]) == (str(size), sha256)
            assert await stats(api, token, project["id"]) == (1, size)

            downloaded = hashlib.sha256()
            received = 0
            async with http_client() as client, client.stream("GET", file["downloadUrl"]) as response:
                assert response.status_code == 200 and response.headers["content-length"] == str(size)
                async for chunk in response.aiter_bytes(8 * MiB):
                    downloaded.update(chunk)
                    received += len(chunk)
            assert (received, downloaded.hexdigest()) == (size, sha256)
            for offset, mark in marks.items():
                end = offset + len(mark) - 1
                status, body, headers = await download(file["downloadUrl"], {"Range": f"bytes={offset}-{end}"})
                assert (status, body) == (206, mark), offset
                assert headers["content-range"] == f"bytes {offset}-{end}/{size}"
            # Deleted, its 3 GiB leave the storage (and the test's disk) at once.
            deleted = (await api.data(DELETE, {"i": {"id": file["id"]}}, token))["projectFileDelete"]
            assert deleted["userErrors"] == [] and await stats(api, token, project["id"]) == (0, 0)
            assert (await download(file["downloadUrl"]))[0] in (403, 404)
    finally:
        os.close(fd)
        source.unlink()
