"""Chat in SQL: conversations and their messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Table,
    Text,
    Uuid,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import registry
from sqlalchemy.orm.attributes import set_committed_value

from domain.chat.entities import (
    Conversation,
    ConversationFilter,
    ConversationOrderField,
    Message,
    MessageFilter,
    MessageOrderField,
    Role,
)
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.streaming import StreamStatus
from domain.jobs.entities import TERMINAL, JobStatus
from domain.llm.ports import Provider
from infra.db.jobs import jobs as j
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.pagination import paginate_many
from infra.db.repository import ListedRepository, OwnedRepository
from infra.db.types import UTCDateTime

conversations = Table(
    "conversations",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("title", String(255)),
    Column("model", String(100), nullable=False),
    Column("provider", enum_type(Provider, "provider"), nullable=False),
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
    owner_column(),
    Column("role", enum_type(Role, "message_role"), nullable=False),
    Column("content", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("status", enum_type(StreamStatus, "message_status"), nullable=False),
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

c = conversations
m = messages


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Conversation, conversations)
    mappers.map_imperatively(Message, messages)


# Sort key, how its cursor value is read back, and where the entity keeps it (see infra/db/sketches.py).
_CONVERSATION_ORDER: dict[ConversationOrderField, tuple[Any, str, Callable[[Conversation], Any]]] = {
    ConversationOrderField.UPDATED_AT: (c.c.updated_at, "datetime", lambda x: x.updated_at),
    ConversationOrderField.CREATED_AT: (c.c.created_at, "datetime", lambda x: x.created_at),
    # Untitled conversations sort as "": first ascending, last descending, as untitled sketches do.
    ConversationOrderField.TITLE: (func.lower(func.coalesce(c.c.title, "")), "text", lambda x: (x.title or "").lower()),
}
_MESSAGE_ORDER: dict[MessageOrderField, tuple[Any, str, Callable[[Message], Any]]] = {
    MessageOrderField.POSITION: (m.c.position, "int", lambda x: x.position),
    MessageOrderField.CREATED_AT: (m.c.created_at, "datetime", lambda x: x.created_at),
}


class SqlConversationRepository(ListedRepository[Conversation, ConversationFilter, ConversationOrderField]):
    entity = Conversation
    table = conversations
    orders = _CONVERSATION_ORDER

    def filtered(self, user_id: uuid.UUID, filter: ConversationFilter) -> Select[tuple[Conversation]]:
        stmt = self.owned(user_id)
        if filter.archived is not None:
            stmt = stmt.where(c.c.archived.is_(filter.archived))
        if filter.pinned is not None:
            stmt = stmt.where(c.c.pinned.is_(filter.pinned))
        if filter.provider is not None:
            stmt = stmt.where(c.c.provider == filter.provider)
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            in_messages = exists().where(m.c.conversation_id == c.c.id, m.c.content.icontains(needle, autoescape=True))
            stmt = stmt.where(
                or_(
                    c.c.title.icontains(needle, autoescape=True),
                    c.c.system_context.icontains(needle, autoescape=True),
                    in_messages,
                )
            )
        return stmt

    async def of_message(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Conversation | None:
        holder = select(m.c.conversation_id).where(m.c.id == message_id, m.c.user_id == user_id).scalar_subquery()
        return cast(Conversation | None, await self.session.scalar(self.owned(user_id).where(c.c.id == holder)))

    async def take_positions(self, conversation: Conversation, count: int) -> int:
        # One statement reads and bumps the counter: PostgreSQL locks the row until the transaction ends (a
        # second sender's UPDATE waits for it), SQLite takes its single writer lock. Both then read fresh.
        taken = await self.session.scalar(
            update(c)
            .where(c.c.id == conversation.id, c.c.user_id == conversation.user_id)
            .values(next_position=c.c.next_position + count)
            .returning(c.c.next_position)
        )
        assert taken is not None  # the caller read the conversation as its owner, and deleting it waits for us
        # The entity learns the new value as the database's, not as a change of its own to write back.
        set_committed_value(conversation, "next_position", taken)
        return int(taken) - count


class SqlMessageRepository(OwnedRepository[Message]):
    entity = Message
    table = messages
    lock_for_update = False  # a streamed text has one writer: its job

    def _visible(self, conversation_id: uuid.UUID, filter: MessageFilter) -> Select[tuple[Message]]:
        stmt = select(Message).where(m.c.conversation_id == conversation_id)
        if filter.include_archived:
            # Archived originals stand where their summary stood: never both at once.
            stmt = stmt.where(m.c.is_summary.is_(False))
        else:
            stmt = stmt.where(m.c.archived_by.is_(None))
        if not filter.include_superseded:
            stmt = stmt.where(m.c.superseded_by.is_(None))
        return stmt

    async def page(
        self,
        user_id: uuid.UUID,
        conversation_id: uuid.UUID,
        filter: MessageFilter,
        order_by: MessageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Message]:
        key, kind, key_of = _MESSAGE_ORDER[order_by]
        return await self.paginate(
            self._visible(conversation_id, filter).where(m.c.user_id == user_id),
            key=key,
            key_kind=kind,
            key_of=key_of,
            direction=direction,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, conversation_id: uuid.UUID, filter: MessageFilter) -> int:
        return await self.count_of(self._visible(conversation_id, filter).where(m.c.user_id == user_id))

    def _visible_in_any(self, user_id: uuid.UUID, filter: MessageFilter) -> Select[tuple[Message]]:
        """_visible without the conversation: callers add the conversations they want."""
        stmt = self.owned(user_id)
        if filter.include_archived:
            stmt = stmt.where(m.c.is_summary.is_(False))
        else:
            stmt = stmt.where(m.c.archived_by.is_(None))
        if not filter.include_superseded:
            stmt = stmt.where(m.c.superseded_by.is_(None))
        return stmt

    async def pages(
        self,
        user_id: uuid.UUID,
        conversation_ids: list[uuid.UUID],
        filter: MessageFilter,
        order_by: MessageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[Message]]:
        """The same page of messages for many conversations, in one statement."""
        key, kind, key_of = _MESSAGE_ORDER[order_by]
        return await paginate_many(
            self.session,
            self._visible_in_any(user_id, filter),
            entity=Message,
            parent=m.c.conversation_id,
            parents=conversation_ids,
            parent_of=lambda message: message.conversation_id,
            key=key,
            key_kind=kind,
            key_of=key_of,
            id_col=m.c.id,
            direction=direction,
            page=page,
        )

    async def counts_matching(
        self, user_id: uuid.UUID, conversation_ids: list[uuid.UUID], filter: MessageFilter
    ) -> dict[uuid.UUID, int]:
        numbered = (
            self._visible_in_any(user_id, filter)
            .where(m.c.conversation_id.in_(conversation_ids))
            .with_only_columns(m.c.conversation_id, func.count())
            .group_by(m.c.conversation_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(numbered)}

    async def all_of(self, user_id: uuid.UUID, conversation_ids: list[uuid.UUID]) -> list[Message]:
        """Every message of these conversations (archived and superseded too), oldest first."""
        stmt = self.owned(user_id).where(m.c.conversation_id.in_(conversation_ids))
        return list((await self.session.scalars(stmt.order_by(m.c.position, m.c.created_at))).all())

    async def any_streaming(self, conversation_id: uuid.UUID) -> bool:
        found = await self.session.scalar(
            select(exists().where(m.c.conversation_id == conversation_id, m.c.status == StreamStatus.STREAMING))
        )
        return bool(found)

    async def history(self, conversation_id: uuid.UUID) -> list[Message]:
        stmt = self._visible(conversation_id, MessageFilter()).order_by(m.c.position, m.c.created_at, m.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def all(self, conversation_id: uuid.UUID) -> list[Message]:
        stmt = select(Message).where(m.c.conversation_id == conversation_id).order_by(m.c.position, m.c.created_at)
        return list((await self.session.scalars(stmt)).all())

    async def counts(self, conversation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not conversation_ids:
            return {}
        stmt = (
            select(m.c.conversation_id, func.count())
            .where(m.c.conversation_id.in_(conversation_ids), m.c.archived_by.is_(None), m.c.superseded_by.is_(None))
            .group_by(m.c.conversation_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt)}

    async def streaming_without_live_job(self) -> list[tuple[uuid.UUID, bool]]:
        # Not indexed by status: the watchdog runs this rarely (workers/supervisor.py: SWEEP_SECONDS).
        stmt = (
            select(m.c.id, j.c.status, j.c.cancel_requested)
            .select_from(m.outerjoin(j, j.c.id == m.c.job_id))
            .where(m.c.status == StreamStatus.STREAMING, or_(j.c.id.is_(None), j.c.status.in_(TERMINAL)))
        )
        rows = (await self.session.execute(stmt)).all()
        return [(row.id, row.status == JobStatus.CANCELLED or bool(row.cancel_requested)) for row in rows]

    async def set_content(self, message_id: uuid.UUID, content: str) -> None:
        await self.session.execute(update(m).where(m.c.id == message_id).values(content=content))
