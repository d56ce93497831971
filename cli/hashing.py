"""SHA-256 of local files, in threads (hashlib lets go of the GIL on large buffers), remembered by path, size,
modification time and inode in a small SQLite file in the cache dir: a second mirror of an unchanged tree reads
no file again."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from cli.config import cache_dir, private_dir
from cli.ignore import LocalFile

CHUNK = 1024 * 1024


class Stopped(Exception):
    """Hashing was called off (Ctrl-C): the thread ends at its next block instead of reading the file to its end."""


def sha256_of(
    path: Path,
    on_bytes: Callable[[int], None] | None = None,
    limit: int | None = None,
    stop: threading.Event | None = None,
) -> str:
    """The hex SHA-256 of a file's bytes (the first `limit` of them, when given)."""
    digest = hashlib.sha256()
    remaining = limit
    with path.open("rb") as source:
        while remaining is None or remaining > 0:
            if stop is not None and stop.is_set():
                raise Stopped(path)
            block = source.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not block:
                break
            digest.update(block)
            if remaining is not None:
                remaining -= len(block)
            if on_bytes is not None:
                on_bytes(len(block))
    return digest.hexdigest()


class HashCache:
    """path → (size, mtime_ns, inode, sha256). Any change to the three facts means the file is hashed again."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            path = private_dir(cache_dir()) / "hashes.sqlite3"
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, "
            "mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL)"
        )
        # Which file a partial download holds the start of: a partial of an older version is not continued.
        self.db.execute("CREATE TABLE IF NOT EXISTS partials (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)")

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def get(self, file: LocalFile) -> str | None:
        row = self.db.execute(
            "SELECT sha256 FROM hashes WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ?",
            (str(file.path.absolute()), file.size, file.mtime_ns, file.inode),
        ).fetchone()
        return row[0] if row else None

    def put(self, file: LocalFile, sha256: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO hashes (path, size, mtime_ns, inode, sha256) VALUES (?, ?, ?, ?, ?)",
            (str(file.path.absolute()), file.size, file.mtime_ns, file.inode, sha256),
        )

    def put_path(self, path: Path, sha256: str) -> None:
        self.put(LocalFile.of(path), sha256)

    def partial_of(self, partial: Path) -> str | None:
        row = self.db.execute("SELECT sha256 FROM partials WHERE path = ?", (str(partial.absolute()),)).fetchone()
        return row[0] if row else None

    def begin_partial(self, partial: Path, sha256: str) -> None:
        """Recorded (and committed) before the first byte is written, so a killed download leaves it behind."""
        self.db.execute(
            "INSERT OR REPLACE INTO partials (path, sha256) VALUES (?, ?)", (str(partial.absolute()), sha256)
        )
        self.db.commit()

    def end_partial(self, partial: Path) -> None:
        self.db.execute("DELETE FROM partials WHERE path = ?", (str(partial.absolute()),))

    def known(self, path: Path) -> str | None:
        """The cached hash of the file now at `path`, if its facts have not changed since."""
        try:
            return self.get(LocalFile.of(path))
        except FileNotFoundError:
            return None


async def hash_files(
    files: Iterable[LocalFile],
    cache: HashCache,
    jobs: int,
    on_bytes: Callable[[int], None],
    unreadable: list[tuple[str, str]],
) -> dict[str, str]:
    """relative path → hex SHA-256; cached ones at once, the rest `jobs` at a time in threads. Each result is kept
    as soon as it is known, so an interrupted run keeps what it hashed. A file that cannot be read (it vanished,
    no permission) is left out and added to `unreadable` with the reason."""
    hashes: dict[str, str] = {}
    pending: list[LocalFile] = []
    for file in files:
        known = cache.get(file)
        if known is None:
            pending.append(file)
        else:
            hashes[file.relative] = known
            on_bytes(file.size)
    if not pending:
        return hashes
    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(jobs)
    stop = threading.Event()

    def progress(n: int) -> None:
        loop.call_soon_threadsafe(on_bytes, n)

    async def one(file: LocalFile) -> None:
        async with slots:
            try:
                digest = await asyncio.to_thread(sha256_of, file.path, progress, None, stop)
            except OSError as exc:
                unreadable.append((file.relative, f"cannot be read: {exc.strerror or exc}"))
                return
        hashes[file.relative] = digest
        cache.put(file, digest)

    try:
        async with asyncio.TaskGroup() as group:
            for file in pending:
                group.create_task(one(file))
    except BaseException:
        stop.set()  # the threads still reading end at their next block
        raise
    finally:
        cache.db.commit()
    return hashes
