"""Equipment in the export archive: `equipment.json`, one item per piece of software or plugin (see
domain/data_transfer/sections.py).

Secrets go into the archive only when the export has a passphrase: `secrets` then maps each one the item has to
its value encrypted with the passphrase's key (never the text, never the server's token). Without one, the item
names the secrets it had in `secrets_left_out`, and an import counts them. An imported item keeps its archive id
as `origin_id`: importing the same archive again creates nothing twice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.data_transfer import items
from domain.data_transfer.sections import ArchiveError, ArchiveSecrets, Item, Restored
from domain.equipment import service as rules
from domain.equipment.entities import (
    SECRET_FIELDS,
    Equipment,
    EquipmentStatus,
    EquipmentType,
    LicenseManagement,
)
from domain.equipment.ports import EquipmentUnitOfWork

_TEXT = (
    "name",
    "version",
    "description",
    "manufacturer",
    "url",
    "username",
    "license_description",
    "system_requirements",
)
_KEYS = {
    *_TEXT,
    "id",
    "type",
    "status",
    "license_management",
    "software_tags",
    "plugin_tags",
    "purchase_date",
    "created_at",
    "updated_at",
    "secrets",
    "secrets_left_out",
}
SEALED_MAX = 20_000  # one secret as the archive holds it: the longest license key, encrypted, fits many times
PAGE = 1000  # items read per query while exporting
# What `check` adds to an entity's fields, for the restorer only.
_EXTRA = ("sealed", "left_out", "where")


def equipment_item(item: Equipment, secrets: ArchiveSecrets | None) -> Item:
    exported: Item = {name: getattr(item, name) for name in _TEXT}
    exported.update(
        id=str(item.id),
        type=item.type.value,
        status=item.status.value,
        license_management=item.license_management.value if item.license_management else None,
        software_tags=list(item.software_tags),
        plugin_tags=list(item.plugin_tags),
        purchase_date=item.purchase_date.isoformat() if item.purchase_date else None,
        created_at=item.created_at.isoformat(),
        updated_at=item.updated_at.isoformat(),
    )
    tokens = item.sealed().tokens()
    if tokens and secrets is not None:
        exported["secrets"] = {name: secrets.to_archive(token) for name, token in tokens.items()}
    elif tokens:
        exported["secrets_left_out"] = list(tokens)
    return exported


def _sealed(item: dict[str, Any], where: str) -> dict[str, str]:
    sealed = item.get("secrets") or {}
    if not isinstance(sealed, dict) or not all(
        name in SECRET_FIELDS and isinstance(value, str) and 0 < len(value) <= SEALED_MAX
        for name, value in sealed.items()
    ):
        raise ArchiveError(f"{where}: secrets must map {', '.join(SECRET_FIELDS)} to encrypted text.")
    return sealed


def _left_out(item: dict[str, Any], where: str) -> tuple[str, ...]:
    names = item.get("secrets_left_out") or []
    if not isinstance(names, list) or not all(name in SECRET_FIELDS for name in names):
        raise ArchiveError(f"{where}: secrets_left_out must list some of {', '.join(SECRET_FIELDS)}.")
    return tuple(names)


class EquipmentArchive:
    name = "equipment"
    label = "equipment"
    version = 1
    item_max = 100_000

    async def export(
        self, uow: EquipmentUnitOfWork, user_id: uuid.UUID, secrets: ArchiveSecrets | None = None
    ) -> AsyncIterator[Sequence[Item]]:
        after: Equipment | None = None
        while page := await uow.equipment.list_after(user_id, after, PAGE):
            yield [equipment_item(item, secrets) for item in page]
            after = page[-1]

    def secrets_left_out(self, item: Item) -> bool:
        return bool(item.get("secrets_left_out"))

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """Keyword arguments for `Equipment` (all but `user_id` and the secrets; the archive's id is `origin_id`),
        with the item's encrypted secrets and the names of those left out."""
        where = f"Equipment {n}"
        item = items.json_object(item, _KEYS, where)
        fields: dict[str, Any] = {name: items.text(item, name, where) for name in _TEXT}
        fields["software_tags"] = items.text_list(item, "software_tags", where)
        fields["plugin_tags"] = items.text_list(item, "plugin_tags", where)
        fields["type"] = items.member_of(EquipmentType, item, "type", where)
        fields["status"] = items.member_of(EquipmentStatus, item, "status", where)
        fields["license_management"] = (
            items.member_of(LicenseManagement, item, "license_management", where)
            if item.get("license_management") is not None
            else None
        )
        fields["purchase_date"] = items.optional(
            date.fromisoformat, item, "purchase_date", where, "a date (YYYY-MM-DD)"
        )
        values = rules.clean_equipment_values(fields)
        items.checked(where, values, rules.check_equipment_values)
        sealed, left_out = _sealed(item, where), _left_out(item, where)
        had_key = "license_key" in sealed or "license_key" in left_out
        items.checked(
            where,
            values,
            lambda v, checks: rules.check_license(v["license_management"], had_key, v["license_description"], checks),
        )
        return values | items.origin_and_times(item, where) | {"sealed": sealed, "left_out": left_out, "where": where}

    def restorer(
        self, uow: EquipmentUnitOfWork, user_id: uuid.UUID, secrets: ArchiveSecrets | None = None
    ) -> EquipmentRestorer:
        return EquipmentRestorer(uow, user_id, secrets)


@dataclass
class EquipmentRestorer:
    uow: EquipmentUnitOfWork
    user_id: uuid.UUID
    # The passphrase's key (None: the archive's secrets are left out).
    secrets: ArchiveSecrets | None
    # The archive's ids the account has (as an item id or an import origin), and those written since.
    have: set[uuid.UUID] = field(default_factory=set)
    # The secrets of the items to write, as tokens under the server's keys, by archive id.
    tokens: dict[uuid.UUID, dict[str, str]] = field(default_factory=dict)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        """Looks up what the account has, and opens the secrets of the rest: an item whose secrets the passphrase
        does not open fails the import before anything is written."""
        self.have |= await self.uow.equipment.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])
        wanted = [v for v in batch if v["sealed"] and v["origin_id"] not in self.have]
        if self.secrets is not None and wanted:
            self.tokens.update(await asyncio.to_thread(self._open, self.secrets, wanted))

    @staticmethod
    def _open(secrets: ArchiveSecrets, batch: Sequence[dict[str, Any]]) -> dict[uuid.UUID, dict[str, str]]:
        opened: dict[uuid.UUID, dict[str, str]] = {}
        for values in batch:
            try:
                opened[values["origin_id"]] = {n: secrets.from_archive(s) for n, s in values["sealed"].items()}
            except ArchiveError as exc:
                raise ArchiveError(f"{values['where']}: {exc}") from None
        return opened

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        """Writes the items the account does not have yet; an id the archive repeats is written once."""
        new: list[Equipment] = []
        left_out = 0
        for values in batch:
            origin = values["origin_id"]
            if origin in self.have:
                continue
            self.have.add(origin)
            tokens = self.tokens.pop(origin, {})
            if values["left_out"] or (values["sealed"] and not tokens):
                left_out += 1
            fields: dict[str, Any] = {name: value for name, value in values.items() if name not in _EXTRA}
            fields.update({f"{name}_encrypted": token for name, token in tokens.items()})
            new.append(Equipment(user_id=self.user_id, **fields))
        await self.uow.equipment.add_all(new)
        return Restored(created=len(new), skipped=len(batch) - len(new), secrets_left_out=left_out)
