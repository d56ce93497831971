"""Template generations in SQL."""

from __future__ import annotations

import uuid

from sqlalchemy import Column, Float, Integer, String, Table, Text, Uuid, update
from sqlalchemy.orm import registry

from domain.common.streaming import StreamStatus
from domain.generation.entities import Generation
from domain.llm.ports import Provider
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.repository import OwnedRepository
from infra.db.types import UTCDateTime

generations = Table(
    "generations",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("category", String(50), nullable=False),
    Column("action", String(50), nullable=False),
    Column("model", String(100), nullable=False),
    Column("provider", enum_type(Provider, "provider"), nullable=False),
    Column("prompt", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", enum_type(StreamStatus, "message_status"), nullable=False),
    Column("temperature", Float),
    Column("max_tokens", Integer),
    Column("token_count", Integer),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("job_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Generation, generations)


class SqlGenerationRepository(OwnedRepository[Generation]):
    entity = Generation
    table = generations
    lock_for_update = False  # a streamed text has one writer: its job

    async def set_text(self, generation_id: uuid.UUID, text: str) -> None:
        await self.session.execute(update(generations).where(generations.c.id == generation_id).values(text=text))
