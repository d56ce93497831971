"""Per-request DataLoaders, made on first use: each nested field costs one batched query per request,
not one per item, and a request that needs no loader builds none.

A loader is named by its batch function (`await info.context.loaders(sketches_by_id).load(id)`), so an area
adds loaders by writing batch functions next to its types — nothing to register."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from strawberry.dataloader import DataLoader

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
