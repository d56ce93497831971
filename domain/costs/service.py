"""What the organisation spent at OpenAI: the current month (kept for a while), any past month (kept for good once
fetched) and all time, split into images and chat (original-system.md §1.5, §3.2).

The replaced system keyed its cache by organisation as well, so a month could be kept twice (once without an
organisation, once with one) and all time counted it twice. Here a month is one row per provider, whatever
organisation the provider names, and all time is the kept months plus the current month once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.months import Month
from domain.costs.entities import AllTimeCosts, CostFigures, MonthlyCosts, ServedCosts
from domain.costs.ports import CostsUnitOfWork
from domain.costs.provider import CostReport, CostsProvider

OPENAI = "openai"
# Amounts are kept to a millionth of the currency unit: OpenAI bills per token, fractions of a cent a line.
PLACES = Decimal("0.000001")
NO_LINE_ITEM = "(no line item)"

# Line items, lower-cased, by their start. Image models first: `gpt-image-1` is an image model, not a chat one.
_IMAGE = re.compile(r"dall-e|gpt-image|chatgpt-image|image")
_CHAT = re.compile(r"gpt-|chatgpt-|o\d")


def is_image(line_item: str) -> bool:
    return _IMAGE.match(line_item.lower()) is not None


def is_chat(line_item: str) -> bool:
    return not is_image(line_item) and _CHAT.match(line_item.lower()) is not None


def rounded(amount: Decimal) -> Decimal:
    return amount.quantize(PLACES, rounding=ROUND_HALF_EVEN)


def aggregate(report: CostReport) -> CostFigures:
    """Sum every line item over every bucket; image = the image models' lines (`dall-e…`, `gpt-image…`, `Image
    models`), chat = the chat models' (`gpt-…`, `chatgpt-…`, `o1…`/`o3…`), total = every line. A line without an
    amount counts nothing."""
    sums: dict[str, Decimal] = {}
    currency: str | None = None
    organization = report.organization_id
    for bucket in report.buckets:
        for line in bucket.lines:
            if line.amount is None:
                continue
            name = line.line_item or NO_LINE_ITEM
            sums[name] = sums.get(name, Decimal(0)) + line.amount
            currency = currency or line.currency
    breakdown = {name: rounded(amount) for name, amount in sorted(sums.items(), key=lambda item: -item[1])}
    return CostFigures(
        total=rounded(sum(sums.values(), Decimal(0))),
        image=rounded(sum((a for name, a in sums.items() if is_image(name)), Decimal(0))),
        chat=rounded(sum((a for name, a in sums.items() if is_chat(name)), Decimal(0))),
        currency=(currency or "usd").lower(),
        breakdown=breakdown,
        bucket_count=len(report.buckets),
        organization_id=organization,
    )


def combined(figures: Iterable[CostFigures]) -> CostFigures:
    """Several periods' figures as one (all time)."""
    total = image = chat = Decimal(0)
    breakdown: dict[str, Decimal] = {}
    buckets = 0
    currency, organization = "usd", None
    for part in figures:
        total, image, chat = total + part.total, image + part.image, chat + part.chat
        for name, amount in part.breakdown.items():
            breakdown[name] = breakdown.get(name, Decimal(0)) + amount
        buckets += part.bucket_count
        currency, organization = part.currency, part.organization_id or organization
    return CostFigures(
        total=total,
        image=image,
        chat=chat,
        currency=currency,
        breakdown=dict(sorted(breakdown.items(), key=lambda item: -item[1])),
        bucket_count=buckets,
        organization_id=organization,
    )


@dataclass
class CostService:
    """Runs its own short units of work (like chat's Compressor): nothing is held open while OpenAI answers."""

    uow_factory: Callable[[], CostsUnitOfWork]
    provider: CostsProvider
    cache_ttl: timedelta
    clock: Callable[[], datetime] = utcnow
    provider_name: str = OPENAI

    async def current_month(self) -> ServedCosts:
        """This month so far: what was kept, while it is younger than the cache TTL; otherwise asked anew."""
        now = self.clock()
        month = Month.of(now)
        kept = await self._kept(month)
        if kept is not None and (kept.is_finalized or now - kept.last_updated_at < self.cache_ttl):
            return ServedCosts(kept, cached=True)
        return ServedCosts(await self._fetch(month, finalized=False), cached=False)

    async def month(self, year: int, month: int) -> ServedCosts:
        """A past month: asked once, then kept for good. The current month and later ones are refused."""
        wanted = Month.checked(year, month)
        if wanted >= Month.of(self.clock()):
            raise DomainError.single(
                ErrorCode.INVALID, "Only a past month can be asked for; use currentMonth for this month.", "month"
            )
        kept = await self._kept(wanted)
        if kept is not None and kept.is_finalized:
            return ServedCosts(kept, cached=True)
        return ServedCosts(await self._fetch(wanted, finalized=True), cached=False)

    async def all_time(self) -> AllTimeCosts:
        """Every month kept here (past months as fetched), with the current month (fresh, as currentMonth) once."""
        current = (await self.current_month()).costs
        async with self.uow_factory() as uow:
            kept = await uow.monthly_costs.all(self.provider_name)
        months = [row for row in kept if row.month != current.month] + [current]
        return AllTimeCosts(
            figures=combined(row.figures for row in months),
            months=len(months),
            first_month=min(row.month for row in months),
            last_month=max(row.month for row in months),
        )

    async def _kept(self, month: Month) -> MonthlyCosts | None:
        async with self.uow_factory() as uow:
            return await uow.monthly_costs.get(self.provider_name, month)

    async def _fetch(self, month: Month, *, finalized: bool) -> MonthlyCosts:
        report = await self.provider.costs(month.start, month.end)
        costs = MonthlyCosts(
            provider=self.provider_name,
            month=month,
            figures=aggregate(report),
            is_finalized=finalized,
            last_updated_at=self.clock(),
        )
        async with self.uow_factory() as uow:
            await uow.monthly_costs.save(costs)
            await uow.commit()
        return costs
