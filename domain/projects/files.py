"""A project's files: sent straight to storage through signed URLs (never through this process), checked, and put
at their path in a folder; moved, renamed and deleted there.

An upload is declared first (`create`: folder, relative path, exact size and SHA-256). A file that fits in one part
is one signed PUT; a larger one is a multipart upload — S3's own, or the local adapter's equivalent — whose parts
go to their own signed URLs, in any order and several at once. An upload cut off midway resumes: declaring the same
file at the same path again answers the same upload, and storage says which parts it already holds — until it is
abandoned (domain/projects/uploads.py): then declaring it starts afresh, and the sweep removes what it left.

`complete` joins the parts, reads the object back as a stream to check its size and SHA-256 (off the event loop),
and only then puts it at its path: a file already there is replaced (its row updated, its old object removed once
that is committed), never doubled. Every change of a folder's files takes the folder's lock first and changes the
project's `total_files` and `total_size_bytes` in the same transaction, so they stay exact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from domain.common.bulk import BULK_MAX, delete_each, wanted
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, FieldError, not_found
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.validation import Checks, clean_text
from domain.files.deletions import StorageDeletions
from domain.files.ports import FileStorage, ObjectMissing, SignedRequest, StoredPart
from domain.files.service import check_content_type, is_sha256
from domain.projects.entities import (
    ProjectFile,
    ProjectFileFilter,
    ProjectFileOrderField,
    ProjectFolder,
    ProjectUpload,
    UploadMode,
    UploadRequest,
)
from domain.projects.paths import checked_path, content_type_of
from domain.projects.ports import ProjectsUnitOfWork
from domain.projects.service import project_prefix
from domain.projects.uploads import is_abandoned

MiB = 1024 * 1024
PARTS_MAX = 10_000  # S3's limit of parts per upload: larger files get larger parts
PART_MIN = 5 * MiB  # S3's smallest part (but the last)
PART_URLS_MAX = 100  # signed part requests in one answer


def part_size_for(size_bytes: int, preferred: int) -> int:
    """The part size of an upload: `preferred`, or larger (whole MiB) when it would take more than PARTS_MAX parts."""
    needed = -(-size_bytes // PARTS_MAX)
    return max(preferred, -(-needed // MiB) * MiB)


def storage_key(project_id: uuid.UUID, upload_id: uuid.UUID) -> str:
    """Ids only: a rename or move changes nothing in storage, and nothing of another project is under it."""
    return f"{project_prefix(project_id)}/{upload_id}"


@dataclass(frozen=True)
class PartRequest:
    """Where to send one part: its number (from 1), its offset and size in the file, and the signed request."""

    number: int
    offset: int
    size_bytes: int
    request: SignedRequest


@dataclass(frozen=True)
class Completed:
    """What completing an upload did: the file put at its path, or why the upload was refused (then it is gone,
    and its bytes too: the file has to be sent again)."""

    file: ProjectFile | None = None
    refused: DomainError | None = None


@dataclass
class ProjectFileService:
    uow: ProjectsUnitOfWork
    storage: FileStorage
    deletions: StorageDeletions
    max_bytes: int
    part_bytes: int
    expire_after: timedelta  # an upload declared longer ago is abandoned: not resumed (PROJECT_UPLOAD_EXPIRE_HOURS)
    url_ttl_seconds: int = 3600

    # -- uploads -----------------------------------------------------------------------------

    async def create_upload(self, user_id: uuid.UUID, request: UploadRequest) -> ProjectUpload:
        """The upload of this file to this path: a new one, or the one already under way for the same bytes (to
        resume). One under way for other bytes at the same path, or abandoned, is dropped."""
        checks = Checks()
        path = checked_path(request.relative_path, checks)
        content_type = clean_text(request.content_type) or content_type_of(path)
        check_content_type(content_type, checks)
        sha256 = (clean_text(request.sha256) or "").lower()
        if not is_sha256(sha256):
            checks.add("sha256", ErrorCode.INVALID, "sha256 must be 64 hexadecimal characters.")
        if request.size_bytes < 0:
            checks.add("size_bytes", ErrorCode.INVALID, "Size must not be negative.")
        elif request.size_bytes > self.max_bytes:
            checks.add("size_bytes", ErrorCode.TOO_LONG, f"A file may be at most {self.max_bytes} bytes.")
        checks.raise_if_any()
        folder = await self._locked_folder(user_id, request.folder_id, "folder_id")
        pending = await self.uow.project_uploads.pending_at(folder.id, path)
        if pending is not None:
            declared = (pending.size_bytes, pending.sha256, pending.content_type)
            if declared == (request.size_bytes, sha256, content_type) and not self._abandoned(pending):
                return pending
            await self._drop(pending)
        part_size = part_size_for(request.size_bytes, self.part_bytes)
        upload = ProjectUpload(
            user_id=user_id,
            project_id=folder.project_id,
            folder_id=folder.id,
            relative_path=path,
            size_bytes=request.size_bytes,
            sha256=sha256,
            content_type=content_type,
            storage_key="",
            mode=UploadMode.SINGLE if request.size_bytes <= part_size else UploadMode.MULTIPART,
            part_size=part_size,
            created_at=utcnow(),
        )
        upload.storage_key = storage_key(folder.project_id, upload.id)
        if upload.mode is UploadMode.MULTIPART:
            upload.multipart_id = await self.storage.multipart_create(
                upload.storage_key, content_type, upload.size_bytes, part_size
            )
        await self.uow.project_uploads.add(upload)
        return upload

    async def part_requests(self, upload: ProjectUpload, numbers: Sequence[int] | None = None) -> list[PartRequest]:
        """Signed requests for these parts (at most PART_URLS_MAX); without numbers, for the first parts storage
        does not hold yet."""
        if numbers is None:
            stored = {part.number for part in await self.stored_parts(upload)}
            numbers = [n for n in range(1, upload.part_count + 1) if n not in stored][:PART_URLS_MAX]
        elif len(numbers) > PART_URLS_MAX:
            raise DomainError.single(ErrorCode.INVALID, f"Ask for at most {PART_URLS_MAX} parts at once.", "numbers")
        elif any(not 1 <= n <= upload.part_count for n in numbers):
            raise DomainError.single(ErrorCode.INVALID, f"Parts are numbered from 1 to {upload.part_count}.", "numbers")
        return [await self._part_request(upload, n) for n in numbers]

    async def _part_request(self, upload: ProjectUpload, number: int) -> PartRequest:
        size = upload.part_bytes(number)
        if upload.multipart_id is None:
            request = await self.storage.upload_url(
                upload.storage_key, upload.content_type, size, upload.sha256, self.url_ttl_seconds
            )
        else:
            request = await self.storage.multipart_part_url(
                upload.storage_key, upload.multipart_id, number, size, self.url_ttl_seconds
            )
        return PartRequest(number=number, offset=(number - 1) * upload.part_size, size_bytes=size, request=request)

    async def stored_parts(self, upload: ProjectUpload) -> list[StoredPart]:
        """The parts storage holds of the upload (the whole file, for a single PUT, once it has arrived)."""
        if upload.multipart_id is None:
            info = await self.storage.stat(upload.storage_key)
            return [StoredPart(1, info.size_bytes, "")] if info is not None else []
        return await self.storage.multipart_parts(upload.storage_key, upload.multipart_id) or []

    async def abort(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> ProjectUpload:
        upload = await owned_or_not_found(self.uow.project_uploads, user_id, upload_id, "Upload", "id")
        await self._drop(upload)
        return upload

    def _abandoned(self, upload: ProjectUpload) -> bool:
        return is_abandoned(upload, utcnow(), self.expire_after)

    async def _drop(self, upload: ProjectUpload) -> None:
        await self.uow.project_uploads.delete(upload)
        await self.deletions.after_commit(self.uow, [upload.storage_key], multipart_id=upload.multipart_id)

    async def complete(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> Completed:
        upload = await owned_or_not_found(self.uow.project_uploads, user_id, upload_id, "Upload", "id")
        await self._assemble(upload)
        stored = await self.storage.checksum(upload.storage_key)
        if (stored.size_bytes, stored.sha256) != (upload.size_bytes, upload.sha256):
            await self._drop(upload)
            what = "size" if stored.size_bytes != upload.size_bytes else "SHA-256"
            message = f"The uploaded bytes do not match the declared {what}; send the file again."
            return Completed(refused=DomainError.single(ErrorCode.INVALID, message, "id"))
        folder = await self.uow.project_folders.get_locked(user_id, upload.folder_id)
        current = await self.uow.project_uploads.get_locked(user_id, upload.id) if folder is not None else None
        if folder is None or current is None:
            # Completed meanwhile by another call, or its project deleted.
            done = await self.uow.project_files.at_path(upload.folder_id, upload.relative_path) if folder else None
            if done is not None and done.storage_key == upload.storage_key:
                return Completed(file=done)
            await self.storage.delete(upload.storage_key)  # nothing refers to these bytes
            raise not_found("Upload", "id")
        return Completed(file=await self._put(folder, current))

    async def _assemble(self, upload: ProjectUpload) -> None:
        """Storage holds the whole object once this returns (joined from its parts); a part missing or of the wrong
        size is a user error naming it (send it, then complete again)."""
        if upload.multipart_id is None:
            if await self.storage.stat(upload.storage_key) is None:
                raise DomainError.single(ErrorCode.INVALID, "The file has not been uploaded yet.", "id")
            return
        parts = await self.storage.multipart_parts(upload.storage_key, upload.multipart_id)
        if parts is None:  # joined already (a complete that failed after it, or one running now)
            if await self.storage.stat(upload.storage_key) is None:
                raise DomainError.single(ErrorCode.INVALID, "The upload's parts are gone; start it again.", "id")
            return
        by_number = {part.number: part for part in parts}
        count = upload.part_count
        missing = [n for n in range(1, count + 1) if n not in by_number]
        if missing:
            shown = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
            message = f"{len(missing)} of {count} parts have not been uploaded yet: {shown}."
            raise DomainError.single(ErrorCode.INVALID, message, "id")
        wrong = [n for n in range(1, count + 1) if by_number[n].size_bytes != upload.part_bytes(n)]
        if wrong:
            n = wrong[0]
            message = f"Part {n} has {by_number[n].size_bytes} bytes, not {upload.part_bytes(n)}; send it again."
            raise DomainError.single(ErrorCode.INVALID, message, "id")
        try:
            await self.storage.multipart_complete(
                upload.storage_key, upload.multipart_id, [by_number[n] for n in range(1, count + 1)]
            )
        except ObjectMissing:
            if await self.storage.stat(upload.storage_key) is None:
                raise DomainError.single(
                    ErrorCode.INVALID, "The upload's parts are gone; start it again.", "id"
                ) from None

    async def _put(self, folder: ProjectFolder, upload: ProjectUpload) -> ProjectFile:
        """The checked upload at its path (the folder is locked): a new file, or the one there replaced."""
        now = utcnow()
        existing = await self.uow.project_files.at_path(folder.id, upload.relative_path)
        await self.uow.project_uploads.delete(upload)
        if existing is None:
            file = ProjectFile(
                user_id=upload.user_id,
                project_id=folder.project_id,
                folder_id=folder.id,
                relative_path=upload.relative_path,
                size_bytes=upload.size_bytes,
                sha256=upload.sha256,
                content_type=upload.content_type,
                storage_key=upload.storage_key,
                created_at=now,
                updated_at=now,
            )
            await self.uow.project_files.add(file)
            await self.uow.projects.add_to_stats(folder.project_id, 1, file.size_bytes)
            return file
        old_key, old_size = existing.storage_key, existing.size_bytes
        existing.size_bytes, existing.sha256 = upload.size_bytes, upload.sha256
        existing.content_type, existing.storage_key, existing.updated_at = upload.content_type, upload.storage_key, now
        await self.uow.projects.add_to_stats(folder.project_id, 0, upload.size_bytes - old_size)
        if old_key != upload.storage_key:
            await self.deletions.after_commit(self.uow, [old_key])
        return existing

    # -- files -------------------------------------------------------------------------------

    async def get(self, user_id: uuid.UUID, file_id: uuid.UUID) -> ProjectFile | None:
        return await self.uow.project_files.get(user_id, file_id)

    async def move(
        self, user_id: uuid.UUID, file_id: uuid.UUID, folder_id: uuid.UUID | None, relative_path: str | None
    ) -> ProjectFile:
        """To another path, another folder of the same project, or both; nothing moves in storage."""
        checks = Checks()
        path = checked_path(relative_path, checks) if relative_path is not None else None
        checks.raise_if_any()
        file = await owned_or_not_found(self.uow.project_files, user_id, file_id, "File", "id")
        target = await owned_or_not_found(
            self.uow.project_folders, user_id, folder_id or file.folder_id, "Folder", "folder_id"
        )
        if target.project_id != file.project_id:
            raise DomainError.single(ErrorCode.INVALID, "Files move within their project only.", "folder_id")
        locked = {file.folder_id, target.id}
        await self._lock_folders(user_id, locked)
        fresh = await self._fresh(user_id, [file_id])
        if not fresh:
            raise not_found("File", "id")
        file = fresh[0]
        if file.folder_id not in locked:
            raise DomainError.single(ErrorCode.CONFLICT, "The file was moved meanwhile; try again.", "id")
        path = path or file.relative_path
        there = await self.uow.project_files.at_path(target.id, path)
        if there is not None and there.id != file.id:
            raise DomainError.single(
                ErrorCode.CONFLICT,
                "A file already has that path in that folder; delete or move it first.",
                "relative_path",
            )
        if (file.folder_id, file.relative_path) != (target.id, path):
            file.folder_id, file.relative_path, file.updated_at = target.id, path, utcnow()
        return file

    async def delete(self, user_id: uuid.UUID, file_id: uuid.UUID) -> ProjectFile:
        file = await owned_or_not_found(self.uow.project_files, user_id, file_id, "File", "id")
        await self._lock_folders(user_id, {file.folder_id})
        fresh = await self._fresh(user_id, [file_id])
        if not fresh:
            raise not_found("File", "id")
        await self._delete(fresh[0])
        return fresh[0]

    async def bulk_delete(self, user_id: uuid.UUID, file_ids: Sequence[uuid.UUID | None]) -> list[FieldError | None]:
        """Each id with its own outcome (domain/common/bulk.py)."""
        if not file_ids or len(file_ids) > BULK_MAX:
            return await delete_each(file_ids, [], "File", lambda _: None, self._delete)  # refuses the count
        found = await self.uow.project_files.get_many(user_id, wanted(file_ids))
        await self._lock_folders(user_id, {file.folder_id for file in found})
        fresh = await self._fresh(user_id, [file.id for file in found])
        return await delete_each(file_ids, fresh, "File", lambda _: None, self._delete)

    async def _delete(self, file: ProjectFile) -> None:
        key = file.storage_key
        await self.uow.project_files.delete(file)
        await self.uow.projects.add_to_stats(file.project_id, -1, -file.size_bytes)
        await self.deletions.after_commit(self.uow, [key])

    async def _locked_folder(self, user_id: uuid.UUID, folder_id: uuid.UUID, *field: str) -> ProjectFolder:
        folder = await self.uow.project_folders.get_locked(user_id, folder_id)
        if folder is None:
            raise not_found("Folder", *field)
        return folder

    async def _lock_folders(self, user_id: uuid.UUID, folder_ids: set[uuid.UUID]) -> None:
        for folder_id in sorted(folder_ids):  # one order everywhere: no two changes wait on each other
            await self.uow.project_folders.get_locked(user_id, folder_id)

    async def _fresh(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectFile]:
        return await self.uow.project_files.get_many_locked(user_id, ids)

    async def page(
        self,
        user_id: uuid.UUID,
        folder_ids: list[uuid.UUID],
        filter: ProjectFileFilter,
        order_by: ProjectFileOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[ProjectFile]]:
        return await self.uow.project_files.pages(user_id, folder_ids, filter, order_by, direction, page)
