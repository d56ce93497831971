"""Costs on the profile page, in the browser against the built-in mock: every user sees what their own images cost this
month and in a month they choose (from our records); an admin also sees the organisation's OpenAI costs from the
mock's costs API — this month, all time and a past month, split into images, chat and the rest — and a member never
asks for them. Without an admin key (OpenAI configured with a project key) the admin reads why in words, and the own
spend still shows. Screenshots go to frontend-client/test-results/."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from domain.common.months import Month
from infra.settings import Settings
from tests.browser.harness import Account, Guard, WebServer, screenshot, use_session
from tests.browser.test_images import choose, made_image
from tests.integration.cases.costs import mock_costs
from tests.integration.test_costs import days_of
from tests.support.browser import VIEWPORT


def amount(scope: Locator, figure: str) -> Locator:
    return scope.locator(f'[data-figure="{figure}"]')


def expect_amount(scope: Locator, figure: str, expected: Decimal, timeout: float = 15) -> None:
    """The figure's exact value (its `data-amount`, as the API sent it) comes to equal `expected`."""
    shown = amount(scope, figure)
    expect(shown).to_have_count(1)
    deadline = time.monotonic() + timeout
    while True:
        value = shown.get_attribute("data-amount")
        if value is not None and Decimal(value) == expected:
            return
        assert time.monotonic() < deadline, (figure, value, expected)
        time.sleep(0.1)


def expect_costs(scope: Locator, figures: tuple[Decimal, Decimal, Decimal]) -> None:
    image, chat, other = figures
    for name, value in (("image", image), ("chat", chat), ("other", other), ("total", image + chat + other)):
        expect_amount(scope, name, value)


def usd_below_one(value: Decimal) -> str:
    """formatMoney's English text of an amount below a dollar with at most four decimals: two at least."""
    digits = f"{value:.4f}".rstrip("0")
    whole, _, cents = digits.partition(".")
    return f"US${whole}.{cents.ljust(2, '0')}"


def new_page(browser: Any, web: WebServer, guard: Guard, account: Account) -> Page:
    """A page of a context of its own (its own session), signed in as `account`."""
    context = browser.new_context(base_url=web.url, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    guard.watch(context)
    page = context.new_page()
    use_session(page, account)
    return page


def last_month(month: Month) -> Month:
    return Month(month.year - 1, 12) if month.month == 1 else Month(month.year, month.month - 1)


def test_own_spend_for_everyone_and_the_organisations_costs_for_admins(
    web: WebServer, page: Page, browser: Any, guard: Guard
) -> None:
    admin = web.user()
    member = web.user()
    made_image(web, member, prompt="a quiet lake")  # standard, square: US$0.04
    made_image(web, admin, prompt="a loud city", quality="HD")  # US$0.08: the admin's, not the member's
    now = datetime.now(UTC)
    this, before = Month.of(now), last_month(Month.of(now))
    asked_org: list[str] = []
    page.on("request", lambda r: asked_org.append(r.url) if "OpenAI" in r.url else None)

    # A member: their own spend, no organisation costs (not even asked for).
    use_session(page, member)
    page.goto("/profile")
    spend = page.get_by_test_id("image-spend")
    expect(spend.get_by_role("heading", name="What your images cost")).to_be_visible()
    current = spend.get_by_test_id("spend-current")
    expect(current).to_contain_text(f"This month ({datetime(this.year, this.month, 1):%B %Y})")
    expect_amount(current, "total", Decimal("0.04"))
    expect(amount(current, "total")).to_have_text("US$0.04")
    expect(current.get_by_test_id("spend-images")).to_have_text("1 image")
    expect(current).to_contain_text("1 × Square 1024×1024, Standard")
    chosen = spend.get_by_test_id("spend-month")
    expect(chosen).to_contain_text(f"{datetime(before.year, before.month, 1):%B %Y}")
    expect_amount(chosen, "total", Decimal(0))
    expect(chosen.get_by_test_id("spend-images")).to_have_text("0 images")
    expect(page.get_by_test_id("openai-costs")).to_have_count(0)
    assert asked_org == []  # a member never asks for the organisation's costs

    # The admin: the organisation's costs from the mock's costs API.
    admin_page = new_page(browser, web, guard, admin)
    admin_page.goto("/profile")
    costs = admin_page.get_by_test_id("openai-costs")
    expect(costs.get_by_role("heading", name="OpenAI costs of the organisation")).to_be_visible()
    this_month = costs.get_by_test_id("costs-current")
    expect_costs(this_month, mock_costs(days_of(this, until=now)))
    past = costs.get_by_test_id("costs-month")
    expect_costs(past, mock_costs(days_of(before)))
    # All time: the months the server kept (this one and the past one just asked for), each counted once.
    both = [a + b for a, b in zip(mock_costs(days_of(this, until=now)), mock_costs(days_of(before)), strict=True)]
    all_time = costs.get_by_test_id("costs-all-time")
    expect_costs(all_time, (both[0], both[1], both[2]))
    expect(all_time).to_contain_text("2 months kept by this server")
    # Small figures keep four decimals (the mock's "other" is a few hundredths of a cent a month).
    other = mock_costs(days_of(before))[2]
    assert 0 < other < Decimal("0.01"), other
    expect(amount(past, "other")).to_have_text(usd_below_one(other))
    this_month.get_by_role("button", name="Show").click()
    expect(this_month.get_by_test_id("cost-line-items")).to_be_visible()
    expect(this_month.get_by_test_id("cost-line-items")).to_contain_text("dall-e-3")
    expect_amount(admin_page.get_by_test_id("spend-current"), "total", Decimal("0.08"))  # the admin's own
    admin_page.wait_for_timeout(300)
    screenshot(admin_page, "costs-profile-admin")

    # Another past month: asked for once, its own figures.
    earlier = last_month(before)
    choose(costs, admin_page, "A past month", f"{datetime(earlier.year, earlier.month, 1):%B %Y}")
    expect(past).to_contain_text(f"{datetime(earlier.year, earlier.month, 1):%B %Y}")
    expect_costs(past, mock_costs(days_of(earlier)))
    admin_page.context.close()


NO_ADMIN_KEY = "no admin key"


@pytest.fixture
def web_settings(request: pytest.FixtureRequest, web_client: Path, embedded_settings: Settings) -> Settings:
    """The embedded default serving the client; with the parameter NO_ADMIN_KEY, OpenAI configured with a project
    key and no admin key: no organisation costs (and no mock for them)."""
    settings = embedded_settings.replace(web_client_dir=web_client)
    if getattr(request, "param", None) == NO_ADMIN_KEY:
        openai = settings.openai.replace(api_key="sk-proj-not-an-admin-key", admin_api_key="")
        settings = settings.replace(openai=openai)
    return settings


@pytest.mark.parametrize("web_settings", [NO_ADMIN_KEY], indirect=True)
def test_without_an_admin_key_the_admin_reads_why_in_words(web: WebServer, page: Page) -> None:
    admin = web.user()
    web.viewer_update(admin, language="DE")
    use_session(page, admin)
    page.goto("/profile")
    costs = page.get_by_test_id("openai-costs")
    error = costs.get_by_test_id("cost-error")
    expect(error).to_have_attribute("data-code", "NOT_CONFIGURED")
    expect(error).to_contain_text("Dieser Server hat keinen OpenAI-Admin-Schlüssel")
    expect(error).to_contain_text("OPENAI_ADMIN_API_KEY")
    spend = page.get_by_test_id("spend-current")  # our own records: still there
    expect_amount(spend, "total", Decimal(0))
    expect(amount(spend, "total")).to_have_text("0,00 $")
    expect(page.get_by_role("heading", name="Was Ihre Bilder kosten")).to_be_visible()
    costs.scroll_into_view_if_needed()
    screenshot(page, "costs-profile-not-configured-de")
