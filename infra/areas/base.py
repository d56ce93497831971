"""What an area registers, once: its tables' mapping, repositories, service factories, job handlers, its
sections of the export archive and the encrypted values key rotation visits.

The API and the worker both build from these registrations (infra/container.py); the API also finds the
area's GraphQL module by its name (`api/resolvers/<name>.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import registry

from domain.common.secrets import EncryptedValues
from domain.data_transfer.sections import ArchiveSection
from domain.jobs.entities import JobType
from domain.jobs.executor import Handler, Sweeps
from infra.db.uow import RepositoryFactory

if TYPE_CHECKING:
    from infra.container import Container, Services


@dataclass(frozen=True)
class JobRegistration:
    """A kind of job an area runs, and how to build its handler from the container."""

    type: JobType[Any]
    handler: Callable[[Container], Handler]


@dataclass(frozen=True)
class Area:
    name: str
    # Maps the area's domain classes onto its tables (imperative mapping).
    map_entities: Callable[[registry], None] | None = None
    # Unit-of-work attribute → repository class (built over the unit's session).
    repositories: Mapping[str, RepositoryFactory] = field(default_factory=dict)
    # Service class → how to build it for one unit of work (`services.uow`, `services.container`,
    # `services.get(OtherService)` for what it depends on).
    services: Mapping[type[Any], Callable[[Services], Any]] = field(default_factory=dict)
    jobs: Sequence[JobRegistration] = ()
    # What the area leaves behind with no job to end it (a project upload declared and abandoned, bytes storage
    # refused to remove): swept at start and every SWEEP_SECONDS, with the job handlers that `Sweeps`.
    sweeps: Sequence[Callable[[Container], Sweeps]] = ()
    # Its part of the export archive (`domain/<area>/archive.py`): written by every export, restored from any
    # archive that holds it, in the order the areas are registered.
    archive_sections: Sequence[ArchiveSection[Any, Any]] = ()
    # Where its rows keep values encrypted under the server's keys (domain/common/secrets.py): `python -m
    # api.manage rotate-keys` re-encrypts them under the newest key.
    encrypted_values: Sequence[EncryptedValues[Any]] = ()
