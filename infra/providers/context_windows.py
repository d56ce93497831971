"""Context windows (tokens) of well-known models: a fallback for when the provider does not say.

Ollama reports a model's context window through /api/show, which wins; OpenAI reports none, so this table
is its only source. Unknown models have no entry: the caller decides the default.
"""

from __future__ import annotations

from collections.abc import Mapping

CONTEXT_WINDOWS: Mapping[str, int] = {
    # OpenAI
    "gpt-5": 200_000,
    "gpt-5-pro": 200_000,
    "gpt-5-mini": 200_000,
    "gpt-5-nano": 200_000,
    "gpt-5-codex": 200_000,
    "gpt-5-chat-latest": 200_000,
    "gpt-4.1": 128_000,
    "gpt-4.1-mini": 128_000,
    "gpt-4.1-nano": 128_000,
    "gpt-4o": 128_000,
    "gpt-4o-mini": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "gpt-3.5-turbo-16k": 16_385,
    # Ollama: exact tags, then families (the name before ':') where every size shares the window
    "gpt-oss:20b": 8_192,
    "llama2": 4_096,
    "llama2:7b": 4_096,
    "llama2:13b": 4_096,
    "llama2:70b": 4_096,
    "llama3": 8_192,
    "llama3:8b": 8_192,
    "llama3:70b": 8_192,
    "llama3.1": 131_072,
    "llama3.1:8b": 131_072,
    "llama3.1:70b": 131_072,
    "llama3.2": 131_072,
    "llama3.2:1b": 131_072,
    "llama3.2:3b": 131_072,
    "mistral": 8_192,
    "mistral:7b": 8_192,
    "mistral:instruct": 8_192,
    "mixtral": 32_768,
    "mixtral:8x7b": 32_768,
    "gemma": 8_192,
    "gemma:2b": 8_192,
    "gemma:7b": 8_192,
    "gemma2": 8_192,
    "gemma2:9b": 8_192,
    "gemma2:27b": 8_192,
    "codellama": 16_384,
    "codellama:7b": 16_384,
    "codellama:13b": 16_384,
    "codellama:34b": 16_384,
    "phi3": 4_096,
    "phi3:mini": 4_096,
    "phi3:medium": 4_096,
    "qwen": 8_192,
    "qwen:7b": 8_192,
    "qwen:14b": 8_192,
    "qwen2": 32_768,
    "qwen2:7b": 32_768,
}


def lookup_context_window(model: str, table: Mapping[str, int] = CONTEXT_WINDOWS) -> int | None:
    """Exact name, then the family (the part before ':'), then None."""
    if model in table:
        return table[model]
    family, sep, _ = model.partition(":")
    if sep and family in table:
        return table[family]
    return None
