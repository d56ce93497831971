"""Map every area's domain classes onto its tables, once per process (imperative mapping)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import registry

from infra.db.metadata import mapper_registry

_mapped: set[str] = set()


def start_mappers(mappers: Iterable[tuple[str, Callable[[registry], None] | None]]) -> None:
    """`mappers`: (area name, its map_entities). Areas already mapped in this process are skipped."""
    for name, map_entities in mappers:
        if name not in _mapped and map_entities is not None:
            map_entities(mapper_registry)
        _mapped.add(name)
