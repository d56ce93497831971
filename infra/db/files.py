"""Uploads in SQL: files a client declared and sends straight to storage; and the stored bytes no row refers to any
more, recorded until storage has removed them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import BigInteger, Column, Integer, String, Table, Uuid, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import registry

from domain.files.entities import StorageDeletion, Upload, UploadStatus
from domain.jobs.entities import JobStatus
from infra.db.jobs import jobs
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

# No owner column: a user's deletion stays recorded after the user is gone, until storage has let go of the bytes.
storage_deletions = Table(
    "storage_deletions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("storage_key", String(500), nullable=False),
    Column("multipart_id", String(1024), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime(), nullable=False),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Upload, uploads)
    mappers.map_imperatively(StorageDeletion, storage_deletions)


class SqlUploadRepository(OwnedRepository[Upload]):
    entity = Upload
    table = uploads

    async def created_before(self, before: datetime, limit: int, *, unless_used_by: Sequence[str]) -> list[Upload]:
        stmt = select(Upload).where(uploads.c.created_at < before).order_by(uploads.c.created_at).limit(limit)
        found = list((await self.session.scalars(stmt)).all())
        if not found or not unless_used_by:
            return found
        # The payload is JSON in both databases; the ids are compared as the text the payload holds.
        upload_id = jobs.c.payload["upload_id"].as_string()
        busy = await self.session.scalars(
            select(upload_id).where(
                jobs.c.kind.in_(unless_used_by),
                jobs.c.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
                upload_id.in_([str(upload.id) for upload in found]),
            )
        )
        used = set(busy.all())
        return [upload for upload in found if str(upload.id) not in used]


class SqlStorageDeletionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(self, deletions: Sequence[StorageDeletion]) -> None:
        self.session.add_all(deletions)

    async def due(self, limit: int) -> list[StorageDeletion]:
        table = storage_deletions.c
        stmt = select(StorageDeletion).order_by(table.attempts, table.created_at, table.id).limit(limit)
        return list((await self.session.scalars(stmt)).all())

    async def remove(self, ids: Sequence[uuid.UUID]) -> None:
        if ids:
            await self.session.execute(delete(storage_deletions).where(storage_deletions.c.id.in_(ids)))

    async def refused(self, ids: Sequence[uuid.UUID]) -> None:
        if ids:
            table = storage_deletions.c
            await self.session.execute(
                update(storage_deletions).where(table.id.in_(ids)).values(attempts=table.attempts + 1)
            )
