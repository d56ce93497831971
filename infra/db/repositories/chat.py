from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.chat.entities import Conversation, ConversationFilter, Generation, Message, MessageFilter
from domain.common.pagination import Page, PageRequest, SortDirection
from infra.db import tables
from infra.db.pagination import count, paginate

c = tables.conversations
m = tables.messages


class SqlConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, conversation: Conversation) -> None:
        self.session.add(conversation)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation | None:
        return await self.session.scalar(select(Conversation).where(c.c.id == conversation_id, c.c.user_id == user_id))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Conversation]:
        if not ids:
            return []
        stmt = select(Conversation).where(c.c.user_id == user_id, c.c.id.in_(ids))
        return list((await self.session.scalars(stmt)).all())

    async def get_for_update(self, conversation_id: uuid.UUID) -> Conversation | None:
        stmt = select(Conversation).where(c.c.id == conversation_id).execution_options(populate_existing=True)
        if self.session.bind.dialect.name != "sqlite":
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def delete(self, conversation: Conversation) -> None:
        await self.session.delete(conversation)
        await self.session.flush()

    def _filtered(self, user_id: uuid.UUID, filter: ConversationFilter) -> Select[Any]:
        stmt = select(Conversation).where(c.c.user_id == user_id)
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

    async def page(
        self, user_id: uuid.UUID, filter: ConversationFilter, direction: SortDirection, page: PageRequest
    ) -> Page[Conversation]:
        return await paginate(
            self.session,
            self._filtered(user_id, filter),
            entity=Conversation,
            key=c.c.updated_at,
            key_kind="datetime",
            key_of=lambda conversation: conversation.updated_at,
            id_col=c.c.id,
            direction=direction,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, filter: ConversationFilter) -> int:
        return await count(self.session, self._filtered(user_id, filter))


class SqlMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, message: Message) -> None:
        self.session.add(message)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Message | None:
        return await self.session.scalar(select(Message).where(m.c.id == message_id, m.c.user_id == user_id))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Message]:
        if not ids:
            return []
        return list((await self.session.scalars(select(Message).where(m.c.user_id == user_id, m.c.id.in_(ids)))).all())

    async def get_for_update(self, message_id: uuid.UUID) -> Message | None:
        stmt = select(Message).where(m.c.id == message_id).execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    def _visible(self, conversation_id: uuid.UUID, filter: MessageFilter) -> Select[Any]:
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
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, filter: MessageFilter, page: PageRequest
    ) -> Page[Message]:
        return await paginate(
            self.session,
            self._visible(conversation_id, filter).where(m.c.user_id == user_id),
            entity=Message,
            key=m.c.position,
            key_kind="int",
            key_of=lambda message: message.position,
            id_col=m.c.id,
            direction=SortDirection.ASC,
            page=page,
        )

    async def count(self, user_id: uuid.UUID, conversation_id: uuid.UUID, filter: MessageFilter) -> int:
        return await count(self.session, self._visible(conversation_id, filter).where(m.c.user_id == user_id))

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

    async def set_content(self, message_id: uuid.UUID, content: str) -> None:
        await self.session.execute(update(m).where(m.c.id == message_id).values(content=content))

    async def delete(self, message: Message) -> None:
        await self.session.delete(message)
        await self.session.flush()


g = tables.generations


class SqlGenerationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, generation: Generation) -> None:
        self.session.add(generation)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, generation_id: uuid.UUID) -> Generation | None:
        return await self.session.scalar(select(Generation).where(g.c.id == generation_id, g.c.user_id == user_id))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Generation]:
        if not ids:
            return []
        stmt = select(Generation).where(g.c.user_id == user_id, g.c.id.in_(ids))
        return list((await self.session.scalars(stmt)).all())

    async def get_for_update(self, generation_id: uuid.UUID) -> Generation | None:
        stmt = select(Generation).where(g.c.id == generation_id).execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def set_text(self, generation_id: uuid.UUID, text: str) -> None:
        await self.session.execute(update(g).where(g.c.id == generation_id).values(text=text))
