"""Uploads nobody finishes. A client that declares an upload and never completes it leaves its row and whatever
storage holds of it: S3's multipart upload with the parts sent (the local adapter's part file), or the object of a
single PUT. An upload declared more than PROJECT_UPLOAD_EXPIRE_HOURS ago is abandoned: declaring the same file again
starts a fresh one instead of resuming it, and the sweep (`AbandonedUploads`, run with the job executor's sweep)
removes its stored bytes and its row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.common.clock import utcnow
from domain.files.deletions import remove_stored_bytes
from domain.files.ports import FileStorage
from domain.projects.entities import ProjectUpload
from domain.projects.ports import ProjectsUnitOfWork

log = logging.getLogger("aiproxy.projects")

SWEEP_BATCH = 100  # abandoned uploads ended in one pass, oldest first; the rest at the next


def is_abandoned(upload: ProjectUpload, now: datetime, expire_after: timedelta) -> bool:
    """Declared more than `expire_after` before `now` (and, since its row is still there, never completed)."""
    return upload.created_at < now - expire_after


async def remove_stored(storage: FileStorage, upload: ProjectUpload) -> None:
    """Whatever storage holds of an upload that will not complete: its multipart upload with the parts sent, and the
    object under its key (the whole file of a single PUT, or parts joined by a complete that failed after joining).
    Safe to run again: both are idempotent."""
    await remove_stored_bytes(storage, upload.storage_key, upload.multipart_id)


@dataclass
class AbandonedUploads:
    """Ends abandoned uploads, `batch` a pass, oldest first. Each in a unit of work of its own: its row, locked and
    read again, is deleted, its stored bytes removed, and only then is that committed. Storage failing leaves the
    row (and what storage still holds) for the next pass, and the others go on."""

    uow_factory: Callable[[], ProjectsUnitOfWork]
    storage: FileStorage
    expire_after: timedelta
    batch: int = SWEEP_BATCH

    async def sweep(self) -> int:
        """How many it ended."""
        now = utcnow()
        async with self.uow_factory() as uow:
            found = await uow.project_uploads.created_before(now - self.expire_after, self.batch)
        ended = 0
        for upload in found:
            try:
                ended += await self._end(upload)
            except Exception as exc:
                log.warning(
                    "ending an abandoned upload failed (%s: %s); the next sweep tries again",
                    type(exc).__name__,
                    str(exc)[:200],
                    extra={"upload_id": str(upload.id)},
                )
        if ended:
            log.info("ended %d abandoned project uploads", ended)
        return ended

    async def _end(self, found: ProjectUpload) -> bool:
        async with self.uow_factory() as uow:
            # Locked: a complete that wants the row waits (then finds it gone), and one that got it first has
            # committed its file — whose bytes are under this key — before this reads the row as gone.
            upload = await uow.project_uploads.get_locked(found.user_id, found.id)
            if upload is None:  # completed, dropped, or its project deleted meanwhile
                return False
            await uow.project_uploads.delete(upload)
            await remove_stored(self.storage, upload)
            await uow.commit()
        return True
