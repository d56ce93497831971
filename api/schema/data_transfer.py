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
    include_equipment: bool = strawberry.field(
        default=True, description="Your software and plugins; their secrets only with a `passphrase`."
    )

    passphrase: str | None = strawberry.field(
        default=None,
        description="Put the secrets (equipment passwords, license keys and prices) into the archive, encrypted with "
        "this passphrase (8 to 1024 characters, used exactly as given; an empty one counts as none). Without it "
        "the archive holds no secrets, and its sections say how many items' secrets were left out. The import "
        "needs the same passphrase; nobody, the server included, can open them without it.",
    )


@strawberry.input
class DataImportCreateInput:
    upload_id: strawberry.ID
    passphrase: str | None = strawberry.field(
        default=None,
        description="The passphrase the archive was exported with, to restore its secrets; a wrong one fails the job "
        "(`WRONG_PASSPHRASE`) before anything is written. Left out (or empty), the secrets are left out and the "
        "result says so; importing the archive again later skips the items already there, secrets and all.",
    )


strawberry.enum(
    domain.ImportedSecrets,
    name="DataImportSecrets",
    description="What an import did with secrets: NONE (the archive had none to give), RESTORED (opened with the "
    "passphrase), NOT_IN_ARCHIVE (it was exported without a passphrase: they were left out), NO_PASSPHRASE (it "
    "holds them, but none was given: left out).",
)


@strawberry.type(description="One section of an export archive (`<name>.json`, one per area with data to move).")
class DataExportSection:
    name: str = strawberry.field(description="The section: `profile`, `sketches`, `prompt_templates`, …")
    exported: int = strawberry.field(description="How many items the archive holds.")
    secrets_left_out: int = strawberry.field(
        description="Items written without the secrets they have (the export had no passphrase)."
    )


@strawberry.type(description="What an import did with one section of the archive.")
class DataImportSection:
    name: str = strawberry.field(description="The section: `profile`, `sketches`, `prompt_templates`, …")
    created: int = strawberry.field(
        description="Items written: new ones, or for a section restored in place (profile, prompt templates) "
        "changed ones."
    )
    skipped: int = strawberry.field(description="Already there: importing twice creates nothing twice.")
    secrets_left_out: int = strawberry.field(description="Items created without the secrets they had.")


def _counted(sections: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in sections) or "nothing"


@strawberry.type(description="A data export archive; the download URL is signed and expires.")
class DataExport(JobResult):
    filename: str
    size_bytes: BigInt
    sha256: str
    sections: list[DataExportSection] = strawberry.field(description="Each section the archive holds.")
    secrets_included: bool = strawberry.field(
        description="Whether the archive holds the secrets, encrypted with the passphrase given for the export."
    )
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
            summary=f"Exported {_counted((s.name, s.exported) for s in r.sections)}"
            + (", with the secrets." if r.secrets_included else "."),
            filename=r.filename,
            size_bytes=BigInt(r.size_bytes),
            sha256=r.sha256,
            sections=[
                DataExportSection(name=s.name, exported=s.exported, secrets_left_out=s.secrets_left_out)
                for s in r.sections
            ],
            secrets_included=r.secrets_included,
            sketch_count=r.exported("sketches"),
            prompt_template_count=r.exported("prompt_templates"),
            _key=r.key,
        )


def import_notices(r: domain.DataImportResult) -> list[str]:
    """What the user should know about an import besides its counts."""
    left_out = _counted((s.name, s.secrets_left_out) for s in r.sections if s.secrets_left_out)
    if r.secrets == domain.ImportedSecrets.NOT_IN_ARCHIVE:
        return [f"Secrets left out ({left_out}): the archive was exported without a passphrase, so it holds none."]
    if r.secrets == domain.ImportedSecrets.NO_PASSPHRASE:
        return [
            f"Secrets left out ({left_out}): the archive holds them, encrypted, but no passphrase was given. "
            "Importing it again skips the items already there, secrets and all."
        ]
    return []


@strawberry.type
class DataImportResult(JobResult):
    sections: list[DataImportSection] = strawberry.field(description="Each section the archive held.")
    secrets: domain.ImportedSecrets
    notices: list[str] = strawberry.field(description="What to know besides the counts: secrets left out, and why.")
    sketches_created: int = strawberry.field(deprecation_reason="Use `sections` (name `sketches`, `created`).")
    sketches_skipped: int = strawberry.field(
        description="Already present: importing twice creates nothing twice.",
        deprecation_reason="Use `sections` (name `sketches`, `skipped`).",
    )
    prompt_templates: int = strawberry.field(deprecation_reason="Use `sections` (name `prompt_templates`, `created`).")

    @classmethod
    def from_result(cls, r: domain.DataImportResult) -> DataImportResult:
        skipped = sum(s.skipped for s in r.sections)
        notices = import_notices(r)
        return cls(
            summary=f"Imported {_counted((s.name, s.created) for s in r.sections)}"
            + (f" ({skipped} already there)." if skipped else ".")
            + "".join(f" {notice}" for notice in notices),
            sections=[
                DataImportSection(
                    name=s.name, created=s.created, skipped=s.skipped, secrets_left_out=s.secrets_left_out
                )
                for s in r.sections
            ],
            secrets=domain.ImportedSecrets(r.secrets),
            notices=notices,
            sketches_created=r.section("sketches").created,
            sketches_skipped=r.section("sketches").skipped,
            prompt_templates=r.section("prompt_templates").created,
        )
