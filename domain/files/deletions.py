"""Bytes in storage that no row refers to any more: a deleted project file's, song's or image's, the old bytes of a
replaced file, a dropped or expired upload's. A row and its bytes cannot go in one transaction, and removing the bytes
first would lose them if the transaction then failed. So the keys are recorded (`storage_deletions`) in the same
transaction that lets go of them; right after it commits they are removed from storage and their records dropped.
What storage refuses then (it is away, a folder is not writable, the process stops midway) stays recorded, and the
sweep removes it later: no bytes are left behind for good, and none go while a row might still refer to them.

Keys are never used again once let go of (they hold the row's own id), so a late removal cannot hit newer bytes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from domain.common.clock import utcnow
from domain.files.entities import StorageDeletion
from domain.files.ports import DeletesStoredBytes, FileStorage

log = logging.getLogger("aiproxy.files")

SWEEP_BATCH = 500  # recorded deletions tried in one pass; the rest at the next


async def remove_stored_bytes(storage: FileStorage, key: str, multipart_id: str | None = None) -> None:
    """The object at `key`, and the multipart upload `multipart_id` to it with its parts. Idempotent: what storage no
    longer holds is fine."""
    if multipart_id is not None:
        await storage.multipart_abort(key, multipart_id)
    await storage.delete(key)


@dataclass
class StorageDeletions:
    uow_factory: Callable[[], DeletesStoredBytes]
    storage: FileStorage
    batch: int = SWEEP_BATCH
    # Per unit of work, what it let go of so far: removed together once it commits (a bulk delete of 100 files is
    # one removal pass and one transaction dropping the records, not 100). Should a unit of work go on after a
    # rollback, what it records later waits for the sweep.
    _pending: WeakKeyDictionary[DeletesStoredBytes, list[StorageDeletion]] = field(
        default_factory=WeakKeyDictionary, init=False, repr=False
    )

    async def after_commit(
        self, uow: DeletesStoredBytes, keys: Iterable[str], *, multipart_id: str | None = None
    ) -> None:
        """Records `keys` in `uow` (with `multipart_id`, the multipart upload to the single key, if any), and removes
        them from storage once `uow` has committed. A rollback drops both."""
        now = utcnow()
        deletions = [StorageDeletion(storage_key=key, created_at=now, multipart_id=multipart_id) for key in keys]
        if not deletions:
            return
        await uow.storage_deletions.add_all(deletions)
        pending = self._pending.get(uow)
        if pending is not None:
            pending.extend(deletions)
            return
        self._pending[uow] = pending = list(deletions)

        async def remove() -> None:
            self._pending.pop(uow, None)
            await self.remove(pending)

        uow.after_commit(remove)

    async def sweep(self) -> int:
        """Removes what is still recorded (storage refused it, or the process stopped before); how many went."""
        async with self.uow_factory() as uow:
            due = await uow.storage_deletions.due(self.batch)
        removed = await self.remove(due)
        if removed:
            log.info("removed %d objects left in storage", removed)
        return removed

    async def remove(self, deletions: Iterable[StorageDeletion]) -> int:
        """Each from storage, then the records of those that went; how many went. Idempotent: removing what storage
        no longer holds is fine."""
        removed: list[uuid.UUID] = []
        refused: list[uuid.UUID] = []
        for deletion in deletions:
            try:
                await remove_stored_bytes(self.storage, deletion.storage_key, deletion.multipart_id)
            except Exception as exc:
                refused.append(deletion.id)
                log.warning(
                    "removing stored bytes failed (%s: %s); the sweep tries again",
                    type(exc).__name__,
                    str(exc)[:200],
                    extra={"storage_key": deletion.storage_key, "attempts": deletion.attempts + 1},
                )
            else:
                removed.append(deletion.id)
        if not removed and not refused:
            return 0
        async with self.uow_factory() as uow:
            await uow.storage_deletions.remove(removed)
            await uow.storage_deletions.refused(refused)
            await uow.commit()
        return len(removed)
