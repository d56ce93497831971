from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.chat.providers import Provider


class Role(StrEnum):
    SYSTEM = "SYSTEM"
    USER = "USER"
    ASSISTANT = "ASSISTANT"


class MessageStatus(StrEnum):
    STREAMING = "STREAMING"
    COMPLETE = "COMPLETE"
    STOPPED = "STOPPED"
    FAILED = "FAILED"

    @property
    def is_final(self) -> bool:
        return self is not MessageStatus.STREAMING


@dataclass(eq=False)
class Conversation:
    user_id: uuid.UUID
    model: str
    provider: Provider
    context_window: int
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    title: str | None = None
    system_context: str | None = None
    archived: bool = False
    pinned: bool = False
    # Tokens of the last exchange as the provider counted them (prompt + completion): how full the context is.
    token_count: int = 0
    # The position the next message takes; messages are ordered by position, not by timestamp.
    next_position: int = 1

    @property
    def token_usage(self) -> float:
        return min(1.0, self.token_count / self.context_window) if self.context_window else 0.0

    def take_position(self) -> int:
        position = self.next_position
        self.next_position += 1
        return position


@dataclass(eq=False)
class Message:
    conversation_id: uuid.UUID
    user_id: uuid.UUID
    role: Role
    content: str
    position: int
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    status: MessageStatus = MessageStatus.COMPLETE
    token_count: int | None = None
    is_summary: bool = False
    # Set when compression moved this message into the archive behind that summary message.
    archived_by: uuid.UUID | None = None
    # Set when a regenerated answer replaced this one; the old answer stays readable.
    superseded_by: uuid.UUID | None = None
    error_code: str | None = None
    error_message: str | None = None
    job_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ConversationFilter:
    archived: bool | None = False  # None: both
    pinned: bool | None = None
    provider: Provider | None = None
    search: str | None = None  # title, system context or any message's content


@dataclass(frozen=True)
class MessageFilter:
    include_archived: bool = False
    include_superseded: bool = False


def stream_topic(message_id: uuid.UUID) -> str:
    """Where the tokens of one streamed text are published (and kept for late subscribers)."""
    return f"text:{message_id}"


@dataclass(eq=False)
class Generation:
    """One template-driven completion (improve a section, enhance a prompt, …), streamed like an answer."""

    user_id: uuid.UUID
    category: str
    action: str
    model: str
    provider: Provider
    prompt: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    text: str = ""
    status: MessageStatus = MessageStatus.STREAMING
    temperature: float | None = None
    max_tokens: int | None = None
    token_count: int | None = None
    error_code: str | None = None
    error_message: str | None = None
    job_id: uuid.UUID | None = None
