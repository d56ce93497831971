"""The cost report port: what an organisation spent at a provider, day by day and line by line.

The adapter (`infra/providers/openai_costs.py`, OpenAI's `GET /v1/organization/costs`) follows every page and turns
every answer into these values or a `ProviderError` (NOT_CONFIGURED without an admin key, INVALID_API_KEY,
RATE_LIMITED, TIMEOUT, PROVIDER_UNAVAILABLE, …); adding it up and keeping it is the domain's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class CostLine:
    line_item: str | None  # e.g. "dall-e-3, hd, 1024x1024", "gpt-4o-2024-08-06, input"; None when not grouped
    amount: Decimal | None  # None: the provider sent the line without an amount
    currency: str | None = None
    project_id: str | None = None


@dataclass(frozen=True)
class CostBucket:
    start: datetime
    end: datetime
    lines: tuple[CostLine, ...] = ()


@dataclass(frozen=True)
class CostReport:
    buckets: tuple[CostBucket, ...]
    organization_id: str | None = None


class CostsProvider(Protocol):
    async def costs(self, start: datetime, end: datetime) -> CostReport:
        """Every daily bucket in [start, end), grouped by line item, every page read. Raises ProviderError."""
        ...

    async def aclose(self) -> None: ...
