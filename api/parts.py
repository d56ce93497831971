"""The schema's parts, one per registered area: `api/resolvers/<area>.py` exports `schema`, a SchemaPart.

Found by the area's name (the one registration in infra/areas), so adding an area edits no API module."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module
from typing import Any

from api.schema.part import SchemaPart
from domain.jobs.entities import JobType
from infra.areas import AREAS


@functools.cache
def schema_parts() -> tuple[SchemaPart, ...]:
    parts = []
    for area in AREAS:
        module = import_module(f"api.resolvers.{area.name}")
        part = getattr(module, "schema", None)
        if not isinstance(part, SchemaPart):
            raise TypeError(f"api/resolvers/{area.name}.py must define `schema = SchemaPart(...)`")
        parts.append(part)
    return tuple(parts)


@functools.cache
def job_types() -> dict[str, JobType[Any]]:
    """Every kind of job the areas register, by kind."""
    return {job.type.kind: job.type for area in AREAS for job in area.jobs}


@functools.cache
def job_result_builders() -> dict[str, Callable[[Any], object]]:
    return {kind: build for part in schema_parts() for kind, build in part.job_results.items()}
