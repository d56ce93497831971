"""What the server stores, on disk under one root, with an index in memory that only the event loop changes.

Layout: `<root>/<bucket>/bucket.json`; `objects/<sha256 of key>.json` (the sidecar: key, data file, size, ETag,
last-modified, the headers given at upload) beside `objects/<random>.data`; `uploads/<upload id>/upload.json`
and, per part, `part-<n>.json` beside `<random>.data`. Data files are never rewritten: a new version goes to a new
file, its sidecar replaces the old one (os.replace), then the old file is unlinked; a reader that opened the old
file keeps reading it. Runs of zero bytes are left as holes (sparse files), on upload and when parts are joined.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import threading
import uuid
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

WRITE_CHUNK = 1024 * 1024
_COPY_CHUNK = 8 * 1024 * 1024


@dataclass
class StoredObject:
    key: str
    file: str  # the data file's name in the bucket's objects folder
    size: int
    etag: str  # without quotes: "<md5 hex>" or "<md5 of part md5s>-<parts>"
    modified: float
    headers: dict[str, str] = field(default_factory=dict)  # content-type, content-disposition, x-amz-meta-*…


@dataclass
class Part:
    number: int
    file: str
    size: int
    etag: str
    modified: float


@dataclass
class Upload:
    upload_id: str
    key: str
    initiated: float
    headers: dict[str, str]
    parts: dict[int, Part] = field(default_factory=dict)


@dataclass
class Bucket:
    name: str
    created: float
    region: str
    objects: dict[str, StoredObject] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)


def _write_json(path: Path, value: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(value))
    temporary.replace(path)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _sidecar_name(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest() + ".json"


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.buckets: dict[str, Bucket] = {}
        root.mkdir(parents=True, exist_ok=True)
        self._load()

    # -- paths ------------------------------------------------------------------------------------

    def bucket_dir(self, bucket: str) -> Path:
        return self.root / bucket

    def objects_dir(self, bucket: str) -> Path:
        return self.bucket_dir(bucket) / "objects"

    def upload_dir(self, bucket: str, upload_id: str) -> Path:
        return self.bucket_dir(bucket) / "uploads" / upload_id

    def object_path(self, bucket: str, stored: StoredObject) -> Path:
        return self.objects_dir(bucket) / stored.file

    def part_path(self, bucket: str, upload_id: str, part: Part) -> Path:
        return self.upload_dir(bucket, upload_id) / part.file

    @staticmethod
    def new_data_name() -> str:
        return uuid.uuid4().hex + ".data"

    # -- buckets ----------------------------------------------------------------------------------

    def create_bucket(self, name: str, region: str, created: float) -> Bucket:
        directory = self.bucket_dir(name)
        (directory / "objects").mkdir(parents=True, exist_ok=True)
        (directory / "uploads").mkdir(exist_ok=True)
        bucket = Bucket(name=name, created=created, region=region)
        _write_json(directory / "bucket.json", {"name": name, "created": created, "region": region})
        self.buckets[name] = bucket
        return bucket

    def forget_bucket(self, name: str) -> Path:
        """Out of the index at once; the caller removes the returned folder (in a thread)."""
        del self.buckets[name]
        directory = self.bucket_dir(name)
        gone = directory.with_name(f".deleted-{name}-{uuid.uuid4().hex}")
        (directory / "bucket.json").unlink()
        directory.rename(gone)
        return gone

    # -- objects ----------------------------------------------------------------------------------

    def publish(self, bucket: Bucket, stored: StoredObject) -> None:
        """Makes `stored` (its data file already complete) the object under its key."""
        _write_json(self.objects_dir(bucket.name) / _sidecar_name(stored.key), asdict(stored))
        previous = bucket.objects.get(stored.key)
        bucket.objects[stored.key] = stored
        if previous is not None and previous.file != stored.file:
            _unlink(self.object_path(bucket.name, previous))

    def remove(self, bucket: Bucket, key: str) -> bool:
        stored = bucket.objects.pop(key, None)
        if stored is None:
            return False
        _unlink(self.objects_dir(bucket.name) / _sidecar_name(key))
        _unlink(self.object_path(bucket.name, stored))
        return True

    # -- multipart uploads --------------------------------------------------------------------------

    def create_upload(self, bucket: Bucket, upload: Upload) -> None:
        directory = self.upload_dir(bucket.name, upload.upload_id)
        directory.mkdir(parents=True)
        _write_json(
            directory / "upload.json",
            {
                "upload_id": upload.upload_id,
                "key": upload.key,
                "initiated": upload.initiated,
                "headers": upload.headers,
            },
        )
        bucket.uploads[upload.upload_id] = upload

    def publish_part(self, bucket: Bucket, upload: Upload, part: Part) -> None:
        _write_json(self.upload_dir(bucket.name, upload.upload_id) / f"part-{part.number}.json", asdict(part))
        previous = upload.parts.get(part.number)
        upload.parts[part.number] = part
        if previous is not None and previous.file != part.file:
            _unlink(self.part_path(bucket.name, upload.upload_id, previous))

    def forget_upload(self, bucket: Bucket, upload_id: str) -> Path | None:
        """Out of the index at once; the caller removes the returned folder (in a thread)."""
        if bucket.uploads.pop(upload_id, None) is None:
            return None
        return self.retire_upload_dir(bucket, upload_id)

    def retire_upload_dir(self, bucket: Bucket, upload_id: str) -> Path | None:
        """The folder of an upload out of the index, renamed aside for the caller to remove (in a thread)."""
        directory = self.upload_dir(bucket.name, upload_id)
        gone = directory.with_name(f".deleted-{upload_id}")
        try:
            directory.rename(gone)
        except FileNotFoundError:
            return None
        return gone

    # -- loading what an earlier run left ------------------------------------------------------------

    def _load(self) -> None:
        for directory in sorted(self.root.iterdir()):
            if directory.name.startswith(".deleted-"):
                shutil.rmtree(directory, ignore_errors=True)
                continue
            description = directory / "bucket.json"
            if not description.is_file():
                continue
            meta = json.loads(description.read_text())
            bucket = Bucket(name=meta["name"], created=meta["created"], region=meta["region"])
            self.buckets[bucket.name] = bucket
            objects = directory / "objects"
            for sidecar in objects.glob("*.json"):
                stored = StoredObject(**json.loads(sidecar.read_text()))
                bucket.objects[stored.key] = stored
            referenced = {stored.file for stored in bucket.objects.values()}
            _remove_unreferenced(objects, referenced)
            for upload_dir in (directory / "uploads").iterdir():
                if upload_dir.name.startswith(".deleted-") or not (upload_dir / "upload.json").is_file():
                    shutil.rmtree(upload_dir, ignore_errors=True)
                    continue
                upload = Upload(**json.loads((upload_dir / "upload.json").read_text()))
                for sidecar in upload_dir.glob("part-*.json"):
                    part = Part(**json.loads(sidecar.read_text()))
                    upload.parts[part.number] = part
                bucket.uploads[upload.upload_id] = upload
                _remove_unreferenced(upload_dir, {part.file for part in upload.parts.values()})


def _remove_unreferenced(directory: Path, referenced: set[str]) -> None:
    for path in directory.iterdir():
        if path.name.endswith((".data", ".tmp")) and path.name not in referenced:
            _unlink(path)


# -- writing bodies (called from a worker thread) --------------------------------------------------------


_CHECKSUMS: dict[str, Callable[[], Any]] = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}


class BodyWriter:
    """A new data file fed in chunks: MD5 (the ETag), the SHA-256 of the payload when the signature names one,
    and the CRC32/SHA-1/SHA-256 checksum a client declared; zero-filled chunks become holes."""

    def __init__(self, path: Path, sha256: bool, checksum: str | None) -> None:
        self.path = path
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.sha256 = hashlib.sha256() if sha256 else None
        self.checksum_name = checksum
        self._crc32 = 0
        self._checksum = _CHECKSUMS[checksum]() if checksum in _CHECKSUMS else None
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self._open = True
        # A write still running in its thread when the request is cancelled finishes before the file closes.
        self._lock = threading.Lock()

    def write(self, chunk: bytes) -> None:
        with self._lock:
            if self._open:
                self._write(chunk)

    def _write(self, chunk: bytes) -> None:
        self.md5.update(chunk)
        if self.sha256 is not None:
            self.sha256.update(chunk)
        if self.checksum_name == "crc32":
            self._crc32 = zlib.crc32(chunk, self._crc32)
        elif self._checksum is not None:
            self._checksum.update(chunk)
        if chunk != bytes(len(chunk)):  # memcmp against calloc'ed zeros: quick, and quick to say no
            view = memoryview(chunk)
            written = 0
            while written < len(chunk):
                written += os.pwrite(self._fd, view[written:], self.size + written)
        self.size += len(chunk)

    def checksum(self) -> bytes | None:
        """The declared algorithm's digest, None when it is one this server cannot compute (CRC32C, CRC64NVME)."""
        if self.checksum_name == "crc32":
            return self._crc32.to_bytes(4, "big")
        if self._checksum is not None:
            return bytes(self._checksum.digest())
        return None

    def finish(self) -> None:
        with self._lock:
            try:
                os.ftruncate(self._fd, self.size)  # a trailing hole still counts
            finally:
                self._close()

    def discard(self) -> None:
        with self._lock:
            self._close()
        _unlink(self.path)

    def _close(self) -> None:
        if self._open:
            self._open = False
            with contextlib.suppress(OSError):
                os.close(self._fd)


# -- joining parts (called from a worker thread) ----------------------------------------------------------


def join_parts(sources: list[tuple[int, int]], target: Path) -> None:
    """Copies each (open fd, size) in turn into the new file `target`, in the kernel where it can
    (copy_file_range), skipping holes (SEEK_DATA/SEEK_HOLE), never holding a part in memory."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        offset = 0
        for source, size in sources:
            for start, end in _data_ranges(source, size):
                _copy_range(source, start, fd, offset + start, end - start)
            offset += size
        os.ftruncate(fd, offset)
    except BaseException:
        os.close(fd)
        _unlink(target)
        raise
    os.close(fd)


def _data_ranges(fd: int, size: int) -> list[tuple[int, int]]:
    """The [start, end) ranges of `fd` holding data; the whole file where holes cannot be asked for."""
    if not hasattr(os, "SEEK_DATA"):
        return [(0, size)] if size else []
    ranges: list[tuple[int, int]] = []
    position = 0
    try:
        while position < size:
            try:
                start = os.lseek(fd, position, os.SEEK_DATA)
            except OSError as exc:
                if exc.errno == errno.ENXIO:  # only a hole remains
                    break
                raise
            if start >= size:
                break
            end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
            ranges.append((start, end))
            position = end
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
            raise
        return [(0, size)] if size else []
    return ranges


def _copy_range(source: int, start: int, target: int, target_start: int, length: int) -> None:
    done = 0
    if hasattr(os, "copy_file_range"):
        try:
            while done < length:
                copied = os.copy_file_range(source, target, length - done, start + done, target_start + done)
                if copied == 0:
                    raise OSError(errno.EIO, "a part ended early")
                done += copied
            return
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
    while done < length:
        chunk = os.pread(source, min(_COPY_CHUNK, length - done), start + done)
        if not chunk:
            raise OSError(errno.EIO, "a part ended early")
        view = memoryview(chunk)
        written = 0
        while written < len(chunk):
            written += os.pwrite(target, view[written:], target_start + done + written)
        done += len(chunk)
