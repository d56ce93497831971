from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from api.context import Info
from api.errors import Forbidden
from api.schema.common import argument_error, provider_fault
from api.schema.costs import AllTimeCosts, CostTotals, MonthlyCosts
from api.schema.part import SchemaPart
from domain.common.errors import DomainError
from domain.common.provider_errors import ProviderError
from domain.costs.service import CostService

T = TypeVar("T")

ADMINS_ONLY = "Only an admin sees the organisation's OpenAI costs; your own image spend is `viewer.imageSpend`."


async def _costs(info: Info, action: Callable[[CostService], Awaitable[T]]) -> T:
    """OpenAI's failures become top-level errors with the provider error's code (NOT_CONFIGURED, INVALID_API_KEY,
    RATE_LIMITED, TIMEOUT, PROVIDER_UNAVAILABLE, …); refused arguments BAD_USER_INPUT."""
    try:
        return await info.context.read(CostService, action)
    except ProviderError as error:
        raise provider_fault(error) from error
    except DomainError as error:
        raise argument_error(error) from error


@strawberry.type(
    name="OpenAICosts",
    description="What the organisation behind OPENAI_ADMIN_API_KEY spent at OpenAI, from its costs API: the "
    "server's figures, not one user's.",
)
class OpenAICosts:
    @strawberry.field(
        description="This month so far. Kept for OPENAI_COST_CACHE_TTL_SECONDS (an hour by default) after OpenAI was "
        "asked; `cached` says whether this answer came from what was kept."
    )
    async def current_month(self, info: Info) -> MonthlyCosts:
        return MonthlyCosts.from_served(await _costs(info, lambda s: s.current_month()))

    @strawberry.field(
        description="A past month: asked for once, then kept for good (`finalized`). The current month and later "
        "ones, and a month outside 1..12, are refused (BAD_USER_INPUT)."
    )
    async def month(self, info: Info, year: int, month: int) -> MonthlyCosts:
        return MonthlyCosts.from_served(await _costs(info, lambda s: s.month(year, month)))

    @strawberry.field(description="Every month this server has kept, with the current month (as `currentMonth`).")
    async def all_time(self, info: Info) -> AllTimeCosts:
        return AllTimeCosts.from_entity(await _costs(info, lambda s: s.all_time()))


@strawberry.type
class CostQuery:
    @strawberry.field(
        description="The organisation's OpenAI costs. Admins only (FORBIDDEN otherwise): they are the whole "
        "server's spending, every user's and every other use of the key together."
    )
    async def openai_costs(self, info: Info) -> OpenAICosts:
        viewer = await info.context.require_viewer()
        if not viewer.is_admin:
            raise Forbidden(ADMINS_ONLY)
        return OpenAICosts()


schema = SchemaPart(query=CostQuery, types=(CostTotals,))
