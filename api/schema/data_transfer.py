from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry

from api.context import Info
from api.schema.common import BigInt
from api.schema.files import signed_download
from api.schema.jobs import JobResult
from domain.data_transfer import service as domain
from domain.files.ports import SignedRequest


@strawberry.input(description="What the archive holds besides your profile, which is always in it. Leave it out: all.")
class DataExportCreateInput:
    include_sketches: bool = strawberry.field(default=True, description="Your sketches (archived ones too).")
    include_prompt_templates: bool = strawberry.field(
        default=True, description="Your edits of the shipped templates and your own templates."
    )
    include_songs: bool = strawberry.field(
        default=True, description="Your songs and their choices, with the audio, covers and stems kept for them."
    )
    include_images: bool = strawberry.field(
        default=True, description="Your images with their pictures and thumbnails, and the overlays made of them."
    )
    include_projects: bool = strawberry.field(
        default=True,
        description="Your projects with their folders, their files (streamed into the archive: it may be large) and "
        "the songs, sketches and images filed in them.",
    )


@strawberry.input
class DataImportCreateInput:
    upload_id: strawberry.ID


@strawberry.type(description="One section of an export archive (`<name>.json`, one per area with data to move).")
class DataExportSection:
    name: str = strawberry.field(description="The section: `profile`, `sketches`, `prompt_templates`, …")
    exported: int = strawberry.field(description="How many items the archive holds.")


@strawberry.type(description="What an import did with one section of the archive.")
class DataImportSection:
    name: str = strawberry.field(description="The section: `profile`, `sketches`, `prompt_templates`, …")
    created: int = strawberry.field(
        description="Items written: new ones, or for a section restored in place (profile, prompt templates) "
        "changed ones."
    )
    skipped: int = strawberry.field(description="Already there: importing twice creates nothing twice.")


def _counted(sections: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in sections) or "nothing"


@strawberry.type(description="A data export archive; the download URL is signed and expires.")
class DataExport(JobResult):
    filename: str
    size_bytes: BigInt
    sha256: str
    sections: list[DataExportSection] = strawberry.field(description="Each section the archive holds.")
    sketch_count: int = strawberry.field(deprecation_reason="Use `sections` (name `sketches`).")
    prompt_template_count: int = strawberry.field(deprecation_reason="Use `sections` (name `prompt_templates`).")
    _key: strawberry.Private[str]

    @strawberry.field(description="A signed URL to GET the archive; valid until `expiresAt`.")
    async def download_url(self, info: Info) -> str:
        return (await self._signed(info)).url

    @strawberry.field
    async def expires_at(self, info: Info) -> datetime:
        return (await self._signed(info)).expires_at

    async def _signed(self, info: Info) -> SignedRequest:
        return await signed_download(info, self._key, self.filename)

    @classmethod
    def from_result(cls, r: domain.DataExportResult) -> DataExport:
        return cls(
            summary=f"Exported {_counted((s.name, s.exported) for s in r.sections)}.",
            filename=r.filename,
            size_bytes=BigInt(r.size_bytes),
            sha256=r.sha256,
            sections=[DataExportSection(name=s.name, exported=s.exported) for s in r.sections],
            sketch_count=r.exported("sketches"),
            prompt_template_count=r.exported("prompt_templates"),
            _key=r.key,
        )


@strawberry.type
class DataImportResult(JobResult):
    sections: list[DataImportSection] = strawberry.field(description="Each section the archive held.")
    sketches_created: int = strawberry.field(deprecation_reason="Use `sections` (name `sketches`, `created`).")
    sketches_skipped: int = strawberry.field(
        description="Already present: importing twice creates nothing twice.",
        deprecation_reason="Use `sections` (name `sketches`, `skipped`).",
    )
    prompt_templates: int = strawberry.field(deprecation_reason="Use `sections` (name `prompt_templates`, `created`).")

    @classmethod
    def from_result(cls, r: domain.DataImportResult) -> DataImportResult:
        skipped = sum(s.skipped for s in r.sections)
        return cls(
            summary=f"Imported {_counted((s.name, s.created) for s in r.sections)}"
            + (f" ({skipped} already there)." if skipped else "."),
            sections=[DataImportSection(name=s.name, created=s.created, skipped=s.skipped) for s in r.sections],
            sketches_created=r.section("sketches").created,
            sketches_skipped=r.section("sketches").skipped,
            prompt_templates=r.section("prompt_templates").created,
        )
