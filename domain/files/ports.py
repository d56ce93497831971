"""The storage port: where user files (exports, uploads, later images and stems) live."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.common.uow import UnitOfWork
from domain.files.entities import Upload


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


class UploadRepository(Protocol):
    async def add(self, upload: Upload) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Upload | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Upload]: ...


class FilesUnitOfWork(UnitOfWork, Protocol):
    uploads: UploadRepository
