"""Ollama's wire protocol: `/api/chat` and `/api/generate` (NDJSON or one JSON object), tags, show, version.

Ollama itself has no authentication; test number 0002 answers 401 as a reverse proxy in front of it would.
A prompt longer than the context window is truncated like the real server does, and the final statistics
then report `prompt_eval_count == num_ctx`, which is how clients detect truncation.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from aitestmock import triggers as t
from aitestmock.common import BadRequest, json_object, rfc3339_now, seconds_to_ns
from aitestmock.state import MockState
from aitestmock.text import answer_tokens, estimate_tokens, seed_of

DEFAULT_NUM_CTX = 4096  # what Ollama silently uses when a request leaves options.num_ctx out
MID_STREAM_TOKENS = 10
VERSION = "0.12.6"
MODIFIED_AT = "2025-09-01T10:00:00.000000000Z"

BUSY = "server busy, please try again.  maximum pending requests exceeded"
RUNNER_DIED = "llama runner process has terminated: exit status 2"
MID_STREAM = "an error was encountered while running the model: unexpected EOF"
QUOTA = "You exceeded your current quota, please check your plan and billing details."


@dataclass(frozen=True)
class OllamaModel:
    name: str
    architecture: str
    parameter_size: str
    parameter_count: int
    quantization: str
    size: int
    context_length: int
    capabilities: tuple[str, ...]
    template: str
    parameters: str = ""

    @property
    def details(self) -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.architecture,
            "families": [self.architecture],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization,
        }

    @property
    def digest(self) -> str:
        return seed_of("ollama-digest", self.name.split(":")[0], self.parameter_size)


_LLAMA_TEMPLATE = (
    "<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>"
    "{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>{{ end }}"
    "<|start_header_id|>assistant<|end_header_id|>\n\n"
)
_LLAMA_PARAMETERS = 'stop                           "<|start_header_id|>"\nstop                           "<|eot_id|>"'
_GENERIC_TEMPLATE = "{{ range .Messages }}<|{{ .Role }}|>{{ .Content }}{{ end }}<|assistant|>"

MODELS: tuple[OllamaModel, ...] = (
    OllamaModel(
        "llama3.2:3b", "llama", "3.2B", 3_212_749_888, "Q4_K_M", 2_019_393_189, 131072,
        ("completion", "tools"), _LLAMA_TEMPLATE, _LLAMA_PARAMETERS,
    ),
    OllamaModel(
        "llama3.2:latest", "llama", "3.2B", 3_212_749_888, "Q4_K_M", 2_019_393_189, 131072,
        ("completion", "tools"), _LLAMA_TEMPLATE, _LLAMA_PARAMETERS,
    ),
    OllamaModel(
        "gpt-oss:20b", "gptoss", "20.9B", 20_914_757_184, "MXFP4", 13_780_173_734, 131072,
        ("completion", "tools", "thinking"), _GENERIC_TEMPLATE, "temperature 1",
    ),
    OllamaModel(
        "gemma3:4b", "gemma3", "4.3B", 4_300_079_472, "Q4_K_M", 3_338_801_804, 131072,
        ("completion", "vision"), _GENERIC_TEMPLATE, 'stop "<end_of_turn>"\ntemperature 1\ntop_k 64\ntop_p 0.95',
    ),
    OllamaModel(
        "deepseek-r1:8b", "qwen2", "8.2B", 8_190_735_360, "Q4_K_M", 5_225_376_047, 131072,
        ("completion", "thinking"), _GENERIC_TEMPLATE, "temperature 0.6\ntop_p 0.95",
    ),
    OllamaModel(
        "tiny:1b", "llama", "1.2B", 1_235_814_432, "Q8_0", 1_321_098_329, 2048,
        ("completion",), _LLAMA_TEMPLATE, _LLAMA_PARAMETERS,
    ),
)  # fmt: skip


def find_model(name: str) -> OllamaModel | None:
    """Ollama's name resolution: an untagged name means `:latest`."""
    wanted = name if ":" in name else f"{name}:latest"
    return next((model for model in MODELS if model.name == wanted), None)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _int_option(options: dict[str, Any], name: str) -> int | None:
    value = options.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class OllamaApi:
    def __init__(self, state: MockState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/api/chat", self.chat, methods=["POST"]),
            Route("/api/generate", self.generate, methods=["POST"]),
            Route("/api/tags", self.tags, methods=["GET"]),
            Route("/api/show", self.show, methods=["POST"]),
            Route("/api/version", self.version, methods=["GET"]),
        ]

    async def chat(self, request: Request) -> Response:
        return await self._answer(request, chat=True)

    async def generate(self, request: Request) -> Response:
        return await self._answer(request, chat=False)

    async def _answer(self, request: Request, *, chat: bool) -> Response:
        started = time.monotonic()
        try:
            body, raw = await json_object(request)
        except BadRequest as exc:
            return error(400, str(exc))
        name = body.get("model")
        if not isinstance(name, str) or not name:
            return error(400, "model is required")
        options = body.get("options") or {}
        if not isinstance(options, dict):
            return error(400, "options must be an object")

        if chat:
            messages = body.get("messages") or []
            if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
                return error(400, "messages must be a list of objects")
            text = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
            prompt_text = [str(m.get("content") or "") for m in messages]
            empty = not messages
        else:
            text = str(body.get("prompt") or "")
            prompt_text = [str(body.get("system") or ""), text]
            empty = not text

        number = t.find_test_number(text)
        if number == t.INVALID_AUTH:
            return error(401, "unauthorized")
        # Answers echo the name as the client wrote it ("llama3.2"), like the real server.
        model = find_model(name)
        if model is None:
            return error(404, f'model "{name}" not found, try pulling it first')
        if empty:
            # An empty request only loads (or with keep_alive 0 unloads) the model, as the real server does.
            unload = body.get("keep_alive") in (0, "0", "0s")
            return JSONResponse(self._final(name, chat, "unload" if unload else "load", {}, "", stream=False))
        fault = self._fault(number, request.url.path, raw)
        if fault is not None:
            return fault

        config = self.state.config
        seed = seed_of("ollama", chat, model.name, json.dumps(body.get("messages"), sort_keys=True), text)
        tokens = answer_tokens(name, text, seed, config.token_count)
        done_reason = "stop"
        num_predict = _int_option(options, "num_predict")
        if num_predict is not None and 0 < num_predict < len(tokens):
            tokens, done_reason = tokens[:num_predict], "length"
        num_ctx = _int_option(options, "num_ctx")
        context = min(num_ctx if num_ctx and num_ctx > 0 else DEFAULT_NUM_CTX, model.context_length)
        prompt_tokens = sum(estimate_tokens(part) + 4 for part in prompt_text if part)
        load = config.scaled(t.SLOW_FIRST_TOKEN_SECONDS) if number == t.SLOW_FIRST_TOKEN else 0.0
        stats = {
            "load_duration": seconds_to_ns(load) + 1_500_000,
            "prompt_eval_count": min(prompt_tokens, context),
            "prompt_eval_duration": min(prompt_tokens, context) * 150_000,
            "eval_count": len(tokens),
        }
        if load:
            await asyncio.sleep(load)  # a cold model: no response headers until it has loaded

        if body.get("stream", True) is False:
            if number == t.MID_STREAM_ERROR:
                return error(500, MID_STREAM)
            generating = time.monotonic()
            await asyncio.sleep(config.token_delay * len(tokens))
            stats["eval_duration"] = seconds_to_ns(time.monotonic() - generating)
            stats["total_duration"] = seconds_to_ns(time.monotonic() - started)
            return JSONResponse(self._final(name, chat, done_reason, stats, "".join(tokens), stream=False))

        lines = self._lines(name, chat, tokens, done_reason, stats, started, number)
        return StreamingResponse(lines, media_type="application/x-ndjson")

    def _fault(self, number: str, route: str, raw: bytes) -> Response | None:
        if number == t.GENERATION_FAILS:
            return error(500, RUNNER_DIED)
        if number == t.OVERLOADED_ONCE and self.state.faults.first_time("ollama", route, raw):
            return error(503, BUSY)
        if number == t.RATE_LIMITED_ONCE and self.state.faults.first_time("ollama", route, raw):
            return error(429, "too many requests, please retry later", headers={"Retry-After": "1"})
        if number == t.QUOTA_EXCEEDED:
            return error(429, QUOTA)
        return None

    @staticmethod
    def _final(
        model: str, chat: bool, done_reason: str, stats: dict[str, int], content: str, *, stream: bool
    ) -> dict[str, Any]:
        """The closing object: in a stream an empty last chunk, without streaming the whole answer."""
        payload: dict[str, Any] = {"model": model, "created_at": rfc3339_now()}
        if chat:
            payload["message"] = {"role": "assistant", "content": "" if stream else content}
        else:
            payload["response"] = "" if stream else content
        payload.update({"done": True, "done_reason": done_reason, **stats})
        if not chat and stats:
            payload["context"] = [128006, 882, 128007, 271, 128009]
        return payload

    async def _lines(
        self,
        model: str,
        chat: bool,
        tokens: list[str],
        done_reason: str,
        stats: dict[str, int],
        started: float,
        number: str,
    ) -> AsyncIterator[str]:
        generating = time.monotonic()
        for i, token in enumerate(tokens):
            if number == t.MID_STREAM_ERROR and i == MID_STREAM_TOKENS:
                yield json.dumps({"error": MID_STREAM}) + "\n"
                return
            await asyncio.sleep(self.state.config.token_delay)
            chunk: dict[str, Any] = {"model": model, "created_at": rfc3339_now()}
            if chat:
                chunk["message"] = {"role": "assistant", "content": token}
            else:
                chunk["response"] = token
            chunk["done"] = False
            yield json.dumps(chunk) + "\n"
        stats = {
            **stats,
            "eval_duration": seconds_to_ns(time.monotonic() - generating),
            "total_duration": seconds_to_ns(time.monotonic() - started),
        }
        yield json.dumps(self._final(model, chat, done_reason, stats, "", stream=True)) + "\n"

    async def tags(self, request: Request) -> Response:
        models = [
            {
                "name": model.name,
                "model": model.name,
                "modified_at": MODIFIED_AT,
                "size": model.size,
                "digest": model.digest,
                "details": model.details,
            }
            for model in MODELS
        ]
        return JSONResponse({"models": models})

    async def show(self, request: Request) -> Response:
        try:
            body, _ = await json_object(request)
        except BadRequest as exc:
            return error(400, str(exc))
        name = body.get("model") or body.get("name")
        if not isinstance(name, str) or not name:
            return error(400, "model is required")
        model = find_model(name)
        if model is None:
            return error(404, f"model '{name}' not found")
        arch = model.architecture
        return JSONResponse(
            {
                "license": "",
                "modelfile": f"# Modelfile generated by aitestmock\nFROM {model.name}\n",
                "parameters": model.parameters,
                "template": model.template,
                "details": model.details,
                "model_info": {
                    "general.architecture": arch,
                    "general.basename": model.name.split(":")[0],
                    "general.parameter_count": model.parameter_count,
                    "general.quantization_version": 2,
                    f"{arch}.context_length": model.context_length,
                    f"{arch}.embedding_length": 3072,
                    f"{arch}.block_count": 28,
                },
                "capabilities": list(model.capabilities),
                "modified_at": MODIFIED_AT,
            }
        )

    async def version(self, request: Request) -> Response:
        return JSONResponse({"version": VERSION})
