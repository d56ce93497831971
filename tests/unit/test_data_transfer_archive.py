"""Reading an uploaded export archive without I/O: ZIP bombs, lying sizes, foreign entries and damaged
documents are refused with a message that names the problem; every field passes the API's own rules."""

from __future__ import annotations

import io
import json
import os
import struct
import uuid
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.accounts.entities import Language, User
from domain.data_transfer.archive import (
    DOCUMENTS,
    EXPANDED_MAX,
    ITEM_MAX,
    READ_CHUNK,
    ArchiveError,
    ArchiveReader,
    archive_bytes,
)
from domain.prompt_templates.entities import TemplateOverride
from domain.sketches.entities import Sketch, SketchWorkflow

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def sketch_item(**changes: Any) -> dict[str, Any]:
    item = {
        "title": "Rain",
        "lyrics": None,
        "prompt": "dreamy synth pop",
        "tags": ["pop"],
        "description_long": None,
        "description_short": None,
        "description_tags": [],
        "info": None,
        "id": str(uuid.uuid4()),
        "workflow": "DRAFT",
        "created_at": NOW.isoformat(),
        "updated_at": NOW.isoformat(),
    }
    item.update(changes)
    return item


def template_item(**changes: Any) -> dict[str, Any]:
    item = {
        "category": "description",
        "action": "generate-long",
        "pre_condition": "Write",
        "post_condition": "Done",
        "description": None,
        "version": "1.1",
        "model": None,
        "temperature": 0.5,
        "max_tokens": 100,
        "active": True,
    }
    item.update(changes)
    return item


def documents(
    sketches: list[Any] | None = None,
    templates: list[Any] | None = None,
    profile: dict[str, Any] | None = None,
    counts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    sketches = [sketch_item()] if sketches is None else sketches
    templates = [] if templates is None else templates
    manifest = {
        "format": "aiproxy-export",
        "version": 1,
        "exported_at": NOW.isoformat(),
        "user_id": str(uuid.uuid4()),
        "counts": counts or {"sketches": len(sketches), "prompt_templates": len(templates)},
    }
    profile = {"first_name": None, "last_name": None, "artist_name": "Me", "language": "EN", "email": "a@b.c"} | (
        profile or {}
    )
    return {
        "manifest.json": manifest,
        "profile.json": profile,
        "sketches.json": sketches,
        "prompt_templates.json": templates,
    }


def build(docs: dict[str, Any], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, document in docs.items():
            archive.writestr(name, document if isinstance(document, bytes) else json.dumps(document))
    return buffer.getvalue()


def read(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    with ArchiveReader(io.BytesIO(data)) as reader:
        return reader.profile, list(reader.sketches()), list(reader.prompt_templates())


def refused(data: bytes) -> str:
    with pytest.raises(ArchiveError) as caught:
        read(data)
    return str(caught.value)


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with `name`'s uncompressed size in the central directory replaced by `size`."""
    at = 0
    encoded = name.encode()
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == encoded:
            return data[: at + 24] + struct.pack("<L", size) + data[at + 28 :]
        at += 4
    raise AssertionError(f"{name} not in the central directory")


def test_an_export_reads_back_field_for_field() -> None:
    user = User(
        email="a@b.c", password_hash="x", created_at=NOW, updated_at=NOW, artist_name="Zoë", language=Language.DE
    )
    sketch = Sketch(
        user_id=user.id,
        prompt="lo-fi 日本語",
        created_at=NOW,
        updated_at=NOW,
        title="Grüße 🎵",
        tags=["a", "b"],
        workflow=SketchWorkflow.USED,
    )
    override = TemplateOverride(
        user_id=user.id,
        category="mine",
        action="do-it",
        pre_condition="pre",
        post_condition="post",
        version="1.3",
        created_at=NOW,
        updated_at=NOW,
        temperature=1,
        max_tokens=5,
        active=False,
    )
    profile, sketches, templates = read(archive_bytes(user, [sketch], [override], NOW))
    assert profile == {"first_name": None, "last_name": None, "artist_name": "Zoë", "language": Language.DE}
    [values] = sketches
    assert Sketch(user_id=user.id, **values).title == "Grüße 🎵"
    assert values["origin_id"] == sketch.id and values["workflow"] == SketchWorkflow.USED
    assert values["created_at"] == NOW and values["tags"] == ["a", "b"]
    assert templates == [
        {
            "category": "mine",
            "action": "do-it",
            "pre_condition": "pre",
            "post_condition": "post",
            "description": None,
            "model": None,
            "temperature": 1,
            "max_tokens": 5,
            "active": False,
            "version": "1.3",
        }
    ]


def test_values_are_cleaned_as_the_api_cleans_them() -> None:
    item = sketch_item(title="  padded  ", lyrics="   ", tags=[" a ", "A", "", "b"])
    _, [values], [template] = read(build(documents([item], [template_item(model="  m  ", version=None)])))
    assert values["title"] == "padded" and values["lyrics"] is None and values["tags"] == ["a", "b"]
    assert template["model"] == "m" and template["version"] == "1.0"


def test_bombs_are_refused_by_their_declared_sizes_before_decompressing() -> None:
    docs = documents()
    # 5 MiB of blanks inside the list compress about 1000:1.
    docs["sketches.json"] = b"[" + b" " * (5 * 1024 * 1024) + json.dumps(docs["sketches.json"])[1:].encode()
    message = refused(build(docs))
    assert "sketches.json expands" in message and "at most 100 times" in message
    # Declared beyond the total cap (the bytes are never decompressed to find out).
    message = refused(declare_size(build(documents()), "sketches.json", EXPANDED_MAX + 1))
    assert message == "sketches.json expands to 256.0 MiB; at most 256 MiB is accepted."
    message = refused(declare_size(build(documents()), "profile.json", 2 * 1024 * 1024))
    assert message == "profile.json expands to 2 MiB; at most 1 MiB is accepted."


def test_sizes_that_lie_are_caught_while_decompressing() -> None:
    data = build(documents([sketch_item() for _ in range(50)]))
    # Declared far smaller than it expands: what is produced beyond the declared size is never accepted.
    message = refused(declare_size(data, "sketches.json", 100))
    assert message == "sketches.json is damaged (Bad CRC-32 for file 'sketches.json')."


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_entries_must_be_exactly_an_exports() -> None:
    docs = documents()
    assert refused(build({**docs, "extra.txt": b"hi"})) == "The archive has 5 entries; an export has 4."
    many = {f"f{i}.json": b"{}" for i in range(5000)}
    assert refused(build(many)) == "The archive has 5000 entries; an export has 4."
    assert "'evil.json', which is not part of an export" in refused(
        build({**{k: v for k, v in docs.items() if k != "profile.json"}, "evil.json": b"{}"})
    )
    assert refused(build({k: v for k, v in docs.items() if k != "profile.json"})) == (
        "The archive lacks profile.json: it is not a complete aiproxy export."
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("manifest.json", "manifest.json"):
            archive.writestr(name, json.dumps(docs["manifest.json"]))
    assert refused(buffer.getvalue()) == "The archive holds manifest.json twice."
    assert refused(build(docs, zipfile.ZIP_BZIP2)) == "manifest.json uses a compression method an export never uses."
    assert refused(os.urandom(1000)) == "The file is not a readable ZIP archive."
    assert set(DOCUMENTS) == set(docs)


def test_items_are_streamed_one_at_a_time_and_bounded() -> None:
    # Random text compresses too little to look like a bomb; the limit is enforced to within one read.
    big = os.urandom((ITEM_MAX + 2 * READ_CHUNK) // 2).hex()
    assert refused(build(documents([sketch_item(lyrics=big)]))) == "sketches.json holds an item larger than 1 MiB."
    docs = documents()
    docs["sketches.json"] = {"not": "a list"}
    assert refused(build(docs)) == "sketches.json is not a list."
    assert refused(build(documents(counts={"sketches": 2, "prompt_templates": 0}))) == (
        "sketches.json holds 1 sketches; the manifest says 2."
    )
    assert refused(build(documents([sketch_item(), sketch_item()], counts={"sketches": 1, "prompt_templates": 0}))) == (
        "sketches.json holds more sketches than the manifest's 1."
    )
    assert refused(build(documents(counts={"sketches": 10**9, "prompt_templates": 0}))) == (
        "The export holds 1000000000 sketches; an import takes at most 100000."
    )
    docs = documents()
    docs["sketches.json"] = b'[{"title": "unterminated'
    assert refused(build(docs)).startswith("sketches.json is not valid JSON (")


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (sketch_item(title="x" * 1_000_000), "Sketch 1: Title must be at most 500 characters."),
        (sketch_item(prompt="   "), "Sketch 1: Prompt is required."),
        (sketch_item(prompt=None), "Sketch 1: Prompt is required."),
        (sketch_item(title={"a": 1}), "Sketch 1: title must be text, not an object."),
        (sketch_item(tags=["ok", 3]), "Sketch 1: tags must be a list of text."),
        (sketch_item(tags=["t" * 600, "u" * 600]), "Sketch 1: Tags (joined) must be at most 1000 characters."),
        (sketch_item(description_short="s" * 151), "Sketch 1: Short description must be at most 150 characters."),
        (sketch_item(workflow="DONE"), "Sketch 1: workflow must be one of DRAFT, USED, ARCHIVED."),
        (sketch_item(id="nope"), "Sketch 1: id must be a UUID."),
        (
            sketch_item(created_at="2025-01-01T10:00:00"),
            "Sketch 1: created_at must be an ISO 8601 date and time with a time zone.",
        ),
        (sketch_item(info="a\x00b"), "Sketch 1: info contains a NUL character."),
        (sketch_item(colour="red"), "Sketch 1: unknown field 'colour'."),
        ([1, 2], "Sketch 1 is a list, not an object."),
    ],
)
def test_each_sketch_field_passes_the_api_rules(item: Any, message: str) -> None:
    assert refused(build(documents([item]))) == message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            template_item(temperature=5),
            "Prompt template 1 (description/generate-long): Temperature must be between 0 and 2.",
        ),
        (
            template_item(temperature="hot"),
            "Prompt template 1 (description/generate-long): temperature must be a number, not str.",
        ),
        (
            template_item(max_tokens=0),
            "Prompt template 1 (description/generate-long): Max tokens must be between 1 and 128000.",
        ),
        (
            template_item(max_tokens=1.5),
            "Prompt template 1 (description/generate-long): max_tokens must be a whole number, not a number.",
        ),
        (
            template_item(pre_condition="p" * 20_001),
            "Prompt template 1 (description/generate-long): Pre-condition must be at most 20000 characters.",
        ),
        (
            template_item(post_condition=None),
            "Prompt template 1 (description/generate-long): Post-condition is required.",
        ),
        (
            template_item(model="m" * 101),
            "Prompt template 1 (description/generate-long): Model must be at most 100 characters.",
        ),
        (
            template_item(version="1" * 11),
            "Prompt template 1 (description/generate-long): Version must be at most 10 characters.",
        ),
        (
            template_item(active="yes"),
            "Prompt template 1 (description/generate-long): active must be true or false, not str.",
        ),
        (template_item(category="Bad Key"), "Prompt template 1: Category may use lowercase letters, digits, - and _."),
        (template_item(action=None), "Prompt template 1: Action is required."),
    ],
)
def test_each_template_field_passes_the_api_rules(item: Any, message: str) -> None:
    assert refused(build(documents(templates=[item]))) == message


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"first_name": {"a": 1}}, "Profile: first_name must be text, not an object."),
        ({"last_name": "l" * 101}, "Profile: Last name must be at most 100 characters."),
        ({"language": "XX"}, "Profile: language must be one of EN, DE."),
        ({"email": 5}, "Profile: email must be text, not a number."),
        ({"password_hash": "x"}, "Profile: unknown field 'password_hash'."),
    ],
)
def test_the_profile_passes_the_api_rules(profile: dict[str, Any], message: str) -> None:
    assert refused(build(documents(profile=profile))) == message
