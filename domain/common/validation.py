"""Field checks shared by every area: collect all problems, then raise once."""

from __future__ import annotations

import math
from typing import Any

from domain.common.errors import DomainError, ErrorCode, FieldError


def clean_text(value: str | None) -> str | None:
    """Trim; a blank string means "no value"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def clean_tags(values: list[str] | None) -> list[str]:
    """Trim, drop blanks and case-insensitive duplicates, keep the first spelling and order."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in values or []:
        tag = raw.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return result


def loose_number(value: Any) -> float | None:
    """A finite number from what a provider sent: an int, a float or a numeric string; None for anything else
    (booleans too)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class Checks:
    """Collects field errors; `field` names are the use case's snake_case parameter names."""

    def __init__(self, *prefix: str) -> None:
        self._prefix = prefix
        self.errors: list[FieldError] = []

    def add(self, field: str, code: ErrorCode, message: str) -> None:
        self.errors.append(FieldError(message=message, code=code, field=(*self._prefix, field)))

    def required(self, field: str, value: object, label: str) -> bool:
        if value is None or value == "" or value == []:
            self.add(field, ErrorCode.REQUIRED, f"{label} is required.")
            return False
        return True

    def max_length(self, field: str, value: str | None, limit: int, label: str) -> None:
        if value is not None and len(value) > limit:
            self.add(field, ErrorCode.TOO_LONG, f"{label} must be at most {limit} characters.")

    def min_length(self, field: str, value: str | None, limit: int, label: str) -> None:
        if value is not None and len(value) < limit:
            self.add(field, ErrorCode.TOO_SHORT, f"{label} must be at least {limit} characters.")

    def between(self, field: str, value: float | None, low: float, high: float, label: str) -> None:
        if value is not None and not low <= value <= high:
            self.add(field, ErrorCode.INVALID, f"{label} must be between {low:g} and {high:g}.")

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(*self.errors)
