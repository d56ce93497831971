"""GraphiQL in Chromium with no internet: it renders from the assets this server serves, introspects the
schema, runs a query with a token typed into its headers editor and a subscription over graphql-transport-ws.
Every request for another host is aborted and fails the test (the harness's guard)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest

from api.graphiql.assets import missing
from api.graphiql.web import PREFIX
from infra.settings import Settings
from tests.browser.harness import WebServer
from tests.support import start_export


@pytest.fixture
def web_settings(embedded_settings: Settings) -> Settings:
    """GraphiQL needs no web client."""
    if missing():
        pytest.fail("GraphiQL's assets are not installed: run `make test` (or `python -m api.graphiql install`)")
    return embedded_settings


def graphiql_url(query: str, headers: dict[str, str] | None = None) -> str:
    params = {"q": query, **({"headers": json.dumps(headers)} if headers else {})}
    return f"/graphql?{urlencode(params, quote_via=quote)}"  # the page decodes no "+"


def test_graphiql_renders_and_runs_queries_and_subscriptions_offline(web: WebServer, page: Any) -> None:
    account = web.user()
    job = web.run(start_export(web.api, account.token, select="id"))
    requested: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda ws: sockets.append(ws.url))

    # Rendered by React from the served bundles, with the schema introspected over HTTP.
    page.goto(graphiql_url("{ viewer { email } }"))
    page.wait_for_selector(".graphiql-container .graphiql-query-editor .CodeMirror", timeout=30_000)
    page.click('button[aria-label="Show Documentation Explorer"]')
    explorer = page.locator(".graphiql-doc-explorer")
    explorer.locator(".graphiql-doc-explorer-root-type", has_text="Subscription").wait_for(timeout=30_000)
    assert "Query" in explorer.inner_text()

    # A query with the token typed into the headers editor.
    page.click(".graphiql-editor-tools button:has-text('Headers')")
    page.click(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    page.keyboard.insert_text(json.dumps({"Authorization": f"Bearer {account.token}"}))
    page.click(".graphiql-execute-button")
    page.locator(".graphiql-response").get_by_text(account.email).wait_for(timeout=30_000)

    # A subscription over graphql-transport-ws, headers given in the URL as a shared link does: the page's
    # fetcher sends them in connection_init, which is how this API authenticates a WebSocket.
    subscription = f'subscription {{ jobProgress(id: "{job["id"]}") {{ status }} }}'
    page.goto(graphiql_url(subscription, {"Authorization": f"Bearer {account.token}"}))
    page.wait_for_selector(".graphiql-execute-button", timeout=30_000)
    page.click(".graphiql-execute-button")
    page.locator(".graphiql-response").get_by_text("SUCCEEDED").wait_for(timeout=60_000)

    assert any(PREFIX in url for url in requested), "the browser loaded no asset from this server"
    assert sockets and all(urlsplit(url).netloc == urlsplit(web.url).netloc for url in sockets), sockets
