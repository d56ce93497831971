from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid, node_uuid
from api.resolvers.common import mutate, viewer_list
from api.schema.common import Connection, page_request
from api.schema.jobs import Job, JobFilter, JobIdInput, JobOrder, JobPayload
from api.schema.part import SchemaPart
from api.streams import EVENTS_LOST, EVENTS_LOST_MESSAGE
from domain.common.events import EventsUnavailable
from domain.common.streaming import POLL_SECONDS
from domain.jobs.entities import Job as JobEntity
from domain.jobs.entities import JobFilter as DomainFilter
from domain.jobs.entities import job_topic
from domain.jobs.service import JobService


@strawberry.type
class JobQuery:
    @strawberry.field(
        description="The viewer's jobs, by default newest first; 20 a page unless `first`/`last` say otherwise, "
        "at most 100."
    )
    async def jobs(
        self,
        info: Info,
        filter: JobFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: JobOrder | None = None,
    ) -> Connection[Job]:
        wanted = DomainFilter(
            statuses=tuple(filter.status or ()) if filter else (),
            kinds=tuple(k.value for k in filter.kind or ()) if filter else (),
        )
        request = page_request(first, after, last, before)
        return await viewer_list(info, JobService, wanted, order_by or JobOrder(), request, Job.from_entity)


@strawberry.type
class JobMutation:
    @strawberry.mutation(description="Cancel a job: a queued job ends at once, a running one stops at its next step.")
    async def job_cancel(self, info: Info, input: JobIdInput) -> JobPayload:
        return await mutate(
            info,
            JobPayload,
            lambda s, viewer: s.get(JobService).cancel(viewer.id, node_uuid(input.id, "Job", "id")),
            lambda job: JobPayload(job=Job.from_entity(job)),
        )


@strawberry.type
class JobSubscription:
    @strawberry.subscription(description="The job as it is now, then every change; completes when the job ends.")
    async def job_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Job, None]:
        viewer_id = await info.context.viewer_id()
        ident = decode_uuid(id, "Job")
        if ident is None:
            raise ClientError("No such job.", "NOT_FOUND")

        async def load() -> JobEntity:
            job = await info.context.read(JobService, lambda s: s.get(viewer_id, ident))
            if job is None:
                raise ClientError("No such job.", "NOT_FOUND")
            return job

        events = info.context.container.events
        sent = False
        try:
            # Subscribe before reading the snapshot: whatever changes after the read arrives as an event.
            async with events.subscribe(job_topic(ident)) as stream:
                job = await load()
                sent = True
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
            return
        except EventsUnavailable:
            if sent:  # the bus was lost mid-way: say so; subscribing again starts from the row
                raise ClientError(EVENTS_LOST_MESSAGE, EVENTS_LOST) from None
        # No event bus (Redis is down): follow the row itself.
        job = await load()
        yield Job.from_entity(job)
        while not job.status.is_terminal:
            await asyncio.sleep(POLL_SECONDS)
            current = await load()
            if current.revision > job.revision:
                job = current
                yield Job.from_entity(job)


schema = SchemaPart(query=JobQuery, mutation=JobMutation, subscription=JobSubscription, types=(Job,))
