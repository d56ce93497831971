"""Apply or revert Alembic migrations from code (start-up, tests, the management command)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from infra.db.sqlite_file import secure_sqlite_file
from infra.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Synchronous: runs its own event loop, so call it before serving or from a worker thread."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def prepare_database(settings: Settings) -> None:
    """What every entry point does first: make sure DATA_DIR exists (created 0700) and the schema is at
    head, in a SQLite file only its owner can read."""
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    secure_sqlite_file(settings.effective_database_url)
    upgrade(settings.effective_database_url)


# What "the database is not there yet" looks like while it starts (or its network does): worth waiting for.
# Anything else (a failing migration, bad credentials) stops the start with its message.
_NOT_YET = ("connect", "connection", "starting up", "shutting down", "timeout", "timed out")


def _not_reachable_yet(error: BaseException) -> bool:
    if isinstance(error, OSError | TimeoutError):
        return True
    text = f"{type(error).__name__}: {error}".lower()
    if ('database "' in text and "does not exist" in text) or "cannotconnectnow" in text:
        return True  # not created yet (a container's init), or still starting up: the driver's own errors
    return isinstance(error, OperationalError | InterfaceError | DBAPIError) and any(s in text for s in _NOT_YET)


def prepare_database_when_reachable(
    settings: Settings, *, first_delay: float = 0.5, max_delay: float = 10.0, log: logging.Logger | None = None
) -> None:
    """prepare_database, for a process that may start before its database (a worker started before the API,
    or before PostgreSQL): waits with backoff, logging what it waits for, while the database cannot be
    reached. Migrating is safe from any number of processes at once (migrations/env.py: the advisory lock)."""
    log = log or logging.getLogger("aiproxy")
    where = make_url(settings.effective_database_url).render_as_string(hide_password=True)
    delay = first_delay
    while True:
        try:
            prepare_database(settings)
            return
        except Exception as exc:
            if not _not_reachable_yet(exc):
                raise
            log.warning(
                "waiting for the database at %s to migrate it (%s); next try in %.1f s",
                where,
                str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
                delay,
            )
        time.sleep(delay)
        delay = min(max_delay, delay * 2)
