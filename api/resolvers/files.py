from __future__ import annotations

import strawberry

from api.context import Info
from api.resolvers.common import mutate
from api.schema.common import command
from api.schema.files import Upload, UploadCreateInput, UploadCreatePayload
from api.schema.part import SchemaPart
from domain.files.entities import UploadRequest
from domain.files.service import UploadService


@strawberry.type
class FileMutation:
    @strawberry.mutation(description="Declare a file and get a signed URL to send its bytes to.")
    async def upload_create(self, info: Info, input: UploadCreateInput) -> UploadCreatePayload:
        return await mutate(
            info,
            UploadCreatePayload,
            lambda s, viewer: s.get(UploadService).create(viewer.id, command(UploadRequest, input)),
            lambda created: UploadCreatePayload(upload=Upload.from_entity(*created)),
        )


schema = SchemaPart(mutation=FileMutation, types=(Upload,))
