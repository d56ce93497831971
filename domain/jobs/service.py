"""Creating, reading and cancelling jobs. Execution is in executor.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.events import EventBus
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.jobs.entities import Job, JobFilter, JobOrderField, JobStatus, JobType, job_topic
from domain.jobs.ports import JobQueue, JobsUnitOfWork


@dataclass
class JobService:
    uow: JobsUnitOfWork
    queue: JobQueue
    events: EventBus
    max_attempts: int = 3

    async def create(self, user_id: uuid.UUID, job_type: JobType[Any], payload: dict[str, Any]) -> Job:
        """Adds the job to the caller's unit of work; it is enqueued only once that commits."""
        now = utcnow()
        job = Job(
            user_id=user_id,
            kind=job_type.kind,
            payload=payload,
            created_at=now,
            updated_at=now,
            max_attempts=self.max_attempts,
            message="Queued",
        )
        await self.uow.jobs.add(job)

        async def enqueue() -> None:
            await self.queue.enqueue(job.id)

        self.uow.after_commit(enqueue)
        return job

    async def cancel(self, user_id: uuid.UUID, job_id: uuid.UUID) -> Job:
        # Locked: the status checked here and the revision bumped below are the row's, not a stale copy that a
        # concurrent cancel or the job itself has changed since.
        job = await self.uow.jobs.get_locked(user_id, job_id)
        if job is None:
            raise not_found("Job", "id")
        if job.status.is_terminal:
            raise DomainError.single(
                ErrorCode.INVALID, f"The job has already ended ({job.status.value.lower()}).", "id"
            )
        now = utcnow()
        if job.status is JobStatus.QUEUED:
            job.status = JobStatus.CANCELLED
            job.finished_at = now
            job.message = "Cancelled"
        else:
            # The executor sees the flag (event or next progress step) and stops the handler.
            job.cancel_requested = True
            job.message = "Cancelling…"
        job.updated_at = now
        job.revision += 1
        snapshot = job.snapshot()

        async def publish() -> None:
            await self.events.publish(job_topic(job.id), snapshot)

        self.uow.after_commit(publish)
        return job

    async def page(
        self,
        user_id: uuid.UUID,
        filter: JobFilter,
        order_by: JobOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Job]:
        return await self.uow.jobs.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: JobFilter) -> int:
        return await self.uow.jobs.count(user_id, filter)

    async def get(self, user_id: uuid.UUID, job_id: uuid.UUID) -> Job | None:
        return await self.uow.jobs.get(user_id, job_id)
