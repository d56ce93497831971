"""bcrypt password hashes, computed and checked off the event loop.

bcrypt is slow on purpose (about 250 ms at the default cost), and holding the event loop that long would hold
up every other request. So each hash or check runs in a thread of a small pool (the bcrypt library releases
the GIL while it works), and at most `max_threads` run at once: the rest wait their turn without holding a
thread, and a request that goes away while waiting costs nothing.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import bcrypt

T = TypeVar("T")


def _secret(password: str) -> bytes:
    # bcrypt reads at most 72 bytes; the 128-character limit keeps inputs sane.
    return password.encode()[:72]


class BcryptHasher:
    def __init__(self, rounds: int = 12, max_threads: int = 1) -> None:
        self.rounds = rounds
        self._pool = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix="bcrypt")
        self._slots = asyncio.Semaphore(max_threads)
        # What a check for an account that does not exist is made against: a hash of the same cost as real ones.
        self._dummy: bytes | None = None

    async def _run(self, work: Callable[[], T]) -> T:
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    async def hash(self, password: str) -> str:
        return await self._run(lambda: bcrypt.hashpw(_secret(password), bcrypt.gensalt(self.rounds)).decode())

    async def verify(self, password: str, password_hash: str | None) -> bool:
        if password_hash is None:
            await self._run(lambda: bcrypt.checkpw(_secret(password), self._dummy_hash()))
            return False
        return await self._run(lambda: self._check(password, password_hash))

    def _dummy_hash(self) -> bytes:
        if self._dummy is None:  # made once, in the pool, the first time an unknown account is asked for
            self._dummy = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(self.rounds))
        return self._dummy

    @staticmethod
    def _check(password: str, password_hash: str) -> bool:
        try:
            return bcrypt.checkpw(_secret(password), password_hash.encode())
        except ValueError:
            return False

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
