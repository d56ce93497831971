from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

import strawberry

from api.context import Info
from api.ids import encode_id
from api.schema.common import Connection, Node, UserError, page_request, sql_connection
from domain.chat.entities import Conversation as ConversationEntity
from domain.chat.entities import Generation as GenerationEntity
from domain.chat.entities import Message as MessageEntity
from domain.chat.entities import MessageFilter as DomainMessageFilter
from domain.chat.entities import MessageStatus as DomainStatus
from domain.chat.entities import Role as DomainRole
from domain.chat.providers import Provider as DomainProvider
from domain.chat.service import export_conversation
from domain.common.clock import utcnow

Provider = strawberry.enum(DomainProvider, name="Provider")
MessageRole = strawberry.enum(DomainRole, name="MessageRole")
MessageStatus = strawberry.enum(DomainStatus, name="MessageStatus")


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


@strawberry.type
class Message(Node):
    role: MessageRole  # type: ignore[valid-type]
    content: str
    status: MessageStatus  # type: ignore[valid-type]
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
        return Conversation.from_entity(await info.context.loaders.conversation.load(self._conversation_id))

    @classmethod
    def from_entity(cls, m: MessageEntity) -> Message:
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


@strawberry.type(description="A chat with one model. Its answers stream through `messageStream`.")
class Conversation(Node):
    title: str | None
    model: str
    provider: Provider  # type: ignore[valid-type]
    system_context: str | None
    archived: bool
    pinned: bool
    context_window: int = strawberry.field(description="Tokens the model can attend to (from the provider).")
    token_count: int = strawberry.field(description="Tokens the last exchange used, as the provider counted them.")
    token_usage: float = strawberry.field(description="tokenCount / contextWindow, 0 to 1.")
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="Messages oldest first.")
    async def messages(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: MessageFilter | None = None,
    ) -> Connection[Message]:
        viewer_id = await info.context.viewer_id()
        f = filter or MessageFilter()
        wanted = DomainMessageFilter(include_archived=f.include_archived, include_superseded=f.include_superseded)
        request = page_request(first, after, last, before)
        return await sql_connection(
            info.context.uow,
            lambda uow: uow.messages.page(viewer_id, self._id, wanted, request),
            lambda uow: uow.messages.count(viewer_id, self._id, wanted),
            Message.from_entity,
        )

    @strawberry.field(description="Visible messages (not archived, not superseded).")
    async def message_count(self, info: Info) -> int:
        return await info.context.loaders.message_count.load(self._id)

    @strawberry.field(description="The conversation as text, for download or sharing.")
    async def export(
        self, info: Info, format: ExportFormat = ExportFormat.MARKDOWN, include_archived: bool = False
    ) -> str:
        viewer_id = await info.context.viewer_id()
        async with info.context.uow() as uow:
            conversation = await uow.conversations.get(viewer_id, self._id)
            messages = await uow.messages.all(self._id) if conversation else []
        if conversation is None:
            return ""
        return export_conversation(conversation, messages, format.value, include_archived, utcnow())

    @classmethod
    def from_entity(cls, c: ConversationEntity) -> Conversation:
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
        )


@strawberry.type(description="One step of a streamed answer. Concatenating every `delta` gives the whole text.")
class MessageStreamEvent:
    delta: str = strawberry.field(description="The first event: all text so far. Later events: the new text.")
    status: MessageStatus  # type: ignore[valid-type]
    message: Message | None = strawberry.field(description="On the final event: the stored message.")
    error_code: str | None = None


@strawberry.type
class Model:
    name: str
    context_window: int | None
    is_default: bool


@strawberry.input
class ConversationFilter:
    archived: bool | None = strawberry.field(default=False, description="Default: active ones; null: both.")
    pinned: bool | None = None
    provider: Provider | None = None  # type: ignore[valid-type]
    search: str | None = strawberry.field(default=None, description="In the title, system context or any message.")


@strawberry.input
class ConversationCreateInput:
    model: str
    provider: Provider = DomainProvider.OLLAMA  # type: ignore[valid-type]
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


@strawberry.type(description="A template-driven completion, streamed like an answer (generationStream).")
class Generation(Node):
    category: str
    action: str
    model: str
    provider: Provider  # type: ignore[valid-type]
    status: MessageStatus  # type: ignore[valid-type]
    text: str = strawberry.field(description="Wrapping quotes are stripped, as the text streams.")
    token_count: int | None
    error: MessageError | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_entity(cls, g: GenerationEntity) -> Generation:
        return cls(
            id=strawberry.ID(encode_id("Generation", g.id)),
            category=g.category,
            action=g.action,
            model=g.model,
            provider=g.provider,
            status=g.status,
            text=g.text,
            token_count=g.token_count,
            error=MessageError(code=g.error_code, message=g.error_message or "") if g.error_code else None,
            created_at=g.created_at,
            updated_at=g.updated_at,
        )


@strawberry.type(description="One step of a streamed generation; the same shape as MessageStreamEvent.")
class GenerationStreamEvent:
    delta: str
    status: MessageStatus  # type: ignore[valid-type]
    generation: Generation | None = strawberry.field(description="On the final event: the stored generation.")
    error_code: str | None = None


@strawberry.input
class TemplateGenerateInput:
    category: str
    action: str
    input_text: str
    user_instructions: str | None = None
    wait: bool = strawberry.field(
        default=False, description="Answer only when the text is complete (for simple clients); else follow it."
    )


@strawberry.type
class GenerationPayload:
    generation: Generation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
