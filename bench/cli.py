"""The `aiproxy` command on a session-like tree: up into a project folder and back down, beside a plain copy.

A tree of `size` bytes is made under the bench's workdir, nested folders as a recording session has them: a few
large files (6 bounces and stems, 3/4 of the bytes) and many small ones (64 takes, the other 1/4) — at 1 GiB,
6 × 128 MiB and 64 × 4 MiB. Every file holds bytes of its own (noise, nothing compresses or dedups it away).

For each storage — the local adapter (files under DATA_DIR, parts PUT to `python -m api`) and S3 (the tests' S3
server, `python -m aitestmock.s3`, a process of its own) — one `python -m api` process serves the bench's user,
and the INSTALLED command (`.venv/bin/aiproxy`, a process of its own with its own XDG_CONFIG_HOME and
XDG_CACHE_HOME, signed in with `login --password-stdin`) runs as a user runs it:

- ours, up: `aiproxy upload PROJECT FOLDER TREE --jobs 4 --json` with an empty hash cache, so it hashes the tree
  (SHA-256), asks the API for the plan, declares, PUTs the parts and completes every file. Timed as the process's
  wall clock (start-up included); the JSON's own `seconds` is kept beside it.
- the hashing apart: the bench hashes the tree itself (hashlib, 4 threads, as the command does) — what any client
  must spend before it can ask what to send; and a second `upload` of the unchanged tree, which reads no file
  (hashes cached by size, time and inode), is all plan: what a re-run costs.
- ours, down: `aiproxy download PROJECT FOLDER NEW_DIR --jobs 4 --json` into an empty folder (each file's SHA-256
  checked by the command as it is written); then the bench checks every file, path and SHA-256, against the tree.
- the floor, up and down: the same bytes to and from the same storage without aiproxy: the local adapter with
  `shutil.copytree` into a folder under DATA_DIR and back out; S3 with boto3's transfer manager, every file
  submitted to one manager of 4 threads (as `aws s3 cp --recursive` does, 8 MiB parts), to the same bucket and back.
- the command's CPU time (user + system, from the kernel's accounting of this process's children) and its peak
  RSS (sampled from /proc) for each run, and the API process's CPU time meanwhile (bench/procstat.py).

Ours ÷ floor is the floor's time over ours: 1 is as fast as a plain copy."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import resource
import shutil
import sys
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from boto3.s3.transfer import TransferConfig, create_transfer_manager

from bench import processes
from bench.procstat import tree_cpu
from bench.projects import PART_BYTES, S3_KEY, S3_SECRET, _s3_client, s3_server
from bench.server import Database
from tests.support import PASSWORD, Api

MiB = 1024 * 1024
JOBS = 4
HASH_CHUNK = 1024 * 1024  # as the command reads
RSS_EVERY = 0.05
AIPROXY = Path(sys.executable).with_name("aiproxy")
LARGE_FILES, SMALL_FILES = 6, 64
LARGE_SHARE = 0.75  # of the bytes: at 1 GiB, 6 × 128 MiB + 64 × 4 MiB
TAKE_GROUPS = ("Drums", "Bass", "Guitars", "Keys", "Vocals", "Percussion", "FX", "Room")

CREATE = """mutation($i: ProjectCreateInput!) { projectCreate(input: $i) {
    project { id folders { id name kind } } userErrors { message } } }"""
VIEWER = "query { viewer { email } }"


class CliFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    """One `aiproxy` process: its wall clock, its JSON answer, its CPU time and its peak RSS."""

    wall_s: float
    document: dict[str, Any]
    cpu_s: float
    rss_peak_mib: float
    api_cpu_s: float = 0.0  # what the API process (and its children) spent meanwhile

    @property
    def json_s(self) -> float:
        return float(self.document["seconds"])


@dataclass(frozen=True)
class CliFigures:
    storage: str
    size_bytes: int
    files: int
    part_bytes: int
    hash_s: float  # the bench hashing the tree (hashlib, JOBS threads), as the upload must first
    upload: Run
    replan: Run  # the same upload again: nothing to send, every hash cached
    download: Run
    floor_upload_s: float
    floor_download_s: float

    @property
    def upload_ratio(self) -> float:
        return self.floor_upload_s / self.upload.wall_s

    @property
    def download_ratio(self) -> float:
        return self.floor_download_s / self.download.wall_s

    @property
    def hash_share(self) -> float:
        """The hashing's share of the upload's wall clock."""
        return self.hash_s / self.upload.wall_s

    @property
    def upload_without_hash_s(self) -> float:
        return max(self.upload.wall_s - self.hash_s, 1e-9)

    def mb_per_s(self, seconds: float) -> float:
        return self.size_bytes / MiB / seconds

    def as_dict(self) -> dict[str, Any]:
        def run(r: Run) -> dict[str, Any]:
            return {
                "wall_s": round(r.wall_s, 2),
                "json_s": round(r.json_s, 2),
                "mib_s": round(self.mb_per_s(r.wall_s), 1),
                "cpu_s": round(r.cpu_s, 2),
                "rss_peak_mib": round(r.rss_peak_mib, 1),
                "api_cpu_s": round(r.api_cpu_s, 2),
            }

        return {
            "storage": self.storage,
            "size_mib": round(self.size_bytes / MiB, 1),
            "files": self.files,
            "part_mib": self.part_bytes // MiB,
            "jobs": JOBS,
            "hash_s": round(self.hash_s, 2),
            "hash_share_of_upload": round(self.hash_share, 3),
            "upload": run(self.upload),
            "upload_without_hash_mib_s": round(self.mb_per_s(self.upload_without_hash_s), 1),
            "replan": run(self.replan),
            "download": run(self.download),
            "floor_upload_s": round(self.floor_upload_s, 2),
            "floor_download_s": round(self.floor_download_s, 2),
            "floor_upload_mib_s": round(self.mb_per_s(self.floor_upload_s), 1),
            "floor_download_mib_s": round(self.mb_per_s(self.floor_download_s), 1),
            "upload_ratio": round(self.upload_ratio, 3),
            "download_ratio": round(self.download_ratio, 3),
        }


# ------------------------------------------------------------------------------------------------------- the tree


def tree_layout(size: int) -> list[tuple[str, int]]:
    """(relative path, bytes) of a session-like tree of exactly `size` bytes."""
    large_total = int(size * LARGE_SHARE)
    large, small = large_total // LARGE_FILES, (size - large_total) // SMALL_FILES
    names = [f"Bounces/Mix v{n + 1}.wav" for n in range(LARGE_FILES // 2)]
    names += [f"Stems/Stem {n + 1:02}.wav" for n in range(LARGE_FILES - len(names))]
    layout = [(name, large) for name in names]
    for n in range(SMALL_FILES):
        group = TAKE_GROUPS[n % len(TAKE_GROUPS)]
        layout.append((f"Audio Files/{group}/Take {n // len(TAKE_GROUPS) + 1:02}/{group} {n + 1:02}.wav", small))
    name, last = layout[-1]
    layout[-1] = (name, last + size - sum(n for _, n in layout))  # the rounding's remainder
    return layout


def make_tree(root: Path, size: int) -> dict[str, str]:
    """The tree under `root`; relative path → SHA-256. Each file starts with its own header and reads the noise
    block from an offset of its own, so no two files are alike."""
    block = os.urandom(64 * MiB)
    hashes: dict[str, str] = {}
    for index, (relative, length) in enumerate(tree_layout(size)):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        header = f"aiproxy bench {index} {relative}\n".encode()[:length]
        offset = (index * 7_919 * 4096) % len(block)
        with path.open("wb") as out:
            out.write(header)
            digest.update(header)
            left = length - len(header)
            while left:
                chunk = block[offset : offset + min(left, len(block) - offset)]
                out.write(chunk)
                digest.update(chunk)
                left -= len(chunk)
                offset = 0
        hashes[relative] = digest.hexdigest()
    return hashes


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_tree(root: Path) -> dict[str, str]:
    """relative path → SHA-256 of every file under `root`, JOBS files at a time in threads (as the command)."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    with ThreadPoolExecutor(JOBS) as pool:
        digests = list(pool.map(_sha256, files))
    return {p.relative_to(root).as_posix(): d for p, d in zip(files, digests, strict=True)}


def check_tree(storage: str, what: str, root: Path, expected: dict[str, str]) -> None:
    found = hash_tree(root)
    if found == expected:
        return
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    different = sorted(p for p in set(found) & set(expected) if found[p] != expected[p])
    raise AssertionError(
        f"{storage}: {what} differs from the tree: missing {missing[:5]} ({len(missing)}), extra {extra[:5]} "
        f"({len(extra)}), different bytes {different[:5]} ({len(different)})"
    )


# ---------------------------------------------------------------------------------------------------- the command


def _rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None  # gone, or a zombie (no VmRSS line)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Command:
    """One user's `aiproxy`: config and cache directories of its own under `home`."""

    home: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIPROXY_")}
        no_proxy = ",".join(filter(None, [env.get("NO_PROXY", ""), "127.0.0.1", "localhost"]))
        return {
            **env,
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "HOME": str(self.home / "home"),
            "NO_PROXY": no_proxy,
            "no_proxy": no_proxy,
        }

    async def run(self, *args: str, stdin: str | None = None) -> Run:
        """`aiproxy ARGS`, timed from start to exit; its JSON (when --json) and its CPU time and peak RSS."""
        for folder in ("config", "cache", "home"):
            (self.home / folder).mkdir(parents=True, exist_ok=True)
        cpu_before = _children_cpu_s()
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            str(AIPROXY),
            *args,
            env=self.env,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        peak = 0.0

        async def sample() -> None:
            nonlocal peak
            while True:
                peak = max(peak, _rss_mib(process.pid) or 0.0)
                await asyncio.sleep(RSS_EVERY)

        sampler = asyncio.create_task(sample())
        try:
            stdout, stderr = await process.communicate(stdin.encode() if stdin is not None else None)
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
        wall = time.perf_counter() - started
        cpu = _children_cpu_s() - cpu_before
        if process.returncode != 0:
            raise CliFailed(
                f"aiproxy {' '.join(args)} exited with {process.returncode}\n--- stdout\n"
                f"{stdout.decode(errors='replace')[-3000:]}\n--- stderr\n{stderr.decode(errors='replace')[-3000:]}"
            )
        document: dict[str, Any] = {}
        if "--json" in args:
            document = json.loads(stdout)
        return Run(wall_s=wall, document=document, cpu_s=cpu, rss_peak_mib=peak)


def _check_sent(storage: str, upload: Run, replan: Run, download: Run, files: int, size: int) -> None:
    up, again, down = upload.document, replan.document, download.document
    problems = []
    if (up["uploaded"], up["failed"], up["bytesSent"]) != (files, 0, size):
        problems.append(f"upload: {up['uploaded']} uploaded, {up['failed']} failed, {up['bytesSent']} bytes sent")
    if (again["uploaded"], again["unchanged"], again["bytesSent"]) != (0, files, 0):
        problems.append(f"second upload: {again['uploaded']} uploaded, {again['unchanged']} unchanged")
    if (down["downloaded"], down["failed"], down["bytesReceived"]) != (files, 0, size):
        problems.append(
            f"download: {down['downloaded']} downloaded, {down['failed']} failed, {down['bytesReceived']} bytes"
        )
    if problems:
        raise AssertionError(f"{storage}: expected {files} files, {size} bytes; " + "; ".join(problems))


# ------------------------------------------------------------------------------------------------------- the floors


async def _timed_thread(action: Any, *args: Any) -> float:
    started = time.perf_counter()
    await asyncio.to_thread(action, *args)
    return time.perf_counter() - started


def _s3_transfer(client: Any, bucket: str, pairs: list[tuple[Path, str]], *, up: bool) -> None:
    """Every file through one transfer manager of JOBS threads, as `aws s3 cp --recursive`."""
    config = TransferConfig(max_concurrency=JOBS)
    with create_transfer_manager(client, config) as manager:
        futures = []
        for path, key in pairs:
            if up:
                futures.append(manager.upload(str(path), bucket, key))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                futures.append(manager.download(bucket, key, str(path)))
        for future in futures:
            future.result()


def _s3_delete(client: Any, bucket: str, keys: list[str]) -> None:
    for start in range(0, len(keys), 1000):
        client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys[start : start + 1000]]})


async def measure_floor(database: Database, storage: str, tree: Path, env: dict[str, str]) -> tuple[float, float]:
    """The floor's seconds up and down (see the module's docstring)."""
    back = database.workdir / f"cli-floor-down-{storage}"
    try:
        if storage == "local":
            copy = Path(database.env["DATA_DIR"]) / "files" / f"bench-floor-tree-{uuid.uuid4().hex}"
            try:
                up = await _timed_thread(shutil.copytree, tree, copy)
                down = await _timed_thread(shutil.copytree, copy, back)
            finally:
                await asyncio.to_thread(shutil.rmtree, copy, True)
        else:
            client = _s3_client(env["S3_ENDPOINT"])
            prefix = f"bench-floor/{uuid.uuid4()}/"
            files = sorted(p for p in tree.rglob("*") if p.is_file())
            keys = [prefix + p.relative_to(tree).as_posix() for p in files]
            try:
                up = await _timed_thread(
                    lambda: _s3_transfer(client, env["S3_BUCKET"], list(zip(files, keys, strict=True)), up=True)
                )
                downloads = [(back / p.relative_to(tree), k) for p, k in zip(files, keys, strict=True)]
                down = await _timed_thread(lambda: _s3_transfer(client, env["S3_BUCKET"], downloads, up=False))
            finally:
                await asyncio.to_thread(_s3_delete, client, env["S3_BUCKET"], keys)
        return up, down
    finally:
        await asyncio.to_thread(shutil.rmtree, back, True)


# ------------------------------------------------------------------------------------------------------------ ours


async def measure_storage(
    database: Database, token: str, storage: str, tree: Path, hashes: dict[str, str], hash_s: float, env: dict[str, str]
) -> CliFigures:
    work = database.workdir
    size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
    command = Command(work / f"cli-home-{storage}")  # an empty hash cache: the first upload hashes the tree
    target = work / f"cli-down-{storage}"
    try:
        async with processes.ours(
            {**database.env, **env, "PROJECT_UPLOAD_PART_BYTES": str(PART_BYTES)}, work, one_process=True
        ) as server:
            api = Api(server.url)
            try:
                email = (await api.data(VIEWER, {}, token))["viewer"]["email"]
                created = await api.mutate("projectCreate", CREATE, {"i": {"name": f"Bench CLI {storage}"}}, token)
            finally:
                await api.close()
            project = created["project"]
            stems = [f for f in project["folders"] if (f["kind"] or "").upper() == "STEMS"]
            folder = (stems or project["folders"])[0]
            await command.run("login", "--api-url", server.url, "--email", email, "--password-stdin", stdin=PASSWORD)
            where = (project["id"], folder["id"])

            async def run(*args: str) -> Run:
                before = tree_cpu(server.pid).seconds
                done = await command.run(*args, "--jobs", str(JOBS), "--json")
                return replace(done, api_cpu_s=tree_cpu(server.pid).seconds - before)

            upload = await run("upload", *where, str(tree))
            replan = await run("upload", *where, str(tree))
            download = await run("download", *where, str(target))
        _check_sent(storage, upload, replan, download, len(hashes), size)
        await asyncio.to_thread(check_tree, storage, "the downloaded tree", target, hashes)
    finally:
        await asyncio.to_thread(shutil.rmtree, target, True)
    floor_up, floor_down = await measure_floor(database, storage, tree, env)
    return CliFigures(
        storage=storage,
        size_bytes=size,
        files=len(hashes),
        part_bytes=PART_BYTES,
        hash_s=hash_s,
        upload=upload,
        replan=replan,
        download=download,
        floor_upload_s=floor_up,
        floor_download_s=floor_down,
    )


@contextlib.asynccontextmanager
async def s3_storage(workdir: Path) -> AsyncIterator[dict[str, str]]:
    async with s3_server(workdir) as endpoint:
        yield {
            "STORAGE_BACKEND": "s3",
            "S3_ENDPOINT": endpoint,
            "S3_ACCESS_KEY": S3_KEY,
            "S3_SECRET_KEY": S3_SECRET,
            "S3_BUCKET": f"bench-{uuid.uuid4().hex[:12]}",
        }


async def measure_cli(database: Database, token: str, size: int) -> list[CliFigures]:
    """A tree of `size` bytes up and down each storage through the `aiproxy` command, and the floor's copy (see
    the module's docstring)."""
    if not AIPROXY.exists():
        raise CliFailed(f"{AIPROXY} is not installed (pip install -e . installs the `aiproxy` command)")
    tree = database.workdir / "cli-tree"
    try:
        hashes = await asyncio.to_thread(make_tree, tree, size)
        started = time.perf_counter()
        hashed = await asyncio.to_thread(hash_tree, tree)
        hash_s = time.perf_counter() - started
        assert hashed == hashes, "the tree's files are not the bytes written"
        found = [await measure_storage(database, token, "local", tree, hashes, hash_s, {})]
        async with s3_storage(database.workdir) as s3:
            found.append(await measure_storage(database, token, "s3", tree, hashes, hash_s, s3))
        return found
    finally:
        await asyncio.to_thread(shutil.rmtree, tree, True)
