"""Values kept encrypted at rest under the server's keys, and the rotation of those keys.

The domain sees only tokens: `SecretCipher` (infra/security/encryption.py: Fernet keys through MultiFernet,
newest first) turns text into a token and back. An area whose rows hold tokens registers an `EncryptedValues`
(`Area(encrypted_values=...)`); `python -m api.manage rotate-keys` walks every registered one with
`rotate_everything`, re-encrypting each token not yet under the newest key. Then the older keys can be dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


class SecretUnreadable(Exception):
    """A token none of the server's keys opens: encrypted under a key since dropped, or damaged."""


class SecretCipher(Protocol):
    def encrypt(self, plaintext: str) -> str:
        """A token of `plaintext` under the newest key."""
        ...

    def decrypt(self, token: str) -> str:
        """The text of a token under any of the keys; raises SecretUnreadable."""
        ...

    def is_current(self, token: str) -> bool:
        """Whether the newest key opens the token (nothing to rotate)."""
        ...

    def rotate(self, token: str) -> str:
        """The same text as a new token under the newest key; raises SecretUnreadable."""
        ...


@dataclass(frozen=True)
class RotationStep:
    """One batch of a rotation: the last row it looked at (None: there were no more), how many tokens it saw and
    how many of those it re-encrypted, and how many rows changed while it worked (they are looked at again on the
    next pass)."""

    last: uuid.UUID | None
    seen: int = 0
    rotated: int = 0
    changed: int = 0


U_contra = TypeVar("U_contra", contravariant=True)


class EncryptedValues(Protocol[U_contra]):
    """Where an area keeps tokens under the server's keys (every owner's rows: rotation is the operator's)."""

    @property
    def label(self) -> str:
        """What the values are, for the operator: "equipment secrets"."""
        ...

    async def rotate(self, uow: U_contra, cipher: SecretCipher, after: uuid.UUID | None, limit: int) -> RotationStep:
        """Re-encrypts the tokens of up to `limit` rows after `after` (in id order) that the newest key does not
        open, each row changed only if it still holds what was read (a compare-and-set)."""
        ...


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did to one area's tokens: `rotated` re-encrypted, of `tokens` it holds."""

    label: str
    rotated: int
    tokens: int


class _UnitOfWork(Protocol):
    async def commit(self) -> None: ...


ROTATION_BATCH = 500
ROTATION_PASSES = 5  # passes over rows that changed meanwhile before giving up on them


async def rotate_everything(
    uow: Callable[[], AbstractAsyncContextManager[Any]],
    stores: Sequence[EncryptedValues[Any]],
    cipher: SecretCipher,
    batch: int = ROTATION_BATCH,
) -> list[RotationReport]:
    """Every registered token re-encrypted under the newest key, a batch per transaction. A row written while a
    batch worked is left as written (its writer encrypted with the keys it had) and looked at again in another
    pass; raises RuntimeError if rows keep changing, SecretUnreadable if a token opens with none of the keys."""
    reports: list[RotationReport] = []
    for store in stores:
        rotated = seen = 0
        for _ in range(ROTATION_PASSES):
            after: uuid.UUID | None = None
            changed, seen = False, 0
            while True:
                async with uow() as unit:
                    step = await store.rotate(unit, cipher, after, batch)
                    await unit.commit()
                rotated, seen, changed = rotated + step.rotated, seen + step.seen, changed or step.changed > 0
                if step.last is None:
                    break
                after = step.last
            if not changed:
                break
        else:
            raise RuntimeError(f"{store.label}: rows kept changing during {ROTATION_PASSES} passes; run it again")
        reports.append(RotationReport(store.label, rotated, seen))
    return reports
