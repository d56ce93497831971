"""Ollama chat adapter: /api/chat and /api/generate (NDJSON streams), /api/tags, /api/show."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import aclosing
from typing import Any

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.ports import ChatMessage, GenerationOptions, ModelInfo, Provider, StreamChunk
from infra.providers.context_windows import CONTEXT_WINDOWS, lookup_context_window
from infra.providers.http import (
    Caller,
    RetryPolicy,
    Timeouts,
    build_client,
    error_from_payload,
    invalid_response,
    iter_lines,
    json_object,
    parse_ndjson_line,
)

LABEL = "Ollama"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def context_length_from_show(body: Mapping[str, Any]) -> int | None:
    """`model_info[model_info["general.architecture"] + ".context_length"]`, or None when not reported."""
    info = body.get("model_info")
    if not isinstance(info, Mapping):
        return None
    architecture = info.get("general.architecture")
    if not isinstance(architecture, str):
        return None
    value = _int(info.get(f"{architecture}.context_length"))
    return value if value and value > 0 else None


def final_chunk(line: Mapping[str, Any]) -> StreamChunk:
    reason = line.get("done_reason")
    return StreamChunk(
        done=True,
        finish_reason=reason if isinstance(reason, str) and reason else "stop",
        prompt_tokens=_int(line.get("prompt_eval_count")),
        completion_tokens=_int(line.get("eval_count")),
    )


class OllamaProvider:
    provider = Provider.OLLAMA

    def __init__(
        self,
        base_url: str,
        *,
        client: httpx.AsyncClient | None = None,
        context_fallback: Mapping[str, int] | None = None,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        max_num_ctx: int | None = None,
    ) -> None:
        """Without a caller's `num_ctx`, the model's window (from /api/show, else `context_fallback`) is sent, so
        Ollama never silently truncates to its small default; `max_num_ctx` caps that choice (a model's full
        window can need more memory than the host has). A num_ctx the caller gives is sent as is. When neither
        the server nor the table knows the window, num_ctx is left out: callers should then pass their own."""
        self._base = base_url.rstrip("/")
        self._own_client = client is None
        self._client = client or build_client(timeouts)
        self._caller = Caller(self._client, LABEL, timeouts, retry)
        self._fallback = CONTEXT_WINDOWS if context_fallback is None else context_fallback
        self._max_num_ctx = max_num_ctx
        self._windows: dict[str, int | None] = {}

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    # --- requests ----------------------------------------------------------------------------------------------

    async def _options(self, model: str, options: GenerationOptions) -> dict[str, Any]:
        sent: dict[str, Any] = {}
        if options.temperature is not None:
            sent["temperature"] = options.temperature
        if options.max_tokens is not None:
            sent["num_predict"] = options.max_tokens
        num_ctx = options.num_ctx
        if num_ctx is None:
            num_ctx = await self.context_window(model)
            if num_ctx is not None and self._max_num_ctx is not None:
                num_ctx = min(num_ctx, self._max_num_ctx)
        if num_ctx is not None:
            sent["num_ctx"] = num_ctx
        return sent

    async def _chat_body(
        self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions, *, stream: bool
    ) -> dict[str, Any]:
        return {
            "model": model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": stream,
            "options": await self._options(model, options),
        }

    async def _stream(self, path: str, body: dict[str, Any], model: str, text_of: str) -> AsyncIterator[StreamChunk]:
        response = await self._caller.send(
            "POST",
            f"{self._base}{path}",
            json_body=body,
            idempotent=False,
            stream=True,
            read_timeout=self._caller.timeouts.first_byte,
            model=model,
        )
        async with aclosing(iter_lines(response, caller=self._caller)) as lines:
            async for raw in lines:
                line = parse_ndjson_line(raw, label=LABEL)
                if line is None:
                    continue
                if "error" in line:  # an error can arrive mid-stream although the status was 200
                    raise error_from_payload(line["error"], label=LABEL, model=model)
                text = _text(line, text_of)
                if text:
                    yield StreamChunk(delta=text)
                if line.get("done") is True:
                    yield final_chunk(line)
                    return
        raise invalid_response(LABEL, "the stream ended before the answer was complete")

    async def _whole(self, path: str, body: dict[str, Any], model: str, text_of: str) -> StreamChunk:
        response = await self._caller.send(
            "POST",
            f"{self._base}{path}",
            json_body=body,
            idempotent=False,
            read_timeout=self._caller.timeouts.answer,
            model=model,
        )
        line = json_object(response, LABEL)
        if "error" in line:
            raise error_from_payload(line["error"], label=LABEL, model=model)
        if text_of == "message" and not isinstance(line.get("message"), Mapping):
            raise invalid_response(LABEL, "no message in the answer")
        done = final_chunk(line)
        return StreamChunk(
            delta=_text(line, text_of),
            done=True,
            finish_reason=done.finish_reason,
            prompt_tokens=done.prompt_tokens,
            completion_tokens=done.completion_tokens,
        )

    # --- the port ----------------------------------------------------------------------------------------------

    async def stream_chat(
        self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> AsyncIterator[StreamChunk]:
        body = await self._chat_body(model, messages, options, stream=True)
        async for chunk in self._stream("/api/chat", body, model, "message"):
            yield chunk

    async def chat(self, model: str, messages: Sequence[ChatMessage], options: GenerationOptions) -> StreamChunk:
        body = await self._chat_body(model, messages, options, stream=False)
        return await self._whole("/api/chat", body, model, "message")

    async def stream_generate(self, model: str, prompt: str, options: GenerationOptions) -> AsyncIterator[StreamChunk]:
        body = {"model": model, "prompt": prompt, "stream": True, "options": await self._options(model, options)}
        async for chunk in self._stream("/api/generate", body, model, "response"):
            yield chunk

    async def generate(self, model: str, prompt: str, options: GenerationOptions) -> StreamChunk:
        body = {"model": model, "prompt": prompt, "stream": False, "options": await self._options(model, options)}
        return await self._whole("/api/generate", body, model, "response")

    async def list_models(self) -> list[ModelInfo]:
        response = await self._caller.send("GET", f"{self._base}/api/tags", idempotent=True)
        entries = json_object(response, LABEL).get("models")
        if not isinstance(entries, list):
            raise invalid_response(LABEL, "no model list")
        names: list[str] = []
        for entry in entries:
            name = entry.get("name") if isinstance(entry, Mapping) else None
            if isinstance(name, str) and name and name not in names:
                names.append(name)
        limit = asyncio.Semaphore(8)

        async def window(name: str) -> int | None:
            async with limit:
                try:
                    return await self.context_window(name)
                except ProviderError as exc:
                    if exc.code in (ProviderErrorCode.MODEL_NOT_FOUND, ProviderErrorCode.BAD_REQUEST):
                        return lookup_context_window(name, self._fallback)
                    raise

        windows = await asyncio.gather(*(window(name) for name in names))
        return [ModelInfo(name=name, context_window=w) for name, w in zip(names, windows, strict=True)]

    async def context_window(self, model: str) -> int | None:
        if model in self._windows:
            return self._windows[model]
        response = await self._caller.send(
            "POST", f"{self._base}/api/show", json_body={"model": model}, idempotent=True, model=model
        )
        body = json_object(response, LABEL)
        if "error" in body:
            raise error_from_payload(body["error"], label=LABEL, model=model)
        window = context_length_from_show(body)
        if window is None:
            window = lookup_context_window(model, self._fallback)
        self._windows[model] = window
        return window


def _text(line: Mapping[str, Any], text_of: str) -> str:
    if text_of == "message":
        message = line.get("message")
        content = message.get("content") if isinstance(message, Mapping) else None
    else:
        content = line.get(text_of)
    return content if isinstance(content, str) else ""
