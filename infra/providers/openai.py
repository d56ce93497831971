"""OpenAI chat adapter: /chat/completions (server-sent events when streaming) and /models."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.ports import ChatMessage, GenerationOptions, ModelInfo, Provider, StreamChunk
from infra.providers.context_windows import CONTEXT_WINDOWS, lookup_context_window
from infra.providers.http import (
    Caller,
    RetryPolicy,
    SseDecoder,
    Timeouts,
    build_client,
    error_from_payload,
    invalid_response,
    iter_lines,
    json_object,
)

LABEL = "OpenAI"
DEFAULT_BASE_URL = "https://api.openai.com/v1"

_REASONING = re.compile(r"^(gpt-5|o\d)")


def is_reasoning_model(model: str) -> bool:
    """gpt-5 and the o-series take no temperature and count output with `max_completion_tokens`."""
    return bool(_REASONING.match(model))


def chat_payload(
    model: str, messages: Sequence[ChatMessage], options: GenerationOptions, *, stream: bool
) -> dict[str, Any]:
    body: dict[str, Any] = {"model": model, "messages": [{"role": m.role, "content": m.content} for m in messages]}
    reasoning = is_reasoning_model(model)
    if options.temperature is not None and not reasoning:
        body["temperature"] = options.temperature
    if options.max_tokens is not None:
        body["max_completion_tokens" if reasoning else "max_tokens"] = options.max_tokens
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class CompletionState:
    """What a chat completion stream has told so far: its finish reason and usage, which arrive separately."""

    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    def take(self, event: Mapping[str, Any]) -> list[str]:
        """Absorb one chunk; return its text deltas."""
        usage = event.get("usage")
        if isinstance(usage, Mapping):
            self.prompt_tokens = _int(usage.get("prompt_tokens"))
            self.completion_tokens = _int(usage.get("completion_tokens"))
        texts: list[str] = []
        choices = event.get("choices")
        for choice in choices if isinstance(choices, list) else []:
            if not isinstance(choice, Mapping) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, Mapping) else None
            if isinstance(content, str) and content:
                texts.append(content)
            reason = choice.get("finish_reason")
            if isinstance(reason, str) and reason:
                self.finish_reason = reason
        return texts

    def done(self) -> StreamChunk:
        return StreamChunk(
            done=True,
            finish_reason=self.finish_reason,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )


class OpenAIProvider:
    provider = Provider.OPENAI

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str = "",
        *,
        client: httpx.AsyncClient | None = None,
        context_windows: Mapping[str, int] | None = None,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
    ) -> None:
        """`base_url` includes the version (`https://api.openai.com/v1`)."""
        self._base = base_url.rstrip("/")
        self._api_key = api_key
        self._own_client = client is None
        self._client = client or build_client(timeouts)
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self._caller = Caller(
            self._client, LABEL, timeouts, retry, secrets=(api_key,) if api_key else (), headers=headers
        )
        self._windows = CONTEXT_WINDOWS if context_windows is None else context_windows

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    def _require_key(self) -> None:
        if not self._api_key:
            raise ProviderError(ProviderErrorCode.INVALID_API_KEY, "OpenAI API key not configured.")

    async def stream_chat(
        self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> AsyncIterator[StreamChunk]:
        self._require_key()
        response = await self._caller.send(
            "POST",
            f"{self._base}/chat/completions",
            json_body=chat_payload(model, messages, options, stream=True),
            idempotent=False,
            stream=True,
            read_timeout=self._caller.timeouts.first_byte,
            model=model,
        )
        decoder = SseDecoder()
        state = CompletionState()
        async with aclosing(iter_lines(response, caller=self._caller)) as lines:
            async for line in lines:
                data = decoder.feed(line)
                if data is None:
                    continue
                if data.strip() == "[DONE]":
                    yield state.done()
                    return
                for text in self._event(data, decoder.event, state, model):
                    yield StreamChunk(delta=text)
        data = decoder.flush()
        if data is not None and data.strip() != "[DONE]":
            for text in self._event(data, decoder.event, state, model):
                yield StreamChunk(delta=text)
        if state.finish_reason is None:
            raise invalid_response(LABEL, "the stream ended before the answer was complete")
        yield state.done()

    def _event(self, data: str, event: str | None, state: CompletionState, model: str) -> list[str]:
        try:
            parsed = json.loads(data)
        except ValueError:
            raise invalid_response(LABEL, "an event is not JSON") from None
        if not isinstance(parsed, dict):
            raise invalid_response(LABEL, "an event is not a JSON object")
        if "error" in parsed or event == "error":
            raise error_from_payload(
                parsed.get("error", parsed), label=LABEL, model=model, secrets=self._caller.secrets
            )
        return state.take(parsed)

    async def chat(self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions) -> StreamChunk:
        self._require_key()
        response = await self._caller.send(
            "POST",
            f"{self._base}/chat/completions",
            json_body=chat_payload(model, messages, options, stream=False),
            idempotent=False,
            read_timeout=self._caller.timeouts.answer,
            model=model,
        )
        body = json_object(response, LABEL)
        if "error" in body:
            raise error_from_payload(body["error"], label=LABEL, model=model, secrets=self._caller.secrets)
        choices = body.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
            raise invalid_response(LABEL, "no choices in the answer")
        message = choices[0].get("message")
        content = message.get("content") if isinstance(message, Mapping) else None
        reason = choices[0].get("finish_reason")
        usage = body.get("usage")
        usage = usage if isinstance(usage, Mapping) else {}
        return StreamChunk(
            delta=content if isinstance(content, str) else "",
            done=True,
            finish_reason=reason if isinstance(reason, str) else None,
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
        )

    async def stream_generate(self, model: str, prompt: str, options: GenerationOptions) -> AsyncIterator[StreamChunk]:
        async for chunk in self.stream_chat(model, [ChatMessage(role="user", content=prompt)], options):
            yield chunk

    async def list_models(self) -> list[ModelInfo]:
        """Every model the account offers (which of them users may pick is the catalogue's business)."""
        self._require_key()
        response = await self._caller.send("GET", f"{self._base}/models", idempotent=True)
        entries = json_object(response, LABEL).get("data")
        if not isinstance(entries, list):
            raise invalid_response(LABEL, "no model list")
        available = [e["id"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("id"), str)]
        return [ModelInfo(name=name, context_window=lookup_context_window(name, self._windows)) for name in available]

    async def context_window(self, model: str) -> int | None:
        """From the table: OpenAI does not report context windows."""
        return lookup_context_window(model, self._windows)
