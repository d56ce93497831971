"""Images in SQL: the table, its mapping and repository (search over title and prompts, keyset pages)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
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
)
from sqlalchemy.orm import registry

from domain.images.entities import EnhanceMode, Image, ImageFilter, ImageOrderField, ImageStatus, SpendPart
from domain.images.provider import ImageQuality, ImageSize, ImageStyle
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import ArchivedRepository
from infra.db.sketches import tag_needle
from infra.db.types import UTCDateTime

STYLE = String(40)

images = Table(
    "images",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("title", String(255)),
    Column("tags", JSON, nullable=False),
    Column("user_prompt", Text, nullable=False),
    Column("enhanced_prompt", Text),
    Column("final_prompt", Text),
    Column("revised_prompt", Text),
    Column("size", enum_type(ImageSize, "image_size"), nullable=False),
    Column("quality", enum_type(ImageQuality, "image_quality"), nullable=False),
    Column("style", enum_type(ImageStyle, "image_style"), nullable=False),
    Column("artistic_style", STYLE),
    Column("composition", STYLE),
    Column("lighting", STYLE),
    Column("color_palette", STYLE),
    Column("detail_level", STYLE),
    Column("enhance", enum_type(EnhanceMode, "image_enhance"), nullable=False),
    Column("model", String(100), nullable=False),
    Column("status", enum_type(ImageStatus, "image_status"), nullable=False),
    Column("job_id", Uuid, ForeignKey("jobs.id", ondelete="SET NULL")),
    Column("storage_key", String(500)),
    Column("thumbnail_key", String(500)),
    Column("width", Integer),
    Column("height", Integer),
    Column("cost_usd", Numeric(10, 4)),
    Column("error_code", String(50)),
    Column("error_message", Text),
    Column("completed_at", UTCDateTime()),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # A text overlay's settings (SQL NULL, not JSON null, for drawn images: the hasOverlay filter reads it) and the
    # image it was drawn on.
    Column("overlay", JSON(none_as_null=True)),
    Column("source_id", Uuid, ForeignKey("images.id", ondelete="SET NULL"), index=True),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_images_user_created", "user_id", "created_at", "id"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Image, images)


t = images

_ORDER: dict[ImageOrderField, tuple[Any, str, Callable[[Image], Any]]] = {
    ImageOrderField.CREATED_AT: (t.c.created_at, "datetime", lambda i: i.created_at),
    # Untitled images sort as "": first ascending, last descending, as the replaced system did.
    ImageOrderField.TITLE: (func.lower(func.coalesce(t.c.title, "")), "text", lambda i: (i.title or "").lower()),
}


class SqlImageRepository(ArchivedRepository[Image, ImageFilter, ImageOrderField]):
    entity = Image
    table = images
    orders = _ORDER
    flush_before_add = True  # its job, added first

    def filtered(self, user_id: uuid.UUID, filter: ImageFilter) -> Select[tuple[Image]]:
        stmt = self.owned(user_id)
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            stmt = stmt.where(
                or_(
                    t.c.title.icontains(needle, autoescape=True),
                    t.c.user_prompt.icontains(needle, autoescape=True),
                    t.c.final_prompt.icontains(needle, autoescape=True),
                )
            )
        if filter.composition:
            stmt = stmt.where(t.c.composition == filter.composition)
        if filter.has_overlay is not None:
            stmt = stmt.where(t.c.overlay.is_not(None) if filter.has_overlay else t.c.overlay.is_(None))
        for tag in filter.tags:
            if tag.strip():
                stmt = stmt.where(cast(t.c.tags, String).icontains(tag_needle(tag), autoescape=True))
        return stmt

    async def spend(self, user_id: uuid.UUID, start: datetime, end: datetime) -> list[SpendPart]:
        stmt = (
            select(t.c.size, t.c.quality, func.count(), func.sum(t.c.cost_usd))
            .where(
                t.c.user_id == user_id,
                t.c.status == ImageStatus.SUCCEEDED,
                t.c.cost_usd.is_not(None),
                t.c.completed_at >= start,
                t.c.completed_at < end,
            )
            .group_by(t.c.size, t.c.quality)
            .order_by(t.c.size, t.c.quality)
        )
        rows = (await self.session.execute(stmt)).all()
        return [SpendPart(size, quality, int(n), Decimal(total)) for size, quality, n, total in rows]
