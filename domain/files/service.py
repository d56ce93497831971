"""Uploads: a client declares a file, gets a signed URL, sends the bytes there; we verify before use."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.validation import Checks, clean_text
from domain.files.deletions import StorageDeletions
from domain.files.entities import Upload, UploadRequest, UploadStatus
from domain.files.ports import FileStorage, FilesUnitOfWork, ObjectMissing, SignedRequest, UploadRepository

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# type/subtype with optional parameters; no spaces or control characters in the type itself (RFC 6838), and no
# CR/LF anywhere: the value becomes a response header.
_CONTENT_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*([ \t]*;[ \t]*[ -~]+)?$")
FILENAME_MAX = 255
CONTENT_TYPE_MAX = 255


def check_content_type(content_type: str, checks: Checks) -> None:
    checks.max_length("content_type", content_type, CONTENT_TYPE_MAX, "Content type")
    if len(content_type) <= CONTENT_TYPE_MAX and not _CONTENT_TYPE.fullmatch(content_type):
        checks.add("content_type", ErrorCode.INVALID, "Content type must look like type/subtype, e.g. audio/wav.")


def is_sha256(value: str) -> bool:
    """64 lower-case hex digits."""
    return bool(_SHA256.match(value))


def safe_filename(name: str) -> str:
    """The last path segment, without control characters: it only ever labels the file."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip() or "upload"


@dataclass
class UploadService:
    uploads: UploadRepository
    storage: FileStorage
    max_bytes: int
    url_ttl_seconds: int = 3600

    async def create(self, user_id: uuid.UUID, request: UploadRequest) -> tuple[Upload, SignedRequest]:
        filename = clean_text(request.filename)
        content_type = clean_text(request.content_type) or "application/octet-stream"
        size = request.size_bytes
        sha256 = (clean_text(request.sha256) or "").lower()
        checks = Checks()
        if checks.required("filename", filename, "Filename"):
            checks.max_length("filename", filename, FILENAME_MAX, "Filename")
        check_content_type(content_type, checks)
        if size < 1:
            checks.add("size_bytes", ErrorCode.INVALID, "Size must be at least 1 byte.")
        elif size > self.max_bytes:
            checks.add("size_bytes", ErrorCode.TOO_LONG, f"Files may be at most {self.max_bytes} bytes.")
        if not _SHA256.match(sha256):
            checks.add("sha256", ErrorCode.INVALID, "sha256 must be 64 hexadecimal characters.")
        checks.raise_if_any()
        assert filename is not None
        now = utcnow()
        upload_id = uuid.uuid4()
        upload = Upload(
            id=upload_id,
            user_id=user_id,
            filename=safe_filename(filename),
            content_type=content_type,
            size_bytes=size,
            sha256=sha256,
            storage_key=f"uploads/{user_id}/{upload_id}",
            created_at=now,
            expires_at=now + timedelta(seconds=self.url_ttl_seconds),
        )
        await self.uploads.add(upload)
        signed = await self.storage.upload_url(
            upload.storage_key, content_type, size, sha256, expires_in=self.url_ttl_seconds
        )
        return upload, signed

    async def get_received(self, user_id: uuid.UUID, upload_id: uuid.UUID, *field: str) -> Upload:
        """The upload, once its bytes have arrived with the declared size (cheap check; hash later)."""
        upload = await self.uploads.get(user_id, upload_id)
        if upload is None:
            raise not_found("Upload", *field)
        info = await self.storage.stat(upload.storage_key)
        if info is None:
            raise DomainError.single(ErrorCode.INVALID, "The file has not been uploaded yet.", *field)
        if info.size_bytes != upload.size_bytes:
            raise DomainError.single(
                ErrorCode.INVALID,
                f"The uploaded file has {info.size_bytes} bytes, not the {upload.size_bytes} declared.",
                *field,
            )
        return upload

    async def verify(self, upload: Upload) -> bool:
        """Stream the stored bytes and compare size and sha256 with what the client declared."""
        digest, size = hashlib.sha256(), 0
        try:
            async for chunk in self.storage.read(upload.storage_key):
                digest.update(chunk)
                size += len(chunk)
        except ObjectMissing:
            return False
        ok = size == upload.size_bytes and digest.hexdigest() == upload.sha256
        if ok:
            upload.status = UploadStatus.VERIFIED
        return ok


@dataclass
class ExpiredUploads:
    """Removes uploads declared more than `keep` ago, with their bytes (an archive imported, or one never used: it
    can be imported again, a retry after a failure, until then). One a queued or running job of the kinds `used_by`
    still names is kept."""

    uow_factory: Callable[[], FilesUnitOfWork]
    deletions: StorageDeletions
    keep: timedelta
    used_by: Sequence[str]
    batch: int = 100

    async def sweep(self) -> int:
        """How many it removed."""
        async with self.uow_factory() as uow:
            expired = await uow.uploads.created_before(utcnow() - self.keep, self.batch, unless_used_by=self.used_by)
            for upload in expired:
                await uow.uploads.delete(upload)
            await self.deletions.after_commit(uow, [upload.storage_key for upload in expired])
            await uow.commit()
        return len(expired)
