from __future__ import annotations

from domain.files.ports import StorageDeletionRepository, UploadRepository
from domain.files.service import UploadService
from infra.areas.base import Area
from infra.db import files as db
from infra.db.uow import Implements

AREA = Area(
    name="files",
    map_entities=db.map_entities,
    repositories={
        "uploads": Implements[UploadRepository](db.SqlUploadRepository),
        "storage_deletions": Implements[StorageDeletionRepository](db.SqlStorageDeletionRepository),
    },
    services={
        UploadService: lambda s: UploadService(
            uploads=s.uow.uploads,
            storage=s.container.storage,
            max_bytes=s.container.settings.upload_max_bytes,
            url_ttl_seconds=s.container.settings.signed_url_ttl_seconds,
        ),
    },
    sweeps=(lambda c: c.storage_deletions,),
)
