"""The port to language models (Ollama, OpenAI): streamed and whole answers, model lists, context windows.

Shared by every area that asks a model for text (chat, template generation, lyric tools, prompt
enhancement). Adapters raise `domain.common.provider_errors.ProviderError`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Provider(StrEnum):
    OLLAMA = "OLLAMA"
    OPENAI = "OPENAI"

    @property
    def label(self) -> str:
        """The vendor's own spelling, for messages."""
        return {"OLLAMA": "Ollama", "OPENAI": "OpenAI"}[self.value]


def provider_for_model(model: str) -> Provider:
    """Which provider serves a model named in a prompt template: OpenAI's own names, else Ollama."""
    name = model.strip().lower()
    openai = name.startswith(("gpt-", "chatgpt", "o1", "o3", "o4")) and not name.startswith("gpt-oss")
    return Provider.OPENAI if openai else Provider.OLLAMA


@dataclass(frozen=True)
class ChatMessage:
    role: str  # system | user | assistant
    content: str


@dataclass(frozen=True)
class GenerationOptions:
    temperature: float | None = None
    max_tokens: int | None = None
    # Ollama only: the context window to allocate. Always sent, or Ollama silently truncates long prompts.
    num_ctx: int | None = None


@dataclass(frozen=True)
class StreamChunk:
    """Either new text (`delta`), or the last chunk (`done`) with the provider's token counts."""

    delta: str = ""
    done: bool = False
    finish_reason: str | None = None  # stop | length | content_filter | …
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class ModelInfo:
    name: str
    context_window: int | None


class ChatProvider(Protocol):
    provider: Provider

    def stream_chat(
        self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> AsyncIterator[StreamChunk]:
        """Stream an answer. Every error — before or during the stream — raises ProviderError."""
        ...

    async def chat(self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions) -> StreamChunk:
        """The whole answer at once: `delta` holds all of the text, `done` is True."""
        ...

    def stream_generate(self, model: str, prompt: str, options: GenerationOptions) -> AsyncIterator[StreamChunk]:
        """Stream a completion of one prompt (Ollama /api/generate; OpenAI: one user message)."""
        ...

    async def list_models(self) -> list[ModelInfo]: ...

    async def context_window(self, model: str) -> int | None:
        """The model's context window as the provider reports it; None when it does not say."""
        ...
