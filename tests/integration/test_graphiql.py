"""GraphiQL works with no internet: the page names only this server, which serves every asset itself.

The page in a real browser, running queries and subscriptions, is tests/browser/test_graphiql.py.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.graphiql import web
from api.graphiql.assets import assets_by_key, missing
from api.graphiql.web import PREFIX, UnpinnedAsset, offline_page
from tests.conftest import Running


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
