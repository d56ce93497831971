from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid
from api.resolvers.common import mutate
from api.resolvers.jobs import job_service
from api.schema.chat import (
    Conversation,
    ConversationCompressInput,
    ConversationCompressPayload,
    ConversationCreateInput,
    ConversationDeletePayload,
    ConversationFilter,
    ConversationIdInput,
    ConversationPayload,
    ConversationRestorePayload,
    ConversationUpdateInput,
    Generation,
    GenerationPayload,
    GenerationStreamEvent,
    Message,
    MessageIdInput,
    MessagePayload,
    MessageRegenerateInput,
    MessageSendInput,
    MessageSendPayload,
    MessageStreamEvent,
    Model,
    Provider,
    TemplateGenerateInput,
)
from api.schema.common import Connection, SortDirection, connection, page_request, provided, sql_connection
from domain.chat.entities import ConversationFilter as DomainFilter
from domain.chat.entities import stream_topic
from domain.chat.generation import GenerationService
from domain.chat.providers import Provider as DomainProvider
from domain.chat.providers import ProviderError
from domain.chat.service import ChatService, CompressionService, ConversationService
from domain.chat.streaming import StreamEvent, follow
from domain.common.errors import not_found
from domain.common.pagination import SortDirection as DomainDirection
from domain.common.pagination import page_in_memory
from domain.prompt_templates.service import PromptTemplateService


def _id(global_id: str, type_name: str, *field: str) -> uuid.UUID:
    value = decode_uuid(global_id, type_name)
    if value is None:
        raise not_found(type_name, *field)
    return value


def conversations(info: Info, uow) -> ConversationService:  # type: ignore[no-untyped-def]
    c = info.context.container
    return ConversationService(
        uow.conversations,
        uow.messages,
        c.providers,
        default_context_window=c.settings.default_context_window,
        ollama_context_max=c.settings.ollama_num_ctx_max,
    )


def chat(info: Info, uow) -> ChatService:  # type: ignore[no-untyped-def]
    return ChatService(conversations(info, uow), job_service(info, uow), info.context.container.events)


def _payload(conversation, errors) -> ConversationPayload:  # type: ignore[no-untyped-def]
    return ConversationPayload(
        conversation=Conversation.from_entity(conversation) if conversation else None, user_errors=errors
    )


@strawberry.type
class ChatQuery:
    @strawberry.field(description="The viewer's conversations, most recently active first.")
    async def conversations(
        self,
        info: Info,
        filter: ConversationFilter | None = None,
        direction: SortDirection = DomainDirection.DESC,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Conversation]:
        viewer_id = await info.context.viewer_id()
        f = filter or ConversationFilter()
        wanted = DomainFilter(archived=f.archived, pinned=f.pinned, provider=f.provider, search=f.search)
        request = page_request(first, after, last, before)
        return await sql_connection(
            info.context.uow,
            lambda uow: uow.conversations.page(viewer_id, wanted, direction, request),
            lambda uow: uow.conversations.count(viewer_id, wanted),
            Conversation.from_entity,
        )

    @strawberry.field(description="The models a provider offers, with their context windows.")
    async def models(
        self,
        info: Info,
        provider: Provider,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Model]:
        await info.context.require_viewer()
        settings = info.context.container.settings
        try:
            found = await info.context.container.providers[provider].list_models()
        except ProviderError as error:
            raise ClientError(error.message, error.code.value) from error
        if provider is DomainProvider.OLLAMA:
            default, allowed = settings.ollama_default_model, settings.ollama_chat_models
        else:
            default, allowed = settings.openai_default_model, settings.openai_chat_models
        if allowed:
            found = [m for m in found if m.name in allowed]
        models = [Model(name=m.name, context_window=m.context_window, is_default=m.name == default) for m in found]
        page = page_in_memory(models, lambda m: m.name, page_request(first, after, None, None))

        async def total() -> int:
            return len(models)

        return connection(page, lambda m: m, total)


@strawberry.type
class ChatMutation:
    @strawberry.mutation(description="Start a conversation with one model.")
    async def conversation_create(self, info: Info, input: ConversationCreateInput) -> ConversationPayload:
        fields = provided(input)
        return _payload(*await mutate(info, lambda uow, viewer: conversations(info, uow).create(viewer.id, fields)))

    @strawberry.mutation
    async def conversation_update(self, info: Info, input: ConversationUpdateInput) -> ConversationPayload:
        changes = provided(input)
        changes.pop("id")
        return _payload(
            *await mutate(
                info,
                lambda uow, viewer: conversations(info, uow).update(
                    viewer.id, _id(input.id, "Conversation", "input", "id"), changes
                ),
            )
        )

    @strawberry.mutation(description="Delete a conversation with all its messages.")
    async def conversation_delete(self, info: Info, input: ConversationIdInput) -> ConversationDeletePayload:
        deleted, errors = await mutate(
            info,
            lambda uow, viewer: conversations(info, uow).delete(
                viewer.id, _id(input.id, "Conversation", "input", "id")
            ),
        )
        return ConversationDeletePayload(deleted_conversation_id=input.id if deleted else None, user_errors=errors)

    @strawberry.mutation(
        description="Store your message and start the answer (STREAMING); follow it with messageStream."
    )
    async def message_send(self, info: Info, input: MessageSendInput) -> MessageSendPayload:
        async def action(uow, viewer):  # type: ignore[no-untyped-def]
            conversation_id = _id(input.conversation_id, "Conversation", "input", "conversationId")
            question, answer = await chat(info, uow).send(viewer.id, conversation_id, input.content)
            return question, answer, await uow.conversations.get(viewer.id, conversation_id)

        result, errors = await mutate(info, action)
        if result is None:
            return MessageSendPayload(user_errors=errors)
        question, answer, conversation = result
        return MessageSendPayload(
            user_message=Message.from_entity(question),
            assistant_message=Message.from_entity(answer),
            conversation=Conversation.from_entity(conversation),
        )

    @strawberry.mutation(description="Stop an answer being written; the text so far is kept (STOPPED).")
    async def message_stop(self, info: Info, input: MessageIdInput) -> MessagePayload:
        message, errors = await mutate(
            info, lambda uow, viewer: chat(info, uow).stop(viewer.id, _id(input.id, "Message", "input", "id"))
        )
        return MessagePayload(message=Message.from_entity(message) if message else None, user_errors=errors)

    @strawberry.mutation(description="A new answer to your last message. The answer it replaces stays readable.")
    async def message_regenerate(self, info: Info, input: MessageRegenerateInput) -> MessagePayload:
        message, errors = await mutate(
            info,
            lambda uow, viewer: chat(info, uow).regenerate(
                viewer.id, _id(input.conversation_id, "Conversation", "input", "conversationId")
            ),
        )
        return MessagePayload(message=Message.from_entity(message) if message else None, user_errors=errors)

    @strawberry.mutation(
        description="Summarise older messages into one summary message; the originals move to an archive."
    )
    async def conversation_compress(self, info: Info, input: ConversationCompressInput) -> ConversationCompressPayload:
        # Three steps so that no transaction stays open while the model writes the summary.
        planned, errors = await mutate(
            info,
            lambda uow, viewer: CompressionService(conversations(info, uow)).plan(
                viewer.id, _id(input.id, "Conversation", "input", "id"), input.keep_recent
            ),
        )
        if planned is None:
            return ConversationCompressPayload(user_errors=errors)
        conversation, old = planned
        if not old:
            return ConversationCompressPayload(conversation=Conversation.from_entity(conversation))
        async with info.context.uow() as uow:
            summary_text, tokens, fallback = await CompressionService(conversations(info, uow)).summarise(
                conversation, old
            )

        async def apply(uow, viewer):  # type: ignore[no-untyped-def]
            service = CompressionService(conversations(info, uow))
            current, still_old = await service.plan(viewer.id, conversation.id, input.keep_recent)
            archived = [m for m in still_old if m.id in {o.id for o in old}]
            if not archived:
                return current, None, 0
            return current, await service.apply(current, archived, summary_text, tokens), len(archived)

        result, errors = await mutate(info, apply)
        if result is None:
            return ConversationCompressPayload(user_errors=errors)
        current, summary, count = result
        return ConversationCompressPayload(
            conversation=Conversation.from_entity(current),
            summary=Message.from_entity(summary) if summary else None,
            archived_count=count,
            used_fallback=fallback,
        )

    @strawberry.mutation(description="Bring every archived message back and remove every summary.")
    async def conversation_restore(self, info: Info, input: ConversationIdInput) -> ConversationRestorePayload:
        async def action(uow, viewer):  # type: ignore[no-untyped-def]
            conversation_id = _id(input.id, "Conversation", "input", "id")
            restored = await CompressionService(conversations(info, uow)).restore(viewer.id, conversation_id)
            return await uow.conversations.get(viewer.id, conversation_id), restored

        result, errors = await mutate(info, action)
        if result is None:
            return ConversationRestorePayload(user_errors=errors)
        return ConversationRestorePayload(conversation=Conversation.from_entity(result[0]), restored_count=result[1])


async def follow_stored(
    info: Info, ident: uuid.UUID, repository: str, text: str, what: str
) -> AsyncGenerator[tuple[StreamEvent, Any], None]:
    """Follow a streamed text (a message's `content`, a generation's `text`) owned by the viewer; the final
    event comes with the stored row."""
    viewer_id = await info.context.viewer_id()

    async def load() -> Any:
        async with info.context.uow() as uow:
            return await getattr(uow, repository).get(viewer_id, ident)

    async def current() -> StreamEvent | None:
        row = await load()
        return StreamEvent(getattr(row, text), row.status, row.error_code) if row else None

    try:
        async for event in follow(info.context.container.events, stream_topic(ident), current):
            yield event, await load() if event.status.is_final else None
    except LookupError:
        raise ClientError(f"No such {what}.", "NOT_FOUND") from None


async def follow_generation(info: Info, ident: uuid.UUID) -> AsyncGenerator[GenerationStreamEvent, None]:
    async for event, row in follow_stored(info, ident, "generations", "text", "generation"):
        yield GenerationStreamEvent(
            delta=event.delta,
            status=event.status,
            generation=Generation.from_entity(row) if row else None,
            error_code=event.error_code,
        )


@strawberry.type
class GenerationMutation:
    @strawberry.mutation(
        description="Run a prompt template on your text: [INSTRUCTION] pre [USER] input [ADDITIONAL] instructions "
        "[FORMAT] post, with the template's model, temperature and max tokens. Follow it with generationStream, "
        "or pass wait: true to get the finished text."
    )
    async def template_generate(self, info: Info, input: TemplateGenerateInput) -> GenerationPayload:
        async def action(uow, viewer):  # type: ignore[no-untyped-def]
            service = GenerationService(
                uow.generations, PromptTemplateService(uow.prompt_templates), job_service(info, uow)
            )
            return await service.start(viewer.id, provided(input))

        generation, errors = await mutate(info, action)
        if generation is None:
            return GenerationPayload(user_errors=errors)
        if input.wait:
            async for event in follow_generation(info, generation.id):
                if event.generation is not None:
                    return GenerationPayload(generation=event.generation)
        return GenerationPayload(generation=Generation.from_entity(generation))


@strawberry.type
class ChatSubscription:
    @strawberry.subscription(description="A generation as it is written; the same promise as messageStream.")
    async def generation_stream(self, info: Info, id: strawberry.ID) -> AsyncGenerator[GenerationStreamEvent, None]:
        ident = decode_uuid(id, "Generation")
        if ident is None:
            raise ClientError("No such generation.", "NOT_FOUND")
        async for event in follow_generation(info, ident):
            yield event

    @strawberry.subscription(
        description="An answer as it is written: first all text so far, then each new piece, then the end. "
        "Join at any time, on any API process: concatenating the deltas gives exactly the final text."
    )
    async def message_stream(self, info: Info, message_id: strawberry.ID) -> AsyncGenerator[MessageStreamEvent, None]:
        ident = decode_uuid(message_id, "Message")
        if ident is None:
            raise ClientError("No such message.", "NOT_FOUND")

        async for event, row in follow_stored(info, ident, "messages", "content", "message"):
            yield MessageStreamEvent(
                delta=event.delta,
                status=event.status,
                message=Message.from_entity(row) if row else None,
                error_code=event.error_code,
            )
