"""The export archive: a ZIP of JSON documents, versioned so later releases can still read it.

It holds `manifest.json` and one document per section (sections.py): `<name>.json`, a JSON list of items,
one section per area that registers one. The manifest (format 2) lists the sections present with their
item counts and the version of each one's item format:

    {"format": "aiproxy-export", "version": 2, "exported_at": "…", "user_id": "…",
     "sections": [{"name": "sketches", "version": 1, "count": 3}, …]}

An export made with a passphrase adds `"secrets": {…}`: how its key is derived from the passphrase (salt and
parameters) and a check value (passphrase.py). The sections that carry secrets (`CarriesSecrets`) encrypt them
with that key; without the entry, the archive holds no secrets.

Format 1, written before sections, still reads: exactly profile.json (one object), sketches.json and
prompt_templates.json, counted in `"counts": {"sketches": 3, "prompt_templates": 1}`.

A section whose items name stored files (songs' audio: `CarriesFiles` in sections.py) has them beside its
document as `files/<section>/<name>`, stored as they are (audio does not compress), each read and written as a
stream, never whole.

Writing is simple. Reading takes a file anyone can upload, so it is bounded before it is trusted:

- the ZIP holds the manifest and one document per section it lists, only sections this server knows
  (deflated or stored, not encrypted; ZIP64 where an export needs it: files over 4 GiB, over 65 535 entries), and
  its central directory (at most `UNKNOWN_MAX` entries beyond what an export may hold, at most `DIRECTORY_MAX`
  bytes) is checked before Python's zipfile reads it;
- the sizes the ZIP declares are checked before anything is decompressed: all documents together
  expand to at most `EXPANDED_MAX` (256 MiB, about 100 000 typical sketches), the manifest to at most
  `DOCUMENT_MAX`, a section's document to at most `ITEM_MAX` per item it may hold, and a document larger
  than `RATIO_FLOOR` may expand at most `RATIO_MAX` (100) times its compressed size;
- declared sizes can lie, so the bytes really produced are counted while decompressing as well;
- file entries are only `files/<section>/<name>` of a listed section that carries files, with a plain name
  (letters, digits, `.`, `_`, `-`, one `/` at most), at most `FILES_MAX` of them; a stored one (as exports write
  them) at most `STORED_FILE_MAX` and exactly its compressed size, a deflated one at most `FILE_MAX` and within the
  same expansion ratio; they do not count against `EXPANDED_MAX` (they are copied, not parsed);
- a section the server does not know, or in a newer version of its format than it reads, is refused; a
  section the archive lacks is fine (nothing to restore);
- items are parsed one at a time from the decompressing stream (ijson), no item larger than `ITEM_MAX`,
  at most the section's `item_max` of them and exactly as many as the manifest says: memory stays
  bounded whatever the archive's size;
- every item is checked by its section with its area's own rules, and the first problem is named:
  "Sketch 3: Title must be at most 500 characters."

Anything refused raises `ArchiveError`, whose message is meant for the user.
"""

from __future__ import annotations

import io
import json
import re
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

import ijson

from domain.data_transfer.sections import (
    ArchiveError,
    ArchiveSection,
    CarriesFiles,
    Item,
    document_of,
    is_section_name,
)

__all__ = ["ArchiveError", "ArchivePart", "ArchiveReader", "ArchiveWriter", "archive_bytes"]

FORMAT = "aiproxy-export"
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
# Format 1 (before sections): exactly profile.json (one object rather than a list), sketches.json and
# prompt_templates.json; the manifest counted the two lists.
FORMAT_1_COUNTED = ("sketches", "prompt_templates")
FORMAT_1_OBJECTS = frozenset({"profile"})

MiB = 1024 * 1024
EXPANDED_MAX = 256 * MiB  # all documents together, decompressed
DOCUMENT_MAX = 1 * MiB  # manifest.json (a real one is well under 1 KiB)
RATIO_MAX = 100  # expanded : compressed, for each document that expands beyond RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
ITEM_MAX = 1 * MiB  # one item as JSON; the largest valid sketch is about 0.2 MiB
# The ZIP's central directory: about 70 bytes per document and 130 per file (160 with ZIP64's extra field).
DIRECTORY_MAX = 16 * MiB
READ_CHUNK = 64 * 1024  # how much is decompressed at a time
# Entries beyond the manifest and the known sections' documents the ZIP may list: enough that an archive
# from a newer server, with sections this one does not know, is refused by their names, not by its count.
UNKNOWN_MAX = 16
FILES_PREFIX = "files/"
FILES_MAX = 100_000  # file entries (a song's choices have up to five files each; projects hold many files)
FILE_MAX = 1024 * MiB  # one deflated file entry (exports store files: a deflated one came from elsewhere)
STORED_FILE_MAX = 5 * 1024 * 1024 * MiB  # one stored file entry: a project file may be as large as S3 takes (5 TiB)
_FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,199})?")

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # signature, disk, offset of the ZIP64 end record, disks
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END = struct.Struct(
    "<4sQ2H2L4Q"
)  # signature, size, versions, disks, entries (disk, all), directory size, offset
_ZIP64_END_SIGNATURE = b"PK\x06\x06"
_JSON_WHITESPACE = b" \t\r\n"

AnySection = ArchiveSection[Any, Any]


def document_max(section: AnySection) -> int:
    """The most a section's document may expand to: ITEM_MAX for each item it may hold, within EXPANDED_MAX."""
    return min(EXPANDED_MAX, section.item_max * ITEM_MAX)


# -- writing -------------------------------------------------------------------------------------


class ArchiveWriter:
    """Writes an archive a section at a time, each a batch of items at a time; the manifest last.

    `with writer.section(s) as add: add(items)`, then `finish()`. Blocking: call from a thread."""

    def __init__(
        self, target: IO[bytes], user_id: uuid.UUID, now: datetime, secrets: dict[str, Any] | None = None
    ) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self._manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": now.isoformat(),
            "user_id": str(user_id),
            "sections": [],
        }
        if secrets is not None:
            self._manifest["secrets"] = secrets
        self._document: IO[bytes] | None = None
        self._count = 0
        self._date_time = now.timetuple()[:6]

    def open_section(self, section: AnySection) -> None:
        if self._document is not None:
            raise RuntimeError("close the section being written first")
        self._document = self._zip.open(document_of(section.name), "w")
        self._document.write(b"[")
        self._count = 0
        self._manifest["sections"].append({"name": section.name, "version": section.version, "count": 0})

    def write(self, items: Iterable[Item]) -> None:
        assert self._document is not None, "open_section first"
        for item in items:
            line = json.dumps(item, ensure_ascii=False).encode()
            self._document.write((b",\n" if self._count else b"\n") + line)
            self._count += 1

    def close_section(self) -> int:
        """Ends the section's document; returns how many items it holds."""
        assert self._document is not None, "open_section first"
        self._document.write(b"\n]\n")
        self._document.close()
        self._document = None
        self._manifest["sections"][-1]["count"] = self._count
        return self._count

    def open_file(self, section: AnySection, name: str) -> IO[bytes]:
        """A file of the section (`files/<section>/<name>`), written as it comes and stored uncompressed; close it
        before the next. Between sections only: one ZIP entry is written at a time."""
        if self._document is not None:
            raise RuntimeError("close the section being written first")
        if not _FILE_NAME.fullmatch(name) or ".." in name:
            raise ValueError(f"not a file name an archive may hold: {name!r}")
        info = zipfile.ZipInfo(file_of(section.name, name), date_time=self._date_time)
        info.compress_type = zipfile.ZIP_STORED
        # ZIP64 sizes from the start: a file's size is not known before it is written, and may pass 4 GiB.
        return self._zip.open(info, "w", force_zip64=True)

    def finish(self) -> None:
        if self._document is not None:
            raise RuntimeError("close the section being written first")
        self._zip.writestr(MANIFEST, json.dumps(self._manifest, ensure_ascii=False, indent=1))
        self._zip.close()


def archive_bytes(
    user_id: uuid.UUID,
    now: datetime,
    sections: Mapping[AnySection, Iterable[Item]],
    secrets: dict[str, Any] | None = None,
) -> bytes:
    """For tests and tools: an archive of these items, in memory."""
    buffer = io.BytesIO()
    writer = ArchiveWriter(buffer, user_id, now, secrets)
    for section, items in sections.items():
        writer.open_section(section)
        writer.write(items)
        writer.close_section()
    writer.finish()
    return buffer.getvalue()


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivePart:
    """A section the archive holds: how many items, in which version of the section's format."""

    section: AnySection
    count: int
    version: int

    @property
    def name(self) -> str:
        return self.section.name

    @property
    def document(self) -> str:
        return document_of(self.section.name)


class ArchiveReader:
    """An uploaded archive, checked and opened; its items are read as streams.

    Opening checks the ZIP's structure and declared sizes, reads the manifest and matches it against the
    `sections` this server registers: `parts` are the sections the archive holds, in registration order.
    `items(part)` and `batches(part)` then yield checked values, each call reading the document anew (so an
    importer can check everything first and write afterwards). `secrets` is the manifest's secrets entry as it
    is (None: the archive holds no secrets). Blocking and CPU-bound: call from a thread."""

    def __init__(self, source: IO[bytes], sections: Sequence[AnySection]) -> None:
        known = {section.name: section for section in sections}
        documents_max = 1 + len(known) + UNKNOWN_MAX
        _check_directory(source, documents_max + FILES_MAX)
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error) as exc:
            raise ArchiveError("The file is not a readable ZIP archive.") from exc
        try:
            limits = {document_of(name): document_max(section) for name, section in known.items()}
            self._members = _check_members(self._zip, documents_max, limits)
            manifest = self._small_document(MANIFEST)
            self.format_version, listed = _check_manifest(manifest)
            self.secrets: Any = manifest.get("secrets") if self.format_version > 1 else None
            self.parts = _parts(listed, known, self._members)
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def items(self, part: ArchivePart) -> Iterator[Any]:
        """The part's items one at a time, each checked by its section."""
        for n, item, _ in self._raw_items(part):
            yield part.section.check(item, n, part.version)

    def batches(self, part: ArchivePart, *, items_max: int, bytes_max: int) -> Iterator[list[Any]]:
        """The part's checked items in batches of at most `items_max` items, ending a batch once it has taken
        `bytes_max` of the document (within a read's length): bounded however large the items are."""
        batch: list[Any] = []
        start = 0
        for n, item, produced in self._raw_items(part):
            batch.append(part.section.check(item, n, part.version))
            if len(batch) >= items_max or produced - start >= bytes_max:
                yield batch
                batch, start = [], produced
        if batch:
            yield batch

    def open_file(self, part: ArchivePart, name: str) -> IO[bytes] | None:
        """The section's file `name` as a stream of its bytes (counted against what it declares), or None when the
        archive does not hold it."""
        member = self._members.get(file_of(part.name, name))
        if member is None or not isinstance(part.section, CarriesFiles):
            return None
        entry = member.filename
        return _Measured(self._open(entry), entry, member.file_size, limit=_file_max(member))  # type: ignore[return-value]  # read() is all a file's reader calls

    def _raw_items(self, part: ArchivePart) -> Iterator[tuple[int, Any, int]]:
        """(n, item as parsed, bytes of the document produced so far), counted against the manifest."""
        name, label, expected = part.document, part.section.label, part.count
        if self.format_version == 1 and part.name in FORMAT_1_OBJECTS:
            yield 1, self._small_document(name), self._members[name].file_size
            return
        n = 0
        with self._open(name) as member, _readable(name):
            stream = _Measured(member, name, self._members[name].file_size, list_items=True)
            for item in ijson.items(stream, "item", use_float=True, buf_size=READ_CHUNK):
                stream.item_done()
                n += 1
                if n > expected:
                    raise ArchiveError(f"{name} holds more {label} than the manifest's {expected}.")
                yield n, item, stream.produced
        if n != expected:
            raise ArchiveError(f"{name} holds {n} {label}; the manifest says {expected}.")

    def _small_document(self, name: str) -> Any:
        data = bytearray()
        with self._open(name) as member, _readable(name):
            stream = _Measured(member, name, self._members[name].file_size)
            while chunk := stream.read(READ_CHUNK):
                data += chunk
        try:
            return json.loads(bytes(data))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise ArchiveError(f"{name} is not valid JSON.") from None

    def _open(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(self._members[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{name} cannot be read from the archive.") from exc


class _Measured:
    """A document as it decompresses, counting the bytes really produced (a ZIP's declared sizes can lie).

    For a list document it also checks that it is a list and that no single item outgrows ITEM_MAX: the
    consumer calls `item_done()` after each item, and reading on and on without one is refused."""

    def __init__(
        self, stream: IO[bytes], name: str, declared: int, *, list_items: bool = False, limit: int = EXPANDED_MAX
    ) -> None:
        self._stream = stream
        self.name = name
        self.limit = min(declared, limit)
        self.produced = 0
        self._list_items = list_items
        self._since_item = 0
        self._started = not list_items

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        try:
            data = self._stream.read(READ_CHUNK if size < 0 else min(size, READ_CHUNK))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ArchiveError(f"{self.name} is damaged ({_first_line(exc)}).") from exc
        self.produced += len(data)
        if self.produced > self.limit:
            raise ArchiveError(f"{self.name} expands beyond the {self.limit} bytes it declares.")
        if self._list_items:
            self._since_item += len(data)
            if self._since_item > ITEM_MAX + READ_CHUNK:
                raise ArchiveError(f"{self.name} holds an item larger than {ITEM_MAX // MiB} MiB.")
            if not self._started and data.strip(_JSON_WHITESPACE):
                self._started = True
                if not data.lstrip(_JSON_WHITESPACE).startswith(b"["):
                    raise ArchiveError(f"{self.name} is not a list.")
        return data

    def item_done(self) -> None:
        self._since_item = 0

    def close(self) -> None:
        self._stream.close()


@contextmanager
def _readable(name: str) -> Iterator[None]:
    """Turns what decompressing and parsing a damaged document raise into an ArchiveError naming it."""
    try:
        yield
    except ArchiveError:
        raise
    except ijson.JSONError as exc:
        raise ArchiveError(f"{name} is not valid JSON ({_first_line(exc)}).") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ArchiveError(f"{name} is damaged ({_first_line(exc)}).") from exc


def _first_line(exc: BaseException) -> str:
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = str(text).strip().splitlines()
    return lines[0].strip()[:200] if lines else type(exc).__name__


def _check_directory(source: IO[bytes], entries_max: int) -> None:
    """Refuse a central directory too large for an export before zipfile builds an object per entry."""
    size = source.seek(0, io.SEEK_END)
    tail_size = min(size, _EOCD.size + 0xFFFF + _ZIP64_LOCATOR_SIZE)
    source.seek(size - tail_size)
    tail = source.read(tail_size)
    source.seek(0)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        raise ArchiveError("The file is not a readable ZIP archive.")
    _, _, _, _, entries, directory_size, _, _ = _EOCD.unpack_from(tail, at)
    if at >= _ZIP64_LOCATOR_SIZE and tail[at - _ZIP64_LOCATOR_SIZE :].startswith(_ZIP64_LOCATOR_SIGNATURE):
        entries, directory_size = _zip64_directory(source, tail[at - _ZIP64_LOCATOR_SIZE : at], size)
    if entries > entries_max:
        raise ArchiveError(f"The archive has {entries} entries; an export has at most {entries_max}.")
    if directory_size > DIRECTORY_MAX:
        raise ArchiveError("The archive's directory is far larger than an export's.")


def _zip64_directory(source: IO[bytes], locator: bytes, size: int) -> tuple[int, int]:
    """(entries, directory size) from the ZIP64 end record the locator points at (files over 4 GiB, many entries)."""
    _, _, offset, _ = _ZIP64_LOCATOR.unpack(locator)
    if offset > size - _ZIP64_END.size:
        raise ArchiveError("The file is not a readable ZIP archive.")
    source.seek(offset)
    record = source.read(_ZIP64_END.size)
    source.seek(0)
    signature, _, _, _, _, _, _, entries, directory_size, _ = _ZIP64_END.unpack(record)
    if signature != _ZIP64_END_SIGNATURE:
        raise ArchiveError("The file is not a readable ZIP archive.")
    return entries, directory_size


def _file_max(info: zipfile.ZipInfo) -> int:
    return STORED_FILE_MAX if info.compress_type == zipfile.ZIP_STORED else FILE_MAX


def _check_members(archive: zipfile.ZipFile, documents_max: int, limits: dict[str, int]) -> dict[str, zipfile.ZipInfo]:
    """The entries by name, each within its limits (`limits`: a known section's document; other names are
    judged once the manifest is read): at most `documents_max` besides the files."""
    infos = archive.infolist()
    documents = sum(1 for info in infos if not info.filename.startswith(FILES_PREFIX))
    if documents > documents_max:
        raise ArchiveError(f"The archive has {documents} entries; an export has at most {documents_max}.")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename in members:
            raise ArchiveError(f"The archive holds {info.filename[:100]} twice.")
        members[info.filename] = info
    if MANIFEST not in members:
        raise ArchiveError(f"The archive lacks {MANIFEST}: it is not a complete aiproxy export.")
    total = files = 0
    for name, info in members.items():
        shown = name[:100]
        if info.flag_bits & 0x1:
            raise ArchiveError(f"{shown} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError(f"{shown} uses a compression method an export never uses.")
        is_file = name.startswith(FILES_PREFIX)
        files += is_file
        if files > FILES_MAX:
            raise ArchiveError(f"The archive holds more than {FILES_MAX} files; an export holds at most that many.")
        limit = _file_max(info) if is_file else DOCUMENT_MAX if name == MANIFEST else limits.get(name, EXPANDED_MAX)
        if is_file and info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            raise ArchiveError(f"{shown} is damaged (a stored entry whose sizes differ).")
        if info.file_size > limit:
            raise ArchiveError(f"{shown} expands to {_mib(info.file_size)}; at most {_mib(limit)} is accepted.")
        if info.file_size > RATIO_FLOOR and info.file_size > RATIO_MAX * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveError(
                f"{shown} expands {ratio} times its compressed size; at most {RATIO_MAX} times is accepted."
            )
        if not is_file:
            total += info.file_size
    if total > EXPANDED_MAX:
        raise ArchiveError(f"The archive expands to {_mib(total)}; at most {_mib(EXPANDED_MAX)} is accepted.")
    return members


def file_of(section: str, name: str) -> str:
    return f"{FILES_PREFIX}{section}/{name}"


def _is_file_of(entry: str, sections: set[str]) -> bool:
    """`files/<section>/<name>` of one of these sections, with a plain name."""
    if not entry.startswith(FILES_PREFIX):
        return False
    section, _, name = entry[len(FILES_PREFIX) :].partition("/")
    return section in sections and bool(_FILE_NAME.fullmatch(name)) and ".." not in name


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB" if size % MiB else f"{size // MiB} MiB"


@dataclass(frozen=True)
class _Listed:
    """A section as the manifest lists it."""

    name: str
    count: int
    version: int


def _whole(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ArchiveError(f"manifest.json: {what} must be a whole number.")
    return value


def _check_manifest(manifest: Any) -> tuple[int, list[_Listed]]:
    """The format version and the sections the manifest lists."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not an aiproxy export.")
    version = manifest.get("version")
    if version == 1:
        counts = manifest.get("counts")
        if not isinstance(counts, dict):
            raise ArchiveError("manifest.json lacks the counts of what the export holds.")
        counted = [_Listed(name, _whole(counts.get(name), f"counts.{name}"), 1) for name in FORMAT_1_COUNTED]
        return 1, [_Listed("profile", 1, 1), *counted]
    if version != FORMAT_VERSION:
        raise ArchiveError(f"Export format version {str(version)[:20]} is not supported.")
    sections = manifest.get("sections")
    if not isinstance(sections, list):
        raise ArchiveError("manifest.json lacks the list of the sections the export holds.")
    listed: list[_Listed] = []
    seen: set[str] = set()
    for entry in sections:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not is_section_name(name):
            raise ArchiveError("manifest.json: each section needs a name of lowercase letters, digits and _.")
        if name in seen:
            raise ArchiveError(f"manifest.json lists the section {name} twice.")
        seen.add(name)
        count = _whole(entry.get("count"), f"the count of {name}")
        section_version = _whole(entry.get("version"), f"the version of {name}")
        listed.append(_Listed(name, count, section_version))
    return version, listed


def _parts(
    listed: list[_Listed], known: dict[str, AnySection], members: dict[str, zipfile.ZipInfo]
) -> list[ArchivePart]:
    """The listed sections matched with the registered ones (in their order) and with the archive's entries."""
    found: dict[str, ArchivePart] = {}
    for entry in listed:
        section = known.get(entry.name)
        document = document_of(entry.name)
        if section is None:
            raise ArchiveError(
                f"The archive holds {document}, a section this server does not know (an export from a newer "
                "aiproxy?); nothing was imported."
            )
        if not 1 <= entry.version <= section.version:
            raise ArchiveError(
                f"{document} is in version {entry.version} of its format; this server reads versions 1 to "
                f"{section.version}."
            )
        if entry.count > section.item_max:
            raise ArchiveError(
                f"The export holds {entry.count} {section.label}; an import takes at most {section.item_max}."
            )
        found[entry.name] = ArchivePart(section, entry.count, entry.version)
    documents = {document_of(name) for name in found}
    carriers = {name for name, part in found.items() if isinstance(part.section, CarriesFiles)}
    for name in members:
        if name != MANIFEST and name not in documents and not _is_file_of(name, carriers):
            raise ArchiveError(f"The archive holds {name[:100]!r}, which is not part of an export.")
    missing = sorted(documents - set(members))
    if missing:
        raise ArchiveError(f"The archive lacks {missing[0]}: it is not a complete aiproxy export.")
    return [found[name] for name in known if name in found]
