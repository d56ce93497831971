from __future__ import annotations

from datetime import timedelta

from domain.costs.ports import MonthlyCostRepository
from domain.costs.service import CostService
from infra.areas.base import Area
from infra.db import costs as db
from infra.db.uow import Implements

AREA = Area(
    name="costs",
    repositories={"monthly_costs": Implements[MonthlyCostRepository](db.SqlMonthlyCostRepository)},
    services={
        # Not bound to the caller's unit of work: it keeps what OpenAI answered in its own short ones.
        CostService: lambda s: CostService(
            s.container.uow,
            s.container.costs_provider,
            cache_ttl=timedelta(seconds=s.container.settings.openai.cost_cache_ttl_seconds),
        ),
    },
)
