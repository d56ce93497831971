"""Expiring counters in SQL: where the login throttle keeps its counts when there is no Redis (infra/ratelimit.py)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from infra.db.metadata import metadata
from infra.db.types import UTCDateTime

throttle_counters = Table(
    "throttle_counters",
    metadata,
    # The SHA-256 of the counter's name (which holds an email): bounded in length, and no address kept in clear.
    Column("key", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Index("ix_throttle_counters_expires_at", "expires_at"),
)
