from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from enum import Enum
from typing import ClassVar, Self

import strawberry

from api.context import Context, Info
from api.ids import encode_id
from api.loaders import NestedKey, Window, nested_counts, nested_pages, owned_by_id
from api.schema.common import Connection, Node, UserError, connection, page_request
from api.schema.jobs import JobResult
from domain.chat import entities as domain
from domain.chat.entities import Conversation as ConversationEntity
from domain.chat.entities import ConversationOrderField, MessageOrderField, Role
from domain.chat.entities import Message as MessageEntity
from domain.chat.entities import MessageFilter as DomainMessageFilter
from domain.chat.service import export_conversation
from domain.common.clock import utcnow
from domain.common.pagination import SortDirection
from domain.common.streaming import StreamStatus
from domain.llm.catalogue import ModelOrderField
from domain.llm.ports import Provider

strawberry.enum(Provider, name="Provider")
strawberry.enum(Role, name="MessageRole")
strawberry.enum(ConversationOrderField, name="ConversationOrderField")
strawberry.enum(MessageOrderField, name="MessageOrderField")
strawberry.enum(ModelOrderField, name="ModelOrderField")
strawberry.enum(
    StreamStatus, name="MessageStatus", description="Where a streamed text is: still being written, or how it ended."
)

conversations_by_id = owned_by_id(lambda uow: uow.conversations)
messages_by_id = owned_by_id(lambda uow: uow.messages)


message_pages = nested_pages(lambda uow: uow.messages)
message_counts = nested_counts(lambda uow: uow.messages.counts_matching)


async def all_messages(context: Context, keys: list[uuid.UUID]) -> list[list[MessageEntity]]:
    """Every message of each conversation (for exports), in one query for all of them."""
    viewer_id = await context.viewer_id()
    rows = await context.run_read(lambda uow: uow.messages.all_of(viewer_id, keys))
    by_conversation: dict[uuid.UUID, list[MessageEntity]] = defaultdict(list)
    for row in rows:
        by_conversation[row.conversation_id].append(row)
    return [by_conversation[key] for key in keys]


@strawberry.enum
class ExportFormat(Enum):
    MARKDOWN = "MARKDOWN"
    JSON = "JSON"


@strawberry.type
class MessageError:
    code: str
    message: str


@strawberry.input
class MessageFilter:
    include_archived: bool = strawberry.field(
        default=False, description="Show the originals that compression archived, in place of their summaries."
    )
    include_superseded: bool = strawberry.field(default=False, description="Show answers a regeneration replaced.")


@strawberry.input(description="The order of a conversation's messages.")
class MessageOrder:
    field: MessageOrderField = strawberry.field(
        default=MessageOrderField.POSITION, description="POSITION: the conversation's own order (the default)."
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.type
class Message(Node):
    type_name: ClassVar[str] = "Message"
    role: Role
    content: str
    status: StreamStatus
    token_count: int | None
    is_summary: bool
    archived: bool = strawberry.field(description="Compression moved it behind a summary.")
    superseded: bool = strawberry.field(description="A regenerated answer replaced it.")
    error: MessageError | None
    created_at: datetime
    updated_at: datetime
    _conversation_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def conversation(self, info: Info) -> Conversation:
        conversation = await info.context.loaders(conversations_by_id).load(self._conversation_id)
        assert conversation is not None  # the viewer's message is in the viewer's conversation
        return Conversation.from_entity(conversation)

    @classmethod
    def from_entity(cls, m: MessageEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Message", m.id)),
            role=m.role,
            content=m.content,
            status=m.status,
            token_count=m.token_count,
            is_summary=m.is_summary,
            archived=m.archived_by is not None,
            superseded=m.superseded_by is not None,
            error=MessageError(code=m.error_code, message=m.error_message or "") if m.error_code else None,
            created_at=m.created_at,
            updated_at=m.updated_at,
            _conversation_id=m.conversation_id,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        message = await info.context.loaders(messages_by_id).load(uuid.UUID(key))
        return cls.from_entity(message) if message else None


@strawberry.type(description="A chat with one model. Its answers stream through `messageStream`.")
class Conversation(Node):
    type_name: ClassVar[str] = "Conversation"
    title: str | None
    model: str
    provider: Provider
    system_context: str | None
    archived: bool
    pinned: bool
    context_window: int = strawberry.field(description="Tokens the model can attend to (from the provider).")
    token_count: int = strawberry.field(description="Tokens the last exchange used, as the provider counted them.")
    token_usage: float = strawberry.field(description="tokenCount / contextWindow, 0 to 1.")
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[uuid.UUID]

    _entity: strawberry.Private[ConversationEntity]

    @strawberry.field(
        description="The conversation's messages, by default in its own order (oldest first); "
        "20 a page unless `first`/`last` say otherwise, at most 100. Read for all conversations of a page at once."
    )
    async def messages(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: MessageFilter | None = None,
        order_by: MessageOrder | None = None,
    ) -> Connection[Message]:
        f = filter or MessageFilter()
        order = order_by or MessageOrder()
        wanted = DomainMessageFilter(include_archived=f.include_archived, include_superseded=f.include_superseded)
        window = Window(wanted, order.field, order.direction, page_request(first, after, last, before))
        page = await info.context.loaders(message_pages).load(NestedKey(self._id, window))

        async def total() -> int:
            return await info.context.loaders(message_counts).load((self._id, wanted))

        return connection(page, Message.from_entity, total)

    @strawberry.field(description="Visible messages (not archived, not superseded).")
    async def message_count(self, info: Info) -> int:
        return await info.context.loaders(message_counts).load((self._id, DomainMessageFilter()))

    @strawberry.field(description="The conversation as text, for download or sharing.")
    async def export(
        self, info: Info, format: ExportFormat = ExportFormat.MARKDOWN, include_archived: bool = False
    ) -> str:
        messages = await info.context.loaders(all_messages).load(self._id)
        return export_conversation(self._entity, messages, format.value, include_archived, utcnow())

    @classmethod
    def from_entity(cls, c: ConversationEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Conversation", c.id)),
            title=c.title,
            model=c.model,
            provider=c.provider,
            system_context=c.system_context,
            archived=c.archived,
            pinned=c.pinned,
            context_window=c.context_window,
            token_count=c.token_count,
            token_usage=round(c.token_usage, 4),
            created_at=c.created_at,
            updated_at=c.updated_at,
            _id=c.id,
            _entity=c,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        conversation = await info.context.loaders(conversations_by_id).load(uuid.UUID(key))
        return cls.from_entity(conversation) if conversation else None


@strawberry.type(description="One step of a streamed answer. Concatenating every `delta` gives the whole text.")
class MessageStreamEvent:
    delta: str = strawberry.field(description="The first event: all text so far. Later events: the new text.")
    status: StreamStatus
    message: Message | None = strawberry.field(description="On the final event: the stored message.")
    error_code: str | None = None


@strawberry.type
class Model:
    name: str
    context_window: int | None
    is_default: bool


@strawberry.input(description="The order of a provider's models.")
class ModelOrder:
    field: ModelOrderField = strawberry.field(
        default=ModelOrderField.OFFERED,
        description="OFFERED (the default): as the operator lists them (OPENAI_CHAT_MODELS, OLLAMA_CHAT_MODELS), "
        "else by name.",
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="The order of conversations.")
class ConversationOrder:
    field: ConversationOrderField = strawberry.field(
        default=ConversationOrderField.UPDATED_AT, description="UPDATED_AT (the default): the last activity."
    )
    direction: SortDirection = SortDirection.DESC


@strawberry.input
class ConversationFilter:
    archived: bool | None = strawberry.field(default=False, description="Default: active ones; null: both.")
    pinned: bool | None = None
    provider: Provider | None = None
    search: str | None = strawberry.field(default=None, description="In the title, system context or any message.")


@strawberry.input
class ConversationCreateInput:
    model: str
    provider: Provider = Provider.OLLAMA
    title: str | None = strawberry.field(default=None, description="Left out: named from the first exchange.")
    system_context: str | None = None


@strawberry.input(description="Fields left out stay as they are.")
class ConversationUpdateInput:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    archived: bool | None = strawberry.UNSET
    pinned: bool | None = strawberry.UNSET
    system_context: str | None = strawberry.UNSET


@strawberry.input
class ConversationIdInput:
    id: strawberry.ID


@strawberry.input
class ConversationCompressInput:
    id: strawberry.ID
    keep_recent: int = strawberry.field(default=2, description="Recent messages kept as they are (1 to 20).")


@strawberry.input
class MessageSendInput:
    conversation_id: strawberry.ID
    content: str


@strawberry.input
class MessageIdInput:
    id: strawberry.ID


@strawberry.input
class MessageRegenerateInput:
    conversation_id: strawberry.ID


@strawberry.type
class ConversationPayload:
    conversation: Conversation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ConversationDeletePayload:
    deleted_conversation_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MessageSendPayload:
    user_message: Message | None = None
    assistant_message: Message | None = strawberry.field(
        default=None, description="STREAMING: follow it with messageStream(messageId:)."
    )
    conversation: Conversation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MessagePayload:
    message: Message | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ConversationCompressPayload:
    conversation: Conversation | None = None
    summary: Message | None = None
    archived_count: int = 0
    used_fallback: bool = strawberry.field(default=False, description="The model failed; a plain summary stands in.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ConversationRestorePayload:
    conversation: Conversation | None = None
    restored_count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="What a CHAT_REPLY job produced: the answer is the message itself.")
class ChatReplyResult(JobResult):
    message_id: strawberry.ID
    prompt_tokens: int
    completion_tokens: int

    @classmethod
    def from_result(cls, r: domain.ChatReplyResult) -> ChatReplyResult:
        return cls(
            summary=f"Answered ({r.completion_tokens} tokens).",
            message_id=strawberry.ID(encode_id("Message", r.message_id)),
            prompt_tokens=r.prompt_tokens,
            completion_tokens=r.completion_tokens,
        )
