"""The browser harness itself, on a small stand-in for the client's build (so it is checked whether or not the
client is there): the server, accounts, the guard, screenshots and the measurements."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from infra.settings import Settings
from tests.browser.harness import (
    SESSION_KEY,
    Guard,
    WebServer,
    initial_load,
    measure_tti,
    screenshot,
    use_session,
)
from tests.support.browser import RESULTS

INDEX = (
    '<!doctype html><html><head><meta charset="utf-8"><title>stand-in</title>'
    '<script type="module" src="/assets/app-abc123.js"></script>'
    '<link rel="modulepreload" href="/assets/vendor-fff000.js">'
    '<link rel="stylesheet" href="/assets/app-def456.css"></head><body><div id="root"></div></body></html>'
)
APP = """
const root = document.getElementById('root');
setTimeout(() => {
  root.innerHTML = '<h1>Stand-in</h1><p id="where"></p><button id="ready">Ready</button>';
  document.getElementById('where').textContent = location.pathname;
}, 50);
window.misbehave = () => { console.error('boom'); fetch('http://example.com/tracker.js').catch(() => {}); };
"""
VENDOR = "export const vendor = 1;\n" * 300
STYLE = "body { font-family: sans-serif; margin: 2rem; } h1 { color: #1c7ed6; }\n" * 20


@pytest.fixture
def web_settings(embedded_settings: Settings, tmp_path: Path) -> Settings:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "app-abc123.js").write_text(APP)
    (dist / "assets" / "vendor-fff000.js").write_text(VENDOR)
    (dist / "assets" / "app-def456.css").write_text(STYLE)
    return embedded_settings.replace(web_client_dir=dist)


def test_a_page_of_the_client_loads_from_the_server_by_a_deep_link(web: WebServer, page: Any) -> None:
    response = page.goto("/sketches/abc")
    assert response is not None and response.status == 200
    page.wait_for_selector("#ready")
    assert page.inner_text("#where") == "/sketches/abc"


def test_the_guard_sees_requests_for_other_hosts_and_console_errors(web: WebServer, page: Any, guard: Guard) -> None:
    page.goto("/")
    page.wait_for_selector("#ready")
    page.evaluate("window.misbehave()")
    page.wait_for_timeout(300)
    assert guard.left == ["http://example.com/tracker.js"]
    assert any(text.startswith("boom") for text in guard.console_errors)
    assert len(guard.problems()) >= 2
    guard.allow("^boom|ERR_INTERNET_DISCONNECTED")  # the aborted request is logged too
    guard.left.clear()
    assert guard.problems() == []  # (and so this test passes)


def test_accounts_and_sessions(web: WebServer, page: Any) -> None:
    admin = web.user(artistName="Mia")
    other = web.user()
    assert admin.user["isAdmin"] and not other.user["isAdmin"]
    viewer = web.run(web.api.data("{ viewer { email } }", token=other.token))
    assert viewer == {"viewer": {"email": other.email}}
    use_session(page, other)
    page.goto("/")
    stored = page.evaluate(f"() => JSON.parse(localStorage.getItem({SESSION_KEY!r}))")
    assert stored["token"] == other.token


def test_screenshots_are_1280_by_800(web: WebServer, page: Any) -> None:
    page.goto("/")
    page.wait_for_selector("#ready")
    path = screenshot(page, "harness-stand-in")
    assert path == RESULTS / "harness-stand-in.png"
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    assert (width, height) == (1280, 800)
    path.unlink()


def test_time_to_interactive_and_initial_load(web: WebServer, page: Any) -> None:
    tti = measure_tti(page, "/", "#ready")
    assert 50 <= tti < 15_000
    load = initial_load(web.url)
    assert set(load["files"]) == {"/", "/assets/app-abc123.js", "/assets/vendor-fff000.js", "/assets/app-def456.css"}
    assert load["files"]["/assets/vendor-fff000.js"] < len(VENDOR) / 10  # as served: gzipped
    assert load["total"] == sum(load["files"].values())
