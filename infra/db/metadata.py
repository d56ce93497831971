"""The one MetaData every area's tables join, the one mapper registry, and column helpers."""

from __future__ import annotations

import uuid
from enum import Enum as PyEnum

from sqlalchemy import Column, Enum, ForeignKey, MetaData, Uuid
from sqlalchemy.orm import registry

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Imperative mapping: the domain's dataclasses become persistent without importing SQLAlchemy.
mapper_registry = registry(metadata=metadata)


def enum_type(enum_cls: type[PyEnum], name: str) -> Enum:
    # Stored as plain strings: adding a value later needs no database type migration.
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def owner_column() -> Column[uuid.UUID]:
    """`user_id`: the owner of a user-owned row; every read of such a row filters by it."""
    return Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
