"""The areas of aiproxy. Adding an area is new files plus its name in AREA_NAMES (see CONTRIBUTING.md):
`infra/areas/<name>.py` defines its `AREA`, `api/resolvers/<name>.py` its GraphQL part."""

from __future__ import annotations

from importlib import import_module

from infra.areas.base import Area, JobRegistration

AREA_NAMES = (
    "accounts",
    "sketches",
    "prompt_templates",
    "jobs",
    "files",
    "data_transfer",
    "chat",
    "generation",
    "songs",
    "images",
    "costs",
    "songwriting",
    "projects",
    "equipment",
)


def _load(name: str) -> Area:
    area = getattr(import_module(f"infra.areas.{name}"), "AREA", None)
    if not isinstance(area, Area) or area.name != name:
        raise TypeError(f"infra/areas/{name}.py must define AREA = Area(name={name!r}, ...)")
    return area


AREAS: tuple[Area, ...] = tuple(_load(name) for name in AREA_NAMES)

__all__ = ["AREAS", "AREA_NAMES", "Area", "JobRegistration"]
