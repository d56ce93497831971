from __future__ import annotations

from typing import TYPE_CHECKING

from domain.jobs.service import JobService
from domain.songs.archive import SongsArchive
from domain.songs.generation import (
    FileCopier,
    PollPolicy,
    SongFilesHandler,
    SongGenerationHandler,
    SongStemsHandler,
)
from domain.songs.ports import ChoiceRepository, SongRepository
from domain.songs.service import SONG_FILES, SONG_GENERATION, SONG_STEMS, SongService
from infra.areas.base import Area, JobRegistration
from infra.db import songs as db
from infra.db.uow import Implements

if TYPE_CHECKING:
    from infra.container import Container


def poll_policy(c: Container) -> PollPolicy:
    m = c.settings.mureka
    return PollPolicy(
        intervals=m.poll_intervals,
        steps=m.poll_steps,
        deadline=m.deadline_seconds,
        concurrency=m.concurrency,
        slot_wait=min(5.0, m.poll_intervals[0]),
    )


def copier(c: Container) -> FileCopier:
    return FileCopier(c.song_provider, c.storage)


AREA = Area(
    name="songs",
    map_entities=db.map_entities,
    repositories={
        "songs": Implements[SongRepository](db.SqlSongRepository),
        "choices": Implements[ChoiceRepository](db.SqlChoiceRepository),
    },
    services={
        SongService: lambda s: SongService(
            s.uow,
            s.get(JobService),
            s.container.song_accounts,
            s.container.storage_deletions,
            s.container.settings.mureka.models,
            s.container.settings.mureka.choices,
        ),
    },
    jobs=(
        JobRegistration(
            SONG_GENERATION,
            lambda c: SongGenerationHandler(
                uow_factory=c.uow,
                provider=c.song_provider,
                accounts=c.song_accounts,
                slots=c.song_slots,
                copier=copier(c),
                jobs=c.service_for(JobService),
                policy=poll_policy(c),
            ),
        ),
        JobRegistration(SONG_FILES, lambda c: SongFilesHandler(copier(c))),
        JobRegistration(SONG_STEMS, lambda c: SongStemsHandler(c.song_provider, copier(c))),
    ),
    archive_sections=(SongsArchive(),),
)
