"""Project uploads declared and never completed are swept with what storage holds of them, over the real API in both
modes: the embedded app sweeps when it starts and every SWEEP_SECONDS, a production worker every SWEEP_SECONDS (its
sweep task; the tests call the same `executor.sweep()`). Uploads are made old by a PROJECT_UPLOAD_EXPIRE_HOURS of a
few seconds (a fraction of an hour)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import aioboto3
import pytest

import api.app
from api.ids import decode_uuid, encode_id
from domain.common.clock import utcnow
from domain.projects.entities import ProjectUpload
from infra.settings import Settings
from infra.storage.local import MULTIPART, LocalFileStorage
from tests.conftest import Running, serve
from tests.integration.cases.projects import (
    complete,
    create_project,
    of_bytes,
    parts_of,
    put_part,
    send_parts,
    start_upload,
)
from workers.supervisor import Supervisor

MiB = 1024 * 1024
AGES_APART = 2.0  # seconds between the uploads made old and the one that is not


def expiring(settings: Settings, seconds: float) -> Settings:
    return settings.replace(project_upload_expire_hours=seconds / 3600)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def row(running: Running, upload_id: str) -> ProjectUpload | None:
    """The upload's row, read straight from the database."""
    ident = decode_uuid(upload_id, "ProjectFileUpload")
    assert ident is not None
    async with running.app.state.container.uow() as uow:
        found: ProjectUpload | None = await uow.project_uploads.get_for_update(ident)
        return found


async def multipart_in_storage(running: Running, upload: ProjectUpload) -> bool:
    """Whether storage still holds the upload's multipart upload: the local adapter's part folder, or an S3
    multipart upload listed for its key (asked of the S3 server itself, not through our adapter)."""
    assert upload.multipart_id is not None
    storage = running.app.state.container.storage
    if isinstance(storage, LocalFileStorage):
        return (storage.root / MULTIPART / upload.multipart_id).exists()
    listed = await s3_call(running.settings, "list_multipart_uploads", Prefix=upload.storage_key)
    return any(u["UploadId"] == upload.multipart_id for u in listed.get("Uploads", []))


async def object_in_storage(running: Running, upload: ProjectUpload) -> bool:
    return await running.app.state.container.storage.stat(upload.storage_key) is not None


async def one_part_sent(running: Running) -> tuple[dict[str, Any], ProjectUpload]:
    """A multipart upload of a new user's new project with its first part sent (then the client went away)."""
    data = os.urandom(6 * MiB)
    token = await running.api.user()
    folder_id = (await create_project(running.api, token))["folders"][0]["id"]
    upload = (await start_upload(running.api, token, folder_id, "Mix.wav", len(data), sha(data)))["upload"]
    upload_row = await row(running, upload["id"])
    assert upload_row is not None
    await send_parts(running.api, token, upload, of_bytes(data), only=1)
    return upload, upload_row


async def gone_within(running: Running, upload_id: str, seconds: float, task: asyncio.Task[None] | None = None) -> bool:
    """Whether the upload's row is gone within `seconds` (while `task`, if given, keeps running)."""
    for _ in range(int(seconds * 10)):
        if await row(running, upload_id) is None:
            return True
        assert task is None or not task.done(), task.exception()
        await asyncio.sleep(0.1)
    return False


async def sweep(running: Running) -> int:
    """What a production worker's sweep task runs every SWEEP_SECONDS (and the embedded app at start)."""
    ended: int = await running.app.state.container.executor.sweep()
    return ended


async def test_abandoned_uploads_are_swept_with_their_parts_and_fresh_ones_are_not(
    any_mode_settings: Settings,
) -> None:
    embedded = not any_mode_settings.redis_url
    big = os.urandom(6 * MiB)  # two parts of 5 MiB (the tests' PROJECT_UPLOAD_PART_BYTES)
    small = b"a single PUT, never completed"
    async with serve(any_mode_settings) as running:
        api = running.api
        token = await api.user()
        folder_id = (await create_project(api, token))["folders"][3]["id"]
        # A multipart upload with one of its parts sent, and a single PUT sent whole; neither completed.
        old = (await start_upload(api, token, folder_id, "Takes/Lead.wav", len(big), sha(big)))["upload"]
        assert old["mode"] == "MULTIPART" and old["partCount"] == 2
        await send_parts(api, token, old, of_bytes(big), only=1)
        single = (await start_upload(api, token, folder_id, "Notes.txt", len(small), sha(small)))["upload"]
        assert single["mode"] == "SINGLE"
        await put_part(single["parts"][0], of_bytes(small))
        old_row, single_row = await row(running, old["id"]), await row(running, single["id"])
        assert old_row is not None and single_row is not None
        assert await multipart_in_storage(running, old_row) and await object_in_storage(running, single_row)

        await asyncio.sleep(AGES_APART)
        fresh = (await start_upload(api, token, folder_id, "Takes/Harmony.wav", len(big), sha(big)))["upload"]
        await send_parts(api, token, fresh, of_bytes(big), only=1)
        fresh_row = await row(running, fresh["id"])
        assert fresh_row is not None

    # The sweep runs with PROJECT_UPLOAD_EXPIRE_HOURS between the two ages: the first two are abandoned, the last
    # is not. The embedded app sweeps when it starts; a production API does not (its workers do).
    between = single_row.created_at + (fresh_row.created_at - single_row.created_at) / 2
    async with serve(expiring(any_mode_settings, (utcnow() - between).total_seconds())) as running:
        api = running.api
        if not embedded:
            assert await sweep(running) == 2
        assert await row(running, old["id"]) is None and await row(running, single["id"]) is None
        assert await parts_of(api, token, old["id"]) is None  # the upload's id names nothing now
        refused = await complete(api, token, old["id"])
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "id"], "NOT_FOUND")]
        assert not await multipart_in_storage(running, old_row)
        assert not await object_in_storage(running, single_row)

        # The fresh one is untouched, with its part.
        assert (await parts_of(api, token, fresh["id"]))["uploadedParts"] == [1]
        assert await multipart_in_storage(running, fresh_row)

        # Declaring the swept file again simply starts a fresh upload, which completes.
        again = (await start_upload(api, token, folder_id, "Takes/Lead.wav", len(big), sha(big)))["upload"]
        assert again["id"] != old["id"] and again["uploadedParts"] == []
        await send_parts(api, token, again, of_bytes(big))
        done = await complete(api, token, again["id"])
        assert done["userErrors"] == [] and done["file"]["sha256"] == sha(big)


async def test_an_abandoned_upload_is_not_resumed_but_started_again(embedded_settings: Settings) -> None:
    """Between its expiry and the next sweep, declaring it again does not resume it (the sweep would end it under the
    client): it starts afresh, and what the old one held is removed."""
    data = os.urandom(6 * MiB)
    async with serve(expiring(embedded_settings, 1.5), worker=False) as running:
        api = running.api
        token = await api.user()
        folder_id = (await create_project(api, token))["folders"][0]["id"]
        first = (await start_upload(api, token, folder_id, "Mix.wav", len(data), sha(data)))["upload"]
        resumed = (await start_upload(api, token, folder_id, "Mix.wav", len(data), sha(data)))["upload"]
        assert resumed["id"] == first["id"]  # not old yet: resumed
        await send_parts(api, token, first, of_bytes(data), only=1)
        first_row = await row(running, first["id"])
        assert first_row is not None

        await asyncio.sleep(max(0.0, 1.6 - (utcnow() - first_row.created_at).total_seconds()))
        again = (await start_upload(api, token, folder_id, "Mix.wav", len(data), sha(data)))["upload"]
        assert again["id"] != first["id"] and again["uploadedParts"] == []
        assert await parts_of(api, token, first["id"]) is None
        assert not await multipart_in_storage(running, first_row)


async def test_the_embedded_app_sweeps_every_sweep_seconds_while_it_runs(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only at start: a long-running embedded server ends uploads abandoned while it runs (the interval made
    short here; it is SWEEP_SECONDS, five minutes)."""
    monkeypatch.setattr(api.app, "SWEEP_SECONDS", 0.5)
    async with serve(expiring(embedded_settings, 2.0), worker=False) as running:
        upload, upload_row = await one_part_sent(running)
        assert await multipart_in_storage(running, upload_row)
        assert await gone_within(running, upload["id"], 10)  # abandoned after 2 s, swept within the next 0.5 s
        assert not await multipart_in_storage(running, upload_row)


async def test_a_production_worker_sweeps_when_it_starts(production_settings: Settings) -> None:
    """The worker process as `python -m workers` runs it (the supervisor, here in this loop): its sweep task ends
    abandoned uploads at start, and again every SWEEP_SECONDS."""
    settings = expiring(production_settings, 1.0)
    async with serve(settings, worker=False) as running:
        upload, upload_row = await one_part_sent(running)
        await asyncio.sleep(1.2)
        worker = asyncio.create_task(Supervisor(settings).run())
        try:
            assert await gone_within(running, upload["id"], 15, worker)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        assert not await multipart_in_storage(running, upload_row)


async def test_a_storage_failure_leaves_the_upload_for_the_next_pass(
    any_mode_settings: Settings, tmp_path: Path
) -> None:
    """Storage refusing one upload's removal keeps its row (nothing half-done is committed), the others are ended in
    the same pass, and the next pass ends it once storage lets go. The faults are real ones of each storage, not
    stand-ins: the local adapter refuses a project folder that a symlink leads out of its root; S3 answers
    NoSuchBucket while the bucket is away."""
    settings = expiring(any_mode_settings, 1.0)
    data = os.urandom(6 * MiB)
    async with serve(settings, worker=False) as running:
        api = running.api
        token = await api.user()
        broken, fine = await create_project(api, token, name="Broken"), await create_project(api, token, name="Fine")
        stuck = (await start_upload(api, token, broken["folders"][0]["id"], "a.wav", len(data), sha(data)))["upload"]
        ended = (await start_upload(api, token, fine["folders"][0]["id"], "b.wav", len(data), sha(data)))["upload"]
        for upload in (stuck, ended):
            await send_parts(api, token, upload, of_bytes(data), only=1)
        stuck_row, ended_row = await row(running, stuck["id"]), await row(running, ended["id"])
        assert stuck_row is not None and ended_row is not None
        await asyncio.sleep(1.2)

        storage = running.app.state.container.storage
        if isinstance(storage, LocalFileStorage):
            # The broken project's folder is a symlink out of the root: the adapter refuses its keys.
            project_id = decode_uuid(broken["id"], "Project")
            assert project_id is not None
            folder = storage.root / "projects" / str(project_id)
            folder.parent.mkdir(exist_ok=True)
            folder.symlink_to(tmp_path, target_is_directory=True)
            assert await sweep(running) == 1  # the other one is ended all the same
            assert await row(running, ended["id"]) is None and not await multipart_in_storage(running, ended_row)
            assert await row(running, stuck["id"]) is not None  # kept for the next pass
            folder.unlink()
        else:
            # The bucket is away (it holds no objects yet, only uploads under way): every removal fails.
            await s3_call(settings, "delete_bucket")
            assert await sweep(running) == 0
            assert await row(running, stuck["id"]) is not None and await row(running, ended["id"]) is not None
            await s3_call(settings, "create_bucket")
        assert await parts_of(api, token, stuck["id"]) is not None  # still an upload of its owner

        # Storage lets go again: the next pass ends what is left.
        assert await sweep(running) == (1 if isinstance(storage, LocalFileStorage) else 2)
        for upload_row in (stuck_row, ended_row):
            assert await row(running, str_id(upload_row)) is None
            assert not await multipart_in_storage(running, upload_row)
        assert await sweep(running) == 0


def str_id(upload: ProjectUpload) -> str:
    return encode_id("ProjectFileUpload", upload.id)


async def s3_call(settings: Settings, method: str, **params: Any) -> Any:
    """A call to the test's S3 server itself (aitestmock.s3), on its bucket, not through our adapter."""
    s3 = settings.s3
    session = aioboto3.Session(aws_access_key_id=s3.access_key, aws_secret_access_key=s3.secret_key)
    async with session.client("s3", endpoint_url=s3.endpoint, region_name=s3.region) as client:
        return await getattr(client, method)(Bucket=s3.bucket, **params)
