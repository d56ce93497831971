"""The song jobs: generate (submit once, poll, keep the files), copy files that could not be copied, stems.

Never pay twice: the job records that it is submitting before it calls the provider, and the provider's
task id right after. A job run again after its worker was lost resumes polling that id; one that was lost
while submitting (the provider may have started, and billed) ends instead of submitting again.

Concurrency: a generation holds a slot (SlotPool) from before its submission until it ends; the pool's
limit is the account's `concurrent_request_limit` (or the setting that overrides it). Waiting for a slot
is said in the job's progress message."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from domain.common.clock import utcnow
from domain.common.provider_errors import ProviderError
from domain.files.ports import FileStorage
from domain.jobs.errors import JobCancelled, JobFailed, TransientJobError
from domain.jobs.executor import JobContext
from domain.jobs.service import JobService
from domain.songs.entities import (
    Song,
    SongChoice,
    SongFile,
    SongFilesResult,
    SongResult,
    SongStatus,
    StemsResult,
)
from domain.songs.ports import SlotPool, SongAccounts, SongsUnitOfWork
from domain.songs.provider import SongProvider, SongSubmission, SongTask, TaskPhase
from domain.songs.service import SONG_FILES, end_song

log = logging.getLogger("aiproxy.songs")

TASK_ID = "mureka_task"  # the provider's task id, recorded before polling
SUBMITTING = "mureka_submitting"  # recorded before the submit: its presence without a task id means "maybe billed"
# Where each phase of the provider's work puts the progress bar (running moves on with the time spent).
_PHASE_PROGRESS = {"preparing": 0.05, "queued": 0.1, "running": 0.2, "streaming": 0.8}
_RUNNING_TYPICAL_SECONDS = 120.0
_EXTENSIONS = {SongFile.MP3: "mp3", SongFile.FLAC: "flac", SongFile.WAV: "wav", SongFile.IMAGE: "png"}
CONTENT_TYPES = {
    SongFile.MP3: "audio/mpeg",
    SongFile.FLAC: "audio/flac",
    SongFile.WAV: "audio/wav",
    SongFile.IMAGE: "image/png",
    SongFile.STEMS: "application/zip",
}


@dataclass(frozen=True)
class PollPolicy:
    """How often to ask, by the time since the submission: every `intervals[i]` seconds while under
    `steps[i]` (the last interval beyond the last step), and give up after `deadline` seconds."""

    intervals: tuple[float, ...] = (5.0, 15.0, 30.0)
    steps: tuple[float, ...] = (120.0, 300.0)
    deadline: float = 900.0
    slot_ttl: float = 120.0  # a lost worker's slot frees itself after this long
    slot_wait: float = 5.0  # how often a waiting generation asks for a slot
    concurrency: int = 0  # 0: the account's concurrent_request_limit
    account_max_age: float = 600.0  # how long the account's limit is trusted

    def interval(self, elapsed: float) -> float:
        for step, interval in zip(self.steps, self.intervals, strict=False):
            if elapsed < step:
                return interval
        return self.intervals[-1]


def file_key(song: Song, choice: SongChoice, file: SongFile) -> str:
    extension = "zip" if file is SongFile.STEMS else _EXTENSIONS[file]
    suffix = "-stems" if file is SongFile.STEMS else ""
    return f"songs/{song.user_id}/{song.id}/{choice.index + 1}-{choice.id}{suffix}.{extension}"


@dataclass
class FileCopier:
    """Copies a provider's result files into our storage, streamed; reports what it could not copy."""

    provider: SongProvider
    storage: FileStorage

    async def copy(self, song: Song, choice: SongChoice, file: SongFile) -> bool:
        url = choice.provider_url(file)
        if not url:
            return True
        key = file_key(song, choice, file)
        try:
            async with self.provider.download(url) as download:
                await self.storage.write(key, download.chunks, download.content_type or CONTENT_TYPES[file])
        except ProviderError as error:
            log.warning(
                "song file not copied: %s",
                error.message,
                extra={"song_id": str(song.id), "choice": choice.index, "file": file.value},
            )
            return False
        choice.set_stored_key(file, key)
        return True

    async def copy_missing(
        self, song: Song, choices: list[SongChoice], progress: Callable[[int, int], Awaitable[None]] | None = None
    ) -> int:
        """Copies every file not copied yet; returns how many are still missing."""
        todo = [(choice, file) for choice in choices for file in choice.missing_copies()]
        missing = 0
        for done, (choice, file) in enumerate(todo):
            if progress is not None:
                await progress(done, len(todo))
            if not await self.copy(song, choice, file):
                missing += 1
        return missing


@dataclass
class SongGenerationHandler:
    uow_factory: Callable[[], SongsUnitOfWork]
    provider: SongProvider
    accounts: SongAccounts
    slots: SlotPool
    copier: FileCopier
    jobs: Callable[[SongsUnitOfWork], JobService]
    policy: PollPolicy
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def __call__(self, ctx: JobContext[SongsUnitOfWork]) -> SongResult:
        song_id = uuid.UUID(ctx.job.payload["song_id"])
        async with self.uow_factory() as uow:
            song = await uow.songs.get(ctx.job.user_id, song_id)
        if song is None:
            raise JobFailed("NOT_FOUND", "The song no longer exists.")
        holder = str(ctx.job.id)
        try:
            task = await self._generate(ctx, song, holder)
        except (asyncio.CancelledError, JobCancelled):
            await self._end(song_id, SongStatus.CANCELLED)
            raise JobCancelled() from None
        except JobFailed as failure:
            await self._end(song_id, SongStatus.FAILED, (failure.code, failure.message))
            raise
        except ProviderError as error:
            await self._end(song_id, SongStatus.FAILED, (error.code.value, error.message))
            raise JobFailed(error.code.value, error.message) from error
        finally:
            with contextlib.suppress(Exception):  # a lapsed lease frees itself anyway
                await asyncio.shield(self.slots.release(holder))
        return await self._keep(ctx, song, task)

    async def _generate(self, ctx: JobContext[SongsUnitOfWork], song: Song, holder: str) -> SongTask:
        task_id = ctx.job.external_ids.get(TASK_ID)
        if task_id is None:
            if SUBMITTING in ctx.job.external_ids:
                raise JobFailed(
                    "SUBMISSION_UNKNOWN",
                    "The worker stopped while sending this song to Mureka. Mureka may have started it (and billed "
                    "it), so it is not sent again; check your Mureka account, and generate it anew if it is not there.",
                )
            await self._wait_for_slot(ctx, holder)
            submitted_at = utcnow()
            await ctx.record_external_id(SUBMITTING, submitted_at.isoformat())
            await self._mark(song.id, SongStatus.RUNNING, "submitting")
            task = await self.provider.submit(
                SongSubmission(
                    kind=song.kind,
                    prompt=song.prompt,
                    model=song.model,
                    n=int(ctx.job.payload.get("n", 2)),
                    lyrics=song.lyrics,
                )
            )
            task_id = task.id
            await ctx.record_external_id(TASK_ID, task_id)
            await self._mark(song.id, SongStatus.RUNNING, task.status, task_id)
        else:
            # Run again after its worker was lost: the provider has the song; take the slot back and ask on.
            submitted_at = datetime.fromisoformat(ctx.job.external_ids[SUBMITTING])
            await self._wait_for_slot(ctx, holder)
            await self._mark(song.id, SongStatus.RUNNING, None, task_id)
        return await self._poll(ctx, song, task_id, submitted_at, holder)

    async def _wait_for_slot(self, ctx: JobContext[SongsUnitOfWork], holder: str) -> None:
        while True:
            limit = await self._limit()
            if await self.slots.acquire(holder, limit, self.policy.slot_ttl):
                return
            in_use = await self.slots.held()
            await ctx.progress(0.0, f"Waiting for a free Mureka slot ({in_use} of {limit} in use)")
            await self.sleep(self.policy.slot_wait)

    async def _limit(self) -> int:
        if self.policy.concurrency > 0:
            return self.policy.concurrency
        try:
            account = await self.accounts.current(max_age=self.policy.account_max_age)
        except ProviderError as error:
            if not error.transient:
                raise
            return 1  # the account cannot be read just now: the safest limit
        return max(1, account.concurrent_request_limit)

    async def _poll(
        self, ctx: JobContext[SongsUnitOfWork], song: Song, task_id: str, submitted_at: datetime, holder: str
    ) -> SongTask:
        last_status: str | None = None
        while True:
            elapsed = (utcnow() - submitted_at).total_seconds()
            if elapsed > self.policy.deadline:
                raise JobFailed(
                    "TIMEOUT",
                    f"Mureka did not finish the song within {self.policy.deadline / 60:.0f} minutes "
                    f"(last status: {last_status or 'unknown'}); it may still finish and bill.",
                )
            try:
                task = await self.provider.query(song.kind, task_id)
            except ProviderError as error:
                if not error.transient:
                    raise
                await ctx.progress(ctx.job.progress, f"Mureka is not answering ({error.message}); asking again")
            else:
                if task.phase is TaskPhase.SUCCEEDED:
                    return task
                if task.phase is TaskPhase.FAILED:
                    reason = task.failed_reason or f"Mureka ended the song as {task.status}."
                    raise JobFailed("GENERATION_FAILED", reason)
                if task.status != last_status:
                    last_status = task.status
                    await self._mark(song.id, SongStatus.RUNNING, task.status)
                await ctx.progress(_progress(task.status, elapsed), f"Mureka: {task.status} ({elapsed:.0f} s)")
            await self.slots.acquire(holder, await self._limit(), self.policy.slot_ttl)  # renew the lease
            await self.sleep(self.policy.interval(elapsed))

    async def _keep(self, ctx: JobContext[SongsUnitOfWork], song: Song, task: SongTask) -> SongResult:
        """Copies the files into our storage (before any write: SQLite's one writer is not held meanwhile),
        then writes the choices and the song's success; they commit with the job's."""
        now = utcnow()
        choices = [
            SongChoice(
                user_id=song.user_id,
                song_id=song.id,
                index=c.index,
                created_at=now,
                updated_at=now,
                provider_id=c.provider_id,
                title=c.title,
                tags=list(c.tags),
                duration_ms=c.duration_ms,
                mp3_url=c.mp3_url,
                flac_url=c.flac_url,
                wav_url=c.wav_url,
                video_url=c.video_url,
                image_url=c.image_url,
                lyrics_timeline=c.lyrics_timeline,
            )
            for c in task.choices
        ]

        async def progress(done: int, total: int) -> None:
            await ctx.progress(0.9 + 0.1 * done / max(total, 1), f"Keeping the audio ({done + 1} of {total} files)")

        missing = await self.copier.copy_missing(song, choices, progress)
        uow = ctx.uow
        row = await uow.songs.get_for_update(song.id)
        if row is None:
            raise JobFailed("NOT_FOUND", "The song was deleted while it was generated.")
        await uow.choices.add_all(choices)
        row.model = task.model or row.model
        row.provider_task_id = task.id
        row.provider_status = task.status
        end_song(row, SongStatus.SUCCEEDED)
        if missing:
            await self.jobs(uow).create(row.user_id, SONG_FILES, {"song_id": str(row.id)})
        return SongResult(
            song_id=str(song.id),
            provider_task_id=task.id,
            choices=len(choices),
            copies_missing=missing,
            provider_answer=task.answer,
        )

    async def _mark(
        self, song_id: uuid.UUID, status: SongStatus, provider_status: str | None, task_id: str | None = None
    ) -> None:
        async with self.uow_factory() as uow:
            song = await uow.songs.get_for_update(song_id)
            if song is None or song.status.is_final:
                return
            song.status = status
            if provider_status is not None:
                song.provider_status = provider_status
            if task_id is not None:
                song.provider_task_id = task_id
            song.updated_at = utcnow()
            await uow.commit()

    async def _end(self, song_id: uuid.UUID, status: SongStatus, error: tuple[str, str] | None = None) -> None:
        async with self.uow_factory() as uow:
            song = await uow.songs.get_for_update(song_id)
            if song is None or song.status.is_final:
                return
            end_song(song, status, error)
            await uow.commit()

    async def sweep(self) -> int:
        """Ends songs whose job ended without them (a worker lost for good, a job that failed to start)."""
        async with self.uow_factory() as uow:
            stale = await uow.songs.unsettled_with_ended_jobs(100)
            for song, job_status, code, message in stale:
                status = SongStatus(job_status) if job_status in SongStatus.__members__ else SongStatus.FAILED
                end_song(song, status, (code, message or "The song's job ended.") if code else None)
            await uow.commit()
        return len(stale)


def _progress(status: str, elapsed: float) -> float:
    base = _PHASE_PROGRESS.get(status, 0.2)
    if status == "running":
        return min(0.75, base + 0.55 * elapsed / _RUNNING_TYPICAL_SECONDS)
    return base


@dataclass
class SongFilesHandler:
    """Copies what the generation could not (a CDN down, a URL not there yet), with the job's retries."""

    copier: FileCopier

    async def __call__(self, ctx: JobContext[SongsUnitOfWork]) -> SongFilesResult:
        song_id = uuid.UUID(ctx.job.payload["song_id"])
        song = await ctx.uow.songs.get(ctx.job.user_id, song_id)
        if song is None:
            raise JobFailed("NOT_FOUND", "The song no longer exists.")
        choices = await ctx.uow.choices.of_songs(song.user_id, [song_id])
        before = sum(len(c.missing_copies()) for c in choices)
        missing = await self.copier.copy_missing(song, choices)
        if missing:
            raise TransientJobError("COPY_FAILED", f"{missing} of {before} files could not be copied from Mureka yet.")
        return SongFilesResult(song_id=str(song_id), copied=before)


@dataclass
class SongStemsHandler:
    provider: SongProvider
    copier: FileCopier

    async def __call__(self, ctx: JobContext[SongsUnitOfWork]) -> StemsResult:
        choice_id = uuid.UUID(ctx.job.payload["choice_id"])
        choice = await ctx.uow.choices.get(ctx.job.user_id, choice_id)
        song = await ctx.uow.songs.get(ctx.job.user_id, choice.song_id) if choice is not None else None
        if choice is None or song is None or not choice.mp3_url:
            raise JobFailed("NOT_FOUND", "The song choice no longer exists.")
        await ctx.progress(0.1, "Mureka is splitting the song into stems")
        try:
            stems = await self.provider.stems(choice.mp3_url)
        except ProviderError as error:
            if error.transient:
                raise TransientJobError(error.code.value, error.message, error.retry_after) from error
            raise JobFailed(error.code.value, error.message) from error
        choice.stems_url = stems.zip_url
        choice.stems_key = None
        await ctx.progress(0.8, "Keeping the stems")
        stored = await self.copier.copy(song, choice, SongFile.STEMS)
        choice.stems_at = choice.updated_at = utcnow()
        return StemsResult(choice_id=str(choice_id), stored=stored)
