"""OpenAI organisation costs adapter (`CostsProvider`): `GET /v1/organization/costs` with the admin key, daily
buckets grouped by line item, every page followed; its error answers read by `openai_errors` like chat's.

The call reads and never bills, so it is retried like any idempotent call (timeouts, 429 with or without
Retry-After, 5xx). Amounts are read as Decimal straight from the JSON text; `amount: null` is a line without an
amount and `value` may be a numeric string, as real answers have it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.costs.provider import CostBucket, CostLine, CostReport, CostsProvider
from infra.providers.http import Caller, ErrorAnswer, RetryPolicy, Timeouts, build_client, invalid_response
from infra.providers.openai_errors import error_from_answer, error_from_payload

LABEL = "OpenAI's costs API"
# Buckets a page: a month in one page (OpenAI allows 1–180); `next_page` is followed whatever the server does.
PAGE_LIMIT = 31
# A server that keeps answering `has_more` is not followed for ever.
MAX_PAGES = 100
NOT_CONFIGURED = (
    "OpenAI costs need an organisation admin key (sk-admin-…): set OPENAI_ADMIN_API_KEY. A project key cannot read "
    "the organisation's costs."
)


class OpenAICostsProvider:
    def __init__(
        self,
        base_url: str,
        admin_key: str,
        *,
        timeout: float = 30.0,
        page_limit: int = PAGE_LIMIT,
        retry: RetryPolicy = RetryPolicy(),
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`base_url` includes the version (`https://api.openai.com/v1`); `timeout` bounds each page's answer."""
        self._url = base_url.rstrip("/") + "/organization/costs"
        self._key = admin_key
        self._page_limit = page_limit
        timeouts = Timeouts(connect=min(10.0, timeout), read=timeout, write=timeout, pool=timeout)
        self._own_client = client is None
        self._client = client or build_client(timeouts, max_connections=4)
        self._secrets = (admin_key,) if admin_key else ()
        self._caller = Caller(
            self._client,
            LABEL,
            timeouts,
            retry,
            classify=self._error,
            headers={"authorization": f"Bearer {admin_key}"},
        )

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    async def costs(self, start: datetime, end: datetime) -> CostReport:
        if not self._key:
            raise ProviderError(ProviderErrorCode.NOT_CONFIGURED, NOT_CONFIGURED)
        params: dict[str, str | int] = {
            "start_time": int(start.timestamp()),
            "end_time": int(end.timestamp()),
            "bucket_width": "1d",
            "group_by": "line_item",
            "limit": self._page_limit,
        }
        buckets: list[CostBucket] = []
        organization: str | None = None
        for _ in range(MAX_PAGES):
            response = await self._caller.send("GET", str(httpx.URL(self._url, params=params)), idempotent=True)
            page = self._page(response)
            buckets += [_bucket(item) for item in page["data"]]
            organization = organization or _organization(page)
            if not page.get("has_more"):
                return CostReport(tuple(buckets), organization)
            cursor = page.get("next_page")
            if not isinstance(cursor, str) or not cursor or cursor == params.get("page"):
                raise invalid_response(LABEL, "has_more without a new next_page")
            params["page"] = cursor
        raise invalid_response(LABEL, f"more than {MAX_PAGES} pages")

    def _error(self, answer: ErrorAnswer) -> ProviderError:
        return error_from_answer(answer, label=LABEL, secrets=self._secrets)

    def _page(self, response: httpx.Response) -> dict[str, Any]:
        try:
            page = json.loads(response.content, parse_float=Decimal)
        except ValueError:
            raise invalid_response(LABEL, "not JSON") from None
        if not isinstance(page, dict):
            raise invalid_response(LABEL, "not a JSON object")
        if page.get("error"):  # an error inside a 200 answer
            raise error_from_payload(page["error"], label=LABEL, secrets=self._secrets)
        if not isinstance(page.get("data"), list):
            raise invalid_response(LABEL, "no data list")
        return page


def _bucket(item: Any) -> CostBucket:
    if not isinstance(item, Mapping):
        raise invalid_response(LABEL, "a bucket is not an object")
    start, end = item.get("start_time"), item.get("end_time")
    if not isinstance(start, int) or isinstance(start, bool):
        raise invalid_response(LABEL, "a bucket without start_time")
    results = item.get("results") or []
    if not isinstance(results, list):
        raise invalid_response(LABEL, "a bucket's results are not a list")
    return CostBucket(
        start=datetime.fromtimestamp(start, UTC),
        end=datetime.fromtimestamp(end if isinstance(end, int) and not isinstance(end, bool) else start + 86400, UTC),
        lines=tuple(_line(result) for result in results),
    )


def _line(result: Any) -> CostLine:
    if not isinstance(result, Mapping):
        raise invalid_response(LABEL, "a result is not an object")
    amount = result.get("amount")
    value: Decimal | None = None
    currency: str | None = None
    if isinstance(amount, Mapping):
        value = _decimal(amount.get("value"))
        currency = amount.get("currency") if isinstance(amount.get("currency"), str) else None
    elif amount is not None:
        raise invalid_response(LABEL, "an amount is not an object")
    return CostLine(
        line_item=_text(result.get("line_item")),
        amount=value,
        currency=currency,
        project_id=_text(result.get("project_id")),
    )


def _decimal(value: Any) -> Decimal | None:
    """A number, or a numeric string; None for a missing value."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise invalid_response(LABEL, f"an amount's value is {type(value).__name__}")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise invalid_response(LABEL, f"an amount's value is not a number: {str(value)[:40]!r}") from None
    if not number.is_finite():
        raise invalid_response(LABEL, "an amount's value is not finite")
    return number


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _organization(page: Mapping[str, Any]) -> str | None:
    """The top-level organization_id (or org_id), else the first result that names one (§3.2)."""
    for key in ("organization_id", "org_id"):
        if _text(page.get(key)):
            return str(page[key])
    for bucket in page["data"]:  # each checked by _bucket already
        for result in bucket.get("results") or []:
            if _text(result.get("organization_id")):
                return str(result["organization_id"])
    return None


if TYPE_CHECKING:
    _implements: type[CostsProvider] = OpenAICostsProvider  # mypy checks the adapter against the port here
