"""Per-request DataLoaders, made on first use: each nested field costs one batched query per request,
not one per item, and a request that needs no loader builds none.

A loader is named by its batch function (`await info.context.loaders(sketches_by_id).load(id)`), so an area
adds loaders by writing batch functions next to its types — nothing to register."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from strawberry.dataloader import DataLoader

from domain.common.pagination import Page, PageRequest, SortDirection

if TYPE_CHECKING:
    from api.context import Context

K = TypeVar("K")
V = TypeVar("V")
E = TypeVar("E")
E_co = TypeVar("E_co", covariant=True)

Batch = Callable[["Context", list[K]], Awaitable[Sequence[V]]]


class Loaders:
    def __init__(self, context: Context) -> None:
        self._context = context
        self._made: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    def __call__(self, batch: Batch[K, V]) -> DataLoader[K, V]:
        loader = self._made.get(batch)
        if loader is None:
            context = self._context

            async def load(keys: list[K]) -> Sequence[V]:
                return await batch(context, keys)

            loader = self._made[batch] = DataLoader(load)
        return loader


class OwnedReader(Protocol[E_co]):
    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> Sequence[E_co]: ...


def in_key_order(items: Sequence[Any], keys: Sequence[uuid.UUID]) -> list[Any]:
    found = {item.id: item for item in items}
    return [found.get(key) for key in keys]


def owned_by_id(repository: Callable[[Any], OwnedReader[E]]) -> Batch[uuid.UUID, E | None]:
    """A batch function reading rows by id through an owned repository: another user's ids load as None."""

    async def batch(context: Context, keys: list[uuid.UUID]) -> list[E | None]:
        viewer = await context.viewer()
        if viewer is None:
            return [None] * len(keys)
        found = await context.run_read(lambda uow: repository(uow).get_many(viewer.id, keys))
        return in_key_order(found, keys)

    return batch


# --- nested lists: one page (or count) of a list under each of many parents, read together --------------------


@dataclass(frozen=True)
class Window:
    """Which page of a nested list, in which order: parents asking for the same window are read together."""

    filter: Any
    order_by: Any
    direction: SortDirection
    page: PageRequest


@dataclass(frozen=True)
class NestedKey:
    """One parent's page of its nested list (a conversation's messages, a folder's files)."""

    parent_id: uuid.UUID
    window: Window


class PagesReader(Protocol):
    async def pages(
        self,
        user_id: uuid.UUID,
        parent_ids: Sequence[uuid.UUID],
        filter: Any,
        order_by: Any,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[Any]]: ...


CountsReader = Callable[[uuid.UUID, Sequence[uuid.UUID], Any], Awaitable[dict[uuid.UUID, int]]]


def nested_pages(repository: Callable[[Any], PagesReader]) -> Batch[NestedKey, Page[Any]]:
    """A batch function of one page of a nested list per parent: one statement per distinct window."""

    async def batch(context: Context, keys: list[NestedKey]) -> list[Page[Any]]:
        viewer_id = await context.viewer_id()
        groups: dict[Window, list[uuid.UUID]] = defaultdict(list)
        for key in keys:
            groups[key.window].append(key.parent_id)

        async def read(uow: Any) -> dict[NestedKey, Page[Any]]:
            found: dict[NestedKey, Page[Any]] = {}
            for w, ids in groups.items():
                pages = await repository(uow).pages(viewer_id, ids, w.filter, w.order_by, w.direction, w.page)
                for parent_id, page in pages.items():
                    found[NestedKey(parent_id, w)] = page
            return found

        found = await context.run_read(read)
        return [found[key] for key in keys]

    return batch


def nested_counts(counts: Callable[[Any], CountsReader]) -> Batch[tuple[uuid.UUID, Any], int]:
    """A batch function of how many items of a nested list match a filter, per (parent, filter): one statement
    per distinct filter."""

    async def batch(context: Context, keys: list[tuple[uuid.UUID, Any]]) -> list[int]:
        viewer_id = await context.viewer_id()
        groups: dict[Any, list[uuid.UUID]] = defaultdict(list)
        for parent_id, wanted in keys:
            groups[wanted].append(parent_id)

        async def read(uow: Any) -> dict[tuple[uuid.UUID, Any], int]:
            found: dict[tuple[uuid.UUID, Any], int] = {}
            for wanted, ids in groups.items():
                for parent_id, n in (await counts(uow)(viewer_id, ids, wanted)).items():
                    found[(parent_id, wanted)] = n
            return found

        found = await context.run_read(read)
        return [found.get(key, 0) for key in keys]

    return batch
