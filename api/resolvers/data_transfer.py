from __future__ import annotations

import strawberry

from api.context import Info
from api.ids import node_uuid
from api.resolvers.common import mutate
from api.schema.common import command
from api.schema.data_transfer import DataExport, DataExportCreateInput, DataImportCreateInput, DataImportResult
from api.schema.jobs import Job, JobPayload
from api.schema.part import SchemaPart
from domain.data_transfer.service import DATA_EXPORT, DATA_IMPORT, DataTransferService, ExportOptions
from domain.jobs.entities import Job as JobEntity


def _job(job: JobEntity) -> JobPayload:
    return JobPayload(job=Job.from_entity(job))


@strawberry.type
class DataTransferMutation:
    @strawberry.mutation(
        description="Start a job that writes your data into one archive (see Job.result): everything, unless "
        "`input` leaves parts out; the secrets only with a passphrase."
    )
    async def data_export_create(self, info: Info, input: DataExportCreateInput | None = None) -> JobPayload:
        given = input or DataExportCreateInput()
        options = command(ExportOptions, given, exclude=("passphrase",))
        passphrase = given.passphrase or None
        return await mutate(
            info,
            JobPayload,
            lambda s, viewer: s.get(DataTransferService).start_export(viewer.id, options, passphrase),
            _job,
        )

    @strawberry.mutation(
        description="Start a job that restores an uploaded export archive into your account; its secrets too, given "
        "the export's passphrase."
    )
    async def data_import_create(self, info: Info, input: DataImportCreateInput) -> JobPayload:
        return await mutate(
            info,
            JobPayload,
            lambda s, viewer: s.get(DataTransferService).start_import(
                viewer.id, node_uuid(input.upload_id, "Upload", "upload_id"), input.passphrase or None
            ),
            _job,
        )


schema = SchemaPart(
    mutation=DataTransferMutation,
    types=(DataExport, DataImportResult),
    job_results={DATA_EXPORT.kind: DataExport.from_result, DATA_IMPORT.kind: DataImportResult.from_result},
)
