"""What every resolver does the same way: one unit of work per mutation, business errors as userErrors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from api.context import Info
from api.schema.common import UserError, user_errors
from domain.accounts.entities import User
from domain.common.errors import DomainError
from infra.db.uow import SqlUnitOfWork

T = TypeVar("T")


async def mutate(info: Info, action: Callable[[SqlUnitOfWork, User], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Run `action` for the signed-in user in one unit of work, committed once if it succeeds."""
    viewer = await info.context.require_viewer()
    return await mutate_as(info, viewer, action)


async def mutate_as(
    info: Info, viewer: User | None, action: Callable[[SqlUnitOfWork, User | None], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    async with info.context.uow() as uow:
        try:
            result = await action(uow, viewer)  # type: ignore[arg-type]
        except DomainError as error:
            return None, user_errors(error)
        await uow.commit()
        return result, []
