"""Equipment use cases. They never commit: the resolver that owns the unit of work does.

The rules the original left to its web page are the server's here: type, status and license management are
enumerations; a license managed by license key needs the key, one managed otherwise (`OTHER`) needs its
description. Secrets are encrypted before they reach a repository and decrypted only for one item at a time
(`secrets`); on update a secret left out stays and an explicit null (or an empty text) clears it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from domain.common.clock import utcnow
from domain.common.errors import ErrorCode, not_found
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.secrets import SecretCipher
from domain.common.validation import Checks, clean_tags, clean_text
from domain.equipment.entities import (
    SECRET_FIELDS,
    Equipment,
    EquipmentFilter,
    EquipmentOrderField,
    EquipmentSecrets,
    EquipmentStatus,
    EquipmentType,
    LicenseManagement,
)
from domain.equipment.ports import EquipmentRepository

NAME_MAX = 200
TAGS_MAX = 1000  # a tag list joined by ", ", as the original's comma string allowed
TEXT_MAX = 10_000

# Text fields: (label, most characters).
TEXTS: dict[str, tuple[str, int]] = {
    "name": ("Name", NAME_MAX),
    "version": ("Version", 100),
    "description": ("Description", TEXT_MAX),
    "manufacturer": ("Manufacturer", 200),
    "url": ("URL", 500),
    "username": ("Username", 200),
    "license_description": ("License description", TEXT_MAX),
    "system_requirements": ("System requirements", TEXT_MAX),
}
TAG_LISTS: dict[str, str] = {"software_tags": "Software tags", "plugin_tags": "Plugin tags"}
# Secrets: (label, most characters). A password is kept exactly as given; a key and a price are trimmed.
SECRETS: dict[str, tuple[str, int]] = {
    "password": ("Password", 500),
    "license_key": ("License key", 5000),
    "price": ("Price", 100),
}
URL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class EquipmentFields:
    """An item's editable fields. UNSET: leave as it is (or the default, on create); None: clear.
    `type` is set once, on create."""

    type: EquipmentType | Unset = UNSET
    name: str | None | Unset = UNSET
    version: str | None | Unset = UNSET
    description: str | None | Unset = UNSET
    software_tags: list[str] | None | Unset = UNSET
    plugin_tags: list[str] | None | Unset = UNSET
    manufacturer: str | None | Unset = UNSET
    url: str | None | Unset = UNSET
    username: str | None | Unset = UNSET
    password: str | None | Unset = UNSET
    license_management: LicenseManagement | None | Unset = UNSET
    license_key: str | None | Unset = UNSET
    license_description: str | None | Unset = UNSET
    purchase_date: date | None | Unset = UNSET
    price: str | None | Unset = UNSET
    system_requirements: str | None | Unset = UNSET
    status: EquipmentStatus | None | Unset = UNSET


def _clean_url(value: str | None) -> str | None:
    """An address without a scheme is taken as https; the scheme is checked by `check_equipment_values`."""
    value = clean_text(value)
    if value is not None and "://" not in value and ":" not in value.split("/", 1)[0]:
        value = "https://" + value
    return value


def clean_secret(name: str, value: str | None) -> str | None:
    """A password exactly as given; a license key or price trimmed. Empty means none."""
    if value is None:
        return None
    if name != "password":
        value = value.strip()
    return value or None


def clean_equipment_values(values: dict[str, Any]) -> dict[str, Any]:
    """Trim texts (blank means none), tidy tag lists, keep secrets as `clean_secret` says."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in TAG_LISTS:
            value = clean_tags(value)
        elif name == "url":
            value = _clean_url(value)
        elif name in TEXTS:
            value = clean_text(value)
        elif name in SECRETS:
            value = clean_secret(name, value)
        cleaned[name] = value
    return cleaned


def check_equipment_values(values: dict[str, Any], checks: Checks) -> None:
    """The rules for the given (cleaned) fields, each on its own; the importer applies them too."""
    for name, value in values.items():
        if name in ("name", "type", "status"):
            checks.required(name, value, {"name": "Name", "type": "Type", "status": "Status"}[name])
        if name in TEXTS:
            label, limit = TEXTS[name]
            checks.max_length(name, value, limit, label)
        elif name in TAG_LISTS:
            checks.max_length(name, ", ".join(value), TAGS_MAX, TAG_LISTS[name] + " (joined)")
        elif name in SECRETS:
            label, limit = SECRETS[name]
            checks.max_length(name, value, limit, label)
    url = values.get("url")
    if url is not None and urlsplit(url).scheme.lower() not in URL_SCHEMES:
        checks.add("url", ErrorCode.INVALID, "URL must be an http or https address.")


def check_license(management: LicenseManagement | None, has_key: bool, description: str | None, checks: Checks) -> None:
    """The rules between fields, on the item as it will be."""
    if management is LicenseManagement.LICENSE_KEY and not has_key:
        checks.add("license_key", ErrorCode.REQUIRED, "A license key is required when the license is a license key.")
    if management is LicenseManagement.OTHER and not description:
        checks.add(
            "license_description",
            ErrorCode.REQUIRED,
            "A license description is required when the license is managed in another way.",
        )


def _validated(fields: EquipmentFields, *, creating: bool) -> dict[str, Any]:
    values = clean_equipment_values(given(fields))
    if creating:
        values.setdefault("name", None)
        values.setdefault("type", None)
        if values.get("status", UNSET) is None:
            del values["status"]  # null on create: the default
    checks = Checks()
    check_equipment_values(values, checks)
    checks.raise_if_any()
    return values


@dataclass
class EquipmentService:
    equipment: EquipmentRepository
    cipher: SecretCipher

    async def create(self, user_id: uuid.UUID, fields: EquipmentFields) -> Equipment:
        values = _validated(fields, creating=True)
        checks = Checks()
        check_license(
            values.get("license_management"),
            values.get("license_key") is not None,
            values.get("license_description"),
            checks,
        )
        checks.raise_if_any()
        now = utcnow()
        item = Equipment(user_id=user_id, created_at=now, updated_at=now, **self._sealing(values))
        await self.equipment.add(item)
        return item

    async def update(self, user_id: uuid.UUID, equipment_id: uuid.UUID, changes: EquipmentFields) -> Equipment:
        if changes.type is not UNSET:
            raise ValueError("an item's type is set once, on create")
        values = _validated(changes, creating=False)
        item = await self.equipment.get_locked(user_id, equipment_id)
        if item is None:
            raise not_found("Equipment", "id")
        key = values.get("license_key", item.license_key_encrypted)
        checks = Checks()
        check_license(
            values.get("license_management", item.license_management),
            key is not None,
            values.get("license_description", item.license_description),
            checks,
        )
        checks.raise_if_any()
        for name, value in self._sealing(values).items():
            setattr(item, name, value)
        if values:
            item.updated_at = utcnow()
        return item

    async def delete(self, user_id: uuid.UUID, equipment_id: uuid.UUID) -> Equipment:
        item = await self._owned(user_id, equipment_id)
        await self.equipment.delete(item)
        return item

    async def duplicate(self, user_id: uuid.UUID, equipment_id: uuid.UUID, name: str | None = None) -> Equipment:
        """A new item with what the original's editor copied: type, software and plugin tags, manufacturer, URL,
        username and password; status ACTIVE; named `name` or "<name> (copy)". Version, description, the license
        (management, key, description), price, purchase date and system requirements start empty."""
        source = await self._owned(user_id, equipment_id)
        if name is None:
            name = f"{source.name} (copy)"[:NAME_MAX]
        values = _validated(EquipmentFields(name=name), creating=False)
        now = utcnow()
        copy = Equipment(
            user_id=user_id,
            type=source.type,
            name=values["name"],
            software_tags=list(source.software_tags),
            plugin_tags=list(source.plugin_tags),
            manufacturer=source.manufacturer,
            url=source.url,
            username=source.username,
            password_encrypted=source.password_encrypted,
            status=EquipmentStatus.ACTIVE,
            created_at=now,
            updated_at=now,
        )
        await self.equipment.add(copy)
        return copy

    async def secrets(self, user_id: uuid.UUID, equipment_id: uuid.UUID) -> EquipmentSecrets | None:
        """The item's secrets as text, or None when the user has no such item."""
        item = await self.equipment.get(user_id, equipment_id)
        if item is None:
            return None
        tokens = item.sealed().tokens()
        return EquipmentSecrets(**{name: self.cipher.decrypt(token) for name, token in tokens.items()})

    async def page(
        self,
        user_id: uuid.UUID,
        filter: EquipmentFilter,
        order_by: EquipmentOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Equipment]:
        return await self.equipment.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: EquipmentFilter) -> int:
        return await self.equipment.count(user_id, filter)

    def _sealing(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values as the entity keeps them: each given secret as a token (None stays None)."""
        sealed = {name: value for name, value in values.items() if name not in SECRET_FIELDS}
        for name in SECRET_FIELDS:
            if name in values:
                sealed[f"{name}_encrypted"] = None if values[name] is None else self.cipher.encrypt(values[name])
        return sealed

    async def _owned(self, user_id: uuid.UUID, equipment_id: uuid.UUID) -> Equipment:
        return await owned_or_not_found(self.equipment, user_id, equipment_id, "Equipment", "id")
