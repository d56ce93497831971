from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.prompt_templates.entities import TemplateOverride
from infra.db import tables

t = tables.prompt_templates


class SqlTemplateOverrideRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, override: TemplateOverride) -> None:
        self.session.add(override)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, category: str, action: str) -> TemplateOverride | None:
        stmt = select(TemplateOverride).where(t.c.user_id == user_id, t.c.category == category, t.c.action == action)
        return await self.session.scalar(stmt)

    async def list(self, user_id: uuid.UUID) -> list[TemplateOverride]:
        stmt = select(TemplateOverride).where(t.c.user_id == user_id).order_by(t.c.category, t.c.action)
        return list((await self.session.scalars(stmt)).all())

    async def delete(self, override: TemplateOverride) -> None:
        await self.session.delete(override)
        await self.session.flush()
