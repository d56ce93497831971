"""Typed commands for updates: a field the client left out is UNSET (stays as it is); None clears it."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, Final, Literal, TypeAlias, TypeVar

T = TypeVar("T")


class _Unset(Enum):
    UNSET = "UNSET"

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
Unset: TypeAlias = Literal[_Unset.UNSET]


def is_set(value: object) -> bool:
    return value is not UNSET


def given(command: Any) -> dict[str, Any]:
    """The fields of a command dataclass that were given (None included), by name."""
    return {
        f.name: getattr(command, f.name) for f in dataclasses.fields(command) if getattr(command, f.name) is not UNSET
    }
