"""Transfers between local files and a project's storage, through the signed URLs the API hands out.

Uploads: files are declared to the API twenty at a time (one request, aliased mutations), their parts PUT straight
to storage (`jobs` requests at once over all files), and completed twenty at a time. Declaring a file the server
already has parts of answers the same upload with those parts listed, so a rerun after Ctrl-C or a crash sends
only what is missing. Downloads: `jobs` files at once, each into `<name>.aiproxy-part`, continued with a Range
request by the next run, SHA-256 checked before it takes the file's name. A refused signed URL (it expired) is
asked for again; network failures are retried with backoff; a file that fails is reported, the others go on."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiolimiter import AsyncLimiter

from cli.errors import EXIT_AUTH, EXIT_UNREACHABLE, CliError
from cli.graphql import Connection, backoff
from cli.hashing import CHUNK, HashCache, sha256_of
from cli.ignore import LocalFile
from cli.paths import PARTIAL_SUFFIX, safe_target
from cli.progress import Reporter, size

BATCH = 20  # files declared or completed in one request (the API takes at most 30 aliases)
PART_TRIES = 5
RECORD_PARTIAL_BYTES = 8 * 1024 * 1024  # downloads this large note which version their partial file holds
FATAL = (EXIT_AUTH, EXIT_UNREACHABLE)  # these stop every transfer: nothing else would work either

UPLOAD_FIELDS = """
fragment Upload on ProjectFileUpload {
  id mode partSize partCount uploadedParts
  parts { number offset sizeBytes url method headers { name value } }
}
"""
PARTS_QUERY = """
query Parts($id: ID!, $numbers: [Int!]) {
  node(id: $id) {
    ... on ProjectFileUpload { parts(numbers: $numbers) { number offset sizeBytes url method headers { name value } } }
  }
}
"""
DOWNLOAD_URL_QUERY = "query Url($id: ID!) { node(id: $id) { ... on ProjectFile { downloadUrl } } }"


@dataclass
class Outcome:
    """One file's result."""

    relative: str
    ok: bool
    message: str | None = None
    bytes: int = 0  # sent or received by this run
    resumed_parts: int = 0
    resumed_bytes: int = 0
    skipped: bool = False  # a download that was already there, byte for byte


@dataclass
class Transfers:
    """What every transfer of one command shares: the connection, `jobs` slots, the rate budget, the reporter."""

    connection: Connection
    reporter: Reporter
    jobs: int
    limit_rate: int | None = None  # bytes per second over all transfers
    slots: asyncio.Semaphore = field(init=False)
    limiter: AsyncLimiter | None = field(init=False)
    chunk: int = field(init=False)

    def __post_init__(self) -> None:
        self.slots = asyncio.Semaphore(self.jobs)
        self.limiter = AsyncLimiter(self.limit_rate, 1) if self.limit_rate else None
        self.chunk = min(CHUNK, self.limit_rate) if self.limit_rate else CHUNK

    async def spend(self, n: int) -> None:
        if self.limiter is not None:
            while n > 0:  # the limiter takes at most one second's worth at once
                await self.limiter.acquire(min(n, self.chunk))
                n -= self.chunk


def aliased(operation: str, name: str, field_name: str, input_type: str, selection: str, count: int) -> str:
    """One document with `count` aliased calls of a mutation, each with its own `$iK` input."""
    variables = ", ".join(f"$i{k}: {input_type}!" for k in range(count))
    calls = "\n".join(f"  r{k}: {field_name}(input: $i{k}) {selection}" for k in range(count))
    return f"{operation} {name}({variables}) {{\n{calls}\n}}"


def storage_failure(response: httpx.Response) -> str:
    """Storage's refusal in a line: S3 answers XML with a Code and Message, the local adapter plain text."""
    text = " ".join(response.text.split())[:300]
    return (
        f"storage answered HTTP {response.status_code}: {text}" if text else f"storage answered {response.status_code}"
    )


# --------------------------------------------------------------------------------------------------------- upload


@dataclass
class UploadItem:
    file: LocalFile
    sha256: str
    changed: bool  # replaces a file of the folder (toUpdate) rather than adding one (toUpload)


@dataclass
class Declared:
    item: UploadItem
    upload: dict[str, Any]
    outcome: Outcome


class Uploader:
    def __init__(self, transfers: Transfers, folder_id: str) -> None:
        self.t = transfers
        self.folder_id = folder_id
        self.outcomes: list[Outcome] = []

    async def run(self, items: Sequence[UploadItem]) -> list[Outcome]:
        ready: asyncio.Queue[Declared | None] = asyncio.Queue(maxsize=self.t.jobs * 2)
        sent: asyncio.Queue[Declared | None] = asyncio.Queue()
        async with asyncio.TaskGroup() as group:
            completer = group.create_task(self._complete_all(sent))
            async with asyncio.TaskGroup() as senders:
                senders.create_task(self._declare_all(items, ready))
                for _ in range(self.t.jobs):
                    senders.create_task(self._send_all(ready, sent))
            await sent.put(None)
            await completer
        return self.outcomes

    def _failed(self, outcome: Outcome, exc: BaseException | str) -> None:
        if isinstance(exc, CliError) and exc.exit_code in FATAL:
            raise exc
        outcome.ok = False
        outcome.message = exc if isinstance(exc, str) else (getattr(exc, "message", None) or str(exc) or repr(exc))
        self.outcomes.append(outcome)
        self.t.reporter.error(f"failed {outcome.relative}: {outcome.message}")

    async def _declare_all(self, items: Sequence[UploadItem], ready: asyncio.Queue[Declared | None]) -> None:
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            try:
                answers = await self._declare(batch)
            except CliError as exc:
                for item in batch:
                    self._failed(Outcome(item.file.relative, False), exc)
                continue
            for item, answer in zip(batch, answers, strict=True):
                outcome = Outcome(item.file.relative, True)
                if answer["upload"] is None:
                    messages = "; ".join(e["message"] for e in answer["userErrors"]) or "refused"
                    self._failed(outcome, messages)
                    continue
                await ready.put(Declared(item, answer["upload"], outcome))
        # The senders stop at these (only after a normal end: on a failure the group cancels them anyway, and a
        # full queue nobody reads any more would hold this task for ever).
        for _ in range(self.t.jobs):
            await ready.put(None)

    async def _declare(self, batch: Sequence[UploadItem]) -> list[dict[str, Any]]:
        document = aliased(
            "mutation",
            "Declare",
            "projectFileUploadCreate",
            "ProjectFileUploadCreateInput",
            "{ upload { ...Upload } userErrors { field message code } }",
            len(batch),
        )
        variables = {
            f"i{k}": {
                "folderId": self.folder_id,
                "relativePath": item.file.relative,
                "sizeBytes": str(item.file.size),
                "sha256": item.sha256,
            }
            for k, item in enumerate(batch)
        }
        data = await self.t.connection.graphql(document + UPLOAD_FIELDS, variables)
        return [data[f"r{k}"] for k in range(len(batch))]

    async def _send_all(self, ready: asyncio.Queue[Declared | None], sent: asyncio.Queue[Declared | None]) -> None:
        while (declared := await ready.get()) is not None:
            try:
                await self._send(declared)
            except (CliError, httpx.HTTPError, OSError) as exc:
                self._failed(declared.outcome, exc)
                continue
            await sent.put(declared)

    async def _send(self, declared: Declared) -> None:
        upload, item, outcome = declared.upload, declared.item, declared.outcome
        stored = set(upload["uploadedParts"])
        outcome.resumed_parts = len(stored)
        name = item.file.relative
        part_size, count = int(upload["partSize"]), int(upload["partCount"])
        held = sum(min(part_size, item.file.size - (n - 1) * part_size) for n in stored)
        self.t.reporter.file_started(name, item.file.size)
        self.t.reporter.advance(name, held)
        missing = [n for n in range(1, count + 1) if n not in stored]
        known = {p["number"]: p for p in upload["parts"]}
        with unwrap_group():
            async with asyncio.TaskGroup() as group:
                for start in range(0, len(missing), 100):
                    numbers = missing[start : start + 100]
                    if any(n not in known for n in numbers):
                        known.update({p["number"]: p for p in await self._parts(upload["id"], numbers)})
                    for number in numbers:
                        group.create_task(self._put_part(upload["id"], item.file, known[number], outcome))

    async def _parts(self, upload_id: str, numbers: list[int]) -> list[dict[str, Any]]:
        data = await self.t.connection.graphql(PARTS_QUERY, {"id": upload_id, "numbers": numbers})
        node = data.get("node")
        if not node:
            raise CliError("the upload is gone on the server (it was aborted or abandoned); run again to restart it")
        parts: list[dict[str, Any]] = node["parts"]
        return parts

    async def _put_part(self, upload_id: str, file: LocalFile, part: dict[str, Any], outcome: Outcome) -> None:
        offset, length = int(part["offset"]), int(part["sizeBytes"])
        for attempt in range(PART_TRIES):
            sent = 0

            def count(n: int) -> None:
                nonlocal sent
                sent += n
                self.t.reporter.advance(file.relative, n)

            failure: str
            async with self.t.slots:
                headers = {h["name"]: h["value"] for h in part["headers"]}
                headers["Content-Length"] = str(length)
                try:
                    response = await self.t.connection.http.request(
                        part["method"], part["url"], headers=headers, content=self._read(file, offset, length, count)
                    )
                except httpx.TransportError as exc:
                    response, failure = None, f"{type(exc).__name__}: {exc}"
            if response is not None:
                if response.is_success:
                    outcome.bytes += length
                    return
                failure = storage_failure(response)
                if response.status_code in (400, 411, 413) and attempt:
                    raise CliError(failure)  # the request itself is wrong: trying again will not help
            self.t.reporter.advance(file.relative, -sent)
            if attempt + 1 == PART_TRIES:
                raise CliError(f"part {part['number']}: {failure}")
            await asyncio.sleep(backoff(attempt, 8))
            # A refusal may be an expired or stale signature: sign this part anew before the next try.
            part = (await self._parts(upload_id, [part["number"]]))[0]

    async def _read(
        self, file: LocalFile, offset: int, length: int, count: Callable[[int], None]
    ) -> AsyncIterator[bytes]:
        with file.path.open("rb") as source:
            source.seek(offset)
            left = length
            while left:
                block = await asyncio.to_thread(source.read, min(self.t.chunk, left))
                if not block:
                    raise CliError(f"{file.relative} became shorter while it was sent; run again")
                await self.t.spend(len(block))
                left -= len(block)
                count(len(block))
                yield block

    async def _complete_all(self, sent: asyncio.Queue[Declared | None]) -> None:
        finished = False
        while not finished:
            first = await sent.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH and not sent.empty():
                following = sent.get_nowait()
                if following is None:
                    finished = True
                    break
                batch.append(following)
            await self._complete(batch)

    async def _complete(self, batch: list[Declared]) -> None:
        document = aliased(
            "mutation",
            "Complete",
            "projectFileUploadComplete",
            "ProjectFileUploadIdInput",
            "{ file { id } userErrors { field message code } }",
            len(batch),
        )
        variables = {f"i{k}": {"id": d.upload["id"]} for k, d in enumerate(batch)}
        try:
            data = await self.t.connection.graphql(document, variables)
        except CliError as exc:
            for declared in batch:
                self._failed(declared.outcome, exc)
            return
        for k, declared in enumerate(batch):
            answer = data[f"r{k}"]
            if answer["file"] is None:
                self._failed(declared.outcome, "; ".join(e["message"] for e in answer["userErrors"]) or "refused")
                continue
            self.outcomes.append(declared.outcome)
            verb = "updated" if declared.item.changed else "uploaded"
            resumed = (
                f", {declared.outcome.resumed_parts} parts were already there" if declared.outcome.resumed_parts else ""
            )
            self.t.reporter.file_done(
                declared.item.file.relative,
                f"{verb} {declared.item.file.relative} ({size(declared.item.file.size)}{resumed})",
            )


# ------------------------------------------------------------------------------------------------------- download


@dataclass
class RemoteFile:
    id: str
    relative: str
    size: int
    sha256: str
    url: str
    root: Path  # the local folder it goes into (relative kept below it)
    prefix: str = ""  # shown before the path in messages (clone: the folder's name)

    @property
    def label(self) -> str:
        return self.prefix + self.relative


class Downloader:
    def __init__(self, transfers: Transfers, cache: HashCache) -> None:
        self.t = transfers
        self.cache = cache
        self.outcomes: list[Outcome] = []

    async def run(self, files: Sequence[RemoteFile]) -> list[Outcome]:
        queue: asyncio.Queue[RemoteFile] = asyncio.Queue()
        for remote in files:
            queue.put_nowait(remote)

        async def work() -> None:
            while not queue.empty():
                remote = queue.get_nowait()
                outcome = Outcome(remote.label, True)
                try:
                    await self._one(remote, outcome)
                except (CliError, httpx.HTTPError, OSError) as exc:
                    if isinstance(exc, CliError) and exc.exit_code in FATAL:
                        raise
                    outcome.ok = False
                    outcome.message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                    self.t.reporter.error(f"failed {remote.label}: {outcome.message}")
                self.outcomes.append(outcome)

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(self.t.jobs):
                    group.create_task(work())
        finally:
            self.cache.db.commit()
        return self.outcomes

    async def _one(self, remote: RemoteFile, outcome: Outcome) -> None:
        target = safe_target(remote.root, remote.relative)
        if target.exists() and target.stat().st_size == remote.size:
            known = self.cache.known(target) or await asyncio.to_thread(sha256_of, target)
            if known == remote.sha256:
                self.cache.put_path(target, known)
                outcome.skipped = True
                self.t.reporter.advance(None, remote.size)
                self.t.reporter.file_done(remote.label, f"unchanged {remote.label}")
                return
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        self.t.reporter.file_started(remote.label, remote.size)
        if self.cache.partial_of(partial) not in (None, remote.sha256):
            partial.unlink(missing_ok=True)  # the start of a version the server no longer has
        if remote.size >= RECORD_PARTIAL_BYTES:
            self.cache.begin_partial(partial, remote.sha256)
        for fresh_start in (False, True):
            if fresh_start:
                partial.unlink(missing_ok=True)
                outcome.resumed_bytes = 0
            digest = await self._fetch(remote, partial, outcome)
            if digest == remote.sha256:
                break
            self.t.reporter.error(f"{remote.label}: the SHA-256 did not match; fetching it again from the start")
        else:
            partial.unlink(missing_ok=True)
            self.cache.end_partial(partial)
            raise CliError("the bytes received do not match the file's SHA-256, twice")
        partial.replace(target)
        self.cache.end_partial(partial)
        self.cache.put_path(target, remote.sha256)
        self.t.reporter.file_done(remote.label, f"downloaded {remote.label} ({size(remote.size)})")

    async def _fetch(self, remote: RemoteFile, partial: Path, outcome: Outcome) -> str:
        """Fill `partial` up to the file's size, from what it holds; the SHA-256 of all of it."""
        digest = hashlib.sha256()
        with partial.open("ab") as grown:
            have = grown.tell()
            if have > remote.size:  # not the start of this file: start over
                grown.truncate(0)
                have = 0
        if have:
            await asyncio.to_thread(_hash_into, digest, partial)
            outcome.resumed_bytes += have
        self.t.reporter.advance(remote.label, have)

        def written(n: int) -> None:
            outcome.bytes += n
            self.t.reporter.advance(remote.label, n)

        attempt = 0
        stale_url = False
        while have < remote.size:
            if stale_url:  # asked for after the wait, so that it is as fresh as can be when it is used
                remote.url = await self._fresh_url(remote)
                stale_url = False
            headers = {"Range": f"bytes={have}-"} if have else {}
            got_before = have
            try:
                async with self.t.slots, self.t.connection.http.stream("GET", remote.url, headers=headers) as response:
                    if response.status_code in (401, 403):
                        await response.aread()
                        stale_url = True  # expired, most likely: sign it anew
                        raise _Retry(storage_failure(response))
                    if response.status_code == 200 and have:
                        digest, have = hashlib.sha256(), 0  # storage sent everything: start over
                        partial.write_bytes(b"")
                    elif response.status_code not in (200, 206):
                        await response.aread()
                        raise _Retry(storage_failure(response))
                    with partial.open("ab") as out:
                        sink = _Sink(out, digest, self.t.chunk, written)
                        try:
                            async for block in response.aiter_bytes():
                                await self.t.spend(len(block))
                                have += await sink.add(block)
                        finally:
                            have += await sink.flush()
            except (httpx.TransportError, _Retry) as exc:
                attempt = 0 if have > got_before else attempt + 1  # progress resets the count
                if attempt >= PART_TRIES:
                    raise CliError(str(exc)) from exc
                await asyncio.sleep(backoff(attempt, 8))
        return digest.hexdigest()

    async def _fresh_url(self, remote: RemoteFile) -> str:
        data = await self.t.connection.graphql(DOWNLOAD_URL_QUERY, {"id": remote.id})
        node = data.get("node")
        if not node:
            raise CliError("the file was deleted on the server meanwhile")
        url: str = node["downloadUrl"]
        return url


class _Sink:
    """Blocks as the connection hands them (~32-64 KiB), written and hashed `size` bytes at a time in one thread
    hop; `flush` writes what arrived before a failure too (the next try resumes after it)."""

    def __init__(self, out: Any, digest: Any, size: int, on_written: Callable[[int], None] | None = None) -> None:
        self.out, self.digest, self.size = out, digest, size
        self.on_written = on_written
        self.blocks: list[bytes] = []
        self.held = 0

    async def add(self, block: bytes) -> int:
        """Bytes written by this call (0 while they are gathered)."""
        self.blocks.append(block)
        self.held += len(block)
        return await self.flush() if self.held >= self.size else 0

    async def flush(self) -> int:
        written, blocks = self.held, self.blocks
        if blocks:
            self.blocks, self.held = [], 0
            await asyncio.to_thread(_write, self.out, self.digest, blocks)
            if self.on_written is not None:
                self.on_written(written)
        return written


class _Retry(Exception):
    pass


@contextlib.contextmanager
def unwrap_group() -> Iterator[None]:
    """A task group's failure as its first error: the caller handles one file's failure, not a group of them."""
    try:
        yield
    except BaseExceptionGroup as group:
        raise first_error(group) from None


def first_error(error: BaseException) -> BaseException:
    """The error that explains a group best: one that stops everything (signed out, unreachable), else the first."""
    leaves: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop(0)
        if isinstance(current, BaseExceptionGroup):
            pending[:0] = list(current.exceptions)
        else:
            leaves.append(current)
    fatal = [e for e in leaves if isinstance(e, CliError) and e.exit_code in FATAL]
    return (fatal or leaves or [error])[0]


def _write(out: Any, digest: Any, blocks: list[bytes]) -> None:
    for block in blocks:
        out.write(block)
        digest.update(block)


def _hash_into(digest: Any, path: Path) -> None:
    with path.open("rb") as source:
        while block := source.read(CHUNK):
            digest.update(block)
