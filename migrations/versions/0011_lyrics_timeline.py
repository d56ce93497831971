"""lyrics timeline: song choices keep their word timings in the compact form, read and checked

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09 10:12:41.511204

`lyrics_sections` held the provider's sections as they arrived; `lyrics_timeline` holds them as
domain/songs/lyrics.py reads them (lenient on the way in) and keeps them (compact lists). Rows are converted
both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from domain.songs.lyrics import compact, from_compact, provider_sections, timeline_from_sections

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _convert(source: str, target: str, convert: Callable[[Any], Any]) -> None:
    choices = sa.table("song_choices", sa.column("id", sa.Uuid()), sa.column(source, sa.JSON()))
    written = sa.table("song_choices", sa.column("id", sa.Uuid()), sa.column(target, sa.JSON(none_as_null=True)))
    connection = op.get_bind()
    rows = connection.execute(sa.select(choices.c.id, choices.c[source])).all()
    for choice_id, value in rows:
        if value is not None:
            connection.execute(sa.update(written).where(written.c.id == choice_id).values({target: convert(value)}))


def _to_compact(sections: Any) -> Any:
    timeline = timeline_from_sections(sections)
    return compact(timeline) if timeline is not None else None


def upgrade() -> None:
    with op.batch_alter_table("song_choices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lyrics_timeline", sa.JSON(), nullable=True))
    _convert("lyrics_sections", "lyrics_timeline", _to_compact)
    with op.batch_alter_table("song_choices", schema=None) as batch_op:
        batch_op.drop_column("lyrics_sections")


def downgrade() -> None:
    with op.batch_alter_table("song_choices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lyrics_sections", sa.JSON(), nullable=True))
    _convert("lyrics_timeline", "lyrics_sections", lambda value: provider_sections(from_compact(value)))
    with op.batch_alter_table("song_choices", schema=None) as batch_op:
        batch_op.drop_column("lyrics_timeline")
