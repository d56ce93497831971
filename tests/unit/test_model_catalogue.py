"""The model catalogue's rules without I/O: which models are offered, the default, the context windows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest

from domain.common.errors import DomainError, ErrorCode
from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.catalogue import ModelCatalogue, ModelPolicy
from domain.llm.ports import ChatMessage, GenerationOptions, ModelInfo, Provider, StreamChunk


class Listing:
    """A ChatProvider double that lists fixed models, or fails to list them."""

    def __init__(self, models: list[ModelInfo] | None) -> None:
        self.models = models
        self.provider = Provider.OLLAMA

    async def list_models(self) -> list[ModelInfo]:
        if self.models is None:
            raise ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, "down")
        return self.models

    async def context_window(self, model: str) -> int | None:
        if self.models is None:
            raise ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, "down")
        return next((m.context_window for m in self.models if m.name == model), None)

    def stream_chat(
        self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> AsyncIterator[StreamChunk]:
        raise NotImplementedError

    async def chat(self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions) -> StreamChunk:
        raise NotImplementedError

    def stream_generate(self, model: str, prompt: str, options: GenerationOptions) -> AsyncIterator[StreamChunk]:
        raise NotImplementedError


MODELS = [ModelInfo("big:70b", 131_072), ModelInfo("small:1b", 2048), ModelInfo("odd:3b", None)]


def catalogue(models: list[ModelInfo] | None, policy: ModelPolicy) -> ModelCatalogue:
    return ModelCatalogue({Provider.OLLAMA: Listing(models)}, {Provider.OLLAMA: policy}, default_context_window=8192)


async def test_everything_listed_by_name_with_capped_windows_and_the_default_marked() -> None:
    offered = await catalogue(MODELS, ModelPolicy("small:1b", max_context=32_768)).models(Provider.OLLAMA)
    assert offered.from_provider
    assert [(m.name, m.context_window, m.is_default) for m in offered.models] == [
        ("big:70b", 32_768, False),  # capped: Ollama allocates the whole window up front
        ("odd:3b", 8192, False),  # not reported: the default window
        ("small:1b", 2048, True),
    ]


async def test_an_allow_list_restricts_and_orders_what_is_offered() -> None:
    policy = ModelPolicy("big:70b", allowed=("small:1b", "missing:9b", "big:70b"))
    offered = await catalogue(MODELS, policy).models(Provider.OLLAMA)
    assert [m.name for m in offered.models] == ["small:1b", "big:70b"]


async def test_the_configured_list_stands_in_when_the_provider_cannot_list() -> None:
    policy = ModelPolicy("a", allowed=("a", "b"))
    offered = await catalogue(None, policy).models(Provider.OLLAMA)
    assert not offered.from_provider
    assert [(m.name, m.context_window, m.is_default) for m in offered.models] == [("a", 8192, True), ("b", 8192, False)]
    with pytest.raises(ProviderError):
        await catalogue(None, ModelPolicy("a")).models(Provider.OLLAMA)


async def test_a_conversation_gets_the_window_the_list_shows() -> None:
    made = catalogue(MODELS, ModelPolicy("small:1b", max_context=32_768))
    listed = {m.name: m.context_window for m in (await made.models(Provider.OLLAMA)).models}
    for name, window in listed.items():
        assert await made.context_window(Provider.OLLAMA, name) == window
    assert await catalogue(None, ModelPolicy("x")).context_window(Provider.OLLAMA, "x") == 8192


async def test_check_offered() -> None:
    made = catalogue(MODELS, ModelPolicy("small:1b"))
    await made.check_offered(Provider.OLLAMA, "odd:3b", "model")
    with pytest.raises(DomainError) as error:
        await made.check_offered(Provider.OLLAMA, "nope:1b", "model")
    assert [(e.field, e.code) for e in error.value.errors] == [(("model",), ErrorCode.NOT_FOUND)]
    assert "big:70b" in error.value.errors[0].message
    # Unreadable and nothing configured: accepted (the provider may be back before the first message).
    await catalogue(None, ModelPolicy("x")).check_offered(Provider.OLLAMA, "anything", "model")
    with pytest.raises(DomainError):
        await catalogue(None, ModelPolicy("a", allowed=("a",))).check_offered(Provider.OLLAMA, "b", "model")
