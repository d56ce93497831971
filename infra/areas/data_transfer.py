from __future__ import annotations

from domain.data_transfer.service import (
    DATA_EXPORT,
    DATA_IMPORT,
    DataExportHandler,
    DataImportHandler,
    DataTransferService,
)
from domain.files.service import UploadService
from domain.jobs.service import JobService
from infra.areas.base import Area, JobRegistration

AREA = Area(
    name="data_transfer",
    services={DataTransferService: lambda s: DataTransferService(jobs=s.get(JobService), uploads=s.get(UploadService))},
    jobs=(
        JobRegistration(DATA_EXPORT, lambda c: DataExportHandler(c.storage, c.archive_sections)),
        JobRegistration(
            DATA_IMPORT, lambda c: DataImportHandler(c.storage, c.settings.upload_max_bytes, c.archive_sections)
        ),
    ),
)
