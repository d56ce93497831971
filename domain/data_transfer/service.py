"""Export all of a user's data into one archive, and restore such an archive, as background jobs."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import IO, Any, Protocol, TypeVar

from domain.accounts.ports import AccountsUnitOfWork
from domain.common.clock import utcnow
from domain.common.secrets import SecretCipher, SecretUnreadable
from domain.common.validation import Checks
from domain.data_transfer.archive import ArchivePart, ArchiveReader, ArchiveWriter
from domain.data_transfer.passphrase import ArchiveKeys, check_passphrase
from domain.data_transfer.sections import (
    ArchiveError,
    ArchiveSecrets,
    ArchiveSection,
    CarriesFiles,
    CarriesSecrets,
    Item,
    SectionRestorer,
    WrongPassphrase,
)
from domain.files.ports import FileStorage, FilesUnitOfWork, ObjectMissing
from domain.files.service import UploadService
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.errors import JobFailed
from domain.jobs.executor import JobContext
from domain.jobs.ports import JobsUnitOfWork
from domain.jobs.service import JobService

CHUNK = 1024 * 1024
SPOOL_MAX = 8 * 1024 * 1024  # archives larger than this go to a temporary file, not memory


class DataTransferUnitOfWork(AccountsUnitOfWork, FilesUnitOfWork, JobsUnitOfWork, Protocol):
    """What the handlers themselves read: the account, the upload and their job (to forget its passphrase). Each
    section is handed the same unit of work and reads and writes its own area's repositories through it."""


@dataclass(frozen=True)
class ExportedSection:
    name: str
    exported: int
    # Items written without the secrets they have (exported without a passphrase).
    secrets_left_out: int = 0


@dataclass(frozen=True)
class ImportedSection:
    name: str
    created: int
    skipped: int
    # Items created without the secrets they had (see DataImportResult.secrets).
    secrets_left_out: int = 0


class ImportedSecrets(StrEnum):
    """What an import did with secrets."""

    NONE = "NONE"  # the archive held none and left none out
    RESTORED = "RESTORED"  # the archive's secrets, opened with the passphrase
    NOT_IN_ARCHIVE = "NOT_IN_ARCHIVE"  # the archive was exported without a passphrase: its secrets were left out
    NO_PASSPHRASE = "NO_PASSPHRASE"  # the archive holds secrets, but no passphrase was given: left out


T = TypeVar("T")


def _typed(cls: type[T], stored: Sequence[Any]) -> tuple[T, ...]:
    """Sections as a handler returns them, or as read back from the job's stored JSON (dicts)."""
    return tuple(s if isinstance(s, cls) else cls(**s) for s in stored)


@dataclass(frozen=True)
class DataExportResult:
    key: str
    size_bytes: int
    sha256: str
    filename: str
    # One per registered section, in registration order (stored as JSON: read back as dicts, made typed here).
    sections: tuple[ExportedSection, ...] = ()
    # Whether the archive holds the secrets (encrypted with the passphrase given for the export).
    secrets_included: bool = False
    # Only in results stored before `sections` (format 1 exports); read back into `sections`.
    sketches: int | None = field(default=None, repr=False)
    prompt_templates: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        sections = _typed(ExportedSection, self.sections)
        if not sections and self.sketches is not None:
            sections = (
                ExportedSection("sketches", self.sketches),
                ExportedSection("prompt_templates", self.prompt_templates or 0),
            )
        object.__setattr__(self, "sections", sections)

    def exported(self, name: str) -> int:
        return next((s.exported for s in self.sections if s.name == name), 0)


@dataclass(frozen=True)
class DataImportResult:
    # One per section the archive held, in registration order.
    sections: tuple[ImportedSection, ...] = ()
    secrets: str = ImportedSecrets.NONE.value
    # Only in results stored before `sections`; read back into `sections`.
    sketches_created: int | None = field(default=None, repr=False)
    sketches_skipped: int | None = field(default=None, repr=False)
    prompt_templates: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        sections = _typed(ImportedSection, self.sections)
        if not sections and self.sketches_created is not None:
            sections = (
                ImportedSection("sketches", self.sketches_created, self.sketches_skipped or 0),
                ImportedSection("prompt_templates", self.prompt_templates or 0, 0),
            )
        object.__setattr__(self, "sections", sections)

    def section(self, name: str) -> ImportedSection:
        return next((s for s in self.sections if s.name == name), ImportedSection(name, 0, 0))

    @property
    def secrets_left_out(self) -> int:
        return sum(s.secrets_left_out for s in self.sections)


@dataclass(frozen=True)
class ExportOptions:
    """What an export puts in the archive besides the profile (which is always in it). A part left out is
    written empty: the archive keeps its shape, and importing it adds nothing of that part."""

    include_sketches: bool = True
    include_prompt_templates: bool = True
    include_songs: bool = True
    include_images: bool = True
    include_projects: bool = True
    include_equipment: bool = True

    def left_out(self) -> set[str]:
        """The sections written empty."""
        return {
            name
            for names, wanted in (
                (("sketches",), self.include_sketches),
                (("prompt_templates",), self.include_prompt_templates),
                (("songs",), self.include_songs),
                (("images",), self.include_images),
                (("equipment",), self.include_equipment),
                (("projects", "project_files", "project_assets"), self.include_projects),
            )
            if not wanted
            for name in names
        }


DATA_EXPORT = JobType(JobKind("DATA_EXPORT"), DataExportResult, "Write all your data into one archive.")
DATA_IMPORT = JobType(JobKind("DATA_IMPORT"), DataImportResult, "Restore an uploaded export archive.")


async def _chunks(handle: IO[bytes]) -> AsyncIterator[bytes]:
    while chunk := await asyncio.to_thread(handle.read, CHUNK):
        yield chunk


def _files_of(section: ArchiveSection[Any, Any], batch: Sequence[Item]) -> list[tuple[str, str]]:
    return [file for item in batch for file in section.files(item)] if isinstance(section, CarriesFiles) else []


async def _pack_file(
    storage: FileStorage, writer: ArchiveWriter, section: ArchiveSection[Any, Any], name: str, key: str
) -> None:
    """Streams one stored object into the archive; one gone from storage since is left out (its item says it
    had one, and the import does without)."""
    chunks = storage.read(key, CHUNK)
    try:
        first = await anext(chunks)
    except (ObjectMissing, StopAsyncIteration):
        return
    entry = await asyncio.to_thread(writer.open_file, section, name)
    try:
        await asyncio.to_thread(entry.write, first)
        async for chunk in chunks:
            await asyncio.to_thread(entry.write, chunk)
    finally:
        await asyncio.to_thread(entry.close)


@dataclass
class _ArchiveFiles:
    """One section's files in the archive being imported, streamed into storage as its restorer asks."""

    reader: ArchiveReader
    part: ArchivePart
    storage: FileStorage

    async def store(self, name: str, key: str, content_type: str) -> bool:
        entry = await asyncio.to_thread(self.reader.open_file, self.part, name)
        if entry is None:
            return False
        try:
            await self.storage.write(key, _chunks(entry), content_type)
        finally:
            await asyncio.to_thread(entry.close)
        return True


# The job payload's passphrase (a token under the server's keys), and the mark that one was given.
PASSPHRASE = "passphrase"
WITH_SECRETS = "with_secrets"


@dataclass
class DataTransferService:
    """The mutation side: create the job rows (enqueued after the caller commits)."""

    jobs: JobService
    uploads: UploadService
    cipher: SecretCipher

    async def start_export(
        self, user_id: uuid.UUID, options: ExportOptions | None = None, passphrase: str | None = None
    ) -> Job:
        """With a passphrase, the archive holds the secrets, encrypted with it."""
        payload = asdict(options or ExportOptions()) | self._passphrase(passphrase, exporting=True)
        return await self.jobs.create(user_id, DATA_EXPORT, payload)

    async def start_import(self, user_id: uuid.UUID, upload_id: uuid.UUID, passphrase: str | None = None) -> Job:
        """With the export's passphrase, the archive's secrets are restored too."""
        secret = self._passphrase(passphrase, exporting=False)
        upload = await self.uploads.get_received(user_id, upload_id, "upload_id")
        return await self.jobs.create(user_id, DATA_IMPORT, {"upload_id": str(upload.id)} | secret)

    def _passphrase(self, passphrase: str | None, *, exporting: bool) -> dict[str, Any]:
        checks = Checks()
        check_passphrase(passphrase, checks, exporting=exporting)
        checks.raise_if_any()
        if passphrase is None:
            return {}
        return {WITH_SECRETS: True, PASSPHRASE: self.cipher.encrypt(passphrase)}


async def _take_passphrase(
    forget: Callable[[uuid.UUID], Awaitable[None]], cipher: SecretCipher, job: Job
) -> str | None:
    """The job's passphrase (None: none was given), removed from its row for good first."""
    if not job.payload.get(WITH_SECRETS):
        return None
    sealed = job.payload.get(PASSPHRASE)
    if not isinstance(sealed, str):
        raise JobFailed(
            "PASSPHRASE_GONE",
            "This job was interrupted after it had taken its passphrase, which is kept only until then: start it "
            "again.",
        )
    await forget(job.id)
    try:
        return cipher.decrypt(sealed)
    except SecretUnreadable:
        raise JobFailed(
            "PASSPHRASE_GONE", "The server's encryption keys changed since this job was started: start it again."
        ) from None


def passphrase_forgetter(uow: Callable[[], DataTransferUnitOfWork]) -> Callable[[uuid.UUID], Awaitable[None]]:
    """Removes a job's passphrase from its row, in a transaction of its own (committed before the job goes on)."""

    async def forget(job_id: uuid.UUID) -> None:
        async with uow() as unit:
            row = await unit.jobs.get_for_update(job_id)
            if row is not None and PASSPHRASE in row.payload:
                row.payload = {k: v for k, v in row.payload.items() if k != PASSPHRASE}
                await unit.commit()

    return forget


_OPTIONS = {f.name for f in fields(ExportOptions)}


def export_key(user_id: uuid.UUID, job_id: uuid.UUID) -> str:
    return f"exports/{user_id}/{job_id}.zip"


def export_filename(at: datetime) -> str:
    return f"aiproxy-export-{at:%Y%m%d-%H%M%S}.zip"


def _export(
    section: ArchiveSection[Any, Any], uow: DataTransferUnitOfWork, user_id: uuid.UUID, secrets: ArchiveSecrets | None
) -> AsyncIterator[Sequence[Item]]:
    if isinstance(section, CarriesSecrets):
        return section.export(uow, user_id, secrets=secrets)
    return section.export(uow, user_id)


@dataclass
class DataExportHandler:
    """Writes every registered section into one archive, a batch of rows at a time, and stores it; with the
    job's passphrase, the secrets too, encrypted with a key derived from it."""

    storage: FileStorage
    sections: Sequence[ArchiveSection[Any, Any]]
    cipher: SecretCipher
    keys: ArchiveKeys
    forget_passphrase: Callable[[uuid.UUID], Awaitable[None]]

    async def __call__(self, ctx: JobContext[DataTransferUnitOfWork]) -> DataExportResult:
        uow, job = ctx.uow, ctx.job
        passphrase = await _take_passphrase(self.forget_passphrase, self.cipher, job)
        if await uow.users.get(job.user_id) is None:
            raise JobFailed("NOT_FOUND", "The account no longer exists.")
        # Jobs queued before the options existed have none: everything, as then.
        options = ExportOptions(**{k: bool(v) for k, v in job.payload.items() if k in _OPTIONS})
        left_out = options.left_out()
        entry: dict[str, Any] | None = None
        secrets: ArchiveSecrets | None = None
        if passphrase is not None:
            await ctx.progress(0.05, "Deriving the key from your passphrase")
            entry, secrets = await asyncio.to_thread(self.keys.for_export, passphrase)
        now = utcnow()
        exported: list[ExportedSection] = []
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as spool:
            writer = ArchiveWriter(spool, job.user_id, now, entry)
            for done, section in enumerate(self.sections):
                await ctx.progress(0.1 + 0.5 * done / len(self.sections), f"Packing {section.label}")
                await asyncio.to_thread(writer.open_section, section)
                files: list[tuple[str, str]] = []
                withheld = 0
                if section.name not in left_out:
                    async for batch in _export(section, uow, job.user_id, secrets):
                        await asyncio.to_thread(writer.write, batch)
                        files += _files_of(section, batch)
                        if isinstance(section, CarriesSecrets):
                            withheld += sum(section.secrets_left_out(item) for item in batch)
                count = await asyncio.to_thread(writer.close_section)
                exported.append(ExportedSection(section.name, count, withheld))
                for n, (name, key) in enumerate(files):
                    if n % 20 == 0:
                        await ctx.progress(
                            0.1 + 0.5 * done / len(self.sections), f"Packing the files of the {section.label}"
                        )
                    await _pack_file(self.storage, writer, section, name, key)
            await asyncio.to_thread(writer.finish)
            await asyncio.to_thread(spool.seek, 0)
            await ctx.progress(0.6, "Storing the archive")
            stored = await self.storage.write(export_key(job.user_id, job.id), _chunks(spool), "application/zip")
        return DataExportResult(
            key=stored.key,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            filename=export_filename(now),
            sections=tuple(exported),
            secrets_included=secrets is not None,
        )


BATCH_ITEMS = 1000  # items per restore call: far below PostgreSQL's 32 767 bind parameters for a lookup or insert
BATCH_BYTES = 8_000_000  # and at most about this much of the document held at once, however large the items


async def _batches(reader: ArchiveReader, part: ArchivePart) -> AsyncIterator[list[Any]]:
    """The part's checked items in batches, each parsed and checked in a thread (it is CPU-bound)."""
    batches = reader.batches(part, items_max=BATCH_ITEMS, bytes_max=BATCH_BYTES)
    while batch := await asyncio.to_thread(next, batches, None):
        yield batch


@dataclass
class DataImportHandler:
    """Restores an archive: checks all of it first, then writes in batches; all or nothing.

    A damaged, hostile or oversized archive, or one holding a section this server does not register, fails
    the job at once as INVALID, naming the problem (see archive.py for the limits); nothing is written then."""

    storage: FileStorage
    uploads_max_bytes: int
    sections: Sequence[ArchiveSection[Any, Any]]
    cipher: SecretCipher
    keys: ArchiveKeys
    forget_passphrase: Callable[[uuid.UUID], Awaitable[None]]

    async def __call__(self, ctx: JobContext[DataTransferUnitOfWork]) -> DataImportResult:
        uow, job = ctx.uow, ctx.job
        passphrase = await _take_passphrase(self.forget_passphrase, self.cipher, job)
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
                reader = await asyncio.to_thread(ArchiveReader, spool, self.sections)
                with reader:
                    secrets: ArchiveSecrets | None = None
                    if reader.secrets is not None and passphrase is not None:
                        await ctx.progress(0.07, "Deriving the key from your passphrase")
                        secrets = await asyncio.to_thread(self.keys.for_import, passphrase, reader.secrets)
                    restorers = {
                        part.name: self._restorer(reader, part, uow, job.user_id, secrets) for part in reader.parts
                    }
                    await _check_items(ctx, reader, restorers)
                    if await uow.users.get(job.user_id) is None:
                        raise JobFailed("NOT_FOUND", "The account no longer exists.")
                    result = await _restore(ctx, reader, restorers)
            except WrongPassphrase as exc:
                raise JobFailed("WRONG_PASSPHRASE", str(exc)) from exc
            except ArchiveError as exc:
                raise JobFailed("INVALID", str(exc)) from exc
        if secrets is not None:
            status = ImportedSecrets.RESTORED
        elif not result.secrets_left_out:
            status = ImportedSecrets.NONE
        else:
            status = ImportedSecrets.NOT_IN_ARCHIVE if reader.secrets is None else ImportedSecrets.NO_PASSPHRASE
        return replace(result, secrets=status.value)

    def _restorer(
        self,
        reader: ArchiveReader,
        part: ArchivePart,
        uow: DataTransferUnitOfWork,
        user_id: uuid.UUID,
        secrets: ArchiveSecrets | None,
    ) -> SectionRestorer[Any]:
        extra: dict[str, Any] = {}
        if isinstance(part.section, CarriesFiles):
            extra["files"] = _ArchiveFiles(reader, part, self.storage)
        if isinstance(part.section, CarriesSecrets):
            extra["secrets"] = secrets
        return part.section.restorer(uow, user_id, **extra)


async def _check_items(
    ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader, restorers: Mapping[str, SectionRestorer[Any]]
) -> None:
    """Read every item once before writing anything: a bad archive fails before the first write, each
    section looks up what the account already has against its tables as they are, and this progress is
    stored at once (the writes later hold SQLite's single writer)."""
    total = sum(part.count for part in reader.parts)
    checked = 0
    for part in reader.parts:
        done = 0
        async for batch in _batches(reader, part):
            await restorers[part.name].prepare(batch)
            done += len(batch)
            checked += len(batch)
            await ctx.progress(0.1 + 0.3 * checked / total, f"Checked {done} of {part.count} {part.section.label}")


async def _restore(
    ctx: JobContext[DataTransferUnitOfWork], reader: ArchiveReader, restorers: Mapping[str, SectionRestorer[Any]]
) -> DataImportResult:
    """Each section restores its batches in turn (in registration order); each skips what the account has."""
    total = sum(part.count for part in reader.parts)
    summary = ", ".join(f"{part.count} {part.section.label}" for part in reader.parts)
    await ctx.progress(0.4, f"Restoring {summary}" if summary else "Nothing to restore")
    restored = 0
    results: list[ImportedSection] = []
    for part in reader.parts:
        created = skipped = done = withheld = 0
        async for batch in _batches(reader, part):
            outcome = await restorers[part.name].restore(batch)
            created, skipped, done = created + outcome.created, skipped + outcome.skipped, done + len(batch)
            withheld += outcome.secrets_left_out
            restored += len(batch)
            await ctx.progress(0.4 + 0.5 * restored / total, f"Restored {done} of {part.count} {part.section.label}")
        results.append(ImportedSection(part.name, created, skipped, withheld))
    return DataImportResult(sections=tuple(results))
