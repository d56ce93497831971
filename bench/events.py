"""Job events: the time from `events.publish(job_topic(id), snapshot)` to the `jobProgress` subscriber."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from api.ids import decode_uuid, encode_id
from bench.server import Running
from bench.stats import percentile
from domain.common.clock import utcnow
from domain.data_transfer.service import DATA_EXPORT
from domain.jobs.entities import Job, JobStatus, job_topic

SUBSCRIPTION = "subscription($id: ID!) { jobProgress(id: $id) { status progress message updatedAt } }"


@dataclass
class EventFigures:
    bus: str
    events: int
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "p50_ms": round(self.p50_ms, 3), "p95_ms": round(self.p95_ms, 3)}


async def queued_job(running: Running, token: str) -> Job:
    """A queued export job row of the viewer's that nothing runs, so its events are only the ones we publish."""
    viewer = await running.api.data("{ viewer { id } }", token=token)
    user_id = decode_uuid(viewer["viewer"]["id"], "User")
    assert user_id is not None
    now = utcnow()
    job = Job(user_id=user_id, kind=DATA_EXPORT.kind, created_at=now, updated_at=now, message="Queued")
    async with running.app.state.container.uow() as uow:
        await uow.jobs.add(job)
        await uow.commit()
    return job


async def measure_events(running: Running, token: str, events: int = 200, warmup: int = 10) -> EventFigures:
    """Publishes one event at a time (carrying its send time) and waits for the subscriber to receive it."""
    container = running.app.state.container
    bus = "redis" if container.redis is not None else "memory"
    job = await queued_job(running, token)
    topic = job_topic(job.id)
    total = warmup + events
    latencies: list[float] = []
    async with running.api.subscribe(SUBSCRIPTION, {"id": encode_id("Job", job.id)}, token) as subscription:
        first = await subscription.next(10)
        assert first is not None and first["jobProgress"]["status"] == "QUEUED", first
        job.status = JobStatus.RUNNING
        for i in range(total):
            job.revision += 1
            job.progress = i / total
            job.updated_at = utcnow()
            job.message = f"{i} {time.perf_counter_ns()}"
            await container.events.publish(topic, job.snapshot())
            data = await subscription.next(10)
            received = time.perf_counter_ns()
            assert data is not None, "the subscription ended early"
            index, sent = data["jobProgress"]["message"].split()
            assert int(index) == i, f"expected event {i}, got {index}"
            if i >= warmup:
                latencies.append((received - int(sent)) / 1e6)
        # End the job, so the server completes the subscription.
        job.revision += 1
        job.status = JobStatus.CANCELLED
        job.message = "Cancelled"
        await container.events.publish(topic, job.snapshot())
        last = await subscription.next(10)
        assert last is not None and last["jobProgress"]["status"] == "CANCELLED", last
        assert await subscription.next(10) is None, "the subscription did not complete after the job ended"
    return EventFigures(bus=bus, events=events, p50_ms=percentile(latencies, 50), p95_ms=percentile(latencies, 95))
