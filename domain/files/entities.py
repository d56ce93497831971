from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class UploadStatus(StrEnum):
    PENDING = "PENDING"  # URL handed out, bytes not yet verified
    VERIFIED = "VERIFIED"  # size and sha256 checked against what the client declared


@dataclass(eq=False)
class Upload:
    user_id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str
    created_at: datetime
    expires_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    status: UploadStatus = UploadStatus.PENDING


@dataclass(frozen=True)
class UploadRequest:
    """A file a client is about to send: its name, exact size and SHA-256 (hex)."""

    filename: str
    size_bytes: int
    sha256: str
    content_type: str | None = None


@dataclass(eq=False)
class StorageDeletion:
    """Bytes no row refers to any more, to be removed from storage: the object at `storage_key`, and the multipart
    upload `multipart_id` to it with its parts, if any. `attempts` counts the removals storage refused."""

    storage_key: str
    created_at: datetime
    multipart_id: str | None = None
    attempts: int = 0
    id: uuid.UUID = field(default_factory=uuid.uuid4)
