"""The API serves the built web client at `/` (api/web.py), here a small fake build in a temporary folder:
its files as they are, hashed assets cached forever, `index.html` and the pages of the client revalidated,
text gzipped, nothing outside the folder, and the API's own paths untouched."""

from __future__ import annotations

import asyncio
import gzip
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api.web import CACHE_FOREVER
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import export

INDEX = (
    '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script>'
    '<link rel="stylesheet" href="/assets/app-def456.css"></head><body><div id="root"></div></body></html>'
)
SCRIPT = "export const greeting = 'hello';\n" * 200  # large enough to be worth compressing
STYLE = "body { margin: 0; }\n" * 100
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(2000)


def fake_build(directory: Path) -> Path:
    (directory / "assets").mkdir(parents=True)
    (directory / "index.html").write_text(INDEX)
    (directory / "assets" / "app-abc123.js").write_text(SCRIPT)
    (directory / "assets" / "app-def456.css").write_text(STYLE)
    (directory / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (directory / "assets" / "logo-aaa111.png").write_bytes(PNG)
    (directory / ".built").touch()
    return directory


@pytest.fixture
async def web(embedded_settings: Settings, tmp_path: Path) -> AsyncIterator[Running]:
    (tmp_path / "secret.txt").write_text("outside the build")
    dist = fake_build(tmp_path / "dist")
    async with serve(embedded_settings.replace(web_client_dir=dist)) as running:
        yield running


def client(running: Running) -> httpx.AsyncClient:
    return running.api.http


async def test_index_is_served_at_the_root_and_revalidated(web: Running) -> None:
    response = await client(web).get("/", headers=HTML)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    again = await client(web).get("/", headers={**HTML, "if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["cache-control"] == "no-cache"
    assert (await client(web).get("/index.html")).headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_forever_with_their_content_types(web: Running) -> None:
    script = await client(web).get("/assets/app-abc123.js")
    assert script.status_code == 200 and script.text == SCRIPT
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == CACHE_FOREVER
    assert script.headers["x-content-type-options"] == "nosniff"
    style = await client(web).get("/assets/app-def456.css")
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert style.headers["cache-control"] == CACHE_FOREVER
    icon = await client(web).get("/favicon.svg")
    assert icon.headers["content-type"] == "image/svg+xml" and icon.headers["cache-control"] == "no-cache"
    head = await client(web).head("/assets/app-abc123.js")
    assert head.status_code == 200 and head.content == b""


async def test_images_are_streamed_as_they_are_and_revalidated(web: Running) -> None:
    image = await client(web).get("/assets/logo-aaa111.png", headers={"accept-encoding": "gzip"})
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["content-type"] == "image/png" and "content-encoding" not in image.headers
    assert image.headers["cache-control"] == CACHE_FOREVER
    again = await client(web).get("/assets/logo-aaa111.png", headers={"if-none-match": image.headers["etag"]})
    assert again.status_code == 304 and again.headers["cache-control"] == CACHE_FOREVER


async def test_the_pages_of_the_client_fall_back_to_index(web: Running) -> None:
    for path in ("/sketches", "/sketches/U2tldGNoOjE", "/chat/", "/settings/profile?tab=password"):
        response = await client(web).get(path, headers=HTML)
        assert response.status_code == 200, path
        assert response.text == INDEX, path
        assert response.headers["cache-control"] == "no-cache", path


async def test_what_is_no_page_and_no_file_is_a_404(web: Running) -> None:
    http = client(web)
    # A missing hashed asset (an old build's) is never answered with HTML, whatever the browser accepts.
    for path in ("/assets/app-old999.js", "/assets/nested/gone.css"):
        response = await http.get(path, headers=HTML)
        assert response.status_code == 404, path
        assert "cache-control" not in response.headers or "immutable" not in response.headers["cache-control"]
    # A fetch that does not ask for HTML gets a 404 too.
    assert (await http.get("/missing.js", headers={"accept": "*/*"})).status_code == 404
    assert (await http.post("/sketches", headers=HTML)).status_code in (404, 405)


async def test_text_is_gzipped_for_browsers_that_take_it(web: Running) -> None:
    http = client(web)
    zipped = await http.get("/assets/app-abc123.js", headers={"accept-encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.text == SCRIPT  # httpx unzips
    assert int(zipped.headers["content-length"]) == len(gzip.compress(SCRIPT.encode(), compresslevel=9, mtime=0))
    assert int(zipped.headers["content-length"]) < len(SCRIPT) / 10
    plain = await http.get("/assets/app-abc123.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == SCRIPT
    assert plain.headers["etag"] != zipped.headers["etag"]
    refused = await http.get("/assets/app-abc123.js", headers={"accept-encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    unchanged = await http.get(
        "/assets/app-abc123.js", headers={"accept-encoding": "gzip", "if-none-match": zipped.headers["etag"]}
    )
    assert unchanged.status_code == 304


async def raw_get(running: Running, target: str) -> tuple[int, bytes]:
    """GET `target` exactly as written (no client normalises its dots away); the status and body."""
    port = running.settings.port
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\nConnection: close\r\n"
        writer.write(head.encode() + b"\r\n")
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/.built",
        "/%2fetc/passwd",
        "//etc/passwd",
        "/assets/app-abc123.js%00.html",
    ],
)
async def test_nothing_outside_the_build_is_served(web: Running, target: str) -> None:
    status, body = await raw_get(web, target)
    assert b"outside the build" not in body and b"root:" not in body
    assert status in (400, 404), (target, status)


async def test_a_symlink_out_of_the_build_is_not_followed(web: Running, tmp_path: Path) -> None:
    (tmp_path / "dist" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    response = await client(web).get("/leak.txt", headers={"accept": "*/*"})
    assert response.status_code == 404


async def test_the_api_keeps_its_paths(web: Running) -> None:
    http = client(web)
    graphiql = await http.get("/graphql", headers=HTML)
    assert graphiql.status_code in (200, 503) and "graphiql" in graphiql.text.lower()
    answer = await http.post("/graphql", json={"query": "{ __typename }"})
    assert answer.json() == {"data": {"__typename": "Query"}}
    assert "content-encoding" not in answer.headers
    assert (await http.get("/healthz", headers=HTML)).json() == {"status": "ok"}
    assert (await http.get("/readyz", headers=HTML)).json()["status"] == "ok"
    assert (await http.get("/mock/health", headers=HTML)).status_code == 200
    for path in ("/graphiql/static/nothing@1/x.js", "/graphql/deeper", "/mock/nothing", "/files/nothing"):
        response = await http.get(path, headers=HTML)
        assert response.text != INDEX, path
        assert response.status_code in (403, 404), (path, response.status_code)


async def test_signed_downloads_are_not_the_clients(web: Running) -> None:
    token = await web.api.user()
    url = (await export(web.api, token, select="status result { ... on DataExport { downloadUrl } }"))["result"]
    response = await client(web).get(url["downloadUrl"], headers=HTML)
    assert response.status_code == 200
    assert response.content.startswith(b"PK")  # the ZIP, not the client's page


async def test_without_a_build_the_root_leads_to_graphiql_and_the_log_says_how_to_build(
    embedded_settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "aiproxy")
    async with serve(embedded_settings.replace(web_client_dir=tmp_path / "nothing")) as running:
        http = client(running)
        root = await http.get("/", headers=HTML, follow_redirects=False)
        assert root.status_code == 307 and root.headers["location"] == "/graphql"
        assert (await http.get("/sketches", headers=HTML)).status_code == 404
    lines = [r.getMessage() for r in caplog.records if "web client is not built" in r.getMessage()]
    assert len(lines) == 1, lines
    assert "make run" in lines[0] and "npm run build" in lines[0] and "Node 20" in lines[0]


async def test_a_rebuild_is_served_without_a_restart(web: Running, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets" / "app-new789.js").write_text("export {};\n")
    (dist / "index.html").write_text(INDEX.replace("app-abc123", "app-new789"))
    page = await client(web).get("/", headers=HTML)
    assert "app-new789" in page.text
    assert (await client(web).get("/assets/app-new789.js")).status_code == 200


async def test_an_idle_keep_alive_connection_outlives_the_clients_own_expiry(web: Running) -> None:
    """A client that keeps a connection for 5 s (httpx's default) must never find it closed by the server: the server
    keeps idle connections longer (KEEP_ALIVE_SECONDS), so a request on a reused connection is answered."""
    host, port = web.api.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    request = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    try:
        for wait in (5.5, 0):  # longer than httpx keeps a connection (and than uvicorn's own default)
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            assert head.startswith(b"HTTP/1.1 200"), head
            length = next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
            await reader.readexactly(int(length.split(b":")[1]))
            await asyncio.sleep(wait)
    finally:
        writer.close()
