from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.chat.entities import (
    Conversation,
    ConversationFilter,
    ConversationOrderField,
    Message,
    MessageFilter,
    MessageOrderField,
)
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.jobs.ports import JobsUnitOfWork
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork


class ConversationRepository(Protocol):
    async def add(self, conversation: Conversation) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Conversation | None: ...

    async def of_message(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Conversation | None:
        """The owner's conversation that holds the owner's message `message_id`, in one statement."""
        ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Conversation]: ...

    async def get_for_update(self, id: uuid.UUID) -> Conversation | None: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Conversation | None:
        """The owner's conversation, fresh and locked until the transaction ends: changes that derive from its
        messages (compression, restore) apply one after the other."""
        ...

    async def delete(self, conversation: Conversation) -> None: ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ConversationFilter,
        order_by: ConversationOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Conversation]: ...

    async def count(self, user_id: uuid.UUID, filter: ConversationFilter) -> int: ...

    async def take_positions(self, conversation: Conversation, count: int) -> int:
        """Reserve `count` consecutive message positions in one atomic step in the database; returns the first.
        The conversation's row stays locked until the transaction ends, so concurrent senders queue here and
        each reads what the one before it wrote."""
        ...


class MessageRepository(Protocol):
    async def add(self, message: Message) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Message | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Message]: ...

    async def get_for_update(self, id: uuid.UUID) -> Message | None: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Message | None:
        """The owner's message, fresh and locked until the transaction ends."""
        ...

    async def page(
        self,
        user_id: uuid.UUID,
        conversation_id: uuid.UUID,
        filter: MessageFilter,
        order_by: MessageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Message]: ...

    async def count(self, user_id: uuid.UUID, conversation_id: uuid.UUID, filter: MessageFilter) -> int: ...

    async def history(self, conversation_id: uuid.UUID) -> list[Message]:
        """What the model sees: not archived, not superseded, oldest first."""
        ...

    async def all(self, conversation_id: uuid.UUID) -> list[Message]:
        """Every message, archived and superseded ones included, oldest first."""
        ...

    async def counts(self, conversation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Visible messages per conversation, for many conversations in one query."""
        ...

    async def pages(
        self,
        user_id: uuid.UUID,
        conversation_ids: list[uuid.UUID],
        filter: MessageFilter,
        order_by: MessageOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[Message]]:
        """The same page of messages for many conversations at once (nested lists)."""
        ...

    async def counts_matching(
        self, user_id: uuid.UUID, conversation_ids: list[uuid.UUID], filter: MessageFilter
    ) -> dict[uuid.UUID, int]: ...

    async def all_of(self, user_id: uuid.UUID, conversation_ids: list[uuid.UUID]) -> list[Message]:
        """Every message of these conversations, archived and superseded ones included, oldest first."""
        ...

    async def any_streaming(self, conversation_id: uuid.UUID) -> bool:
        """Whether an answer in the conversation (visible or not) is still being written."""
        ...

    async def set_content(self, message_id: uuid.UUID, content: str) -> None:
        """Write the text so far of a streaming message (a small, frequent update)."""
        ...

    async def delete(self, message: Message) -> None: ...

    async def streaming_without_live_job(self) -> list[tuple[uuid.UUID, bool]]:
        """Messages still STREAMING whose job has ended or is gone (any user's), each with whether that job
        was cancelled: what the watchdog ends."""
        ...


class ChatUnitOfWork(JobsUnitOfWork, PromptTemplatesUnitOfWork, Protocol):
    conversations: ConversationRepository
    messages: MessageRepository
