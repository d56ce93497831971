from __future__ import annotations

from datetime import timedelta

from domain.data_transfer.rotation import JobPassphrasesRotation
from domain.data_transfer.service import (
    DATA_EXPORT,
    DATA_IMPORT,
    DataExportHandler,
    DataImportHandler,
    DataTransferService,
    passphrase_forgetter,
)
from domain.files.service import ExpiredUploads, UploadService
from domain.jobs.service import JobService
from infra.areas.base import Area, JobRegistration
from infra.security.archive_keys import ScryptArchiveKeys

AREA = Area(
    name="data_transfer",
    services={
        DataTransferService: lambda s: DataTransferService(
            jobs=s.get(JobService), uploads=s.get(UploadService), cipher=s.container.cipher
        )
    },
    jobs=(
        JobRegistration(
            DATA_EXPORT,
            lambda c: DataExportHandler(
                c.storage, c.archive_sections, c.cipher, ScryptArchiveKeys(c.cipher), passphrase_forgetter(c.uow)
            ),
        ),
        JobRegistration(
            DATA_IMPORT,
            lambda c: DataImportHandler(
                c.storage,
                c.settings.upload_max_bytes,
                c.archive_sections,
                c.cipher,
                ScryptArchiveKeys(c.cipher),
                passphrase_forgetter(c.uow),
            ),
        ),
    ),
    sweeps=(
        lambda c: ExpiredUploads(
            c.uow, c.storage_deletions, timedelta(hours=c.settings.upload_keep_hours), used_by=(DATA_IMPORT.kind,)
        ),
    ),
    encrypted_values=(JobPassphrasesRotation(),),
)
