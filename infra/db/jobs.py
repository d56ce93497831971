"""Jobs in SQL: the table that is the truth about every long-running operation."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, Index, Integer, Select, String, Table, Text, Uuid, select, update
from sqlalchemy.orm import registry

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.jobs.entities import Job, JobFilter, JobOrderField, JobStatus
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import OwnedRepository
from infra.db.types import UTCDateTime

jobs = Table(
    "jobs",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    # The kinds come from the areas' registrations; stored as strings (no database enum to migrate).
    Column("kind", String(32), nullable=False),
    Column("status", enum_type(JobStatus, "job_status"), nullable=False),
    Column("progress", Float, nullable=False),
    Column("message", Text),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("result", JSON),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("external_ids", JSON, nullable=False),
    Column("cancel_requested", Boolean, nullable=False),
    Column("run_after", UTCDateTime()),
    Column("started_at", UTCDateTime()),
    Column("finished_at", UTCDateTime()),
    Column("heartbeat_at", UTCDateTime()),
    Column("revision", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_jobs_user_created", "user_id", "created_at", "id"),
    Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
)

t = jobs


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Job, jobs)


# Sort key and where a job keeps it; both are times (the cursor reads them back as such).
_ORDER: dict[JobOrderField, tuple[Any, Callable[[Job], Any]]] = {
    JobOrderField.CREATED_AT: (t.c.created_at, lambda j: j.created_at),
    JobOrderField.UPDATED_AT: (t.c.updated_at, lambda j: j.updated_at),
}


class SqlJobRepository(OwnedRepository[Job]):
    entity = Job
    table = jobs

    async def claim(self, job_id: uuid.UUID, now: datetime) -> Job | None:
        # One statement that takes the job and reads it back (UPDATE … RETURNING): a job starts sooner.
        claimed = await self.session.scalars(
            update(Job)
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
            .returning(Job),
            execution_options={"synchronize_session": False, "populate_existing": True},
        )
        return claimed.one_or_none()

    def _filtered(self, user_id: uuid.UUID, filter: JobFilter) -> Select[tuple[Job]]:
        stmt = self.owned(user_id)
        if filter.statuses:
            stmt = stmt.where(t.c.status.in_(filter.statuses))
        if filter.kinds:
            stmt = stmt.where(t.c.kind.in_(filter.kinds))
        return stmt

    async def page(
        self,
        user_id: uuid.UUID,
        filter: JobFilter,
        order_by: JobOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Job]:
        key, key_of = _ORDER[order_by]
        return await self.paginate(
            self._filtered(user_id, filter),
            key=key,
            key_kind="datetime",
            key_of=key_of,
            direction=direction,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, filter: JobFilter) -> int:
        return await self.count_of(self._filtered(user_id, filter))

    async def stale_running(self, heartbeat_before: datetime) -> list[Job]:
        # Locked, skipping rows another worker's recovery pass holds: each lost job is recovered once.
        stmt = (
            select(Job)
            .where(t.c.status == JobStatus.RUNNING, t.c.heartbeat_at < heartbeat_before)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def queued_before(self, updated_before: datetime) -> list[Job]:
        stmt = (
            select(Job)
            .where(t.c.status == JobStatus.QUEUED, t.c.updated_at < updated_before)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def payload_values_after(
        self, kinds: Sequence[str], name: str, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID, object]]:
        stmt = select(t.c.id, t.c.user_id, t.c.payload).where(t.c.kind.in_(kinds)).order_by(t.c.id).limit(limit)
        if after is not None:
            stmt = stmt.where(t.c.id > after)
        rows = await self.session.execute(stmt)
        return [(id, user_id, (payload or {}).get(name)) for id, user_id, payload in rows]
