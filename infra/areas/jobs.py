from __future__ import annotations

from domain.jobs.ports import JobRepository
from domain.jobs.service import JobService
from infra.areas.base import Area
from infra.db import jobs as db
from infra.db.uow import Implements

AREA = Area(
    name="jobs",
    map_entities=db.map_entities,
    repositories={"jobs": Implements[JobRepository](db.SqlJobRepository)},
    services={
        JobService: lambda s: JobService(
            uow=s.uow,
            queue=s.container.queue,
            events=s.container.events,
            max_attempts=s.container.settings.job_max_attempts,
        ),
    },
)
