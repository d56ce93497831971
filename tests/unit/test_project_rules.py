"""Projects' rules without I/O: paths, part sizes, the mirror plan's input, and the archive's project files —
ZIP64 archives with more entries than a plain ZIP can count, and items checked by the API's own path rules."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.common.errors import DomainError
from domain.data_transfer.archive import ArchiveReader, ArchiveWriter
from domain.data_transfer.sections import ArchiveError
from domain.projects.archive import ProjectFilesArchive
from domain.projects.entities import FileType, LocalFile
from domain.projects.files import MiB, part_size_for
from domain.projects.paths import file_type, normal_path, path_problem
from domain.projects.service import check_local_files, check_prefix

NOW = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
SHA = "ab" * 32


@pytest.mark.parametrize(
    "path",
    ["../a", "a/../../b", "/abs", "C:/x", "c:x", "a//b", "a/", "./a", "a/./b", " /a", "a\x00b", "a\nb", "a\x85b", ""],
)
def test_paths_that_could_leave_the_folder_or_break_a_disk_are_refused(path: str) -> None:
    assert path_problem(normal_path(path)) is not None


def test_paths_are_kept_in_one_form() -> None:
    assert normal_path("Drums\\Kick.wav") == "Drums/Kick.wav"
    assert normal_path("Cafe\u0301.wav") == "Caf\u00e9.wav"
    assert path_problem("Vocals/Take 2/Café – Lead.WAV") is None
    assert path_problem("x" * 255) is None and path_problem("x" * 256) is not None
    assert path_problem("/".join(["x" * 200] * 5)) is None and path_problem("/".join(["x" * 200] * 6)) is not None
    assert file_type("a/B.WAV") is FileType.AUDIO and file_type("cover.png") is FileType.IMAGE
    assert file_type("notes") is FileType.OTHER and file_type(".wav") is FileType.OTHER


def test_parts_grow_so_that_no_file_needs_more_than_ten_thousand() -> None:
    assert part_size_for(3 * 1024 * MiB, 64 * MiB) == 64 * MiB
    huge = 5 * 1024 * 1024 * MiB  # 5 TiB
    size = part_size_for(huge, 64 * MiB)
    assert size % MiB == 0 and -(-huge // size) <= 10_000


def test_a_mirror_plans_files_are_checked_all_at_once() -> None:
    good = LocalFile("b.wav", SHA, 1)
    assert [f.relative_path for f in check_local_files([good, LocalFile("a\\x.wav", SHA.upper(), 0)])] == [
        "a/x.wav",
        "b.wav",
    ]
    with pytest.raises(DomainError) as refused:
        check_local_files([LocalFile("../x", SHA, 1), LocalFile("y", "nope", -1), good, good])
    assert [(e.field, e.code.value) for e in refused.value.errors] == [
        (("files", "0", "relative_path"), "INVALID"),
        (("files", "1", "sha256"), "INVALID"),
        (("files", "1", "size_bytes"), "INVALID"),
        (("files", "3", "relative_path"), "INVALID"),
    ]
    assert check_prefix("Drums") == check_prefix("Drums/") == "Drums/" and check_prefix(None) == check_prefix("/") == ""
    with pytest.raises(DomainError):
        check_local_files([good], "Drums/")


def file_item(n: int, **changes: Any) -> dict[str, Any]:
    item = {
        "id": str(uuid.UUID(int=n + 1)),
        "project_id": str(uuid.UUID(int=10**9)),
        "folder_id": str(uuid.UUID(int=10**9 + 1)),
        "relative_path": f"Stems/{n}.wav",
        "size_bytes": 1,
        "sha256": SHA,
        "content_type": "audio/wav",
        "files": {"data": f"projects/x/{n}"},
        "created_at": NOW.isoformat(),
        "updated_at": NOW.isoformat(),
    }
    return {**item, **changes}


def test_an_archive_with_more_entries_than_a_plain_zip_counts_is_read_through_zip64() -> None:
    section = ProjectFilesArchive()
    n = 70_000  # beyond the 65 535 entries a ZIP's own end record can count
    buffer = io.BytesIO()
    writer = ArchiveWriter(buffer, uuid.uuid4(), NOW)
    writer.open_section(section)
    writer.write(file_item(i) for i in range(n))
    writer.close_section()
    for i in range(n):
        with writer.open_file(section, str(uuid.UUID(int=i + 1))) as entry:
            entry.write(bytes([i % 251]))
    writer.finish()
    data = buffer.getvalue()
    assert b"PK\x06\x06" in data[-200:]  # the ZIP64 end record
    with ArchiveReader(io.BytesIO(data), (section,)) as reader:
        [part] = reader.parts
        assert part.count == n
        stream = reader.open_file(part, str(uuid.UUID(int=69_999 + 1)))
        assert stream is not None and stream.read() == bytes([69_999 % 251])
        first = next(reader.items(part))
        assert first["relative_path"] == "Stems/0.wav" and first["origin_id"] == uuid.UUID(int=1)


def archive_of(items: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    writer = ArchiveWriter(buffer, uuid.uuid4(), NOW)
    section = ProjectFilesArchive()
    writer.open_section(section)
    writer.write(items)
    writer.close_section()
    writer.finish()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"relative_path": "../etc/passwd"}, "Project file 1: relative_path: A path must not contain"),
        ({"relative_path": "C:/x.wav"}, "without a drive letter"),
        ({"size_bytes": -1}, "size_bytes must be a whole number of bytes"),
        ({"size_bytes": 6 * 1024**4}, "size_bytes must be a whole number of bytes"),  # beyond S3's 5 TiB
        ({"sha256": "ABC"}, "sha256 must be 64 lower-case hexadecimal characters"),
        ({"project_id": "nope"}, "project_id must be a UUID"),
    ],
)
def test_an_archived_file_is_checked_by_the_apis_own_rules(changes: dict[str, Any], message: str) -> None:
    data = archive_of([file_item(0, **changes)])
    with (
        ArchiveReader(io.BytesIO(data), (ProjectFilesArchive(),)) as reader,
        pytest.raises(ArchiveError, match=message),
    ):
        list(reader.items(reader.parts[0]))


def test_a_deflated_file_entry_written_by_another_tool_is_read_within_the_usual_bounds() -> None:
    data = archive_of([file_item(0)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(f"files/project_files/{uuid.UUID(int=1)}", b"x" * 1000, compress_type=zipfile.ZIP_DEFLATED)
    with ArchiveReader(io.BytesIO(buffer.getvalue()), (ProjectFilesArchive(),)) as reader:
        stream = reader.open_file(reader.parts[0], str(uuid.UUID(int=1)))
        assert stream is not None and stream.read() == b"x" * 1000
