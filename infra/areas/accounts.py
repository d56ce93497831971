from __future__ import annotations

from domain.accounts.archive import ProfileArchive
from domain.accounts.ports import UserRepository
from domain.accounts.service import AccountService
from infra.areas.base import Area
from infra.db import accounts as db
from infra.db.uow import Implements
from infra.ratelimit import CounterLoginThrottle

AREA = Area(
    name="accounts",
    map_entities=db.map_entities,
    repositories={"users": Implements[UserRepository](db.SqlUserRepository)},
    services={
        AccountService: lambda s: AccountService(
            uow=s.uow,
            hasher=s.container.hasher,
            tokens=s.container.tokens,
            throttle=CounterLoginThrottle(
                s.container.counters,
                s.container.settings.login_max_failures,
                s.container.settings.login_lockout_seconds,
            ),
            events=s.container.events,
            allow_registration=s.container.settings.allow_registration,
        ),
    },
    archive_sections=(ProfileArchive(),),
)
