"""Chat over GraphQL: conversations, sending and steering answers, compression, models, the answer stream."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid, node_uuid
from api.resolvers.common import mutate, viewer_list
from api.schema.chat import (
    ChatReplyResult,
    Conversation,
    ConversationCompressInput,
    ConversationCompressPayload,
    ConversationCreateInput,
    ConversationDeletePayload,
    ConversationFilter,
    ConversationIdInput,
    ConversationOrder,
    ConversationPayload,
    ConversationRestorePayload,
    ConversationUpdateInput,
    Message,
    MessageIdInput,
    MessagePayload,
    MessageRegenerateInput,
    MessageSendInput,
    MessageSendPayload,
    MessageStreamEvent,
    Model,
    ModelOrder,
)
from api.schema.common import Connection, command, in_memory_connection, page_request, provider_fault
from api.schema.part import SchemaPart
from api.streams import follow_text
from domain.chat import entities as domain
from domain.chat.compression import Compressor
from domain.chat.service import CHAT_REPLY, AnswerStopper, ChatService, ConversationService
from domain.common.pagination import SortDirection, page_in_memory
from domain.common.provider_errors import ProviderError
from domain.llm.catalogue import ordered_models
from domain.llm.ports import Provider


def _conversation(conversation: domain.Conversation) -> ConversationPayload:
    return ConversationPayload(conversation=Conversation.from_entity(conversation))


def _message(message: domain.Message) -> MessagePayload:
    return MessagePayload(message=Message.from_entity(message))


@strawberry.type
class ChatQuery:
    @strawberry.field(
        description="The viewer's conversations, by default most recently active first; 20 a page unless "
        "`first`/`last` say otherwise, at most 100."
    )
    async def conversations(
        self,
        info: Info,
        filter: ConversationFilter | None = None,
        direction: Annotated[
            SortDirection | None,
            strawberry.argument(
                deprecation_reason="Use `orderBy: {field: UPDATED_AT, direction: …}` (which wins when both are given)."
            ),
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ConversationOrder | None = None,
    ) -> Connection[Conversation]:
        f = filter or ConversationFilter()
        wanted = domain.ConversationFilter(archived=f.archived, pinned=f.pinned, provider=f.provider, search=f.search)
        if order_by is None:
            order_by = ConversationOrder() if direction is None else ConversationOrder(direction=direction)
        request = page_request(first, after, last, before)
        return await viewer_list(info, ConversationService, wanted, order_by, request, Conversation.from_entity)

    @strawberry.field(
        description="The models a provider offers, with the context window a conversation with each gets. "
        "When the provider cannot list them, the configured list (OPENAI_CHAT_MODELS, OLLAMA_CHAT_MODELS) is shown. "
        "20 a page unless `first`/`last` say otherwise, at most 100."
    )
    async def models(
        self,
        info: Info,
        provider: Provider,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ModelOrder | None = None,
    ) -> Connection[Model]:
        await info.context.require_viewer()
        order = order_by or ModelOrder()
        request = page_request(first, after, last, before)
        try:
            offered = await info.context.container.catalogue.models(provider)
        except ProviderError as error:
            raise provider_fault(error) from error
        ordered = ordered_models(offered.models, order.field, order.direction)
        page = page_in_memory(ordered, lambda item: item[0], request, order.direction)
        return in_memory_connection(
            ordered,
            lambda item: Model(name=item[1].name, context_window=item[1].context_window, is_default=item[1].is_default),
            page,
        )


@strawberry.type
class ChatMutation:
    @strawberry.mutation(description="Start a conversation with one model.")
    async def conversation_create(self, info: Info, input: ConversationCreateInput) -> ConversationPayload:
        return await mutate(
            info,
            ConversationPayload,
            lambda s, viewer: s.get(ConversationService).create(viewer.id, command(domain.NewConversation, input)),
            _conversation,
        )

    @strawberry.mutation
    async def conversation_update(self, info: Info, input: ConversationUpdateInput) -> ConversationPayload:
        return await mutate(
            info,
            ConversationPayload,
            lambda s, viewer: s.get(ConversationService).update(
                viewer.id,
                node_uuid(input.id, "Conversation", "id"),
                command(domain.ConversationChanges, input, exclude=("id",)),
            ),
            _conversation,
        )

    @strawberry.mutation(description="Delete a conversation with all its messages.")
    async def conversation_delete(self, info: Info, input: ConversationIdInput) -> ConversationDeletePayload:
        return await mutate(
            info,
            ConversationDeletePayload,
            lambda s, viewer: s.get(ConversationService).delete(viewer.id, node_uuid(input.id, "Conversation", "id")),
            lambda _: ConversationDeletePayload(deleted_conversation_id=input.id),
        )

    @strawberry.mutation(
        description="Store your message and start the answer (STREAMING); follow it with messageStream."
    )
    async def message_send(self, info: Info, input: MessageSendInput) -> MessageSendPayload:
        return await mutate(
            info,
            MessageSendPayload,
            lambda s, viewer: s.get(ChatService).send(
                viewer.id, node_uuid(input.conversation_id, "Conversation", "conversation_id"), input.content
            ),
            lambda sent: MessageSendPayload(
                user_message=Message.from_entity(sent[0]),
                assistant_message=Message.from_entity(sent[1]),
                conversation=Conversation.from_entity(sent[2]),
            ),
        )

    @strawberry.mutation(
        description="Stop an answer being written; the text so far is kept. Returns the message as stored after "
        "the stop (STOPPED, with its text so far): it waits, at most 5 seconds, for the answer's job to record it."
    )
    async def message_stop(self, info: Info, input: MessageIdInput) -> MessagePayload:
        return await mutate(
            info,
            MessagePayload,
            lambda s, viewer: s.get(AnswerStopper).stop(viewer.id, node_uuid(input.id, "Message", "id")),
            _message,
        )

    @strawberry.mutation(description="A new answer to your last message. The answer it replaces stays readable.")
    async def message_regenerate(self, info: Info, input: MessageRegenerateInput) -> MessagePayload:
        return await mutate(
            info,
            MessagePayload,
            lambda s, viewer: s.get(ChatService).regenerate(
                viewer.id, node_uuid(input.conversation_id, "Conversation", "conversation_id")
            ),
            _message,
        )

    @strawberry.mutation(
        description="Summarise older messages into one summary message; the originals move to an archive."
    )
    async def conversation_compress(self, info: Info, input: ConversationCompressInput) -> ConversationCompressPayload:
        return await mutate(
            info,
            ConversationCompressPayload,
            lambda s, viewer: s.get(Compressor).compress(
                viewer.id, node_uuid(input.id, "Conversation", "id"), input.keep_recent
            ),
            lambda outcome: ConversationCompressPayload(
                conversation=Conversation.from_entity(outcome.conversation),
                summary=Message.from_entity(outcome.summary) if outcome.summary else None,
                archived_count=outcome.archived_count,
                used_fallback=outcome.used_fallback,
            ),
        )

    @strawberry.mutation(description="Bring every archived message back and remove every summary.")
    async def conversation_restore(self, info: Info, input: ConversationIdInput) -> ConversationRestorePayload:
        return await mutate(
            info,
            ConversationRestorePayload,
            lambda s, viewer: s.get(Compressor).restore(viewer.id, node_uuid(input.id, "Conversation", "id")),
            lambda restored: ConversationRestorePayload(
                conversation=Conversation.from_entity(restored[0]), restored_count=restored[1]
            ),
        )


@strawberry.type
class ChatSubscription:
    @strawberry.subscription(
        description="An answer as it is written: first all text so far, then each new piece, then the end. "
        "Join at any time, on any API process: concatenating the deltas gives exactly the final text."
    )
    async def message_stream(self, info: Info, message_id: strawberry.ID) -> AsyncGenerator[MessageStreamEvent, None]:
        ident = decode_uuid(message_id, "Message")
        if ident is None:
            raise ClientError("No such message.", "NOT_FOUND")

        async def load(viewer_id: uuid.UUID, message_id: uuid.UUID) -> domain.Message | None:
            return await info.context.read(ConversationService, lambda s: s.messages.get(viewer_id, message_id))

        async for event, row in follow_text(info, ident, load, lambda m: m.content, "message"):
            yield MessageStreamEvent(
                delta=event.delta,
                status=event.status,
                message=Message.from_entity(row) if row else None,
                error_code=event.error_code,
            )


schema = SchemaPart(
    query=ChatQuery,
    mutation=ChatMutation,
    subscription=ChatSubscription,
    types=(Conversation, Message, ChatReplyResult),
    job_results={CHAT_REPLY.kind: ChatReplyResult.from_result},
)
