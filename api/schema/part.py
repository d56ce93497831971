"""What an area's GraphQL module contributes to the one schema (see api/schema/root.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SchemaPart:
    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    # Types the schema must know though no field returns them directly (Node types, job results).
    types: Sequence[type] = ()
    # Job kind → the GraphQL object shown as `Job.result`, built from the area's typed job result.
    job_results: Mapping[str, Callable[[Any], object]] = field(default_factory=dict)
