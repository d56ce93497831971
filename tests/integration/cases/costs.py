"""Costs: no Node types, no mutations and no lists; the organisation's figures are a query (tests/integration/
test_costs.py), the viewer's own image spend a field of `User`. What the costs tests share lives here too."""

from __future__ import annotations

from decimal import Decimal

from tests.support import AreaCases

CASES = AreaCases()

DAY = 86400


def mock_costs(days: range) -> tuple[Decimal, Decimal, Decimal]:
    """(image, chat, other) that aitestmock's costs history adds up to over these days (numbered from the epoch),
    worked out from the rules its documentation states."""
    image = chat = other = Decimal(0)
    for day in days:
        image += Decimal("0.08") * (day % 3 == 0) + Decimal("0.042") * (day % 4 == 0)
        chat += Decimal("0.01003") * (day % 2 == 1) + Decimal("0.00123") * (day % 7 == 0)
        other += Decimal("0.0002") * (day % 4 == 2)
    return image, chat, other
