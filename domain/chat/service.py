"""Conversations: create and organise them, send messages (answered by a background job that streams),
stop, regenerate, compress long histories into a summary and restore them, export."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.chat.entities import (
    Conversation,
    Message,
    MessageStatus,
    Role,
    stream_topic,
)
from domain.chat.ports import ConversationRepository, MessageRepository
from domain.chat.providers import ChatMessage, ChatProvider, GenerationOptions, Provider, ProviderError
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.validation import Checks, clean_text
from domain.jobs.entities import JobKind, JobStatus
from domain.jobs.ports import EventBus
from domain.jobs.service import JobService

TITLE_MAX = 255
MODEL_MAX = 100
CONTENT_MAX = 100_000
SYSTEM_MAX = 20_000
KEEP_RECENT_DEFAULT = 2
SUMMARY_PREFIX = "[Summary: {n} msgs archived]\n"


def estimate_tokens(text: str) -> int:
    """A rough count (4 characters a token) where the provider reported none."""
    return max(1, len(text) // 4) if text else 0


def to_chat(messages: list[Message]) -> list[ChatMessage]:
    return [ChatMessage(role=m.role.value.lower(), content=m.content) for m in messages]


@dataclass
class ConversationService:
    conversations: ConversationRepository
    messages: MessageRepository
    providers: dict[Provider, ChatProvider]
    default_context_window: int = 8192
    # Ollama allocates the whole window it is sent (num_ctx) up front: keep it within what the host can hold.
    ollama_context_max: int | None = None

    async def context_window(self, provider: Provider, model: str) -> int:
        try:
            window = await self.providers[provider].context_window(model)
        except ProviderError:
            window = None
        window = window or self.default_context_window
        if provider is Provider.OLLAMA and self.ollama_context_max:
            window = min(window, self.ollama_context_max)
        return window

    async def create(self, user_id: uuid.UUID, fields: dict[str, Any]) -> Conversation:
        title = clean_text(fields.get("title"))
        model = clean_text(fields.get("model"))
        system = clean_text(fields.get("system_context"))
        provider = fields.get("provider") or Provider.OLLAMA
        checks = Checks("input")
        checks.max_length("title", title, TITLE_MAX, "Title")
        if checks.required("model", model, "Model"):
            checks.max_length("model", model, MODEL_MAX, "Model")
        checks.max_length("systemContext", system, SYSTEM_MAX, "System context")
        checks.raise_if_any()
        assert model is not None
        now = utcnow()
        conversation = Conversation(
            user_id=user_id,
            title=title,
            model=model,
            provider=Provider(provider),
            system_context=system,
            context_window=await self.context_window(Provider(provider), model),
            created_at=now,
            updated_at=now,
        )
        await self.conversations.add(conversation)
        if system:
            await self._set_system(conversation, system)
        return conversation

    async def update(self, user_id: uuid.UUID, conversation_id: uuid.UUID, changes: dict[str, Any]) -> Conversation:
        conversation = await self.owned(user_id, conversation_id)
        values = {k: clean_text(v) if isinstance(v, str) else v for k, v in changes.items()}
        checks = Checks("input")
        checks.max_length("title", values.get("title"), TITLE_MAX, "Title")
        checks.max_length("systemContext", values.get("system_context"), SYSTEM_MAX, "System context")
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

    async def owned(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation:
        conversation = await self.conversations.get(user_id, conversation_id)
        if conversation is None:
            raise not_found("Conversation", "input", "id")
        return conversation

    async def add_message(
        self,
        conversation: Conversation,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.COMPLETE,
        token_count: int | None = None,
    ) -> Message:
        now = utcnow()
        message = Message(
            conversation_id=conversation.id,
            user_id=conversation.user_id,
            role=role,
            content=content,
            position=conversation.take_position(),
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

    async def send(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, content: str | None
    ) -> tuple[Message, Message]:
        conversation = await self.conversations.owned(user_id, conversation_id)
        text = (content or "").strip()
        checks = Checks("input")
        if checks.required("content", text, "Message"):
            checks.max_length("content", text, CONTENT_MAX, "Message")
        checks.raise_if_any()
        await self._refuse_while_streaming(conversation)
        question = await self.conversations.add_message(
            conversation, Role.USER, text, token_count=estimate_tokens(text)
        )
        answer = await self._start_answer(conversation)
        return question, answer

    async def regenerate(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Message:
        """A new answer to the last user message; the answers it replaces stay readable (supersededBy)."""
        conversation = await self.conversations.owned(user_id, conversation_id)
        await self._refuse_while_streaming(conversation)
        history = await self.conversations.messages.history(conversation.id)
        last_user = max((i for i, m in enumerate(history) if m.role is Role.USER), default=None)
        if last_user is None:
            raise DomainError.single(ErrorCode.INVALID, "There is no message to answer yet.", "input", "id")
        answer = await self._start_answer(conversation)
        for old in history[last_user + 1 :]:
            if old.role is Role.ASSISTANT:
                old.superseded_by = answer.id
        return answer

    async def stop(self, user_id: uuid.UUID, message_id: uuid.UUID) -> Message:
        message = await self.conversations.messages.get(user_id, message_id)
        if message is None:
            raise not_found("Message", "input", "id")
        if message.status is not MessageStatus.STREAMING or message.job_id is None:
            raise DomainError.single(ErrorCode.INVALID, "This answer is not being written.", "input", "id")
        job = await self.jobs.cancel(user_id, message.job_id)
        if job.status is JobStatus.CANCELLED:
            # It never started: nothing will write its end, so record it here.
            message.status = MessageStatus.STOPPED
            message.updated_at = utcnow()
            topic = stream_topic(message.id)

            async def announce() -> None:
                await self.events.append(topic, {"delta": "", "status": MessageStatus.STOPPED.value})

            self.jobs.uow.after_commit(announce)
        return message

    async def _refuse_while_streaming(self, conversation: Conversation) -> None:
        history = await self.conversations.messages.history(conversation.id)
        if any(m.status is MessageStatus.STREAMING for m in history):
            raise DomainError.single(
                ErrorCode.CONFLICT, "An answer is still being written: stop it or wait for it.", "input"
            )

    async def _start_answer(self, conversation: Conversation) -> Message:
        answer = await self.conversations.add_message(conversation, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
        job = await self.jobs.create(conversation.user_id, JobKind.CHAT_REPLY, {"message_id": str(answer.id)})
        answer.job_id = job.id
        conversation.updated_at = utcnow()
        return answer


def summary_prompt(old: list[Message]) -> list[ChatMessage]:
    lines = []
    for index, message in enumerate(old[:20]):
        limit = 500 if index < 5 else 150
        lines.append(f"{message.role.value.lower()}: {message.content[:limit]}")
    return [
        ChatMessage("system", "You are a helpful assistant that creates concise conversation summaries."),
        ChatMessage(
            "user",
            "Summarize this conversation in MAX 5 bullet points (max 50 words total):\n\n"
            + "\n".join(lines)
            + "\n\nBrief summary:",
        ),
    ]


def fallback_summary(old: list[Message]) -> str:
    lines = [f"Summary of {len(old)} messages:"]
    lines += [f"- {m.role.value.lower()}: {m.content[:100]}..." for m in old[:5]]
    return "\n".join(lines)


@dataclass(frozen=True)
class CompressionResult:
    archived: int
    summary: Message | None
    used_fallback: bool


@dataclass
class CompressionService:
    conversations: ConversationService

    async def plan(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, keep_recent: int
    ) -> tuple[Conversation, list[Message]]:
        """What compression would archive. Read-only, so the model call can happen outside any transaction."""
        checks = Checks("input")
        if not 1 <= keep_recent <= 20:
            checks.add("keepRecent", ErrorCode.INVALID, "keepRecent must be between 1 and 20.")
        checks.raise_if_any()
        conversation = await self.conversations.owned(user_id, conversation_id)
        history = await self.conversations.messages.history(conversation.id)
        compressible = [m for m in history if m.role is not Role.SYSTEM and m.status is not MessageStatus.STREAMING]
        return conversation, compressible[:-keep_recent] if len(compressible) > keep_recent else []

    async def summarise(self, conversation: Conversation, old: list[Message]) -> tuple[str, int, bool]:
        """The summary text, its tokens, and whether the fallback had to stand in for the model."""
        provider = self.conversations.providers[conversation.provider]
        options = GenerationOptions(temperature=0.3, max_tokens=300, num_ctx=conversation.context_window)
        try:
            answer = await provider.chat(conversation.model, summary_prompt(old), options)
        except ProviderError:
            text = fallback_summary(old)
            return text, estimate_tokens(text), True
        text = answer.delta.strip() or fallback_summary(old)
        return text, answer.completion_tokens or estimate_tokens(text), False

    async def apply(self, conversation: Conversation, old: list[Message], summary: str, tokens: int) -> Message:
        """Within the caller's unit of work: the summary takes the archived messages' place."""
        now = utcnow()
        prefix = SUMMARY_PREFIX.format(n=len(old))
        message = Message(
            conversation_id=conversation.id,
            user_id=conversation.user_id,
            role=Role.ASSISTANT,
            content=prefix + summary,
            position=old[0].position,
            token_count=tokens + estimate_tokens(prefix),
            is_summary=True,
            created_at=now,
            updated_at=now,
        )
        await self.conversations.messages.add(message)
        for original in old:
            original.archived_by = message.id
        await self._recount(conversation)
        return message

    async def restore(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> int:
        """Every archived message comes back and every summary goes, however many rounds there were."""
        conversation = await self.conversations.owned(user_id, conversation_id)
        everything = await self.conversations.messages.all(conversation.id)
        restored = [m for m in everything if m.archived_by is not None and not m.is_summary]
        for message in everything:
            if message.is_summary:
                await self.conversations.messages.delete(message)
            else:
                message.archived_by = None
        await self._recount(conversation)
        return len(restored)

    async def _recount(self, conversation: Conversation) -> None:
        history = await self.conversations.messages.history(conversation.id)
        conversation.token_count = sum(estimate_tokens(m.content) for m in history)
        conversation.updated_at = utcnow()


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
