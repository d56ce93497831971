"""Costs over the real API, in both modes: the organisation's OpenAI costs (the current month kept for a while, a
past month asked for once, all time without a month counted twice; admins only; every fault of the costs API as a
top-level error with its code) against the built-in mock or a mock of the test's own; and each user's own image
spend from our records, at the prices the price table (and OPENAI_IMAGE_PRICES) gave each image."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from aitestmock import MockConfig, create_app
from api.ids import decode_uuid
from domain.common.months import Month
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration.cases.costs import DAY, mock_costs
from tests.integration.cases.images import draw
from tests.support import Api, error_codes, serving_quietly

TOTALS = "total image chat other currency bucketCount lineItems { lineItem amount }"
MONTHLY = f"{TOTALS} year month organizationId finalized cached lastUpdatedAt"
CURRENT = f"{{ openaiCosts {{ currentMonth {{ {MONTHLY} }} }} }}"
MONTH = f"query($y: Int!, $m: Int!) {{ openaiCosts {{ month(year: $y, month: $m) {{ {MONTHLY} }} }} }}"
ALL_TIME = f"{{ openaiCosts {{ allTime {{ {TOTALS} months firstMonth lastMonth }} }} }}"
SPEND = """query($m: String) { viewer { imageSpend(month: $m) {
    month images total bySizeAndQuality { size quality images total } } } }"""


async def mock_counts(api: Api) -> dict[str, int]:
    """What the built-in mock (mounted at /mock) counted of the costs API."""
    counted: dict[str, int] = (await api.http.get("/mock/_aitestmock/openai/costs")).json()
    return counted


def days_of(month: Month, *, until: datetime | None = None) -> range:
    """The epoch days of a month (up to and including `until`'s day: the mock has no buckets for days to come)."""
    first = int(month.start.timestamp()) // DAY
    last = int((until or month.end).timestamp()) // DAY + (1 if until else 0)
    return range(first, last)


def assert_figures(costs: dict[str, Any], days: range) -> None:
    image, chat, other = mock_costs(days)
    figures = tuple(Decimal(costs[name]) for name in ("image", "chat", "other", "total"))
    assert figures == (image, chat, other, image + chat + other), costs
    assert costs["currency"] == "usd" and costs["bucketCount"] == len(days)
    items = {item["lineItem"]: Decimal(item["amount"]) for item in costs["lineItems"]}
    assert sum(items.values()) == Decimal(costs["total"]) and "Web search tool calls" not in items  # no amount


async def test_current_month_all_time_and_a_past_month(stack: Running) -> None:
    api = stack.api
    admin = await api.user()  # the first account is the admin
    now = datetime.now(UTC)
    this = Month.of(now)
    last = Month(this.year - 1, 12) if this.month == 1 else Month(this.year, this.month - 1)

    first = (await api.data(CURRENT, token=admin))["openaiCosts"]["currentMonth"]
    assert (first["year"], first["month"], first["cached"], first["finalized"]) == (this.year, this.month, False, False)
    assert_figures(first, days_of(this, until=now))
    assert first["organizationId"] == "org-mock123"
    again = (await api.data(CURRENT, token=admin))["openaiCosts"]["currentMonth"]
    assert (
        again["cached"] is True
        and again["lastUpdatedAt"] == first["lastUpdatedAt"]
        and again["total"] == first["total"]
    )
    assert await mock_counts(api) == {"requests": 1, "reports": 1}  # the second answer asked nobody

    past = (await api.data(MONTH, {"y": last.year, "m": last.month}, admin))["openaiCosts"]["month"]
    assert (past["cached"], past["finalized"]) == (False, True)
    assert_figures(past, days_of(last))
    kept = (await api.data(MONTH, {"y": last.year, "m": last.month}, admin))["openaiCosts"]["month"]
    assert kept["cached"] is True and kept["total"] == past["total"]
    assert await mock_counts(api) == {"requests": 2, "reports": 2}  # the past month was asked for once

    total = (await api.data(ALL_TIME, token=admin))["openaiCosts"]["allTime"]
    assert (total["months"], total["firstMonth"], total["lastMonth"]) == (2, str(last), str(this))
    for name in ("total", "image", "chat", "other"):
        assert Decimal(total[name]) == Decimal(past[name]) + Decimal(first[name]), name
    assert total["bucketCount"] == past["bucketCount"] + first["bucketCount"]
    assert await mock_counts(api) == {"requests": 2, "reports": 2}  # the current month came from what was kept


async def test_only_admins_see_the_costs_and_only_past_months_in_range_are_asked_for(stack: Running) -> None:
    api = stack.api
    admin = await api.user()
    member = await api.user(admin)
    assert error_codes(await api.raw(CURRENT, token=member)) == ["FORBIDDEN"]
    assert error_codes(await api.raw(CURRENT)) == ["UNAUTHENTICATED"]
    this = Month.of(datetime.now(UTC))
    for year, month, said in (
        (this.year, this.month, "use currentMonth"),
        (this.year + 1, 1, "use currentMonth"),
        (2024, 13, "month: Month must be between 1 and 12."),
        (2024, 0, "month: Month must be between 1 and 12."),
        (1999, 5, "year: Year must be between"),
    ):
        body = await api.raw(MONTH, {"y": year, "m": month}, admin)
        assert error_codes(body) == ["BAD_USER_INPUT"] and said in body["errors"][0]["message"], body
        assert body["errors"][0]["path"] == ["openaiCosts", "month"]
    assert await mock_counts(api) == {"requests": 0, "reports": 0}


FAULTS = [
    ("sk-admin-0002", "INVALID_API_KEY"),  # 401 invalid_api_key
    ("sk-admin-0028", "INVALID_API_KEY"),  # 400 with an HTML page
    ("sk-admin-0008", "QUOTA_EXCEEDED"),
    ("sk-admin-0016", "RATE_LIMITED"),  # 429 every time, no Retry-After
    ("sk-admin-0003", "PROVIDER_UNAVAILABLE"),  # 500 with the edge's HTML page
    ("sk-admin-0005", "PROVIDER_UNAVAILABLE"),  # an error inside a 200 answer
    ("sk-admin-0006", "TIMEOUT"),  # slower than OPENAI_ADMIN_TIMEOUT_SECONDS
]


def own_mock() -> AbstractAsyncContextManager[str]:
    """A mock of the test's own (its slow answer takes 0.6 s), for admin keys that pick its faults."""
    return serving_quietly(create_app(MockConfig(token_delay=0.001, token_count=10, time_scale=0.2)))


async def test_each_fault_of_the_costs_api_is_a_top_level_error_with_its_code(any_mode_settings: Settings) -> None:
    admin = None
    counted: list[int] = []
    async with own_mock() as mock_url, httpx.AsyncClient(base_url=mock_url) as mock:
        for key, code in [*FAULTS, ("", "NOT_CONFIGURED")]:
            openai = any_mode_settings.openai.replace(
                base_url=f"{mock_url}/v1",
                admin_api_key=key,
                admin_timeout_seconds=0.2,
                # No admin key while OpenAI is configured (with a project key): no costs, and no mock either.
                api_key="" if key else "sk-proj-not-an-admin-key",
            )
            async with serve(any_mode_settings.replace(openai=openai), worker=False) as running:
                admin = admin or await running.api.user()  # one database: the admin's token holds throughout
                body = await running.api.raw(CURRENT, token=admin)
            assert error_codes(body) == [code], (key, body)
            message = body["errors"][0]["message"]
            assert "<html" not in message and "sk-admin-0" not in message, message
            assert body["errors"][0]["path"] == ["openaiCosts", "currentMonth"]
            counted.append((await mock.get("/_aitestmock/openai/costs")).json()["requests"])
    assert "OPENAI_ADMIN_API_KEY" in message  # the last one: NOT_CONFIGURED says what to set
    assert counted[-1] == counted[-2]  # and sent nothing


# --- the viewer's own image spend ---------------------------------------------------------------------------------


async def spend(api: Api, token: str, month: str | None = None) -> dict[str, Any]:
    spent: dict[str, Any] = (await api.data(SPEND, {"m": month}, token))["viewer"]["imageSpend"]
    return spent


async def test_image_spend_counts_the_viewers_own_images_of_the_month(stack: Running) -> None:
    api = stack.api
    owner = await api.user()
    other = await api.user(owner)
    drawn = await asyncio.gather(
        draw(api, owner, enhance="OFF", prompt="a quiet harbour"),  # $0.04
        draw(api, owner, enhance="OFF", prompt="a loud harbour", quality="HD", size="LANDSCAPE"),  # $0.12
        draw(api, owner, enhance="OFF", prompt="an old harbour"),  # $0.04, moved to last month below
        draw(api, owner, enhance="OFF", prompt="a refused harbour 0002"),  # FAILED: costs nothing
        draw(api, other, enhance="OFF", prompt="someone else's harbour", quality="HD"),  # $0.08, not the owner's
    )
    assert [image["status"] for image, _ in drawn] == ["SUCCEEDED"] * 3 + ["FAILED", "SUCCEEDED"]
    now = datetime.now(UTC)
    this = Month.of(now)
    last = Month(this.year - 1, 12) if this.month == 1 else Month(this.year, this.month - 1)
    moved = decode_uuid(drawn[2][0]["id"], "Image")
    assert moved is not None
    async with stack.app.state.container.uow() as uow:
        row = await uow.images.get_for_update(moved)
        row.completed_at = datetime(last.year, last.month, 15, tzinfo=UTC)
        await uow.commit()

    mine = await spend(api, owner)
    assert mine == await spend(api, owner, str(this))  # this month, when left out
    assert (mine["month"], mine["images"], Decimal(mine["total"])) == (str(this), 2, Decimal("0.16"))
    assert [(p["size"], p["quality"], p["images"], Decimal(p["total"])) for p in mine["bySizeAndQuality"]] == [
        ("SQUARE", "STANDARD", 1, Decimal("0.04")),
        ("LANDSCAPE", "HD", 1, Decimal("0.12")),
    ]
    before = await spend(api, owner, str(last))
    assert (before["images"], Decimal(before["total"])) == (1, Decimal("0.04"))
    theirs = await spend(api, other)
    assert (theirs["images"], Decimal(theirs["total"])) == (1, Decimal("0.08"))
    nothing = await spend(api, other, "2024-01")
    assert (nothing["images"], Decimal(nothing["total"]), nothing["bySizeAndQuality"]) == (0, 0, [])
    for bad in ("2024-13", "last month", "24-01"):
        body = await api.raw(SPEND, {"m": bad}, owner)
        assert error_codes(body) == ["BAD_USER_INPUT"] and "month: " in body["errors"][0]["message"], body


async def test_the_price_setting_charges_new_images(any_mode_settings: Settings) -> None:
    prices = '{"dall-e-3:standard:1024x1024": 0.05, "dall-e-3:hd:1792x1024": "0.2"}'
    openai = any_mode_settings.openai.replace(image_prices=prices)
    async with serve(any_mode_settings.replace(openai=openai)) as running:
        api = running.api
        token = await api.user()
        (square, _), (wide, _), (tall, _) = await asyncio.gather(
            draw(api, token, enhance="OFF", prompt="a priced lighthouse"),
            draw(api, token, enhance="OFF", prompt="a wide lighthouse", quality="HD", size="LANDSCAPE"),
            draw(api, token, enhance="OFF", prompt="a tall lighthouse", size="PORTRAIT"),  # not overridden
        )
        assert (square["cost"], wide["cost"], tall["cost"]) == ("0.0500", "0.2000", "0.0800")
        assert Decimal((await spend(api, token))["total"]) == Decimal("0.33")
