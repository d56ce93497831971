"""Apply or revert Alembic migrations from code (start-up, tests, the management command)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
