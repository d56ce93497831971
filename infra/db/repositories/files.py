from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.files.entities import Upload
from infra.db import tables

t = tables.uploads


class SqlUploadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, upload: Upload) -> None:
        self.session.add(upload)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> Upload | None:
        return await self.session.scalar(select(Upload).where(t.c.id == upload_id, t.c.user_id == user_id))
