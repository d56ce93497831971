"""The song provider's account through a per-process cache (domain/songs/ports.py: SongAccounts): every
songCreate checks the balance and every generation reads the concurrency limit, and neither should cost a
billing call each time. One caller fetches while the others wait for its answer."""

from __future__ import annotations

import asyncio
import time

from domain.songs.provider import SongAccount, SongProvider


class CachedSongAccounts:
    def __init__(self, provider: SongProvider) -> None:
        self.provider = provider
        self._account: SongAccount | None = None
        self._fetched = 0.0
        self._lock = asyncio.Lock()

    async def current(self, *, max_age: float) -> SongAccount:
        async with self._lock:
            if self._account is None or time.monotonic() - self._fetched > max_age:
                self._account = await self.provider.account()
                self._fetched = time.monotonic()
            return self._account
