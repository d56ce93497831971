from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from domain.common.months import Month


@dataclass(frozen=True)
class CostFigures:
    """A period's costs added up (original-system.md §3.2, exact in Decimal): image and chat are parts of the
    total; what is neither (web search, embeddings, audio, …) is the rest."""

    total: Decimal = Decimal(0)
    image: Decimal = Decimal(0)
    chat: Decimal = Decimal(0)
    currency: str = "usd"
    # Line item → its sum over the period.
    breakdown: dict[str, Decimal] = field(default_factory=dict)
    bucket_count: int = 0
    organization_id: str | None = None

    @property
    def other(self) -> Decimal:
        return self.total - self.image - self.chat


@dataclass(frozen=True)
class MonthlyCosts:
    """One provider's costs of one month as this server keeps them: one row per (provider, month), whatever
    organisation reported it, so nothing is ever counted twice."""

    provider: str
    month: Month
    figures: CostFigures
    # A past month fetched after it ended: kept as it is and never asked for again.
    is_finalized: bool
    last_updated_at: datetime


@dataclass(frozen=True)
class ServedCosts:
    costs: MonthlyCosts
    cached: bool  # read from what this server kept, without asking the provider


@dataclass(frozen=True)
class AllTimeCosts:
    """Every month this server has kept, with the current month counted once."""

    figures: CostFigures
    months: int
    first_month: Month
    last_month: Month
