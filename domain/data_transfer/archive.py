"""The export archive: a ZIP of JSON documents, versioned so later releases can still read it.

Writing is simple. Reading takes a file anyone can upload, so it is bounded before it is trusted:

- the ZIP holds exactly the four documents an export has (deflated or stored, not encrypted, no
  ZIP64), and its central directory is checked before Python's zipfile reads it;
- the sizes the ZIP declares are checked before anything is decompressed: all documents together
  expand to at most `EXPANDED_MAX` (256 MiB, about 100 000 typical sketches), the manifest and the
  profile to at most `DOCUMENT_MAX` each, and a document larger than `RATIO_FLOOR` may expand at most
  `RATIO_MAX` (100) times its compressed size;
- declared sizes can lie, so the bytes really produced are counted while decompressing as well;
- sketches and prompt templates are parsed one item at a time from the decompressing stream (ijson),
  no item larger than `ITEM_MAX`, at most `SKETCHES_MAX` / `TEMPLATES_MAX` of them and exactly as many
  as the manifest says: memory stays bounded whatever the archive's size;
- every field is checked with the same rules as the API (the sketches, prompt templates and accounts
  services' own cleaning and limits), and the first problem is named: "Sketch 3: Title must be at
  most 500 characters."

Anything refused raises `ArchiveError`, whose message is meant for the user.
"""

from __future__ import annotations

import io
import json
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import IO, Any, TypeVar

import ijson

from domain.accounts import service as accounts
from domain.accounts.entities import Language, User
from domain.common.errors import DomainError
from domain.common.validation import Checks, clean_text
from domain.prompt_templates import service as prompt_templates
from domain.prompt_templates.entities import TemplateOverride
from domain.sketches import service as sketch_rules
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

MANIFEST, PROFILE, SKETCHES, TEMPLATES = "manifest.json", "profile.json", "sketches.json", "prompt_templates.json"
DOCUMENTS = (MANIFEST, PROFILE, SKETCHES, TEMPLATES)

MiB = 1024 * 1024
EXPANDED_MAX = 256 * MiB  # all documents together, decompressed
DOCUMENT_MAX = 1 * MiB  # manifest.json and profile.json, each (a real one is well under 1 KiB)
RATIO_MAX = 100  # expanded : compressed, for each document that expands beyond RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
ITEM_MAX = 1 * MiB  # one sketch or template as JSON; the largest valid sketch is about 0.2 MiB
SKETCHES_MAX = 100_000
TEMPLATES_MAX = 1_000
DIRECTORY_MAX = 64 * 1024  # the ZIP's central directory; an export's is about 250 bytes
READ_CHUNK = 64 * 1024  # how much is decompressed at a time

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_JSON_WHITESPACE = b" \t\r\n"


class ArchiveError(ValueError):
    """The file is not an aiproxy export this version can read; the message says why."""


# -- writing -------------------------------------------------------------------------------------


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
        MANIFEST: {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": now.isoformat(),
            "user_id": str(user.id),
            "counts": {"sketches": len(sketches), "prompt_templates": len(overrides)},
        },
        PROFILE: profile,
        SKETCHES: [_sketch(s) for s in sketches],
        TEMPLATES: [{name: getattr(o, name) for name in TEMPLATE_FIELDS} for o in overrides],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, document in documents.items():
            archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=1))


def archive_bytes(user: User, sketches: list[Sketch], overrides: list[TemplateOverride], now: datetime) -> bytes:
    """For tests and small exports: the archive in memory."""
    buffer = io.BytesIO()
    write_archive(buffer, user, sketches, overrides, now)
    return buffer.getvalue()


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveCounts:
    sketches: int
    prompt_templates: int


class ArchiveReader:
    """An uploaded archive, checked and opened; its items are read as streams.

    Opening checks the ZIP's structure and declared sizes and reads the manifest and the profile. `sketches()`
    and `prompt_templates()` then yield checked values one at a time, each call reading its document anew (so an
    importer can check everything first and write afterwards). Blocking and CPU-bound: call from a thread."""

    def __init__(self, source: IO[bytes]) -> None:
        _check_directory(source)
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error) as exc:
            raise ArchiveError("The file is not a readable ZIP archive.") from exc
        try:
            self._members = _check_members(self._zip)
            manifest = self._small_document(MANIFEST)
            self.counts = _check_manifest(manifest)
            self.profile = _profile_values(self._small_document(PROFILE))
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def sketches(self) -> Iterator[dict[str, Any]]:
        """Checked keyword arguments for `Sketch` (all but `user_id`; the archive's id is `origin_id`)."""
        for n, item in self._items(SKETCHES, self.counts.sketches, "sketches"):
            yield _sketch_values(item, n)

    def prompt_templates(self) -> Iterator[dict[str, Any]]:
        """Checked template fields: category, action, the editable fields and version."""
        for n, item in self._items(TEMPLATES, self.counts.prompt_templates, "prompt templates"):
            yield _template_values(item, n)

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

    def _items(self, name: str, expected: int, what: str) -> Iterator[tuple[int, Any]]:
        n = 0
        with self._open(name) as member, _readable(name):
            stream = _Measured(member, name, self._members[name].file_size, list_items=True)
            for item in ijson.items(stream, "item", use_float=True, buf_size=READ_CHUNK):
                stream.item_done()
                n += 1
                if n > expected:
                    raise ArchiveError(f"{name} holds more {what} than the manifest's {expected}.")
                yield n, item
        if n != expected:
            raise ArchiveError(f"{name} holds {n} {what}; the manifest says {expected}.")

    def _open(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(self._members[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{name} cannot be read from the archive.") from exc


class _Measured:
    """A document as it decompresses, counting the bytes really produced (a ZIP's declared sizes can lie).

    For a list document it also checks that it is a list and that no single item outgrows ITEM_MAX: the
    consumer calls `item_done()` after each item, and reading on and on without one is refused."""

    def __init__(self, stream: IO[bytes], name: str, declared: int, *, list_items: bool = False) -> None:
        self._stream = stream
        self.name = name
        self.limit = min(declared, EXPANDED_MAX)
        self.produced = 0
        self._list_items = list_items
        self._since_item = 0
        self._started = not list_items

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        data = self._stream.read(READ_CHUNK if size < 0 else min(size, READ_CHUNK))
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


def _check_directory(source: IO[bytes]) -> None:
    """Refuse a central directory too large for an export before zipfile builds an object per entry."""
    size = source.seek(0, io.SEEK_END)
    tail_size = min(size, _EOCD.size + 0xFFFF + _ZIP64_LOCATOR_SIZE)
    source.seek(size - tail_size)
    tail = source.read(tail_size)
    source.seek(0)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        raise ArchiveError("The file is not a readable ZIP archive.")
    if at >= _ZIP64_LOCATOR_SIZE and tail[at - _ZIP64_LOCATOR_SIZE :].startswith(_ZIP64_LOCATOR_SIGNATURE):
        raise ArchiveError("The archive uses ZIP64, which an aiproxy export never needs.")
    _, _, _, _, entries, directory_size, _, _ = _EOCD.unpack_from(tail, at)
    if entries > len(DOCUMENTS):
        raise ArchiveError(f"The archive has {entries} entries; an export has {len(DOCUMENTS)}.")
    if directory_size > DIRECTORY_MAX:
        raise ArchiveError("The archive's directory is far larger than an export's.")


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > len(DOCUMENTS):
        raise ArchiveError(f"The archive has {len(infos)} entries; an export has {len(DOCUMENTS)}.")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename not in DOCUMENTS:
            raise ArchiveError(f"The archive holds {info.filename[:100]!r}, which is not part of an export.")
        if info.filename in members:
            raise ArchiveError(f"The archive holds {info.filename} twice.")
        members[info.filename] = info
    for name in DOCUMENTS:
        if name not in members:
            raise ArchiveError(f"The archive lacks {name}: it is not a complete aiproxy export.")
    total = 0
    for name, info in members.items():
        if info.flag_bits & 0x1:
            raise ArchiveError(f"{name} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError(f"{name} uses a compression method an export never uses.")
        limit = DOCUMENT_MAX if name in (MANIFEST, PROFILE) else EXPANDED_MAX
        if info.file_size > limit:
            raise ArchiveError(f"{name} expands to {_mib(info.file_size)}; at most {_mib(limit)} is accepted.")
        if info.file_size > RATIO_FLOOR and info.file_size > RATIO_MAX * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveError(
                f"{name} expands {ratio} times its compressed size; at most {RATIO_MAX} times is accepted."
            )
        total += info.file_size
    if total > EXPANDED_MAX:
        raise ArchiveError(f"The archive expands to {_mib(total)}; at most {_mib(EXPANDED_MAX)} is accepted.")
    return members


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB" if size % MiB else f"{size // MiB} MiB"


def _check_manifest(manifest: Any) -> ArchiveCounts:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not an aiproxy export.")
    if manifest.get("version") != FORMAT_VERSION:
        raise ArchiveError(f"Export format version {str(manifest.get('version'))[:20]} is not supported.")
    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        raise ArchiveError("manifest.json lacks the counts of what the export holds.")
    values = {}
    for key, limit, what in (("sketches", SKETCHES_MAX, "sketches"), ("prompt_templates", TEMPLATES_MAX, "templates")):
        value = counts.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ArchiveError(f"manifest.json: counts.{key} must be a whole number.")
        if value > limit:
            raise ArchiveError(f"The export holds {value} {what}; an import takes at most {limit}.")
        values[key] = value
    return ArchiveCounts(**values)


# -- items: the archive's JSON types first, then the domain's own rules ----------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _object(item: Any, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ArchiveError(f"{where} is {_kind(item)}, not an object.")
    unknown = sorted(set(item) - keys)
    if unknown:
        raise ArchiveError(f"{where}: unknown field {unknown[0][:50]!r}.")
    return item


def _storable(value: str, name: str, where: str) -> str:
    # The API's inputs arrive through GraphQL; an archive's strings are checked for what no database can store.
    if "\x00" in value:
        raise ArchiveError(f"{where}: {name} contains a NUL character.")
    return value


def _text(item: dict[str, Any], name: str, where: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: {name} must be text, not {_kind(value)}.")
    return _storable(value, name, where)


def _tags(item: dict[str, Any], name: str, where: str) -> list[str]:
    value = item.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ArchiveError(f"{where}: {name} must be a list of text.")
    return [_storable(tag, name, where) for tag in value]


_E = TypeVar("_E", bound=StrEnum)


def _member_of(enum: type[_E], item: dict[str, Any], name: str, where: str) -> _E:
    value = item.get(name)
    if isinstance(value, str) and value in set(enum):
        return enum(value)
    raise ArchiveError(f"{where}: {name} must be one of {', '.join(enum)}.")


def _parsed(parse: Callable[[str], Any], item: dict[str, Any], name: str, where: str, what: str) -> Any:
    value = item.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError(name)
        return parse(value)
    except ValueError:
        raise ArchiveError(f"{where}: {name} must be {what}.") from None


def _instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("naive")
    return parsed


def _checked(where: str, values: dict[str, Any], rules: Callable[[dict[str, Any], Checks], None]) -> None:
    """Applies an area's own rules (those its service applies to API input); the first problems become
    an ArchiveError naming the item."""
    checks = Checks()
    rules(values, checks)
    try:
        checks.raise_if_any()
    except DomainError as exc:
        raise ArchiveError(f"{where}: {exc}") from None


_SKETCH_TEXT = ("title", "lyrics", "prompt", "description_long", "description_short", "info")
_SKETCH_KEYS = {*SKETCH_FIELDS, "id", "workflow", "created_at", "updated_at"}


def _sketch_values(item: Any, n: int) -> dict[str, Any]:
    where = f"Sketch {n}"
    item = _object(item, _SKETCH_KEYS, where)
    fields: dict[str, Any] = {name: _text(item, name, where) for name in _SKETCH_TEXT}
    fields["tags"] = _tags(item, "tags", where)
    fields["description_tags"] = _tags(item, "description_tags", where)
    fields["workflow"] = _member_of(SketchWorkflow, item, "workflow", where)
    values = sketch_rules.clean_sketch_values(fields)
    _checked(where, values, sketch_rules.check_sketch_values)
    values["origin_id"] = _parsed(uuid.UUID, item, "id", where, "a UUID")
    for name in ("created_at", "updated_at"):
        values[name] = _parsed(_instant, item, name, where, "an ISO 8601 date and time with a time zone")
    return values


_TEMPLATE_TEXT = ("pre_condition", "post_condition", "description", "model")


def _template_values(item: Any, n: int) -> dict[str, Any]:
    where = f"Prompt template {n}"
    item = _object(item, set(TEMPLATE_FIELDS), where)
    category, action = clean_text(_text(item, "category", where)), clean_text(_text(item, "action", where))
    _checked(where, {}, lambda _, checks: prompt_templates.check_template_key(category, action, checks))
    assert category is not None and action is not None
    where = f"Prompt template {n} ({category}/{action})"
    fields: dict[str, Any] = {name: _text(item, name, where) for name in _TEMPLATE_TEXT}
    temperature, max_tokens, active = item.get("temperature"), item.get("max_tokens"), item.get("active", True)
    if temperature is not None and (isinstance(temperature, bool) or not isinstance(temperature, (int, float))):
        raise ArchiveError(f"{where}: temperature must be a number, not {_kind(temperature)}.")
    if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int)):
        raise ArchiveError(f"{where}: max_tokens must be a whole number, not {_kind(max_tokens)}.")
    if not isinstance(active, bool):
        raise ArchiveError(f"{where}: active must be true or false, not {_kind(active)}.")
    fields.update(temperature=temperature, max_tokens=max_tokens, active=active)
    fields["version"] = _text(item, "version", where)
    values = {name: clean_text(value) if isinstance(value, str) else value for name, value in fields.items()}
    values["version"] = values["version"] or "1.0"
    _checked(where, values, prompt_templates.check_template_values)
    return {"category": category, "action": action, **values}


_PROFILE_KEYS = {*PROFILE_FIELDS, "email"}


def _profile_values(profile: Any) -> dict[str, Any]:
    """The profile fields an import may fill in, checked as viewerUpdate checks them."""
    where = "Profile"
    profile = _object(profile, _PROFILE_KEYS, where)
    _text(profile, "email", where)  # kept in the archive for the reader's sake; an import never changes it
    values: dict[str, Any] = {name: clean_text(_text(profile, name, where)) for name, _ in accounts.NAMES}
    _checked(where, values, lambda names, checks: accounts.check_names(checks, names))
    if profile.get("language") is not None:
        values["language"] = _member_of(Language, profile, "language", where)
    return values
