"""FileStorage on the local filesystem, with HMAC-signed URLs served by api.files."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import mimetypes
import os
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlencode

from domain.files.ports import InvalidKey, ObjectInfo, ObjectMissing, SignedRequest, StoredObject, StoredPart
from infra.storage.keys import (
    content_disposition,
    validate_expires_in,
    validate_key,
    validate_upload_declaration,
)

# Re-exported so api.files needs nothing beyond this module (and starlette).
__all__ = [
    "MULTIPART",
    "InvalidKey",
    "LocalFileStorage",
    "ObjectInfo",
    "ObjectMissing",
    "PartRejected",
    "StoredObject",
    "content_disposition",
]

_DEFAULT_CHUNK = 1024 * 1024
_HASH_CHUNK = 8 * 1024 * 1024
# Unfinished multipart uploads live under this folder of the root, one folder each (see LocalFileStorage): the
# object's bytes in one file the parts are written into at their offsets, and a marker per part received whole.
MULTIPART = ".multipart"
_PART_METHOD = "PART"  # what part URLs are signed for: never a GET or PUT of an object
# Every signed query parameter except sig, in the one order the canonical string uses.
_SIGNED_PARAMS = ("exp", "filename", "size", "sha256", "ct")


def _append(handle: BinaryIO, digest: hashlib._Hash, chunk: bytes) -> None:
    # Runs in a worker thread; hashlib releases the GIL on large buffers, so hashing here helps too.
    digest.update(chunk)
    handle.write(chunk)


def _finish(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())  # the rename must never publish a file whose bytes are not on disk
    handle.close()


def _discard(handle: BinaryIO, tmp_path: str) -> None:
    handle.close()
    with contextlib.suppress(FileNotFoundError):
        Path(tmp_path).unlink()


def _open_regular(path: Path, key: str) -> tuple[BinaryIO, int]:
    try:
        handle = path.open("rb")  # closed by the reading generator
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise ObjectMissing(key) from exc
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        raise ObjectMissing(key)
    return handle, info.st_size


async def _iter_file(handle: BinaryIO, chunk_size: int) -> AsyncGenerator[bytes, None]:
    try:
        while chunk := await asyncio.to_thread(handle.read, chunk_size):
            yield chunk
    finally:
        handle.close()


class PartRejected(Exception):
    """A part the upload does not take: unknown upload or number, or other bytes than signed for."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def _write_meta(folder: Path, meta: dict[str, object]) -> None:
    folder.mkdir(parents=True)
    with (folder / "data").open("wb") as data:
        data.truncate(int(str(meta["size"])))  # sparse: the parts fill it at their offsets
    (folder / "parts").mkdir()
    (folder / "meta.json").write_text(json.dumps(meta))


def _read_meta(folder: Path) -> dict[str, object] | None:
    try:
        meta: dict[str, object] = json.loads((folder / "meta.json").read_text())
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    return meta


def _list_parts(folder: Path) -> list[StoredPart] | None:
    if not (folder / "meta.json").is_file():
        return None
    parts: list[StoredPart] = []
    for marker in (folder / "parts").iterdir():
        if marker.name.isdigit():
            size = int(marker.read_text() or "0")
            parts.append(StoredPart(number=int(marker.name), size_bytes=size, etag=f"{marker.name}-{size}"))
    return sorted(parts, key=lambda part: part.number)


def _checksum(path: Path, key: str) -> StoredObject:
    handle, _ = _open_regular(path, key)
    digest, size = hashlib.sha256(), 0
    with handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return StoredObject(key=key, size_bytes=size, sha256=digest.hexdigest())


def _publish(data: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with data.open("rb+") as handle:
        os.fsync(handle.fileno())
    data.replace(target)


def _count_and_remove(path: Path) -> int:
    if not path.is_dir():
        return 0
    count = sum(len(files) for _, _, files in os.walk(path))
    shutil.rmtree(path, ignore_errors=True)
    return count


def _guess_type(name: str) -> str | None:
    return mimetypes.guess_type(name, strict=False)[0]


class LocalFileStorage:
    """Objects are files under root; keys are relative POSIX paths checked never to leave root."""

    def __init__(
        self,
        root: Path,
        public_url: str,
        signing_key: bytes,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not signing_key:
            raise ValueError("signing_key must not be empty")
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        self._root = root.resolve()
        self._public_url = public_url.rstrip("/")
        self._signing_key = signing_key
        self._clock = clock

    @property
    def root(self) -> Path:
        return self._root

    # -- keys -------------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        validate_key(key)
        try:
            # resolve() follows symlinks, so a link inside root pointing outside is caught here.
            resolved = (self._root / key).resolve()
        except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on 3.11
            raise InvalidKey("key cannot be resolved") from exc
        if resolved == self._root or not resolved.is_relative_to(self._root):
            raise InvalidKey("key escapes the storage root")
        return resolved

    # -- bytes ------------------------------------------------------------------------------

    async def write(
        self,
        key: str,
        chunks: AsyncIterator[bytes],
        content_type: str = "application/octet-stream",
        *,
        verify: Callable[[StoredObject], None] | None = None,
    ) -> StoredObject:
        """Stream chunks to a temp file beside the target, then atomically rename it into place.

        content_type is not stored (types are guessed from the key when served). verify, if
        given, sees the finished object before the rename and may raise to discard it, so a
        rejected upload never replaces or exposes anything.
        """
        path = self._path(key)
        try:
            await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise InvalidKey("a parent of the key is an object") from exc
        fd, tmp_path = await asyncio.to_thread(
            tempfile.mkstemp, dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
        handle = os.fdopen(fd, "wb")
        digest = hashlib.sha256()
        size = 0
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                await asyncio.to_thread(_append, handle, digest, chunk)
                size += len(chunk)
            await asyncio.to_thread(_finish, handle)
            stored = StoredObject(key=key, size_bytes=size, sha256=digest.hexdigest())
            if verify is not None:
                verify(stored)
            try:
                await asyncio.to_thread(os.replace, tmp_path, path)
            except IsADirectoryError as exc:
                raise InvalidKey("key names a directory") from exc
        except BaseException:
            # Synchronous on purpose: this also runs on cancellation, where awaiting is unreliable.
            _discard(handle, tmp_path)
            raise
        return stored

    async def open_read(
        self, key: str, chunk_size: int = _DEFAULT_CHUNK
    ) -> tuple[ObjectInfo, AsyncGenerator[bytes, None]]:
        """Open the object now and return its info with a chunk iterator over that same open file.

        Size comes from the open file, so it matches the bytes streamed even if the key is
        replaced meanwhile (what a Content-Length header needs).
        """
        path = self._path(key)
        handle, size = await asyncio.to_thread(_open_regular, path, key)
        return ObjectInfo(key=key, size_bytes=size, content_type=_guess_type(key)), _iter_file(handle, chunk_size)

    async def local_file(self, key: str) -> tuple[Path, os.stat_result]:
        """The object's file and what the file system says of it, for a server that sends the file itself
        (byte ranges, HEAD). Objects are written once under their key (a write replaces the file atomically),
        so the file sent is the one stated."""
        path = self._path(key)
        handle, _ = await asyncio.to_thread(_open_regular, path, key)
        with handle:
            return path, os.fstat(handle.fileno())

    async def read(self, key: str, chunk_size: int = _DEFAULT_CHUNK) -> AsyncIterator[bytes]:
        _, chunks = await self.open_read(key, chunk_size)
        async with contextlib.aclosing(chunks):
            async for chunk in chunks:
                yield chunk

    async def stat(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        try:
            info = await asyncio.to_thread(os.stat, path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return ObjectInfo(key=key, size_bytes=info.st_size, content_type=_guess_type(key))

    async def checksum(self, key: str) -> StoredObject:
        """Read and hashed in one worker thread: no hop to the event loop per chunk."""
        return await asyncio.to_thread(_checksum, self._path(key), key)

    async def delete(self, key: str) -> None:
        path = self._path(key)
        # A missing file, or a path that is a directory / runs through a file, holds no object.
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            await asyncio.to_thread(os.unlink, path)

    async def delete_prefix(self, prefix: str) -> int:
        path = self._path(prefix)
        return await asyncio.to_thread(_count_and_remove, path)

    # -- multipart uploads --------------------------------------------------------------------
    #
    # A chunked, resumable upload like S3's: `multipart_create` makes a folder under MULTIPART with the object's
    # bytes in one sparse file; each part is PUT to its own signed URL (served by api.files) and written at its
    # offset, and a marker holding its size is written once the whole part is on disk (a part cut off midway
    # has none, and is sent again). Completing renames the file into place: nothing is copied.

    def _upload_dir(self, upload_id: str) -> Path:
        if not upload_id or not all(ch in "0123456789abcdef" for ch in upload_id) or len(upload_id) != 32:
            raise InvalidKey("not an upload id")
        return self._root / MULTIPART / upload_id

    async def multipart_create(self, key: str, content_type: str, size_bytes: int, part_size: int) -> str:
        validate_key(key)
        if size_bytes < 0 or part_size < 1:
            raise ValueError("size_bytes must not be negative and part_size must be positive")
        upload_id = uuid.uuid4().hex
        meta = {"key": key, "size": size_bytes, "part_size": part_size, "content_type": content_type}
        await asyncio.to_thread(_write_meta, self._upload_dir(upload_id), meta)
        return upload_id

    async def multipart_part_url(
        self, key: str, upload_id: str, number: int, size_bytes: int, expires_in: int = 3600
    ) -> SignedRequest:
        validate_key(key)
        self._upload_dir(upload_id)
        expires_at = int(self._clock()) + validate_expires_in(expires_in)
        part_key = f"{MULTIPART}/{upload_id}/{number}"
        signed = self._signed(_PART_METHOD, part_key, {"exp": str(expires_at), "size": str(size_bytes)}, expires_at)
        return SignedRequest(url=signed.url, method="PUT", headers={}, expires_at=signed.expires_at)

    def verify_part(self, part_key: str, params: Mapping[str, str]) -> tuple[str, int, int] | None:
        """(upload id, part number, size) of a signed, unexpired part URL's key and query; None otherwise."""
        head, _, rest = part_key.partition("/")
        upload_id, _, number = rest.partition("/")
        if head != MULTIPART or not number.isdigit() or not self.verify_signed(_PART_METHOD, part_key, params):
            return None
        try:
            return upload_id, int(number), int(params["size"])
        except (KeyError, ValueError):
            return None

    async def write_part(self, upload_id: str, number: int, size: int, chunks: AsyncIterator[bytes]) -> StoredPart:
        """Writes part `number` (exactly `size` bytes) at its offset and marks it stored once it is on disk."""
        folder = self._upload_dir(upload_id)
        meta = await asyncio.to_thread(_read_meta, folder)
        if meta is None:
            raise PartRejected(404, "no such upload")
        total, part_size = int(str(meta["size"])), int(str(meta["part_size"]))
        count = max(1, -(-total // part_size))
        offset = (number - 1) * part_size
        if not 1 <= number <= count or size != min(part_size, total - offset):
            raise PartRejected(400, "not a part of this upload")
        marker = folder / "parts" / str(number)
        await asyncio.to_thread(marker.unlink, missing_ok=True)  # sent again: not stored until it is whole
        try:
            fd = await asyncio.to_thread(os.open, folder / "data", os.O_WRONLY)
        except FileNotFoundError as exc:
            raise PartRejected(404, "no such upload") from exc
        written = 0
        try:
            async for chunk in chunks:
                if written + len(chunk) > size:
                    raise PartRejected(413, "part exceeds the signed size")
                await asyncio.to_thread(os.pwrite, fd, chunk, offset + written)
                written += len(chunk)
            if written != size:
                raise PartRejected(400, "part incomplete")
            await asyncio.to_thread(os.fsync, fd)
        finally:
            os.close(fd)
        tmp = folder / "parts" / f".{number}.{uuid.uuid4().hex}"
        await asyncio.to_thread(tmp.write_text, str(size))
        await asyncio.to_thread(os.replace, tmp, marker)
        return StoredPart(number=number, size_bytes=size, etag=f"{number}-{size}")

    async def multipart_parts(self, key: str, upload_id: str) -> list[StoredPart] | None:
        validate_key(key)
        return await asyncio.to_thread(_list_parts, self._upload_dir(upload_id))

    async def multipart_complete(self, key: str, upload_id: str, parts: Sequence[StoredPart]) -> None:
        target = self._path(key)
        folder = self._upload_dir(upload_id)
        meta = await asyncio.to_thread(_read_meta, folder)
        if meta is None or meta.get("key") != key:
            raise ObjectMissing(key)
        stored = {part.number: part for part in await asyncio.to_thread(_list_parts, folder) or []}
        if any(stored.get(part.number) != part for part in parts) or len(parts) != len(stored):
            raise ValueError("the parts given are not the parts stored")
        if sum(part.size_bytes for part in parts) != int(str(meta["size"])):
            raise ValueError("the parts do not add up to the object's size")
        await asyncio.to_thread(_publish, folder / "data", target)
        await asyncio.to_thread(shutil.rmtree, folder, True)

    async def multipart_abort(self, key: str, upload_id: str) -> None:
        validate_key(key)
        await asyncio.to_thread(shutil.rmtree, self._upload_dir(upload_id), True)

    async def check(self) -> None:
        def probe() -> None:
            self._root.mkdir(parents=True, exist_ok=True)
            path = self._root / f".probe-{uuid.uuid4().hex}"
            path.write_bytes(b"ok")
            path.unlink()

        await asyncio.to_thread(probe)

    # -- signed URLs ------------------------------------------------------------------------

    def _signature(self, method: str, key: str, params: Mapping[str, str]) -> str:
        # JSON keeps the canonical form unambiguous whatever characters the values contain,
        # and absent (null) stays distinct from empty.
        canonical = json.dumps(
            [method.upper(), key, [[name, params.get(name)] for name in _SIGNED_PARAMS]],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hmac.new(self._signing_key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()

    def _signed(self, method: str, key: str, params: dict[str, str], expires_at: int) -> SignedRequest:
        params = {**params, "sig": self._signature(method, key, params)}
        url = f"{self._public_url}/files/{quote(key, safe='/')}?{urlencode(params, quote_via=quote)}"
        return SignedRequest(url=url, method=method, headers={}, expires_at=datetime.fromtimestamp(expires_at, UTC))

    def verify_signed(self, method: str, key: str, params: Mapping[str, str]) -> bool:
        """True when params carry a valid signature for (method, key) that has not expired."""
        sig = params.get("sig")
        exp = params.get("exp")
        if not sig or not exp:
            return False
        try:
            expires_at = int(exp)
        except ValueError:
            return False
        if expires_at <= self._clock():
            return False
        expected = self._signature(method, key, params)
        # Bytes, because compare_digest rejects non-ASCII str (sig is attacker-controlled).
        return hmac.compare_digest(expected.encode(), sig.encode("utf-8", errors="replace"))

    async def download_url(self, key: str, filename: str | None = None, expires_in: int = 3600) -> SignedRequest:
        validate_key(key)
        expires_at = int(self._clock()) + validate_expires_in(expires_in)
        params = {"exp": str(expires_at)}
        if filename:
            params["filename"] = filename
        return self._signed("GET", key, params, expires_at)

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, sha256: str, expires_in: int = 3600
    ) -> SignedRequest:
        validate_key(key)
        digest = validate_upload_declaration(size_bytes, sha256, content_type)
        expires_at = int(self._clock()) + validate_expires_in(expires_in)
        params = {"exp": str(expires_at), "size": str(size_bytes), "sha256": digest, "ct": content_type}
        signed = self._signed("PUT", key, params, expires_at)
        return SignedRequest(
            url=signed.url, method="PUT", headers={"Content-Type": content_type}, expires_at=signed.expires_at
        )
