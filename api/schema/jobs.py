from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Self, TypeAlias

import strawberry

from api.context import Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.parts import job_result_builders, job_types
from api.schema.common import Node, UserError
from domain.common.pagination import SortDirection
from domain.jobs.entities import Job as JobEntity
from domain.jobs.entities import JobOrderField, JobStatus

if TYPE_CHECKING:
    JobKind: TypeAlias = Enum
else:
    # The kinds the areas register (infra/areas), so a new area's jobs need no edit here.
    JobKind = strawberry.enum(
        Enum(
            "JobKind",
            {k: strawberry.enum_value(k, description=t.description) for k, t in sorted(job_types().items())},
        ),
        description="What a job does.",
    )

strawberry.enum(JobStatus, name="JobStatus")
strawberry.enum(JobOrderField, name="JobOrderField")

jobs_by_id = owned_by_id(lambda uow: uow.jobs)


@strawberry.type
class JobError:
    code: str
    message: str


@strawberry.interface(description="What a finished job produced; each kind of job has its own type.")
class JobResult:
    summary: str = strawberry.field(description="One line a person can read, e.g. 'Exported 12 sketches'.")


@strawberry.type(description="A long-running operation. Its row is the truth; `jobProgress` streams it.")
class Job(Node):
    type_name: ClassVar[str] = "Job"
    kind: JobKind
    status: JobStatus
    progress: float = strawberry.field(description="0 to 1.")
    message: str | None
    attempts: int
    max_attempts: int
    cancel_requested: bool
    error: JobError | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: JobResult | None = strawberry.field(description="Set once the job has SUCCEEDED.")

    @classmethod
    def from_entity(cls, job: JobEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Job", job.id)),
            kind=JobKind(job.kind),
            status=job.status,
            progress=job.progress,
            message=job.message,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            cancel_requested=job.cancel_requested,
            error=JobError(code=job.error_code, message=job.error_message or "") if job.error_code else None,
            created_at=job.created_at,
            updated_at=job.updated_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            result=_result(job),
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        job = await info.context.loaders(jobs_by_id).load(uuid.UUID(key))
        return cls.from_entity(job) if job else None


def _result(job: JobEntity) -> JobResult | None:
    """The area's typed result, shown through the GraphQL type its module registered for the kind."""
    job_type, build = job_types().get(job.kind), job_result_builders().get(job.kind)
    if job.status is not JobStatus.SUCCEEDED or job_type is None or build is None:
        return None
    result = job_type.decode(job.result)
    return build(result) if result is not None else None  # type: ignore[return-value]  # builders make JobResults


@strawberry.input
class JobFilter:
    status: list[JobStatus] | None = None
    kind: list[JobKind] | None = None


@strawberry.input(description="The order of jobs.")
class JobOrder:
    field: JobOrderField = strawberry.field(default=JobOrderField.CREATED_AT, description="CREATED_AT: the default.")
    direction: SortDirection = SortDirection.DESC


@strawberry.input
class JobIdInput:
    id: strawberry.ID


@strawberry.type
class JobPayload:
    job: Job | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
