"""Contract tests for both FileStorage adapters.

The local adapter is served by api.files in a real uvicorn server and the S3 adapter talks to
the S3 test server (aitestmock.s3, which checks signatures as S3 does), so signed URLs are exercised over real
HTTP in both cases.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aioboto3
import httpx
import pytest
import pytest_asyncio
import uvicorn
from starlette.applications import Starlette

from api.files import file_routes
from domain.files.ports import InvalidKey, ObjectMissing
from infra.storage.local import LocalFileStorage
from infra.storage.s3 import PART_SIZE, S3FileStorage
from tests.support import free_port, http_client

Storage = LocalFileStorage | S3FileStorage

MAX_UPLOAD_BYTES = 1024 * 1024
LARGE_SIZE = 20 * 1024 * 1024 + 12_345  # deliberately not a multiple of the part size
LARGE_CHUNK = 1_000_003
S3_ACCESS_KEY = "test"  # the S3 test server's credentials (tests/conftest.py: s3_endpoint)
S3_SECRET_KEY = "test"
ESCAPING_KEYS = ["../x", "/etc/passwd", "a/../../b", "a\\b", "", "a//b", "./a", "a/\x00b"]


def _unique_key(suffix: str = "bin") -> str:
    return f"tests/{uuid.uuid4()}/{uuid.uuid4()}.{suffix}"


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def _large_parts(seed: int) -> Iterator[bytes]:
    """Deterministic pseudo-random parts totalling LARGE_SIZE, generated one at a time."""
    rng = random.Random(seed)
    remaining = LARGE_SIZE
    while remaining:
        size = min(LARGE_CHUNK, remaining)
        yield rng.randbytes(size)
        remaining -= size


async def _large_chunks(seed: int) -> AsyncIterator[bytes]:
    for part in _large_parts(seed):
        yield part


async def _read_all(storage: Storage, key: str, chunk_size: int = 1024 * 1024) -> bytes:
    return b"".join([chunk async for chunk in storage.read(key, chunk_size)])


# -- servers ----------------------------------------------------------------------------------


@dataclass
class LocalServer:
    storage: LocalFileStorage
    base_url: str
    signing_key: bytes


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    signing_key = os.urandom(32)
    storage = LocalFileStorage(tmp_path_factory.mktemp("local-storage"), base_url, signing_key)
    app = Starlette(routes=file_routes(storage, MAX_UPLOAD_BYTES))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-files", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield LocalServer(storage=storage, base_url=base_url, signing_key=signing_key)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _s3_storage(endpoint: str, region: str = "us-east-1") -> S3FileStorage:
    bucket = f"test-{uuid.uuid4().hex[:24]}"  # a fresh bucket per test: no shared state
    return S3FileStorage(endpoint, S3_ACCESS_KEY, S3_SECRET_KEY, bucket, region)


@pytest_asyncio.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest) -> AsyncIterator[Storage]:
    if request.param == "local":
        yield request.getfixturevalue("local_server").storage
        return
    s3 = _s3_storage(request.getfixturevalue("s3_endpoint"))
    await s3.start()
    try:
        yield s3
    finally:
        await s3.close()


async def _raw_s3(storage: S3FileStorage, endpoint: str, method: str, **kwargs: Any) -> Any:
    """Ask the S3 server directly, bypassing the adapter under test."""
    session = aioboto3.Session(aws_access_key_id=S3_ACCESS_KEY, aws_secret_access_key=S3_SECRET_KEY)
    async with session.client("s3", endpoint_url=endpoint, region_name="us-east-1") as client:
        return await getattr(client, method)(Bucket=storage.bucket, **kwargs)


# -- contract: bytes --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_round_trip_with_several_chunks(storage: Storage) -> None:
    key = _unique_key("txt")
    parts = [b"hello ", b"", b"streamed ", b"world" * 1000, b"!"]
    data = b"".join(parts)

    stored = await storage.write(key, _chunks(*parts), "text/plain")

    assert stored.key == key
    assert stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert await _read_all(storage, key) == data
    small_chunks = [chunk async for chunk in storage.read(key, chunk_size=1000)]
    assert len(small_chunks) > 1 and b"".join(small_chunks) == data
    info = await storage.stat(key)
    assert info is not None and info.key == key and info.size_bytes == len(data)


@pytest.mark.asyncio
async def test_empty_object(storage: Storage) -> None:
    key = _unique_key()
    stored = await storage.write(key, _chunks())
    assert (stored.size_bytes, stored.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert await _read_all(storage, key) == b""


@pytest.mark.asyncio
async def test_write_replaces_existing_object(storage: Storage) -> None:
    key = _unique_key()
    await storage.write(key, _chunks(b"first version, longer"))
    await storage.write(key, _chunks(b"second"))
    assert await _read_all(storage, key) == b"second"


@pytest.mark.asyncio
async def test_large_streamed_write_round_trips(storage: Storage, request: pytest.FixtureRequest) -> None:
    key = _unique_key("zip")
    expected = hashlib.sha256()
    for part in _large_parts(seed=7):
        expected.update(part)

    stored = await storage.write(key, _large_chunks(seed=7), "application/zip")

    assert stored.size_bytes == LARGE_SIZE
    assert stored.sha256 == expected.hexdigest()
    actual = hashlib.sha256()
    size = 0
    async for chunk in storage.read(key):
        actual.update(chunk)
        size += len(chunk)
    assert (size, actual.hexdigest()) == (LARGE_SIZE, expected.hexdigest())
    if isinstance(storage, S3FileStorage):
        # A multipart object's ETag is "<md5 of part md5s>-<part count>".
        head = await _raw_s3(storage, request.getfixturevalue("s3_endpoint"), "head_object", Key=key)
        parts = -(-LARGE_SIZE // PART_SIZE)
        assert head["ETag"].strip('"').endswith(f"-{parts}")
    # The check a completed upload gets (S3: byte ranges read a few at once, hashed in order) agrees.
    checked = await storage.checksum(key)
    assert (checked.size_bytes, checked.sha256) == (LARGE_SIZE, expected.hexdigest())


@pytest.mark.asyncio
async def test_s3_checksum_fails_when_the_object_is_replaced_during_the_check(s3_endpoint: str) -> None:
    """The ranges are read under the ETag the object had when the check began: bytes of two versions are never
    hashed together into a sum that matches neither."""
    storage = _s3_storage(s3_endpoint)
    await storage.start()
    try:
        key = _unique_key("wav")
        size = 40 * 1024 * 1024  # five ranges: more than are read at once, so some are asked for after the change

        async def noise() -> AsyncIterator[bytes]:
            for _ in range(size // (1024 * 1024)):
                yield os.urandom(1024 * 1024)

        await storage.write(key, noise(), "audio/wav")
        original = storage._require_client().get_object
        replaced = False

        async def replace_after_the_first_range(**kwargs: Any) -> Any:
            nonlocal replaced
            answer = await original(**kwargs)
            if not replaced:
                replaced = True
                await _raw_s3(storage, s3_endpoint, "put_object", Key=key, Body=b"x" * size)
            return answer

        storage._require_client().get_object = replace_after_the_first_range
        with pytest.raises(ObjectMissing):
            await storage.checksum(key)
    finally:
        await storage.close()


@pytest.mark.asyncio
async def test_failing_source_leaves_nothing(storage: Storage, request: pytest.FixtureRequest) -> None:
    key = _unique_key()

    async def failing() -> AsyncIterator[bytes]:
        yield os.urandom(PART_SIZE + 1024)  # enough to have started a multipart upload on S3
        raise OSError("source broke")

    with pytest.raises(OSError, match="source broke"):
        await storage.write(key, failing())

    assert await storage.stat(key) is None
    if isinstance(storage, S3FileStorage):
        uploads = await _raw_s3(storage, request.getfixturevalue("s3_endpoint"), "list_multipart_uploads")
        assert uploads.get("Uploads", []) == []
    else:
        # No temp file left beside where the object would have gone.
        parent = storage.root / key.rsplit("/", 1)[0]
        assert not parent.exists() or list(parent.iterdir()) == []


@pytest.mark.asyncio
async def test_stat_of_missing_is_none(storage: Storage) -> None:
    assert await storage.stat(_unique_key()) is None


@pytest.mark.asyncio
async def test_read_of_missing_raises(storage: Storage) -> None:
    chunks = storage.read(_unique_key())
    with pytest.raises(ObjectMissing):
        await anext(chunks)


@pytest.mark.asyncio
async def test_delete_is_idempotent(storage: Storage) -> None:
    key = _unique_key()
    await storage.delete(key)  # never existed
    await storage.write(key, _chunks(b"x"))
    await storage.delete(key)
    await storage.delete(key)
    assert await storage.stat(key) is None


@pytest.mark.asyncio
@pytest.mark.parametrize("bad_key", ESCAPING_KEYS)
async def test_escaping_keys_are_rejected(storage: Storage, bad_key: str) -> None:
    with pytest.raises(InvalidKey):
        await storage.write(bad_key, _chunks(b"x"))
    with pytest.raises(InvalidKey):
        await anext(storage.read(bad_key))
    with pytest.raises(InvalidKey):
        await storage.stat(bad_key)
    with pytest.raises(InvalidKey):
        await storage.delete(bad_key)
    with pytest.raises(InvalidKey):
        await storage.download_url(bad_key)
    with pytest.raises(InvalidKey):
        await storage.upload_url(bad_key, "application/zip", 1, "0" * 64)


@pytest.mark.asyncio
async def test_check_passes(storage: Storage) -> None:
    await storage.check()


# -- contract: signed URLs --------------------------------------------------------------------


@pytest.mark.asyncio
async def test_signed_download_url_over_http(storage: Storage) -> None:
    key = _unique_key("zip")
    data = os.urandom(300_000)
    await storage.write(key, _chunks(data[:100_000], data[100_000:]), "application/zip")

    signed = await storage.download_url(key, filename="export 2024.zip", expires_in=600)

    assert signed.method == "GET"
    async with http_client() as http:
        response = await http.request(signed.method, signed.url, headers=signed.headers)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-disposition"] == 'attachment; filename="export 2024.zip"'


@pytest.mark.asyncio
async def test_signed_download_url_serves_byte_ranges(storage: Storage) -> None:
    """What an audio player asks for to play from the middle of a song."""
    key = _unique_key("mp3")
    data = os.urandom(50_000)
    await storage.write(key, _chunks(data), "audio/mpeg")
    signed = await storage.download_url(key, filename="song.mp3")
    async with http_client() as http:
        middle = await http.get(signed.url, headers={"Range": "bytes=1000-1999"})
        tail = await http.get(signed.url, headers={"Range": "bytes=-100"})
        beyond = await http.get(signed.url, headers={"Range": "bytes=60000-"})
        whole = await http.get(signed.url)
    assert middle.status_code == 206 and middle.content == data[1000:2000]
    assert middle.headers["content-range"] == "bytes 1000-1999/50000"
    assert tail.status_code == 206 and tail.content == data[-100:]
    assert beyond.status_code == 416
    assert whole.status_code == 200 and whole.content == data and whole.headers["accept-ranges"] == "bytes"


@pytest.mark.asyncio
async def test_signed_upload_url_over_http(storage: Storage) -> None:
    key = _unique_key("wav")
    data = os.urandom(200_000)
    digest = hashlib.sha256(data).hexdigest()

    signed = await storage.upload_url(key, "audio/wav", len(data), digest, expires_in=600)

    assert signed.method == "PUT" and signed.headers == {"Content-Type": "audio/wav"}
    async with http_client() as http:
        response = await http.request(signed.method, signed.url, headers=signed.headers, content=data)
    assert response.status_code == 200, response.text
    if isinstance(storage, LocalFileStorage):
        assert response.json() == {"key": key, "sizeBytes": len(data), "sha256": digest}
    assert await _read_all(storage, key) == data
    info = await storage.stat(key)
    assert info is not None and info.size_bytes == len(data)


# -- local adapter specifics ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_local_download_rejects_tampered_and_expired(local_server: LocalServer) -> None:
    storage = local_server.storage
    key, other = _unique_key(), _unique_key()
    await storage.write(key, _chunks(b"secret"))
    await storage.write(other, _chunks(b"other"))
    signed = await storage.download_url(key, filename="a.bin")
    url = httpx.URL(signed.url)
    params = dict(url.params)
    flipped = params["sig"][:-1] + ("0" if params["sig"][-1] != "0" else "1")
    past = LocalFileStorage(
        storage.root, local_server.base_url, local_server.signing_key, clock=lambda: time.time() - 7200
    )
    expired = await past.download_url(key, expires_in=3600)
    upload_signed = await storage.upload_url(key, "application/octet-stream", 6, hashlib.sha256(b"secret").hexdigest())

    bad_urls = [
        url.copy_with(params={**params, "sig": flipped}),  # tampered signature
        url.copy_with(params={k: v for k, v in params.items() if k != "sig"}),  # no signature
        url.copy_with(params={**params, "filename": "evil.html"}),  # tampered parameter
        url.copy_with(params={**params, "exp": str(int(params["exp"]) + 3600)}),  # extended expiry
        url.copy_with(path=httpx.URL(signed.url.replace(key, other)).path),  # signature for another key
        httpx.URL(expired.url),  # correctly signed but expired
        httpx.URL(upload_signed.url),  # a PUT signature used for GET
    ]
    async with http_client() as http:
        assert (await http.get(signed.url)).content == b"secret"
        for bad in bad_urls:
            response = await http.get(bad)
            assert response.status_code == 403, bad
            assert "error" in response.json()


@pytest.mark.asyncio
async def test_local_download_headers_and_missing(local_server: LocalServer) -> None:
    storage = local_server.storage
    key = _unique_key("json")
    await storage.write(key, _chunks(b'{"a": 1}'))
    plain = await storage.download_url(key)
    unicode_name = await storage.download_url(key, filename='naïve "quote".json')
    missing = await storage.download_url(_unique_key())
    async with http_client() as http:
        response = await http.get(plain.url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.headers["content-length"] == "8"
        assert "content-disposition" not in response.headers
        disposition = (await http.get(unicode_name.url)).headers["content-disposition"]
        assert (
            disposition == "attachment; filename=\"na_ve _quote_.json\"; filename*=UTF-8''na%C3%AFve%20%22quote%22.json"
        )
        response = await http.get(missing.url)
        assert response.status_code == 404 and "error" in response.json()


@pytest.mark.asyncio
async def test_local_upload_with_wrong_bytes_is_refused(local_server: LocalServer) -> None:
    storage = local_server.storage
    data = b"the exact bytes that were declared"
    digest = hashlib.sha256(data).hexdigest()

    async def put(body: bytes | AsyncIterator[bytes], key: str) -> httpx.Response:
        signed = await storage.upload_url(key, "text/plain", len(data), digest)
        async with http_client() as http:
            return await http.put(signed.url, headers=signed.headers, content=body)

    cases: list[tuple[bytes | AsyncIterator[bytes], int, str | None]] = [
        (data.upper(), 400, "sha256 mismatch"),  # same size, other bytes
        (data[:-1], 400, "size mismatch"),
        (data + b"!", 413, None),  # Content-Length above the signed size
        (_chunks(data, b"extra"), 413, None),  # chunked, no Content-Length: cut off while streaming
    ]
    for body, status, error in cases:
        key = _unique_key()
        response = await put(body, key)
        assert response.status_code == status, response.text
        if error is not None:
            assert response.json() == {"error": error}
        assert await storage.stat(key) is None

    # A refused upload does not clobber what was already stored under the key.
    key = _unique_key()
    await storage.write(key, _chunks(b"keep me"))
    assert (await put(data.upper(), key)).status_code == 400
    assert await _read_all(storage, key) == b"keep me"


@pytest.mark.asyncio
async def test_local_upload_limits_and_signature(local_server: LocalServer) -> None:
    storage = local_server.storage
    key = _unique_key()
    too_big = await storage.upload_url(key, "application/zip", MAX_UPLOAD_BYTES + 1, "0" * 64)
    data = b"payload"
    good = await storage.upload_url(key, "text/plain", len(data), hashlib.sha256(data).hexdigest())
    download = await storage.download_url(key)
    async with http_client() as http:
        assert (await http.put(too_big.url, headers=too_big.headers, content=b"small")).status_code == 413
        tampered = good.url.replace("size=7", "size=8")
        assert (await http.put(tampered, headers=good.headers, content=data + b"!")).status_code == 403
        assert (await http.put(download.url, content=data)).status_code == 403  # GET signature used for PUT
        assert await storage.stat(key) is None
        assert (await http.put(good.url, headers=good.headers, content=data)).status_code == 200
    assert await _read_all(storage, key) == data


@pytest.mark.asyncio
async def test_local_symlinks_cannot_escape_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    storage = LocalFileStorage(root, "http://files.invalid", b"k")
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    (root / "linked-file").symlink_to(outside / "secret.txt")

    for key in ["linked-dir/secret.txt", "linked-dir/new.txt", "linked-file"]:
        with pytest.raises(InvalidKey):
            await anext(storage.read(key))
        with pytest.raises(InvalidKey):
            await storage.write(key, _chunks(b"overwrite"))
        with pytest.raises(InvalidKey):
            await storage.stat(key)
    assert (outside / "secret.txt").read_bytes() == b"secret"
    assert not (outside / "new.txt").exists()


@pytest.mark.asyncio
async def test_local_creates_root_and_check_probes_it(tmp_path: Path) -> None:
    root = tmp_path / "not" / "yet" / "there"
    storage = LocalFileStorage(root, "http://files.invalid/", b"k")
    await storage.check()
    assert root.is_dir() and list(root.iterdir()) == []
    signed = await storage.download_url("a b/c.zip", filename="c.zip")
    assert signed.url.startswith("http://files.invalid/files/a%20b/c.zip?exp=")


# -- S3 adapter specifics ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_s3_start_creates_bucket_outside_us_east_1(s3_endpoint: str) -> None:
    storage = _s3_storage(s3_endpoint, region="eu-central-1")
    await storage.start()
    try:
        await storage.check()
        await storage.start()  # idempotent: the bucket now exists
        await storage.write("a/b.txt", _chunks(b"hi"))
        assert await _read_all(storage, "a/b.txt") == b"hi"
    finally:
        await storage.close()


@pytest.mark.asyncio
async def test_s3_requires_start() -> None:
    storage = S3FileStorage("http://127.0.0.1:9", "a", "b", "bucket", "us-east-1")
    with pytest.raises(RuntimeError):
        await storage.stat("a")
