"""The OpenAI costs adapter over real HTTP against aitestmock (the same code as for the real service).

Faults are steered by the test number in the admin key (`sk-admin-0016`, aitestmock's table). How many requests
reached the mock is read from its own count (`/_aitestmock/openai/costs`). Retries back off for at most 50 ms.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aitestmock import MockConfig, create_app
from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.costs.provider import CostReport
from domain.costs.service import aggregate
from infra.providers.http import RetryPolicy
from infra.providers.openai_costs import OpenAICostsProvider
from tests.integration.cases.costs import DAY, mock_costs
from tests.support import free_port, serving_quietly

FAST = MockConfig(token_delay=0.001, token_count=10, time_scale=0.1)  # the slow answer (0006) takes 0.3 s
QUICK = RetryPolicy(base_delay=0.01, max_delay=0.05)
ADMIN = "sk-admin-5f3c9b2aQZJX"
# Days 20000..20009 since the epoch (2024-10-04 …): a range the mock's history is known for (aitestmock docs).
START = datetime.fromtimestamp(20000 * DAY, UTC)
END = START + timedelta(days=10)


def adapter(url: str, key: str = ADMIN, **options: Any) -> contextlib.aclosing[OpenAICostsProvider]:
    return contextlib.aclosing(OpenAICostsProvider(f"{url}/v1", key, retry=QUICK, **options))


@pytest.fixture
async def mock_url() -> AsyncIterator[str]:
    async with serving_quietly(create_app(FAST)) as url:
        yield url


async def counts(mock_url: str) -> dict[str, int]:
    async with httpx.AsyncClient() as http:
        counted: dict[str, int] = (await http.get(f"{mock_url}/_aitestmock/openai/costs")).json()
    return counted


async def failure(provider: OpenAICostsProvider) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await provider.costs(START, END)
    assert "5f3c9b2a" not in caught.value.message  # the key never shows
    return caught.value


# --- answers ---------------------------------------------------------------------------------------------------


async def test_every_page_is_read_and_the_amounts_are_exact(mock_url: str) -> None:
    async with adapter(mock_url, page_limit=4) as provider:
        report = await provider.costs(START, END)
    assert [b.start for b in report.buckets] == [START + timedelta(days=i) for i in range(10)]
    assert await counts(mock_url) == {"requests": 3, "reports": 1}  # pages of 4, 4 and 2 buckets
    assert report.organization_id == "org-mock123"
    lines = [line for bucket in report.buckets for line in bucket.lines]
    assert any(line.amount is None for line in lines)  # `amount: null` is a line without an amount
    assert Decimal("0.00123") in {line.amount for line in lines}  # a numeric string, read exactly
    figures = aggregate(report)
    image, chat, other = mock_costs(range(20000, 20010))
    assert (figures.image, figures.chat, figures.other) == (image, chat, other)
    assert figures.total == image + chat + other and figures.bucket_count == 10 and figures.currency == "usd"
    assert figures.breakdown["gpt-image-1, image output"] == Decimal("0.126")  # days 20000, 20004, 20008


async def test_a_month_comes_in_one_page_by_default(mock_url: str) -> None:
    async with adapter(mock_url) as provider:
        report = await provider.costs(START, START + timedelta(days=31))
    assert len(report.buckets) == 31 and await counts(mock_url) == {"requests": 1, "reports": 1}


# --- errors ----------------------------------------------------------------------------------------------------


async def test_without_an_admin_key_nothing_is_sent(mock_url: str) -> None:
    async with adapter(mock_url, key="") as provider:
        error = await failure(provider)
    assert error.code is ProviderErrorCode.NOT_CONFIGURED and "OPENAI_ADMIN_API_KEY" in error.message
    assert await counts(mock_url) == {"requests": 0, "reports": 0}


@pytest.mark.parametrize(
    ("key", "code", "requests"),
    [
        ("sk-admin-0002", ProviderErrorCode.INVALID_API_KEY, 1),  # 401 invalid_api_key
        ("sk-proj-5f3c9b2a", ProviderErrorCode.INVALID_API_KEY, 1),  # a project key: 401 missing scopes
        ("sk-admin-0028", ProviderErrorCode.INVALID_API_KEY, 1),  # 400 with an HTML auth page
        ("sk-admin-0008", ProviderErrorCode.QUOTA_EXCEEDED, 1),  # never retried
        ("sk-admin-0016", ProviderErrorCode.RATE_LIMITED, 3),  # 429 without Retry-After, every time: backoff
        ("sk-admin-0003", ProviderErrorCode.PROVIDER_UNAVAILABLE, 3),  # 500 with the edge's HTML page
        ("sk-admin-0005", ProviderErrorCode.PROVIDER_UNAVAILABLE, 1),  # an error inside a 200 answer
    ],
)
async def test_faults_map_to_their_codes(mock_url: str, key: str, code: ProviderErrorCode, requests: int) -> None:
    async with adapter(mock_url, key=key) as provider:
        error = await failure(provider)
    assert error.code is code, error.message
    assert "<html" not in error.message and "&#39;" not in error.message
    assert (await counts(mock_url))["requests"] == requests
    assert error.transient is (code in (ProviderErrorCode.RATE_LIMITED, ProviderErrorCode.PROVIDER_UNAVAILABLE))


async def test_a_rate_limit_with_retry_after_is_waited_out(mock_url: str) -> None:
    async with adapter(mock_url, key="sk-admin-0007") as provider:
        report = await provider.costs(START, END)
    assert len(report.buckets) == 10 and await counts(mock_url) == {"requests": 2, "reports": 2}


async def test_an_answer_slower_than_the_timeout_ends_timeout(mock_url: str) -> None:
    async with adapter(mock_url, key="sk-admin-0006", timeout=0.1) as provider:
        error = await failure(provider)
    assert error.code is ProviderErrorCode.TIMEOUT and error.transient
    assert (await counts(mock_url))["requests"] == 1 + QUICK.max_retries


async def test_a_server_that_cannot_be_reached_is_unavailable() -> None:
    async with adapter(f"http://127.0.0.1:{free_port()}") as provider:
        error = await failure(provider)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ({"object": "page", "data": [], "has_more": True, "next_page": None}, "has_more without a new next_page"),
        ({"object": "page", "data": [], "has_more": True, "next_page": "page_1"}, "has_more without a new next_page"),
        ({"object": "page"}, "no data list"),
        (
            {"data": [{"start_time": 1, "results": [{"amount": {"value": "a lot"}, "line_item": "x"}]}]},
            "not a number",
        ),
    ],
)
async def test_nonsense_in_a_200_is_a_typed_error(page: dict[str, Any], said: str) -> None:
    async def costs(request: Request) -> Response:
        return JSONResponse(page)

    app = Starlette(routes=[Route("/v1/organization/costs", costs)])
    async with serving_quietly(app) as url, adapter(url) as provider:
        error = await failure(provider)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and said in error.message


def test_an_empty_report_adds_up_to_nothing() -> None:
    figures = aggregate(CostReport(buckets=()))
    assert (figures.total, figures.image, figures.chat, figures.bucket_count) == (0, 0, 0, 0)
