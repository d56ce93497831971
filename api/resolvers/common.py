"""What every mutation does the same way: one unit of work, committed once; business errors as userErrors."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from api.context import Info
from api.schema.common import Connection, UserError, connection, user_errors
from domain.accounts.entities import User
from domain.common.errors import DomainError
from domain.common.pagination import Page, PageRequest, SortDirection
from infra.container import Services

T = TypeVar("T")
P = TypeVar("P", bound="Payload")


class Payload(Protocol):
    """Every mutation payload: result fields that default to null, and `userErrors`."""

    def __init__(self, *, user_errors: list[UserError]) -> None: ...


async def mutate(
    info: Info,
    payload: type[P],
    action: Callable[[Services, User], Awaitable[T]],
    build: Callable[[T], P],
) -> P:
    """Run `action` for the signed-in user in one unit of work, committed once if it succeeds; its
    result becomes the payload through `build`, a business error becomes `payload(userErrors=…)`."""
    viewer = await info.context.require_viewer()
    return await mutate_as(info, viewer, payload, lambda services, _: action(services, viewer), build)


async def mutate_as(
    info: Info,
    actor: User | None,
    payload: type[P],
    action: Callable[[Services, User | None], Awaitable[T]],
    build: Callable[[T], P],
) -> P:
    """Like `mutate`, for mutations that anonymous callers may send too (register, login)."""
    # Give back the request's read connection first: holding it while waiting for a write connection would
    # let a burst of mutations take the whole pool and wait on one another.
    await info.context.close()
    async with info.context.unit_of_work() as uow:
        try:
            result = await action(info.context.services(uow), actor)
        except DomainError as error:
            return payload(user_errors=user_errors(error))
        await uow.commit()
    return build(result)


S = TypeVar("S")
E = TypeVar("E")
N = TypeVar("N")


async def answer(
    info: Info,
    payload: type[P],
    service: type[S],
    action: Callable[[S, User], Awaitable[T]],
    build: Callable[[T], P],
) -> P:
    """A query whose input has rules (a preview's settings): one read through `service` for the signed-in user;
    its result becomes the payload through `build`, a business error becomes `payload(userErrors=…)`."""
    viewer = await info.context.require_viewer()
    try:
        result = await info.context.read(service, lambda s: action(s, viewer))
    except DomainError as error:
        return payload(user_errors=user_errors(error))
    return build(result)


async def service_connection(
    info: Info,
    service: type[S],
    page: Callable[[S], Awaitable[Page[E]]],
    count: Callable[[S], Awaitable[int]],
    to_node: Callable[[E], N],
) -> Connection[N]:
    """A list read through an area's service: the page now, `totalCount` only when asked for."""
    found = await info.context.read(service, page)

    async def total() -> int:
        return await info.context.read(service, count)

    return connection(found, to_node, total)


class Listing(Protocol):
    """A service with the viewer's filtered, ordered list (sketches, songs, images, conversations)."""

    async def page(
        self, user_id: uuid.UUID, filter: Any, order_by: Any, direction: SortDirection, page: PageRequest
    ) -> Page[Any]: ...

    async def count(self, user_id: uuid.UUID, filter: Any) -> int: ...


class Ordering(Protocol):
    """A list's `orderBy` input."""

    @property
    def field(self) -> Any: ...

    @property
    def direction(self) -> SortDirection: ...


L = TypeVar("L", bound=Listing)


async def viewer_list(
    info: Info, service: type[L], wanted: Any, order: Ordering, request: PageRequest, to_node: Callable[[Any], N]
) -> Connection[N]:
    """The viewer's list through its area's service: `wanted` the domain filter, `order` the orderBy input."""
    viewer_id = await info.context.viewer_id()
    return await service_connection(
        info,
        service,
        lambda s: s.page(viewer_id, wanted, order.field, order.direction, request),
        lambda s: s.count(viewer_id, wanted),
        to_node,
    )
