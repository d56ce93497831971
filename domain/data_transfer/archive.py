"""The export archive: a ZIP of JSON documents, versioned so later releases can still read it."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from domain.accounts.entities import User
from domain.prompt_templates import service as prompt_templates
from domain.prompt_templates.entities import TemplateOverride
from domain.sketches.entities import Sketch, SketchWorkflow

FORMAT = "aiproxy-export"
FORMAT_VERSION = 1
SKETCH_FIELDS = (
    "title",
    "lyrics",
    "prompt",
    "tags",
    "description_long",
    "description_short",
    "description_tags",
    "info",
)
TEMPLATE_FIELDS = (*prompt_templates.TEMPLATE_FIELDS, "active")
PROFILE_FIELDS = ("first_name", "last_name", "artist_name", "language")


class ArchiveError(ValueError):
    """The file is not an aiproxy export this version can read."""


def _sketch(s: Sketch) -> dict[str, Any]:
    data = {name: getattr(s, name) for name in SKETCH_FIELDS}
    data.update(
        id=str(s.id),
        workflow=s.workflow.value,
        created_at=s.created_at.isoformat(),
        updated_at=s.updated_at.isoformat(),
    )
    return data


def write_archive(
    target: IO[bytes], user: User, sketches: list[Sketch], overrides: list[TemplateOverride], now: datetime
) -> None:
    profile = {name: getattr(user, name) for name in PROFILE_FIELDS}
    profile.update(email=user.email, language=user.language.value)
    documents = {
        "manifest.json": {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": now.isoformat(),
            "user_id": str(user.id),
            "counts": {"sketches": len(sketches), "prompt_templates": len(overrides)},
        },
        "profile.json": profile,
        "sketches.json": [_sketch(s) for s in sketches],
        "prompt_templates.json": [{name: getattr(o, name) for name in TEMPLATE_FIELDS} for o in overrides],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, document in documents.items():
            archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=1))


@dataclass(frozen=True)
class ArchiveContents:
    # As read from the archive's JSON: untrusted until _validate has looked at them.
    profile: Any
    sketches: Any
    prompt_templates: Any


def read_archive(source: IO[bytes]) -> ArchiveContents:
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise ArchiveError("This is not an aiproxy export.")
            if manifest.get("version") != FORMAT_VERSION:
                raise ArchiveError(f"Export format version {manifest.get('version')} is not supported.")
            contents = ArchiveContents(
                profile=json.loads(archive.read("profile.json")),
                sketches=json.loads(archive.read("sketches.json")),
                prompt_templates=json.loads(archive.read("prompt_templates.json")),
            )
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArchiveError("The file is not a readable aiproxy export.") from exc
    _validate(contents)
    return contents


def _validate(contents: ArchiveContents) -> None:
    if not isinstance(contents.sketches, list) or not isinstance(contents.prompt_templates, list):
        raise ArchiveError("The export's documents have the wrong shape.")
    for item in contents.sketches:
        try:
            uuid.UUID(item["id"])
            SketchWorkflow(item["workflow"])
            if not isinstance(item.get("prompt"), str) or not item["prompt"].strip():
                raise ValueError("prompt")
        except (KeyError, ValueError, TypeError) as exc:
            raise ArchiveError("A sketch in the export is damaged.") from exc
    for item in contents.prompt_templates:
        if not all(isinstance(item.get(k), str) and item[k] for k in ("category", "action", "pre_condition")):
            raise ArchiveError("A prompt template in the export is damaged.")


def archive_bytes(user: User, sketches: list[Sketch], overrides: list[TemplateOverride], now: datetime) -> bytes:
    """For tests and small exports: the archive in memory."""
    buffer = io.BytesIO()
    write_archive(buffer, user, sketches, overrides, now)
    return buffer.getvalue()
