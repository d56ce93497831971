"""HTTP endpoints behind the local storage adapter's signed URLs: GET downloads, PUT uploads, PUT parts of a
multipart upload (`/files/.multipart/<upload>/<number>`)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator

from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from infra.storage.local import (
    MULTIPART,
    InvalidKey,
    LocalFileStorage,
    ObjectMissing,
    PartRejected,
    StoredObject,
    content_disposition,
)

# Bytes gathered from the request before each write: a write (in a thread) per 1 MiB rather than per network read.
WRITE_CHUNK = 1024 * 1024


class _Rejected(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


class _FileResponse(FileResponse):
    """Starlette's, reading the file a MiB at a time (its 64 KiB means a thread hop per 64 KiB: a slow download)."""

    chunk_size = WRITE_CHUNK


def _error(status: int, error: str) -> JSONResponse:
    return JSONResponse({"error": error}, status_code=status)


def _query(request: Request) -> dict[str, str] | None:
    """Query params as a dict, or None when a name repeats (which value was signed would be ambiguous)."""
    items = request.query_params.multi_items()
    params = dict(items)
    return params if len(params) == len(items) else None


async def coalesced(chunks: AsyncIterator[bytes], size: int = WRITE_CHUNK) -> AsyncIterator[bytes]:
    """The same bytes in pieces of `size` (the last shorter): never more than that held at once."""
    buffer = bytearray()
    async for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def _length(request: Request, limit: int) -> Response | None:
    """A refusal when the request declares a body longer than `limit` or an unreadable length."""
    declared = request.headers.get("content-length")
    if declared is None:
        return None
    try:
        declared_length = int(declared)
    except ValueError:
        return _error(400, "invalid content-length")
    return _error(413, "content-length exceeds the signed size") if declared_length > limit else None


def file_routes(storage: LocalFileStorage, max_upload_bytes: int) -> list[Route]:
    """GET and PUT /files/{key:path}, accepting only URLs signed by storage."""

    async def upload_part(request: Request, key: str) -> Response:
        params = _query(request)
        signed = storage.verify_part(key, params) if params is not None else None
        if signed is None:
            return _error(403, "invalid or expired signature")
        upload_id, number, size = signed
        refused = _length(request, size)
        if refused is not None:
            return refused
        try:
            part = await storage.write_part(upload_id, number, size, coalesced(request.stream()))
        except PartRejected as exc:
            return _error(exc.status, exc.error)
        except InvalidKey:
            return _error(400, "invalid key")
        except ClientDisconnect:
            return _error(400, "upload incomplete")
        return JSONResponse({"part": part.number, "sizeBytes": part.size_bytes}, headers={"ETag": f'"{part.etag}"'})

    async def download(request: Request) -> Response:
        key: str = request.path_params["key"]
        params = _query(request)
        if params is None or not storage.verify_signed("GET", key, params):
            return _error(403, "invalid or expired signature")
        try:
            path, info = await storage.local_file(key)
        except InvalidKey:
            return _error(400, "invalid key")
        except ObjectMissing:
            return _error(404, "not found")
        filename = params.get("filename")
        media_type = mimetypes.guess_type(filename or key, strict=False)[0] or "application/octet-stream"
        headers = {
            # User files share the API's origin: never let a browser sniff or run them.
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, no-store",
        }
        if filename:
            headers["Content-Disposition"] = content_disposition(filename)
        # Starlette's FileResponse answers HEAD and byte ranges (206, 416), as S3 does: an audio player seeks
        # with them (a file served whole cannot be played from the middle).
        return _FileResponse(path, stat_result=info, media_type=media_type, headers=headers)

    async def upload(request: Request) -> Response:
        key: str = request.path_params["key"]
        if key.startswith(MULTIPART + "/"):
            return await upload_part(request, key)
        params = _query(request)
        if params is None or not storage.verify_signed("PUT", key, params):
            return _error(403, "invalid or expired signature")
        try:
            size = int(params["size"])
            sha256 = params["sha256"]
            content_type = params["ct"]
        except (KeyError, ValueError):
            return _error(403, "not an upload signature")
        if size > max_upload_bytes:
            return _error(413, "upload too large")
        refused = _length(request, size)
        if refused is not None:
            return refused

        async def body() -> AsyncIterator[bytes]:
            received = 0
            async for chunk in request.stream():
                received += len(chunk)
                # Stop at the first byte too many rather than spooling an oversized body to disk.
                if received > size:
                    raise _Rejected(413, "upload exceeds the signed size")
                yield chunk

        def verify(stored: StoredObject) -> None:
            # Runs before the object is renamed into place, so a bad upload never replaces anything.
            if stored.size_bytes != size:
                raise _Rejected(400, "size mismatch")
            if stored.sha256 != sha256:
                raise _Rejected(400, "sha256 mismatch")

        try:
            stored = await storage.write(key, coalesced(body()), content_type, verify=verify)
        except _Rejected as exc:
            return _error(exc.status, exc.error)
        except InvalidKey:
            return _error(400, "invalid key")
        except ClientDisconnect:
            return _error(400, "upload incomplete")
        return JSONResponse({"key": stored.key, "sizeBytes": stored.size_bytes, "sha256": stored.sha256})

    return [
        Route("/files/{key:path}", download, methods=["GET", "HEAD"], name="files_download"),
        Route("/files/{key:path}", upload, methods=["PUT"], name="files_upload"),
    ]
