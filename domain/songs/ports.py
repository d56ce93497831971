from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.files.ports import DeletesStoredBytes
from domain.jobs.ports import JobsUnitOfWork
from domain.sketches.ports import SketchesUnitOfWork
from domain.songs.entities import Song, SongChoice, SongFilter, SongOrderField
from domain.songs.provider import SongAccount


class SongRepository(Protocol):
    async def add(self, song: Song) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Song | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Song]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Song | None:
        """The song with its row locked until the unit of work ends (its status is about to change)."""
        ...

    async def get_for_update(self, id: uuid.UUID) -> Song | None:
        """A song by id alone, fresh and locked, for the job that generates it to write its state."""
        ...

    async def delete(self, song: Song) -> None:
        """Deletes the song and its choices."""
        ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SongFilter,
        order_by: SongOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Song]: ...

    async def count(self, user_id: uuid.UUID, filter: SongFilter) -> int: ...

    async def unsettled_with_ended_jobs(self, limit: int) -> list[tuple[Song, str, str | None, str | None]]:
        """Songs still QUEUED or RUNNING whose job has ended (a worker lost for good, a job failed before its
        handler ran): each with the job's status, error code and message."""
        ...

    async def list_after(self, user_id: uuid.UUID, after: Song | None, limit: int) -> list[Song]:
        """The user's songs in creation order (created_at, id) after `after`: the export's pages."""
        ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]: ...


class ChoiceRepository(Protocol):
    async def add_all(self, choices: Sequence[SongChoice]) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> SongChoice | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[SongChoice]: ...

    async def of_songs(self, user_id: uuid.UUID, song_ids: Sequence[uuid.UUID]) -> list[SongChoice]:
        """The choices of these songs, in song and index order (one query for any number of songs)."""
        ...


class SongPlacements(Protocol):
    """Where a new song is filed besides its own table: the projects area keeps which folder holds what."""

    async def place_like_sketch(self, user_id: uuid.UUID, song_id: uuid.UUID, sketch_id: uuid.UUID) -> None:
        """File the new song (added to this unit of work) in the project folder its sketch is filed in, if any."""
        ...


class SongsUnitOfWork(SketchesUnitOfWork, JobsUnitOfWork, DeletesStoredBytes, Protocol):
    songs: SongRepository
    choices: ChoiceRepository
    song_placements: SongPlacements


class SongAccounts(Protocol):
    """The provider account, read through a short cache: a balance check per songCreate must not cost a call
    each time, and every worker needs the concurrency limit."""

    async def current(self, *, max_age: float) -> SongAccount:
        """The account, fetched again when the cached copy is older than `max_age` seconds. Raises
        ProviderError when it cannot be read."""
        ...


class SlotPool(Protocol):
    """Leases on the provider's concurrent generations, shared by every worker (Redis in production, this
    process in the embedded default). A lease lapses after `ttl` unless renewed: a lost worker frees its slot."""

    async def acquire(self, holder: str, limit: int, ttl: float) -> bool:
        """Take (or renew) a slot for `holder` if fewer than `limit` are held."""
        ...

    async def release(self, holder: str) -> None: ...

    async def held(self) -> int:
        """How many slots are held now."""
        ...
