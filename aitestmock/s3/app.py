"""The S3 server's Starlette app: path-style requests, each signed with SigV4, dispatched to S3's operations."""

from __future__ import annotations

import asyncio
import base64
import binascii
import bisect
import hashlib
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from aitestmock.s3 import protocol as xml
from aitestmock.s3.protocol import (
    S3Error,
    invalid_argument,
    malformed_xml,
    no_such_bucket,
    no_such_key,
    no_such_upload,
    not_implemented,
)
from aitestmock.s3.sigv4 import UNSIGNED_PAYLOAD, Authorized, parse_query, verify
from aitestmock.s3.store import WRITE_CHUNK, BodyWriter, Bucket, Part, Store, StoredObject, Upload, join_parts

MiB = 1024 * 1024
GiB = 1024 * MiB
MIN_PART_SIZE = 5 * MiB
MAX_PUT_SIZE = 5 * GiB  # one PutObject, one part
MAX_PARTS = 10_000
MAX_KEY_BYTES = 1024
MAX_XML_BODY = 2 * MiB
READ_CHUNK = 1024 * 1024
KEEPALIVE_SECONDS = 5.0  # a CompleteMultipartUpload still joining answers 200 at once, then spaces until done
DEFAULT_CREDENTIALS: Mapping[str, str] = {"test": "test"}
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"]
CHECKSUMS = ("crc32", "crc32c", "crc64nvme", "sha1", "sha256")
STORED_HEADERS = (
    "content-type",
    "content-disposition",
    "content-encoding",
    "content-language",
    "cache-control",
    "expires",
)
RESPONSE_OVERRIDES = {
    "response-content-type": "content-type",
    "response-content-disposition": "content-disposition",
    "response-content-encoding": "content-encoding",
    "response-content-language": "content-language",
    "response-cache-control": "cache-control",
    "response-expires": "expires",
}
logger = logging.getLogger("aitestmock.s3")
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_RANGE = re.compile(r"^\s*bytes=(\d*)-(\d*)\s*$")


@dataclass
class Call:
    """One authenticated request, taken apart."""

    request: Request
    auth: Authorized
    bucket: str
    key: str
    params: dict[str, str]  # the first value of each query parameter


class S3Server:
    """The state and operations behind `create_app`; `clock` (epoch seconds) decides expiry and skew."""

    def __init__(
        self,
        root: Path,
        credentials: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        min_part_size: int = MIN_PART_SIZE,
    ) -> None:
        self.store = Store(root)
        self.credentials = dict(credentials or DEFAULT_CREDENTIALS)
        self.clock = clock
        self.min_part_size = min_part_size
        self._completing: set[asyncio.Task[StoredObject]] = set()

    # -- the one endpoint ----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        request_id = secrets.token_hex(8).upper()
        raw_path: bytes = request.scope.get("raw_path") or request.scope["path"].encode()
        raw_path = raw_path.split(b"?", 1)[0]
        try:
            if request.method == "OPTIONS":
                response = self._preflight(request)
            else:
                response = await self._dispatch(request, raw_path)
        except S3Error as error:
            response = self._error(error, request, raw_path, request_id)
        except ClientDisconnect:  # nobody is left to read the answer; what was received is already gone
            cut = S3Error(400, "IncompleteBody", "The request body ended before its Content-Length")
            response = self._error(cut, request, raw_path, request_id)
        except Exception:
            logger.exception("%s %s failed", request.method, request.url.path)
            internal = S3Error(500, "InternalError", "We encountered an internal error. Please try again.")
            response = self._error(internal, request, raw_path, request_id)
        response.headers["x-amz-request-id"] = request_id
        response.headers["x-amz-id-2"] = base64.b64encode(os.urandom(48)).decode()
        response.headers["server"] = "AmazonS3"
        origin = request.headers.get("origin")
        if origin:
            response.headers["access-control-allow-origin"] = origin
            response.headers["access-control-expose-headers"] = "ETag, x-amz-request-id, x-amz-version-id"
            response.headers["vary"] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
        return response

    def _error(self, error: S3Error, request: Request, raw_path: bytes, request_id: str) -> Response:
        headers = {"content-type": "application/xml", **error.headers}
        if request.method == "HEAD":  # S3 answers a HEAD with the status alone
            return Response(status_code=error.status, headers={**error.headers, "content-length": "0"})
        host_id = base64.b64encode(os.urandom(48)).decode()
        body = xml.error_xml(error, unquote(raw_path.decode("latin-1")), request_id, host_id)
        return Response(body, status_code=error.status, headers=headers)

    def _preflight(self, request: Request) -> Response:
        """CORS as a bucket whose rule allows every origin, method and header would answer it."""
        origin = request.headers.get("origin")
        method = request.headers.get("access-control-request-method")
        if not origin or not method:
            raise S3Error(400, "BadRequest", "Insufficient information. Origin request header needed.")
        if method not in ("GET", "PUT", "POST", "DELETE", "HEAD"):
            raise S3Error(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.", Method=method)
        headers = {
            "access-control-allow-methods": "GET, PUT, POST, DELETE, HEAD",
            "access-control-max-age": "3000",
        }
        requested = request.headers.get("access-control-request-headers")
        if requested:
            headers["access-control-allow-headers"] = requested
        return Response(status_code=200, headers=headers)

    async def _dispatch(self, request: Request, raw_path: bytes) -> Response:
        query = parse_query(request.scope.get("query_string", b""))
        headers = [
            (name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in request.scope["headers"]
        ]
        auth = verify(request.method, raw_path, query, headers, self.credentials, self.clock())
        bucket_part, _, key_part = raw_path.decode("latin-1")[1:].partition("/")
        params: dict[str, str] = {}
        for name, value in query:
            params.setdefault(name, value)
        call = Call(request=request, auth=auth, bucket=unquote(bucket_part), key=unquote(key_part), params=params)
        method = request.method
        if not call.bucket:
            if method == "GET":
                return self.list_buckets(call)
            raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
        if not call.key:
            return await self._bucket_operation(call, method, params)
        if len(call.key.encode()) > MAX_KEY_BYTES:
            raise S3Error(
                400,
                "KeyTooLongError",
                "Your key is too long",
                MaxSizeAllowed=MAX_KEY_BYTES,
                Size=len(call.key.encode()),
            )
        return await self._object_operation(call, method, params)

    async def _bucket_operation(self, call: Call, method: str, params: dict[str, str]) -> Response:
        if method == "HEAD":
            return self.head_bucket(call)
        if method == "PUT" and not params:
            return await self.create_bucket(call)
        if method == "DELETE" and not params:
            return await self.delete_bucket(call)
        if method == "GET":
            if "uploads" in params:
                return self.list_multipart_uploads(call)
            if "location" in params:
                return self.get_bucket_location(call)
            if params.get("list-type") == "2":
                return self.list_objects(call, version=2)
            if not set(params) - {"prefix", "delimiter", "marker", "max-keys", "encoding-type"}:
                return self.list_objects(call, version=1)
        if method == "POST" and "delete" in params:
            return await self.delete_objects(call)
        raise not_implemented(f"{method} ?{'&'.join(params)}")

    async def _object_operation(self, call: Call, method: str, params: dict[str, str]) -> Response:
        copy = "x-amz-copy-source" in call.request.headers
        if method == "PUT" and not copy:
            if "uploadId" in params:
                return await self.upload_part(call)
            if not set(params) & {"acl", "tagging", "retention", "legal-hold", "torrent", "partNumber"}:
                return await self.put_object(call)
        if method in ("GET", "HEAD"):
            if method == "GET" and "uploadId" in params:
                return self.list_parts(call)
            if not set(params) & {"acl", "tagging", "attributes", "torrent", "legal-hold", "retention", "partNumber"}:
                return self.get_object(call, head=method == "HEAD")
        if method == "DELETE":
            if "uploadId" in params:
                return await self.abort_multipart_upload(call)
            if not params:
                return self.delete_object(call)
        if method == "POST":
            if "uploads" in params:
                return self.create_multipart_upload(call)
            if "uploadId" in params:
                return await self.complete_multipart_upload(call)
        raise not_implemented("x-amz-copy-source" if copy else f"{method} ?{'&'.join(params)}")

    def _bucket(self, name: str) -> Bucket:
        bucket = self.store.buckets.get(name)
        if bucket is None:
            raise no_such_bucket(name)
        return bucket

    # -- buckets -------------------------------------------------------------------------------------

    def list_buckets(self, call: Call) -> Response:
        buckets = "".join(
            f"<Bucket>{xml.elements(Name=b.name, CreationDate=xml.iso_time(b.created), BucketRegion=b.region)}</Bucket>"
            for b in sorted(self.store.buckets.values(), key=lambda b: b.name)
        )
        return _xml(xml.document("ListAllMyBucketsResult", xml.owner(), f"<Buckets>{buckets}</Buckets>"))

    def head_bucket(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        return Response(status_code=200, headers={"x-amz-bucket-region": bucket.region, "content-length": "0"})

    def get_bucket_location(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        region = "" if bucket.region == "us-east-1" else bucket.region
        return _xml(xml.document("LocationConstraint", xml.text(region)))

    async def create_bucket(self, call: Call) -> Response:
        name = call.bucket
        if not _BUCKET_NAME.match(name) or ".." in name or re.match(r"^\d+\.\d+\.\d+\.\d+$", name):
            raise S3Error(400, "InvalidBucketName", "The specified bucket is not valid.", BucketName=name)
        body = await self._small_body(call, checksum_required=False)
        region = "us-east-1"
        if body.strip():
            configuration = xml.parse_xml(body, "CreateBucketConfiguration")
            region = xml.child_text(configuration, "LocationConstraint") or "us-east-1"
        existing = self.store.buckets.get(name)
        if existing is not None:
            if existing.region == region == "us-east-1":
                # For legacy compatibility, us-east-1 answers 200 to creating a bucket its owner already has.
                return Response(status_code=200, headers={"location": f"/{name}", "content-length": "0"})
            raise S3Error(
                409,
                "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.",
                BucketName=name,
            )
        # At once, with no await between the check and the index: instances starting together race to create it.
        self.store.create_bucket(name, region, self.clock())
        return Response(status_code=200, headers={"location": f"/{name}", "content-length": "0"})

    async def delete_bucket(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        if bucket.objects:
            raise S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", BucketName=bucket.name)
        gone = self.store.forget_bucket(bucket.name)
        await asyncio.to_thread(shutil.rmtree, gone, True)
        return Response(status_code=204)

    # -- listing -------------------------------------------------------------------------------------

    def list_objects(self, call: Call, version: int) -> Response:
        bucket = self._bucket(call.bucket)
        params = call.params
        encoding = _encoding(params)
        prefix = params.get("prefix", "")
        delimiter = params.get("delimiter", "")
        max_keys = _count(params, "max-keys", 1000)
        fetch_owner = version == 1 or params.get("fetch-owner") == "true"
        token = params.get("continuation-token")
        if version == 2:
            start_after = params.get("start-after", "")
            marker = _decode_token(token) if token is not None else start_after
        else:
            marker = params.get("marker", "")
        keys, prefixes, truncated, last = _page(sorted(bucket.objects), prefix, delimiter, marker, max_keys)

        def enc(value: str) -> str:
            return xml.encode_key(value, encoding)

        contents = []
        for key in keys:
            stored = bucket.objects[key]
            owner = xml.owner() if fetch_owner else ""
            contents.append(
                "<Contents>"
                + xml.elements(
                    Key=enc(key),
                    LastModified=xml.iso_time(stored.modified),
                    ETag=xml.quoted_etag(stored.etag),
                    Size=stored.size,
                    StorageClass="STANDARD",
                )
                + owner
                + "</Contents>"
            )
        common = [f"<CommonPrefixes>{xml.element('Prefix', enc(p))}</CommonPrefixes>" for p in prefixes]
        if version == 2:
            head = xml.elements(
                Name=bucket.name,
                Prefix=enc(prefix),
                Delimiter=enc(delimiter) if delimiter else None,
                MaxKeys=max_keys,
                EncodingType=encoding,
                KeyCount=len(keys) + len(prefixes),
                IsTruncated=truncated,
                ContinuationToken=token,
                NextContinuationToken=_encode_token(last) if truncated and last is not None else None,
                StartAfter=enc(params["start-after"]) if "start-after" in params else None,
            )
        else:
            head = xml.elements(
                Name=bucket.name,
                Prefix=enc(prefix),
                Marker=enc(marker),
                MaxKeys=max_keys,
                Delimiter=enc(delimiter) if delimiter else None,
                EncodingType=encoding,
                IsTruncated=truncated,
                NextMarker=enc(last) if truncated and delimiter and last is not None else None,
            )
        return _xml(xml.document("ListBucketResult", head, contents, common))

    def list_multipart_uploads(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        params = call.params
        encoding = _encoding(params)
        prefix = params.get("prefix", "")
        key_marker = params.get("key-marker", "")
        id_marker = params.get("upload-id-marker", "")
        max_uploads = _count(params, "max-uploads", 1000)
        ordered = sorted(
            (u for u in bucket.uploads.values() if u.key.startswith(prefix)),
            key=lambda u: (u.key, u.initiated, u.upload_id),
        )
        if key_marker:
            position = next(
                (i for i, u in enumerate(ordered) if u.upload_id == id_marker and u.key == key_marker), None
            )
            after = ordered[position + 1 :] if position is not None else None
            ordered = after if after is not None else [u for u in ordered if u.key > key_marker]
        page, truncated = ordered[:max_uploads], len(ordered) > max_uploads
        uploads = [
            "<Upload>"
            + xml.elements(Key=xml.encode_key(u.key, encoding), UploadId=u.upload_id)
            + xml.initiator()
            + xml.owner()
            + xml.elements(StorageClass="STANDARD", Initiated=xml.iso_time(u.initiated))
            + "</Upload>"
            for u in page
        ]
        head = xml.elements(
            Bucket=bucket.name,
            KeyMarker=xml.encode_key(key_marker, encoding),
            UploadIdMarker=id_marker,
            NextKeyMarker=xml.encode_key(page[-1].key, encoding) if truncated else None,
            NextUploadIdMarker=page[-1].upload_id if truncated else None,
            Prefix=xml.encode_key(prefix, encoding),
            MaxUploads=max_uploads,
            EncodingType=encoding,
            IsTruncated=truncated,
        )
        return _xml(xml.document("ListMultipartUploadsResult", head, uploads))

    # -- objects -------------------------------------------------------------------------------------

    async def put_object(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        name = self.store.new_data_name()
        writer = await self._receive(call, self.store.objects_dir(bucket.name) / name)
        if self.store.buckets.get(bucket.name) is not bucket:
            writer.discard()
            raise no_such_bucket(bucket.name)
        stored = StoredObject(
            key=call.key,
            file=name,
            size=writer.size,
            etag=writer.md5.hexdigest(),
            modified=self.clock(),
            headers=_object_headers(call.request),
        )
        self.store.publish(bucket, stored)
        return Response(status_code=200, headers={"etag": xml.quoted_etag(stored.etag), **_checksum_echo(call)})

    def get_object(self, call: Call, head: bool) -> Response:
        bucket = self._bucket(call.bucket)
        stored = bucket.objects.get(call.key)
        if stored is None:
            raise no_such_key(call.key)
        headers = {
            "last-modified": xml.http_time(stored.modified),
            "etag": xml.quoted_etag(stored.etag),
            "accept-ranges": "bytes",
            "content-type": "binary/octet-stream",
            **stored.headers,
        }
        for param, header in RESPONSE_OVERRIDES.items():
            if param in call.params:
                headers[header] = call.params[param]
        condition = _precondition(call.request, stored)
        if condition is not None:
            return Response(
                status_code=condition, headers={k: v for k, v in headers.items() if k in ("etag", "last-modified")}
            )
        span = _byte_range(call.request.headers.get("range"), stored.size)
        start, length, status = 0, stored.size, 200
        if span is not None:
            start, end = span
            length, status = end - start + 1, 206
            headers["content-range"] = f"bytes {start}-{end}/{stored.size}"
        headers["content-length"] = str(length)
        if head:
            return Response(status_code=status, headers=headers)
        try:
            fd = os.open(self.store.object_path(bucket.name, stored), os.O_RDONLY)
        except FileNotFoundError as exc:  # replaced or deleted between the lookup and now
            raise no_such_key(call.key) from exc
        return StreamingResponse(_read(fd, start, length), status_code=status, headers=headers)

    def delete_object(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        self.store.remove(bucket, call.key)
        return Response(status_code=204)

    async def delete_objects(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        body = await self._small_body(call, checksum_required=True)
        document = xml.parse_xml(body, "Delete")
        quiet = (xml.child_text(document, "Quiet") or "").strip().lower() == "true"
        objects = xml.children(document, "Object")
        if not objects or len(objects) > 1000:
            raise malformed_xml()
        deleted = []
        for item in objects:
            key = xml.child_text(item, "Key")
            if key is None:
                raise malformed_xml()
            self.store.remove(bucket, key)
            if not quiet:
                deleted.append(f"<Deleted>{xml.element('Key', key)}</Deleted>")
        return _xml(xml.document("DeleteResult", deleted))

    # -- multipart uploads ---------------------------------------------------------------------------

    def create_multipart_upload(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        upload = Upload(
            upload_id=secrets.token_urlsafe(48),
            key=call.key,
            initiated=self.clock(),
            headers=_object_headers(call.request),
        )
        self.store.create_upload(bucket, upload)
        return _xml(
            xml.document(
                "InitiateMultipartUploadResult",
                xml.elements(Bucket=bucket.name, Key=call.key, UploadId=upload.upload_id),
            )
        )

    def _upload(self, bucket: Bucket, call: Call) -> Upload:
        upload_id = call.params["uploadId"]
        upload = bucket.uploads.get(upload_id)
        if upload is None or upload.key != call.key:
            raise no_such_upload(upload_id)
        return upload

    async def upload_part(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        text = call.params.get("partNumber", "")
        if not text.isdigit() or not 1 <= int(text) <= MAX_PARTS:
            raise invalid_argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text)
        upload = self._upload(bucket, call)
        name = self.store.new_data_name()
        try:
            writer = await self._receive(call, self.store.upload_dir(bucket.name, upload.upload_id) / name)
        except FileNotFoundError as exc:  # aborted (its folder removed) before the part began
            raise no_such_upload(upload.upload_id) from exc
        if self.store.buckets.get(bucket.name) is not bucket or bucket.uploads.get(upload.upload_id) is not upload:
            writer.discard()
            raise no_such_upload(upload.upload_id)
        part = Part(number=int(text), file=name, size=writer.size, etag=writer.md5.hexdigest(), modified=self.clock())
        self.store.publish_part(bucket, upload, part)
        return Response(status_code=200, headers={"etag": xml.quoted_etag(part.etag), **_checksum_echo(call)})

    def list_parts(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        upload = self._upload(bucket, call)
        max_parts = _count(call.params, "max-parts", 1000)
        marker_text = call.params.get("part-number-marker", "0") or "0"
        if not marker_text.isdigit():
            raise invalid_argument("Part number marker must be an integer", "part-number-marker", marker_text)
        marker = int(marker_text)
        numbers = sorted(n for n in upload.parts if n > marker)
        page, truncated = numbers[:max_parts], len(numbers) > max_parts
        parts = [
            "<Part>"
            + xml.elements(
                PartNumber=n,
                LastModified=xml.iso_time(upload.parts[n].modified),
                ETag=xml.quoted_etag(upload.parts[n].etag),
                Size=upload.parts[n].size,
            )
            + "</Part>"
            for n in page
        ]
        head = (
            xml.elements(Bucket=bucket.name, Key=upload.key, UploadId=upload.upload_id)
            + xml.initiator()
            + xml.owner()
            + xml.elements(
                StorageClass="STANDARD",
                PartNumberMarker=marker,
                NextPartNumberMarker=page[-1] if page else marker,
                MaxParts=max_parts,
                IsTruncated=truncated,
            )
        )
        return _xml(xml.document("ListPartsResult", head, parts))

    async def abort_multipart_upload(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        upload = self._upload(bucket, call)
        gone = self.store.forget_upload(bucket, upload.upload_id)
        if gone is not None:
            await asyncio.to_thread(shutil.rmtree, gone, True)
        return Response(status_code=204)

    async def complete_multipart_upload(self, call: Call) -> Response:
        bucket = self._bucket(call.bucket)
        upload = self._upload(bucket, call)
        body = await self._small_body(call, checksum_required=False)
        chosen = self._chosen_parts(upload, xml.parse_xml(body, "CompleteMultipartUpload"))
        if bucket.uploads.get(upload.upload_id) is not upload:  # aborted or completed while the body came
            raise no_such_upload(upload.upload_id)
        del bucket.uploads[upload.upload_id]  # no part, abort or second completion from here on
        sources: list[tuple[int, int]] = []
        try:
            for part in chosen:
                sources.append(
                    (os.open(self.store.part_path(bucket.name, upload.upload_id, part), os.O_RDONLY), part.size)
                )
        except OSError:
            for fd, _ in sources:
                os.close(fd)
            bucket.uploads[upload.upload_id] = upload
            raise
        digest = hashlib.md5(b"".join(bytes.fromhex(p.etag) for p in chosen), usedforsecurity=False).hexdigest()
        stored = StoredObject(
            key=upload.key,
            file=self.store.new_data_name(),
            size=sum(p.size for p in chosen),
            etag=f"{digest}-{len(chosen)}",
            modified=self.clock(),
            headers=upload.headers,
        )
        task = asyncio.create_task(self._join(bucket, upload, sources, stored))
        self._completing.add(task)
        task.add_done_callback(self._completing.discard)
        location = str(call.request.url.replace(query=""))

        def result() -> str:
            return (
                f'<CompleteMultipartUploadResult xmlns="{xml.NAMESPACE}">'
                + xml.elements(Location=location, Bucket=bucket.name, Key=upload.key, ETag=xml.quoted_etag(stored.etag))
                + "</CompleteMultipartUploadResult>"
            )

        done, _ = await asyncio.wait({task}, timeout=1.0)
        if done:
            task.result()  # an S3Error answers with its status
            return _xml((xml.DECLARATION + result()).encode())

        async def keepalive() -> AsyncIterator[bytes]:
            # S3 answers 200 at once and sends whitespace until the object is joined; an error then comes
            # as an <Error> document in that 200 (which the SDKs look for).
            yield xml.DECLARATION.encode()
            while not (await asyncio.wait({task}, timeout=KEEPALIVE_SECONDS))[0]:
                yield b" "
            try:
                task.result()
            except S3Error as error:
                yield xml.error_xml(error, f"/{bucket.name}/{upload.key}", "", "")[len(xml.DECLARATION) :]
                return
            yield result().encode()

        return StreamingResponse(keepalive(), status_code=200, media_type="application/xml")

    def _chosen_parts(self, upload: Upload, document: Any) -> list[Part]:
        listed = xml.children(document, "Part")
        if not listed:
            raise malformed_xml()
        chosen: list[Part] = []
        previous = 0
        for item in listed:
            number_text = (xml.child_text(item, "PartNumber") or "").strip()
            etag = (xml.child_text(item, "ETag") or "").strip().strip('"')
            if not number_text.isdigit():
                raise malformed_xml()
            number = int(number_text)
            if number <= previous:
                raise S3Error(
                    400,
                    "InvalidPartOrder",
                    "The list of parts was not in ascending order. The parts list must be specified in order by part "
                    "number.",
                    UploadId=upload.upload_id,
                )
            previous = number
            part = upload.parts.get(number)
            if part is None or part.etag != etag:
                raise S3Error(
                    400,
                    "InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not have been uploaded, or "
                    "the specified entity tag may not match the part's entity tag.",
                    UploadId=upload.upload_id,
                    PartNumber=number,
                    ETag=etag,
                )
            chosen.append(part)
        for part in chosen[:-1]:
            if part.size < self.min_part_size:
                raise S3Error(
                    400,
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    ProposedSize=part.size,
                    MinSizeAllowed=self.min_part_size,
                    PartNumber=part.number,
                    ETag=xml.quoted_etag(part.etag),
                )
        return chosen

    async def _join(
        self, bucket: Bucket, upload: Upload, sources: list[tuple[int, int]], stored: StoredObject
    ) -> StoredObject:
        target = self.store.objects_dir(bucket.name) / stored.file
        try:
            await asyncio.to_thread(join_parts, sources, target)
        except OSError as exc:
            if self.store.buckets.get(bucket.name) is bucket:
                bucket.uploads[upload.upload_id] = upload  # as S3 would, the upload stays for another try
            raise S3Error(500, "InternalError", f"We encountered an internal error. Please try again. ({exc})") from exc
        finally:
            for fd, _ in sources:
                os.close(fd)
        if self.store.buckets.get(bucket.name) is not bucket:
            target.unlink(missing_ok=True)
            raise no_such_bucket(bucket.name)
        self.store.publish(bucket, stored)
        gone = self.store.retire_upload_dir(bucket, upload.upload_id)
        if gone is not None:
            await asyncio.to_thread(shutil.rmtree, gone, True)
        return stored

    # -- request bodies ------------------------------------------------------------------------------

    async def _receive(self, call: Call, path: Path) -> BodyWriter:
        """The body streamed into a new file at `path` and checked against every digest the request declared."""
        headers = call.request.headers
        if "aws-chunked" in headers.get("content-encoding", ""):
            raise not_implemented("Content-Encoding: aws-chunked")
        length = _content_length(call.request)
        if length > MAX_PUT_SIZE:
            raise S3Error(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size",
                ProposedSize=length,
                MaxSizeAllowed=MAX_PUT_SIZE,
            )
        checksum = _declared_checksum(call.request)
        sha256 = call.auth.payload_hash != UNSIGNED_PAYLOAD
        writer = await asyncio.to_thread(BodyWriter, path, sha256, checksum[0] if checksum else None)
        try:
            buffer = bytearray()
            async for chunk in call.request.stream():
                buffer += chunk
                if len(buffer) >= WRITE_CHUNK:
                    await asyncio.to_thread(writer.write, bytes(buffer))
                    buffer.clear()
            if buffer:
                await asyncio.to_thread(writer.write, bytes(buffer))
            await asyncio.to_thread(writer.finish)
            if writer.size != length:
                raise S3Error(
                    400,
                    "IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length HTTP header",
                )
            _check_digests(
                call,
                writer.md5.digest(),
                writer.sha256.hexdigest() if writer.sha256 is not None else None,
                checksum,
                writer.checksum(),
            )
        except BaseException:
            writer.discard()
            raise
        return writer

    async def _small_body(self, call: Call, checksum_required: bool) -> bytes:
        """An XML request body, read whole (at most MAX_XML_BODY) and checked like any other."""
        length = call.request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_XML_BODY:
            raise S3Error(400, "MaxMessageLengthExceeded", "Your request was too big.")
        body = bytearray()
        async for chunk in call.request.stream():
            body += chunk
            if len(body) > MAX_XML_BODY:
                raise S3Error(400, "MaxMessageLengthExceeded", "Your request was too big.")
        data = bytes(body)
        checksum = _declared_checksum(call.request)
        if checksum_required and checksum is None and "content-md5" not in call.request.headers:
            raise S3Error(400, "InvalidRequest", "Missing required header for this request: Content-MD5")
        computed = None
        if checksum is not None and checksum[0] in ("crc32", "sha1", "sha256"):
            computed = _digest(checksum[0], data)
        sha256 = hashlib.sha256(data).hexdigest() if call.auth.payload_hash != UNSIGNED_PAYLOAD else None
        _check_digests(call, hashlib.md5(data, usedforsecurity=False).digest(), sha256, checksum, computed)
        return data


# -- helpers ---------------------------------------------------------------------------------------------


def _xml(body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="application/xml")


async def _read(fd: int, start: int, length: int) -> AsyncIterator[bytes]:
    try:
        position, end = start, start + length
        while position < end:
            chunk = await asyncio.to_thread(os.pread, fd, min(READ_CHUNK, end - position), position)
            if not chunk:
                break
            position += len(chunk)
            yield chunk
    finally:
        os.close(fd)


def _object_headers(request: Request) -> dict[str, str]:
    kept = {name: request.headers[name] for name in STORED_HEADERS if name in request.headers}
    kept.update({name: value for name, value in request.headers.items() if name.startswith("x-amz-meta-")})
    return kept


def _content_length(request: Request) -> int:
    text = request.headers.get("content-length")
    if text is None:
        raise S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
    if not text.isdigit():
        raise invalid_argument("Content-Length must be a number", "Content-Length", text)
    return int(text)


def _declared_checksum(request: Request) -> tuple[str, str] | None:
    """The one x-amz-checksum-<algorithm> header, as (algorithm, base64 value)."""
    declared = [
        (name, request.headers[f"x-amz-checksum-{name}"])
        for name in CHECKSUMS
        if f"x-amz-checksum-{name}" in request.headers
    ]
    if len(declared) > 1:
        raise S3Error(
            400, "InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."
        )
    return declared[0] if declared else None


def _digest(algorithm: str, data: bytes) -> bytes:
    if algorithm == "crc32":
        import zlib

        return zlib.crc32(data).to_bytes(4, "big")
    return hashlib.new(algorithm, data).digest()


def _check_digests(
    call: Call, md5: bytes, sha256: str | None, checksum: tuple[str, str] | None, computed: bytes | None
) -> None:
    declared_md5 = call.request.headers.get("content-md5")
    if declared_md5 is not None:
        try:
            expected = base64.b64decode(declared_md5, validate=True)
        except binascii.Error:
            expected = b""
        if len(expected) != 16:
            raise S3Error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.").with_elements(
                {"Content-MD5": declared_md5}
            )
        if expected != md5:
            raise S3Error(
                400,
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
                ExpectedDigest=declared_md5,
                CalculatedDigest=base64.b64encode(md5).decode(),
            )
    if sha256 is not None and sha256 != call.auth.payload_hash:
        raise S3Error(
            400,
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ClientComputedContentSHA256=call.auth.payload_hash,
            S3ComputedContentSHA256=sha256,
        )
    if checksum is not None and computed is not None:
        algorithm, value = checksum
        try:
            expected = base64.b64decode(value, validate=True)
        except binascii.Error:
            expected = b""
        if len(expected) != len(computed):
            raise S3Error(400, "InvalidRequest", f"Value for x-amz-checksum-{algorithm} header is invalid.")
        if expected != computed:
            raise S3Error(
                400, "BadDigest", f"The {algorithm.upper()} you specified did not match the calculated checksum."
            )


def _checksum_echo(call: Call) -> dict[str, str]:
    checksum = _declared_checksum(call.request)
    return {f"x-amz-checksum-{checksum[0]}": checksum[1]} if checksum else {}


def _precondition(request: Request, stored: StoredObject) -> int | None:
    etag = xml.quoted_etag(stored.etag)
    if_match = request.headers.get("if-match")
    if if_match is not None and if_match.strip() not in ("*", etag) and etag not in if_match.split(","):
        raise S3Error(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold",
            Condition="If-Match",
        )
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and (
        if_none_match.strip() == "*" or etag in [v.strip() for v in if_none_match.split(",")]
    ):
        return 304
    return None


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte a Range header asks for; None for the whole object (no header, or one S3
    ignores: not `bytes=`, several ranges, last before first)."""
    if header is None:
        return None
    match = _RANGE.match(header)
    if match is None or not (match[1] or match[2]):
        return None
    if not match[1]:
        suffix = int(match[2])
        if suffix == 0 or size == 0:
            raise _invalid_range(header, size)
        return max(0, size - suffix), size - 1
    first = int(match[1])
    last = int(match[2]) if match[2] else size - 1
    if match[2] and last < first:
        return None
    if first >= size:
        raise _invalid_range(header, size)
    return first, min(last, size - 1)


def _invalid_range(header: str, size: int) -> S3Error:
    return S3Error(
        416,
        "InvalidRange",
        "The requested range is not satisfiable",
        headers={"content-range": f"bytes */{size}"},
        RangeRequested=header,
        ActualObjectSize=size,
    )


def _encoding(params: dict[str, str]) -> str | None:
    encoding = params.get("encoding-type")
    if encoding is not None and encoding != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding)
    return encoding


def _count(params: dict[str, str], name: str, default: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    if not text.isdigit():
        raise invalid_argument(f"Provided {name} not an integer or within integer range", name, text)
    return min(int(text), default)


def _encode_token(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode()


def _decode_token(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise invalid_argument("The continuation token provided is incorrect", "continuation-token", token) from exc


def _page(
    keys: list[str], prefix: str, delimiter: str, marker: str, limit: int
) -> tuple[list[str], list[str], bool, str | None]:
    """One page of a listing: keys, common prefixes, whether more follow, and the last entry (the next marker)."""
    found: list[str] = []
    prefixes: list[str] = []
    last: str | None = None
    if limit == 0:
        return found, prefixes, False, None
    index = bisect.bisect_right(keys, marker) if marker >= prefix else bisect.bisect_left(keys, prefix)
    for key in keys[index:]:
        if not key.startswith(prefix):
            break
        entry, common = key, False
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                entry, common = key[: cut + len(delimiter)], True
                if entry == last or (marker and marker.startswith(entry)):
                    continue
        if len(found) + len(prefixes) == limit:
            return found, prefixes, True, last
        (prefixes if common else found).append(entry)
        last = entry
    return found, prefixes, False, last


def create_app(
    root: Path | str,
    credentials: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.time,
    min_part_size: int = MIN_PART_SIZE,
) -> Starlette:
    """An S3 server storing under `root`; `credentials` maps access keys to secrets (default test/test)."""
    server = S3Server(Path(root), credentials, clock, min_part_size)
    app = Starlette(routes=[Route("/{path:path}", server.handle, methods=METHODS)])
    app.state.s3 = server
    return app
