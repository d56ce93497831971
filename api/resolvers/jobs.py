from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid
from api.resolvers.common import mutate
from api.schema.common import Connection, page_request, sql_connection
from api.schema.jobs import Job, JobFilter, JobIdInput, JobPayload
from domain.common.errors import not_found
from domain.jobs.entities import Job as JobEntity
from domain.jobs.entities import JobFilter as DomainFilter
from domain.jobs.entities import job_topic
from domain.jobs.service import JobService


def job_id(global_id: str) -> uuid.UUID:
    value = decode_uuid(global_id, "Job")
    if value is None:
        raise not_found("Job", "input", "id")
    return value


def job_service(info: Info, uow) -> JobService:  # type: ignore[no-untyped-def]
    c = info.context.container
    return JobService(uow=uow, queue=c.queue, events=c.events, max_attempts=c.settings.job_max_attempts)


@strawberry.type
class JobQuery:
    @strawberry.field(description="The viewer's jobs, newest first.")
    async def jobs(
        self,
        info: Info,
        filter: JobFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Job]:
        viewer_id = await info.context.viewer_id()
        f = DomainFilter(
            statuses=tuple(filter.status or ()) if filter else (),
            kinds=tuple(filter.kind or ()) if filter else (),
        )
        request = page_request(first, after, last, before)
        return await sql_connection(
            info.context.uow,
            lambda uow: uow.jobs.page(viewer_id, f, request),
            lambda uow: uow.jobs.count(viewer_id, f),
            Job.from_entity,
        )


@strawberry.type
class JobMutation:
    @strawberry.mutation(description="Cancel a job: a queued job ends at once, a running one stops at its next step.")
    async def job_cancel(self, info: Info, input: JobIdInput) -> JobPayload:
        job, errors = await mutate(info, lambda uow, viewer: job_service(info, uow).cancel(viewer.id, job_id(input.id)))
        return JobPayload(job=Job.from_entity(job) if job else None, user_errors=errors)


@strawberry.type
class JobSubscription:
    @strawberry.subscription(description="The job as it is now, then every change; completes when the job ends.")
    async def job_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Job, None]:
        viewer_id = await info.context.viewer_id()
        ident = decode_uuid(id, "Job")
        if ident is None:
            raise ClientError("No such job.", "NOT_FOUND")
        events = info.context.container.events
        # Subscribe before reading the snapshot: whatever changes after the read arrives as an event.
        async with events.subscribe(job_topic(ident)) as stream:
            async with info.context.uow() as uow:
                job = await uow.jobs.get(viewer_id, ident)
            if job is None:
                raise ClientError("No such job.", "NOT_FOUND")
            yield Job.from_entity(job)
            revision = job.revision
            if job.status.is_terminal:
                return
            async for message in stream:
                current = JobEntity.from_snapshot(message)
                if current.revision <= revision:
                    continue  # older than what the client already has
                revision = current.revision
                yield Job.from_entity(current)
                if current.status.is_terminal:
                    return
