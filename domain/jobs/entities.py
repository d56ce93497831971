from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, NewType, TypeVar


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL


TERMINAL = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


# What a job does, e.g. "DATA_EXPORT". Each area declares its kinds as JobTypes and registers a handler
# for each; the GraphQL JobKind enum is built from those registrations.
JobKind = NewType("JobKind", str)

R = TypeVar("R")


@dataclass(frozen=True)
class JobType(Generic[R]):
    """A kind of job and the typed result its handler returns (a dataclass of JSON-safe fields),
    owned by its area: the handler returns an R, readers get an R back from the stored row."""

    kind: JobKind
    result: type[R] | None = None
    description: str = ""

    def decode(self, stored: dict[str, Any] | None) -> R | None:
        if self.result is None or not stored:
            return None
        names = {f.name for f in fields(self.result)}  # type: ignore[arg-type]  # result is a dataclass
        return self.result(**{k: v for k, v in stored.items() if k in names})


class JobOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"  # the last change of any kind: progress, status, a cancel request


@dataclass(eq=False)
class Job:
    user_id: uuid.UUID
    kind: JobKind
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    status: JobStatus = JobStatus.QUEUED
    progress: float = 0.0
    message: str | None = None
    attempts: int = 0
    max_attempts: int = 3
    payload: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None
    # Ids a provider gave us (e.g. a Mureka task id), recorded before polling so a retry never resubmits.
    external_ids: dict[str, str] = field(default_factory=dict)
    cancel_requested: bool = False
    run_after: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    # Grows with every change, so a subscriber can drop events older than the snapshot it has.
    revision: int = 0

    def snapshot(self) -> dict[str, Any]:
        """The job as an event payload (JSON-safe)."""
        return {
            "id": str(self.id),
            "user_id": str(self.user_id),
            "kind": self.kind,
            "status": self.status.value,
            "progress": self.progress,
            "message": self.message,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "payload": self.payload,
            "result": self.result,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "external_ids": self.external_ids,
            "cancel_requested": self.cancel_requested,
            "run_after": _iso(self.run_after),
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "heartbeat_at": _iso(self.heartbeat_at),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "revision": self.revision,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Job:
        return cls(
            id=uuid.UUID(data["id"]),
            user_id=uuid.UUID(data["user_id"]),
            kind=JobKind(data["kind"]),
            status=JobStatus(data["status"]),
            progress=data["progress"],
            message=data["message"],
            attempts=data["attempts"],
            max_attempts=data["max_attempts"],
            payload=data["payload"],
            result=data["result"],
            error_code=data["error_code"],
            error_message=data["error_message"],
            external_ids=data["external_ids"],
            cancel_requested=data["cancel_requested"],
            run_after=_dt(data["run_after"]),
            started_at=_dt(data["started_at"]),
            finished_at=_dt(data["finished_at"]),
            heartbeat_at=_dt(data["heartbeat_at"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            updated_at=datetime.fromisoformat(data["updated_at"]),
            revision=data["revision"],
        )


@dataclass(frozen=True)
class JobFilter:
    statuses: tuple[JobStatus, ...] = ()
    kinds: tuple[str, ...] = ()


def job_topic(job_id: uuid.UUID) -> str:
    return f"job:{job_id}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
