"""Per-request DataLoaders: each nested field costs one batched query per request, not one per item."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.dataloader import DataLoader

from domain.accounts.entities import User
from domain.chat.entities import Conversation, Generation, Message
from domain.jobs.entities import Job
from domain.sketches.entities import Sketch
from infra.db.uow import SqlUnitOfWork

if TYPE_CHECKING:
    from api.context import Context

E = TypeVar("E")


def _by_id(items: Sequence[Any], keys: Sequence[uuid.UUID]) -> list[Any]:
    found = {item.id: item for item in items}
    return [found.get(key) for key in keys]


class Loaders:
    """Owned loaders return None for ids the viewer does not own: another user's rows never leak."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.user = DataLoader(self._users)
        self.sketch: DataLoader[uuid.UUID, Sketch | None] = self._owned(lambda uow: uow.sketches.get_many)
        self.job: DataLoader[uuid.UUID, Job | None] = self._owned(lambda uow: uow.jobs.get_many)
        self.conversation: DataLoader[uuid.UUID, Conversation | None] = self._owned(
            lambda uow: uow.conversations.get_many
        )
        self.message: DataLoader[uuid.UUID, Message | None] = self._owned(lambda uow: uow.messages.get_many)
        self.message_count = DataLoader(self._message_counts)
        self.generation: DataLoader[uuid.UUID, Generation | None] = self._owned(lambda uow: uow.generations.get_many)

    async def _users(self, keys: Sequence[uuid.UUID]) -> list[User | None]:
        async with self._context.uow() as uow:
            return _by_id(await uow.users.get_many(list(keys)), keys)

    async def _message_counts(self, keys: Sequence[uuid.UUID]) -> list[int]:
        # Keys come from conversations already resolved for the viewer, so they are theirs.
        async with self._context.uow() as uow:
            counts = await uow.messages.counts(list(keys))
        return [counts.get(key, 0) for key in keys]

    def _owned(
        self, fetch: Callable[[SqlUnitOfWork], Callable[[uuid.UUID, list[uuid.UUID]], Awaitable[list[E]]]]
    ) -> DataLoader[uuid.UUID, E | None]:
        async def load(keys: Sequence[uuid.UUID]) -> list[E | None]:
            viewer = await self._context.viewer()
            if viewer is None:
                return [None] * len(keys)
            async with self._context.uow() as uow:
                return _by_id(await fetch(uow)(viewer.id, list(keys)), keys)

        return DataLoader(load)
