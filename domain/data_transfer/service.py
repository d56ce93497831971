"""Export all of a user's data into one archive, and restore such an archive, as background jobs."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, Protocol

from domain.accounts.ports import AccountsUnitOfWork
from domain.common.clock import utcnow
from domain.data_transfer.archive import ArchiveContents, ArchiveError, read_archive, write_archive
from domain.files.ports import FileStorage, FilesUnitOfWork
from domain.files.service import UploadService
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.errors import JobFailed
from domain.jobs.executor import JobContext
from domain.jobs.service import JobService
from domain.prompt_templates.entities import TemplateOverride
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork
from domain.sketches.entities import Sketch, SketchWorkflow
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

    async def start_export(self, user_id: uuid.UUID) -> Job:
        return await self.jobs.create(user_id, DATA_EXPORT, {})

    async def start_import(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> Job:
        upload = await self.uploads.get_received(user_id, upload_id, "upload_id")
        return await self.jobs.create(user_id, DATA_IMPORT, {"upload_id": str(upload.id)})


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
        sketches = await uow.sketches.list_all(job.user_id)
        overrides = await uow.prompt_templates.list(job.user_id)
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


@dataclass
class DataImportHandler:
    storage: FileStorage
    uploads_max_bytes: int

    async def __call__(self, ctx: JobContext[DataTransferUnitOfWork]) -> DataImportResult:
        uow, job = ctx.uow, ctx.job
        upload = await uow.uploads.get(job.user_id, uuid.UUID(job.payload["upload_id"]))
        if upload is None:
            raise JobFailed("NOT_FOUND", "The upload no longer exists.")
        await ctx.progress(0.1, "Checking the uploaded file")
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as spool:
            digest, size = hashlib.sha256(), 0
            async for chunk in self.storage.read(upload.storage_key):
                digest.update(chunk)
                size += len(chunk)
                await asyncio.to_thread(spool.write, chunk)
            if size != upload.size_bytes or digest.hexdigest() != upload.sha256:
                raise JobFailed("INVALID", "The uploaded file does not match its declared size and sha256.")
            await asyncio.to_thread(spool.seek, 0)
            try:
                contents = await asyncio.to_thread(read_archive, spool)
            except ArchiveError as exc:
                raise JobFailed("INVALID", str(exc)) from exc
        # All reporting happens before the writes: they then run as one short burst and commit with the
        # job's success (an import is all or nothing).
        await ctx.progress(
            0.5, f"Restoring {len(contents.sketches)} sketches, {len(contents.prompt_templates)} templates"
        )
        created, skipped = await _restore_sketches(uow, job.user_id, contents)
        templates = await _restore_templates(uow, job.user_id, contents)
        user = await uow.users.get(job.user_id)
        if user is None:
            raise JobFailed("NOT_FOUND", "The account no longer exists.")
        for name in ("first_name", "last_name", "artist_name"):
            # Only fill what is empty: an import never overwrites the account's own profile.
            if not getattr(user, name) and contents.profile.get(name):
                setattr(user, name, contents.profile[name])
        return DataImportResult(sketches_created=created, sketches_skipped=skipped, prompt_templates=templates)


async def _restore_sketches(
    uow: DataTransferUnitOfWork, user_id: uuid.UUID, contents: ArchiveContents
) -> tuple[int, int]:
    ids = [uuid.UUID(item["id"]) for item in contents.sketches]
    existing = await uow.sketches.find_existing_origins(user_id, ids)
    created = 0
    for item, origin in zip(contents.sketches, ids, strict=True):
        if origin in existing:
            continue
        existing.add(origin)
        await uow.sketches.add(
            Sketch(
                user_id=user_id,
                origin_id=origin,
                title=item.get("title"),
                lyrics=item.get("lyrics"),
                prompt=item["prompt"],
                tags=list(item.get("tags") or []),
                description_long=item.get("description_long"),
                description_short=item.get("description_short"),
                description_tags=list(item.get("description_tags") or []),
                info=item.get("info"),
                workflow=SketchWorkflow(item["workflow"]),
                created_at=datetime.fromisoformat(item["created_at"]),
                updated_at=datetime.fromisoformat(item["updated_at"]),
            )
        )
        created += 1
    return created, len(ids) - created


async def _restore_templates(uow: DataTransferUnitOfWork, user_id: uuid.UUID, contents: ArchiveContents) -> int:
    changed = 0
    for item in contents.prompt_templates:
        values: dict[str, Any] = {k: item.get(k) for k in ("pre_condition", "post_condition", "description", "version")}
        values.update({k: item.get(k) for k in ("model", "temperature", "max_tokens")})
        values["active"] = bool(item.get("active", True))
        values["version"] = values["version"] or "1.0"
        current = await uow.prompt_templates.get_by_key(user_id, item["category"], item["action"])
        now = utcnow()
        if current is None:
            await uow.prompt_templates.add(
                TemplateOverride(
                    user_id=user_id,
                    category=item["category"],
                    action=item["action"],
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            changed += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.updated_at = now
            changed += 1
    return changed
