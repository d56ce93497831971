"""Runs one job: claim it, run its handler, record how it ended. The same code serves the arq worker
and the in-process runner; only the queue that calls `run` differs."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from domain.common.clock import utcnow
from domain.common.events import EventBus, EventsUnavailable
from domain.common.periodic import repeat
from domain.common.uow import UnitOfWork
from domain.jobs.entities import Job, JobStatus, job_topic
from domain.jobs.errors import JobCancelled, JobFailed, TransientJobError
from domain.jobs.ports import JobQueue, JobsUnitOfWork

log = logging.getLogger("aiproxy.jobs")

U_co = TypeVar("U_co", bound=UnitOfWork, covariant=True)
T = TypeVar("T")


class JobContext(Protocol, Generic[U_co]):
    @property
    def job(self) -> Job: ...

    @property
    def uow(self) -> U_co:
        """The job's unit of work: the handler's writes commit with the job's final state."""
        ...

    async def progress(self, fraction: float, message: str | None = None) -> None: ...

    async def record_external_id(self, name: str, value: str) -> None: ...


# A handler gets the running job and returns its typed result (a dataclass, see JobType) or None.
Handler = Callable[[JobContext[Any]], Awaitable[object | None]]

INTERRUPTED = "INTERRUPTED"
# How often the sweep runs: in each worker (workers/supervisor.py) and in the embedded app (api/app.py).
SWEEP_SECONDS = 300.0


@runtime_checkable
class EndsWhenLost(Protocol):
    """A handler whose job must not start over once its worker was lost mid-way — it streamed text to
    subscribers, or called a provider that may have charged for it. Recovery ends such a job FAILED with
    the code INTERRUPTED (CANCELLED if a cancel was asked for) instead of requeueing it, then calls `lost`
    to end what the job left behind, keeping what was stored."""

    async def lost(self, job: Job) -> None: ...


@runtime_checkable
class Sweeps(Protocol):
    """A handler that can find what its jobs left in a transient state without a live job (a STREAMING
    message whose job has ended), or an area's sweeper of what it leaves behind with no job at all (a project
    upload declared and abandoned), and end it; `sweep` returns how many it ended. It runs at start and every
    SWEEP_SECONDS."""

    async def sweep(self) -> int: ...


def _stored_result(result: object | None) -> dict[str, Any]:
    """A handler's typed result as the JSON the job row keeps (JobType.decode reads it back)."""
    if result is None:
        return {}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    if isinstance(result, Mapping):
        return dict(result)
    raise TypeError(f"a job handler returned {type(result).__name__}, not a dataclass")


def _end_fields(job: Job, status: str, error_code: str | None = None) -> dict[str, Any]:
    """What a job's end line says: which job, what kind, how it ended, after how long (this attempt)."""
    took = (utcnow() - job.started_at).total_seconds() * 1000 if job.started_at else None
    fields = {"job_id": str(job.id), "kind": job.kind, "status": status, "attempt": job.attempts}
    return {**fields, "duration_ms": None if took is None else round(took, 1), "error_code": error_code}


def backoff_seconds(attempt: int, base: float = 2.0, cap: float = 300.0) -> float:
    """Exponential backoff with full jitter: attempt 1 → up to 2 s, 2 → 4 s, …"""
    return random.uniform(base / 2, min(cap, base * 2 ** (attempt - 1)))


@dataclass
class _RunningJob:
    job: Job
    uow: JobsUnitOfWork
    executor: JobExecutor

    async def progress(self, fraction: float, message: str | None = None) -> None:
        """Persist progress in its own short transaction (visible at once) and publish it.

        Report progress before the job's own writes: those and the job's success commit together at
        the end. Where the job's writes already hold SQLite's single-writer lock, progress is only
        published (a second writer would wait for this very job), and persisted with the final state."""
        fraction = max(0.0, min(1.0, fraction))
        if await self.uow.blocks_other_writers():
            self.job.progress, self.job.message = fraction, message
            self.job.revision += 1
            self.job.updated_at = utcnow()
            await self.executor._publish(self.job)
            return
        job = await self.executor._update(
            self.job.id, progress=fraction, message=message, revision_at_least=self.job.revision
        )
        if job is not None:
            self.job.progress, self.job.message, self.job.revision = job.progress, job.message, job.revision
            if job.cancel_requested:
                raise JobCancelled()

    async def record_external_id(self, name: str, value: str) -> None:
        current = dict(self.job.external_ids)
        current[name] = value
        await self.executor._update(self.job.id, external_ids=current)
        self.job.external_ids = current


@dataclass
class JobExecutor:
    uow_factory: Callable[[], JobsUnitOfWork]
    events: EventBus
    queue: JobQueue
    handlers: dict[str, Handler] = field(default_factory=dict)
    heartbeat_seconds: float = 10.0
    # What sweeps with no job kind of its own (an area's `sweeps`).
    sweepers: list[Sweeps] = field(default_factory=list)
    # Units of work whose every statement commits by itself (autocommit): the claim is one atomic statement,
    # so it needs no transaction around it, and the job starts two round trips sooner. None: `uow_factory`.
    statements: Callable[[], JobsUnitOfWork] | None = None

    async def run(self, job_id: uuid.UUID) -> None:
        if self.statements is not None:
            async with self.statements() as uow:
                job = await uow.jobs.claim(job_id, utcnow())  # committed as it runs
        else:
            async with self.uow_factory() as uow:
                job = await uow.jobs.claim(job_id, utcnow())
                await uow.commit()
        if job is None:
            return  # ended, cancelled, or another worker has it
        handler = self.handlers.get(job.kind)
        if handler is None:
            await self._publish(job)
            await self._finish(
                job.id, JobStatus.FAILED, error=("INTERNAL", f"No handler for {job.kind}."), attempt=job.attempts
            )
            return
        log.info("job started", extra={"job_id": str(job.id), "kind": job.kind, "attempt": job.attempts})
        async with self.uow_factory() as uow:
            work = asyncio.create_task(self._run_handler(handler, job, uow))
            watchers = [
                asyncio.create_task(self._heartbeat(job.id, job.attempts, work)),
                asyncio.create_task(self._watch_cancel(job.id, work)),
            ]
            try:
                # RUNNING is announced while the handler starts (a chat answer's first token waits for no event);
                # it still goes out before the job's end, and subscribers order job events by revision anyway.
                await self._publish(job)
                outcome = await work
                for watcher in watchers:
                    watcher.cancel()
                # Settle before waiting for the watchers to stop: on SQLite a heartbeat may be waiting for the
                # write lock this job's writes hold until they commit, and would wait for the job while the
                # job waited for it (until SQLite's 30 s busy timeout).
                await self._settle(job, uow, outcome)
            finally:
                await self._stop(job.id, watchers)

    @staticmethod
    async def _stop(job_id: uuid.UUID, watchers: list[asyncio.Task[None]]) -> None:
        for watcher in watchers:
            watcher.cancel()
        for watcher in watchers:
            try:
                await watcher
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise  # this run itself is being cancelled, not just the watcher
            except Exception:  # a watcher's failure must not keep the job from ending
                log.exception("job watcher failed", extra={"job_id": str(job_id)})

    async def _run_handler(self, handler: Handler, job: Job, uow: JobsUnitOfWork) -> tuple[str, Any]:
        try:
            return "ok", _stored_result(await handler(_RunningJob(job=job, uow=uow, executor=self)))
        except (JobCancelled, asyncio.CancelledError):
            return "cancelled", None
        except JobFailed as exc:
            return "failed", (exc.code, exc.message)
        except TransientJobError as exc:
            return "transient", exc
        except Exception:
            log.exception("job crashed", extra={"job_id": str(job.id)})
            return "failed", ("INTERNAL", "The job failed unexpectedly.")

    async def _settle(self, job: Job, uow: JobsUnitOfWork, outcome: tuple[str, Any]) -> None:
        kind, detail = outcome
        if kind == "ok":
            # The handler's own writes and the job's success commit together, once.
            try:
                row = await uow.jobs.get_for_update(job.id)  # flushes the handler's pending changes first
                assert row is not None  # jobs are never deleted while they run
                if not _still_ours(row, job.attempts):
                    await uow.rollback()
                    log.warning("job was taken over while it ran; its result is dropped", extra={"job_id": str(job.id)})
                    return
                row.revision = max(row.revision, job.revision)  # progress may have been published ahead of the row
                self._apply(row, JobStatus.SUCCEEDED, result=detail, message="Done", progress=1.0)
                await uow.commit()
            except Exception:
                # Whatever the database refused (a value it cannot store, a constraint, a lost connection), the
                # job must end now with a code, not stay RUNNING until the watchdog retries it to WORKER_LOST.
                log.exception("job's final commit failed", extra={"job_id": str(job.id)})
                kind, detail = "failed", ("INTERNAL", "The job's results could not be saved.")
            else:
                await self._publish(row)
                log.info("job finished", extra=_end_fields(job, "SUCCEEDED"))
                return
        # Anything else: the handler's writes are dropped (the uow never commits).
        try:
            await uow.rollback()  # release the job's own writes (and SQLite's lock) before recording the end
        except Exception:  # the end is recorded in a session of its own; closing this one releases the rest
            log.exception("rolling back a job's writes failed", extra={"job_id": str(job.id)})
        if kind == "cancelled":
            await self._finish(
                job.id, JobStatus.CANCELLED, message="Cancelled", revision=job.revision, attempt=job.attempts
            )
            log.info("job cancelled", extra=_end_fields(job, "CANCELLED"))
        elif kind == "failed":
            await self._finish(job.id, JobStatus.FAILED, error=detail, revision=job.revision, attempt=job.attempts)
            log.warning("job failed", extra=_end_fields(job, "FAILED", detail[0]))
        else:
            exc: TransientJobError = detail
            if job.attempts < job.max_attempts:
                delay = exc.retry_after if exc.retry_after is not None else backoff_seconds(job.attempts)
                requeued = await self._update(
                    job.id,
                    revision_at_least=job.revision,
                    attempt=job.attempts,
                    status=JobStatus.QUEUED,
                    message=f"Retrying in {delay:.0f}s: {exc.message}",
                    run_after=utcnow() + timedelta(seconds=delay),
                )
                if requeued is not None:
                    await self.queue.enqueue(job.id, delay_seconds=delay)
                log.info("job retrying", extra={**_end_fields(job, "QUEUED", exc.code), "retry_in_s": round(delay, 1)})
            else:
                await self._finish(
                    job.id,
                    JobStatus.FAILED,
                    error=(exc.code, exc.message),
                    revision=job.revision,
                    attempt=job.attempts,
                )
                log.warning("job failed", extra=_end_fields(job, "FAILED", exc.code))

    async def _finish(
        self,
        job_id: uuid.UUID,
        status: JobStatus,
        *,
        error: tuple[str, str] | None = None,
        message: str | None = None,
        revision: int = 0,
        attempt: int | None = None,
    ) -> None:
        fields: dict[str, Any] = {"status": status, "finished_at": utcnow()}
        if error is not None:
            fields.update(error_code=error[0], error_message=error[1], message=error[1])
        if message is not None:
            fields["message"] = message
        if await self._update(job_id, revision_at_least=revision, attempt=attempt, **fields) is None:
            log.warning("job was taken over while it ran; its end is dropped", extra={"job_id": str(job_id)})

    @staticmethod
    def _apply(job: Job, status: JobStatus, **fields: Any) -> None:
        now = utcnow()
        job.status = status
        for name, value in fields.items():
            setattr(job, name, value)
        if status.is_terminal:
            job.finished_at = now
        job.updated_at = now
        job.revision += 1

    async def _update(
        self, job_id: uuid.UUID, revision_at_least: int = 0, attempt: int | None = None, **fields: Any
    ) -> Job | None:
        """One short transaction that changes the job row, then publishes the new state. With `attempt`, only
        while that attempt still owns the job (None otherwise: recovery gave it to another, or ended it)."""
        async with self.uow_factory() as uow:
            job = await uow.jobs.get_for_update(job_id)
            if job is None or (attempt is not None and not _still_ours(job, attempt)):
                return None
            for name, value in fields.items():
                setattr(job, name, value)
            job.updated_at = utcnow()
            job.revision = max(job.revision, revision_at_least) + 1
            await uow.commit()
        await self._publish(job)
        return job

    async def _publish(self, job: Job) -> None:
        try:
            await self.events.publish(job_topic(job.id), job.snapshot())
        except Exception:  # a lost event must not fail the job: the row is the truth
            log.exception("publishing job event failed", extra={"job_id": str(job.id)})

    async def _heartbeat(self, job_id: uuid.UUID, attempt: int, work: asyncio.Task[Any]) -> None:
        """Proves the job alive every `heartbeat_seconds`, and reads the cancel flag while at it: a cancel
        reaches the job within a beat even when the event bus is down."""
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                # Shielded: the job's end cancels this watcher, and a query cut off midway leaves its pooled
                # connection closed for whoever takes it next (the next job's first progress, say). A beat under
                # way finishes by itself; only the wait for it is cancelled.
                job = await _shielded(self._beat(job_id, attempt))
                if job is not None and job.cancel_requested:
                    _cancel_once(work)
            except Exception as exc:  # a missed beat (SQLite busy while the job writes) is no reason to stop beating
                log.warning("job heartbeat failed: %s", type(exc).__name__, extra={"job_id": str(job_id)})

    async def _beat(self, job_id: uuid.UUID, attempt: int) -> Job | None:
        async with self.uow_factory() as uow:
            job = await uow.jobs.get_for_update(job_id)
            if job is not None and _still_ours(job, attempt):
                job.heartbeat_at = utcnow()
                await uow.commit()
        return job

    async def _read(self, job_id: uuid.UUID) -> Job | None:
        async with self.uow_factory() as uow:
            return await uow.jobs.get_for_update(job_id)

    async def _watch_cancel(self, job_id: uuid.UUID, work: asyncio.Task[Any]) -> None:
        """A cancel at once, through the job's events. While the bus is down the heartbeat sees the flag
        instead; this subscribes again, with backoff, until the job ends."""
        failures = 0
        while True:
            try:
                async with self.events.subscribe(job_topic(job_id)) as stream:
                    failures = 0
                    # A cancel that came before this subscription is in the row, not in the stream (shielded, as the
                    # heartbeat's query is: the job's end cancels this watcher).
                    job = await _shielded(self._read(job_id))
                    if job is not None and job.cancel_requested:
                        _cancel_once(work)
                        return
                    async for message in stream:
                        if message.get("cancel_requested"):
                            _cancel_once(work)
                            return
            except EventsUnavailable:
                failures += 1
                await asyncio.sleep(min(30.0, self.heartbeat_seconds * failures))

    async def recover(self, stale_after_seconds: float, *, queued_after_seconds: float | None = None) -> int:
        """The recovery pass: requeue jobs a lost worker left RUNNING (silent for `stale_after_seconds`) and
        QUEUED jobs the queue may have lost (queued `queued_after_seconds` ago, by default as long as
        `stale_after_seconds`; 0 after Redis was down, when every hand-over of the outage was skipped).
        Jobs whose handler `EndsWhenLost` are ended INTERRUPTED instead, and the handler ends what they left.
        Returns how many jobs it handed to the queue."""
        now = utcnow()
        cutoff = now - timedelta(seconds=stale_after_seconds)
        queued_cutoff = cutoff if queued_after_seconds is None else now - timedelta(seconds=queued_after_seconds)
        lost: list[tuple[EndsWhenLost, Job]] = []
        async with self.uow_factory() as uow:
            stale = await uow.jobs.stale_running(cutoff)
            waiting = await uow.jobs.queued_before(queued_cutoff)
            requeue: list[uuid.UUID] = []
            for job in stale:
                handler = self.handlers.get(job.kind)
                if isinstance(handler, EndsWhenLost):
                    if job.cancel_requested:
                        self._apply(job, JobStatus.CANCELLED, message="Cancelled")
                    else:
                        message = "The worker stopped mid-way; the job was not started again."
                        self._apply(job, JobStatus.FAILED, error_code=INTERRUPTED, error_message=message)
                        job.message = message
                    lost.append((handler, job))
                elif job.attempts >= job.max_attempts:
                    self._apply(job, JobStatus.FAILED, error_code="WORKER_LOST", error_message="The worker stopped.")
                elif job.cancel_requested:
                    self._apply(job, JobStatus.CANCELLED, message="Cancelled")
                else:
                    self._apply(job, JobStatus.QUEUED, message="Requeued after a worker stopped")
                    requeue.append(job.id)
            for job in waiting:
                if job.run_after is None or job.run_after <= now:
                    # Handed over again now: the next pass leaves it alone for another period, so a job that
                    # only waits for a free worker is not piled into the queue again and again.
                    job.updated_at = now
                    requeue.append(job.id)
            await uow.commit()
        for job in stale:
            await self._publish(job)
        for ender, job in lost:
            try:
                await ender.lost(job)
            except Exception:  # the next pass finds what is left (a sweep ends an orphaned stream)
                log.exception("ending a lost job's work failed", extra={"job_id": str(job.id)})
        if stale:
            log.warning(
                "recovered %d jobs whose worker was lost",
                len(stale),
                extra={"job_ids": [str(job.id) for job in stale]},
            )
        for job_id in requeue:
            await self.queue.enqueue(job_id)
        return len(requeue)

    async def sweep(self) -> int:
        """Ask every handler that `Sweeps` to end what its jobs left without a live job, and every other sweeper
        what its area left; how many they ended."""
        ended = 0
        for handler in self.handlers.values():
            if isinstance(handler, Sweeps):
                ended += await handler.sweep()
        for sweeper in self.sweepers:
            ended += await sweeper.sweep()
        return ended

    async def sweep_every(self, seconds: float, *, retry_seconds: float, at_once: bool = True) -> None:
        """`sweep` every `seconds` (the first pass at once, or after `seconds` when not `at_once`) until cancelled.
        A failing pass (the database is away) is logged when it starts failing and when it works again, and tried
        again after `retry_seconds`. Run as a task of its own: a pass that waits on storage holds up nothing else."""

        async def sweep_once() -> None:
            ended = await self.sweep()
            if ended:
                log.info("the sweep ended %d things left behind", ended)

        await repeat("sweep", sweep_once, seconds=seconds, retry_seconds=retry_seconds, at_once=at_once, log=log)


_SHIELDED: set[asyncio.Task[Any]] = set()  # held until done: the loop keeps only weak references to tasks


def _shielded(work: Coroutine[Any, Any, T]) -> Awaitable[T]:
    """`work` in a task of its own that a cancel of the caller does not reach: it runs to its end (its failure,
    if nobody waits for it any more, is read here, not reported as never retrieved)."""
    task = asyncio.ensure_future(work)
    _SHIELDED.add(task)

    def done(finished: asyncio.Task[Any]) -> None:
        _SHIELDED.discard(finished)
        if not finished.cancelled():
            finished.exception()

    task.add_done_callback(done)
    return asyncio.shield(task)


def _cancel_once(work: asyncio.Task[Any]) -> None:
    """Cancels the handler once. Its clean-up after a cancel (ending the song, releasing the Mureka slot) awaits
    writes, and the next heartbeat still sees the flag: a second cancel would cut the clean-up off midway."""
    if not work.cancelling():
        work.cancel()


def _still_ours(job: Job, attempt: int) -> bool:
    """Whether the run that claimed `attempt` still owns the job (recovery may have given it away)."""
    return job.status is JobStatus.RUNNING and job.attempts == attempt
