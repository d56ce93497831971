from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.common.patch import UNSET, Unset
from domain.common.streaming import StreamStatus
from domain.llm.ports import Provider


class Role(StrEnum):
    SYSTEM = "SYSTEM"
    USER = "USER"
    ASSISTANT = "ASSISTANT"


class ConversationOrderField(StrEnum):
    UPDATED_AT = "UPDATED_AT"  # last activity
    CREATED_AT = "CREATED_AT"
    TITLE = "TITLE"


class MessageOrderField(StrEnum):
    POSITION = "POSITION"  # the conversation's own order
    CREATED_AT = "CREATED_AT"


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
    # The position the next message takes; messages are ordered by position, not by timestamp. Taken only
    # through ConversationRepository.take_positions, in the database (never read, bumped and written back).
    next_position: int = 1

    @property
    def token_usage(self) -> float:
        return min(1.0, self.token_count / self.context_window) if self.context_window else 0.0


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
    status: StreamStatus = StreamStatus.COMPLETE
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


@dataclass(frozen=True)
class NewConversation:
    model: str
    provider: Provider = Provider.OLLAMA
    title: str | None = None
    system_context: str | None = None


@dataclass(frozen=True)
class ConversationChanges:
    """UNSET: leave as it is; None clears the title or the system context."""

    title: str | None | Unset = UNSET
    archived: bool | None | Unset = UNSET
    pinned: bool | None | Unset = UNSET
    system_context: str | None | Unset = UNSET


@dataclass(frozen=True)
class ChatReplyResult:
    """What a CHAT_REPLY job returns (kept on the job row)."""

    message_id: str
    prompt_tokens: int
    completion_tokens: int
