"""The pure parts of the chat adapters: retry hints, error mapping, SSE and NDJSON parsing, payloads."""

from __future__ import annotations

import email.utils
import json

import pytest

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.ports import ChatMessage, GenerationOptions, StreamChunk
from infra.providers.context_windows import lookup_context_window
from infra.providers.http import (
    RetryPolicy,
    SseDecoder,
    error_from_payload,
    error_from_response,
    parse_ndjson_line,
    parse_retry_after,
    redact,
    should_retry_header,
)
from infra.providers.ollama import context_length_from_show, final_chunk
from infra.providers.openai import CompletionState, chat_payload, is_reasoning_model

KEY = "sk-proj-SECRETsecret0123456789"


def openai_error(message: str, type_: str, code: str | None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type_, "param": None, "code": code}}).encode()


# --- retry hints ---------------------------------------------------------------------------------------------


def test_retry_after_seconds_milliseconds_and_dates() -> None:
    assert parse_retry_after({"Retry-After": "1"}) == 1.0
    assert parse_retry_after({"retry-after": " 2.5 "}) == 2.5
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5  # milliseconds win
    assert parse_retry_after({"retry-after-ms": "junk", "retry-after": "9"}) == 9.0
    now = 1_700_000_000.0
    assert parse_retry_after({"retry-after": email.utils.formatdate(now + 30, usegmt=True)}, now=now) == 30.0
    assert parse_retry_after({"retry-after": email.utils.formatdate(now - 30, usegmt=True)}, now=now) == 0.0
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after": "-3"}) is None


def test_should_retry_header() -> None:
    assert should_retry_header({"x-should-retry": "true"}) is True
    assert should_retry_header({"X-Should-Retry": "False"}) is False
    assert should_retry_header({}) is None


def test_backoff_is_full_jitter_capped() -> None:
    policy = RetryPolicy()
    for attempt in range(8):
        for _ in range(50):
            assert 0 <= policy.backoff(attempt) <= min(8.0, 0.5 * 2**attempt)


# --- error mapping -------------------------------------------------------------------------------------------


def test_invalid_key_message_never_shows_the_key() -> None:
    body = openai_error(f"Incorrect API key provided: {KEY}.", "invalid_request_error", "invalid_api_key")
    error = error_from_response(401, {}, body, label="OpenAI", secrets=(KEY,))
    assert error.code is ProviderErrorCode.INVALID_API_KEY
    assert not error.transient
    assert "SECRET" not in error.message and "sk-" not in error.message
    assert "API key" in error.message


def test_secrets_are_redacted_from_provider_messages() -> None:
    body = openai_error(f"Something about {KEY} went wrong", "invalid_request_error", None)
    error = error_from_response(400, {}, body, label="OpenAI", secrets=(KEY,))
    assert error.code is ProviderErrorCode.BAD_REQUEST
    assert "SECRET" not in error.message
    assert "went wrong" in error.message
    assert redact("key sk-abc***wxyz here") == "key [redacted] here"


def test_quota_429_is_not_a_rate_limit() -> None:
    body = openai_error("You exceeded your current quota, please check your plan.", "insufficient_quota", None)
    error = error_from_response(429, {"retry-after": "20"}, body, label="OpenAI")
    assert error.code is ProviderErrorCode.QUOTA_EXCEEDED
    assert not error.transient


def test_rate_limit_429_carries_retry_after() -> None:
    body = openai_error("Rate limit reached for gpt-4o.", "requests", "rate_limit_exceeded")
    error = error_from_response(429, {"retry-after-ms": "250"}, body, label="OpenAI")
    assert error.code is ProviderErrorCode.RATE_LIMITED
    assert error.transient
    assert error.retry_after == 0.25


def test_text_plain_429_from_a_proxy_parses() -> None:
    error = error_from_response(
        429, {"Retry-After": "3600", "content-type": "text/plain"}, b"Too Many Requests\n", label="OpenAI"
    )
    assert error.code is ProviderErrorCode.RATE_LIMITED
    assert error.retry_after == 3600
    assert "3600" in error.message


def test_content_policy_and_other_400s() -> None:
    policy = openai_error(
        "Your request was rejected by our safety system.", "invalid_request_error", "content_policy_violation"
    )
    error = error_from_response(400, {}, policy, label="OpenAI")
    assert error.code is ProviderErrorCode.CONTENT_POLICY
    assert "safety system" in error.message
    other = openai_error("'messages' is a required property", "invalid_request_error", None)
    assert error_from_response(400, {}, other, label="OpenAI").code is ProviderErrorCode.BAD_REQUEST


def test_model_not_found_in_both_envelopes() -> None:
    ollama = error_from_response(
        404, {}, b'{"error":"model \\"llama9\\" not found, try pulling it first"}', label="Ollama", model="llama9"
    )
    assert ollama.code is ProviderErrorCode.MODEL_NOT_FOUND
    assert "llama9" in ollama.message and "pulling" in ollama.message
    openai = openai_error("The model `gpt-9` does not exist.", "invalid_request_error", "model_not_found")
    assert error_from_response(404, {}, openai, label="OpenAI").code is ProviderErrorCode.MODEL_NOT_FOUND
    # a 404 that is not about a model points at a wrong base URL
    wrong = error_from_response(404, {}, b"<html>Not Found</html>", label="Ollama")
    assert wrong.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert "base URL" in wrong.message


def test_server_errors_are_transient_unavailability() -> None:
    busy = error_from_response(
        503, {}, b'{"error":"server busy, please try again.  maximum pending requests exceeded"}', label="Ollama"
    )
    assert busy.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert busy.transient
    assert "server busy" in busy.message
    html = error_from_response(502, {}, b"<html>" + b"x" * 5000 + b"</html>", label="Ollama")
    assert html.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert len(html.message) < 400 and "<" not in html.message
    page = error_from_response(502, {}, b"<html><h1>502 Bad Gateway</h1></html>", label="Ollama")
    assert page.message == "Ollama failed (HTTP 502): 502 Bad Gateway"
    empty = error_from_response(500, {}, b"", label="Ollama")
    assert empty.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert empty.message == "Ollama failed (HTTP 500)"
    assert error_from_response(408, {}, b"", label="Ollama").code is ProviderErrorCode.TIMEOUT


def test_errors_inside_a_200_stream() -> None:
    ollama = error_from_payload("an error was encountered while running the model", label="Ollama")
    assert ollama.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert "while running the model" in ollama.message
    openai = error_from_payload({"message": "The server had an error.", "type": "server_error"}, label="OpenAI")
    assert openai.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    quota = error_from_payload({"message": "quota", "code": "insufficient_quota"}, label="OpenAI")
    assert quota.code is ProviderErrorCode.QUOTA_EXCEEDED


# --- stream parsing ------------------------------------------------------------------------------------------


def feed_all(lines: list[str]) -> list[str]:
    decoder = SseDecoder()
    events = [data for line in lines if (data := decoder.feed(line)) is not None]
    rest = decoder.flush()
    return [*events, rest] if rest is not None else events


def test_sse_events_comments_and_multiline_data() -> None:
    lines = [": keep-alive", "", 'data: {"a":1}', "", "data: first", "data:second", "", "data: [DONE]", ""]
    assert feed_all(lines) == ['{"a":1}', "first\nsecond", "[DONE]"]


def test_sse_crlf_event_names_and_unterminated_last_event() -> None:
    decoder = SseDecoder()
    assert decoder.feed("event: error\r\n") is None
    assert decoder.feed('data: {"error": {}}\r\n') is None
    assert decoder.event == "error"
    assert decoder.feed("\r\n") == '{"error": {}}'
    assert feed_all(['data: {"b":2}']) == ['{"b":2}']


def test_ndjson_lines() -> None:
    assert parse_ndjson_line('{"done": false}\n', label="Ollama") == {"done": False}
    assert parse_ndjson_line("   ", label="Ollama") is None
    with pytest.raises(ProviderError) as bad:
        parse_ndjson_line("<html>", label="Ollama")
    assert bad.value.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    with pytest.raises(ProviderError):
        parse_ndjson_line("[1, 2]", label="Ollama")


def test_ollama_final_line() -> None:
    line = {"done": True, "done_reason": "length", "prompt_eval_count": 12, "eval_count": 30}
    assert final_chunk(line) == StreamChunk(done=True, finish_reason="length", prompt_tokens=12, completion_tokens=30)
    assert final_chunk({"done": True}) == StreamChunk(done=True, finish_reason="stop")


def test_openai_stream_state_collects_text_finish_and_usage() -> None:
    state = CompletionState()
    assert state.take({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}) == []
    assert state.take({"choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}]}) == ["Hi"]
    assert state.take({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": None}) == []
    assert state.take({"choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}) == []
    assert state.done() == StreamChunk(done=True, finish_reason="stop", prompt_tokens=5, completion_tokens=2)


# --- models and payloads -------------------------------------------------------------------------------------


def test_context_length_from_show() -> None:
    show = {"model_info": {"general.architecture": "llama", "llama.context_length": 131072}}
    assert context_length_from_show(show) == 131072
    assert context_length_from_show({"model_info": {"general.architecture": "gemma3"}}) is None
    assert context_length_from_show({}) is None


def test_context_window_table_lookup() -> None:
    assert lookup_context_window("gpt-5-mini") == 200_000
    assert lookup_context_window("gpt-4o") == 128_000
    assert lookup_context_window("gpt-4") == 8_192
    assert lookup_context_window("gpt-3.5-turbo") == 16_385
    assert lookup_context_window("gpt-oss:20b") == 8_192
    assert lookup_context_window("llama3.2:3b") == 131_072
    assert lookup_context_window("llama3.2:latest") == 131_072  # the family before ':'
    assert lookup_context_window("gemma3:4b") is None  # no silent default: the caller decides
    assert lookup_context_window("deepseek-r1:8b") is None
    assert lookup_context_window("x:1b", {"x": 5}) == 5


def test_openai_payload_rules() -> None:
    messages = [ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")]
    options = GenerationOptions(temperature=0.3, max_tokens=100, num_ctx=4096)
    classic = chat_payload("gpt-4o", messages, options, stream=True)
    assert classic == {
        "model": "gpt-4o",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        "temperature": 0.3,
        "max_tokens": 100,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    reasoning = chat_payload("gpt-5-mini", messages, options, stream=False)
    assert "temperature" not in reasoning and "max_tokens" not in reasoning and "stream" not in reasoning
    assert reasoning["max_completion_tokens"] == 100
    assert is_reasoning_model("o3-mini") and not is_reasoning_model("gpt-4.1")
    bare = chat_payload("gpt-4o", messages, GenerationOptions(), stream=False)
    assert set(bare) == {"model", "messages"}
