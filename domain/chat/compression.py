"""Compressing a long conversation: older messages move into an archive behind one summary message,
written by the conversation's own model (a plain fallback summary when the model fails). Restore undoes
every round."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from domain.chat.entities import Conversation, Message, Role
from domain.chat.ports import ChatUnitOfWork
from domain.chat.service import ConversationService, estimate_tokens
from domain.common.clock import utcnow
from domain.common.errors import ErrorCode
from domain.common.provider_errors import ProviderError
from domain.common.streaming import StreamStatus
from domain.common.validation import Checks
from domain.llm.ports import ChatMessage, GenerationOptions

SUMMARY_PREFIX = "[Summary: {n} msgs archived]\n"
KEEP_RECENT_DEFAULT = 2
KEEP_RECENT_MAX = 20


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
class CompressionOutcome:
    conversation: Conversation
    summary: Message | None
    archived_count: int
    used_fallback: bool


@dataclass
class CompressionService:
    conversations: ConversationService

    async def plan(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID, keep_recent: int
    ) -> tuple[Conversation, list[Message]]:
        """What compression would archive. Read-only, so the model call can happen outside any transaction."""
        checks = Checks()
        if not 1 <= keep_recent <= KEEP_RECENT_MAX:
            checks.add("keep_recent", ErrorCode.INVALID, f"keepRecent must be between 1 and {KEEP_RECENT_MAX}.")
        checks.raise_if_any()
        conversation = await self.conversations.owned(user_id, conversation_id)
        history = await self.conversations.messages.history(conversation.id)
        compressible = [m for m in history if m.role is not Role.SYSTEM and m.status is not StreamStatus.STREAMING]
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


@dataclass
class Compressor:
    """The whole use case, in three steps so that no transaction stays open while the model writes:
    plan (read), summarise (the model), apply (write — only what is still there to archive)."""

    uow_factory: Callable[[], ChatUnitOfWork]
    conversations: Callable[[ChatUnitOfWork], ConversationService]

    async def compress(self, user_id: uuid.UUID, conversation_id: uuid.UUID, keep_recent: int) -> CompressionOutcome:
        async with self.uow_factory() as uow:
            planner = CompressionService(self.conversations(uow))
            conversation, old = await planner.plan(user_id, conversation_id, keep_recent)
        if not old:
            return CompressionOutcome(conversation, None, 0, used_fallback=False)
        # The planning transaction has ended: the model writes the summary with nothing held open.
        summary_text, tokens, fallback = await planner.summarise(conversation, old)
        async with self.uow_factory() as uow:
            # Locked before it is read again: a compression that ran meanwhile has archived what it archived,
            # and this one sees that (and archives it no second time).
            await uow.conversations.get_locked(user_id, conversation_id)
            service = CompressionService(self.conversations(uow))
            current, still_old = await service.plan(user_id, conversation_id, keep_recent)
            planned = {m.id for m in old}
            archived = [m for m in still_old if m.id in planned]
            if not archived:
                return CompressionOutcome(current, None, 0, used_fallback=fallback)
            summary = await service.apply(current, archived, summary_text, tokens)
            await uow.commit()
        return CompressionOutcome(current, summary, len(archived), used_fallback=fallback)

    async def restore(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> tuple[Conversation, int]:
        async with self.uow_factory() as uow:
            await uow.conversations.get_locked(user_id, conversation_id)  # as in compress
            service = CompressionService(self.conversations(uow))
            restored = await service.restore(user_id, conversation_id)
            conversation = await service.conversations.owned(user_id, conversation_id)
            await uow.commit()
        return conversation, restored
