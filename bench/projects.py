"""Project files: a large file up and down through the signed URLs, beside a plain copy to the same storage.

For each storage — the local adapter (files under DATA_DIR, parts PUT to `python -m api`) and an S3 server (the
tests' S3 server, `python -m aitestmock.s3`, as a process of its own, its objects on this disk) — one
`python -m api` process serves the bench's user, and:

- ours, up: projectFileUploadCreate, the parts PUT to their signed URLs (PARTS_AT_ONCE at a time, each streamed
  from the file on disk), projectFileUploadComplete (storage joins the parts; the API reads the object back as a
  stream to check its SHA-256 before the file takes its path). Timed from the declaration to the completed file;
  the client's own hashing before it (any client must) is shown apart.
- ours, down: the file's signed downloadUrl, streamed to a file on disk.
- the floor, up and down: the same bytes copied to and from the same storage without aiproxy: the local adapter's
  folder with `shutil.copyfile`, S3 with boto3's own transfer (`upload_file`/`download_file`, as `aws s3 cp`).
- for the local adapter, the HTTP floor too: one plain PUT and one GET of the file through `python -m bench.floor`
  (Starlette under uvicorn writing and serving DATA_DIR, nothing else): what the same server stack costs by itself,
  so that ours ÷ HTTP floor is what aiproxy adds (signatures, parts, the checksum).
- the API process's RSS: sampled every 20 ms from /proc while ours runs; the growth is the peak over the start.

Ours ÷ floor is throughput over throughput (the floor's time over ours): 1 is as fast as a plain copy. The goals:
at least 70 % of the floor, at most 64 MiB of RSS growth. Ours reads every byte back once more than the floor
(the SHA-256 check), which is what keeps a wrong upload from ever taking a file's place."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shutil
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
from botocore.config import Config

from bench import processes
from bench.server import Database
from tests.support import Api, free_port

MiB = 1024 * 1024
PART_BYTES = 64 * MiB
PARTS_AT_ONCE = 4
READ_CHUNK = 1024 * 1024
RSS_EVERY = 0.02
GOAL_RATIO = 0.7
GOAL_RSS_MIB = 64.0
S3_KEY, S3_SECRET = "bench", "bench-secret"

CREATE = """mutation($i: ProjectCreateInput!) { projectCreate(input: $i) { project { folders { id } }
    userErrors { message } } }"""
UPLOAD = """mutation($i: ProjectFileUploadCreateInput!) { projectFileUploadCreate(input: $i) {
    upload { id partCount } userErrors { field message } } }"""
PARTS = """query($id: ID!) { node(id: $id) { ... on ProjectFileUpload {
    parts { number offset sizeBytes url method headers { name value } } } } }"""
COMPLETE = """mutation($i: ProjectFileUploadIdInput!) { projectFileUploadComplete(input: $i) {
    file { sizeBytes sha256 downloadUrl } userErrors { field message } } }"""


@dataclass(frozen=True)
class TransferFigures:
    storage: str
    size_bytes: int
    part_bytes: int
    client_hash_s: float  # the client hashing the file before declaring it
    upload_s: float  # declaration → parts → completed file
    complete_s: float  # of which: the complete call (joining and the SHA-256 check)
    download_s: float
    floor_upload_s: float
    floor_download_s: float
    rss_start_mib: float
    rss_peak_mib: float
    http_floor_upload_s: float | None = None  # the local adapter: a plain HTTP PUT and GET (bench.floor)
    http_floor_download_s: float | None = None

    @property
    def upload_ratio(self) -> float:
        return self.floor_upload_s / self.upload_s

    @property
    def download_ratio(self) -> float:
        return self.floor_download_s / self.download_s

    @property
    def rss_growth_mib(self) -> float:
        return self.rss_peak_mib - self.rss_start_mib

    def mb_per_s(self, seconds: float) -> float:
        return self.size_bytes / MiB / seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "storage": self.storage,
            "size_mib": round(self.size_bytes / MiB, 1),
            "part_mib": self.part_bytes // MiB,
            "parts_at_once": PARTS_AT_ONCE,
            "client_hash_s": round(self.client_hash_s, 2),
            "upload_s": round(self.upload_s, 2),
            "complete_s": round(self.complete_s, 2),
            "download_s": round(self.download_s, 2),
            "floor_upload_s": round(self.floor_upload_s, 2),
            "floor_download_s": round(self.floor_download_s, 2),
            "upload_mib_s": round(self.mb_per_s(self.upload_s), 1),
            "download_mib_s": round(self.mb_per_s(self.download_s), 1),
            "floor_upload_mib_s": round(self.mb_per_s(self.floor_upload_s), 1),
            "floor_download_mib_s": round(self.mb_per_s(self.floor_download_s), 1),
            "upload_ratio": round(self.upload_ratio, 3),
            "download_ratio": round(self.download_ratio, 3),
            "http_floor_upload_mib_s": _rate(self, self.http_floor_upload_s),
            "http_floor_download_mib_s": _rate(self, self.http_floor_download_s),
            "upload_ratio_http": _ratio(self.http_floor_upload_s, self.upload_s),
            "download_ratio_http": _ratio(self.http_floor_download_s, self.download_s),
            "rss_start_mib": round(self.rss_start_mib, 1),
            "rss_growth_mib": round(self.rss_growth_mib, 1),
            "goal_ratio": GOAL_RATIO,
            "goal_rss_growth_mib": GOAL_RSS_MIB,
        }


def _rate(figures: TransferFigures, seconds: float | None) -> float | None:
    return round(figures.mb_per_s(seconds), 1) if seconds else None


def _ratio(floor: float | None, ours: float) -> float | None:
    return round(floor / ours, 3) if floor else None


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ProcessLookupError(pid)


class RssWatch:
    """The peak RSS of a process while the block runs, sampled every RSS_EVERY seconds."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = self.peak = rss_mib(pid)
        self._task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mib(self.pid))
            await asyncio.sleep(RSS_EVERY)

    async def __aenter__(self) -> RssWatch:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.peak = max(self.peak, rss_mib(self.pid))


def make_source(path: Path, size: int) -> None:
    """`size` bytes of noise (a random 64 MiB block over and over: nothing compresses or dedups it away)."""
    block = os.urandom(64 * MiB)
    with path.open("wb") as out:
        left = size
        while left:
            n = min(left, len(block))
            out.write(block[:n])
            left -= n


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * MiB):
            digest.update(chunk)
    return digest.hexdigest()


async def _body(fd: int, offset: int, size: int) -> AsyncIterator[bytes]:
    done = 0
    while done < size:
        chunk = await asyncio.to_thread(os.pread, fd, min(READ_CHUNK, size - done), offset + done)
        done += len(chunk)
        yield chunk


async def upload(api: Api, token: str, folder_id: str, source: Path, sha256: str) -> tuple[str, float]:
    """Ours up: the completed file's download URL and how long the complete call took."""
    size = source.stat().st_size
    fields = {"folderId": folder_id, "relativePath": "Master/bench.wav", "sizeBytes": str(size), "sha256": sha256}
    created = await api.mutate("projectFileUploadCreate", UPLOAD, {"i": fields}, token)
    upload_id = created["upload"]["id"]
    fd = os.open(source, os.O_RDONLY)
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=600) as client:

            async def put(part: dict[str, Any]) -> None:
                headers = {h["name"]: h["value"] for h in part["headers"]} | {"content-length": part["sizeBytes"]}
                body = _body(fd, int(part["offset"]), int(part["sizeBytes"]))
                response = await client.request(part["method"], part["url"], content=body, headers=headers)
                response.raise_for_status()

            async def lane(queue: list[dict[str, Any]]) -> None:
                while queue:
                    await put(queue.pop(0))

            while parts := (await api.data(PARTS, {"id": upload_id}, token))["node"]["parts"]:
                queue = list(parts)
                await asyncio.gather(*(lane(queue) for _ in range(PARTS_AT_ONCE)))
    finally:
        os.close(fd)
    started = time.perf_counter()
    done = await api.mutate("projectFileUploadComplete", COMPLETE, {"i": {"id": upload_id}}, token)
    complete_s = time.perf_counter() - started
    assert done["file"]["sha256"] == sha256, done
    return done["file"]["downloadUrl"], complete_s


async def http_put(url: str, source: Path) -> None:
    """The whole file in one plain PUT, streamed from disk as ours streams its parts."""
    size = source.stat().st_size
    fd = os.open(source, os.O_RDONLY)
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=600) as client:
            response = await client.put(url, content=_body(fd, 0, size), headers={"content-length": str(size)})
            response.raise_for_status()
    finally:
        os.close(fd)


async def download(url: str, target: Path) -> None:
    async with httpx.AsyncClient(trust_env=False, timeout=600) as client, client.stream("GET", url) as response:
        response.raise_for_status()
        with target.open("wb") as out:
            async for chunk in response.aiter_bytes(READ_CHUNK):
                await asyncio.to_thread(out.write, chunk)


async def _timed(action: Any) -> float:
    started = time.perf_counter()
    await action
    return time.perf_counter() - started


@contextlib.asynccontextmanager
async def s3_server(logs: Path) -> AsyncIterator[str]:
    """The tests' S3 server (aitestmock.s3) as a process of its own, its objects under `logs`; yields its
    endpoint. The objects go when it stops."""
    port = free_port()
    log = logs / f"s3-{port}.log"
    root = logs / f"s3-{port}"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "aitestmock.s3",
            "--root",
            str(root),
            "--port",
            str(port),
            "--access-key",
            S3_KEY,
            "--secret-key",
            S3_SECRET,
            "--exit-with-parent",
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=2) as client:
            for _ in range(300):
                with contextlib.suppress(httpx.HTTPError):
                    await client.get(endpoint + "/")  # any answer (403, unsigned) means it serves
                    break
                await asyncio.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        await process.wait()
        await asyncio.to_thread(shutil.rmtree, root, True)


def _s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
        config=Config(request_checksum_calculation="when_required", response_checksum_validation="when_required"),
    )


async def measure_storage(
    database: Database, token: str, storage: str, source: Path, sha256: str, hash_s: float, env: dict[str, str]
) -> TransferFigures:
    work = database.workdir
    size = source.stat().st_size
    async with processes.ours(
        {**database.env, **env, "PROJECT_UPLOAD_PART_BYTES": str(PART_BYTES)}, work, one_process=True
    ) as server:
        api = Api(server.url)
        try:
            folder_id = (await api.mutate("projectCreate", CREATE, {"i": {"name": f"Bench {storage}"}}, token))[
                "project"
            ]["folders"][6]["id"]
            async with RssWatch(server.pid) as rss:
                started = time.perf_counter()
                url, complete_s = await upload(api, token, folder_id, source, sha256)
                upload_s = time.perf_counter() - started
                target = work / f"down-{storage}.bin"
                download_s = await _timed(download(url, target))
        finally:
            await api.close()
    if await asyncio.to_thread(sha256_of, target) != sha256:
        raise AssertionError(f"{storage}: the downloaded file differs from the uploaded one")
    target.unlink()
    floor_target = work / f"floor-down-{storage}.bin"
    http_up = http_down = None
    if storage == "local":
        async with processes.floor(database.env, work) as floor:
            name = f"bench-{uuid.uuid4().hex}"
            http_up = await _timed(http_put(f"{floor.url}/blob/{name}", source))
            http_down = await _timed(download(f"{floor.url}/blob/{name}", floor_target))
        (Path(database.env["DATA_DIR"]) / "floor-blobs" / name).unlink()
        copy = Path(database.env["DATA_DIR"]) / "files" / "bench-floor.bin"
        floor_up = await _timed(asyncio.to_thread(shutil.copyfile, source, copy))
        floor_down = await _timed(asyncio.to_thread(shutil.copyfile, copy, floor_target))
        copy.unlink()
    else:
        client = _s3_client(env["S3_ENDPOINT"])
        key = f"bench-floor/{uuid.uuid4()}"
        floor_up = await _timed(asyncio.to_thread(client.upload_file, str(source), env["S3_BUCKET"], key))
        floor_down = await _timed(asyncio.to_thread(client.download_file, env["S3_BUCKET"], key, str(floor_target)))
        client.delete_object(Bucket=env["S3_BUCKET"], Key=key)
    floor_target.unlink()
    return TransferFigures(
        storage=storage,
        size_bytes=size,
        part_bytes=PART_BYTES,
        client_hash_s=hash_s,
        upload_s=upload_s,
        complete_s=complete_s,
        download_s=download_s,
        floor_upload_s=floor_up,
        floor_download_s=floor_down,
        rss_start_mib=rss.start,
        rss_peak_mib=rss.peak,
        http_floor_upload_s=http_up,
        http_floor_download_s=http_down,
    )


async def measure_projects(database: Database, token: str, size: int) -> list[TransferFigures]:
    """One file of `size` bytes up and down each storage, ours and the floor (see the module's docstring)."""
    source = database.workdir / "bench-source.bin"
    await asyncio.to_thread(make_source, source, size)
    try:
        started = time.perf_counter()
        sha256 = await asyncio.to_thread(sha256_of, source)
        hash_s = time.perf_counter() - started
        found = [await measure_storage(database, token, "local", source, sha256, hash_s, {})]
        async with s3_server(database.workdir) as endpoint:
            s3 = {
                "STORAGE_BACKEND": "s3",
                "S3_ENDPOINT": endpoint,
                "S3_ACCESS_KEY": S3_KEY,
                "S3_SECRET_KEY": S3_SECRET,
                "S3_BUCKET": f"bench-{uuid.uuid4().hex[:12]}",
            }
            found.append(await measure_storage(database, token, "s3", source, sha256, hash_s, s3))
        return found
    finally:
        source.unlink(missing_ok=True)
