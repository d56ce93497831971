"""accounts: token revocation, the first account's claim, login throttle counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 08:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tokens_valid_after", infra.db.types.UTCDateTime(timezone=True), nullable=True))
    # Tokens issued before a password change were refused until now; they stay refused.
    op.execute("UPDATE users SET tokens_valid_after = password_changed_at")

    op.create_table(
        "first_account",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("claimed_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_first_account_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_first_account")),
    )
    # A database that has accounts already has had its first one: registration stays as it was.
    op.execute(
        "INSERT INTO first_account (id, user_id, claimed_at) "
        "SELECT 1, id, created_at FROM users ORDER BY created_at, id LIMIT 1"
    )

    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("expires_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    with op.batch_alter_table("throttle_counters", schema=None) as batch_op:
        batch_op.create_index("ix_throttle_counters_expires_at", ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("throttle_counters", schema=None) as batch_op:
        batch_op.drop_index("ix_throttle_counters_expires_at")
    op.drop_table("throttle_counters")
    op.drop_table("first_account")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("tokens_valid_after")
