"""The conventions every area uses: Node, connections, userErrors, ordering, typed commands from inputs."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, Generic, NewType, Self, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

from api.context import Info
from api.errors import ClientError
from domain.common.errors import DomainError, ErrorCode, FieldError
from domain.common.pagination import Page, PageRequest, PageRequestError, SortDirection
from domain.common.provider_errors import ProviderError

N = TypeVar("N")
E = TypeVar("E")
C = TypeVar("C")

strawberry.enum(ErrorCode, name="UserErrorCode", description="Why a mutation did not do what was asked.")

_DIGITS = re.compile(r"-?[0-9]{1,19}")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def parse_bigint(value: object) -> int:
    """A BigInt from a client: a whole number, or a string of decimal digits (what the server sends). A GraphQLError
    of its own, so that a bad value is the client's fault (BAD_USER_INPUT), as for the built-in scalars."""
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise GraphQLError("BigInt takes a whole number, or its decimal digits as a string.")
    if not INT64_MIN <= number <= INT64_MAX:
        raise GraphQLError("BigInt must fit in 64 bits.")
    return number


# A 64-bit whole number. Resolvers hand over plain ints (`BigInt(n)`); the schema knows it through SCALARS.
BigInt = NewType("BigInt", int)

SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A 64-bit whole number (sizes in bytes: files of many gigabytes are normal). Sent by the server "
        'as a string of decimal digits ("3221225472"), as JSON numbers lose precision beyond 2^53 in JavaScript; '
        "accepted as such a string or as a JSON number.",
        serialize=lambda value: str(int(value)),
        parse_value=parse_bigint,
    )
}
strawberry.enum(SortDirection, name="SortDirection")


@strawberry.interface(description="An object with an opaque, global id; `node(id:)` fetches it again.")
class Node:
    id: strawberry.ID

    # The GraphQL type name inside this type's global ids (see api/ids.py).
    type_name: ClassVar[str]

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        """The object with this key (the part of the global id after the type name), if the viewer owns it."""
        raise NotImplementedError


@strawberry.type(description="A business error: the mutation changed nothing.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault, if one is.")
    message: str
    code: ErrorCode


@strawberry.type(description="One id of a bulk delete: deleted, or the reason it was not.")
class BulkDeleteResult:
    id: strawberry.ID
    deleted: bool
    error: UserError | None


def bulk_results(ids: Sequence[strawberry.ID], outcomes: Sequence[FieldError | None]) -> list[BulkDeleteResult]:
    """A result per id from the domain's outcomes (domain/common/bulk.py), each error on the input path it names."""
    return [
        BulkDeleteResult(id=i, deleted=o is None, error=None if o is None else user_errors(DomainError(o))[0])
        for i, o in zip(ids, outcomes, strict=True)
    ]


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


@strawberry.type(description="A page of a list: at most 100 items, 20 when neither `first` nor `last` is given.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    nodes: list[N]
    page_info: PageInfo
    _total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match, over all pages (counted only when asked for).")
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


def in_memory_connection(items: list[E], to_node: Callable[[E], N], page: Page[E]) -> Connection[N]:
    """A connection over a short list already in memory (its page cut by `page_in_memory`)."""

    async def total() -> int:
        return len(items)

    return connection(page, to_node, total)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def user_errors(error: DomainError) -> list[UserError]:
    """Domain errors name the use case's snake_case parameters; clients see the input field they sent."""
    return [
        UserError(
            field=None if e.field is None else ["input", *(camel(part) for part in e.field)],
            message=e.message,
            code=e.code,
        )
        for e in error.errors
    ]


def argument_error(error: DomainError) -> ClientError:
    """A query's arguments refused by the domain's rules: a top-level BAD_USER_INPUT error naming each argument
    (queries have no userErrors)."""
    said = [f"{'.'.join(camel(part) for part in e.field)}: {e.message}" if e.field else e.message for e in error.errors]
    return ClientError(" ".join(said))


def provider_fault(error: ProviderError) -> ClientError:
    """A provider's failure while a query waited on it: a top-level error whose code is the provider error's."""
    return ClientError(error.message, error.code.value)


def command(cls: type[C], input: object, *, exclude: tuple[str, ...] = (), **values: Any) -> C:
    """The typed command `cls` (a dataclass) from a GraphQL input with the same field names.

    A field the client left out takes the command's default (UNSET in patches: "leave as it is").
    `exclude` names input fields the caller handles itself (an `id` it decodes); `values` are command fields
    that do not come from the input. An input field the command does not know is a programming error,
    caught here rather than silently dropped."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]  # cls is a dataclass
    given: dict[str, Any] = {}
    for f in dataclasses.fields(input):  # type: ignore[arg-type]  # strawberry inputs are dataclasses
        if f.name in exclude or f.name in values:
            continue
        if f.name not in names:
            raise TypeError(f"{type(input).__name__}.{f.name} has no field in {cls.__name__}")
        value = getattr(input, f.name)
        if value is not strawberry.UNSET:
            given[f.name] = value
    return cls(**given, **values)
