"""Conversations: create and organise them, send messages (answered by a background job that streams),
stop, regenerate, compress long histories into a summary and restore them, export."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.chat.entities import (
    ChatReplyResult,
    Conversation,
    ConversationChanges,
    ConversationFilter,
    ConversationOrderField,
    Message,
    NewConversation,
    Role,
)
from domain.chat.ports import ChatUnitOfWork, ConversationRepository, MessageRepository
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.events import EventBus
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import given
from domain.common.streaming import StreamStatus, announce_end, kept_text, text_topic
from domain.common.validation import Checks, clean_text
from domain.jobs.entities import Job, JobKind, JobStatus, JobType
from domain.jobs.service import JobService
from domain.llm.catalogue import ModelCatalogue
from domain.llm.ports import ChatMessage, ChatProvider, Provider

TITLE_MAX = 255
MODEL_MAX = 100
CONTENT_MAX = 100_000
SYSTEM_MAX = 20_000
KEEP_RECENT_DEFAULT = 2

CHAT_REPLY = JobType(JobKind("CHAT_REPLY"), ChatReplyResult, "Write a chat answer (messageSend, messageRegenerate).")


INTERRUPTED_MESSAGE = "The answer was interrupted; regenerate it."


async def end_without_writer(
    message: Message,
    events: EventBus,
    status: StreamStatus,
    error_code: str | None = None,
    error_message: str | None = None,
) -> Callable[[], Awaitable[None]]:
    """End a STREAMING answer that no job will end (its job ended, or its worker was lost), in the caller's
    unit of work. It keeps its text: the stored text or, when subscribers were sent more, that. Returns what
    announces the end to subscribers; run it once the unit of work has committed."""
    topic = text_topic(message.id)
    text = await kept_text(events, topic, message.content)
    message.content = text
    message.status = status
    message.error_code, message.error_message = error_code, error_message
    message.updated_at = utcnow()

    async def announce() -> None:
        await announce_end(events, topic, text, status, error_code)

    return announce


def estimate_tokens(text: str) -> int:
    """A rough count (4 characters a token) where the provider reported none."""
    return max(1, len(text) // 4) if text else 0


def to_chat(messages: list[Message]) -> list[ChatMessage]:
    return [ChatMessage(role=m.role.value.lower(), content=m.content) for m in messages]


@dataclass
class ConversationService:
    conversations: ConversationRepository
    messages: MessageRepository
    catalogue: ModelCatalogue

    @property
    def providers(self) -> dict[Provider, ChatProvider]:
        return dict(self.catalogue.providers)

    async def create(self, user_id: uuid.UUID, fields: NewConversation) -> Conversation:
        title = clean_text(fields.title)
        model = clean_text(fields.model)
        system = clean_text(fields.system_context)
        provider = fields.provider
        checks = Checks()
        checks.max_length("title", title, TITLE_MAX, "Title")
        if checks.required("model", model, "Model"):
            checks.max_length("model", model, MODEL_MAX, "Model")
        checks.max_length("system_context", system, SYSTEM_MAX, "System context")
        checks.raise_if_any()
        assert model is not None
        await self.catalogue.check_offered(provider, model, "model")
        now = utcnow()
        conversation = Conversation(
            user_id=user_id,
            title=title,
            model=model,
            provider=provider,
            system_context=system,
            context_window=await self.catalogue.context_window(provider, model),
            created_at=now,
            updated_at=now,
        )
        await self.conversations.add(conversation)
        if system:
            await self._set_system(conversation, system)
        return conversation

    async def update(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, changes: ConversationChanges
    ) -> Conversation:
        conversation = await self.owned(user_id, conversation_id)
        values = {k: clean_text(v) if isinstance(v, str) else v for k, v in given(changes).items()}
        checks = Checks()
        checks.max_length("title", values.get("title"), TITLE_MAX, "Title")
        checks.max_length("system_context", values.get("system_context"), SYSTEM_MAX, "System context")
        for name in ("archived", "pinned"):
            if name in values and values[name] is None:
                checks.required(name, None, name.title())
        checks.raise_if_any()
        for name in ("title", "archived", "pinned"):
            if name in values:
                setattr(conversation, name, values[name])
        if "system_context" in values and values["system_context"] != conversation.system_context:
            await self._set_system(conversation, values["system_context"])
        conversation.updated_at = utcnow()
        return conversation

    async def _set_system(self, conversation: Conversation, text: str | None) -> None:
        conversation.system_context = text
        current = [m for m in await self.messages.history(conversation.id) if m.role is Role.SYSTEM]
        for message in current:
            await self.messages.delete(message)
        if text:
            # The system message leads whatever the conversation holds: position 0 sorts first.
            now = utcnow()
            await self.messages.add(
                Message(
                    conversation_id=conversation.id,
                    user_id=conversation.user_id,
                    role=Role.SYSTEM,
                    content=text,
                    position=0,
                    token_count=estimate_tokens(text),
                    created_at=now,
                    updated_at=now,
                )
            )

    async def delete(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation:
        conversation = await self.owned(user_id, conversation_id)
        await self.conversations.delete(conversation)
        return conversation

    async def owned(self, user_id: uuid.UUID, conversation_id: uuid.UUID, *field: str) -> Conversation:
        return await owned_or_not_found(
            self.conversations, user_id, conversation_id, "Conversation", *(field or ("id",))
        )

    async def get(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation | None:
        return await self.conversations.get(user_id, conversation_id)

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ConversationFilter,
        order_by: ConversationOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Conversation]:
        return await self.conversations.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: ConversationFilter) -> int:
        return await self.conversations.count(user_id, filter)

    async def reserve_positions(self, conversation: Conversation, count: int) -> list[int]:
        """The next `count` positions, taken atomically in the database. The conversation then stays locked
        until the caller's unit of work ends: whatever the caller reads after this, no one else changes."""
        first = await self.conversations.take_positions(conversation, count)
        return list(range(first, first + count))

    async def add_message(
        self,
        conversation: Conversation,
        role: Role,
        content: str,
        *,
        position: int,
        status: StreamStatus = StreamStatus.COMPLETE,
        token_count: int | None = None,
    ) -> Message:
        now = utcnow()
        message = Message(
            conversation_id=conversation.id,
            user_id=conversation.user_id,
            role=role,
            content=content,
            position=position,
            status=status,
            token_count=token_count,
            created_at=now,
            updated_at=now,
        )
        await self.messages.add(message)
        return message


@dataclass
class ChatService:
    """Sending and steering answers. The answer itself is written by the CHAT_REPLY job (reply.py)."""

    conversations: ConversationService
    jobs: JobService
    events: EventBus
    # A running answer whose job has not beaten for this long has lost its worker (JOB_STALE_AFTER_SECONDS);
    # None: jobs run in this process, so a RUNNING one is alive.
    worker_lost_after: timedelta | None = timedelta(seconds=60)

    async def send(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, content: str | None
    ) -> tuple[Message, Message, Conversation]:
        conversation = await self.conversations.owned(user_id, conversation_id, "conversation_id")
        text = (content or "").strip()
        checks = Checks()
        if checks.required("content", text, "Message"):
            checks.max_length("content", text, CONTENT_MAX, "Message")
        checks.raise_if_any()
        # First the positions: that locks the conversation, so the check below cannot pass for two senders.
        asked, answered = await self.conversations.reserve_positions(conversation, 2)
        await self._refuse_while_streaming(conversation)
        question = await self.conversations.add_message(
            conversation, Role.USER, text, position=asked, token_count=estimate_tokens(text)
        )
        answer = await self._start_answer(conversation, answered)
        return question, answer, conversation

    async def regenerate(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Message:
        """A new answer to the last user message; the answers it replaces stay readable (supersededBy)."""
        conversation = await self.conversations.owned(user_id, conversation_id, "conversation_id")
        [position] = await self.conversations.reserve_positions(conversation, 1)  # locks it, as in send
        await self._refuse_while_streaming(conversation)
        history = await self.conversations.messages.history(conversation.id)
        last_user = max((i for i, m in enumerate(history) if m.role is Role.USER), default=None)
        if last_user is None:
            raise DomainError.single(ErrorCode.INVALID, "There is no message to answer yet.", "conversation_id")
        answer = await self._start_answer(conversation, position)
        for old in history[last_user + 1 :]:
            if old.role is Role.ASSISTANT:
                old.superseded_by = answer.id
        return answer

    async def stop(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Message:
        """Stop an answer, keeping its text. A live job stops at once and ends the answer itself (AnswerStopper
        waits for that). An answer no worker will end — its job never started, has ended, or lost its worker —
        ends STOPPED here."""
        message = await self.conversations.messages.get(user_id, message_id)
        if message is None:
            raise not_found("Message", "id")
        if message.status is not StreamStatus.STREAMING:
            raise DomainError.single(ErrorCode.INVALID, "This answer is not being written.", "id")
        job = await self.jobs.get(user_id, message.job_id) if message.job_id else None
        if job is not None and not job.status.is_terminal:
            job = await self.jobs.cancel(user_id, job.id)  # QUEUED: cancelled now; RUNNING: asked to stop
            if job.status is JobStatus.RUNNING and self._alive(job):
                return message  # its worker is alive: it stops and ends the answer with all it sent
        return await self.end_stopped(user_id, message_id) or message

    async def end_stopped(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Message | None:
        """End a streaming answer whose writer is gone as STOPPED, keeping its text (all its stream carried),
        and announce the end once committed. The message is locked first, so a job ending it at the same
        moment is not overwritten. None when it is no longer there."""
        message = await self.conversations.messages.get_locked(user_id, message_id)
        if message is None or message.status is not StreamStatus.STREAMING:
            return message
        self.jobs.uow.after_commit(await end_without_writer(message, self.events, StreamStatus.STOPPED))
        return message

    def _alive(self, job: Job) -> bool:
        if self.worker_lost_after is None:
            return True
        beat = job.heartbeat_at or job.started_at
        return beat is not None and beat >= utcnow() - self.worker_lost_after

    async def _refuse_while_streaming(self, conversation: Conversation) -> None:
        if await self.conversations.messages.any_streaming(conversation.id):
            raise DomainError.on_input(ErrorCode.CONFLICT, "An answer is still being written: stop it or wait for it.")

    async def _start_answer(self, conversation: Conversation, position: int) -> Message:
        answer = await self.conversations.add_message(
            conversation, Role.ASSISTANT, "", position=position, status=StreamStatus.STREAMING
        )
        job = await self.jobs.create(conversation.user_id, CHAT_REPLY, {"message_id": str(answer.id)})
        answer.job_id = job.id
        conversation.updated_at = utcnow()
        return answer


STOP_WAIT_SECONDS = 5.0


@dataclass
class AnswerStopper:
    """messageStop, in short steps, so that it answers with the message as stored after the stop (STOPPED,
    its text so far) rather than as it was while still being written:

    1. ask the answer's job to stop, and commit (the job sees it; on SQLite it also frees the writer lock the
       job needs to write the end);
    2. wait, at most `wait_seconds`, while a live job (RUNNING, with a recent heartbeat) is still to record it;
    3. if the answer is still STREAMING then — its job ended without writing the end, its worker is gone, or
       it did not answer in time — end it here, with the text the stream carried so far."""

    uow_factory: Callable[[], ChatUnitOfWork]
    chat: Callable[[ChatUnitOfWork], ChatService]
    stale_after_seconds: float = 60.0
    wait_seconds: float = STOP_WAIT_SECONDS
    poll_seconds: float = 0.05

    async def stop(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Message:
        async with self.uow_factory() as uow:
            message = await self.chat(uow).stop(user_id, message_id)
            await uow.commit()
        deadline = time.monotonic() + self.wait_seconds
        while message.status is StreamStatus.STREAMING and time.monotonic() < deadline:
            await asyncio.sleep(self.poll_seconds)
            async with self.uow_factory() as uow:
                current = await uow.messages.get(user_id, message_id)
                job = await uow.jobs.get(user_id, message.job_id) if message.job_id else None
            if current is None:
                raise not_found("Message", "id")  # deleted with its conversation meanwhile
            message = current
            if message.status is StreamStatus.STREAMING and not self._will_end(job):
                break
        if message.status is not StreamStatus.STREAMING:
            return message
        async with self.uow_factory() as uow:
            ended = await self.chat(uow).end_stopped(user_id, message_id)
            await uow.commit()
        if ended is None:
            raise not_found("Message", "id")
        return ended

    def _will_end(self, job: Job | None) -> bool:
        """Whether the answer's job is alive to write the end itself."""
        if job is None or job.status is not JobStatus.RUNNING or job.heartbeat_at is None:
            return False
        return (utcnow() - job.heartbeat_at).total_seconds() < self.stale_after_seconds


def export_conversation(
    conversation: Conversation, messages: list[Message], fmt: str, include_archived: bool, now: datetime
) -> str:
    """MARKDOWN or JSON. With include_archived, archived originals stand where their summary stood."""
    if include_archived:
        shown = [m for m in messages if not m.is_summary and m.superseded_by is None]
    else:
        shown = [m for m in messages if m.archived_by is None and m.superseded_by is None]
    if fmt == "JSON":
        return json.dumps(
            {
                "conversation": {
                    "title": conversation.title,
                    "model": conversation.model,
                    "provider": conversation.provider.value,
                    "systemContext": conversation.system_context,
                    "exportedAt": now.isoformat(),
                },
                "messages": [
                    {
                        "role": m.role.value,
                        "content": m.content,
                        "status": m.status.value,
                        "tokenCount": m.token_count,
                        "isSummary": m.is_summary,
                        "archived": m.archived_by is not None,
                        "createdAt": m.created_at.isoformat(),
                    }
                    for m in shown
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    names = {Role.SYSTEM: "System", Role.USER: "You", Role.ASSISTANT: "Assistant"}
    out = [f"# {conversation.title or 'Conversation'}", "", f"_{conversation.model} · {now:%Y-%m-%d %H:%M} UTC_", ""]
    for m in shown:
        label = names[m.role] + (" (archived)" if m.archived_by else "") + (" (summary)" if m.is_summary else "")
        out += [f"**{label}** · {m.created_at:%Y-%m-%d %H:%M}", "", m.content, ""]
    return "\n".join(out).rstrip() + "\n"
