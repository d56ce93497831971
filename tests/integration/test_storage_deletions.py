"""Bytes that no row refers to any more are removed from storage, even when storage refuses at that moment: a deleted
or replaced project file's, a deleted song's or image's, an upload's an import has read. Over the real API in both
modes, with real storage faults: the local adapter refuses a project folder that a symlink leads out of its root; in
production the S3 server is stopped (S3 unreachable) and started again over the same objects."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from api.ids import decode_uuid
from domain.files.entities import StorageDeletion
from infra.settings import S3Settings, Settings
from infra.storage.local import LocalFileStorage
from tests.conftest import Running, serve
from tests.integration.cases.projects import FILE_FIELDS, create_project, put_file
from tests.support import ERRORS, SECTIONS, Api, create_sketch, export, run_import, upload
from tests.support.client import http_client
from tests.support.processes import S3Server
from tests.support.statements import counting_statements

KiB = 1024
DELETE = f"""mutation($i: ProjectFileIdInput!) {{ projectFileDelete(input: $i) {{ deletedFileId {ERRORS} }} }}"""
BULK_DELETE = """mutation($i: ProjectFileBulkDeleteInput!) { projectFileBulkDelete(input: $i) {
    results { id deleted } } }"""
FILE = f"""query($id: ID!) {{ node(id: $id) {{ ... on ProjectFile {{ {FILE_FIELDS} }} }} }}"""


async def recorded(running: Running) -> list[StorageDeletion]:
    """The deletions still recorded, read straight from the database."""
    async with running.app.state.container.uow() as uow:
        found: list[StorageDeletion] = await uow.storage_deletions.due(1000)
        return found


async def stored(running: Running, key: str) -> bool:
    return await running.app.state.container.storage.stat(key) is not None


async def storage_key(running: Running, global_id: str, type_name: str, repository: str) -> str:
    """The storage key of the row behind `global_id`, read straight from the database."""
    ident = decode_uuid(global_id, type_name)
    assert ident is not None
    async with running.app.state.container.uow() as uow:
        row = await getattr(uow, repository).get_for_update(ident)
        assert row is not None
        return str(row.storage_key)


async def file_key(running: Running, file_id: str) -> str:
    return await storage_key(running, file_id, "ProjectFile", "project_files")


async def sweep(running: Running) -> int:
    ended: int = await running.app.state.container.executor.sweep()
    return ended


@contextlib.contextmanager
def local_folder_away(running: Running, project_id: str, tmp_path: Path) -> Iterator[None]:
    """The project's folder moved aside and a symlink out of the root in its place: the adapter refuses its keys
    (as it would a folder it may not write), and the bytes come back when the folder does."""
    storage = running.app.state.container.storage
    assert isinstance(storage, LocalFileStorage)
    ident = decode_uuid(project_id, "Project")
    folder = storage.root / "projects" / str(ident)
    aside = folder.with_name(folder.name + ".away")
    folder.rename(aside)
    folder.symlink_to(tmp_path, target_is_directory=True)
    try:
        yield
    finally:
        folder.unlink()
        aside.rename(folder)


@contextlib.asynccontextmanager
async def storage_away(running: Running, project_id: str, tmp_path: Path, s3: S3Server | None) -> AsyncIterator[None]:
    if s3 is None:
        with local_folder_away(running, project_id, tmp_path):
            yield
        return
    await asyncio.to_thread(s3.stop)
    try:
        yield
    finally:
        assert await asyncio.to_thread(s3.start)


@contextlib.asynccontextmanager
async def served(any_mode_settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Running, S3Server | None]]:
    """The app, in production over an S3 server of this test's own (which it stops and starts)."""
    if any_mode_settings.storage_backend != "s3":
        async with serve(any_mode_settings, worker=False) as running:
            yield running, None
        return
    s3 = S3Server(tmp_path / "s3", tmp_path / "s3.log")
    if not await asyncio.to_thread(s3.start):
        pytest.fail("the test's own S3 server did not start")
    try:
        own = S3Settings(**(any_mode_settings.s3.model_dump() | {"endpoint": s3.endpoint, "public_endpoint": ""}))
        async with serve(any_mode_settings.replace(s3=own), worker=False) as running:
            yield running, s3
    finally:
        await asyncio.to_thread(s3.stop)


async def test_bytes_storage_refuses_to_remove_are_removed_by_the_sweep(
    any_mode_settings: Settings, tmp_path: Path
) -> None:
    async with served(any_mode_settings, tmp_path) as (running, s3):
        api = running.api
        token = await api.user()
        project = await create_project(api, token, name="Away")
        folder_id = project["folders"][0]["id"]
        kept = await put_file(api, token, folder_id, "kept.wav", os.urandom(64 * KiB))
        gone = await put_file(api, token, folder_id, "gone.wav", os.urandom(64 * KiB))
        replaced = await put_file(api, token, folder_id, "take.wav", os.urandom(64 * KiB))
        keys = {name: await file_key(running, f["id"]) for name, f in (("gone", gone), ("old take", replaced))}
        assert await recorded(running) == []

        async with storage_away(running, project["id"], tmp_path, s3):
            # What the user asks for happens, and is answered, while storage is away.
            deleted = await api.mutate("projectFileDelete", DELETE, {"i": {"id": gone["id"]}}, token)
            assert deleted["userErrors"] == [] and deleted["deletedFileId"] == gone["id"]
            assert (await api.data(FILE, {"id": gone["id"]}, token))["node"] is None
            assert sorted(d.storage_key for d in await recorded(running)) == [keys["gone"]]
            if s3 is None:  # (S3 away: each removal waits out botocore's retries; one pass is enough here)
                assert await sweep(running) == 0  # still away: kept for the next pass
                assert len(await recorded(running)) == 1 and (await recorded(running))[0].attempts == 2

        # Storage is back, and still holds the bytes nobody refers to.
        assert await stored(running, keys["gone"])
        newer = await put_file(api, token, folder_id, "take.wav", os.urandom(32 * KiB))
        assert newer["id"] == replaced["id"]  # the same file, replaced
        assert not await stored(running, keys["old take"])  # removed once the replacement committed

        assert await sweep(running) >= 1
        assert not await stored(running, keys["gone"])
        assert await recorded(running) == []
        assert await stored(running, await file_key(running, kept["id"]))  # the rest untouched
        assert await sweep(running) == 0


async def test_an_upload_can_be_imported_again_until_upload_keep_hours_then_it_is_swept(
    any_mode_settings: Settings,
) -> None:
    settings = any_mode_settings.replace(upload_keep_hours=2.0 / 3600)
    async with serve(settings) as running:
        api = running.api
        token = await api.user()
        await create_sketch(api, token, title="Carried over")
        exported = await export(api, token, select="id status result { ... on DataExport { downloadUrl } }")
        async with http_client() as http:
            archive = (await http.get(exported["result"]["downloadUrl"])).content
        other = await api.user(admin_token=token)
        imported, _ = await upload(api, other, archive)
        broken, _ = await upload(api, other, b"not a zip archive")
        keys = [await upload_key(running, u["id"]) for u in (imported, broken)]

        done = await run_import(api, other, imported["id"], select="id status")
        failed = await run_import(api, other, broken["id"], select="id status error { code }")
        assert done["status"] == "SUCCEEDED" and failed["status"] == "FAILED", (done, failed)
        assert await sweep(running) == 0  # younger than UPLOAD_KEEP_HOURS: both kept, for a retry
        assert all([await stored(running, key) for key in keys])
        again = await run_import(api, other, imported["id"], select="id status")
        assert again["status"] == "SUCCEEDED"
        sections = (await api.data(SECTIONS, {"id": again["id"]}, other))["node"]["result"]["sections"]
        assert {"name": "sketches", "created": 0, "skipped": 1} in sections  # nothing doubled

        await asyncio.sleep(2.1)
        assert await sweep(running) == 2
        for upload_id, key in zip((imported["id"], broken["id"]), keys, strict=True):
            assert not await stored(running, key)
            assert (await start_import(api, other, upload_id))["userErrors"][0]["code"] == "NOT_FOUND"
        assert await recorded(running) == []
        assert await sweep(running) == 0


async def upload_key(running: Running, upload_id: str) -> str:
    return await storage_key(running, upload_id, "Upload", "uploads")


async def start_import(api: Api, token: str, upload_id: str) -> dict[str, Any]:
    document = f"""mutation($i: DataImportCreateInput!) {{ dataImportCreate(input: $i) {{ job {{ id }} {ERRORS} }} }}"""
    return await api.payload("dataImportCreate", document, {"i": {"uploadId": upload_id}}, token)


async def test_an_upload_a_queued_import_names_is_kept_past_upload_keep_hours(production_settings: Settings) -> None:
    # No worker: the import stays QUEUED, as it does while every worker is busy or down.
    settings = production_settings.replace(upload_keep_hours=1.0 / 3600)
    async with serve(settings, worker=False) as running:
        api = running.api
        token = await api.user()
        waiting, _ = await upload(api, token, b"an archive waiting for a worker")
        unused, _ = await upload(api, token, b"an archive nobody imports")
        assert (await start_import(api, token, waiting["id"]))["userErrors"] == []
        await asyncio.sleep(1.1)
        assert await sweep(running) == 1
        assert await stored(running, await upload_key(running, waiting["id"]))
        assert (await start_import(api, token, unused["id"]))["userErrors"][0]["code"] == "NOT_FOUND"


async def test_what_one_request_lets_go_of_is_removed_together(stack: Running) -> None:
    """A bulk delete records its files' keys in its own transaction and, once storage has removed them, drops the
    records in one DELETE (a transaction per file made a bulk delete of 100 files 3.4 times slower)."""
    api = stack.api
    token = await api.user()
    project = await create_project(api, token, name="Bulk")
    folder_id = project["folders"][0]["id"]
    files = [await put_file(api, token, folder_id, f"f{n}.wav", os.urandom(KiB)) for n in range(12)]
    keys = [await file_key(stack, f["id"]) for f in files]
    engine = stack.app.state.container.engine.sync_engine
    with counting_statements(engine) as statements:
        done = await api.data(BULK_DELETE, {"i": {"ids": [f["id"] for f in files]}}, token)
    assert all(result["deleted"] for result in done["projectFileBulkDelete"]["results"])
    touching = [s.split()[0].upper() for s in statements if "storage_deletions" in s]
    assert touching.count("DELETE") == 1 and touching[-1] == "DELETE", touching
    assert not any([await stored(stack, key) for key in keys])
    assert await recorded(stack) == []
