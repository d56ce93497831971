"""The S3 test server (aitestmock.s3) answers as S3 does: through aioboto3 and through raw HTTP.

Most tests use the session's server (`s3_endpoint`, a process of its own); those that need another clock or a
restart serve an app of their own in the test's loop.
"""

from __future__ import annotations

import base64
import calendar
import errno
import hashlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import aioboto3
import httpx
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from aitestmock.s3 import create_app
from tests.support import http_client, serving_quietly

MiB = 1024 * 1024
S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
# As infra/storage/s3.py configures its client, but without retries (botocore retries a BadDigest, say).
PLAIN = Config(
    s3={"addressing_style": "path"},
    signature_version="s3v4",
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
    retries={"total_max_attempts": 1},
)
# botocore's default: a CRC32 with every upload.
CHECKSUMS = Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"total_max_attempts": 1})


@asynccontextmanager
async def s3(
    endpoint: str, key: str = "test", secret: str = "test", region: str = "us-east-1", config: Config = PLAIN
) -> AsyncIterator[Any]:
    session = aioboto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name=region)
    async with session.client("s3", endpoint_url=endpoint, region_name=region, config=config) as client:
        yield client


def new_bucket() -> str:
    return f"mock-{uuid.uuid4().hex[:20]}"


def error_of(response: httpx.Response) -> dict[str, str]:
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Error"
    return {child.tag: child.text or "" for child in root}


def code_of(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


async def expect_error(code: str, call: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        await call
    assert code_of(caught.value) == code, caught.value.response
    return caught.value


def signed(
    method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None, secret: str = "test"
) -> AWSRequest:
    """A request signed in the Authorization header by botocore's own signer (sha256 of `body` as payload hash,
    unless `headers` name one)."""
    headers = dict(headers or {})
    headers.setdefault("X-Amz-Content-SHA256", hashlib.sha256(body).hexdigest())
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    S3SigV4Auth(Credentials("test", secret), "s3", "us-east-1").add_auth(request)
    return request


async def send(http: httpx.AsyncClient, request: AWSRequest, **changes: Any) -> httpx.Response:
    return await http.request(
        request.method,
        changes.get("url", request.url),
        headers={**dict(request.headers.items()), **changes.get("headers", {})},
        content=changes.get("body", request.body or b""),
    )


@pytest.fixture
async def bucket(s3_endpoint: str) -> AsyncIterator[str]:
    name = new_bucket()
    async with s3(s3_endpoint) as client:
        await client.create_bucket(Bucket=name)
    yield name


@asynccontextmanager
async def own_server(root: Path, clock: Callable[[], float] = time.time) -> AsyncIterator[str]:
    async with serving_quietly(create_app(root, {"test": "test"}, clock=clock)) as url:
        yield url


# -- buckets -----------------------------------------------------------------------------------------


async def test_buckets_are_created_listed_and_deleted(s3_endpoint: str) -> None:
    name, other = new_bucket(), new_bucket()
    async with s3(s3_endpoint) as client:
        await client.create_bucket(Bucket=name)
        await client.create_bucket(Bucket=name)  # us-east-1 answers 200 to its owner, for legacy compatibility
        await client.head_bucket(Bucket=name)
        assert name in [b["Name"] for b in (await client.list_buckets())["Buckets"]]
        await expect_error("404", client.head_bucket(Bucket=other))
        await expect_error("NoSuchBucket", client.delete_bucket(Bucket=other))
        await expect_error("NoSuchBucket", client.put_object(Bucket=other, Key="k", Body=b"x"))
        await expect_error("InvalidBucketName", client.create_bucket(Bucket="ab"))
        await client.put_object(Bucket=name, Key="k", Body=b"x")
        await expect_error("BucketNotEmpty", client.delete_bucket(Bucket=name))
        await client.delete_object(Bucket=name, Key="k")
        await client.delete_bucket(Bucket=name)
        await expect_error("404", client.head_bucket(Bucket=name))
    async with s3(s3_endpoint, region="eu-central-1") as client:
        await client.create_bucket(Bucket=other, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
        assert (await client.get_bucket_location(Bucket=other))["LocationConstraint"] == "eu-central-1"
        await expect_error(
            "BucketAlreadyOwnedByYou",
            client.create_bucket(Bucket=other, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}),
        )


# -- objects -----------------------------------------------------------------------------------------


async def test_objects_round_trip_with_their_headers(s3_endpoint: str, bucket: str) -> None:
    data = os.urandom(100_000)
    key = "a folder/ünïcode + 100% ~ ?.bin"
    async with s3(s3_endpoint) as client:
        put = await client.put_object(
            Bucket=bucket,
            Key=key,
            Body=data,
            ContentType="audio/wav",
            ContentDisposition='attachment; filename="a.wav"',
            Metadata={"origin": "test"},
        )
        assert put["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
        got = await client.get_object(Bucket=bucket, Key=key)
        assert await got["Body"].read() == data
        assert (got["ContentType"], got["ContentDisposition"], got["Metadata"]) == (
            "audio/wav",
            'attachment; filename="a.wav"',
            {"origin": "test"},
        )
        head = await client.head_object(Bucket=bucket, Key=key)
        assert (head["ContentLength"], head["ETag"]) == (len(data), put["ETag"])
        await client.put_object(Bucket=bucket, Key=key, Body=b"")  # replaced, now empty
        assert await (await client.get_object(Bucket=bucket, Key=key))["Body"].read() == b""
        await client.delete_object(Bucket=bucket, Key=key)
        await client.delete_object(Bucket=bucket, Key=key)  # 204 for an absent key too
        await expect_error("NoSuchKey", client.get_object(Bucket=bucket, Key=key))
        await expect_error("404", client.head_object(Bucket=bucket, Key=key))


async def test_listing_pages_prefixes_and_delimiters(s3_endpoint: str, bucket: str) -> None:
    keys = ["a/1", "a/2", "a/b/3", "b/4", "b/5 %+é", "c", "c/6"]
    async with s3(s3_endpoint) as client:
        for key in keys:
            await client.put_object(Bucket=bucket, Key=key, Body=key.encode())
        pages = [
            page
            async for page in client.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, PaginationConfig={"PageSize": 2}
            )
        ]
        assert [len(p.get("Contents", [])) for p in pages] == [2, 2, 2, 1]
        assert [item["Key"] for p in pages for item in p["Contents"]] == sorted(keys)
        assert pages[0]["Contents"][0]["Size"] == 3 and pages[0]["IsTruncated"] and not pages[-1]["IsTruncated"]
        under_b = await client.list_objects_v2(Bucket=bucket, Prefix="b/")
        assert [item["Key"] for item in under_b["Contents"]] == ["b/4", "b/5 %+é"]
        top = await client.list_objects_v2(Bucket=bucket, Delimiter="/")
        assert [item["Key"] for item in top["Contents"]] == ["c"]
        assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["a/", "b/", "c/"]
        nested = await client.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/", MaxKeys=2)
        assert [item["Key"] for item in nested["Contents"]] == ["a/1", "a/2"] and nested["IsTruncated"]
        rest = await client.list_objects_v2(
            Bucket=bucket, Prefix="a/", Delimiter="/", ContinuationToken=nested["NextContinuationToken"]
        )
        assert rest.get("Contents") is None and [p["Prefix"] for p in rest["CommonPrefixes"]] == ["a/b/"]
        # DeleteObjects: quiet answers only errors; loud names each key.
        loud = await client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a/1"}, {"Key": "nope"}]})
        assert sorted(d["Key"] for d in loud["Deleted"]) == ["a/1", "nope"]
        quiet = await client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys[1:]], "Quiet": True}
        )
        assert "Deleted" not in quiet and "Errors" not in quiet
        assert "Contents" not in await client.list_objects_v2(Bucket=bucket)


async def test_signed_get_serves_ranges_and_overrides(s3_endpoint: str, bucket: str) -> None:
    data = os.urandom(50_000)
    async with s3(s3_endpoint) as client:
        await client.put_object(Bucket=bucket, Key="song.mp3", Body=data, ContentType="audio/mpeg")
        await client.put_object(Bucket=bucket, Key="empty", Body=b"")
        url = await client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": bucket,
                "Key": "song.mp3",
                "ResponseContentDisposition": 'attachment; filename="song.mp3"',
                "ResponseContentType": "application/octet-stream",
            },
        )
        empty = await client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "empty"})
        ranged = await client.get_object(Bucket=bucket, Key="song.mp3", Range="bytes=10-19")
        assert await ranged["Body"].read() == data[10:20] and ranged["ContentRange"] == "bytes 10-19/50000"
    async with http_client() as http:
        whole = await http.get(url)
        middle = await http.get(url, headers={"Range": "bytes=1000-1999"})
        open_ended = await http.get(url, headers={"Range": "bytes=49990-"})
        tail = await http.get(url, headers={"Range": "bytes=-100"})
        longer_tail = await http.get(url, headers={"Range": "bytes=-60000"})
        clipped = await http.get(url, headers={"Range": "bytes=49000-99999"})
        beyond = await http.get(url, headers={"Range": "bytes=50000-"})
        empty_range = await http.get(empty, headers={"Range": "bytes=0-"})
        head = await http.head(url, headers={"Range": "bytes=0-9"})
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["accept-ranges"] == "bytes" and whole.headers["content-length"] == "50000"
    assert whole.headers["content-disposition"] == 'attachment; filename="song.mp3"'
    assert whole.headers["content-type"] == "application/octet-stream"
    assert middle.status_code == 206 and middle.content == data[1000:2000]
    assert middle.headers["content-range"] == "bytes 1000-1999/50000"
    assert open_ended.status_code == 206 and open_ended.content == data[49990:]
    assert tail.status_code == 206 and tail.content == data[-100:]
    assert longer_tail.status_code == 206 and longer_tail.content == data
    assert clipped.status_code == 206 and clipped.headers["content-range"] == "bytes 49000-49999/50000"
    assert beyond.status_code == 416 and beyond.headers["content-range"] == "bytes */50000"
    assert error_of(beyond)["Code"] == "InvalidRange"
    assert empty_range.status_code == 416
    assert head.status_code == 403  # a presigned GET does not sign a HEAD


# -- multipart uploads -------------------------------------------------------------------------------


async def test_multipart_upload_joins_parts_with_s3s_etag(s3_endpoint: str, bucket: str) -> None:
    parts = [os.urandom(5 * MiB), b"\0" * (5 * MiB), b"!"]  # the zeros stay a hole on the server's disk
    async with s3(s3_endpoint) as client:
        upload_id = (await client.create_multipart_upload(Bucket=bucket, Key="big.bin", ContentType="video/mp4"))[
            "UploadId"
        ]
        etags = []
        for number, data in enumerate(parts, 1):
            sent = await client.upload_part(
                Bucket=bucket, Key="big.bin", UploadId=upload_id, PartNumber=number, Body=data
            )
            assert sent["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
            etags.append(sent["ETag"])
        first = await client.list_parts(Bucket=bucket, Key="big.bin", UploadId=upload_id, MaxParts=2)
        assert [p["PartNumber"] for p in first["Parts"]] == [1, 2] and first["IsTruncated"]
        assert first["NextPartNumberMarker"] == 2 and first["Parts"][1]["Size"] == 5 * MiB
        second = await client.list_parts(Bucket=bucket, Key="big.bin", UploadId=upload_id, PartNumberMarker=2)
        assert [p["PartNumber"] for p in second["Parts"]] == [3] and not second["IsTruncated"]
        listed = await client.list_multipart_uploads(Bucket=bucket, Prefix="big")
        assert [(u["Key"], u["UploadId"]) for u in listed["Uploads"]] == [("big.bin", upload_id)]
        assert "Uploads" not in await client.list_multipart_uploads(Bucket=bucket, Prefix="other")
        done = await client.complete_multipart_upload(
            Bucket=bucket,
            Key="big.bin",
            UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]},
        )
        expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + "-3"
        assert done["ETag"] == f'"{expected}"'
        got = await client.get_object(Bucket=bucket, Key="big.bin")
        assert got["ETag"] == f'"{expected}"' and got["ContentType"] == "video/mp4"
        assert hashlib.sha256(await got["Body"].read()).digest() == hashlib.sha256(b"".join(parts)).digest()
        await expect_error("NoSuchUpload", client.list_parts(Bucket=bucket, Key="big.bin", UploadId=upload_id))
        assert "Uploads" not in await client.list_multipart_uploads(Bucket=bucket)


async def test_multipart_refusals(s3_endpoint: str, bucket: str) -> None:
    async with s3(s3_endpoint) as client:
        upload_id = (await client.create_multipart_upload(Bucket=bucket, Key="k"))["UploadId"]

        async def part(number: int, data: bytes) -> dict[str, Any]:
            sent = await client.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=number, Body=data)
            return {"PartNumber": number, "ETag": sent["ETag"]}

        small, last = await part(1, b"too small"), await part(2, b"last")

        def complete(*parts: dict[str, Any]) -> Any:
            return client.complete_multipart_upload(
                Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": list(parts)}
            )

        too_small = await expect_error("EntityTooSmall", complete(small, last))
        assert too_small.response["Error"]["MinSizeAllowed"] == str(5 * MiB)
        await expect_error("InvalidPartOrder", complete(last, small))
        await expect_error("InvalidPart", complete({"PartNumber": 1, "ETag": '"' + "0" * 32 + '"'}))
        await expect_error("InvalidPart", complete({"PartNumber": 7, "ETag": small["ETag"]}))
        await expect_error("InvalidArgument", part(0, b"x"))
        await expect_error("InvalidArgument", part(10_001, b"x"))
        await expect_error(
            "NoSuchUpload", client.upload_part(Bucket=bucket, Key="other", UploadId=upload_id, PartNumber=1, Body=b"x")
        )
        assert (await complete(small))["ETag"].endswith('-1"')  # a single part may be small: it is the last
        await expect_error("NoSuchUpload", complete(small))
        aborted = (await client.create_multipart_upload(Bucket=bucket, Key="k"))["UploadId"]
        await client.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=aborted)
        await expect_error("NoSuchUpload", client.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=aborted))
        await expect_error(
            "NoSuchUpload", client.upload_part(Bucket=bucket, Key="k", UploadId=aborted, PartNumber=1, Body=b"x")
        )
        await expect_error("NoSuchUpload", client.list_parts(Bucket=bucket, Key="k", UploadId="not-an-upload"))


async def test_presigned_part_uploads_and_cors(s3_endpoint: str, bucket: str) -> None:
    """What a browser does: a preflight, then PUTs to presigned UploadPart URLs, reading each part's ETag."""
    async with s3(s3_endpoint) as client:
        upload_id = (await client.create_multipart_upload(Bucket=bucket, Key="from-browser"))["UploadId"]
        url = await client.generate_presigned_url(
            "upload_part", Params={"Bucket": bucket, "Key": "from-browser", "UploadId": upload_id, "PartNumber": 1}
        )
        origin = {"Origin": "http://127.0.0.1:5173"}
        async with http_client() as http:
            preflight = await http.options(
                url,
                headers={
                    **origin,
                    "Access-Control-Request-Method": "PUT",
                    "Access-Control-Request-Headers": "content-type",
                },
            )
            put = await http.put(url, content=b"browser bytes", headers=origin)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin["Origin"]
        assert "PUT" in preflight.headers["access-control-allow-methods"]
        assert preflight.headers["access-control-allow-headers"] == "content-type"
        assert put.status_code == 200 and put.headers["access-control-allow-origin"] == origin["Origin"]
        assert "ETag" in put.headers["access-control-expose-headers"]
        assert put.headers["etag"] == f'"{hashlib.md5(b"browser bytes").hexdigest()}"'
        parts = (await client.list_parts(Bucket=bucket, Key="from-browser", UploadId=upload_id))["Parts"]
        assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in parts] == [(1, 13, put.headers["etag"])]


# -- authentication ----------------------------------------------------------------------------------


async def test_tampered_presigned_urls_are_refused(s3_endpoint: str, bucket: str) -> None:
    async with s3(s3_endpoint) as client:
        await client.put_object(Bucket=bucket, Key="secret", Body=b"secret")
        await client.put_object(Bucket=bucket, Key="other", Body=b"other")
        get = await client.generate_presigned_url(
            "get_object",
            Params={"Bucket": bucket, "Key": "secret", "ResponseContentDisposition": "attachment"},
            ExpiresIn=600,
        )
        put = await client.generate_presigned_url(
            "put_object", Params={"Bucket": bucket, "Key": "new", "ContentType": "audio/wav"}, ExpiresIn=600
        )
        upload_id = (await client.create_multipart_upload(Bucket=bucket, Key="parted"))["UploadId"]
        part = await client.generate_presigned_url(
            "upload_part", Params={"Bucket": bucket, "Key": "parted", "UploadId": upload_id, "PartNumber": 1}
        )
    url = httpx.URL(get)
    params = dict(url.params)
    signature = params["X-Amz-Signature"]
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    refused_gets = [
        url.copy_with(params={**params, "X-Amz-Signature": flipped}),
        url.copy_with(params={**params, "response-content-disposition": "inline"}),
        url.copy_with(params={**params, "X-Amz-Expires": "604800"}),
        url.copy_with(
            params={**params, "X-Amz-Credential": params["X-Amz-Credential"].replace("us-east-1", "eu-west-1")}
        ),
        url.copy_with(path=url.path.replace("/secret", "/other")),
        url.copy_with(params={**params, "versionId": "1"}),  # an added parameter
    ]
    async with http_client() as http:
        assert (await http.get(get)).content == b"secret"
        for bad in refused_gets:
            response = await http.get(bad)
            assert response.status_code == 403, bad
            assert error_of(response)["Code"] == "SignatureDoesNotMatch"
        missing = await http.get(url.copy_with(params={k: v for k, v in params.items() if k != "X-Amz-Signature"}))
        assert missing.status_code == 400 and error_of(missing)["Code"] == "AuthorizationQueryParametersError"
        assert (await http.put(get, content=b"x")).status_code == 403  # a GET's signature used for a PUT
        wrong_type = await http.put(put, content=b"data", headers={"Content-Type": "text/html"})
        assert wrong_type.status_code == 403 and error_of(wrong_type)["Code"] == "SignatureDoesNotMatch"
        other_part = await http.put(part.replace("partNumber=1", "partNumber=2"), content=b"x")
        assert other_part.status_code == 403 and error_of(other_part)["Code"] == "SignatureDoesNotMatch"
        fine = await http.put(put, content=b"data", headers={"Content-Type": "audio/wav"})
        assert fine.status_code == 200
        resource = error_of(wrong_type)
        assert resource["Resource"] == f"/{bucket}/new" and resource["RequestId"] and resource["Message"]


async def test_expired_urls_and_skewed_clocks_are_refused(tmp_path: Path) -> None:
    later = 7200.0
    async with own_server(tmp_path / "root", clock=lambda: time.time() + later) as endpoint:
        async with s3(endpoint) as client:
            skewed = await expect_error("RequestTimeTooSkewed", client.create_bucket(Bucket="skewed-bucket"))
            assert skewed.response["ResponseMetadata"]["HTTPStatusCode"] == 403
            url = await client.generate_presigned_url(
                "get_object", Params={"Bucket": "any-bucket", "Key": "k"}, ExpiresIn=3600
            )
            fresh = await client.generate_presigned_url(
                "get_object", Params={"Bucket": "any-bucket", "Key": "k"}, ExpiresIn=3 * 3600
            )
        async with http_client() as http:
            expired = await http.get(url)
            still_valid = await http.get(fresh)
    assert expired.status_code == 403
    error = error_of(expired)
    assert (error["Code"], error["Message"], error["X-Amz-Expires"]) == ("AccessDenied", "Request has expired", "3600")
    assert still_valid.status_code == 404 and error_of(still_valid)["Code"] == "NoSuchBucket"


async def test_wrong_credentials_and_unsigned_requests_are_refused(s3_endpoint: str, bucket: str) -> None:
    async with s3(s3_endpoint, secret="not-the-secret") as client:
        await expect_error("SignatureDoesNotMatch", client.list_objects_v2(Bucket=bucket))
        url = await client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    async with s3(s3_endpoint, key="nobody") as client:
        await expect_error("InvalidAccessKeyId", client.list_objects_v2(Bucket=bucket))
    async with http_client() as http:
        assert (await http.get(url)).status_code == 403
        unsigned = await http.get(f"{s3_endpoint}/{bucket}/k")
        put = await http.put(f"{s3_endpoint}/{bucket}/k", content=b"x")
    assert unsigned.status_code == 403 and error_of(unsigned)["Code"] == "AccessDenied"
    assert put.status_code == 403


async def test_header_signatures_cover_path_query_headers_and_body(s3_endpoint: str, bucket: str) -> None:
    async with http_client() as http:
        url = f"{s3_endpoint}/{bucket}/signed.txt"
        request = signed("PUT", url, b"body", {"Content-Type": "text/plain"})
        assert (await send(http, request)).status_code == 200
        amz_date = request.headers["X-Amz-Date"]
        a_second_earlier = time.strftime(
            "%Y%m%dT%H%M%SZ", time.gmtime(calendar.timegm(time.strptime(amz_date, "%Y%m%dT%H%M%SZ")) - 1)
        )
        changed = [
            await send(http, request, url=f"{s3_endpoint}/{bucket}/elsewhere.txt"),
            await send(http, request, headers={"Content-Type": "text/html"}),
            await send(http, request, headers={"X-Amz-Date": a_second_earlier}),
        ]
        for response in changed:
            assert response.status_code == 403 and error_of(response)["Code"] == "SignatureDoesNotMatch"
        # An x-amz-* header that was not signed.
        unsigned_header = await send(http, request, headers={"x-amz-meta-extra": "1"})
        assert unsigned_header.status_code == 403 and error_of(unsigned_header)["Code"] == "AccessDenied"
        other_body = await send(http, request, body=b"BODY")
        assert other_body.status_code == 400 and error_of(other_body)["Code"] == "XAmzContentSHA256Mismatch"
        listing = signed("GET", f"{s3_endpoint}/{bucket}?list-type=2&prefix=s")
        assert (await send(http, listing)).status_code == 200
        other_query = await send(http, listing, url=f"{s3_endpoint}/{bucket}?list-type=2&prefix=x")
        assert other_query.status_code == 403 and error_of(other_query)["Code"] == "SignatureDoesNotMatch"
        wrong_secret = await send(http, signed("GET", url, secret="wrong"))
        assert wrong_secret.status_code == 403 and error_of(wrong_secret)["Code"] == "SignatureDoesNotMatch"
    async with s3(s3_endpoint) as client:
        assert await (await client.get_object(Bucket=bucket, Key="signed.txt"))["Body"].read() == b"body"


async def test_declared_digests_are_checked(s3_endpoint: str, bucket: str) -> None:
    async with s3(s3_endpoint, config=CHECKSUMS) as client:  # botocore's default: a CRC32 with every upload
        await client.put_object(Bucket=bucket, Key="crc", Body=b"checked")
        await expect_error(
            "BadDigest", client.put_object(Bucket=bucket, Key="crc", Body=b"x", ChecksumCRC32="AAAAAA==")
        )
        md5 = base64.b64encode(hashlib.md5(b"other").digest()).decode()
        await expect_error("BadDigest", client.put_object(Bucket=bucket, Key="md5", Body=b"x", ContentMD5=md5))
        upload_id = (await client.create_multipart_upload(Bucket=bucket, Key="parts"))["UploadId"]
        await client.upload_part(Bucket=bucket, Key="parts", UploadId=upload_id, PartNumber=1, Body=b"part")
        assert await (await client.get_object(Bucket=bucket, Key="crc"))["Body"].read() == b"checked"
    async with http_client() as http:
        request = signed("PUT", f"{s3_endpoint}/{bucket}/chunked", b"")
        no_length = await http.put(request.url, headers=dict(request.headers.items()), content=_stream(b"x"))
    assert no_length.status_code == 411 and error_of(no_length)["Code"] == "MissingContentLength"


async def _stream(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


# -- storage ----------------------------------------------------------------------------------------


async def test_objects_and_uploads_outlive_a_restart_and_zeros_stay_holes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    async with own_server(root) as endpoint, s3(endpoint) as client:
        await client.create_bucket(Bucket="kept-bucket")
        await client.put_object(Bucket="kept-bucket", Key="kept", Body=b"kept", ContentType="text/plain")
        await client.put_object(Bucket="kept-bucket", Key="zeros", Body=b"\0" * (8 * MiB))
        upload_id = (await client.create_multipart_upload(Bucket="kept-bucket", Key="later"))["UploadId"]
        first = await client.upload_part(
            Bucket="kept-bucket", Key="later", UploadId=upload_id, PartNumber=1, Body=b"\0" * (5 * MiB)
        )
    data_files = {path.stat().st_size: path.stat().st_blocks * 512 for path in root.rglob("*.data")}
    assert data_files[8 * MiB] < MiB and data_files[5 * MiB] < MiB  # sparse: the zeros take no blocks
    async with own_server(root) as endpoint, s3(endpoint) as client:
        got = await client.get_object(Bucket="kept-bucket", Key="kept")
        assert await got["Body"].read() == b"kept" and got["ContentType"] == "text/plain"
        last = await client.upload_part(
            Bucket="kept-bucket", Key="later", UploadId=upload_id, PartNumber=2, Body=b"end"
        )
        await client.complete_multipart_upload(
            Bucket="kept-bucket",
            Key="later",
            UploadId=upload_id,
            MultipartUpload={
                "Parts": [{"PartNumber": 1, "ETag": first["ETag"]}, {"PartNumber": 2, "ETag": last["ETag"]}]
            },
        )
        joined = await (await client.get_object(Bucket="kept-bucket", Key="later"))["Body"].read()
        assert joined == b"\0" * (5 * MiB) + b"end"
    [joined_file] = [path for path in root.rglob("*.data") if path.stat().st_size == 5 * MiB + 3]
    assert joined_file.stat().st_blocks * 512 < MiB


async def test_a_slow_completion_answers_at_once_and_keeps_the_upload_when_joining_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As S3 does: 200 and whitespace while the parts are joined, then the result, or an <Error> inside that 200
    (botocore looks for it); a failed join leaves the upload there for another try."""
    from aitestmock.s3 import app as s3_app

    joined = s3_app.join_parts

    def slow(sources: list[tuple[int, int]], target: Path) -> None:
        time.sleep(1.5)
        joined(sources, target)

    def broken(sources: list[tuple[int, int]], target: Path) -> None:
        time.sleep(1.5)
        raise OSError(errno.EIO, "the disk is gone")

    monkeypatch.setattr(s3_app, "KEEPALIVE_SECONDS", 0.2)
    async with own_server(tmp_path / "root") as endpoint, s3(endpoint) as client:
        await client.create_bucket(Bucket="slow-bucket")
        upload_id = (await client.create_multipart_upload(Bucket="slow-bucket", Key="k"))["UploadId"]
        sent = await client.upload_part(Bucket="slow-bucket", Key="k", UploadId=upload_id, PartNumber=1, Body=b"x")
        parts = {"Parts": [{"PartNumber": 1, "ETag": sent["ETag"]}]}
        monkeypatch.setattr(s3_app, "join_parts", broken)
        failed = await expect_error(
            "InternalError",
            client.complete_multipart_upload(Bucket="slow-bucket", Key="k", UploadId=upload_id, MultipartUpload=parts),
        )
        assert "the disk is gone" in failed.response["Error"]["Message"]
        assert len((await client.list_parts(Bucket="slow-bucket", Key="k", UploadId=upload_id))["Parts"]) == 1
        monkeypatch.setattr(s3_app, "join_parts", slow)
        async with http_client() as http:
            request = signed(
                "POST",
                f"{endpoint}/slow-bucket/k?uploadId={upload_id}",
                f"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{sent['ETag']}</ETag></Part>"
                "</CompleteMultipartUpload>".encode(),
            )
            raw = await send(http, request)
        assert raw.status_code == 200 and raw.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n ')
        assert (
            ElementTree.fromstring(raw.content).find(f"{S3_NS}ETag").text
            == f'"{hashlib.md5(hashlib.md5(b"x").digest()).hexdigest()}-1"'
        )
        assert await (await client.get_object(Bucket="slow-bucket", Key="k"))["Body"].read() == b"x"
