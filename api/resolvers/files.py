from __future__ import annotations

import strawberry

from api.context import Info
from api.resolvers.common import mutate
from api.schema.common import provided
from api.schema.files import Upload, UploadCreateInput, UploadCreatePayload
from domain.files.service import UploadService


def upload_service(info: Info, uow) -> UploadService:  # type: ignore[no-untyped-def]
    c = info.context.container
    return UploadService(
        uploads=uow.uploads,
        storage=c.storage,
        max_bytes=c.settings.upload_max_bytes,
        url_ttl_seconds=c.settings.signed_url_ttl_seconds,
    )


@strawberry.type
class FileMutation:
    @strawberry.mutation(description="Declare a file and get a signed URL to send its bytes to.")
    async def upload_create(self, info: Info, input: UploadCreateInput) -> UploadCreatePayload:
        result, errors = await mutate(
            info, lambda uow, viewer: upload_service(info, uow).create(viewer.id, provided(input))
        )
        return UploadCreatePayload(upload=Upload.from_entity(*result) if result else None, user_errors=errors)
