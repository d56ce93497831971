"""Export all of a user's data into one archive, and restore such an archive, as background jobs."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import IO, Any, Protocol

from domain.accounts.ports import AccountsUnitOfWork
from domain.common.clock import utcnow
from domain.data_transfer.archive import ArchiveError, ArchiveReader, write_archive
from domain.files.ports import FileStorage, FilesUnitOfWork
from domain.files.service import UploadService
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.errors import JobFailed
from domain.jobs.executor import JobContext
from domain.jobs.service import JobService
from domain.prompt_templates.entities import TemplateOverride
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork
from domain.sketches.entities import Sketch
from domain.sketches.ports import SketchesUnitOfWork

CHUNK = 1024 * 1024
SPOOL_MAX = 8 * 1024 * 1024  # archives larger than this go to a temporary file, not memory


class DataTransferUnitOfWork(
    AccountsUnitOfWork, SketchesUnitOfWork, PromptTemplatesUnitOfWork, FilesUnitOfWork, Protocol
):
    """Everything an export reads and an import writes."""


@dataclass(frozen=True)
class DataExportResult:
    key: str
    size_bytes: int
    sha256: str
    filename: str
    sketches: int
    prompt_templates: int


@dataclass(frozen=True)
class DataImportResult:
    sketches_created: int
    sketches_skipped: int
    prompt_templates: int


@dataclass(frozen=True)
class ExportOptions:
    """What an export puts in the archive besides the profile (which is always in it). A part left out is
    written empty: the archive keeps its shape, and importing it adds nothing of that part."""

    include_sketches: bool = True
    include_prompt_templates: bool = True


DATA_EXPORT = JobType(JobKind("DATA_EXPORT"), DataExportResult, "Write all your data into one archive.")
DATA_IMPORT = JobType(JobKind("DATA_IMPORT"), DataImportResult, "Restore an uploaded export archive.")


async def _chunks(handle: IO[bytes]) -> AsyncIterator[bytes]:
    while chunk := await asyncio.to_thread(handle.read, CHUNK):
        yield chunk


@dataclass
class DataTransferService:
    """The mutation side: create the job rows (enqueued after the caller commits)."""

    jobs: JobService
    uploads: UploadService

    async def start_export(self, user_id: uuid.UUID, options: ExportOptions | None = None) -> Job:
        return await self.jobs.create(user_id, DATA_EXPORT, asdict(options or ExportOptions()))

    async def start_import(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> Job:
        upload = await self.uploads.get_received(user_id, upload_id, "upload_id")
        return await self.jobs.create(user_id, DATA_IMPORT, {"upload_id": str(upload.id)})


_OPTIONS = {f.name for f in fields(ExportOptions)}


def export_key(user_id: uuid.UUID, job_id: uuid.UUID) -> str:
    return f"exports/{user_id}/{job_id}.zip"


def export_filename(at: datetime) -> str:
    return f"aiproxy-export-{at:%Y%m%d-%H%M%S}.zip"


@dataclass
class DataExportHandler:
    storage: FileStorage

    async def __call__(self, ctx: JobContext[DataTransferUnitOfWork]) -> DataExportResult:
        uow, job = ctx.uow, ctx.job
        user = await uow.users.get(job.user_id)
        if user is None:
            raise JobFailed("NOT_FOUND", "The account no longer exists.")
        # Jobs queued before the options existed have none: everything, as then.
        options = ExportOptions(**{k: bool(v) for k, v in job.payload.items() if k in _OPTIONS})
        sketches = await uow.sketches.list_all(job.user_id) if options.include_sketches else []
        overrides = await uow.prompt_templates.list(job.user_id) if options.include_prompt_templates else []
        await ctx.progress(0.3, f"Packing {len(sketches)} sketches and {len(overrides)} templates")
        now = utcnow()
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as spool:
            await asyncio.to_thread(write_archive, spool, user, sketches, overrides, now)
            await asyncio.to_thread(spool.seek, 0)
            await ctx.progress(0.6, "Storing the archive")
            stored = await self.storage.write(export_key(job.user_id, job.id), _chunks(spool), "application/zip")
        return DataExportResult(
            key=stored.key,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            filename=export_filename(now),
            sketches=len(sketches),
            prompt_templates=len(overrides),
        )


BATCH_ITEMS = 1000  # sketches per lookup and per flush: far below PostgreSQL's 32 767 bind parameters
BATCH_CHARS = 8_000_000  # and at most this much text held at once, however large the items


def _take(items: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    batch: list[dict[str, Any]] = []
    chars = 0
    for values in items:
        batch.append(values)
        chars += sum(len(v) for v in values.values() if isinstance(v, str))
        chars += sum(len(tag) for name in ("tags", "description_tags") for tag in values.get(name) or ())
        if len(batch) >= BATCH_ITEMS or chars >= BATCH_CHARS:
            break
    return batch


async def _batches(items: Iterator[dict[str, Any]]) -> AsyncIterator[list[dict[str, Any]]]:
    """The archive's items in batches, each parsed and checked in a thread (it is CPU-bound)."""
    while batch := await asyncio.to_thread(_take, items):
        yield batch


@dataclass
class DataImportHandler:
    """Restores an archive: checks all of it first, then writes in batches; all or nothing.

    A damaged, hostile or oversized archive fails the job at once as INVALID, naming the problem
    (see archive.py for the limits); nothing is written then."""

    storage: FileStorage
    uploads_max_bytes: int

    async def __call__(self, ctx: JobContext[DataTransferUnitOfWork]) -> DataImportResult:
        uow, job = ctx.uow, ctx.job
        upload = await uow.uploads.get(job.user_id, uuid.UUID(job.payload["upload_id"]))
        if upload is None:
            raise JobFailed("NOT_FOUND", "The upload no longer exists.")
        await ctx.progress(0.05, "Checking the uploaded file")
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as spool:
            digest, size = hashlib.sha256(), 0
            async for chunk in self.storage.read(upload.storage_key):
                digest.update(chunk)
                size += len(chunk)
                if size > upload.size_bytes:
                    break
                await asyncio.to_thread(spool.write, chunk)
            if size != upload.size_bytes or digest.hexdigest() != upload.sha256:
                raise JobFailed("INVALID", "The uploaded file does not match its declared size and sha256.")
            await asyncio.to_thread(spool.seek, 0)
            try:
                reader = await asyncio.to_thread(ArchiveReader, spool)
                with reader:
                    existing = await _check_items(ctx, reader)
                    return await _restore(ctx, reader, existing)
            except ArchiveError as exc:
                raise JobFailed("INVALID", str(exc)) from exc


async def _check_items(ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader) -> set[uuid.UUID]:
    """Read every item once before writing anything: a bad archive fails before the first write, and this
    progress is stored at once (the writes later hold SQLite's single writer). Returns the archive's sketch
    ids the account already has (imported before, or its own): looked up now, against the table as it is,
    a thousand at a time."""
    uow, user_id, total = ctx.uow, ctx.job.user_id, reader.counts.sketches
    existing: set[uuid.UUID] = set()
    checked = 0
    async for batch in _batches(reader.sketches()):
        existing |= await uow.sketches.find_existing_origins(user_id, [values["origin_id"] for values in batch])
        checked += len(batch)
        await ctx.progress(0.1 + 0.3 * checked / total, f"Checked {checked} of {total} sketches")
    async for _ in _batches(reader.prompt_templates()):
        pass
    return existing


async def _restore(
    ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader, existing: set[uuid.UUID]
) -> DataImportResult:
    counts = reader.counts
    await ctx.progress(0.4, f"Restoring {counts.sketches} sketches, {counts.prompt_templates} templates")
    created, skipped = await _restore_sketches(ctx, reader, existing)
    templates = await _restore_templates(ctx, reader)
    user = await ctx.uow.users.get(ctx.job.user_id)
    if user is None:
        raise JobFailed("NOT_FOUND", "The account no longer exists.")
    for name in ("first_name", "last_name", "artist_name"):
        # Only fill what is empty: an import never overwrites the account's own profile (nor the language,
        # which always has a value; the archive's is checked all the same).
        if not getattr(user, name) and reader.profile.get(name):
            setattr(user, name, reader.profile[name])
    return DataImportResult(sketches_created=created, sketches_skipped=skipped, prompt_templates=templates)


async def _restore_sketches(
    ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader, skip: set[uuid.UUID]
) -> tuple[int, int]:
    """Writes the sketches not in `skip` (those the account has), a batch per flush; an id the archive
    repeats is written once."""
    uow, user_id, total = ctx.uow, ctx.job.user_id, reader.counts.sketches
    created = done = 0
    async for batch in _batches(reader.sketches()):
        new: list[Sketch] = []
        for values in batch:
            if values["origin_id"] not in skip:
                skip.add(values["origin_id"])
                new.append(Sketch(user_id=user_id, **values))
        await uow.sketches.add_all(new)
        created += len(new)
        done += len(batch)
        await ctx.progress(0.4 + 0.5 * done / total, f"Restored {done} of {total} sketches")
    return created, done - created


async def _restore_templates(ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader) -> int:
    uow, user_id = ctx.uow, ctx.job.user_id
    current = {(o.category, o.action): o for o in await uow.prompt_templates.list(user_id)}
    changed = 0
    async for batch in _batches(reader.prompt_templates()):
        for item in batch:
            key = (item["category"], item["action"])
            values = {k: v for k, v in item.items() if k not in ("category", "action")}
            override = current.get(key)
            now = utcnow()
            if override is None:
                override = TemplateOverride(
                    user_id=user_id, category=key[0], action=key[1], created_at=now, updated_at=now, **values
                )
                await uow.prompt_templates.add(override)
                current[key] = override
                changed += 1
            elif any(getattr(override, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(override, k, v)
                override.updated_at = now
                changed += 1
    return changed
