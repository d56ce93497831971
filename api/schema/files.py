from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.common import BigInt, Node, UserError
from domain.files.entities import Upload as UploadEntity
from domain.files.ports import SignedRequest

uploads_by_id = owned_by_id(lambda uow: uow.uploads)


async def signed_download(info: Info, key: str, filename: str) -> SignedRequest:
    """A signed GET of one stored object, made once per object per request (its URL and expiry then agree)."""
    cache = info.context.signed_urls
    if key not in cache:
        settings = info.context.container.settings
        cache[key] = await info.context.container.storage.download_url(key, filename, settings.signed_url_ttl_seconds)
    return cache[key]


async def signed_url(info: Info, key: str | None, filename: str) -> str | None:
    """The signed URL of a stored object, or None while there is none (not copied yet)."""
    return (await signed_download(info, key, filename)).url if key is not None else None


@strawberry.type
class HttpHeader:
    name: str
    value: str


@strawberry.type(description="Where and how to send a file's bytes: `method` them to `url` with `headers`.")
class Upload(Node):
    type_name: ClassVar[str] = "Upload"
    filename: str
    content_type: str
    size_bytes: BigInt
    sha256: str
    url: str
    method: str
    headers: list[HttpHeader]
    expires_at: datetime

    @classmethod
    def from_entity(cls, upload: UploadEntity, request: SignedRequest) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Upload", upload.id)),
            filename=upload.filename,
            content_type=upload.content_type,
            size_bytes=BigInt(upload.size_bytes),
            sha256=upload.sha256,
            url=request.url,
            method=request.method,
            headers=[HttpHeader(name=k, value=v) for k, v in request.headers.items()],
            expires_at=request.expires_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        """The upload with a fresh signed URL to (re)send its bytes to."""
        upload = await info.context.loaders(uploads_by_id).load(uuid.UUID(key))
        if upload is None:
            return None
        settings = info.context.container.settings
        request = await info.context.container.storage.upload_url(
            upload.storage_key, upload.content_type, upload.size_bytes, upload.sha256, settings.signed_url_ttl_seconds
        )
        return cls.from_entity(upload, request)


@strawberry.input
class UploadCreateInput:
    filename: str
    size_bytes: BigInt = strawberry.field(description="Exact; at most UPLOAD_MAX_BYTES.")
    sha256: str = strawberry.field(description="Hex SHA-256 of the bytes; the server checks it.")
    content_type: str | None = "application/octet-stream"


@strawberry.type
class UploadCreatePayload:
    upload: Upload | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
