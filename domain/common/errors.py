"""Business errors. They travel to clients as `userErrors`, never as server faults."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    TAKEN = "TAKEN"
    RATE_LIMITED = "RATE_LIMITED"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    CONFLICT = "CONFLICT"


@dataclass(frozen=True)
class FieldError:
    message: str
    code: ErrorCode
    field: tuple[str, ...] | None = None


class DomainError(Exception):
    """One or more business errors; the use case did nothing."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)

    @classmethod
    def single(cls, code: ErrorCode, message: str, *field: str) -> DomainError:
        return cls(FieldError(message=message, code=code, field=tuple(field) or None))


def not_found(what: str, *field: str) -> DomainError:
    return DomainError.single(ErrorCode.NOT_FOUND, f"{what} not found.", *field)
