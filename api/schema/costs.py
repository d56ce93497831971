from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Self

import strawberry

from domain.costs.entities import AllTimeCosts as AllTimeEntity
from domain.costs.entities import CostFigures, ServedCosts


@strawberry.type(description="One line item's sum over the period, as OpenAI names it.")
class CostLineItem:
    line_item: str = strawberry.field(description='E.g. "dall-e-3, hd, 1024x1024" or "gpt-4o-2024-08-06, input".')
    amount: Decimal


@strawberry.interface(
    description="A period's OpenAI costs, exact decimals in `currency` (to a millionth): image and chat are parts "
    "of the total, other is the rest (web search, embeddings, audio, …)."
)
class CostTotals:
    total: Decimal = strawberry.field(description="Every line item.")
    image: Decimal = strawberry.field(description="Image models: line items starting `dall-e`, `gpt-image` or `Image`.")
    chat: Decimal = strawberry.field(
        description="Chat models: line items starting `gpt-`, `chatgpt-` or `o` and a digit (o1, o3, …)."
    )
    other: Decimal = strawberry.field(description="total − image − chat.")
    currency: str = strawberry.field(description="As OpenAI reports it, lower case: `usd`.")
    line_items: list[CostLineItem] = strawberry.field(
        description="The total by line item, largest first (a few dozen at most: a list, not a connection)."
    )
    bucket_count: int = strawberry.field(description="Daily buckets OpenAI reported.")


def _totals(figures: CostFigures) -> dict[str, Any]:
    """The interface's fields."""
    return {
        "total": figures.total,
        "image": figures.image,
        "chat": figures.chat,
        "other": figures.other,
        "currency": figures.currency,
        "line_items": [CostLineItem(line_item=name, amount=amount) for name, amount in figures.breakdown.items()],
        "bucket_count": figures.bucket_count,
    }


@strawberry.type(description="One month of the organisation's OpenAI costs.")
class MonthlyCosts(CostTotals):
    year: int
    month: int
    organization_id: str | None = strawberry.field(description="The organisation OpenAI reported, when it did.")
    finalized: bool = strawberry.field(
        description="A past month fetched after it ended: kept for good, never asked for again."
    )
    cached: bool = strawberry.field(
        description="Served from what this server kept, without asking OpenAI now (the current month for "
        "OPENAI_COST_CACHE_TTL_SECONDS after it was fetched; a past month once it is finalized)."
    )
    last_updated_at: datetime = strawberry.field(description="When OpenAI was last asked for this month.")

    @classmethod
    def from_served(cls, served: ServedCosts) -> Self:
        costs = served.costs
        return cls(
            **_totals(costs.figures),
            year=costs.month.year,
            month=costs.month.month,
            organization_id=costs.figures.organization_id,
            finalized=costs.is_finalized,
            cached=served.cached,
            last_updated_at=costs.last_updated_at,
        )


@strawberry.type(
    description="Every month this server has kept (each past month asked for, and the current month once), added "
    "up: one row per month, so no month counts twice."
)
class AllTimeCosts(CostTotals):
    months: int = strawberry.field(description="Months counted.")
    first_month: str = strawberry.field(description="The earliest month counted, `YYYY-MM`.")
    last_month: str = strawberry.field(description="The latest month counted (the current one), `YYYY-MM`.")

    @classmethod
    def from_entity(cls, costs: AllTimeEntity) -> Self:
        return cls(
            **_totals(costs.figures),
            months=costs.months,
            first_month=str(costs.first_month),
            last_month=str(costs.last_month),
        )
