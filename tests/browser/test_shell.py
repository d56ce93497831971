"""The client's shell as the API serves it: it loads at `/` from this server alone, its hashed assets are cached
forever and its page is revalidated, a deep link (and its reload) opens the client, and it stays small and quick.
The figures go to frontend-client/test-results/metrics.json (and are printed), with loose bounds asserted."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from api.web import CACHE_FOREVER, GZIP_MIN
from tests.browser.harness import WebServer, initial_load, measure_tti, record_metric, screenshot, sign_in, use_session

# The sign-in form (and the first-run form) ask for a password: the page is usable once it shows.
PASSWORD_FIELD = "input[type=password]"
INITIAL_LOAD_MAX = 600 * 1024  # gzip bytes of index.html and what it loads before any lazy chunk
TTI_MAX_MS = 5_000  # headless Chromium on a shared 2-core machine; the figure itself is recorded


def test_the_client_loads_at_the_root_from_this_server_alone(web: WebServer, page: Any) -> None:
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    response = page.goto("/")
    assert response is not None and response.status == 200
    page.wait_for_selector(PASSWORD_FIELD)  # no account yet: the first-run screen
    screenshot(page, "shell-first-run")

    assert all(urlsplit(r.url).netloc == urlsplit(web.url).netloc for r in responses if r.url.startswith("http"))
    documents = [r for r in responses if r.request.resource_type == "document"]
    assert documents and all(r.headers["cache-control"] == "no-cache" for r in documents)
    assets = [r for r in responses if urlsplit(r.url).path.startswith("/assets/")]
    assert any(urlsplit(r.url).path.endswith(".js") for r in assets), [r.url for r in responses]
    for asset in assets:
        assert asset.status == 200, asset.url
        assert asset.headers["cache-control"] == CACHE_FOREVER, asset.url
        if urlsplit(asset.url).path.endswith((".js", ".css")) and len(asset.body()) >= GZIP_MIN:
            assert asset.headers.get("content-encoding") == "gzip", asset.url


def test_a_deep_link_and_its_reload_open_the_client(web: WebServer, page: Any) -> None:
    web.user()
    for visit in ("link", "reload"):  # the link, then a reload of wherever the client has taken it
        response = page.goto("/sketches/some-sketch?tab=lyrics") if visit == "link" else page.reload()
        assert response is not None and response.status == 200, visit
        assert response.headers["content-type"].startswith("text/html")
        page.wait_for_selector(PASSWORD_FIELD)  # signed out: the client asks to sign in first
    assert urlsplit(page.url).path != "/graphql"


def test_initial_load_size_and_time_to_interactive_on_sign_in(web: WebServer, page: Any) -> None:
    web.user()  # an account exists: `/` asks to sign in
    load = initial_load(web.url)
    record_metric("initial_load_gzip_bytes", load)
    tti = measure_tti(page, "/", PASSWORD_FIELD)
    record_metric("tti_sign_in_ms", round(tti))
    screenshot(page, "shell-sign-in")
    assert load["total"] <= INITIAL_LOAD_MAX, load
    assert tti <= TTI_MAX_MS


def test_the_harness_signs_in_through_the_form_and_by_session(web: WebServer, page: Any, context: Any) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account)
    page.wait_for_url(lambda url: urlsplit(url).path not in ("/sign-in", "/welcome"))
    screenshot(page, "shell-signed-in")
    other = context.new_page()
    use_session(other, web.user())
    other.goto("/profile")
    other.wait_for_selector("main, [role=main], h1, h2")
    assert urlsplit(other.url).path == "/profile"
