from __future__ import annotations

import strawberry

from api.context import Info
from api.ids import decode_uuid
from api.resolvers.common import mutate
from api.resolvers.files import upload_service
from api.resolvers.jobs import job_service
from api.schema.jobs import Job, JobPayload
from domain.common.errors import not_found
from domain.data_transfer.service import DataTransferService


@strawberry.input
class DataImportCreateInput:
    upload_id: strawberry.ID


def _service(info: Info, uow) -> DataTransferService:  # type: ignore[no-untyped-def]
    return DataTransferService(jobs=job_service(info, uow), uploads=upload_service(info, uow))


@strawberry.type
class DataTransferMutation:
    @strawberry.mutation(description="Start a job that writes all your data into one archive (see Job.result).")
    async def data_export_create(self, info: Info) -> JobPayload:
        job, errors = await mutate(info, lambda uow, viewer: _service(info, uow).start_export(viewer.id))
        return JobPayload(job=Job.from_entity(job) if job else None, user_errors=errors)

    @strawberry.mutation(description="Start a job that restores an uploaded export archive into your account.")
    async def data_import_create(self, info: Info, input: DataImportCreateInput) -> JobPayload:
        async def action(uow, viewer):  # type: ignore[no-untyped-def]
            upload_id = decode_uuid(input.upload_id, "Upload")
            if upload_id is None:
                raise not_found("Upload", "input", "uploadId")
            return await _service(info, uow).start_import(viewer.id, upload_id)

        job, errors = await mutate(info, action)
        return JobPayload(job=Job.from_entity(job) if job else None, user_errors=errors)
