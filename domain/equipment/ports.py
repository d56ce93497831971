from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.uow import UnitOfWork
from domain.equipment.entities import Equipment, EquipmentFilter, EquipmentOrderField, SealedSecrets


class EquipmentRepository(Protocol):
    async def add(self, equipment: Equipment) -> None: ...

    async def add_all(self, equipment: Sequence[Equipment]) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Equipment | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Equipment]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Equipment | None:
        """The owner's item, fresh and locked until the transaction ends (an update checks its rules on the
        whole item, as stored plus as changed)."""
        ...

    async def delete(self, equipment: Equipment) -> None: ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: EquipmentFilter,
        order_by: EquipmentOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Equipment]: ...

    async def count(self, user_id: uuid.UUID, filter: EquipmentFilter) -> int: ...

    async def list_after(self, user_id: uuid.UUID, after: Equipment | None, limit: int) -> list[Equipment]:
        """Up to `limit` of the user's items in creation order (created_at, then id), after `after`: the export
        reads all of them a page at a time."""
        ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of `ids` (an item's id in an archive), those the user already has, as an item id or an import origin."""
        ...

    async def sealed_after(self, after: uuid.UUID | None, limit: int) -> list[SealedSecrets]:
        """Any owner's items holding a secret, in id order after `after`: key rotation reads them."""
        ...

    async def replace_sealed(self, was: SealedSecrets, now: SealedSecrets) -> bool:
        """Writes `now`'s tokens to the item if it still holds `was`'s (compare-and-set); False if it changed."""
        ...


class EquipmentUnitOfWork(UnitOfWork, Protocol):
    equipment: EquipmentRepository
