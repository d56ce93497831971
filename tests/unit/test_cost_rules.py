"""Cost rules without I/O: adding up a report (image, chat, the rest), months, and the cache (the current month for
a TTL, past months once, all time without counting a month twice) over in-memory doubles of the ports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from domain.common.errors import DomainError, ErrorCode
from domain.common.months import Month
from domain.costs.entities import MonthlyCosts
from domain.costs.provider import CostBucket, CostLine, CostReport
from domain.costs.service import CostService, aggregate, is_chat, is_image
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2025, 3, 14, 12, tzinfo=UTC)


def line(name: str | None, amount: str | None, currency: str | None = "usd") -> CostLine:
    return CostLine(name, None if amount is None else Decimal(amount), currency)


def report(*lines: CostLine, organization: str | None = "org-1", days: int = 1) -> CostReport:
    start = datetime(2025, 2, 1, tzinfo=UTC)
    buckets = [CostBucket(start + timedelta(days=i), start + timedelta(days=i + 1), lines) for i in range(days)]
    return CostReport(tuple(buckets), organization)


class MemoryMonthlyCosts:
    """The MonthlyCostRepository port over a dict keyed as the table is: (provider, year, month)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int, int], MonthlyCosts] = {}

    async def get(self, provider: str, month: Month) -> MonthlyCosts | None:
        return self.rows.get((provider, month.year, month.month))

    async def save(self, costs: MonthlyCosts) -> None:
        key = (costs.provider, costs.month.year, costs.month.month)
        if key not in self.rows or not self.rows[key].is_finalized:
            self.rows[key] = costs

    async def all(self, provider: str) -> list[MonthlyCosts]:
        return sorted((row for row in self.rows.values() if row.provider == provider), key=lambda row: row.month)


class ReportsAsked:
    """The CostsProvider port: one fixed report, and every period it was asked for."""

    def __init__(self, answer: CostReport) -> None:
        self.answer = answer
        self.asked: list[tuple[datetime, datetime]] = []

    async def costs(self, start: datetime, end: datetime) -> CostReport:
        self.asked.append((start, end))
        return self.answer

    async def aclose(self) -> None:
        return None


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def service(answer: CostReport, ttl: float = 3600) -> tuple[CostService, ReportsAsked, MemoryMonthlyCosts, Clock]:
    rows, provider, clock = MemoryMonthlyCosts(), ReportsAsked(answer), Clock(NOW)
    return (
        CostService(lambda: FakeUnitOfWork(monthly_costs=rows), provider, timedelta(seconds=ttl), clock),
        provider,
        rows,
        clock,
    )


# --- adding up ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "image", "chat"),
    [
        ("dall-e-3, hd, 1024x1024", True, False),
        ("dall-e 3, standard, 1024x1792, 1792x1024", True, False),  # how the replaced system's mock wrote it
        ("gpt-image-1, image output", True, False),  # named gpt-…, yet an image model
        ("Image models", True, False),
        ("gpt-4o-2024-08-06, input", False, True),
        ("GPT-4.1, output", False, True),
        ("chatgpt-4o-latest, input", False, True),
        ("o3-mini-2025-01-31, output", False, True),
        ("text-embedding-3-small", False, False),
        ("Web search tool calls", False, False),
        ("omni-moderation-latest", False, False),
    ],
)
def test_line_items_are_image_chat_or_neither(name: str, image: bool, chat: bool) -> None:
    assert (is_image(name), is_chat(name)) == (image, chat)


def test_a_report_adds_up_exactly_per_line_item_over_every_bucket() -> None:
    figures = aggregate(
        report(
            line("dall-e-3, hd, 1024x1024", "0.08"),
            line("gpt-4o, input", "0.1"),
            line("gpt-4o, input", "0.2"),  # a line item twice in a bucket still adds up
            line("text-embedding-3-small", "0.0000005"),
            line("Web search tool calls", None),  # no amount: counts nothing
            line(None, "1"),  # an ungrouped total
            days=3,
        )
    )
    assert figures.image == Decimal("0.24") and figures.chat == Decimal("0.9")
    assert figures.total == Decimal("4.140002")  # to a millionth: 0.0000015 rounds half to even
    assert figures.other == Decimal("3.000002")
    assert list(figures.breakdown) == [
        "(no line item)",
        "gpt-4o, input",
        "dall-e-3, hd, 1024x1024",
        "text-embedding-3-small",
    ]
    assert figures.bucket_count == 3 and figures.currency == "usd" and figures.organization_id == "org-1"


def test_the_currency_is_what_the_lines_say_and_usd_without_any() -> None:
    assert aggregate(report(line("gpt-4o", "1", "EUR"))).currency == "eur"
    assert aggregate(report(line("gpt-4o", None, None))).currency == "usd"


# --- months ------------------------------------------------------------------------------------------------------


def test_months_parse_check_and_span_their_days() -> None:
    assert Month.parse(" 2024-12 ") == Month(2024, 12) and str(Month(2024, 2)) == "2024-02"
    assert Month(2024, 12).end == datetime(2025, 1, 1, tzinfo=UTC) == Month(2025, 1).start
    assert Month.of(datetime(2025, 1, 1, 0, 30, tzinfo=UTC).astimezone(UTC)) == Month(2025, 1)
    for text in ("2024-13", "2024-00", "24-01", "2024/01", "1999-05", "next"):
        with pytest.raises(DomainError) as refused:
            Month.parse(text)
        assert refused.value.errors[0].code is ErrorCode.INVALID and refused.value.errors[0].field == ("month",)
    with pytest.raises(DomainError) as both:
        Month.checked(1800, 13)
    assert [e.field for e in both.value.errors] == [("year",), ("month",)]


# --- the cache ---------------------------------------------------------------------------------------------------


async def test_the_current_month_is_kept_for_the_ttl_then_asked_again() -> None:
    costs, provider, rows, clock = service(report(line("gpt-4o", "1")), ttl=60)
    first = await costs.current_month()
    assert not first.cached and not first.costs.is_finalized and first.costs.month == Month(2025, 3)
    assert provider.asked == [(datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC))]
    clock.now += timedelta(seconds=59)
    again = await costs.current_month()
    assert again.cached and again.costs == first.costs and len(provider.asked) == 1
    clock.now += timedelta(seconds=1)
    assert not (await costs.current_month()).cached and len(provider.asked) == 2
    assert len(rows.rows) == 1


async def test_a_past_month_is_asked_once_and_kept_for_good() -> None:
    costs, provider, rows, clock = service(report(line("dall-e-3", "0.04")))
    first = await costs.month(2025, 1)
    assert not first.cached and first.costs.is_finalized
    clock.now += timedelta(days=400)
    assert (await costs.month(2025, 1)).cached and len(provider.asked) == 1
    # Last month's row kept while it was current is asked for again once, then finalised.
    clock.now = NOW
    await costs.current_month()
    clock.now = datetime(2025, 4, 2, tzinfo=UTC)
    assert not (await costs.month(2025, 3)).cached and (await costs.month(2025, 3)).cached
    assert rows.rows[("openai", 2025, 3)].is_finalized


@pytest.mark.parametrize(
    ("year", "month", "field"),
    [
        (2025, 3, "month"),
        (2025, 4, "month"),
        (2030, 1, "month"),
        (2025, 13, "month"),
        (2025, 0, "month"),
        (1999, 5, "year"),
    ],
)
async def test_the_current_a_future_or_no_month_is_refused(year: int, month: int, field: str) -> None:
    costs, provider, _, _ = service(report())
    with pytest.raises(DomainError) as refused:
        await costs.month(year, month)
    assert refused.value.errors[0].field == (field,) and provider.asked == []


async def test_all_time_counts_each_month_once_whatever_organisation_reported_it() -> None:
    """The replaced system kept a month once per organisation id (NULL and a value) and so counted it twice."""
    costs, _, rows, clock = service(report(line("dall-e-3", "1"), line("gpt-4o", "2"), organization=None), ttl=60)
    await costs.month(2025, 1)
    await costs.current_month()
    costs.provider = ReportsAsked(report(line("dall-e-3", "1"), line("gpt-4o", "2"), organization="org-1"))
    clock.now += timedelta(seconds=60)
    assert not (await costs.current_month()).cached  # the same month again, now with an organisation: one row
    await costs.month(2025, 2)
    total = await costs.all_time()
    assert len(rows.rows) == 3  # January, February and the current month
    assert (total.figures.total, total.figures.image, total.figures.chat) == (Decimal(9), Decimal(3), Decimal(6))
    assert (total.months, total.first_month, total.last_month) == (3, Month(2025, 1), Month(2025, 3))
    assert total.figures.breakdown == {"gpt-4o": Decimal(6), "dall-e-3": Decimal(3)}
    clock.now += timedelta(seconds=1)
    assert (await costs.all_time()).figures.total == Decimal(9)  # the current month is not added twice


async def test_all_time_with_nothing_kept_is_the_current_month() -> None:
    costs, provider, _, _ = service(report(line("gpt-4o", "0.5")))
    total = await costs.all_time()
    assert total.months == 1 and total.figures.total == Decimal("0.5") and len(provider.asked) == 1
