"""The equipment inventory: software and plugins with their licences; password, license key and price are kept
only as tokens under the server's keys (domain/common/secrets.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class EquipmentType(StrEnum):
    SOFTWARE = "SOFTWARE"
    PLUGIN = "PLUGIN"


class EquipmentStatus(StrEnum):
    ACTIVE = "ACTIVE"
    TRIAL = "TRIAL"
    EXPIRED = "EXPIRED"
    ARCHIVED = "ARCHIVED"


class LicenseManagement(StrEnum):
    ONLINE = "ONLINE"
    ILOK = "ILOK"
    LICENSE_KEY = "LICENSE_KEY"  # the license key is required
    OTHER = "OTHER"  # the license description is required


class EquipmentOrderField(StrEnum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


# The secret fields, by name: each is kept as `<name>_encrypted`.
SECRET_FIELDS = ("password", "license_key", "price")


@dataclass(eq=False)
class Equipment:
    user_id: uuid.UUID
    type: EquipmentType
    name: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    version: str | None = None
    description: str | None = None
    software_tags: list[str] = field(default_factory=list)
    plugin_tags: list[str] = field(default_factory=list)
    manufacturer: str | None = None
    url: str | None = None
    username: str | None = None
    license_management: LicenseManagement | None = None
    license_description: str | None = None
    purchase_date: date | None = None
    system_requirements: str | None = None
    status: EquipmentStatus = EquipmentStatus.ACTIVE
    # Tokens under the server's keys (SecretCipher), never the text itself.
    password_encrypted: str | None = None
    license_key_encrypted: str | None = None
    price_encrypted: str | None = None
    # The id this item had in the archive it was imported from; makes imports idempotent.
    origin_id: uuid.UUID | None = None

    def sealed(self) -> SealedSecrets:
        return SealedSecrets(self.id, self.password_encrypted, self.license_key_encrypted, self.price_encrypted)


@dataclass(frozen=True)
class SealedSecrets:
    """An item's secrets as stored: tokens (or None), by the item's id."""

    id: uuid.UUID
    password: str | None = None
    license_key: str | None = None
    price: str | None = None

    def tokens(self) -> dict[str, str]:
        """The secrets it holds, by name."""
        return {name: token for name in SECRET_FIELDS if (token := getattr(self, name)) is not None}


@dataclass(frozen=True)
class EquipmentSecrets:
    """An item's secrets as text: read one item at a time, never kept."""

    password: str | None = None
    license_key: str | None = None
    price: str | None = None


@dataclass(frozen=True)
class EquipmentFilter:
    search: str | None = None  # in name, manufacturer, software or plugin tags, case-insensitive
    type: EquipmentType | None = None
    status: EquipmentStatus | None = None
