"""The pure parts of the chat adapters: retry hints, error mapping (shared helpers, then OpenAI's and Ollama's own),
NDJSON parsing, stream state, payloads. SSE parsing is httpx-sse's; the adapters' use of it is tested over HTTP."""

from __future__ import annotations

import email.utils
import json
from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.llm.ports import ChatMessage, GenerationOptions, StreamChunk
from infra.providers import mureka_errors, ollama, openai_errors
from infra.providers.context_windows import lookup_context_window
from infra.providers.http import (
    ErrorAnswer,
    ErrorDetail,
    RetryPolicy,
    by_status,
    error_from_exception,
    parse_ndjson_line,
    parse_retry_after,
    provider_words,
    redact,
    should_retry_header,
)
from infra.providers.ollama import context_length_from_show, final_chunk
from infra.providers.openai import CompletionState, chat_payload, is_reasoning_model

KEY = "sk-proj-SECRETsecret0123456789"


def openai_error(message: str, type_: str, code: str | None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type_, "param": None, "code": code}}).encode()


def openai_answer(
    status: int, body: bytes, headers: Mapping[str, str] | None = None, *, model: str | None = None
) -> ProviderError:
    return openai_errors.error_from_answer(ErrorAnswer(status, headers or {}, body, model), secrets=(KEY,))


def ollama_answer(
    status: int, body: bytes, headers: Mapping[str, str] | None = None, *, model: str | None = None
) -> ProviderError:
    return ollama.error_from_answer(ErrorAnswer(status, headers or {}, body, model))


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


# --- error mapping: what every vendor shares --------------------------------------------------------------------


def test_provider_words_decode_entities_remove_secrets_and_stay_short() -> None:
    assert provider_words("Can&#39;t use &quot;gpt-9&quot; &amp; more") == 'Can\'t use "gpt-9" & more'
    assert provider_words(f"key {KEY} &lt;here&gt;", (KEY,)) == "key [redacted] <here>"
    assert provider_words("escaped key sk-abc&#42;&#42;&#42;wxyz") == "escaped key [redacted]"
    assert len(provider_words("word " * 500)) == 300
    assert redact("key sk-abc***wxyz here") == "key [redacted] here"


def test_error_detail_from_envelopes_and_pages() -> None:
    assert ErrorDetail.from_body(b'{"error": "model not found"}') == ErrorDetail("model not found")
    assert ErrorDetail.from_body(b'{"error": {"message": "m", "type": "t", "code": "c"}}') == ErrorDetail("m", "c", "t")
    assert ErrorDetail.from_body(b'{"message": "flat"}') == ErrorDetail("flat")
    assert ErrorDetail.from_body(b'{"detail": "fastapi"}') == ErrorDetail("fastapi")
    flat = b'{"error": "Too Many Requests", "message": "Slow down.", "code": 429, "type": "rate_limit"}'
    assert ErrorDetail.from_body(flat) == ErrorDetail("Too Many Requests: Slow down.", "429", "rate_limit")
    assert ErrorDetail.from_body(b'{"error": null, "message": "m", "code": "c"}') == ErrorDetail("m", "c")
    assert ErrorDetail.from_body(b"").message == ""
    page = ErrorDetail.from_body(b"<html><body><h1>401 Authorization Required</h1><hr>nginx</body></html>")
    assert " ".join(page.message.split()) == "401 Authorization Required nginx"
    assert ErrorDetail.from_value({"code": 5}).message == '{"code": 5}'  # an object without a message
    assert ErrorDetail.from_value(None) == ErrorDetail()


@pytest.mark.parametrize(
    ("status", "code", "transient"),
    [
        (401, ProviderErrorCode.INVALID_API_KEY, False),
        (403, ProviderErrorCode.INVALID_API_KEY, False),
        (402, ProviderErrorCode.QUOTA_EXCEEDED, False),
        (429, ProviderErrorCode.RATE_LIMITED, True),
        (404, ProviderErrorCode.PROVIDER_UNAVAILABLE, False),  # a wrong base URL stays wrong
        (408, ProviderErrorCode.TIMEOUT, True),
        (400, ProviderErrorCode.BAD_REQUEST, False),
        (422, ProviderErrorCode.BAD_REQUEST, False),
        (409, ProviderErrorCode.PROVIDER_UNAVAILABLE, True),
        (500, ProviderErrorCode.PROVIDER_UNAVAILABLE, True),
        (503, ProviderErrorCode.PROVIDER_UNAVAILABLE, True),
        (None, ProviderErrorCode.PROVIDER_UNAVAILABLE, True),
    ],
)
def test_by_status_is_the_shared_fallback(status: int | None, code: ProviderErrorCode, transient: bool) -> None:
    error = by_status("Vendor", status, "it said so", retry_after=2)
    assert error.code is code and error.transient is transient
    assert error.message.startswith("Vendor")


def test_shared_outcome_wording() -> None:
    assert by_status("Vendor", 503, "busy").message == "Vendor is overloaded (HTTP 503): busy"
    assert by_status("Vendor", 500).message == "Vendor failed (HTTP 500)"
    assert by_status("Vendor", None, "boom").message == "Vendor failed: boom"
    assert (
        by_status("Vendor", 429, retry_after=3).message
        == "Vendor is rate limiting requests (HTTP 429). Try again in 3 s."
    )
    assert by_status("Vendor", 429, retry_after=3).retry_after == 3
    assert "base URL" in by_status("Vendor", 404).message


def test_errors_without_an_answer() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:1/")
    refused = error_from_exception(httpx.ConnectError("refused", request=request), label="Vendor")
    assert refused.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and refused.transient
    assert refused.message == "Cannot connect to Vendor."
    slow = error_from_exception(httpx.ReadTimeout("slow", request=request), label="Vendor", waited=5)
    assert slow.code is ProviderErrorCode.TIMEOUT and slow.message == "Vendor did not answer within 5 s."
    connect = error_from_exception(httpx.ConnectTimeout("slow", request=request), label="Vendor")
    assert connect.code is ProviderErrorCode.TIMEOUT and "connecting" in connect.message
    cut = error_from_exception(httpx.RemoteProtocolError("incomplete chunked read", request=request), label="Vendor")
    assert cut.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "RemoteProtocolError" in cut.message


# --- error mapping: OpenAI -----------------------------------------------------------------------------------


def test_invalid_key_message_never_shows_the_key() -> None:
    body = openai_error(f"Incorrect API key provided: {KEY}.", "invalid_request_error", "invalid_api_key")
    error = openai_answer(401, body)
    assert error.code is ProviderErrorCode.INVALID_API_KEY
    assert not error.transient
    assert "SECRET" not in error.message and "sk-" not in error.message
    assert "API key" in error.message
    # the code alone is enough, whatever the status (a 200 stream, a proxy's 400)
    assert openai_answer(400, body).code is ProviderErrorCode.INVALID_API_KEY


def test_secrets_are_redacted_from_provider_messages() -> None:
    body = openai_error(f"Something about {KEY} went wrong", "invalid_request_error", None)
    error = openai_answer(400, body)
    assert error.code is ProviderErrorCode.BAD_REQUEST
    assert "SECRET" not in error.message
    assert "went wrong" in error.message


def test_quota_429_is_not_a_rate_limit() -> None:
    body = openai_error("You exceeded your current quota, please check your plan.", "insufficient_quota", None)
    error = openai_answer(429, body, {"retry-after": "20"})
    assert error.code is ProviderErrorCode.QUOTA_EXCEEDED
    assert not error.transient
    assert error.message.startswith("OpenAI: the account is out of credit or quota (HTTP 429)")


def test_rate_limit_429_carries_retry_after() -> None:
    body = openai_error("Rate limit reached for gpt-4o.", "requests", "rate_limit_exceeded")
    error = openai_answer(429, body, {"retry-after-ms": "250"})
    assert error.code is ProviderErrorCode.RATE_LIMITED
    assert error.transient
    assert error.retry_after == 0.25


def test_text_plain_429_from_a_proxy_parses() -> None:
    error = openai_answer(429, b"Too Many Requests\n", {"Retry-After": "3600", "content-type": "text/plain"})
    assert error.code is ProviderErrorCode.RATE_LIMITED
    assert error.retry_after == 3600
    assert "3600" in error.message


def test_content_policy_and_other_400s() -> None:
    policy = openai_error(
        "Your request was rejected by our safety system.", "invalid_request_error", "content_policy_violation"
    )
    error = openai_answer(400, policy)
    assert error.code is ProviderErrorCode.CONTENT_POLICY
    assert "safety system" in error.message
    other = openai_error("'messages' is a required property", "invalid_request_error", None)
    assert openai_answer(400, other).code is ProviderErrorCode.BAD_REQUEST


def test_openai_model_not_found() -> None:
    body = openai_error("The model `gpt-9` does not exist.", "invalid_request_error", "model_not_found")
    error = openai_answer(404, body, model="gpt-9")
    assert error.code is ProviderErrorCode.MODEL_NOT_FOUND
    assert error.message == "OpenAI does not know the model 'gpt-9': The model `gpt-9` does not exist."
    wording_only = openai_error("The model `gpt-9` does not exist.", "invalid_request_error", None)
    assert openai_answer(400, wording_only).code is ProviderErrorCode.MODEL_NOT_FOUND


def test_openai_html_error_pages_read_as_text_with_entities_decoded() -> None:
    page = b"<html><head><title>Error</title></head><body><p>Can&#39;t reach &quot;upstream&quot;</p></body></html>"
    error = openai_answer(502, page)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
    assert error.message == 'OpenAI failed (HTTP 502): Error Can\'t reach "upstream"'
    forbidden = openai_answer(403, b"<html><h1>403 Forbidden</h1></html>")
    assert forbidden.code is ProviderErrorCode.INVALID_API_KEY
    assert forbidden.message == "OpenAI rejected the API key or its permissions (HTTP 403)."
    escaped = openai_error("Invalid value for &#39;size&#39;", "invalid_request_error", None)
    assert openai_answer(400, escaped).message == "OpenAI refused the request (HTTP 400): Invalid value for 'size'"


def test_openai_errors_inside_a_200() -> None:
    server = openai_errors.error_from_payload({"message": "The server had an error.", "type": "server_error"})
    assert server.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and server.transient
    assert server.message == "OpenAI failed: The server had an error."
    quota = openai_errors.error_from_payload({"message": "quota", "code": "insufficient_quota"})
    assert quota.code is ProviderErrorCode.QUOTA_EXCEEDED
    policy = openai_errors.error_from_payload({"message": "no", "type": "content_filter"})
    assert policy.code is ProviderErrorCode.CONTENT_POLICY
    model = openai_errors.error_from_payload("model gpt-9 does not exist", model="gpt-9")
    assert model.code is ProviderErrorCode.MODEL_NOT_FOUND
    secret = openai_errors.error_from_payload({"message": f"bad key {KEY}"}, secrets=(KEY,))
    assert "SECRET" not in secret.message


# --- error mapping: Ollama -----------------------------------------------------------------------------------


def test_ollama_model_not_found_and_a_wrong_base_url() -> None:
    error = ollama_answer(404, b'{"error":"model \\"llama9\\" not found, try pulling it first"}', model="llama9")
    assert error.code is ProviderErrorCode.MODEL_NOT_FOUND and not error.transient
    assert "llama9" in error.message and "pulling" in error.message
    # a 404 that is not about a model points at a wrong base URL
    wrong = ollama_answer(404, b"<html>Not Found</html>")
    assert wrong.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert "base URL" in wrong.message


def test_ollama_server_errors_are_transient_unavailability() -> None:
    busy = ollama_answer(503, b'{"error":"server busy, please try again.  maximum pending requests exceeded"}')
    assert busy.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert busy.transient
    assert "server busy" in busy.message
    html = ollama_answer(502, b"<html>" + b"x" * 5000 + b"</html>")
    assert html.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert len(html.message) < 400 and "<" not in html.message
    page = ollama_answer(502, b"<html><h1>502 Bad Gateway</h1></html>")
    assert page.message == "Ollama failed (HTTP 502): 502 Bad Gateway"
    empty = ollama_answer(500, b"")
    assert empty.code is ProviderErrorCode.PROVIDER_UNAVAILABLE
    assert empty.message == "Ollama failed (HTTP 500)"
    assert ollama_answer(408, b"").code is ProviderErrorCode.TIMEOUT


def test_ollama_behind_a_proxy_keys_and_quotas() -> None:
    assert ollama_answer(401, b'{"error": "unauthorized"}').code is ProviderErrorCode.INVALID_API_KEY
    spent = ollama_answer(429, b'{"error": "You exceeded your current quota."}', {"retry-after": "5"})
    assert spent.code is ProviderErrorCode.QUOTA_EXCEEDED and not spent.transient
    fast = ollama_answer(429, b'{"error": "too many requests"}', {"retry-after": "5"})
    assert fast.code is ProviderErrorCode.RATE_LIMITED and fast.retry_after == 5


def test_ollama_errors_inside_a_200() -> None:
    error = ollama.error_from_payload("an error was encountered while running the model")
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
    assert "while running the model" in error.message
    missing = ollama.error_from_payload('model "x" not found, try pulling it first', model="x")
    assert missing.code is ProviderErrorCode.MODEL_NOT_FOUND


# --- error mapping: Mureka -----------------------------------------------------------------------------------


def mureka_answer(status: int, body: Any, headers: Mapping[str, str] | None = None, **call: Any) -> ProviderError:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return mureka_errors.error_from_answer(ErrorAnswer(status, headers or {}, raw), secrets=(KEY,), **call)


def test_mureka_429_words_tell_quota_from_rate_limit_in_either_body() -> None:
    """The replaced system's words (quota, exceeded, credits, billing), except that an exceeded rate limit is
    a rate limit; nested and flat bodies alike."""
    for body in (
        {"error": {"message": "You exceeded your current quota, please check your plan and billing details."}},
        {"error": "Forbidden", "message": "No credits left", "code": 429, "type": "error"},
        {"error": "Too Many Requests", "message": "Slow down", "code": 429, "type": "insufficient_quota"},
        {"error": {"message": "Monthly limit exceeded"}},
    ):
        error = mureka_answer(429, body, {"retry-after": "5"})
        assert error.code is ProviderErrorCode.QUOTA_EXCEEDED and not error.transient, body
    for body in (
        {"error": {"message": "The API rate limit for your account has been exceeded. Pace your requests."}},
        {"error": "Too Many Requests", "message": "Too many requests, please slow down.", "code": 429},
        b"<html>429 Too Many Requests</html>",
        b"",
    ):
        error = mureka_answer(429, body, {"retry-after": "5"})
        assert error.code is ProviderErrorCode.RATE_LIMITED and error.retry_after == 5 and error.transient, body


def test_mureka_statuses() -> None:
    assert mureka_answer(401, {"error": {"message": f"Invalid key {KEY}"}}).code is ProviderErrorCode.INVALID_API_KEY
    assert mureka_answer(402, {"error": {"message": "Insufficient balance"}}).code is ProviderErrorCode.QUOTA_EXCEEDED
    region = mureka_answer(403, {"error": {"message": "Unsupported region"}})
    assert region.code is ProviderErrorCode.BAD_REQUEST and region.message.endswith("(HTTP 403): Unsupported region")
    unknown = mureka_answer(400, {"error": {"message": "The corresponding task was not found."}}, task_id="42")
    assert unknown.code is ProviderErrorCode.BAD_REQUEST
    assert unknown.message.startswith("Mureka does not know the task 42")
    assert mureka_answer(404, b"Not Found", task_id="42").code is ProviderErrorCode.BAD_REQUEST
    assert "base URL" in mureka_answer(404, b"Not Found").message  # not a query: a wrong base URL
    for status in (500, 502, 503, 504):
        polled = mureka_answer(status, b"<html>oops</html>", task_id="42")
        assert polled.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and polled.transient
        billed = mureka_answer(status, b"<html>oops</html>", billed=True)
        assert billed.transient is (status == 503)  # only "overloaded" says nothing was started


def test_mureka_errors_inside_a_200_end_the_task() -> None:
    def in_200(body: dict[str, Any]) -> ProviderError:
        return mureka_errors.classify(None, ErrorDetail.from_mapping(body), secrets=(KEY,), task_id="42")

    assert in_200({"error": {"message": "Invalid Authentication"}}).code is ProviderErrorCode.INVALID_API_KEY
    not_found = in_200({"message": "Invalid Request, The corresponding task was not found."})
    assert not_found.code is ProviderErrorCode.BAD_REQUEST and "task 42" in not_found.message
    empty = in_200({"trace_id": "abc"})
    assert empty.code is ProviderErrorCode.BAD_REQUEST and empty.message == mureka_errors.NO_TASK
    assert in_200({"error": {"message": "Insufficient balance"}}).code is ProviderErrorCode.QUOTA_EXCEEDED
    assert not any(e.transient for e in (not_found, empty))


# --- stream parsing ------------------------------------------------------------------------------------------


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
