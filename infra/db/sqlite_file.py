"""The embedded SQLite database is readable by its owner only: it holds password hashes and every song."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

OWNER_ONLY = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL; None for PostgreSQL, in-memory or URI-style databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def secure_sqlite_file(database_url: str) -> None:
    """Create the database file 0600 before SQLite does (SQLite would use the umask, usually 0644); its
    -wal and -shm files, which SQLite creates with the database file's mode, then are 0600 too. Files
    left by an older start are set to 0600 as well."""
    path = sqlite_path(database_url)
    if path is None:
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))  # an empty file is an empty database
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        if candidate.exists() and candidate.stat().st_mode & 0o777 != OWNER_ONLY:
            candidate.chmod(OWNER_ONLY)
