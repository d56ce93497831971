"""GraphiQL without the internet: Strawberry's page, pointed at the assets this server serves itself.

Strawberry's GraphiQL page loads React, GraphiQL (with graphql-ws for subscriptions), its explorer
plugin and js-cookie from a CDN. `offline_page` rewrites every one of those URLs to
/graphiql/static/<name>@<version>/<file>, which `asset_routes` serves from the files pinned in
assets.toml; the page's `integrity` attributes stay, so the browser still checks every byte. The page
itself (fetcher, subscriptions over graphql-transport-ws, the headers editor) is Strawberry's, unchanged.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from api.graphiql.assets import VENDOR, assets_by_key, content_type
from api.web import CACHE_FOREVER  # every asset URL names its package version
from infra.vendored import Asset

PREFIX = "/graphiql/static/"
# `<name>@<version>/<file>` on the CDNs Strawberry's pages use.
_CDN_URL = re.compile(
    r"""(?P<attr>\b(?:src|href)\s*=\s*["'])https://(?:unpkg\.com|cdn\.jsdelivr\.net/npm)/(?P<key>[^"'?#]+)"""
)
_EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)

log = logging.getLogger("aiproxy")


class UnpinnedAsset(Exception):
    pass


@functools.cache
def _assets() -> dict[str, Asset]:
    return assets_by_key()


@functools.cache
def offline_page(html: str) -> str:
    """The page with every CDN asset replaced by its local copy; any asset assets.toml does not pin, or
    any other external script or stylesheet, is an error (a test runs this against the installed page)."""
    unknown: list[str] = []

    def local(match: re.Match[str]) -> str:
        key = match["key"]
        if key not in _assets():
            unknown.append(key)
        return match["attr"] + PREFIX + key

    page = _CDN_URL.sub(local, html)
    if unknown:
        raise UnpinnedAsset(f"GraphiQL loads assets that api/graphiql/assets.toml does not pin: {unknown}")
    if _EXTERNAL.search(page):
        raise UnpinnedAsset(f"GraphiQL still loads something from elsewhere: {_EXTERNAL.search(page)}")
    return page


def _missing() -> list[Asset]:
    return [asset for asset in _assets().values() if not asset.file(VENDOR).is_file()]


def graphiql_response(html: str) -> Response:
    if _missing():
        return HTMLResponse(
            "<!doctype html><title>GraphiQL is not installed</title><p>GraphiQL's files are not installed on "
            "this server. Run <code>make run</code>, or <code>python -m api.graphiql install</code> once.</p>",
            status_code=503,
        )
    return HTMLResponse(offline_page(html))


async def _asset(request: Request) -> Response:
    asset = _assets().get(request.path_params["key"])
    if asset is None or not asset.file(VENDOR).is_file():
        return PlainTextResponse("Not Found", status_code=404)
    return FileResponse(
        asset.file(VENDOR),
        media_type=content_type(asset),
        headers={"Cache-Control": CACHE_FOREVER, "X-Content-Type-Options": "nosniff"},
    )


def asset_routes() -> list[Any]:
    absent = _missing()
    if absent:
        log.warning(
            "GraphiQL's files are not installed (%d missing): GET /graphql shows how to install them. "
            "Run `make run` or `python -m api.graphiql install`.",
            len(absent),
        )
    return [Route(PREFIX + "{key:path}", _asset, methods=["GET", "HEAD"])]
