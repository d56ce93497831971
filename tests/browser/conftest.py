"""Browser tests: the web client in Debian's Chromium against the real API in its embedded default.

One browser per run of this package, a fresh context (empty storage, 1280×800, English) per test, and a fresh
server with its own SQLite file per test. Tests are plain (sync) functions using Playwright's sync API, and
import what they need besides fixtures from tests/browser/harness.py:

    from playwright.sync_api import Page, expect
    from tests.browser.harness import WebServer, screenshot, sign_in

    def test_sign_in(web: WebServer, page: Page) -> None:
        account = web.user(artistName="Mia")            # made through the API; the first one is the admin
        sign_in(page, account)                          # through the form; or `use_session(page, account)`
        expect(page.get_by_role("heading", name="Sketches")).to_be_visible()
        screenshot(page, "sketches")                    # frontend-client/test-results/sketches.png

Fixtures: `web` (a `WebServer`: `url`, `user()`, `viewer_update(account, language="DE")`, `api` and
`run(coroutine)` for tests/support's async helpers), `page` (a Playwright page; `page.goto("/sketches")` is
relative to the server), `context` (its browser context), `guard` (fails the test when a page reached another
host, logged a console error or threw; `guard.allow(regex)` for an expected console error), `browser` (one per
run), `web_client` (the built client, built once per run). Override `web_settings` in a module to change the
server's settings; set AITESTMOCK_* with `monkeypatch.setenv` (or use `fast_mock`) before `web` to change how
fast the mock answers.

The client is built by the script `make run` uses, through `make web` (an up-to-date build is skipped).
Without Node 20+ or Chromium these tests are skipped with one line saying why; under CI=true they fail.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.settings import Settings
from tests.browser.harness import WebServer
from tests.support.browser import CHROMIUM_FLAGS, CI, ROOT, VIEWPORT, Guard, chromium_or_skip

CLIENT = ROOT / "frontend-client"
GUARD = pytest.StashKey[Guard]()
# `expect(...)` waits this long for what a page shows (Playwright's default is 5 s): the suite runs on two processes
# of two cores, and a page's answer can take longer than 5 s when both run a server and a browser at once.
EXPECT_TIMEOUT_MS = 10_000


def pytest_configure(config: pytest.Config) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test that passed still fails when its page reached another host or logged an error."""
    result = yield
    guard = item.stash.get(GUARD, None)
    if guard is not None and guard.problems():
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(guard.problems()), pytrace=False)
    return result


def _unable(message: str) -> None:
    if CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def web_client() -> Path:
    """The client's build (frontend-client/dist), made or brought up to date once per run by `make web`."""
    if not (CLIENT / "package.json").exists():
        pytest.skip("no web client in this checkout (frontend-client/package.json)")
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "web"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        pytest.fail(f"the web client did not build:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}", pytrace=False)
    dist = CLIENT / "dist"
    if not (dist / "index.html").is_file():
        said = [line for line in done.stderr.splitlines() if line.strip()]
        _unable(said[-1] if said else f"the web client is not built ({dist / 'index.html'} is missing)")
    return dist


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One headless Chromium for every test here (each gets a context of its own)."""
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def web_settings(web_client: Path, embedded_settings: Settings) -> Settings:
    """The server's settings: the embedded default serving the built client. Override it to change them."""
    return embedded_settings.replace(web_client_dir=web_client)


@pytest.fixture
def web(web_settings: Settings) -> Iterator[WebServer]:
    """The real API serving the built client, fresh for each test (its own SQLite file: no account yet)."""
    with WebServer(web_settings) as server:
        yield server


@pytest.fixture
def guard(web: WebServer, request: pytest.FixtureRequest) -> Guard:
    guard = Guard(web.url)
    request.node.stash[GUARD] = guard
    return guard


@pytest.fixture
def context(browser: Any, web: WebServer, guard: Guard) -> Iterator[Any]:
    """A fresh browser context (no storage, 1280×800, English) whose requests may reach this server only."""
    context = browser.new_context(base_url=web.url, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    guard.watch(context)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    """A page of the test's context; `page.goto("/path")` is relative to the server."""
    return context.new_page()
