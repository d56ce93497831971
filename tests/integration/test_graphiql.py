"""GraphiQL works with no internet: the page names only this server, which serves every asset itself.

The browser check drives the system Chromium (Debian's `chromium`) through Playwright, with every
request that is not for 127.0.0.1 aborted and recorded, and name resolution off for everything else.
Under CI=true a missing Chromium fails the test; locally it is skipped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

from api.graphiql import web
from api.graphiql.assets import assets_by_key, missing
from api.graphiql.web import PREFIX, UnpinnedAsset, offline_page
from tests.conftest import CI, Running
from tests.support import start_export

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class Sources(HTMLParser):
    """Every script src and stylesheet/icon href of a page, with its integrity attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get("src") if tag == "script" else values.get("href") if tag == "link" else None
        if url is not None:
            self.found.append((tag, url.strip(), values.get("integrity")))


def page_sources(html: str) -> list[tuple[str, str, str | None]]:
    parser = Sources()
    parser.feed(html)
    return parser.found


@pytest.fixture(autouse=True)
def installed() -> None:
    if missing():
        pytest.fail("GraphiQL's assets are not installed: run `make test` (or `python -m api.graphiql install`)")


async def test_the_page_loads_every_asset_from_this_server(embedded: Running) -> None:
    http = embedded.api.http
    page = await http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200, page.text
    sources = page_sources(page.text)
    assets = [(tag, url, integrity) for tag, url, integrity in sources if not url.startswith("data:")]
    assert {url for _, url, _ in assets} == {PREFIX + key for key in assets_by_key()}
    assert "https://" not in "".join(url for _, url, _ in sources)
    for _, url, _ in sources:
        assert not urlsplit(url).netloc, f"the page loads {url} from another host"
    for tag, url, integrity in assets:
        response = await http.get(url)
        assert response.status_code == 200, url
        kind = "text/javascript" if tag == "script" else "text/css"
        assert response.headers["content-type"].split(";")[0] == kind, url
        assert "immutable" in response.headers["cache-control"]
        # The page keeps Strawberry's integrity attributes: the browser checks these same bytes.
        assert integrity == "sha384-" + base64.b64encode(hashlib.sha384(response.content).digest()).decode()
    assert (await http.get(PREFIX + "react@18.2.0/umd/react.development.js")).status_code == 404
    assert (await http.get(PREFIX + "../assets.toml")).status_code == 404


def test_an_asset_the_manifest_does_not_pin_is_refused() -> None:
    with pytest.raises(UnpinnedAsset, match=r"left-pad@1\.3\.0"):
        offline_page('<script src="https://unpkg.com/left-pad@1.3.0/index.js"></script>')
    with pytest.raises(UnpinnedAsset):
        offline_page('<link rel="stylesheet" href="//fonts.example.com/a.css">')


def test_without_its_files_the_page_says_how_to_install_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(web, "VENDOR", tmp_path / "empty")
    response = web.graphiql_response("<!doctype html>")
    assert response.status_code == 503
    assert b"python -m api.graphiql install" in response.body


def chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: `apt-get install -y chromium` to run the GraphiQL browser check"
    if CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


async def test_graphiql_renders_and_runs_queries_and_subscriptions_offline(embedded: Running, tmp_path: Path) -> None:
    chromium = chromium_or_skip()
    from playwright.async_api import Request, Route, async_playwright

    api = embedded.api
    token = await api.user()
    email = (await api.data("{ viewer { email } }", token=token))["viewer"]["email"]
    job = await start_export(api, token, select="id")
    base = urlsplit(api.base_url)
    requested: list[str] = []
    left: list[str] = []
    sockets: list[str] = []
    errors: list[str] = []

    async def only_this_server(route: Route, request: Request) -> None:
        requested.append(request.url)
        url = urlsplit(request.url)
        if url.scheme == "data" or url.hostname == "127.0.0.1":
            await route.continue_()
        else:
            left.append(request.url)
            await route.abort("internetdisconnected")

    def graphiql_url(query: str, headers: dict[str, str] | None = None) -> str:
        params = {"q": query, **({"headers": json.dumps(headers)} if headers else {})}
        return f"{api.base_url}/graphql?{urlencode(params, quote_via=quote)}"  # the page decodes no "+"

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_FLAGS,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        try:
            await context.route("**/*", only_this_server)
            page = context.pages[0] if context.pages else await context.new_page()
            page.on("websocket", lambda ws: sockets.append(ws.url))
            page.on("pageerror", lambda error: errors.append(str(error)))

            # Rendered by React from the served bundles, with the schema introspected over HTTP.
            await page.goto(graphiql_url("{ viewer { email } }"))
            await page.wait_for_selector(".graphiql-container .graphiql-query-editor .CodeMirror", timeout=30_000)
            await page.click('button[aria-label="Show Documentation Explorer"]')
            explorer = page.locator(".graphiql-doc-explorer")
            await explorer.locator(".graphiql-doc-explorer-root-type", has_text="Subscription").wait_for(timeout=30_000)
            assert "Query" in await explorer.inner_text()

            # A query with the token typed into the headers editor.
            await page.click(".graphiql-editor-tools button:has-text('Headers')")
            await page.click(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
            await page.keyboard.insert_text(json.dumps({"Authorization": f"Bearer {token}"}))
            await page.click(".graphiql-execute-button")
            await page.locator(".graphiql-response").get_by_text(email).wait_for(timeout=30_000)

            # A subscription over graphql-transport-ws, headers given in the URL as a shared link does: the
            # page's fetcher sends them in connection_init, which is how this API authenticates a WebSocket.
            subscription = f'subscription {{ jobProgress(id: "{job["id"]}") {{ status }} }}'
            await page.goto(graphiql_url(subscription, {"Authorization": f"Bearer {token}"}))
            await page.wait_for_selector(".graphiql-execute-button", timeout=30_000)
            await page.click(".graphiql-execute-button")
            await page.locator(".graphiql-response").get_by_text("SUCCEEDED").wait_for(timeout=60_000)
        finally:
            await context.close()

    assert left == [], f"requests left the machine: {left}"
    assert any(PREFIX in url for url in requested), "the browser loaded no asset from this server"
    assert sockets and all(urlsplit(url).netloc == base.netloc for url in sockets), sockets
    assert errors == [], errors
