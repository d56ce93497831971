"""Calendar months in UTC: what cost reports and spend figures are counted by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Self

from domain.common.errors import DomainError, ErrorCode, FieldError

YEAR_MIN, YEAR_MAX = 2000, 9999
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month; ordered by time."""

    year: int
    month: int  # 1..12

    @classmethod
    def of(cls, moment: datetime) -> Self:
        moment = moment.astimezone(UTC)
        return cls(moment.year, moment.month)

    @classmethod
    def checked(cls, year: int, month: int, *, year_field: str = "year", month_field: str = "month") -> Self:
        """The month, or a DomainError naming the field that is out of range."""
        errors = []
        if not YEAR_MIN <= year <= YEAR_MAX:
            errors.append(
                FieldError(f"Year must be between {YEAR_MIN} and {YEAR_MAX}.", ErrorCode.INVALID, (year_field,))
            )
        if not 1 <= month <= 12:
            errors.append(FieldError("Month must be between 1 and 12.", ErrorCode.INVALID, (month_field,)))
        if errors:
            raise DomainError(*errors)
        return cls(year, month)

    @classmethod
    def parse(cls, text: str, field: str = "month") -> Self:
        """`YYYY-MM` (e.g. `2025-03`), or a DomainError on `field`."""
        match = _YEAR_MONTH.fullmatch(text.strip())
        if match is None:
            raise DomainError.single(ErrorCode.INVALID, "Write the month as YYYY-MM, e.g. 2025-03.", field)
        return cls.checked(int(match[1]), int(match[2]), year_field=field, month_field=field)

    @property
    def start(self) -> datetime:
        """Its first instant (inclusive)."""
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        return self.next().start

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
