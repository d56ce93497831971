"""Songs and their choices in SQL: the tables, their mapping and repositories (search, filters, keyset pages)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator

from domain.jobs.entities import TERMINAL
from domain.songs.entities import ChoiceRating, Song, SongChoice, SongFilter, SongOrderField, SongStatus, SongWorkflow
from domain.songs.lyrics import LyricsTimeline, compact, from_compact
from domain.songs.provider import SongKind
from infra.db.jobs import jobs
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import ArchivedRepository, OwnedRepository
from infra.db.types import UTCDateTime

URL = String(2000)
KEY = String(500)


class LyricsTimelineJSON(TypeDecorator[LyricsTimeline]):
    """A choice's word timings in their compact JSON form (domain/songs/lyrics.py); none is SQL NULL."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def process_bind_param(self, value: LyricsTimeline | None, dialect: Dialect) -> Any:
        return compact(value) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> LyricsTimeline | None:
        return from_compact(value) if value is not None else None


songs = Table(
    "songs",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("title", String(255), nullable=False),
    Column("lyrics", Text),
    Column("prompt", String(1024), nullable=False),
    Column("model", String(100), nullable=False),
    Column("kind", enum_type(SongKind, "song_kind"), nullable=False),
    Column("status", enum_type(SongStatus, "song_status"), nullable=False),
    Column("workflow", enum_type(SongWorkflow, "song_workflow")),
    Column("tags", JSON, nullable=False),
    Column("sketch_id", Uuid, ForeignKey("sketches.id", ondelete="SET NULL")),
    Column("job_id", Uuid, ForeignKey("jobs.id", ondelete="SET NULL")),
    Column("provider_task_id", String(100)),
    Column("provider_status", String(50)),
    Column("error_code", String(50)),
    Column("error_message", Text),
    Column("completed_at", UTCDateTime()),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_songs_user_created", "user_id", "created_at", "id"),
    Index("ix_songs_user_updated", "user_id", "updated_at", "id"),
    Index("ix_songs_status", "status"),
)

song_choices = Table(
    "song_choices",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("song_id", Uuid, ForeignKey("songs.id", ondelete="CASCADE"), nullable=False),
    Column("index", Integer, nullable=False),
    Column("provider_id", String(100)),
    Column("title", String(500)),
    Column("tags", JSON, nullable=False),
    Column("duration_ms", Integer),
    Column("rating", enum_type(ChoiceRating, "choice_rating")),
    Column("mp3_url", URL),
    Column("flac_url", URL),
    Column("wav_url", URL),
    Column("video_url", URL),
    Column("image_url", URL),
    Column("stems_url", URL),
    Column("mp3_key", KEY),
    Column("flac_key", KEY),
    Column("wav_key", KEY),
    Column("image_key", KEY),
    Column("stems_key", KEY),
    Column("stems_at", UTCDateTime()),
    Column("lyrics_timeline", LyricsTimelineJSON()),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_song_choices_song", "song_id", "index"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Song, songs)
    mappers.map_imperatively(SongChoice, song_choices)


t = songs

_ORDER: dict[SongOrderField, tuple[Any, str, Callable[[Song], Any]]] = {
    SongOrderField.CREATED_AT: (t.c.created_at, "datetime", lambda s: s.created_at),
    SongOrderField.UPDATED_AT: (t.c.updated_at, "datetime", lambda s: s.updated_at),
    SongOrderField.TITLE: (func.lower(t.c.title), "text", lambda s: s.title.lower()),
}


class SqlSongRepository(ArchivedRepository[Song, SongFilter, SongOrderField]):
    entity = Song
    table = songs
    flush_before_add = True  # its job, added first
    orders = _ORDER

    def filtered(self, user_id: uuid.UUID, filter: SongFilter) -> Select[tuple[Song]]:
        stmt = self.owned(user_id)
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            fields = [
                t.c.title.icontains(needle, autoescape=True),
                t.c.lyrics.icontains(needle, autoescape=True),
                t.c.prompt.icontains(needle, autoescape=True),
            ]
            if not set(needle) & set('",[]\\'):  # JSON punctuation would match the array text, not a tag
                fields.append(cast(t.c.tags, String).icontains(needle, autoescape=True))
            stmt = stmt.where(or_(*fields))
        if filter.statuses:
            stmt = stmt.where(t.c.status.in_(filter.statuses))
        if filter.workflows:
            stmt = stmt.where(t.c.workflow.in_(filter.workflows))
        if filter.instrumental is not None:
            stmt = stmt.where(t.c.kind == (SongKind.INSTRUMENTAL if filter.instrumental else SongKind.SONG))
        if filter.sketch_id is not None:
            stmt = stmt.where(t.c.sketch_id == filter.sketch_id)
        return stmt

    async def unsettled_with_ended_jobs(self, limit: int) -> list[tuple[Song, str, str | None, str | None]]:
        stmt = (
            select(Song, jobs.c.status, jobs.c.error_code, jobs.c.error_message)
            .join(jobs, jobs.c.id == t.c.job_id)
            .where(t.c.status.in_((SongStatus.QUEUED, SongStatus.RUNNING)), jobs.c.status.in_(TERMINAL))
            .limit(limit)
        )
        rows = await self.session.execute(stmt)
        return [(song, str(status), code, message) for song, status, code, message in rows]


class SqlChoiceRepository(OwnedRepository[SongChoice]):
    entity = SongChoice
    table = song_choices

    async def of_songs(self, user_id: uuid.UUID, song_ids: Sequence[uuid.UUID]) -> list[SongChoice]:
        if not song_ids:
            return []
        c = song_choices.c
        stmt = self.owned(user_id).where(c.song_id.in_(song_ids)).order_by(c.song_id, c.index, c.id)
        return list((await self.session.scalars(stmt)).all())
