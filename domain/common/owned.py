"""The first step of most use cases on one object: find the caller's object, or say it was not found."""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from domain.common.errors import not_found

E_co = TypeVar("E_co", covariant=True)


class OwnedRows(Protocol[E_co]):
    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> E_co | None: ...


async def owned_or_not_found(rows: OwnedRows[E_co], user_id: uuid.UUID, id: uuid.UUID, what: str, *field: str) -> E_co:
    """The user's object with this id; another user's is NOT_FOUND too (nothing tells them it exists)."""
    found = await rows.get(user_id, id)
    if found is None:
        raise not_found(what, *field)
    return found
