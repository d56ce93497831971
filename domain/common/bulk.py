"""Deleting many of a user's rows at once, each id with its own outcome (songBulkDelete, imageBulkDelete)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from domain.common.errors import DomainError, ErrorCode, FieldError

BULK_MAX = 100


class Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


E = TypeVar("E", bound=Identified)


async def delete_each(
    ids: Sequence[uuid.UUID | None],
    found: Sequence[E],
    what: str,
    refusal: Callable[[E], tuple[ErrorCode, str] | None],
    delete: Callable[[E], Awaitable[None]],
) -> list[FieldError | None]:
    """Each id in turn (None: an id that names nothing of this kind): None where it was deleted, else why not, as
    an error on its position in `ids`. `found` are the user's rows among the ids; an id listed twice is deleted at
    its first mention and not found at the next."""
    if not ids:
        raise DomainError.single(ErrorCode.REQUIRED, f"Give at least one {what.lower()} id.", "ids")
    if len(ids) > BULK_MAX:
        raise DomainError.single(ErrorCode.INVALID, f"At most {BULK_MAX} at once.", "ids")
    rows = {row.id: row for row in found}
    outcomes: list[FieldError | None] = []
    for n, row_id in enumerate(ids):
        row = rows.pop(row_id, None) if row_id is not None else None
        refused = (ErrorCode.NOT_FOUND, f"{what} not found.") if row is None else refusal(row)
        if refused is not None:
            outcomes.append(FieldError(refused[1], refused[0], ("ids", str(n))))
            continue
        assert row is not None
        await delete(row)
        outcomes.append(None)
    return outcomes


def wanted(ids: Sequence[uuid.UUID | None]) -> list[uuid.UUID]:
    """The distinct ids worth looking up."""
    return list(dict.fromkeys(i for i in ids if i is not None))
