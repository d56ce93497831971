"""Equipment in SQL: the table, its mapping and repository (search, type and status filters, keyset pages).

Password, license key and price are columns of tokens (`*_encrypted`): the service encrypts before it writes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Index,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    cast,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import registry

from domain.equipment.entities import (
    Equipment,
    EquipmentFilter,
    EquipmentOrderField,
    EquipmentStatus,
    EquipmentType,
    LicenseManagement,
    SealedSecrets,
)
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import ArchivedRepository
from infra.db.types import UTCDateTime

equipment = Table(
    "equipment",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("type", enum_type(EquipmentType, "equipment_type"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("version", String(100)),
    Column("description", Text),
    Column("software_tags", JSON, nullable=False),
    Column("plugin_tags", JSON, nullable=False),
    Column("manufacturer", String(200)),
    Column("url", String(500)),
    Column("username", String(200)),
    Column("license_management", enum_type(LicenseManagement, "license_management")),
    Column("license_description", Text),
    Column("purchase_date", Date),
    Column("system_requirements", Text),
    Column("status", enum_type(EquipmentStatus, "equipment_status"), nullable=False),
    # Fernet tokens (domain/common/secrets.py), never the text.
    Column("password_encrypted", Text),
    Column("license_key_encrypted", Text),
    Column("price_encrypted", Text),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_equipment_user_created", "user_id", "created_at", "id"),
    Index("ix_equipment_user_updated", "user_id", "updated_at", "id"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Equipment, equipment)


t = equipment

# Sort key, how its cursor value is read back, and where an item keeps it.
_ORDER: dict[EquipmentOrderField, tuple[Any, str, Callable[[Equipment], Any]]] = {
    EquipmentOrderField.NAME: (func.lower(t.c.name), "text", lambda e: e.name.lower()),
    EquipmentOrderField.CREATED_AT: (t.c.created_at, "datetime", lambda e: e.created_at),
    EquipmentOrderField.UPDATED_AT: (t.c.updated_at, "datetime", lambda e: e.updated_at),
}
_SEALED = (t.c.password_encrypted, t.c.license_key_encrypted, t.c.price_encrypted)


class SqlEquipmentRepository(ArchivedRepository[Equipment, EquipmentFilter, EquipmentOrderField]):
    entity = Equipment
    table = equipment
    orders = _ORDER

    def filtered(self, user_id: uuid.UUID, filter: EquipmentFilter) -> Select[tuple[Equipment]]:
        stmt = self.owned(user_id)
        if filter.type is not None:
            stmt = stmt.where(t.c.type == filter.type)
        if filter.status is not None:
            stmt = stmt.where(t.c.status == filter.status)
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            fields = [t.c.name.icontains(needle, autoescape=True), t.c.manufacturer.icontains(needle, autoescape=True)]
            if not set(needle) & set('",[]\\'):  # JSON punctuation would match the array text, not a tag
                for tags in (t.c.software_tags, t.c.plugin_tags):
                    fields.append(cast(tags, String).icontains(needle, autoescape=True))
            stmt = stmt.where(or_(*fields))
        return stmt

    async def sealed_after(self, after: uuid.UUID | None, limit: int) -> list[SealedSecrets]:
        stmt = (
            select(t.c.id, *_SEALED)
            .where(or_(*(column.is_not(None) for column in _SEALED)))
            .order_by(t.c.id)
            .limit(limit)
        )
        if after is not None:
            stmt = stmt.where(t.c.id > after)
        return [SealedSecrets(*row) for row in await self.session.execute(stmt)]

    async def replace_sealed(self, was: SealedSecrets, now: SealedSecrets) -> bool:
        stmt = (
            update(t)
            .where(
                t.c.id == was.id,
                *(column.is_not_distinct_from(value) for column, value in zip(_SEALED, _tokens(was), strict=True)),
            )
            .values(dict(zip((c.name for c in _SEALED), _tokens(now), strict=True)))
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]  # an UPDATE's result has a row count


def _tokens(sealed: SealedSecrets) -> Sequence[str | None]:
    return (sealed.password, sealed.license_key, sealed.price)
