"""The CHAT_REPLY job: stream the model's answer into the assistant message, resumably."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from domain.chat.compression import KEEP_RECENT_DEFAULT, Compressor
from domain.chat.entities import ChatReplyResult, Conversation, Message, Role
from domain.chat.ports import ChatUnitOfWork
from domain.chat.service import (
    INTERRUPTED_MESSAGE,
    ConversationService,
    end_without_writer,
    estimate_tokens,
    to_chat,
)
from domain.common.clock import utcnow
from domain.common.events import EventBus
from domain.common.provider_errors import ProviderError
from domain.common.streaming import QUOTES, StreamStatus, TextStreamWriter, pump, text_topic
from domain.generation.service import build_prompt
from domain.jobs.entities import Job
from domain.jobs.errors import JobCancelled, JobFailed
from domain.jobs.executor import INTERRUPTED, JobContext
from domain.llm.ports import ChatMessage, ChatProvider, GenerationOptions
from domain.prompt_templates.service import PromptTemplateService

log = logging.getLogger("aiproxy.chat")

# The prompt template that names a conversation from its first exchange ("titel" is the original's spelling,
# which users' own edits of it are stored under).
TITLE_TEMPLATE = ("titel", "generate")


def strip_wrapping_quotes(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        text = text[1:-1].strip()
    return text.strip(QUOTES)


@dataclass
class ChatReplyHandler:
    """Writes one answer. It never starts over: subscribers have seen part of it, and starting again would
    break the stream's promise (deltas add up to the text). So when its worker is lost, recovery ends the
    answer INTERRUPTED with the text it had (`lost`, domain/jobs/executor.py: EndsWhenLost), and the
    watchdog ends any answer left STREAMING without a live job (`sweep`)."""

    uow_factory: Callable[[], ChatUnitOfWork]
    events: EventBus
    conversations: Callable[[ChatUnitOfWork], ConversationService]
    auto_compress_at: float = 0.85
    persist_interval: float = 0.25
    # Units of work for reads only (autocommit: no BEGIN and ROLLBACK around them), for what the first token
    # waits for. None: `uow_factory`.
    reads: Callable[[], ChatUnitOfWork] | None = None

    async def __call__(self, ctx: JobContext[ChatUnitOfWork]) -> ChatReplyResult:
        message_id = uuid.UUID(ctx.job.payload["message_id"])
        writer = TextStreamWriter(
            self.events,
            text_topic(message_id),
            lambda text: self._persist(message_id, text),
            self.persist_interval,
            fresh=ctx.job.attempts == 1,
        )
        if ctx.job.attempts > 1:
            # Run again after its worker was lost (recovery ends such jobs instead, but a job requeued by an
            # older worker may still come): end it with the text it had, and let the user regenerate.
            await self._end_orphan(message_id, StreamStatus.FAILED, INTERRUPTED, INTERRUPTED_MESSAGE)
            raise JobFailed(INTERRUPTED, INTERRUPTED_MESSAGE)
        try:
            # Inside the try: a stop while the history is read (or compressed) must end the message too,
            # or it stays STREAMING and the conversation refuses every later message.
            conversation, history, provider = await self._prepare(ctx.job.user_id, message_id)
            options = GenerationOptions(num_ctx=conversation.context_window)
            usage = await pump(provider.stream_chat(conversation.model, to_chat(history), options), writer.add)
        except (asyncio.CancelledError, JobCancelled):
            await self._end(writer, message_id, StreamStatus.STOPPED)
            raise JobCancelled() from None
        except ProviderError as error:
            await self._end(writer, message_id, StreamStatus.FAILED, error.code.value, error.message)
            raise JobFailed(error.code.value, error.message) from error
        except JobFailed:
            raise  # the conversation is gone, and its answer with it
        except Exception:
            # Anything else (the database, a bug): end the answer with its text so far, never leave it STREAMING.
            try:
                await self._end(writer, message_id, StreamStatus.FAILED, "INTERNAL", "The answer failed unexpectedly.")
            except Exception:  # the watchdog's sweep ends it once the database answers again
                log.exception("ending a failed answer failed", extra={"message_id": str(message_id)})
            raise
        completion = (usage.completion_tokens if usage else None) or estimate_tokens(writer.text)
        prompt = (usage.prompt_tokens if usage else None) or sum(estimate_tokens(m.content) for m in history)
        await self._end(writer, message_id, StreamStatus.COMPLETE, tokens=(prompt, completion))
        if conversation.title is None:
            await self._title(conversation, history, writer.text)
        return ChatReplyResult(message_id=str(message_id), prompt_tokens=prompt, completion_tokens=completion)

    async def _prepare(
        self, user_id: uuid.UUID, message_id: uuid.UUID
    ) -> tuple[Conversation, list[Message], ChatProvider]:
        # Two statements in the usual case (no compression due), outside a transaction: the first token waits.
        async with (self.reads or self.uow_factory)() as uow:
            conversation = await uow.conversations.of_message(user_id, message_id)
            if conversation is None:
                raise JobFailed("NOT_FOUND", "The conversation was deleted.")
            if conversation.token_usage < self.auto_compress_at:
                history = [
                    m for m in await uow.messages.history(conversation.id) if m.status is not StreamStatus.STREAMING
                ]
                return conversation, history, self.conversations(uow).providers[conversation.provider]
        if conversation.token_usage >= self.auto_compress_at:
            # Before the context overflows: the same compression a user asks for with conversationCompress.
            await Compressor(self.uow_factory, self.conversations).compress(
                conversation.user_id, conversation.id, KEEP_RECENT_DEFAULT
            )
        async with self.uow_factory() as uow:
            current = await uow.conversations.get_for_update(conversation.id)
            if current is None:
                raise JobFailed("NOT_FOUND", "The conversation was deleted.")
            history = [m for m in await uow.messages.history(current.id) if m.status is not StreamStatus.STREAMING]
            provider = self.conversations(uow).providers[current.provider]
        return current, history, provider

    async def _persist(self, message_id: uuid.UUID, text: str) -> None:
        async with self.uow_factory() as uow:
            await uow.messages.set_content(message_id, text)
            await uow.commit()

    async def _end(
        self,
        writer: TextStreamWriter,
        message_id: uuid.UUID,
        status: StreamStatus,
        error_code: str | None = None,
        error_message: str | None = None,
        tokens: tuple[int, int] | None = None,
    ) -> None:
        """Store the final text and state in one short transaction, then announce the end."""
        async with self.uow_factory() as uow:
            message = await uow.messages.get_for_update(message_id)
            if message is None:
                return  # deleted with its conversation: nothing to end
            if message.status.is_final:
                # Ended without this job (a stop, or recovery that took this worker for lost): that end stands.
                log.warning("answer already ended without its job", extra={"message_id": str(message_id)})
                return
            message.content = writer.text
            message.status = status
            message.error_code, message.error_message = error_code, error_message
            message.updated_at = utcnow()
            conversation = await uow.conversations.get_for_update(message.conversation_id)
            assert conversation is not None  # a message goes with its conversation
            if tokens is not None:
                message.token_count = tokens[1]
                conversation.token_count = tokens[0] + tokens[1]
            conversation.updated_at = message.updated_at
            await uow.commit()
        await writer.finish(status, error_code)

    async def lost(self, job: Job) -> None:
        """Its worker was lost mid-answer (EndsWhenLost): end the answer with the text it had."""
        message_id = uuid.UUID(job.payload["message_id"])
        if job.cancel_requested:
            await self._end_orphan(message_id, StreamStatus.STOPPED)
        else:
            await self._end_orphan(message_id, StreamStatus.FAILED, INTERRUPTED, INTERRUPTED_MESSAGE)

    async def sweep(self) -> int:
        """End every answer left STREAMING whose job has ended (or is gone): STOPPED when it was cancelled,
        else FAILED with INTERRUPTED. Returns how many it ended."""
        async with self.uow_factory() as uow:
            orphans = await uow.messages.streaming_without_live_job()
        ended = 0
        for message_id, cancelled in orphans:
            if cancelled:
                ended += await self._end_orphan(message_id, StreamStatus.STOPPED)
            else:
                ended += await self._end_orphan(message_id, StreamStatus.FAILED, INTERRUPTED, INTERRUPTED_MESSAGE)
        return ended

    async def _end_orphan(
        self,
        message_id: uuid.UUID,
        status: StreamStatus,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> bool:
        async with self.uow_factory() as uow:
            message = await uow.messages.get_for_update(message_id)
            if message is None or message.status.is_final:
                return False
            announce = await end_without_writer(message, self.events, status, error_code, error_message)
            await uow.commit()
        await announce()
        log.warning(
            "answer ended without its job",
            extra={"message_id": str(message_id), "status": status.value, "chars": len(message.content)},
        )
        return True

    async def _title(self, conversation: Conversation, history: list[Message], answer: str) -> None:
        """Name an untitled conversation from its first exchange (titel/generate); best effort."""
        question = next((m.content for m in history if m.role is Role.USER), "")
        try:
            async with self.uow_factory() as uow:
                template = await PromptTemplateService(uow.prompt_templates).get(conversation.user_id, *TITLE_TEMPLATE)
                provider = self.conversations(uow).providers[conversation.provider]
            if template is None or not template.active:
                return
            prompt = build_prompt(template.pre_condition, f"{question}\n\n{answer[:1000]}", "", template.post_condition)
            options = GenerationOptions(temperature=template.temperature, max_tokens=template.max_tokens or 15)
            result = await provider.chat(conversation.model, [ChatMessage("user", prompt)], options)
            title = short_title(result.delta)
        except ProviderError as error:
            log.info("title generation failed: %s", error.code)
            return
        if title:
            async with self.uow_factory() as uow:
                row = await uow.conversations.get_for_update(conversation.id)
                if row is not None and row.title is None:
                    row.title = title
                    await uow.commit()


def short_title(text: str, limit: int = 80) -> str | None:
    """The first line, without wrapping quotes, cut at a word boundary: a title, whatever the model wrote."""
    line = strip_wrapping_quotes(next((ln for ln in text.splitlines() if ln.strip()), ""))
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return line or None
