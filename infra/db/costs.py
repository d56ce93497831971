"""Provider costs in SQL: one row per (provider, year, month) — its primary key — written by one upsert."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Integer,
    Numeric,
    Row,
    String,
    Table,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.common.months import Month
from domain.costs.entities import CostFigures, MonthlyCosts
from infra.db.metadata import metadata
from infra.db.types import UTCDateTime

AMOUNT = Numeric(16, 6)

monthly_costs = Table(
    "monthly_costs",
    metadata,
    Column("provider", String(50), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("month", Integer, CheckConstraint("month BETWEEN 1 AND 12", name="month_in_year"), primary_key=True),
    Column("total", AMOUNT, nullable=False),
    Column("image", AMOUNT, nullable=False),
    Column("chat", AMOUNT, nullable=False),
    Column("currency", String(10), nullable=False),
    # Line item → its sum, as a decimal string (exact whatever the database does with JSON numbers).
    Column("breakdown", JSON, nullable=False),
    Column("bucket_count", Integer, nullable=False),
    Column("organization_id", String(100)),  # as reported; not part of the key
    Column("is_finalized", Boolean, nullable=False),
    Column("last_updated_at", UTCDateTime(), nullable=False),
)

t = monthly_costs


def _entity(row: Row[Any]) -> MonthlyCosts:
    return MonthlyCosts(
        provider=row.provider,
        month=Month(row.year, row.month),
        figures=CostFigures(
            total=Decimal(row.total),
            image=Decimal(row.image),
            chat=Decimal(row.chat),
            currency=row.currency,
            breakdown={name: Decimal(amount) for name, amount in row.breakdown.items()},
            bucket_count=row.bucket_count,
            organization_id=row.organization_id,
        ),
        is_finalized=row.is_finalized,
        last_updated_at=row.last_updated_at,
    )


class SqlMonthlyCostRepository:
    """Server-wide figures: no owner filter here (who may read them is the API's decision)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, provider: str, month: Month) -> MonthlyCosts | None:
        stmt = select(t).where(t.c.provider == provider, t.c.year == month.year, t.c.month == month.month)
        row = (await self.session.execute(stmt)).first()
        return _entity(row) if row is not None else None

    async def all(self, provider: str) -> list[MonthlyCosts]:
        stmt = select(t).where(t.c.provider == provider).order_by(t.c.year, t.c.month)
        return [_entity(row) for row in (await self.session.execute(stmt)).all()]

    async def save(self, costs: MonthlyCosts) -> None:
        figures = costs.figures
        values = {
            "provider": costs.provider,
            "year": costs.month.year,
            "month": costs.month.month,
            "total": figures.total,
            "image": figures.image,
            "chat": figures.chat,
            "currency": figures.currency,
            "breakdown": {name: str(amount) for name, amount in figures.breakdown.items()},
            "bucket_count": figures.bucket_count,
            "organization_id": figures.organization_id,
            "is_finalized": costs.is_finalized,
            "last_updated_at": costs.last_updated_at,
        }
        # INSERT … ON CONFLICT DO UPDATE on the key: two requests refreshing a month at once leave one row. A
        # finalised month stays as it was kept.
        insert = postgresql.insert if self.session.bind.dialect.name == "postgresql" else sqlite.insert
        statement = insert(t).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[t.c.provider, t.c.year, t.c.month],
            set_={name: statement.excluded[name] for name in values if name not in ("provider", "year", "month")},
            where=t.c.is_finalized.is_(False),
        )
        await self.session.execute(statement)
