"""The profile in the export archive: `profile.json`, one item (see domain/data_transfer/sections.py).

An import only fills in names the account has left empty: it never overwrites the account's own profile,
nor its language or page size (which always have a value; the archive's are checked all the same). The email is in the
archive for the reader's sake; an import never changes it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.accounts import service as rules
from domain.accounts.entities import Language, User
from domain.accounts.ports import AccountsUnitOfWork
from domain.common.validation import clean_text
from domain.data_transfer import items
from domain.data_transfer.sections import Item, Restored

_NAMES = tuple(name for name, _ in rules.NAMES)
_KEYS = {*_NAMES, "language", "page_size", "email"}


def profile_item(user: User) -> Item:
    return {
        **{name: getattr(user, name) for name in _NAMES},
        "language": user.language.value,
        "page_size": user.page_size,
        "email": user.email,
    }


class ProfileArchive:
    name = "profile"
    label = "profile"
    version = 1
    item_max = 1

    async def export(self, uow: AccountsUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        user = await uow.users.get(user_id)
        if user is not None:
            yield [profile_item(user)]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """The profile fields an import may fill in, checked as viewerUpdate checks them."""
        where = "Profile"
        item = items.json_object(item, _KEYS, where)
        items.text(item, "email", where)
        values: dict[str, Any] = {name: clean_text(items.text(item, name, where)) for name in _NAMES}
        if item.get("page_size") is not None:  # archives from before page sizes have none
            values["page_size"] = items.whole_number(item, "page_size", where)
        items.checked(where, values, lambda names, checks: rules.check_names(checks, names))
        if item.get("language") is not None:
            values["language"] = items.member_of(Language, item, "language", where)
        return values

    def restorer(self, uow: AccountsUnitOfWork, user_id: uuid.UUID) -> ProfileRestorer:
        return ProfileRestorer(uow, user_id)


@dataclass
class ProfileRestorer:
    uow: AccountsUnitOfWork
    user_id: uuid.UUID

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        pass

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        user = await self.uow.users.get(self.user_id)
        filled = 0
        for values in batch:
            empty = [name for name in _NAMES if user is not None and not getattr(user, name) and values.get(name)]
            for name in empty:
                setattr(user, name, values[name])
            filled += bool(empty)
        return Restored(created=filled, skipped=len(batch) - filled)
