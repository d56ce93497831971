"""Reading an uploaded export archive without I/O: ZIP bombs, lying sizes, foreign entries and damaged
documents are refused with a message that names the problem; every field passes the API's own rules.

Most archives here are built by hand in format 1 (the three documents written before sections), which the
reader still reads; the format-2 tests write with `ArchiveWriter` and include a test-only section."""

from __future__ import annotations

import io
import json
import os
import struct
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.accounts.archive import ProfileArchive, profile_item
from domain.accounts.entities import Language, User
from domain.data_transfer.archive import (
    EXPANDED_MAX,
    ITEM_MAX,
    READ_CHUNK,
    UNKNOWN_MAX,
    ArchiveError,
    ArchiveReader,
    archive_bytes,
)
from domain.data_transfer.sections import ArchiveSection
from domain.prompt_templates.archive import PromptTemplatesArchive, template_item
from domain.prompt_templates.entities import TemplateOverride
from domain.sketches.archive import SketchesArchive, sketch_item
from domain.sketches.entities import Sketch, SketchWorkflow
from infra.areas import AREAS
from infra.container import archive_sections
from tests.support.notes import NotesArchive

SECTIONS = archive_sections(AREAS)
PROFILE, SKETCHES, TEMPLATES = ProfileArchive(), SketchesArchive(), PromptTemplatesArchive()
# The manifest, one entry per registered section, and a few unknown entries (each area adds a section).
ENTRIES_MAX = 1 + len(SECTIONS) + UNKNOWN_MAX
FIXTURE = Path(__file__).parent.parent / "fixtures" / "export-format-1.zip"

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def a_sketch(**changes: Any) -> dict[str, Any]:
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


def a_template(**changes: Any) -> dict[str, Any]:
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
    sketches = [a_sketch()] if sketches is None else sketches
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


def read_sections(data: bytes, sections: Sequence[ArchiveSection[Any, Any]] = SECTIONS) -> dict[str, list[Any]]:
    """Every section the archive holds, its items checked, in registration order."""
    with ArchiveReader(io.BytesIO(data), sections) as reader:
        return {part.name: list(reader.items(part)) for part in reader.parts}


def read(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The profile, sketches and templates of a complete archive."""
    found = read_sections(data)
    assert list(found) == ["profile", "sketches", "prompt_templates"]
    [profile] = found["profile"]
    return profile, found["sketches"], found["prompt_templates"]


def refused(data: bytes, sections: Sequence[ArchiveSection[Any, Any]] = SECTIONS) -> str:
    with pytest.raises(ArchiveError) as caught:
        read_sections(data, sections)
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
    data = archive_bytes(
        user.id,
        NOW,
        {PROFILE: [profile_item(user)], SKETCHES: [sketch_item(sketch)], TEMPLATES: [template_item(override)]},
    )
    profile, sketches, templates = read(data)
    assert profile == {
        "first_name": None,
        "last_name": None,
        "artist_name": "Zoë",
        "language": Language.DE,
        "page_size": 20,
    }
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
    item = a_sketch(title="  padded  ", lyrics="   ", tags=[" a ", "A", "", "b"])
    _, [values], [template] = read(build(documents([item], [a_template(model="  m  ", version=None)])))
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
    data = build(documents([a_sketch() for _ in range(50)]))
    # Declared far smaller than it expands: what is produced beyond the declared size is never accepted.
    message = refused(declare_size(data, "sketches.json", 100))
    assert message == "sketches.json is damaged (Bad CRC-32 for file 'sketches.json')."


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_entries_must_be_exactly_an_exports() -> None:
    docs = documents()
    assert (
        refused(build({**docs, "extra.txt": b"hi"})) == "The archive holds 'extra.txt', which is not part of an export."
    )
    many = {f"f{i}.json": b"{}" for i in range(5000)}
    assert refused(build(many)) == f"The archive has 5000 entries; an export has at most {ENTRIES_MAX}."
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
    assert refused(build({k: v for k, v in docs.items() if k != "manifest.json"})) == (
        "The archive lacks manifest.json: it is not a complete aiproxy export."
    )


def test_items_are_streamed_one_at_a_time_and_bounded() -> None:
    # Random text compresses too little to look like a bomb; the limit is enforced to within one read.
    big = os.urandom((ITEM_MAX + 2 * READ_CHUNK) // 2).hex()
    assert refused(build(documents([a_sketch(lyrics=big)]))) == "sketches.json holds an item larger than 1 MiB."
    docs = documents()
    docs["sketches.json"] = {"not": "a list"}
    assert refused(build(docs)) == "sketches.json is not a list."
    assert refused(build(documents(counts={"sketches": 2, "prompt_templates": 0}))) == (
        "sketches.json holds 1 sketches; the manifest says 2."
    )
    assert refused(build(documents([a_sketch(), a_sketch()], counts={"sketches": 1, "prompt_templates": 0}))) == (
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
        (a_sketch(title="x" * 1_000_000), "Sketch 1: Title must be at most 500 characters."),
        (a_sketch(prompt="   "), "Sketch 1: Prompt is required."),
        (a_sketch(prompt=None), "Sketch 1: Prompt is required."),
        (a_sketch(title={"a": 1}), "Sketch 1: title must be text, not an object."),
        (a_sketch(tags=["ok", 3]), "Sketch 1: tags must be a list of text."),
        (a_sketch(tags=["t" * 600, "u" * 600]), "Sketch 1: Tags (joined) must be at most 1000 characters."),
        (a_sketch(description_short="s" * 151), "Sketch 1: Short description must be at most 150 characters."),
        (a_sketch(workflow="DONE"), "Sketch 1: workflow must be one of DRAFT, USED, ARCHIVED."),
        (a_sketch(id="nope"), "Sketch 1: id must be a UUID."),
        (
            a_sketch(created_at="2025-01-01T10:00:00"),
            "Sketch 1: created_at must be an ISO 8601 date and time with a time zone.",
        ),
        (a_sketch(info="a\x00b"), "Sketch 1: info contains a NUL character."),
        (a_sketch(colour="red"), "Sketch 1: unknown field 'colour'."),
        ([1, 2], "Sketch 1 is a list, not an object."),
    ],
)
def test_each_sketch_field_passes_the_api_rules(item: Any, message: str) -> None:
    assert refused(build(documents([item]))) == message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            a_template(temperature=5),
            "Prompt template 1 (description/generate-long): Temperature must be between 0 and 2.",
        ),
        (
            a_template(temperature="hot"),
            "Prompt template 1 (description/generate-long): temperature must be a number, not str.",
        ),
        (
            a_template(max_tokens=0),
            "Prompt template 1 (description/generate-long): Max tokens must be between 1 and 128000.",
        ),
        (
            a_template(max_tokens=1.5),
            "Prompt template 1 (description/generate-long): max_tokens must be a whole number, not a number.",
        ),
        (
            a_template(pre_condition="p" * 20_001),
            "Prompt template 1 (description/generate-long): Pre-condition must be at most 20000 characters.",
        ),
        (
            a_template(post_condition=None),
            "Prompt template 1 (description/generate-long): Post-condition is required.",
        ),
        (
            a_template(model="m" * 101),
            "Prompt template 1 (description/generate-long): Model must be at most 100 characters.",
        ),
        (
            a_template(version="1" * 11),
            "Prompt template 1 (description/generate-long): Version must be at most 10 characters.",
        ),
        (
            a_template(active="yes"),
            "Prompt template 1 (description/generate-long): active must be true or false, not str.",
        ),
        (a_template(category="Bad Key"), "Prompt template 1: Category may use lowercase letters, digits, - and _."),
        (a_template(action=None), "Prompt template 1: Action is required."),
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


# -- sections: an archive is extensible by registration ----------------------------------------------


def test_an_archive_written_before_sections_still_reads() -> None:
    # Written by the format-1 code itself (the commit that added this fixture): manifest "counts", profile.json
    # one object, exactly three documents.
    data = FIXTURE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert json.loads(archive.read("manifest.json"))["version"] == 1
    profile, sketches, templates = read(data)
    assert profile["artist_name"] == "Zoë & the Ümlauts" and profile["language"] == Language.DE
    assert [s["title"] for s in sketches] == ["Grüße aus Köln 🎵", "Used one", "Archived ✝"]
    assert sketches[0]["origin_id"] == uuid.UUID("5d1c0e52-2a4b-4c36-8f0e-6b7a1c2d3e01")
    assert sketches[2]["workflow"] == SketchWorkflow.ARCHIVED
    assert [(t["category"], t["action"], t["max_tokens"]) for t in templates] == [("description", "generate-long", 777)]


def notes_items(count: int) -> list[dict[str, Any]]:
    return [{"id": str(uuid.UUID(int=i + 1)), "text": f"note {i}"} for i in range(count)]


def test_a_registered_section_round_trips_and_an_unknown_one_is_refused() -> None:
    notes = NotesArchive()
    with_notes = (*SECTIONS, notes)
    data = archive_bytes(uuid.uuid4(), NOW, {SKETCHES: [a_sketch()], notes: notes_items(3)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "notes.json", "sketches.json"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["version"] == 2 and manifest["sections"] == [
        {"name": "sketches", "version": 1, "count": 1},
        {"name": "notes", "version": 2, "count": 3},
    ]
    # Sections missing from the archive (profile, templates) are fine: nothing to restore.
    found = read_sections(data, with_notes)
    assert list(found) == ["sketches", "notes"]
    assert found["notes"] == [(str(uuid.UUID(int=i + 1)), f"note {i}") for i in range(3)]
    # A server that does not register the section refuses the whole archive, naming it.
    assert refused(data) == (
        "The archive holds notes.json, a section this server does not know (an export from a newer aiproxy?); "
        "nothing was imported."
    )


def test_a_section_is_checked_by_its_own_rules_and_bounds() -> None:
    notes = NotesArchive()
    with_notes = (*SECTIONS, notes)

    def with_items(*items: Any) -> bytes:
        return archive_bytes(uuid.uuid4(), NOW, {notes: list(items)})

    good = {"id": str(uuid.uuid4()), "text": "fine"}
    assert refused(with_items(good, {**good, "text": "x" * 201}), with_notes) == (
        "Note 2: Text must be at most 200 characters."
    )
    assert refused(with_items({**good, "text": "!"}), with_notes) == "Note 1: Text may not start with !."
    assert refused(with_items({**good, "text": 5}), with_notes) == "Note 1: text must be text, not a number."
    assert refused(with_items({**good, "colour": "red"}), with_notes) == "Note 1: unknown field 'colour'."
    assert refused(with_items(*notes_items(51)), with_notes) == "The export holds 51 notes; an import takes at most 50."
    # The item limit is the section's document limit too: 50 items of at most 1 MiB.
    message = refused(declare_size(with_items(good), "notes.json", 51 * 1024 * 1024), with_notes)
    assert message == "notes.json expands to 51 MiB; at most 50 MiB is accepted."
    big = os.urandom((ITEM_MAX + 2 * READ_CHUNK) // 2).hex()
    assert refused(with_items({**good, "text": big}), with_notes) == "notes.json holds an item larger than 1 MiB."


def manifest_2(*sections: dict[str, Any]) -> dict[str, Any]:
    return {"format": "aiproxy-export", "version": 2, "exported_at": NOW.isoformat(), "sections": list(sections)}


def test_the_manifest_of_format_2_lists_what_the_archive_holds() -> None:
    notes = NotesArchive()
    with_notes = (*SECTIONS, notes)
    listed = {"name": "notes", "version": 2, "count": 1}
    item = [{"id": str(uuid.uuid4()), "text": "hi"}]
    # An older version of the section's format is read by its section; a newer one is refused.
    old = build(
        {"manifest.json": manifest_2({**listed, "version": 1}), "notes.json": [{"id": item[0]["id"], "body": "old"}]}
    )
    assert read_sections(old, with_notes)["notes"] == [(item[0]["id"], "old")]
    newer = build({"manifest.json": manifest_2({**listed, "version": 3}), "notes.json": item})
    assert refused(newer, with_notes) == (
        "notes.json is in version 3 of its format; this server reads versions 1 to 2."
    )
    # Listed but absent, present but not listed, listed twice, counted wrong.
    assert refused(build({"manifest.json": manifest_2(listed)}), with_notes) == (
        "The archive lacks notes.json: it is not a complete aiproxy export."
    )
    assert refused(build({"manifest.json": manifest_2(), "notes.json": item}), with_notes) == (
        "The archive holds 'notes.json', which is not part of an export."
    )
    assert refused(build({"manifest.json": manifest_2(listed, listed), "notes.json": item}), with_notes) == (
        "manifest.json lists the section notes twice."
    )
    assert refused(build({"manifest.json": manifest_2({**listed, "count": 2}), "notes.json": item}), with_notes) == (
        "notes.json holds 1 notes; the manifest says 2."
    )
    # Malformed entries.
    for entry, message in [
        ({**listed, "name": "../x"}, "manifest.json: each section needs a name of lowercase letters, digits and _."),
        (
            {**listed, "name": "manifest"},
            "manifest.json: each section needs a name of lowercase letters, digits and _.",
        ),
        ({**listed, "count": "1"}, "manifest.json: the count of notes must be a whole number."),
        ({**listed, "version": None}, "manifest.json: the version of notes must be a whole number."),
    ]:
        assert refused(build({"manifest.json": manifest_2(entry), "notes.json": item}), with_notes) == message
    bad = {**manifest_2(), "sections": {"notes": 1}}
    assert refused(build({"manifest.json": bad}), with_notes) == (
        "manifest.json lacks the list of the sections the export holds."
    )
    assert (
        refused(build({"manifest.json": {**manifest_2(), "version": 3}})) == "Export format version 3 is not supported."
    )
    # Nothing but a manifest: an empty export, nothing to restore.
    assert read_sections(build({"manifest.json": manifest_2()})) == {}


def test_entries_are_bounded_by_the_registered_sections() -> None:
    notes = NotesArchive()
    data = archive_bytes(uuid.uuid4(), NOW, {PROFILE: [], SKETCHES: [a_sketch()], TEMPLATES: [], notes: notes_items(1)})
    assert list(read_sections(data, (*SECTIONS, notes))) == ["profile", "sketches", "prompt_templates", "notes"]
    # A server without the section refuses it by name, however many sections the archive has beyond its own.
    assert refused(data).startswith("The archive holds notes.json, a section this server does not know")
    extra = ENTRIES_MAX - len(documents())  # the most entries a server without notes accepts, then one more
    crowded = build({**documents(), **{f"extra{i}.json": b"[]" for i in range(extra)}})
    assert refused(crowded) == "The archive holds 'extra0.json', which is not part of an export."
    assert refused(build({**documents(), **{f"extra{i}.json": b"[]" for i in range(extra + 1)}})) == (
        f"The archive has {ENTRIES_MAX + 1} entries; an export has at most {ENTRIES_MAX}."
    )
    assert refused(crowded, (*SECTIONS, notes)) == "The archive holds 'extra0.json', which is not part of an export."


def test_items_come_in_batches_bounded_by_count_and_bytes() -> None:
    notes = NotesArchive()
    data = archive_bytes(uuid.uuid4(), NOW, {notes: notes_items(7)})
    with ArchiveReader(io.BytesIO(data), (notes,)) as reader:
        [part] = reader.parts
        assert [len(b) for b in reader.batches(part, items_max=3, bytes_max=10**9)] == [3, 3, 1]
    # About 30 KB of text a sketch: a batch ends once it has taken 256 KiB of the document (within a read).
    texts = {name: os.urandom(5000).hex() for name in ("lyrics", "description_long", "info")}
    data = archive_bytes(uuid.uuid4(), NOW, {SKETCHES: [a_sketch(**texts) for _ in range(100)]})
    with ArchiveReader(io.BytesIO(data), SECTIONS) as reader:
        [part] = reader.parts
        sizes = [len(b) for b in reader.batches(part, items_max=1000, bytes_max=256 * 1024)]
    assert sum(sizes) == 100 and 9 <= max(sizes) <= 11, sizes


def test_files_ride_only_beside_a_section_that_carries_them_under_plain_names() -> None:
    from domain.songs.archive import SongsArchive

    songs = SongsArchive()
    with_songs = (*SECTIONS, songs)
    manifest = manifest_2({"name": "songs", "version": 1, "count": 0})
    base = {"manifest.json": manifest, "songs.json": b"[]"}
    ok = build({**base, "files/songs/abc/1-x.mp3": b"ID3 audio"})
    with ArchiveReader(io.BytesIO(ok), with_songs) as reader:
        [part] = reader.parts
        stream = reader.open_file(part, "abc/1-x.mp3")
        assert stream is not None and stream.read() == b"ID3 audio"
        assert reader.open_file(part, "abc/missing.mp3") is None
    # A file of a section that carries none, of a section not in the archive, or with a name that climbs out.
    for name in ("files/sketches/a.mp3", "files/notes/a.mp3", "files/songs/../a.mp3", "files/songs/a/b/c.mp3"):
        assert refused(build({**base, name: b"x"}), with_songs) == (
            f"The archive holds {name!r}, which is not part of an export."
        )


def test_a_file_entry_that_lies_about_its_size_is_refused_as_damaged() -> None:
    from domain.songs.archive import SongsArchive

    songs = SongsArchive()
    manifest = manifest_2({"name": "songs", "version": 1, "count": 0})
    data = build({"manifest.json": manifest, "songs.json": b"[]", "files/songs/a/1.mp3": b"x" * 5000})
    lying = declare_size(data, "files/songs/a/1.mp3", 100)
    with ArchiveReader(io.BytesIO(lying), (*SECTIONS, songs)) as reader:
        stream = reader.open_file(reader.parts[0], "a/1.mp3")
        assert stream is not None
        with pytest.raises(ArchiveError, match=r"files/songs/a/1.mp3 is damaged \(Bad CRC-32"):
            while stream.read(64):
                pass
