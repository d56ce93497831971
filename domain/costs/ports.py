from __future__ import annotations

from typing import Protocol

from domain.common.months import Month
from domain.common.uow import UnitOfWork
from domain.costs.entities import MonthlyCosts


class MonthlyCostRepository(Protocol):
    """Server-wide figures, not a user's: no owner."""

    async def get(self, provider: str, month: Month) -> MonthlyCosts | None: ...

    async def save(self, costs: MonthlyCosts) -> None:
        """Insert or replace the month's one row in one statement; a finalised row is never replaced."""
        ...

    async def all(self, provider: str) -> list[MonthlyCosts]:
        """Every kept month of the provider, oldest first."""
        ...


class CostsUnitOfWork(UnitOfWork, Protocol):
    monthly_costs: MonthlyCostRepository
