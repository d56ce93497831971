from __future__ import annotations

from datetime import datetime

import strawberry

from api.ids import encode_id
from api.schema.common import Node, UserError
from domain.files.entities import Upload as UploadEntity
from domain.files.ports import SignedRequest


@strawberry.type
class HttpHeader:
    name: str
    value: str


@strawberry.type(description="Where and how to send a file's bytes: `method` them to `url` with `headers`.")
class Upload(Node):
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    url: str
    method: str
    headers: list[HttpHeader]
    expires_at: datetime

    @classmethod
    def from_entity(cls, upload: UploadEntity, request: SignedRequest) -> Upload:
        return cls(
            id=strawberry.ID(encode_id("Upload", upload.id)),
            filename=upload.filename,
            content_type=upload.content_type,
            size_bytes=upload.size_bytes,
            sha256=upload.sha256,
            url=request.url,
            method=request.method,
            headers=[HttpHeader(name=k, value=v) for k, v in request.headers.items()],
            expires_at=request.expires_at,
        )


@strawberry.input
class UploadCreateInput:
    filename: str
    size_bytes: int
    sha256: str = strawberry.field(description="Hex SHA-256 of the bytes; the server checks it.")
    content_type: str | None = "application/octet-stream"


@strawberry.type
class UploadCreatePayload:
    upload: Upload | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
