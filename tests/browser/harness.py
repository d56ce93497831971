"""What browser tests use besides their fixtures (tests/browser/conftest.py): the server, accounts, signing in,
and tests/support/browser.py's screenshots and measurements, so a test imports from one place:

    from tests.browser.harness import WebServer, measure_tti, screenshot, sign_in
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import PASSWORD, Api
from tests.support.browser import Guard, initial_load, measure_tti, record_metric, screenshot

__all__ = [
    "SESSION_KEY",
    "Account",
    "Guard",
    "WebServer",
    "initial_load",
    "measure_tti",
    "pick",
    "record_metric",
    "screenshot",
    "sign_in",
    "use_session",
]

T = TypeVar("T")
SESSION_KEY = "aiproxy.session"  # localStorage; frontend-client/src/shared/auth/session.ts


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    token: str
    expires_at: str
    user: dict[str, Any]


class WebServer:
    """The real API (`serve` from tests/conftest.py) on a free port, in an event loop of its own thread, so that
    tests can drive the browser with Playwright's sync API while it serves."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="web-server", daemon=True)
        self._stop: asyncio.Event | None = None
        self._served: Future[None] | None = None
        self._admin: str | None = None
        self.running: Running

    def __enter__(self) -> WebServer:
        self._thread.start()
        started: Future[Running] = Future()

        async def main() -> None:
            self._stop = asyncio.Event()
            try:
                async with serve(self._settings) as running:
                    started.set_result(running)
                    await self._stop.wait()
            except BaseException as exc:
                if not started.done():
                    started.set_exception(exc)
                raise

        self._served = asyncio.run_coroutine_threadsafe(main(), self._loop)
        self.running = started.result(timeout=60)
        return self

    def __exit__(self, *_: object) -> None:
        try:
            if self._stop is not None:
                self._loop.call_soon_threadsafe(self._stop.set)
            if self._served is not None:
                self._served.result(timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
            self._loop.close()

    @property
    def url(self) -> str:
        return self.running.api.base_url

    @property
    def api(self) -> Api:
        """tests/support's async client of this server; call its coroutines through `run`."""
        return self.running.api

    @property
    def settings(self) -> Settings:
        return self.running.settings

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        """Run a coroutine in the server's event loop (where `api` lives) and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def viewer_update(self, account: Account, **fields: Any) -> None:
        """viewerUpdate as `account` (`language="DE"`, `pageSize=10`…), through the API."""
        mutation = "mutation($i: ViewerUpdateInput!) { viewerUpdate(input: $i) { userErrors { message } } }"
        self.run(self.api.mutate("viewerUpdate", mutation, {"i": fields}, account.token))

    def user(self, email: str | None = None, password: str = PASSWORD, **names: str) -> Account:
        """A new account, signed in through the API (`names`: artistName, firstName…). The first is the admin,
        whose token registers the others."""
        return self.run(self._user(email, password, names))

    async def _user(self, email: str | None, password: str, names: dict[str, str]) -> Account:
        api = self.api
        user = await api.register(email=email, token=self._admin, **names)
        if password != PASSWORD:
            raise ValueError("accounts are registered with tests.support.PASSWORD")
        login = (
            await api.data(
                "mutation($i: LoginInput!) { login(input: $i) { token expiresAt userErrors { message } } }",
                {"i": {"email": user["email"], "password": password}},
            )
        )["login"]
        assert login["userErrors"] == [], login
        if self._admin is None:
            self._admin = login["token"]
        return Account(user["email"], password, login["token"], login["expiresAt"], user)


def use_session(page: Any, account: Account) -> None:
    """Start signed in as `account`: its session is in localStorage before the client's scripts run."""
    session = json.dumps({"token": account.token, "expiresAt": account.expires_at})
    page.context.add_init_script(
        f"if (!window.localStorage.getItem({SESSION_KEY!r})) window.localStorage.setItem({SESSION_KEY!r}, {session!r});"
    )


def sign_in(page: Any, account: Account, path: str = "/sign-in") -> None:
    """Sign in as `account` through the (English) sign-in form at `path`, as a person would: type, press Enter;
    returns once the client holds the session."""
    page.goto(path)
    page.get_by_label(re.compile(r"^Email")).fill(account.email)
    password = page.get_by_label(re.compile(r"^Password"))
    password.fill(account.password)
    password.press("Enter")
    page.wait_for_function(f"() => !!window.localStorage.getItem({SESSION_KEY!r})")


def pick(page: Any, role: str, name: str) -> None:
    """Click the label of a chip or segment (Mantine hides their inputs), as a person would."""
    ident = page.get_by_role(role, name=name, exact=True).get_attribute("id")
    page.locator(f'label[for="{ident}"]').click()
