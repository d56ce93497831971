"""Accounts in the browser: the first run makes the admin, signing out and in, an expired session leads back to
the page after signing in, German survives a reload (the server keeps it), page size and password change."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from infra.settings import Settings
from tests.browser.harness import SESSION_KEY, WebServer, screenshot, sign_in

NEW_PASSWORD = "a-new-secret-42"


@pytest.fixture
def web_settings(web_client: Path, embedded_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The harness's settings; a test changes some with `parametrize("web_settings", [{...}], indirect=True)`."""
    changes: dict[str, Any] = getattr(request, "param", {})
    return embedded_settings.replace(web_client_dir=web_client, **changes)


def viewer(web: WebServer, token: str) -> dict[str, Any]:
    data: dict[str, Any] = web.run(web.api.data("{ viewer { language pageSize isAdmin artistName } }", None, token))
    return dict(data["viewer"])


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not so within the time"
        time.sleep(0.1)


def stored_token(page: Page) -> str:
    return str(json.loads(page.evaluate(f"() => localStorage.getItem({SESSION_KEY!r})"))["token"])


def open_profile(page: Page) -> None:
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Profile and settings").click()
    expect(page.get_by_role("heading", name="Profile and settings", level=1)).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_first_run_creates_the_admin_and_lands_home(web: WebServer, page: Page) -> None:
    page.goto("/sign-in")
    expect(page.get_by_role("heading", name="Create the admin account")).to_be_visible()
    assert page.url.endswith("/welcome")
    screenshot(page, "accounts-first-run")

    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("different")
    page.get_by_label("Repeat the password").press("Enter")
    expect(page.get_by_text("The passwords do not match.")).to_be_visible()

    page.get_by_label("Repeat the password").fill("short")
    page.get_by_label("Repeat the password").press("Enter")
    expect(page.get_by_text(re.compile("at least 8", re.I)).first).to_be_visible()  # the server's own message
    expect(page.get_by_role("button", name="Create the admin account")).to_be_enabled()
    screenshot(page, "accounts-first-run-error")

    page.get_by_label("Password", exact=True).fill("secret-password")
    page.get_by_label("Repeat the password").fill("secret-password")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Artist name").fill("Mia")
    page.get_by_label("Artist name").press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Mia")).to_be_visible()
    expect(page.get_by_role("link", name="Profile and settings").first).to_be_visible()
    screenshot(page, "home")
    assert viewer(web, stored_token(page))["isAdmin"] is True

    open_profile(page)
    expect(page.get_by_text("Administrator")).to_be_visible()
    screenshot(page, "profile")

    # Now that an account exists, signing out leads to the sign-in form, not the first-run screen.
    sign_out(page)
    assert page.url.endswith("/sign-in")
    page.goto("/welcome")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_sign_out_and_sign_in_again(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.url.endswith("/sign-in")  # nothing to come back to from the home page
    screenshot(page, "sign-in")

    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_label("Password", exact=True).press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "sign-in-error")

    sign_in(page, account)
    expect(page.get_by_role("heading", name="Welcome, Mia")).to_be_visible()
    sign_out(page)
    assert page.url.endswith("/sign-in")
    assert page.evaluate(f"() => localStorage.getItem({SESSION_KEY!r})") is None
    page.goto("/profile")  # signed out, a page asks to sign in first and comes back afterwards
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "next=%2Fprofile" in page.url

    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Profile and settings", level=1)).to_be_visible()


def test_an_expired_session_returns_to_the_page_after_signing_in(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account, "/profile?tab=password")
    expect(page.get_by_role("heading", name="Profile and settings", level=1)).to_be_visible()

    # The token's time runs out while the page is open: the expiry timer ends the session.
    page.evaluate(
        """key => {
            const session = JSON.parse(localStorage.getItem(key));
            session.expiresAt = new Date(Date.now() - 1000).toISOString();
            localStorage.setItem(key, JSON.stringify(session));
        }""",
        SESSION_KEY,
    )
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Your session has expired")).to_be_visible()
    assert "next=%2Fprofile%3Ftab%3Dpassword" in page.url
    screenshot(page, "sign-in-expired")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_label("Password", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Profile and settings", level=1)).to_be_visible()
    assert page.url.endswith("/profile?tab=password")

    # The server refuses the token (here: one it never issued): the same way back.
    page.evaluate(
        """key => {
            const session = JSON.parse(localStorage.getItem(key));
            session.token = 'not-a-token';
            localStorage.setItem(key, JSON.stringify(session));
        }""",
        SESSION_KEY,
    )
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "next=%2Fprofile" in page.url


def test_german_is_applied_at_once_and_kept_by_the_server(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account)
    open_profile(page)
    page.get_by_text("Deutsch", exact=True).click()
    expect(page.get_by_role("heading", name="Profil und Einstellungen", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Passwort ändern")).to_be_visible()
    screenshot(page, "profile-de")
    eventually(lambda: viewer(web, account.token)["language"] == "DE")

    # Not only this browser's memory: forget the local choice, reload, and the account's language applies.
    page.evaluate("() => localStorage.removeItem('aiproxy.language')")
    page.reload()
    expect(page.get_by_role("heading", name="Profil und Einstellungen", level=1)).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Willkommen, Mia")).to_be_visible()
    expect(page.get_by_role("link", name="Start")).to_be_visible()

    page.get_by_role("banner").get_by_text("EN", exact=True).click()  # the header's switch
    expect(page.get_by_role("heading", name="Welcome, Mia")).to_be_visible()
    eventually(lambda: viewer(web, account.token)["language"] == "EN")


def test_page_size_is_saved(web: WebServer, page: Page) -> None:
    account = web.user()
    sign_in(page, account, "/profile")
    size = page.get_by_label("Items per page")
    expect(size).to_have_value("20")
    size.fill("500")
    size.press("Enter")
    expect(size).to_have_attribute("aria-invalid", "true")  # the server's limit, shown on the field
    screenshot(page, "profile-page-size-error")
    size.fill("50")
    size.press("Enter")
    expect(page.get_by_text("Saved.")).to_be_visible()
    eventually(lambda: viewer(web, account.token)["pageSize"] == 50)
    page.reload()
    expect(page.get_by_label("Items per page")).to_have_value("50")


def test_password_change_keeps_this_session_and_needs_the_new_password(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account, "/profile")
    old_token = stored_token(page)

    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").press("Enter")
    expect(page.get_by_text("Current password is wrong.")).to_be_visible()  # on its field
    assert stored_token(page) == old_token

    page.get_by_label("Current password").fill(account.password)
    page.get_by_label("Repeat the new password").press("Enter")
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    screenshot(page, "profile-password-changed")
    assert stored_token(page) != old_token  # the new token is kept: still signed in
    page.reload()
    expect(page.get_by_role("heading", name="Profile and settings", level=1)).to_be_visible()
    expect(page.get_by_label("Current password")).to_have_value("")

    sign_out(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_label("Password", exact=True).press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()  # the old password no longer works
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Mia")).to_be_visible()


def test_registration_is_closed_by_default(web: WebServer, page: Page) -> None:
    web.user()
    page.goto("/sign-in")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("link", name="Create one")).to_have_count(0)
    page.goto("/register")
    expect(page.get_by_text("This server does not take new accounts.")).to_be_visible()
    screenshot(page, "register-closed")


@pytest.mark.parametrize("web_settings", [{"allow_registration": True}], indirect=True)
def test_open_registration_creates_an_account_and_signs_in(web: WebServer, page: Page) -> None:
    web.user()  # the admin exists
    page.goto("/sign-in")
    page.get_by_role("link", name="Create one").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    screenshot(page, "register")
    page.get_by_label("Email").fill("bo@example.com")
    page.get_by_label("Password", exact=True).fill("secret-password")
    page.get_by_label("Repeat the password").fill("secret-password")
    page.get_by_label("First name").fill("Bo")
    page.get_by_label("First name").press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Bo")).to_be_visible()
    assert viewer(web, stored_token(page))["isAdmin"] is False
