"""Keyset pagination as the domain sees it: a request for a window, and the window found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


class PageRequestError(ValueError):
    """The client asked for a window that cannot exist (a client fault, not a business error)."""


@dataclass(frozen=True)
class PageRequest:
    """`after`/`before` are the keyset positions of a cursor: (sort value, id) as plain strings."""

    first: int | None = None
    after: tuple[str, ...] | None = None
    last: int | None = None
    before: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("first", "last"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
                raise PageRequestError(f"`{name}` must be between 0 and {MAX_PAGE_SIZE}.")
        if self.first is not None and self.last is not None:
            raise PageRequestError("Pass either `first` or `last`, not both.")

    @property
    def backwards(self) -> bool:
        return self.last is not None or (self.before is not None and self.first is None)

    @property
    def limit(self) -> int:
        if self.backwards:
            return self.last if self.last is not None else DEFAULT_PAGE_SIZE
        return self.first if self.first is not None else DEFAULT_PAGE_SIZE


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[tuple[str, ...]]
    has_next_page: bool
    has_previous_page: bool


def page_in_memory(
    items: list[T],
    key_of: Callable[[T], str | tuple[str, ...]],
    page: PageRequest,
    direction: SortDirection = SortDirection.ASC,
) -> Page[T]:
    """Keyset paging over a short list held in memory, for lists not held in SQL. `items` are already in order
    of `key_of` (ascending, or descending for DESC), and keys are unique: a sort value with a unique tie-breaker
    last (`(updated, key)`), or one unique string. Each cursor is the item's whole key, sort value included."""
    keys = [_key(key_of(item)) for item in items]
    width = len(keys[0]) if keys else None
    for bound in (page.after, page.before):
        if bound is not None and width is not None and len(bound) != width:
            raise PageRequestError("The cursor is not valid.")  # from another ordering, or forged
    ascending = direction is SortDirection.ASC

    def precedes(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return a < b if ascending else a > b

    start, end = 0, len(items)
    # Positions, not lookups: a cursor whose item has gone since still marks its place in the order.
    if page.after is not None:
        after = page.after
        start = next((i for i, key in enumerate(keys) if precedes(after, key)), len(keys))
    if page.before is not None:
        before = page.before
        end = next((i for i, key in enumerate(keys) if not precedes(key, before)), len(keys))
    window = list(range(start, max(start, end)))
    if page.backwards:
        chosen = window[-page.limit :] if page.limit else []
        has_previous, has_next = len(window) > len(chosen), page.before is not None
    else:
        chosen = window[: page.limit]
        has_next, has_previous = len(window) > len(chosen), page.after is not None
    return Page(
        items=[items[i] for i in chosen],
        cursors=[keys[i] for i in chosen],
        has_next_page=has_next,
        has_previous_page=has_previous,
    )


def _key(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value
