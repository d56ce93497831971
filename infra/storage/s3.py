"""FileStorage on S3 or an S3-compatible server (MinIO, aitestmock.s3), through one long-lived aioboto3 client."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import hashlib
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import aioboto3
from botocore.config import Config
from botocore.exceptions import ClientError

from domain.files.ports import ObjectInfo, ObjectMissing, SignedRequest, StoredObject, StoredPart
from infra.storage.keys import (
    content_disposition,
    validate_expires_in,
    validate_key,
    validate_upload_declaration,
)

# Part size for multipart uploads; also the most a write buffers. S3 needs >= 5 MiB per non-final part.
PART_SIZE = 8 * 1024 * 1024
_DEFAULT_CHUNK = 1024 * 1024
_HASH_CHUNK = 8 * 1024 * 1024  # also the byte range a checksum reads at once
_CHECK_AT_ONCE = 3  # ranges a checksum reads at once (at most this many chunks held: 24 MiB)
_MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})
_NO_UPLOAD_CODES = frozenset({"404", "NoSuchUpload"})
_DELETE_BATCH = 1000  # the most one DeleteObjects call takes


@functools.cache
def _session() -> aioboto3.Session:
    """One session per process: it caches botocore's parsed service models, which every client would otherwise
    read again (~0.5 s). Credentials go to each client, not here."""
    return aioboto3.Session()


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3FileStorage:
    """Call start() before use and close() at shutdown."""

    def __init__(
        self,
        endpoint: str | None,
        access_key: str,
        secret_key: str,
        bucket: str,
        region: str,
        public_endpoint: str | None = None,
    ) -> None:
        self._endpoint = endpoint or None
        # Pre-signed URLs embed the host they were signed for: sign for the address clients can reach.
        self._public_endpoint = public_endpoint or None
        self._bucket = bucket
        self._region = region or "us-east-1"
        # Empty credentials fall through to boto's default chain (env, instance role, ...).
        self._credentials = {"aws_access_key_id": access_key or None, "aws_secret_access_key": secret_key or None}
        self._config = Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            # Newer botocore adds CRC checksums by default, which several S3-compatible servers reject.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        self._stack: AsyncExitStack | None = None
        self._client: Any = None
        self._signer: Any = None

    @property
    def bucket(self) -> str:
        return self._bucket

    async def start(self) -> None:
        if self._client is not None:
            return
        stack = AsyncExitStack()
        try:
            self._client = await stack.enter_async_context(self._new_client(self._endpoint))
            await self._ensure_bucket()
            self._signer = self._client
            if self._public_endpoint and self._public_endpoint != self._endpoint:
                self._signer = await stack.enter_async_context(self._new_client(self._public_endpoint))
        except BaseException:
            self._client = None
            await stack.aclose()
            raise
        self._stack = stack

    def _new_client(self, endpoint: str | None) -> Any:
        return _session().client(
            "s3", endpoint_url=endpoint, region_name=self._region, config=self._config, **self._credentials
        )

    async def close(self) -> None:
        stack, self._stack, self._client, self._signer = self._stack, None, None, None
        if stack is not None:
            await stack.aclose()

    def _require_client(self) -> Any:
        if self._client is None:
            raise RuntimeError("S3FileStorage.start() has not been called")
        return self._client

    def _presigner(self) -> Any:
        self._require_client()
        return self._signer

    async def _ensure_bucket(self) -> None:
        client = self._require_client()
        try:
            await client.head_bucket(Bucket=self._bucket)
            return
        except ClientError as exc:
            if _error_code(exc) not in _MISSING_CODES:
                raise
        kwargs: dict[str, Any] = {"Bucket": self._bucket}
        if self._region != "us-east-1":  # us-east-1 refuses an explicit LocationConstraint
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self._region}
        try:
            await client.create_bucket(**kwargs)
        except ClientError as exc:
            # Another instance starting at the same time may have won the race.
            if _error_code(exc) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise

    # -- bytes ------------------------------------------------------------------------------

    async def write(
        self, key: str, chunks: AsyncIterator[bytes], content_type: str = "application/octet-stream"
    ) -> StoredObject:
        """One put_object when the object fits in a part, else a multipart upload aborted on any error."""
        validate_key(key)
        client = self._require_client()
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []

        async def send_part(data: bytes) -> None:
            number = len(parts) + 1
            response = await client.upload_part(
                Bucket=self._bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data
            )
            parts.append({"ETag": response["ETag"], "PartNumber": number})

        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                digest.update(chunk)
                size += len(chunk)
                buffer += chunk
                # Strictly more than a part, so an object of exactly PART_SIZE still takes one put_object.
                while len(buffer) > PART_SIZE:
                    if upload_id is None:
                        created = await client.create_multipart_upload(
                            Bucket=self._bucket, Key=key, ContentType=content_type
                        )
                        upload_id = created["UploadId"]
                    part = bytes(buffer[:PART_SIZE])
                    del buffer[:PART_SIZE]
                    await send_part(part)
            if upload_id is None:
                await client.put_object(Bucket=self._bucket, Key=key, Body=bytes(buffer), ContentType=content_type)
            else:
                await send_part(bytes(buffer))  # the final part may be short; it is never empty here
                await client.complete_multipart_upload(
                    Bucket=self._bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
                )
        except BaseException:
            if upload_id is not None:
                # Orphaned parts are billed and invisible; best effort, the original error matters more.
                with contextlib.suppress(Exception):
                    await client.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)
            raise
        return StoredObject(key=key, size_bytes=size, sha256=digest.hexdigest())

    async def read(self, key: str, chunk_size: int = _DEFAULT_CHUNK) -> AsyncIterator[bytes]:
        validate_key(key)
        client = self._require_client()
        try:
            response = await client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING_CODES:
                raise ObjectMissing(key) from exc
            raise
        stream = response["Body"]
        # Leaving the context releases the connection, also when the reader stops early.
        async with stream:
            while chunk := await stream.read(chunk_size):
                yield chunk

    async def _head(self, key: str) -> dict[str, Any] | None:
        validate_key(key)
        client = self._require_client()
        try:
            head: dict[str, Any] = await client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING_CODES:
                return None
            raise
        return head

    async def stat(self, key: str) -> ObjectInfo | None:
        head = await self._head(key)
        if head is None:
            return None
        return ObjectInfo(key=key, size_bytes=int(head["ContentLength"]), content_type=head.get("ContentType"))

    async def checksum(self, key: str) -> StoredObject:
        """Size and SHA-256 of the object as stored. A large one is read as byte ranges, _CHECK_AT_ONCE at a time
        (one connection gives a fraction of what S3 serves), hashed in order while the next ones arrive, each
        under the ETag the object had when the check began: an object replaced meanwhile fails the check."""
        head = await self._head(key)
        if head is None:
            raise ObjectMissing(key)
        size = int(head["ContentLength"])
        if size <= _HASH_CHUNK:
            digest, read = hashlib.sha256(), 0
            async for chunk in self.read(key, _HASH_CHUNK):
                digest.update(chunk)
                read += len(chunk)
            return StoredObject(key=key, size_bytes=read, sha256=digest.hexdigest())
        return await self._checksum_by_ranges(key, size, head.get("ETag"))

    async def _checksum_by_ranges(self, key: str, size: int, etag: str | None) -> StoredObject:
        client = self._require_client()
        digest = hashlib.sha256()
        pinned = {"IfMatch": etag} if etag else {}

        async def fetch(first: int, last: int) -> bytes:
            try:
                response = await client.get_object(
                    Bucket=self._bucket, Key=key, Range=f"bytes={first}-{last}", **pinned
                )
            except ClientError as exc:
                if _error_code(exc) in _MISSING_CODES or _error_code(exc) == "PreconditionFailed":
                    raise ObjectMissing(key) from exc
                raise
            async with response["Body"] as stream:
                data: bytes = await stream.read()
            if len(data) != last - first + 1:
                raise ObjectMissing(key)  # shorter than it said: it changed under us
            return data

        ranges = [(start, min(start + _HASH_CHUNK, size) - 1) for start in range(0, size, _HASH_CHUNK)]
        pending: collections.deque[asyncio.Task[bytes]] = collections.deque()
        try:
            for first_byte, last_byte in ranges:
                pending.append(asyncio.create_task(fetch(first_byte, last_byte)))
                if len(pending) >= _CHECK_AT_ONCE:
                    await asyncio.to_thread(digest.update, await pending.popleft())
            while pending:
                await asyncio.to_thread(digest.update, await pending.popleft())
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        return StoredObject(key=key, size_bytes=size, sha256=digest.hexdigest())

    async def delete(self, key: str) -> None:
        validate_key(key)
        # S3 answers 204 for absent keys too, so this is idempotent as the port requires.
        await self._require_client().delete_object(Bucket=self._bucket, Key=key)

    async def check(self) -> None:
        await self._require_client().head_bucket(Bucket=self._bucket)

    async def delete_prefix(self, prefix: str) -> int:
        validate_key(prefix)
        client = self._require_client()
        uploads = client.get_paginator("list_multipart_uploads")
        async for page in uploads.paginate(Bucket=self._bucket, Prefix=prefix + "/"):
            for upload in page.get("Uploads", []):
                await self.multipart_abort(upload["Key"], upload["UploadId"])
        deleted = 0
        objects = client.get_paginator("list_objects_v2")
        async for page in objects.paginate(Bucket=self._bucket, Prefix=prefix + "/"):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            for start in range(0, len(keys), _DELETE_BATCH):
                batch = keys[start : start + _DELETE_BATCH]
                await client.delete_objects(Bucket=self._bucket, Delete={"Objects": batch, "Quiet": True})
                deleted += len(batch)
        return deleted

    # -- multipart uploads: S3's own, with presigned part URLs ---------------------------------

    async def multipart_create(self, key: str, content_type: str, size_bytes: int, part_size: int) -> str:
        validate_key(key)
        created = await self._require_client().create_multipart_upload(
            Bucket=self._bucket, Key=key, ContentType=content_type
        )
        return str(created["UploadId"])

    async def multipart_part_url(
        self, key: str, upload_id: str, number: int, size_bytes: int, expires_in: int = 3600
    ) -> SignedRequest:
        """A presigned UploadPart. S3 cannot bind the part's size to the URL; completing checks every size."""
        validate_key(key)
        validate_expires_in(expires_in)
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_in)
        url = await self._presigner().generate_presigned_url(
            "upload_part",
            Params={"Bucket": self._bucket, "Key": key, "UploadId": upload_id, "PartNumber": number},
            ExpiresIn=expires_in,
        )
        return SignedRequest(url=url, method="PUT", headers={}, expires_at=expires_at)

    async def multipart_parts(self, key: str, upload_id: str) -> list[StoredPart] | None:
        validate_key(key)
        client = self._require_client()
        parts: list[StoredPart] = []
        marker = 0
        while True:
            try:
                page = await client.list_parts(
                    Bucket=self._bucket, Key=key, UploadId=upload_id, PartNumberMarker=marker, MaxParts=1000
                )
            except ClientError as exc:
                if _error_code(exc) in _NO_UPLOAD_CODES:
                    return None
                raise
            parts += [
                StoredPart(number=int(p["PartNumber"]), size_bytes=int(p["Size"]), etag=str(p["ETag"]))
                for p in page.get("Parts", [])
            ]
            if not page.get("IsTruncated"):
                return sorted(parts, key=lambda part: part.number)
            marker = int(page["NextPartNumberMarker"])

    async def multipart_complete(self, key: str, upload_id: str, parts: Sequence[StoredPart]) -> None:
        validate_key(key)
        try:
            await self._require_client().complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={"Parts": [{"ETag": p.etag, "PartNumber": p.number} for p in parts]},
            )
        except ClientError as exc:
            if _error_code(exc) in _NO_UPLOAD_CODES:
                raise ObjectMissing(key) from exc
            raise

    async def multipart_abort(self, key: str, upload_id: str) -> None:
        validate_key(key)
        try:
            await self._require_client().abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)
        except ClientError as exc:
            if _error_code(exc) not in _NO_UPLOAD_CODES:
                raise

    # -- signed URLs ------------------------------------------------------------------------

    async def download_url(self, key: str, filename: str | None = None, expires_in: int = 3600) -> SignedRequest:
        validate_key(key)
        validate_expires_in(expires_in)
        params: dict[str, str] = {"Bucket": self._bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = content_disposition(filename)
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_in)
        url = await self._presigner().generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        return SignedRequest(url=url, method="GET", headers={}, expires_at=expires_at)

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, sha256: str, expires_in: int = 3600
    ) -> SignedRequest:
        """A presigned PUT. Plain presigned S3 PUTs cannot enforce size or sha256; callers verify afterwards."""
        validate_key(key)
        validate_upload_declaration(size_bytes, sha256, content_type)
        validate_expires_in(expires_in)
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_in)
        url = await self._presigner().generate_presigned_url(
            "put_object",
            Params={"Bucket": self._bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=expires_in,
        )
        return SignedRequest(url=url, method="PUT", headers={"Content-Type": content_type}, expires_at=expires_at)
