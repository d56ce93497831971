"""Checking one imported item: the archive's JSON types first, then the area's own rules.

An area's `ArchiveSection.check` (domain/<area>/archive.py) uses these. `where` names the item in every
message ("Sketch 3"); the first problem raises an ArchiveError.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from domain.common.errors import DomainError
from domain.common.validation import Checks
from domain.data_transfer.sections import ArchiveError


def kind(value: Any) -> str:
    """A JSON value's kind as a message names it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def json_object(item: Any, keys: set[str], where: str) -> dict[str, Any]:
    """The item as an object with no keys but `keys` (each may be missing)."""
    if not isinstance(item, dict):
        raise ArchiveError(f"{where} is {kind(item)}, not an object.")
    unknown = sorted(set(item) - keys)
    if unknown:
        raise ArchiveError(f"{where}: unknown field {unknown[0][:50]!r}.")
    return item


def _storable(value: str, name: str, where: str) -> str:
    # The API's inputs arrive through GraphQL; an archive's strings are checked for what no database can store.
    if "\x00" in value:
        raise ArchiveError(f"{where}: {name} contains a NUL character.")
    return value


def text(item: dict[str, Any], name: str, where: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: {name} must be text, not {kind(value)}.")
    return _storable(value, name, where)


def text_list(item: dict[str, Any], name: str, where: str) -> list[str]:
    value = item.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ArchiveError(f"{where}: {name} must be a list of text.")
    return [_storable(tag, name, where) for tag in value]


def number(item: dict[str, Any], name: str, where: str) -> float | None:
    value = item.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ArchiveError(f"{where}: {name} must be a number, not {kind(value)}.")
    return value


def whole_number(item: dict[str, Any], name: str, where: str) -> int | None:
    value = item.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ArchiveError(f"{where}: {name} must be a whole number, not {kind(value)}.")
    return value


def flag(item: dict[str, Any], name: str, where: str, default: bool) -> bool:
    value = item.get(name, default)
    if not isinstance(value, bool):
        raise ArchiveError(f"{where}: {name} must be true or false, not {kind(value)}.")
    return value


E = TypeVar("E", bound=StrEnum)


def member_of(enum: type[E], item: dict[str, Any], name: str, where: str) -> E:
    value = item.get(name)
    if isinstance(value, str) and value in set(enum):
        return enum(value)
    raise ArchiveError(f"{where}: {name} must be one of {', '.join(enum)}.")


def parsed(parse: Callable[[str], Any], item: dict[str, Any], name: str, where: str, what: str) -> Any:
    """Text read by `parse` (a ValueError from it means not `what`)."""
    value = item.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError(name)
        return parse(value)
    except ValueError:
        raise ArchiveError(f"{where}: {name} must be {what}.") from None


def instant(value: str) -> datetime:
    """An ISO 8601 date and time with a time zone (for `parsed`)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("naive")
    return moment


INSTANT = "an ISO 8601 date and time with a time zone"


def iso(value: datetime | None) -> str | None:
    """A date and time as an item writes it (None stays None)."""
    return value.isoformat() if value is not None else None


def optional(parse: Callable[[str], Any], item: dict[str, Any], name: str, where: str, what: str) -> Any:
    """`parsed`, or None when the item has no value there."""
    return parsed(parse, item, name, where, what) if item.get(name) is not None else None


def origin_and_times(item: dict[str, Any], where: str, *optional_instants: str) -> dict[str, Any]:
    """What every restored row keeps of its item: the archive's id as `origin_id`, `created_at` and `updated_at`,
    and the `optional_instants` (each may be null)."""
    values: dict[str, Any] = {"origin_id": parsed(uuid.UUID, item, "id", where, "a UUID")}
    for name in ("created_at", "updated_at"):
        values[name] = parsed(instant, item, name, where, INSTANT)
    for name in optional_instants:
        values[name] = optional(instant, item, name, where, INSTANT)
    return values


def stored_files(item: dict[str, Any], names: Iterable[str], where: str) -> dict[str, str]:
    """An item's `files`: each of `names` it has → the stored object's name in the archive."""
    files = item.get("files") or {}
    allowed = list(names)
    if not isinstance(files, dict) or not all(
        name in allowed and isinstance(key, str) and 0 < len(key) <= 500 for name, key in files.items()
    ):
        raise ArchiveError(f"{where}: files must map {', '.join(allowed)} to a stored name.")
    return files


def bounded_text(item: dict[str, Any], name: str, where: str, limit: int) -> str | None:
    """`text` of at most `limit` characters."""
    value = text(item, name, where)
    if value is not None and len(value) > limit:
        raise ArchiveError(f"{where}: {name} must be at most {limit} characters.")
    return value


def checked(where: str, values: dict[str, Any], rules: Callable[[dict[str, Any], Checks], None]) -> None:
    """Applies an area's own rules (those its service applies to API input); the first problems become
    an ArchiveError naming the item."""
    checks = Checks()
    rules(values, checks)
    try:
        checks.raise_if_any()
    except DomainError as exc:
        raise ArchiveError(f"{where}: {exc}") from None
