"""The tables, defined once as Core `Table`s; mapping.py maps the domain's dataclasses onto them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from domain.accounts.entities import Language
from domain.chat.entities import MessageStatus, Role
from domain.chat.providers import Provider
from domain.files.entities import UploadStatus
from domain.jobs.entities import JobKind, JobStatus
from domain.sketches.entities import SketchWorkflow
from infra.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _enum(enum_cls: type, name: str) -> Enum:
    # Stored as plain strings: adding a value later needs no database type migration.
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def _owner() -> Column:
    return Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(255), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("artist_name", String(100)),
    Column("language", _enum(Language, "language"), nullable=False),
    Column("is_admin", Boolean, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("last_login_at", UTCDateTime()),
    Column("password_changed_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

sketches = Table(
    "sketches",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("title", String(500)),
    Column("lyrics", Text),
    Column("prompt", String(1024), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("description_long", Text),
    Column("description_short", String(150)),
    Column("description_tags", JSON, nullable=False),
    Column("info", Text),
    Column("workflow", _enum(SketchWorkflow, "sketch_workflow"), nullable=False),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_sketches_user_created", "user_id", "created_at", "id"),
    Index("ix_sketches_user_updated", "user_id", "updated_at", "id"),
)

prompt_templates = Table(
    "prompt_templates",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("category", String(50), nullable=False),
    Column("action", String(50), nullable=False),
    Column("pre_condition", Text, nullable=False),
    Column("post_condition", Text, nullable=False),
    Column("description", Text),
    Column("version", String(10), nullable=False),
    Column("model", String(100)),
    Column("temperature", Float),
    Column("max_tokens", Integer),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "category", "action"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("kind", _enum(JobKind, "job_kind"), nullable=False),
    Column("status", _enum(JobStatus, "job_status"), nullable=False),
    Column("progress", Float, nullable=False),
    Column("message", Text),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("result", JSON),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("external_ids", JSON, nullable=False),
    Column("cancel_requested", Boolean, nullable=False),
    Column("run_after", UTCDateTime()),
    Column("started_at", UTCDateTime()),
    Column("finished_at", UTCDateTime()),
    Column("heartbeat_at", UTCDateTime()),
    Column("revision", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_jobs_user_created", "user_id", "created_at", "id"),
    Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),  # 64-bit: files over 2 GiB are normal here
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(500), nullable=False),
    Column("status", _enum(UploadStatus, "upload_status"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)

conversations = Table(
    "conversations",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("title", String(255)),
    Column("model", String(100), nullable=False),
    Column("provider", _enum(Provider, "provider"), nullable=False),
    Column("system_context", Text),
    Column("archived", Boolean, nullable=False),
    Column("pinned", Boolean, nullable=False),
    Column("context_window", Integer, nullable=False),
    Column("token_count", Integer, nullable=False),
    Column("next_position", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_conversations_user_updated", "user_id", "updated_at", "id"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("conversation_id", Uuid, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    _owner(),
    Column("role", _enum(Role, "message_role"), nullable=False),
    Column("content", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("status", _enum(MessageStatus, "message_status"), nullable=False),
    Column("token_count", Integer),
    Column("is_summary", Boolean, nullable=False),
    Column("archived_by", Uuid),
    Column("superseded_by", Uuid),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("job_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_messages_conversation_position", "conversation_id", "position", "id"),
)

generations = Table(
    "generations",
    metadata,
    Column("id", Uuid, primary_key=True),
    _owner(),
    Column("category", String(50), nullable=False),
    Column("action", String(50), nullable=False),
    Column("model", String(100), nullable=False),
    Column("provider", _enum(Provider, "provider"), nullable=False),
    Column("prompt", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", _enum(MessageStatus, "message_status"), nullable=False),
    Column("temperature", Float),
    Column("max_tokens", Integer),
    Column("token_count", Integer),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("job_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)
