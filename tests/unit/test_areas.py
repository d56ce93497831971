"""The area registrations agree with what the domain declares: every repository a use case's unit of work
promises is registered by some area, every job kind has one handler, every area has its GraphQL part."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from dataclasses import replace
from typing import Any

import pytest

import domain
from domain.common.uow import UnitOfWork
from infra.areas import AREAS
from infra.db.uow import Implements


def _unit_of_work_protocols() -> list[type[Any]]:
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)
    found: list[type[Any]] = []
    pending = [UnitOfWork]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def test_every_repository_a_unit_of_work_declares_is_registered() -> None:
    registered = {name for area in AREAS for name in area.repositories}
    protocols = _unit_of_work_protocols()
    assert len(protocols) >= 8  # one per area at least: the walk found them
    for protocol in protocols:
        declared = {name for cls in protocol.__mro__ for name in getattr(cls, "__annotations__", {})}
        missing = declared - registered
        assert not missing, f"{protocol.__module__}.{protocol.__name__} declares {missing}; no area registers them"


def test_every_repository_is_registered_as_the_port_its_unit_of_work_declares() -> None:
    """`Implements[Port](SqlClass)` is where mypy checks a SQL repository against its Protocol; that check is only
    worth something when Port is the type the units of work declare for that name."""
    declared: dict[str, object] = {}
    for protocol in _unit_of_work_protocols():
        declared.update(typing.get_type_hints(protocol))
    for area in AREAS:
        for name, factory in area.repositories.items():
            assert isinstance(factory, Implements), f"{area.name}.{name}: register it as Implements[Port](SqlClass)"
            (port,) = typing.get_args(factory.__orig_class__)  # type: ignore[attr-defined]  # set by Generic[P]()
            assert port is declared[name], f"{area.name}.{name} is registered as {port}, declared as {declared[name]}"


def test_names_are_unique_across_areas() -> None:
    names = [area.name for area in AREAS]
    assert len(names) == len(set(names))
    repositories = [name for area in AREAS for name in area.repositories]
    assert len(repositories) == len(set(repositories)), "two areas register the same repository name"
    services = [service for area in AREAS for service in area.services]
    assert len(services) == len(set(services)), "two areas register the same service"
    kinds = [job.type.kind for area in AREAS for job in area.jobs]
    assert len(kinds) == len(set(kinds)), "two areas register the same job kind"


def test_archive_sections_are_registered_once_each() -> None:
    from infra.container import archive_sections

    names = [section.name for section in archive_sections(AREAS)]  # raises on a bad or repeated name
    assert names[:3] == ["profile", "sketches", "prompt_templates"], names  # an archive of format 1 holds these
    for area in AREAS:
        for section in area.archive_sections:
            assert section.version >= 1 and section.item_max >= 1, f"{area.name}: {section.name}"
    with pytest.raises(ValueError, match="'sketches'"):
        archive_sections((*AREAS, replace(AREAS[1], name="again")))


def test_every_area_has_its_graphql_part() -> None:
    from api.parts import schema_parts

    assert len(schema_parts()) == len(AREAS)
