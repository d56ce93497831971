"""The migrations build exactly the schema the models describe, and undo it completely, on both databases."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Uuid, column, insert, inspect, select, table, text
from sqlalchemy.engine import Connection, make_url

from domain.songs.lyrics import compact, timeline_from_sections
from infra.areas import AREAS  # noqa: F401  # puts every table into the metadata
from infra.db.engine import create_engine
from infra.db.metadata import metadata
from infra.db.migrate import downgrade, upgrade
from infra.db.types import UTCDateTime
from tests.conftest import PG_URL, _admin_sql, _unavailable


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a database nothing has touched yet."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"aiproxy_mig_{uuid.uuid4().hex[:10]}"
    try:
        await _admin_sql(f'CREATE DATABASE "{name}"')
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        _unavailable(f"PostgreSQL at {PG_URL}", exc)
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def _inspect(url: str) -> tuple[list[Any], set[str], int]:
    """What differs between the models and the database, which tables exist, and (PostgreSQL) enum types left."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
            tables = await connection.run_sync(_tables)
            enum_types = 0
            if connection.dialect.name == "postgresql":
                enums = await connection.execute(text("SELECT count(*) FROM pg_type WHERE typtype = 'e'"))
                enum_types = enums.scalar_one()
            return differences, tables, enum_types
    finally:
        await engine.dispose()


async def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_database: str) -> None:
    url = empty_database
    model_tables = set(metadata.tables)

    await asyncio.to_thread(upgrade, url)
    differences, tables, _ = await _inspect(url)
    assert differences == [], "models and migrations disagree; run `alembic revision --autogenerate`"
    assert tables == model_tables | {"alembic_version"}

    await asyncio.to_thread(downgrade, url, "base")
    _, tables, enum_types = await _inspect(url)
    assert tables <= {"alembic_version"}, f"downgrade left tables behind: {sorted(tables - {'alembic_version'})}"
    assert enum_types == 0

    # The round trip can be made again: nothing the downgrade left blocks a fresh upgrade.
    await asyncio.to_thread(upgrade, url)
    differences, tables, _ = await _inspect(url)
    assert differences == []
    assert tables == model_tables | {"alembic_version"}


async def test_upgrade_twice_is_a_no_op(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    await asyncio.to_thread(upgrade, empty_database)
    differences, tables, _ = await _inspect(empty_database)
    assert differences == []
    assert tables == set(metadata.tables) | {"alembic_version"}


SECTIONS = [
    {
        "section_type": "verse",
        "start": 17480,
        "end": 20600,
        "lines": [
            {
                "start": 17480,
                "end": 20600,
                "text": "Raindrops on the window",
                "words": [
                    {"start": 17480, "end": 18440, "text": "Raindrops "},
                    {"start": 18440, "end": 20600, "text": "on the window"},
                ],
            }
        ],
    }
]


def _insert(connection: Connection, name: str, **values: Any) -> None:
    """A row as that revision's table has it; column types from the values (UUIDs, instants, JSON)."""

    def kind(value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return Uuid()
        if isinstance(value, datetime):
            return UTCDateTime()
        return JSON() if value is None or isinstance(value, list | dict) else None

    now = datetime.now(UTC)
    values = {"id": uuid.uuid4(), "created_at": now, "updated_at": now, **values}
    connection.execute(insert(table(name, *(column(n, kind(v)) for n, v in values.items()))).values(values))


def _seed_choices(connection: Connection) -> None:
    """A user's song with two choices as 0006 kept them: the provider's sections as sent, and none."""
    user_id, song_id = uuid.uuid4(), uuid.uuid4()
    user = {"email": "a@example.com", "password_hash": "x", "language": "EN", "is_admin": False, "is_active": True}
    _insert(connection, "users", id=user_id, **user)
    song = {"title": "Rain", "prompt": "pop", "model": "auto", "kind": "SONG", "status": "SUCCEEDED", "tags": []}
    _insert(connection, "songs", id=song_id, user_id=user_id, **song)
    for index, sections in enumerate((SECTIONS, None)):
        choice = {"user_id": user_id, "song_id": song_id, "index": index, "tags": []}
        _insert(connection, "song_choices", lyrics_sections=sections, **choice)


def _choice_column(name: str) -> Any:
    def read(connection: Connection) -> list[Any]:
        choices = table("song_choices", column("index"), column(name, JSON()))
        return [row[0] for row in connection.execute(select(choices.c[name]).order_by(choices.c.index))]

    return read


async def _run_sync(url: str, work: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


async def test_0011_turns_each_choices_sections_into_its_timeline_and_back(empty_database: str) -> None:
    url = empty_database
    await asyncio.to_thread(upgrade, url, "0010")
    await _run_sync(url, _seed_choices)

    await asyncio.to_thread(upgrade, url)
    timeline = timeline_from_sections(SECTIONS)
    assert timeline is not None
    assert await _run_sync(url, _choice_column("lyrics_timeline")) == [compact(timeline), None]

    await asyncio.to_thread(downgrade, url, "0010")
    assert await _run_sync(url, _choice_column("lyrics_sections")) == [SECTIONS, None]
