from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.context import Info
from api.ids import encode_id
from api.schema.common import Node, UserError
from domain.data_transfer.service import export_filename
from domain.jobs.entities import Job as JobEntity
from domain.jobs.entities import JobKind as DomainKind
from domain.jobs.entities import JobStatus as DomainStatus

JobStatus = strawberry.enum(DomainStatus, name="JobStatus")
JobKind = strawberry.enum(DomainKind, name="JobKind")


@strawberry.type
class JobError:
    code: str
    message: str


@strawberry.type(description="A data export archive; the download URL is signed and expires.")
class DataExport:
    filename: str
    size_bytes: int
    sha256: str
    sketch_count: int
    prompt_template_count: int
    _key: strawberry.Private[str]

    @strawberry.field(description="A signed URL to GET the archive; valid until `expiresAt`.")
    async def download_url(self, info: Info) -> str:
        return (await self._signed(info)).url

    @strawberry.field
    async def expires_at(self, info: Info) -> datetime:
        return (await self._signed(info)).expires_at

    async def _signed(self, info: Info):  # type: ignore[no-untyped-def]
        # One signature per object per request, shared by url and expiresAt so they agree.
        cache = info.context.signed_urls
        if self._key not in cache:
            settings = info.context.container.settings
            cache[self._key] = await info.context.container.storage.download_url(
                self._key, self.filename, settings.signed_url_ttl_seconds
            )
        return cache[self._key]


@strawberry.type
class DataImportResult:
    sketches_created: int
    sketches_skipped: int = strawberry.field(description="Already present: importing twice creates nothing twice.")
    prompt_templates: int


JobResult = Annotated[DataExport | DataImportResult, strawberry.union("JobResult")]


@strawberry.type(description="A long-running operation. Its row is the truth; `jobProgress` streams it.")
class Job(Node):
    kind: JobKind  # type: ignore[valid-type]
    status: JobStatus  # type: ignore[valid-type]
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
    result: JobResult | None  # type: ignore[valid-type]

    @classmethod
    def from_entity(cls, job: JobEntity) -> Job:
        return cls(
            id=strawberry.ID(encode_id("Job", job.id)),
            kind=job.kind,
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


def _result(job: JobEntity) -> DataExport | DataImportResult | None:
    r = job.result
    if job.status is not DomainStatus.SUCCEEDED or not r:
        return None
    if job.kind is DomainKind.DATA_EXPORT:
        return DataExport(
            filename=r.get("filename") or export_filename(job.created_at),
            size_bytes=r["size_bytes"],
            sha256=r["sha256"],
            sketch_count=r.get("sketches", 0),
            prompt_template_count=r.get("prompt_templates", 0),
            _key=r["key"],
        )
    if job.kind is DomainKind.DATA_IMPORT:
        return DataImportResult(
            sketches_created=r["sketches_created"],
            sketches_skipped=r["sketches_skipped"],
            prompt_templates=r["prompt_templates"],
        )
    return None


@strawberry.input
class JobFilter:
    status: list[JobStatus] | None = None  # type: ignore[valid-type]
    kind: list[JobKind] | None = None  # type: ignore[valid-type]


@strawberry.input
class JobIdInput:
    id: strawberry.ID


@strawberry.type
class JobPayload:
    job: Job | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
