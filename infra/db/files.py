"""Uploads in SQL: files a client declared and sends straight to storage."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, String, Table, Uuid
from sqlalchemy.orm import registry

from domain.files.entities import Upload, UploadStatus
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import OwnedRepository
from infra.db.types import UTCDateTime

uploads = Table(
    "uploads",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),  # 64-bit: files over 2 GiB are normal here
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(500), nullable=False),
    Column("status", enum_type(UploadStatus, "upload_status"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Upload, uploads)


class SqlUploadRepository(OwnedRepository[Upload]):
    entity = Upload
    table = uploads
