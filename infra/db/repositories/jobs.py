from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.jobs.entities import Job, JobFilter, JobStatus
from infra.db import tables
from infra.db.pagination import count, paginate

t = tables.jobs


class SqlJobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, job: Job) -> None:
        self.session.add(job)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, job_id: uuid.UUID) -> Job | None:
        return await self.session.scalar(select(Job).where(t.c.id == job_id, t.c.user_id == user_id))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Job]:
        if not ids:
            return []
        return list((await self.session.scalars(select(Job).where(t.c.user_id == user_id, t.c.id.in_(ids)))).all())

    async def get_for_update(self, job_id: uuid.UUID) -> Job | None:
        stmt = select(Job).where(t.c.id == job_id).execution_options(populate_existing=True)
        if self.session.bind.dialect.name != "sqlite":
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def claim(self, job_id: uuid.UUID, now: datetime) -> bool:
        result = await self.session.execute(
            update(t)
            .where(t.c.id == job_id, t.c.status == JobStatus.QUEUED, t.c.cancel_requested.is_(False))
            .values(
                status=JobStatus.RUNNING,
                attempts=t.c.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                updated_at=now,
                run_after=None,
                message="Running",
                revision=t.c.revision + 1,
            )
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    def _filtered(self, user_id: uuid.UUID, filter: JobFilter) -> Select[Any]:
        stmt = select(Job).where(t.c.user_id == user_id)
        if filter.statuses:
            stmt = stmt.where(t.c.status.in_(filter.statuses))
        if filter.kinds:
            stmt = stmt.where(t.c.kind.in_(filter.kinds))
        return stmt

    async def page(self, user_id: uuid.UUID, filter: JobFilter, page: PageRequest) -> Page[Job]:
        return await paginate(
            self.session,
            self._filtered(user_id, filter),
            entity=Job,
            key=t.c.created_at,
            key_kind="datetime",
            key_of=lambda j: j.created_at,
            id_col=t.c.id,
            direction=SortDirection.DESC,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, filter: JobFilter) -> int:
        return await count(self.session, self._filtered(user_id, filter))

    async def stale_running(self, heartbeat_before: datetime) -> list[Job]:
        stmt = select(Job).where(t.c.status == JobStatus.RUNNING, t.c.heartbeat_at < heartbeat_before)
        return list((await self.session.scalars(stmt)).all())

    async def queued_before(self, updated_before: datetime) -> list[Job]:
        stmt = select(Job).where(t.c.status == JobStatus.QUEUED, t.c.updated_at < updated_before)
        return list((await self.session.scalars(stmt)).all())
