from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from api.schema.jobs import JobResult
from domain.data_transfer import service as domain
from domain.files.ports import SignedRequest


@strawberry.input(description="What the archive holds besides your profile, which is always in it. Leave it out: all.")
class DataExportCreateInput:
    include_sketches: bool = strawberry.field(default=True, description="Your sketches (archived ones too).")
    include_prompt_templates: bool = strawberry.field(
        default=True, description="Your edits of the shipped templates and your own templates."
    )


@strawberry.input
class DataImportCreateInput:
    upload_id: strawberry.ID


@strawberry.type(description="A data export archive; the download URL is signed and expires.")
class DataExport(JobResult):
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

    async def _signed(self, info: Info) -> SignedRequest:
        # One signature per object per request, shared by url and expiresAt so they agree.
        cache = info.context.signed_urls
        if self._key not in cache:
            settings = info.context.container.settings
            cache[self._key] = await info.context.container.storage.download_url(
                self._key, self.filename, settings.signed_url_ttl_seconds
            )
        return cache[self._key]

    @classmethod
    def from_result(cls, r: domain.DataExportResult) -> DataExport:
        return cls(
            summary=f"Exported {r.sketches} sketches and {r.prompt_templates} prompt templates.",
            filename=r.filename,
            size_bytes=r.size_bytes,
            sha256=r.sha256,
            sketch_count=r.sketches,
            prompt_template_count=r.prompt_templates,
            _key=r.key,
        )


@strawberry.type
class DataImportResult(JobResult):
    sketches_created: int
    sketches_skipped: int = strawberry.field(description="Already present: importing twice creates nothing twice.")
    prompt_templates: int

    @classmethod
    def from_result(cls, r: domain.DataImportResult) -> DataImportResult:
        return cls(
            summary=f"Imported {r.sketches_created} sketches ({r.sketches_skipped} already there) and "
            f"{r.prompt_templates} prompt templates.",
            sketches_created=r.sketches_created,
            sketches_skipped=r.sketches_skipped,
            prompt_templates=r.prompt_templates,
        )
