"""Each area's cases for the conventions every area keeps (test_api_conventions.py): one module per area, named
like its registration in infra/areas, each declaring `CASES = AreaCases(...)` (tests/support/cases.py) —
builders for its Node types, bad inputs for its mutations, list queries whose statement count is checked.

An area adds its module here and nothing else: the conventions test finds it, and fails when an area, a Node
type, a mutation or a nested connection of the schema has no cases."""

from __future__ import annotations

import importlib
import pkgutil

from tests.support import AreaCases


def by_area() -> dict[str, AreaCases]:
    """Area name → its CASES, from every module of this package."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        cases = importlib.import_module(f"{__name__}.{module.name}").CASES
        assert isinstance(cases, AreaCases), f"{module.name}.CASES is not an AreaCases"
        found[module.name] = cases
    return found
