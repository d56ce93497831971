"""Driving Debian's Chromium (`/usr/bin/chromium`) through Playwright for Python: one way for every browser test.

- `CHROMIUM`, `CHROMIUM_FLAGS`, `chromium_or_skip()`: the browser, headless, with nothing of its own reaching
  out (no background networking, updates, sync; every host name but 127.0.0.1 resolves to nothing). Playwright
  never downloads a browser here (`playwright install` is not used).
- `Guard`: records every request for another host (and aborts it), every console error and uncaught page
  error, every WebSocket to another host; `problems()` lists them.
- `screenshot(page, name)`: `frontend-client/test-results/<name>.png` at 1280×800.
- `measure_tti(page, url, ready_selector)`: ms from navigation start until `ready_selector` is visible.
- `initial_load(base_url)`: the gzip bytes of index.html and of the scripts and styles it loads before any lazy
  chunk; `record_metric(name, value)`: into `frontend-client/test-results/metrics.json`.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CI = os.environ.get("CI", "").lower() == "true"
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
VIEWPORT = {"width": 1280, "height": 800}
RESULTS = ROOT / "frontend-client" / "test-results"
METRICS = RESULTS / "metrics.json"


def chromium_or_skip(what: str = "the browser tests") -> Path:
    """Debian's Chromium; missing, the test is skipped with one line saying how to get it (CI=true: it fails)."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: `apt-get install -y chromium` to run {what}"
    if CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


class Guard:
    """What a page must not do: reach any host but `origin`, log a console error, throw an uncaught error."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        self.left: list[str] = []  # requests for another host (aborted)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def allow(self, pattern: str) -> None:
        """Console errors matching `pattern` (a regex) are expected in this test (a refused sign-in, say)."""
        self.allowed.append(re.compile(pattern))

    def watch(self, context: Any) -> None:
        """Watch every page of a Playwright (sync) BrowserContext, the ones it will open included."""
        context.route("**/*", self._route)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("page", lambda page: page.on("websocket", self._websocket))

    def _ours(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            return True
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        return f"{scheme}://{parts.netloc}" == self.origin

    def _route(self, route: Any, request: Any) -> None:
        if self._ours(request.url):
            route.fallback()
        else:
            self.left.append(request.url)
            route.abort("internetdisconnected")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '?')}:{location.get('lineNumber', '?')})")

    def _websocket(self, websocket: Any) -> None:
        if not self._ours(websocket.url):
            self.left.append(websocket.url)

    def problems(self) -> list[str]:
        console = [text for text in self.console_errors if not any(p.search(text) for p in self.allowed)]
        return (
            [f"request left the machine: {url}" for url in self.left]
            + [f"console error: {text}" for text in console]
            + [f"page error: {text}" for text in self.page_errors]
        )


def screenshot(page: Any, name: str) -> Path:
    """The page as it is now at 1280×800, saved as frontend-client/test-results/<name>.png (not committed)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    if page.viewport_size != VIEWPORT:
        page.set_viewport_size(VIEWPORT)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# Resolves (with the ms since navigation start) once the element is in the page and visible.
_VISIBLE_AT = """selector => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return false;
    return performance.now();
}"""


def measure_tti(page: Any, url: str, ready_selector: str, timeout_ms: float = 30_000) -> float:
    """Time to interactive in ms: from the start of navigating to `url` until the element `ready_selector` (CSS)
    shows, measured in the page (`performance.now()`, checked each animation frame). Use a fresh context (the
    `page` fixture is one) for a cold load."""
    page.goto(url, wait_until="commit")
    handle = page.wait_for_function(_VISIBLE_AT, arg=ready_selector, polling="raf", timeout=timeout_ms)
    return float(handle.json_value())


class _InitialAssets(HTMLParser):
    """The scripts, module preloads and stylesheets a page names in its HTML: what loads before any lazy chunk."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").lower()
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and rel in ("stylesheet", "modulepreload") and values.get("href"):
            self.urls.append(values["href"] or "")


def _fetch(url: str, gzipped: bool) -> bytes:
    """The body as it crosses the wire: gzipped when asked and the server compresses it."""
    headers = {"Accept": "text/html,*/*", "Accept-Encoding": "gzip" if gzipped else "identity"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # nothing between us and 127.0.0.1
    with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
        body: bytes = response.read()
        return body


def initial_load(base_url: str) -> dict[str, Any]:
    """The bytes on the wire (gzipped, as served) of `/` and of every script and stylesheet it names before any
    lazy chunk: `{"files": {path: bytes}, "total": bytes}`."""
    parser = _InitialAssets()
    parser.feed(_fetch(base_url + "/", gzipped=False).decode())
    files = {"/": len(_fetch(base_url + "/", gzipped=True))}
    for src in parser.urls:
        url = urljoin(base_url + "/", src)
        assert urlsplit(url).netloc == urlsplit(base_url).netloc, f"index.html loads {src} from elsewhere"
        files[urlsplit(url).path] = len(_fetch(url, gzipped=True))
    return {"files": files, "total": sum(files.values())}


def record_metric(name: str, value: Any) -> None:
    """Add `name` to frontend-client/test-results/metrics.json (other tests' figures stay)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    metrics = json.loads(METRICS.read_text()) if METRICS.exists() else {}
    metrics[name] = value
    METRICS.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    print(f"metric {name}: {json.dumps(value)}")
