from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar, Self

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.common import Node, UserError
from domain.common.pagination import SortDirection
from domain.equipment import entities as domain
from domain.equipment.entities import EquipmentOrderField, EquipmentStatus, EquipmentType, LicenseManagement
from domain.equipment.service import EquipmentService

strawberry.enum(EquipmentType, name="EquipmentType")
strawberry.enum(EquipmentStatus, name="EquipmentStatus")
strawberry.enum(
    LicenseManagement,
    name="LicenseManagement",
    description="How a licence is managed. LICENSE_KEY needs the license key, OTHER the license description.",
)
strawberry.enum(EquipmentOrderField, name="EquipmentOrderField")

equipment_by_id = owned_by_id(lambda uow: uow.equipment)

_LIMITS = (
    "Texts are trimmed (blank means none): name 1–200 characters, version 100, manufacturer 200, url 500 (http or "
    "https; one without a scheme gets https://), username 200, description, license description and system "
    "requirements 10 000; each tag list at most 1000 characters joined by `, `. Secrets: password at most 500 "
    "characters (kept exactly as given), license key 5000 and price 100 (trimmed)."
)
_SECRET_INPUT = "Encrypted at rest; read back only through `Equipment.secrets`."


@strawberry.type(description="An item's secrets, decrypted for this one answer.")
class EquipmentSecrets:
    password: str | None
    license_key: str | None
    price: str | None = strawberry.field(description='As entered, e.g. "299.99 EUR".')

    @classmethod
    def from_entity(cls, s: domain.EquipmentSecrets) -> Self:
        return cls(password=s.password, license_key=s.license_key, price=s.price)


@strawberry.type(description="A piece of studio software or a plugin, with its licence.")
class Equipment(Node):
    type_name: ClassVar[str] = "Equipment"
    type: EquipmentType
    name: str
    version: str | None
    description: str | None
    software_tags: list[str]
    plugin_tags: list[str]
    manufacturer: str | None
    url: str | None
    username: str | None
    license_management: LicenseManagement | None
    license_description: str | None
    purchase_date: date | None
    system_requirements: str | None
    status: EquipmentStatus
    has_password: bool = strawberry.field(description="Whether a password is stored (see `secrets`).")
    has_license_key: bool = strawberry.field(description="Whether a license key is stored (see `secrets`).")
    has_price: bool = strawberry.field(description="Whether a price is stored (see `secrets`).")
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="The password, license key and price, decrypted. Only for one item at a time: asked for inside "
        "a list (`equipment`, `nodes`) it is an error. Read through `node(id:)` or a mutation's payload."
    )
    async def secrets(self, info: Info) -> EquipmentSecrets | None:
        if any(isinstance(key, int) for key in info.path.as_list()):
            raise ClientError("Secrets are read one item at a time, never in a list: ask `node(id:)` for them.")
        viewer_id = await info.context.viewer_id()
        found = await info.context.read(EquipmentService, lambda s: s.secrets(viewer_id, self._id))
        return EquipmentSecrets.from_entity(found) if found else None

    @classmethod
    def from_entity(cls, e: domain.Equipment) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Equipment", e.id)),
            type=e.type,
            name=e.name,
            version=e.version,
            description=e.description,
            software_tags=e.software_tags,
            plugin_tags=e.plugin_tags,
            manufacturer=e.manufacturer,
            url=e.url,
            username=e.username,
            license_management=e.license_management,
            license_description=e.license_description,
            purchase_date=e.purchase_date,
            system_requirements=e.system_requirements,
            status=e.status,
            has_password=e.password_encrypted is not None,
            has_license_key=e.license_key_encrypted is not None,
            has_price=e.price_encrypted is not None,
            created_at=e.created_at,
            updated_at=e.updated_at,
            _id=e.id,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        item = await info.context.loaders(equipment_by_id).load(uuid.UUID(key))
        return cls.from_entity(item) if item else None


@strawberry.input
class EquipmentFilter:
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in the name, manufacturer, software or plugin tags."
    )
    type: EquipmentType | None = None
    status: EquipmentStatus | None = None


@strawberry.input(description="The order of equipment.")
class EquipmentOrder:
    field: EquipmentOrderField = strawberry.field(
        default=EquipmentOrderField.NAME, description="NAME (case-insensitive): the default."
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description=f"A new item; `type` and `name` are required. {_LIMITS}")
class EquipmentCreateInput:
    type: EquipmentType
    name: str
    version: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    software_tags: list[str] | None = strawberry.UNSET
    plugin_tags: list[str] | None = strawberry.UNSET
    manufacturer: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    username: str | None = strawberry.UNSET
    password: str | None = strawberry.field(default=strawberry.UNSET, description=_SECRET_INPUT)
    license_management: LicenseManagement | None = strawberry.UNSET
    license_key: str | None = strawberry.field(
        default=strawberry.UNSET, description=f"Required when licenseManagement is LICENSE_KEY. {_SECRET_INPUT}"
    )
    license_description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Required when licenseManagement is OTHER."
    )
    purchase_date: date | None = strawberry.UNSET
    price: str | None = strawberry.field(default=strawberry.UNSET, description=f'E.g. "299.99 EUR". {_SECRET_INPUT}')
    system_requirements: str | None = strawberry.UNSET
    status: EquipmentStatus | None = strawberry.field(default=strawberry.UNSET, description="Default: ACTIVE.")


@strawberry.input(
    description="Fields left out stay as they are; an explicit null clears a field — a secret too (an empty secret "
    f"clears it as well). The type is set once, on create. {_LIMITS}"
)
class EquipmentUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    version: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    software_tags: list[str] | None = strawberry.UNSET
    plugin_tags: list[str] | None = strawberry.UNSET
    manufacturer: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    username: str | None = strawberry.UNSET
    password: str | None = strawberry.field(default=strawberry.UNSET, description=_SECRET_INPUT)
    license_management: LicenseManagement | None = strawberry.UNSET
    license_key: str | None = strawberry.field(
        default=strawberry.UNSET, description=f"Required when licenseManagement is LICENSE_KEY. {_SECRET_INPUT}"
    )
    license_description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Required when licenseManagement is OTHER."
    )
    purchase_date: date | None = strawberry.UNSET
    price: str | None = strawberry.field(default=strawberry.UNSET, description=f'E.g. "299.99 EUR". {_SECRET_INPUT}')
    system_requirements: str | None = strawberry.UNSET
    status: EquipmentStatus | None = strawberry.UNSET


@strawberry.input
class EquipmentDuplicateInput:
    id: strawberry.ID
    name: str | None = strawberry.field(default=None, description="Default: the original's name with ' (copy)'.")


@strawberry.input
class EquipmentIdInput:
    id: strawberry.ID


@strawberry.type
class EquipmentPayload:
    equipment: Equipment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EquipmentDeletePayload:
    deleted_equipment_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
