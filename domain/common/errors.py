"""Business errors. They travel to clients as `userErrors`, never as server faults.

A field path names the use case's own parameters in snake_case (`("conversation_id",)`, `("tags", "3")`);
the API turns it into the GraphQL path of the input field the client sent, in one place."""

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
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"  # the provider account cannot pay for what was asked
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"  # an outside service needed to decide could not be reached


@dataclass(frozen=True)
class FieldError:
    message: str
    code: ErrorCode
    # None: not about one field. (): about the input as a whole. Otherwise the snake_case path.
    field: tuple[str, ...] | None = None


class DomainError(Exception):
    """One or more business errors; the use case did nothing."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)

    @classmethod
    def single(cls, code: ErrorCode, message: str, *field: str) -> DomainError:
        """An error about the field at `field` (snake_case path), or about no field when none is given."""
        return cls(FieldError(message=message, code=code, field=tuple(field) or None))

    @classmethod
    def on_input(cls, code: ErrorCode, message: str) -> DomainError:
        """An error about the request as a whole (e.g. a conflict with the current state)."""
        return cls(FieldError(message=message, code=code, field=()))


def not_found(what: str, *field: str) -> DomainError:
    return DomainError.single(ErrorCode.NOT_FOUND, f"{what} not found.", *field)
