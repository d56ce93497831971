"""The Ollama and OpenAI chat adapters over real HTTP against aitestmock (the same code as for the real services).

Scenarios are steered by test numbers in the last user message (see aitestmock.triggers). Requests the adapters
send are observed on the wire through httpx event hooks of the client handed to them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from aitestmock.app import create_app
from aitestmock.config import MockConfig
from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.ports import ChatMessage, ChatProvider, GenerationOptions, ModelInfo, StreamChunk
from infra.providers.http import RetryPolicy, Timeouts
from infra.providers.ollama import OllamaProvider
from infra.providers.openai import OpenAIProvider
from tests.support import free_port, serving

FAST = MockConfig(token_delay=0.001, token_count=30, time_scale=0.01)
KEY = f"sk-proj-{uuid.uuid4().hex}ZQXJ"
QUICK_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)


@contextlib.asynccontextmanager
async def running_mock(config: MockConfig = FAST, *, app: Starlette | None = None) -> AsyncIterator[str]:
    async with serving(app or create_app(config), lifespan="off", timeout_graceful_shutdown=2) as url:
        yield url


@dataclass
class Recorder:
    """Every request an adapter put on the wire."""

    requests: list[httpx.Request] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def to(self, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == path]

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.to(path)]


@dataclass
class Subject:
    name: str
    provider: ChatProvider
    model: str
    chat_path: str
    recorder: Recorder


@contextlib.asynccontextmanager
async def adapter(
    name: str, base: str, *, timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy(), **extra: Any
) -> AsyncIterator[Subject]:
    recorder = Recorder()
    async with httpx.AsyncClient(event_hooks={"request": [recorder]}) as client:
        if name == "ollama":
            ollama = OllamaProvider(base, client=client, timeouts=timeouts, retry=retry, **extra)
            yield Subject(name, ollama, "llama3.2:3b", "/api/chat", recorder)
        else:
            openai = OpenAIProvider(f"{base}/v1", KEY, client=client, timeouts=timeouts, retry=retry, **extra)
            yield Subject(name, openai, "gpt-4o-mini", "/v1/chat/completions", recorder)


@pytest.fixture
async def mock_url() -> AsyncIterator[str]:
    async with running_mock() as url:
        yield url


@pytest.fixture(params=["ollama", "openai"])
async def subject(request: pytest.FixtureRequest, mock_url: str) -> AsyncIterator[Subject]:
    async with adapter(request.param, mock_url) as made:
        yield made


def ask(text: str) -> list[ChatMessage]:
    return [ChatMessage("system", "You are a helpful songwriting assistant."), ChatMessage("user", text)]


async def collect(stream: AsyncIterator[StreamChunk]) -> list[StreamChunk]:
    return [chunk async for chunk in stream]


def text_of(chunks: list[StreamChunk]) -> str:
    return "".join(chunk.delta for chunk in chunks)


async def failure(call: Callable[[], Any]) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await call()
    error = caught.value
    assert KEY not in error.message and "ZQXJ" not in error.message and KEY not in str(error)
    return error


# --- answers ---------------------------------------------------------------------------------------------------


async def test_streamed_answer_equals_the_whole_answer(subject: Subject) -> None:
    messages = ask(f"Write a line about rivers {uuid.uuid4().hex[:6]}")
    chunks = await collect(subject.provider.stream_chat(subject.model, messages, GenerationOptions(temperature=0.2)))
    whole = await subject.provider.chat(subject.model, messages, GenerationOptions(temperature=0.2))

    *deltas, last = chunks
    assert deltas and all(not c.done and c.delta for c in deltas)
    assert last.done and last.finish_reason == "stop"
    assert text_of(chunks) == whole.delta
    assert whole.delta.startswith(f"Mock answer from {subject.model}")
    assert whole.done and whole.finish_reason == "stop"
    assert last.completion_tokens == whole.completion_tokens == 30
    assert last.prompt_tokens == whole.prompt_tokens and (whole.prompt_tokens or 0) > 0
    assert [bool(b.get("stream")) for b in subject.recorder.bodies(subject.chat_path)] == [True, False]


async def test_max_tokens_ends_with_length(subject: Subject) -> None:
    options = GenerationOptions(temperature=0.5, max_tokens=5)
    chunks = await collect(subject.provider.stream_chat(subject.model, ask("Short please"), options))
    assert len(chunks) == 6
    assert chunks[-1].finish_reason == "length" and chunks[-1].completion_tokens == 5
    whole = await subject.provider.chat(subject.model, ask("Short please"), options)
    assert whole.finish_reason == "length" and whole.delta == text_of(chunks)


async def test_stream_generate_completes_one_prompt(subject: Subject) -> None:
    chunks = await collect(
        subject.provider.stream_generate(subject.model, "A title for a summer song", GenerationOptions())
    )
    assert text_of(chunks).startswith(f'Mock answer from {subject.model} to "A title for a summer song":')
    assert chunks[-1].done and chunks[-1].completion_tokens == 30
    if subject.name == "ollama":
        assert subject.recorder.bodies("/api/generate")[0]["prompt"] == "A title for a summer song"
    else:
        assert subject.recorder.bodies(subject.chat_path)[0]["messages"] == [
            {"role": "user", "content": "A title for a summer song"}
        ]


async def test_openai_gpt5_gets_no_temperature_and_max_completion_tokens(mock_url: str) -> None:
    async with adapter("openai", mock_url) as made:
        options = GenerationOptions(temperature=0.7, max_tokens=4)
        chunks = await collect(made.provider.stream_chat("gpt-5", ask("Hi"), options))
        sent = made.recorder.bodies(made.chat_path)[0]
    assert "temperature" not in sent and "max_tokens" not in sent
    assert sent["max_completion_tokens"] == 4
    assert sent["stream_options"] == {"include_usage": True}
    assert chunks[-1].finish_reason == "length" and chunks[-1].completion_tokens == 4
    assert made.recorder.requests[0].headers["authorization"] == f"Bearer {KEY}"


# --- Ollama's context window -----------------------------------------------------------------------------------


async def test_ollama_always_sends_num_ctx_so_long_prompts_are_not_truncated(mock_url: str) -> None:
    long_prompt = "verse " * 6000  # ~9000 tokens: more than Ollama's silent default context
    async with adapter("ollama", mock_url) as made:
        provider = made.provider
        chunks = await collect(provider.stream_chat("llama3.2:3b", ask(long_prompt), GenerationOptions()))
        assert made.recorder.bodies("/api/chat")[0]["options"] == {"num_ctx": 131072}
        assert (chunks[-1].prompt_tokens or 0) > 8000  # the whole prompt was read

        # the caller's num_ctx wins; a prompt beyond it is truncated, visible as prompt_tokens == num_ctx
        small = GenerationOptions(temperature=0.1, max_tokens=50, num_ctx=1024)
        whole = await provider.chat("llama3.2:3b", ask(long_prompt), small)
        assert made.recorder.bodies("/api/chat")[1]["options"] == {
            "temperature": 0.1,
            "num_predict": 50,
            "num_ctx": 1024,
        }
        assert whole.prompt_tokens == 1024

        await collect(provider.stream_generate("tiny:1b", "Hello", GenerationOptions()))
        assert made.recorder.bodies("/api/generate")[0]["options"] == {"num_ctx": 2048}
        # /api/show was asked once per model: the windows are cached
        assert [b["model"] for b in made.recorder.bodies("/api/show")] == ["llama3.2:3b", "tiny:1b"]

    async with adapter("ollama", mock_url, max_num_ctx=8192) as capped:
        await capped.provider.chat("llama3.2:3b", ask("Hi"), GenerationOptions())
        await capped.provider.chat("tiny:1b", ask("Hi"), GenerationOptions())
        assert [b["options"]["num_ctx"] for b in capped.recorder.bodies("/api/chat")] == [8192, 2048]


# --- models ----------------------------------------------------------------------------------------------------


async def test_ollama_models_and_context_windows_come_from_the_server(mock_url: str) -> None:
    async with adapter("ollama", mock_url) as made:
        models = await made.provider.list_models()
        assert ModelInfo("llama3.2:3b", 131072) in models
        assert ModelInfo("tiny:1b", 2048) in models  # only /api/show knows this one
        assert ModelInfo("gemma3:4b", 131072) in models  # the fallback table does not know it either
        assert await made.provider.context_window("tiny:1b") == 2048
        assert len(made.recorder.to("/api/show")) == len(models)  # cached since list_models
        error = await failure(lambda: made.provider.context_window("nosuch:7b"))
        assert error.code is ProviderErrorCode.MODEL_NOT_FOUND and "nosuch:7b" in error.message


async def test_openai_models_with_table_windows(mock_url: str) -> None:
    """The adapter lists what the account has; which of them users may pick is the catalogue's rule."""
    async with adapter("openai", mock_url) as made:
        models = await made.provider.list_models()
        assert ModelInfo("gpt-5", 200_000) in models and ModelInfo("gpt-4o-mini", 128_000) in models
        assert "dall-e-3" in [m.name for m in models]
        assert await made.provider.context_window("gpt-4.1") == 128_000
        assert await made.provider.context_window("gpt-4") == 8_192
        assert await made.provider.context_window("some-new-model") is None


async def test_openai_without_a_key_fails_before_any_request(mock_url: str) -> None:
    recorder = Recorder()
    async with httpx.AsyncClient(event_hooks={"request": [recorder]}) as client:
        provider = OpenAIProvider(f"{mock_url}/v1", "", client=client)
        error = await failure(lambda: collect(provider.stream_chat("gpt-4o", ask("Hi"), GenerationOptions())))
        assert error.code is ProviderErrorCode.INVALID_API_KEY and "not configured" in error.message
        assert (await failure(provider.list_models)).code is ProviderErrorCode.INVALID_API_KEY
    assert recorder.requests == []


# --- errors ----------------------------------------------------------------------------------------------------

ERROR_TRIGGERS = [
    (name, trigger, code)
    for name in ("ollama", "openai")
    for trigger, code in [
        ("0002", ProviderErrorCode.INVALID_API_KEY),
        ("0003", ProviderErrorCode.PROVIDER_UNAVAILABLE),
        ("0008", ProviderErrorCode.QUOTA_EXCEEDED),
        ("0009", ProviderErrorCode.CONTENT_POLICY),
    ]
    if (name, trigger) != ("ollama", "0009")  # Ollama has no content policy
]


@pytest.mark.parametrize("streamed", [True, False], ids=["stream", "whole"])
@pytest.mark.parametrize(("name", "trigger", "code"), ERROR_TRIGGERS, ids=[f"{n}-{t}" for n, t, _ in ERROR_TRIGGERS])
async def test_error_triggers_map_to_codes_without_retrying(
    mock_url: str, name: str, trigger: str, code: ProviderErrorCode, streamed: bool
) -> None:
    async with adapter(name, mock_url) as subject:
        await check_error_trigger(subject, trigger, code, streamed)


async def check_error_trigger(subject: Subject, trigger: str, code: ProviderErrorCode, streamed: bool) -> None:
    messages = ask(f"Please answer {trigger}")
    provider = subject.provider
    if streamed:
        error = await failure(lambda: collect(provider.stream_chat(subject.model, messages, GenerationOptions())))
    else:
        error = await failure(lambda: provider.chat(subject.model, messages, GenerationOptions()))
    assert error.code is code, error.message
    assert error.message.startswith("Ollama" if subject.name == "ollama" else "OpenAI")
    assert error.transient is (code is ProviderErrorCode.PROVIDER_UNAVAILABLE)
    # a refusal, a bad key, an empty account and a failed generation are not retried (a 500 may have cost)
    assert len(subject.recorder.to(subject.chat_path)) == 1


async def test_unknown_model_is_model_not_found(subject: Subject) -> None:
    provider = subject.provider
    error = await failure(lambda: collect(provider.stream_chat("no-such-model:1b", ask("Hi"), GenerationOptions())))
    assert error.code is ProviderErrorCode.MODEL_NOT_FOUND
    assert "no-such-model:1b" in error.message
    with_ctx = GenerationOptions(num_ctx=2048)  # Ollama: no /api/show first, the chat itself answers 404
    error = await failure(lambda: provider.chat("no-such-model:1b", ask("Hi"), with_ctx))
    assert error.code is ProviderErrorCode.MODEL_NOT_FOUND and not error.transient


async def test_overloaded_once_then_success_is_retried(subject: Subject) -> None:
    chunks = await collect(subject.provider.stream_chat(subject.model, ask("Busy? 0004"), GenerationOptions()))
    assert chunks[-1].done and text_of(chunks).startswith("Mock answer")
    assert len(subject.recorder.to(subject.chat_path)) == 2


async def test_rate_limited_once_waits_for_retry_after(subject: Subject) -> None:
    started = time.monotonic()
    whole = await subject.provider.chat(subject.model, ask("Too fast 0007"), GenerationOptions())
    assert time.monotonic() - started >= 0.95  # Retry-After: 1
    assert whole.done and whole.delta.startswith("Mock answer")
    assert len(subject.recorder.to(subject.chat_path)) == 2


async def test_error_in_the_middle_of_a_stream_raises_and_is_not_retried(subject: Subject) -> None:
    received: list[StreamChunk] = []

    async def consume() -> None:
        async for chunk in subject.provider.stream_chat(subject.model, ask("Break 0005"), GenerationOptions()):
            received.append(chunk)

    error = await failure(consume)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert len(received) == 10 and not any(c.done for c in received)  # the tokens before the error arrived
    assert len(subject.recorder.to(subject.chat_path)) == 1


@pytest.mark.parametrize("name", ["ollama", "openai"])
async def test_connection_refused_is_provider_unavailable(name: str) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    async with adapter(name, closed, retry=QUICK_RETRY) as made:
        error = await failure(made.provider.list_models)
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
        assert "Cannot connect" in error.message
        assert len(made.recorder.requests) == 3  # idempotent: tried again twice
        error = await failure(
            lambda: collect(made.provider.stream_chat(made.model, ask("Hi"), GenerationOptions(num_ctx=2048)))
        )
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE


@pytest.mark.parametrize("name", ["ollama", "openai"])
async def test_slow_first_token_beyond_the_first_byte_timeout_is_timeout(name: str, mock_url: str) -> None:
    async with adapter(name, mock_url, timeouts=Timeouts(first_byte=0.01)) as made:
        messages = ask("Cold model 0006")
        error = await failure(lambda: collect(made.provider.stream_chat(made.model, messages, GenerationOptions())))
        assert error.code is ProviderErrorCode.TIMEOUT and error.transient
        assert len(made.recorder.to(made.chat_path)) == 1  # a generation that may be running is not repeated


@pytest.mark.parametrize("name", ["ollama", "openai"])
async def test_a_cold_model_may_take_longer_than_a_stall(name: str) -> None:
    """The first byte may take far longer than the allowed pause between two chunks."""
    slow_start = MockConfig(token_delay=0.001, token_count=30, time_scale=0.1)  # the first token after 0.3 s
    async with running_mock(slow_start) as url, adapter(name, url, timeouts=Timeouts(read=0.15, first_byte=10)) as made:
        chunks = await collect(made.provider.stream_chat(made.model, ask("Cold 0006"), GenerationOptions()))
        assert chunks[-1].done and chunks[-1].completion_tokens == 30


# --- a reverse proxy in front of the provider ------------------------------------------------------------------


def proxy_app() -> Starlette:
    """What a proxy may answer instead of the provider: plain text, HTML, its own retry verdicts."""

    async def too_many(request: Request) -> Response:
        return PlainTextResponse("Too Many Requests\n", status_code=429, headers={"Retry-After": "3600"})

    async def busy_do_not_retry(request: Request) -> Response:
        return JSONResponse({"error": "server busy"}, status_code=503, headers={"x-should-retry": "false"})

    async def bad_gateway(request: Request) -> Response:
        return HTMLResponse("<html><body><h1>502 Bad Gateway</h1></body></html>", status_code=502)

    return Starlette(
        routes=[
            Route("/v1/chat/completions", too_many, methods=["POST"]),
            Route("/api/chat", busy_do_not_retry, methods=["POST"]),
            Route("/api/tags", bad_gateway, methods=["GET"]),
            Route("/v1/models", bad_gateway, methods=["GET"]),
        ]
    )


async def test_a_long_retry_after_from_a_proxy_is_reported_not_waited_for() -> None:
    async with running_mock(app=proxy_app()) as url, adapter("openai", url) as made:
        started = time.monotonic()
        error = await failure(lambda: made.provider.chat("gpt-4o", ask("Hi"), GenerationOptions()))
        assert time.monotonic() - started < 5
        assert error.code is ProviderErrorCode.RATE_LIMITED and error.retry_after == 3600 and error.transient
        assert len(made.recorder.requests) == 1


async def test_proxy_verdicts_and_html_errors() -> None:
    async with running_mock(app=proxy_app()) as url, adapter("ollama", url, retry=QUICK_RETRY) as made:
        options = GenerationOptions(num_ctx=2048)
        error = await failure(lambda: collect(made.provider.stream_chat("llama3.2:3b", ask("Hi"), options)))
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "server busy" in error.message
        assert len(made.recorder.to("/api/chat")) == 1  # x-should-retry: false
        error = await failure(made.provider.list_models)
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "502" in error.message
        assert len(made.recorder.to("/api/tags")) == 3  # an idempotent call is tried again on 5xx


# --- what a stream may do on the wire ----------------------------------------------------------------------------


def delta(content: str | None = None, finish: str | None = None) -> str:
    """One chat completion chunk as SSE data."""
    change = {} if content is None else {"content": content}
    return json.dumps({"choices": [{"index": 0, "delta": change, "finish_reason": finish}]})


def ollama_line(content: str, *, done: bool = False) -> str:
    line: dict[str, Any] = {"model": "llama3.2:3b", "message": {"role": "assistant", "content": content}, "done": done}
    if done:
        line |= {"done_reason": "stop", "prompt_eval_count": 3, "eval_count": 2}
    return json.dumps(line) + "\n"


def streaming_app(first_seen: asyncio.Event) -> Starlette:
    """Streams as servers have been seen to send them; the last user message names the scenario.

    `incremental` holds the rest of its answer back until the test has received the first chunk (`first_seen`),
    so an adapter that waited for the whole body would never get it.
    """

    async def held_back() -> bool:
        try:
            await asyncio.wait_for(first_seen.wait(), 5)
        except TimeoutError:
            return False
        return True

    async def openai_chat(request: Request) -> Response:
        scenario = (await request.json())["messages"][-1]["content"]
        if scenario == "json-200":
            error = {"message": f"Incorrect API key provided: {KEY}", "type": "invalid_request_error"}
            return JSONResponse({"error": error | {"code": "invalid_api_key"}})
        if scenario == "text-200":
            return PlainTextResponse("Hello from a misconfigured proxy")

        async def events() -> AsyncIterator[str]:
            if scenario == "quirks":
                yield ": a comment\r\n\r\nretry: 3000\r\nid: 1\r\n\r\n"  # an event with no data
                yield 'data: {"choices": [{"index": 0,\r\n'  # one event's JSON over two data lines
                yield 'data: "delta": {"role": "assistant", "content": "Hel"}}]}\r\n\r\n'
                yield "event: ping\n\n"
                yield f"data: {delta('lo')}\n\n"
                yield f"data:{delta(finish='stop')}\n\n"
                usage = {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}
                yield f"data: {json.dumps({'choices': [], 'usage': usage})}\n\n"
                yield f"data: [DONE]\n\ndata: {delta('after the end')}\n\n"
            elif scenario == "incremental":
                yield f"data: {delta('first')}\n\n"
                yield f"data: {delta(' second') if await held_back() else json.dumps({'error': 'buffered'})}\n\n"
                yield f"data: {delta(finish='stop')}\n\ndata: [DONE]\n\n"
            elif scenario in ("cut", "ended", "no-done"):
                yield f"data: {delta('a')}\n\ndata: {delta('b')}\n\n"
                if scenario == "cut":
                    raise RuntimeError("the connection drops mid-stream")
                if scenario == "no-done":
                    yield f"data: {delta(finish='stop')}\n\n"
            elif scenario == "quota-in-stream":
                yield f"data: {delta('a')}\n\n"
                error = {
                    "message": "You exceeded your current quota.",
                    "type": "insufficient_quota",
                    "code": "insufficient_quota",
                }
                yield f"data: {json.dumps({'error': error})}\n\n"
            elif scenario == "error-event":
                yield f"data: {delta('a')}\n\n"
                yield 'event: error\ndata: {"message": "The engine is overloaded.", "type": "server_error"}\n\n'
            elif scenario == "keep-alive-then-stall":
                yield f"data: {delta('a')}\n\n"
                for _ in range(8):  # 0.4 s in all, longer than the allowed stall, but never silent
                    await asyncio.sleep(0.05)
                    yield ": keep-alive\n\n"
                yield f"data: {delta('b')}\n\n"
                await asyncio.sleep(3)
                yield f"data: {delta(finish='stop')}\n\ndata: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    async def ollama_chat(request: Request) -> Response:
        scenario = (await request.json())["messages"][-1]["content"]

        async def lines() -> AsyncIterator[str]:
            yield ollama_line("first")
            if scenario == "cut":
                raise RuntimeError("the connection drops mid-stream")
            yield ollama_line(" second") if await held_back() else json.dumps({"error": "buffered"}) + "\n"
            yield ollama_line("", done=True)

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    return Starlette(
        routes=[
            Route("/v1/chat/completions", openai_chat, methods=["POST"]),
            Route("/api/chat", ollama_chat, methods=["POST"]),
        ]
    )


@contextlib.asynccontextmanager
async def streaming_server(
    name: str, *, timeouts: Timeouts = Timeouts()
) -> AsyncIterator[tuple[Subject, asyncio.Event]]:
    first_seen = asyncio.Event()
    async with running_mock(app=streaming_app(first_seen)) as url, adapter(name, url, timeouts=timeouts) as made:
        yield made, first_seen


async def scenario(made: Subject, name: str) -> list[StreamChunk]:
    return await collect(made.provider.stream_chat(made.model, ask(name), GenerationOptions(num_ctx=2048)))


async def test_sse_comments_fields_multiline_data_and_crlf_are_read_as_the_standard_says() -> None:
    async with streaming_server("openai") as (made, _):
        chunks = await scenario(made, "quirks")
    assert chunks == [
        StreamChunk(delta="Hel"),
        StreamChunk(delta="lo"),
        StreamChunk(done=True, finish_reason="stop", prompt_tokens=7, completion_tokens=2),  # usage of the last chunk
    ]  # and nothing after [DONE]


@pytest.mark.parametrize("name", ["ollama", "openai"])
async def test_chunks_are_handed_on_as_they_arrive(name: str) -> None:
    async with streaming_server(name) as (made, first_seen):
        received: list[str] = []
        async for chunk in made.provider.stream_chat(made.model, ask("incremental"), GenerationOptions(num_ctx=2048)):
            received.append(chunk.delta)
            first_seen.set()  # only now does the server send the rest
    assert received == ["first", " second", ""]


@pytest.mark.parametrize("name", ["ollama", "openai"])
async def test_a_stream_cut_mid_way_is_provider_unavailable(name: str) -> None:
    async with streaming_server(name) as (made, _):
        received: list[StreamChunk] = []

        async def consume() -> None:
            async for chunk in made.provider.stream_chat(made.model, ask("cut"), GenerationOptions(num_ctx=2048)):
                received.append(chunk)

        error = await failure(consume)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
    assert received and not any(c.done for c in received)


async def test_a_stream_that_ends_early_fails_and_one_without_done_completes() -> None:
    async with streaming_server("openai") as (made, _):
        error = await failure(lambda: scenario(made, "ended"))
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
        assert "ended before the answer was complete" in error.message
        chunks = await scenario(made, "no-done")  # the finish reason came; only [DONE] is missing
        assert text_of(chunks) == "ab" and chunks[-1] == StreamChunk(done=True, finish_reason="stop")


async def test_errors_inside_a_200_stream_keep_their_codes() -> None:
    async with streaming_server("openai") as (made, _):
        quota = await failure(lambda: scenario(made, "quota-in-stream"))
        assert quota.code is ProviderErrorCode.QUOTA_EXCEEDED and not quota.transient
        event = await failure(lambda: scenario(made, "error-event"))
        assert event.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "The engine is overloaded." in event.message
        # a 200 that carries an error object instead of a stream, and one that is no stream at all
        key = await failure(lambda: scenario(made, "json-200"))
        assert key.code is ProviderErrorCode.INVALID_API_KEY
        text = await failure(lambda: scenario(made, "text-200"))
        assert text.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "instead of an event stream" in text.message


async def test_keep_alives_are_progress_but_a_silent_stall_is_a_timeout() -> None:
    async with streaming_server("openai", timeouts=Timeouts(read=0.2, first_byte=10)) as (made, _):
        received: list[StreamChunk] = []

        async def consume() -> None:
            async for chunk in made.provider.stream_chat(made.model, ask("keep-alive-then-stall"), GenerationOptions()):
                received.append(chunk)

        error = await failure(consume)
    assert error.code is ProviderErrorCode.TIMEOUT and error.transient
    assert error.message == "OpenAI stopped sending for 0.2 s."
    assert text_of(received) == "ab"
