"""The conventions every area uses: Node, connections, userErrors, ordering."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from domain.common.errors import DomainError, ErrorCode
from domain.common.pagination import Page, PageRequest, PageRequestError
from domain.common.pagination import SortDirection as DomainSortDirection

N = TypeVar("N")
E = TypeVar("E")

UserErrorCode = strawberry.enum(
    ErrorCode, name="UserErrorCode", description="Why a mutation did not do what was asked."
)
SortDirection = strawberry.enum(DomainSortDirection, name="SortDirection")


@strawberry.interface(description="An object with an opaque, global id; `node(id:)` fetches it again.")
class Node:
    id: strawberry.ID


@strawberry.type(description="A business error: the mutation changed nothing.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault, if one is.")
    message: str
    code: UserErrorCode  # type: ignore[valid-type]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.type(description="A page of a list. At most 100 items per page.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    nodes: list[N]
    page_info: PageInfo
    _total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match, over all pages.")
    async def total_count(self) -> int:
        return await self._total()


def encode_cursor(position: tuple[str, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[str, ...] | None:
    if cursor is None:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise PageRequestError("The cursor is not valid.") from exc
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PageRequestError("The cursor is not valid.")
    return tuple(value)


def page_request(first: int | None, after: str | None, last: int | None, before: str | None) -> PageRequest:
    return PageRequest(first=first, after=decode_cursor(after), last=last, before=decode_cursor(before))


def connection(page: Page[E], to_node: Callable[[E], N], total: Callable[[], Awaitable[int]]) -> Connection[N]:
    nodes = [to_node(item) for item in page.items]
    cursors = [encode_cursor(c) for c in page.cursors]
    return Connection(
        edges=[Edge(node=n, cursor=c) for n, c in zip(nodes, cursors, strict=True)],
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        _total=total,
    )


async def sql_connection(
    uow_factory: Callable[[], Any],
    page: Callable[[Any], Awaitable[Page[E]]],
    count: Callable[[Any], Awaitable[int]],
    to_node: Callable[[E], N],
) -> Connection[N]:
    """A connection read through a repository: the page now, `totalCount` only when asked for."""
    async with uow_factory() as uow:
        found = await page(uow)

    async def total() -> int:
        async with uow_factory() as uow:
            return await count(uow)

    return connection(found, to_node, total)


def user_errors(error: DomainError) -> list[UserError]:
    return [UserError(field=list(e.field) if e.field else None, message=e.message, code=e.code) for e in error.errors]


def provided(input: object) -> dict[str, Any]:
    """The input fields the client sent: an explicit null included, absent ones left out."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(input):  # type: ignore[arg-type]
        value = getattr(input, f.name)
        if value is strawberry.UNSET:
            continue
        values[f.name] = value
    return values
