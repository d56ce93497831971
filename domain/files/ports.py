"""The storage port: where user files (exports, uploads, later images and stems) live."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.common.uow import UnitOfWork
from domain.files.entities import StorageDeletion, Upload


class InvalidKey(ValueError):
    """A key that would escape the storage root, or is otherwise not a valid key."""


class ObjectMissing(LookupError):
    """No object under that key."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size_bytes: int
    sha256: str  # hex


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size_bytes: int
    content_type: str | None


@dataclass(frozen=True)
class StoredPart:
    """A part of a multipart upload that storage holds: its number (from 1), size and the tag completing needs."""

    number: int
    size_bytes: int
    etag: str


@dataclass(frozen=True)
class SignedRequest:
    """What a client needs to send or fetch bytes directly: URL, method, headers, expiry."""

    url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


class FileStorage(Protocol):
    async def write(
        self, key: str, chunks: AsyncIterator[bytes], content_type: str = "application/octet-stream"
    ) -> StoredObject:
        """Stream chunks into the object at key (replacing it); never holds the whole file in memory."""
        ...

    def read(self, key: str, chunk_size: int = 1024 * 1024) -> AsyncIterator[bytes]:
        """Stream the object's bytes. Raises ObjectMissing on first iteration if absent."""
        ...

    async def stat(self, key: str) -> ObjectInfo | None: ...

    async def checksum(self, key: str) -> StoredObject:
        """The object's size and SHA-256, its bytes read as a stream and hashed off the event loop. Raises
        ObjectMissing."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; absent objects are fine."""
        ...

    async def download_url(self, key: str, filename: str | None = None, expires_in: int = 3600) -> SignedRequest:
        """A signed, expiring GET URL for the object."""
        ...

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, sha256: str, expires_in: int = 3600
    ) -> SignedRequest:
        """A signed, expiring URL a client PUTs exactly these bytes to (size and hex sha256 declared)."""
        ...

    async def check(self) -> None:
        """Raise if the storage cannot be used (readiness)."""
        ...

    async def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with `prefix` + "/" (and unfinished multipart uploads there);
        returns how many objects went. Idempotent."""
        ...

    # -- multipart uploads: a large object sent in parts straight to storage, resumable ----------

    async def multipart_create(self, key: str, content_type: str, size_bytes: int, part_size: int) -> str:
        """Start an upload of `size_bytes` to `key` in parts of `part_size` (the last one shorter); its id."""
        ...

    async def multipart_part_url(
        self, key: str, upload_id: str, number: int, size_bytes: int, expires_in: int = 3600
    ) -> SignedRequest:
        """A signed, expiring request a client sends part `number` (from 1, of `size_bytes`) with."""
        ...

    async def multipart_parts(self, key: str, upload_id: str) -> list[StoredPart] | None:
        """The parts stored so far, by number; None when the upload no longer exists (completed or aborted)."""
        ...

    async def multipart_complete(self, key: str, upload_id: str, parts: Sequence[StoredPart]) -> None:
        """Join the parts, in order, into the object at `key` (replacing it); the upload then no longer exists."""
        ...

    async def multipart_abort(self, key: str, upload_id: str) -> None:
        """Drop the upload and the parts stored for it; an upload that no longer exists is fine."""
        ...


class UploadRepository(Protocol):
    async def add(self, upload: Upload) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Upload | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Upload]: ...

    async def delete(self, upload: Upload) -> None: ...

    async def created_before(self, before: datetime, limit: int, *, unless_used_by: Sequence[str]) -> list[Upload]:
        """Any user's uploads declared before `before`, oldest first, but none that a queued or running job of the
        kinds `unless_used_by` names (as its payload's `upload_id`)."""
        ...


class StorageDeletionRepository(Protocol):
    """Not a user's rows: keys of any user's bytes, only ever read by the removal itself."""

    async def add_all(self, deletions: Sequence[StorageDeletion]) -> None: ...

    async def due(self, limit: int) -> list[StorageDeletion]:
        """Up to `limit` recorded deletions, those storage refused least often first, then the oldest."""
        ...

    async def remove(self, ids: Sequence[uuid.UUID]) -> None: ...

    async def refused(self, ids: Sequence[uuid.UUID]) -> None:
        """Counts one more refused attempt for each."""
        ...


class DeletesStoredBytes(UnitOfWork, Protocol):
    """A unit of work that records the bytes its rows no longer refer to (domain/files/deletions.py)."""

    storage_deletions: StorageDeletionRepository


class FilesUnitOfWork(DeletesStoredBytes, Protocol):
    uploads: UploadRepository
