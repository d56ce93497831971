"""aitestmock over real HTTP: each API's wire format, every trigger, real downloadable files, mounting.

The mock runs under a real uvicorn server on a free port (in the test's own event loop) with every simulated
duration scaled by 0.01, so a 30 s song finishes in 0.3 s while keeping its status progression.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import json
import struct
import time
import wave
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from aitestmock import MockConfig, create_app
from aitestmock.files import MP3_FRAME_SECONDS
from aitestmock.text import lyrics_sections
from aitestmock.triggers import duration_seconds, find_test_number
from tests.support import serving

CONFIG = MockConfig(token_delay=0.001, token_count=40, time_scale=0.01)
KEY = {"Authorization": "Bearer sk-test-1234567890"}
ADMIN = {"Authorization": "Bearer sk-admin-abcdef"}
DAY = 86400


@pytest.fixture
async def app() -> Starlette:
    return create_app(CONFIG)


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(app, access_log=False) as url, httpx.AsyncClient(base_url=url, timeout=10) as client:
        yield client


def ndjson(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def sse(text: str) -> tuple[list[Any], list[str]]:
    """(data payloads, comment lines) of an event stream; `[DONE]` stays a string."""
    events: list[Any] = []
    comments: list[str] = []
    for line in text.split("\n"):
        if line.startswith(":"):
            comments.append(line)
        elif line.startswith("data: "):
            data = line.removeprefix("data: ")
            events.append(data if data == "[DONE]" else json.loads(data))
    return events, comments


def chat_body(text: str, model: str = "llama3.2:3b", **extra: Any) -> dict[str, Any]:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": text}]
    return {"model": model, "messages": messages, **extra}


def assert_png(data: bytes, width: int, height: int) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (width, height)


def assert_mp3(data: bytes) -> None:
    assert len(data) > 1000
    assert data[0] == 0xFF and data[1] & 0xE0 == 0xE0  # frame sync
    assert data[1] & 0x1E == 0x1A  # MPEG-1, Layer III
    frame = 96  # 32 kbit/s at 48 kHz
    assert all(data[i] == 0xFF and data[i + 1] == 0xFB for i in range(0, len(data), frame))


def assert_flac(data: bytes) -> None:
    assert data[:4] == b"fLaC"
    assert data[4] & 0x7F == 0  # STREAMINFO first
    info = data[8:42]
    packed = int.from_bytes(info[10:18], "big")
    assert packed >> 44 == 48000  # sample rate
    assert packed & ((1 << 36) - 1) > 0  # total samples
    assert data[42:44] == b"\xff\xf8"  # first frame's sync code


def assert_wav(data: bytes) -> None:
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getnframes() > 0


# --- basics ----------------------------------------------------------------------------------------


async def test_health_and_ollama_root(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health")).json() == {"status": "ok"}
    assert (await http.get("/")).text == "Ollama is running"
    assert (await http.get("/api/version")).json()["version"]


def test_trigger_rules_ignore_years_and_ports_and_cap_durations() -> None:
    assert find_test_number("a song about 2024 on port 3080 and 8080") == "0001"
    assert find_test_number("call 3080 then test 0007 and 0002") == "0007"
    assert find_test_number("00021 is too long, x0003 counts") == "0003"
    assert duration_seconds("lo-fi 45s chill", 30) == 45
    assert duration_seconds("lo-fi chill", 30) == 30
    assert duration_seconds("900s epic", 30) == 300
    assert duration_seconds("a quick 0.4s take", 30) == 0.4 and duration_seconds("v1.5s", 30) == 30


def test_config_from_env() -> None:
    config = MockConfig.from_env(
        {"AITESTMOCK_TOKEN_DELAY_MS": "5", "AITESTMOCK_TOKENS": "12", "AITESTMOCK_TIME_SCALE": "0.5"}
    )
    assert config == MockConfig(token_delay=0.005, token_count=12, time_scale=0.5)
    assert MockConfig.from_env({}) == MockConfig()


# --- Ollama ----------------------------------------------------------------------------------------


async def test_ollama_chat_streams_ndjson_deterministically(http: httpx.AsyncClient) -> None:
    response = await http.post("/api/chat", json=chat_body("Write a verse about rain"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = ndjson(response)
    *chunks, final = lines
    assert all(chunk["done"] is False and chunk["message"]["role"] == "assistant" for chunk in chunks)
    text = "".join(chunk["message"]["content"] for chunk in chunks)
    assert text.startswith('Mock answer from llama3.2:3b to "Write a verse about rain":')
    assert final["done"] is True and final["done_reason"] == "stop"
    assert final["eval_count"] == CONFIG.token_count == len(chunks)
    for field in ("total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_duration"):
        assert isinstance(final[field], int) and final[field] > 0

    again = ndjson(await http.post("/api/chat", json=chat_body("Write a verse about rain")))
    assert "".join(c["message"]["content"] for c in again[:-1]) == text
    other = ndjson(await http.post("/api/chat", json=chat_body("Write a verse about snow")))
    assert "".join(c["message"]["content"] for c in other[:-1]) != text


async def test_ollama_chat_without_streaming_and_num_predict(http: httpx.AsyncClient) -> None:
    body = chat_body("hello", stream=False, options={"num_predict": 5})
    answer = (await http.post("/api/chat", json=body)).json()
    assert answer["done"] is True and answer["done_reason"] == "length" and answer["eval_count"] == 5
    assert answer["message"]["content"].startswith("Mock answer from")
    assert len(answer["message"]["content"].split()) == 5


async def test_ollama_context_truncation(http: httpx.AsyncClient) -> None:
    long_prompt = "word " * 20000  # ~25 000 tokens
    tiny = (await http.post("/api/chat", json=chat_body(long_prompt, "tiny:1b", stream=False))).json()
    assert tiny["prompt_eval_count"] == 2048  # the model's own window
    default = (await http.post("/api/chat", json=chat_body(long_prompt, stream=False))).json()
    assert default["prompt_eval_count"] == 4096  # Ollama's default num_ctx when the client sends none
    sized = chat_body(long_prompt, stream=False, options={"num_ctx": 8192})
    assert (await http.post("/api/chat", json=sized)).json()["prompt_eval_count"] == 8192
    short = (await http.post("/api/chat", json=chat_body("hi", stream=False, options={"num_ctx": 8192}))).json()
    assert 0 < short["prompt_eval_count"] < 100


async def test_ollama_generate_streams_response_chunks(http: httpx.AsyncClient) -> None:
    body = {"model": "gpt-oss:20b", "prompt": "Translate: hallo", "system": "You translate."}
    *chunks, final = ndjson(await http.post("/api/generate", json=body))
    assert "".join(chunk["response"] for chunk in chunks).startswith("Mock answer from gpt-oss:20b")
    assert final["done"] is True and final["response"] == "" and final["done_reason"] == "stop"
    whole = (await http.post("/api/generate", json={**body, "stream": False})).json()
    assert whole["response"] == "".join(chunk["response"] for chunk in chunks)
    load = (await http.post("/api/generate", json={"model": "gpt-oss:20b"})).json()
    assert load["done"] is True and load["done_reason"] == "load"


async def test_ollama_tags_and_show(http: httpx.AsyncClient) -> None:
    models = {m["name"]: m for m in (await http.get("/api/tags")).json()["models"]}
    assert {"llama3.2:3b", "gpt-oss:20b", "gemma3:4b", "deepseek-r1:8b", "tiny:1b"} <= set(models)
    for entry in models.values():
        assert entry["model"] == entry["name"] and entry["size"] > 0 and len(entry["digest"]) == 64
        assert entry["details"]["family"] and entry["details"]["parameter_size"]
    expected = {"llama3.2:3b": 131072, "gpt-oss:20b": 131072, "gemma3:4b": 131072, "tiny:1b": 2048}
    for name, context in expected.items():
        shown = (await http.post("/api/show", json={"model": name})).json()
        info = shown["model_info"]
        assert info[info["general.architecture"] + ".context_length"] == context
        assert shown["details"] and shown["capabilities"] and "template" in shown and "parameters" in shown
    assert (await http.post("/api/show", json={"model": "deepseek-r1:8b"})).json()["model_info"][
        "general.architecture"
    ] == "qwen2"
    assert (await http.post("/api/show", json={"model": "llama3.2"})).status_code == 200  # untagged = :latest
    assert (await http.post("/api/show", json={"model": "nope:1b"})).status_code == 404


async def test_ollama_triggers(http: httpx.AsyncClient) -> None:
    async def chat(text: str, **extra: Any) -> httpx.Response:
        return await http.post("/api/chat", json=chat_body(text, **extra))

    assert (await chat("test 0002")).status_code == 401
    assert (await chat("test 0002")).json() == {"error": "unauthorized"}
    failed = await chat("test 0003")
    assert failed.status_code == 500 and "error" in failed.json()

    busy = await chat("test 0004 busy")
    assert busy.status_code == 503
    assert busy.json() == {"error": "server busy, please try again.  maximum pending requests exceeded"}
    assert (await chat("test 0004 busy")).status_code == 200
    assert (await chat("test 0004 other body")).status_code == 503

    limited = await chat("test 0007")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
    assert (await chat("test 0007")).status_code == 200
    assert [(await chat("test 0008")).status_code for _ in range(2)] == [429, 429]

    missing = await http.post("/api/chat", json=chat_body("hi", "llama9:70b"))
    assert missing.status_code == 404
    assert missing.json() == {"error": 'model "llama9:70b" not found, try pulling it first'}


async def test_ollama_mid_stream_error_and_slow_first_token(http: httpx.AsyncClient) -> None:
    broken = await http.post("/api/chat", json=chat_body("test 0005"))
    assert broken.status_code == 200
    lines = ndjson(broken)
    assert len(lines) == 11 and lines[-1] == {"error": lines[-1]["error"]} and lines[-1]["error"]
    assert all(line["done"] is False for line in lines[:-1])
    assert (await http.post("/api/chat", json=chat_body("test 0005", stream=False))).status_code == 500

    began = time.monotonic()
    async with http.stream("POST", "/api/chat", json=chat_body("test 0006")) as response:
        headers_after = time.monotonic() - began  # a cold model sends no headers until it has loaded
        body = (await response.aread()).decode()
    assert headers_after >= 3 * CONFIG.time_scale * 0.9
    final = json.loads(body.strip().splitlines()[-1])
    assert final["done"] is True and final["load_duration"] >= 3 * CONFIG.time_scale * 1e9


# --- OpenAI chat -----------------------------------------------------------------------------------


async def test_openai_chat_completion(http: httpx.AsyncClient) -> None:
    response = await http.post("/v1/chat/completions", headers=KEY, json=chat_body("Hi there", "gpt-4o"))
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion" and body["model"] == "gpt-4o"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["finish_reason"] == "stop"
    assert choice["message"]["content"].startswith('Mock answer from gpt-4o to "Hi there":')
    usage = body["usage"]
    assert usage["completion_tokens"] == CONFIG.token_count
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]

    cut = await http.post("/v1/chat/completions", headers=KEY, json=chat_body("Hi", "gpt-5", max_tokens=3))
    assert cut.json()["choices"][0]["finish_reason"] == "length"
    assert cut.json()["usage"]["completion_tokens"] == 3
    parts = {"role": "user", "content": [{"type": "text", "text": "from parts"}]}
    listed = await http.post("/v1/chat/completions", headers=KEY, json={"model": "gpt-4o", "messages": [parts]})
    assert '"from parts"' in listed.json()["choices"][0]["message"]["content"]


async def test_openai_chat_streams_server_sent_events(http: httpx.AsyncClient) -> None:
    body = chat_body("Stream please", "gpt-4o-mini", stream=True, stream_options={"include_usage": True})
    response = await http.post("/v1/chat/completions", headers=KEY, json=body)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events, comments = sse(response.text)
    assert comments and all(comment == ": keep-alive" for comment in comments)
    assert events[-1] == "[DONE]"
    chunks = events[:-1]
    assert all(chunk["object"] == "chat.completion.chunk" for chunk in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    content = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert content.startswith("Mock answer from gpt-4o-mini")
    finish = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"] and c["choices"][0]["finish_reason"]]
    assert finish == ["stop"]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == CONFIG.token_count

    plain = chat_body("Stream please", "gpt-4o-mini", stream=True, max_completion_tokens=4)
    events, _ = sse((await http.post("/v1/chat/completions", headers=KEY, json=plain)).text)
    assert events[-1] == "[DONE]"
    assert all("usage" not in event for event in events[:-1])  # no usage chunk without include_usage
    assert events[-2]["choices"][0]["finish_reason"] == "length"
    assert sum(1 for e in events[:-1] if e["choices"][0]["delta"].get("content")) == 4


async def test_openai_chat_triggers(http: httpx.AsyncClient) -> None:
    async def chat(text: str, headers: dict[str, str] = KEY, **extra: Any) -> httpx.Response:
        return await http.post("/v1/chat/completions", headers=headers, json=chat_body(text, "gpt-4o", **extra))

    def code(response: httpx.Response) -> str | None:
        return response.json()["error"]["code"]

    assert (await chat("hi", headers={})).status_code == 401
    assert (await chat("hi", headers={"Authorization": "Bearer"})).status_code == 401
    bad_key = await chat("test 0002")
    assert bad_key.status_code == 401 and code(bad_key) == "invalid_api_key"
    assert bad_key.json()["error"]["message"].startswith("Incorrect API key provided: ")
    failed = await chat("test 0003")
    assert failed.status_code == 500 and failed.json()["error"]["type"] == "server_error"

    assert (await chat("test 0004")).status_code == 503
    assert (await chat("test 0004")).status_code == 200

    limited = await chat("test 0007")
    assert limited.status_code == 429 and code(limited) == "rate_limit_exceeded"
    assert limited.headers["retry-after"] == "1" and limited.headers["retry-after-ms"] == "1000"
    assert (await chat("test 0007")).status_code == 200

    for _ in range(2):
        quota = await chat("test 0008")
        assert quota.status_code == 429 and code(quota) == "insufficient_quota"
        assert quota.json()["error"]["message"].startswith("You exceeded your current quota")
    policy = await chat("test 0009")
    assert policy.status_code == 400 and code(policy) == "content_policy_violation"
    assert policy.json()["error"]["type"] == "invalid_request_error"

    missing = await http.post("/v1/chat/completions", headers=KEY, json=chat_body("hi", "gpt-9"))
    assert missing.status_code == 404 and code(missing) == "model_not_found"
    assert (await http.post("/v1/chat/completions", headers=KEY, json={"model": "gpt-4o"})).status_code == 400


async def test_openai_mid_stream_error_and_slow_first_token(http: httpx.AsyncClient) -> None:
    broken = await http.post("/v1/chat/completions", headers=KEY, json=chat_body("test 0005", "gpt-4o", stream=True))
    assert broken.status_code == 200
    events, _ = sse(broken.text)
    assert "[DONE]" not in events
    assert events[-1]["error"]["type"] == "server_error"
    assert sum(1 for e in events[:-1] if e["choices"][0]["delta"].get("content")) == 10
    plain = await http.post("/v1/chat/completions", headers=KEY, json=chat_body("test 0005", "gpt-4o"))
    assert plain.status_code == 500

    began = time.monotonic()
    slow = chat_body("test 0006", "gpt-4o", stream=True)
    async with http.stream("POST", "/v1/chat/completions", headers=KEY, json=slow) as response:
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                break
    assert time.monotonic() - began >= 3 * CONFIG.time_scale * 0.9


async def test_openai_models(http: httpx.AsyncClient) -> None:
    listed = (await http.get("/v1/models", headers=KEY)).json()
    ids = {model["id"] for model in listed["data"]}
    assert listed["object"] == "list"
    assert {"gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini"} <= ids
    assert (await http.get("/v1/models")).status_code == 401
    # A GET has no prompt: the test number is read from the key.
    refused = await http.get("/v1/models", headers={"Authorization": "Bearer sk-mock-0002"})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_api_key"
    assert "sk-mock-0002" not in refused.text  # masked, as OpenAI does
    failed = await http.get("/v1/models", headers={"Authorization": "Bearer sk-mock-0003"})
    assert failed.status_code == 500 and failed.headers["content-type"].startswith("text/html")
    assert "<h1>500 Internal Server Error</h1>" in failed.text


# --- OpenAI images and costs -----------------------------------------------------------------------


async def test_openai_images_url_and_b64(http: httpx.AsyncClient) -> None:
    body = {"model": "dall-e-3", "prompt": "a red fox", "size": "1792x1024", "quality": "hd", "style": "natural"}
    answer = (await http.post("/v1/images/generations", headers=KEY, json=body)).json()
    assert isinstance(answer["created"], int) and len(answer["data"]) == 1
    item = answer["data"][0]
    assert "a red fox" in item["revised_prompt"]
    download = await http.get(item["url"])
    assert download.status_code == 200 and download.headers["content-type"] == "image/png"
    assert_png(download.content, 1792, 1024)

    encoded = await http.post(
        "/v1/images/generations", headers=KEY, json={**body, "size": "1024x1792", "response_format": "b64_json"}
    )
    assert "url" not in encoded.json()["data"][0]
    assert_png(base64.b64decode(encoded.json()["data"][0]["b64_json"]), 1024, 1792)

    for bad in ({"size": "512x512"}, {"n": 2}, {"quality": "ultra"}, {"prompt": ""}, {"prompt": "x" * 4001}):
        assert (await http.post("/v1/images/generations", headers=KEY, json={**body, **bad})).status_code == 400
    wrong_model = await http.post("/v1/images/generations", headers=KEY, json={**body, "model": "dall-e-9"})
    assert wrong_model.status_code == 404 and wrong_model.json()["error"]["code"] == "model_not_found"
    assert (await http.post("/v1/images/generations", json=body)).status_code == 401


async def test_openai_image_triggers(http: httpx.AsyncClient) -> None:
    async def image(prompt: str) -> httpx.Response:
        return await http.post("/v1/images/generations", headers=KEY, json={"model": "dall-e-3", "prompt": prompt})

    assert (await image("cat 0002")).json()["error"]["code"] == "invalid_api_key"
    assert (await image("cat 0003")).status_code == 500
    assert [(await image("cat 0004")).status_code for _ in range(2)] == [503, 200]
    assert [(await image("cat 0007")).status_code for _ in range(2)] == [429, 200]
    assert (await image("cat 0008")).json()["error"]["code"] == "insufficient_quota"
    policy = await image("cat 0009")
    assert policy.status_code == 400 and policy.json()["error"]["code"] == "content_policy_violation"
    began = time.monotonic()
    assert (await image("cat 20s")).status_code == 200
    assert time.monotonic() - began >= 20 * CONFIG.time_scale * 0.9


async def test_openai_image_answers_compatible_servers_send(http: httpx.AsyncClient) -> None:
    async def image(prompt: str) -> httpx.Response:
        body = {"model": "dall-e-3", "prompt": prompt, "response_format": "b64_json"}
        return await http.post("/v1/images/generations", headers=KEY, json=body)

    assert [(await image("cat 0016")).json()["error"]["code"] for _ in range(2)] == ["rate_limit_exceeded"] * 2
    gateway = [await image("cat 0024") for _ in range(2)]
    assert [answer.status_code for answer in gateway] == [502, 200]
    assert gateway[0].headers["content-type"].startswith("text/html")
    as_url = (await image("cat 0027")).json()["data"][0]
    assert "b64_json" not in as_url and "cat 0027" in as_url["revised_prompt"]
    assert_png((await http.get(as_url["url"])).content, 1024, 1024)
    page = await image("cat 0028")
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "didn&#39;t provide a valid API key" in page.text and "1234567890" not in page.text
    in_json = await image("cat 0029")
    assert in_json.status_code == 400 and in_json.json()["error"]["code"] is None
    assert in_json.json()["error"]["message"].startswith("Incorrect API key provided: sk-")
    assert (await image("cat 0030")).json()["data"] == []
    (no_image,) = (await image("cat 0031")).json()["data"]
    assert list(no_image) == ["revised_prompt"]


async def test_openai_counts_image_requests(http: httpx.AsyncClient) -> None:
    counts = "/_aitestmock/openai/images"
    assert (await http.get(counts)).json() == {"images": 0}
    await http.post("/v1/images/generations", headers=KEY, json={"prompt": "a fox"})
    await http.post("/api/v1/openai/images/generations", headers=KEY, json={"prompt": "a fox 0003"})  # refused too
    await http.post("/v1/images/generations", json={"prompt": "no key"})
    await http.post("/v1/chat/completions", headers=KEY, json=chat_body("not an image", "gpt-4o"))
    assert (await http.get(counts)).json() == {"images": 3}
    assert (await http.delete(counts)).json() == {"images": 0}
    assert (await http.get(counts)).json() == {"images": 0}


async def test_openai_costs_pages_daily_buckets(http: httpx.AsyncClient) -> None:
    start = 20000 * DAY  # day 20000: divisible by 5 and 4, even
    params: dict[str, Any] = {"start_time": start, "end_time": start + 10 * DAY, "limit": 4, "group_by": "line_item"}
    buckets: list[dict[str, Any]] = []
    pages = 0
    while True:
        page = (await http.get("/v1/organization/costs", headers=ADMIN, params=params)).json()
        assert page["object"] == "page"
        buckets += page["data"]
        pages += 1
        if not page["has_more"]:
            assert page["next_page"] is None
            break
        params["page"] = page["next_page"]
    assert pages == 3 and len(buckets) == 10
    assert [b["start_time"] for b in buckets] == [start + i * DAY for i in range(10)]
    assert all(b["end_time"] - b["start_time"] == DAY and b["object"] == "bucket" for b in buckets)

    def lines(bucket: dict[str, Any]) -> dict[str, Any]:
        return {r["line_item"]: r["amount"] for r in bucket["results"]}

    for i, bucket in enumerate(buckets):
        day = 20000 + i
        assert ("dall-e-3, hd, 1024x1024" in lines(bucket)) == (day % 3 == 0)
        assert ("gpt-image-1, image output" in lines(bucket)) == (day % 4 == 0)
        assert ("gpt-4o-2024-08-06, input" in lines(bucket)) == (day % 2 == 1)
    image_day = next(b for i, b in enumerate(buckets) if (20000 + i) % 3 == 0)
    assert lines(image_day)["dall-e-3, hd, 1024x1024"] == {"value": 0.08, "currency": "usd"}
    odd_day = lines(buckets[1])
    assert odd_day["gpt-4o-2024-08-06, input"]["value"] == 0.00549
    assert odd_day["gpt-4o-2024-08-06, output"]["value"] == 0.00454
    amounts = [r["amount"] for b in buckets for r in b["results"]]
    assert None in amounts  # tolerant parsing: amount null
    assert any(a is not None and isinstance(a["value"], str) for a in amounts)  # and a numeric string
    assert {r["organization_id"] for b in buckets for r in b["results"]} == {"org-mock123"}

    default = (await http.get("/v1/organization/costs", headers=ADMIN, params={"start_time": start})).json()
    assert len(default["data"]) == 7 and default["has_more"] is True  # default limit 7, end_time = now
    assert all(len(b["results"]) <= 1 for b in default["data"])  # without group_by one total per day
    counted = (await http.get("/_aitestmock/openai/costs")).json()
    assert counted == {"requests": 4, "reports": 2}
    assert (await http.delete("/_aitestmock/openai/costs")).json() == {"requests": 0, "reports": 0}


async def test_openai_costs_has_no_buckets_for_days_to_come(http: httpx.AsyncClient) -> None:
    today = int(time.time()) // DAY * DAY
    params = {"start_time": today - DAY, "end_time": today + 30 * DAY, "limit": 31, "group_by": "line_item"}
    page = (await http.get("/v1/organization/costs", headers=ADMIN, params=params)).json()
    assert [b["start_time"] for b in page["data"]] == [today - DAY, today] and page["has_more"] is False


async def test_openai_costs_validation_and_auth(http: httpx.AsyncClient) -> None:
    url = "/v1/organization/costs"
    assert (await http.get(url, params={"start_time": 0})).status_code == 401
    project_key = await http.get(url, headers=KEY, params={"start_time": 0})
    assert project_key.status_code == 401 and "api.usage.read" in project_key.json()["error"]["message"]
    assert (await http.get(url, headers=ADMIN)).status_code == 400
    assert (await http.get(url, headers=ADMIN, params={"start_time": 0, "limit": 181})).status_code == 400
    assert (await http.get(url, headers=ADMIN, params={"start_time": 0, "bucket_width": "1h"})).status_code == 400
    assert (await http.get("/_aitestmock/openai/costs")).json() == {"requests": 5, "reports": 5}


async def test_openai_costs_triggers_in_the_admin_key(http: httpx.AsyncClient) -> None:
    async def costs(number: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer sk-admin-{number}"}
        return await http.get("/v1/organization/costs", headers=headers, params={"start_time": 20000 * DAY})

    assert (await costs("0002")).json()["error"]["code"] == "invalid_api_key"
    edge = await costs("0003")
    assert edge.status_code == 500 and edge.headers["content-type"].startswith("text/html")
    in_200 = await costs("0005")
    assert in_200.status_code == 200 and in_200.json()["error"]["type"] == "server_error"
    began = time.monotonic()
    assert (await costs("0006")).status_code == 200
    assert time.monotonic() - began >= 3 * CONFIG.time_scale * 0.9
    once = [await costs("0007") for _ in range(2)]
    assert [r.status_code for r in once] == [429, 200] and once[0].headers["retry-after"] == "1"
    assert (await costs("0008")).json()["error"]["code"] == "insufficient_quota"
    always = [await costs("0016") for _ in range(2)]
    assert [r.status_code for r in always] == [429, 429] and "retry-after" not in always[1].headers
    page = await costs("0028")
    assert page.status_code == 400 and "didn&#39;t provide a valid API key" in page.text


# --- Mureka ----------------------------------------------------------------------------------------


async def submit(http: httpx.AsyncClient, path: str, **body: Any) -> httpx.Response:
    return await http.post(path, headers=KEY, json=body)


async def poll(http: httpx.AsyncClient, kind: str, task_id: str, limit: float = 5.0) -> list[dict[str, Any]]:
    """Query until a terminal status; returns every answer."""
    answers: list[dict[str, Any]] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        response = await http.get(f"/v1/{kind}/query/{task_id}", headers=KEY)
        if response.status_code == 200:
            answers.append(response.json())
            if answers[-1]["status"] in ("succeeded", "failed", "timeouted", "cancelled"):
                return answers
        await asyncio.sleep(0.01)
    raise AssertionError(f"task {task_id} did not finish: {answers[-1:]}")


LYRICS = "[Verse]\nRaindrops on the window\nI hear you call\n\n[Chorus]\nOh the river light\nHold on tonight"


async def test_mureka_song_progresses_and_serves_audio(http: httpx.AsyncClient) -> None:
    submitted = await submit(http, "/v1/song/generate", lyrics=LYRICS, model="auto", prompt="indie pop, 20s")
    assert submitted.status_code == 200
    task = submitted.json()
    assert task["status"] == "preparing" and "choices" not in task
    assert len(task["id"]) == 14 and task["id"].isdigit() and isinstance(task["created_at"], int)

    answers = await poll(http, "song", task["id"])
    statuses = [a["status"] for a in answers]
    order = ["preparing", "queued", "running", "succeeded"]
    assert statuses == sorted(statuses, key=order.index)
    assert {"running", "succeeded"} <= set(statuses)
    assert all("choices" not in a for a in answers[:-1])
    done = answers[-1]
    assert done["finished_at"] >= done["created_at"] and done["model"].startswith("mureka-")
    choices = done["choices"]
    assert len(choices) == 2  # n defaults to 2
    assert "index" not in choices[0] and choices[1]["index"] == 1
    for choice in choices:
        assert choice["duration"] > 100_000
        sections = choice["lyrics_sections"]
        assert [s["section_type"] for s in sections] == ["verse", "chorus"]
        line = sections[0]["lines"][0]
        assert line["text"] == "Raindrops on the window"
        assert line["words"][0]["text"] == "Raindrops " and line["start"] <= line["words"][0]["start"]
        assert all(s["end"] <= choice["duration"] for s in sections)
    sung = [[line["text"] for s in c["lyrics_sections"] for line in s["lines"]] for c in choices]
    assert sung[0] == [line for line in LYRICS.splitlines() if line and not line.startswith("[")]
    assert sung[1] == [line for line in sung[0] if line != "I hear you call"]  # the second take drops a line
    mp3 = await http.get(choices[0]["url"])
    assert mp3.headers["content-type"] == "audio/mpeg"
    assert_mp3(mp3.content)
    assert len(mp3.content) / 96 * MP3_FRAME_SECONDS == pytest.approx(choices[0]["duration"] / 1000, abs=1)
    flac = await http.get(choices[1]["flac_url"])
    assert flac.headers["content-type"] == "audio/flac"
    assert_flac(flac.content)
    wav = await http.get(choices[0]["wav_url"])
    assert wav.headers["content-type"] == "audio/wav"
    assert_wav(wav.content)


def test_mureka_times_every_line_and_word_of_the_lyrics_over_the_song() -> None:
    chorus = "**Chorus:**\nOh the river light\nHold on tonight\n"
    lyrics = f"**Verse 1**\nPaper boats are sailing\nDown the empty street\n\n{chorus}\n[Verse 2]\nStill here\n{chorus}"
    sections = lyrics_sections(lyrics, 178_120)
    assert [s["section_type"] for s in sections] == ["verse", "chorus", "verse", "chorus"]
    lines = [line for s in sections for line in s["lines"]]
    words = [w for line in lines for w in line["words"]]
    assert "".join(w["text"] for w in lines[0]["words"]) == "Paper boats are sailing"
    assert sections[0]["start"] >= 0.06 * 178_120 and sections[-1]["end"] <= 0.96 * 178_120  # intro and outro
    for timed in (sections, lines, words):
        assert all(a["start"] < a["end"] <= b["start"] for a, b in itertools.pairwise(timed))  # in order
    assert all(w["end"] - w["start"] <= 3 * 420 for w in words)  # sung at a singer's pace, the rest is music
    assert sections[1]["start"] - sections[0]["end"] > 10_000
    assert lyrics_sections(lyrics, 178_120) == sections  # deterministic
    dropped = lyrics_sections(lyrics, 178_120, drop_line=True)
    sung = [line["text"] for s in dropped for line in s["lines"]]
    assert sung == [line["text"] for line in lines if line["text"] != "Down the empty street"]  # sung once
    assert lyrics_sections("[Intro]\n\n[Outro]", 60_000) == []
    assert lyrics_sections("One line", 9000, drop_line=True)[0]["lines"][0]["text"] == "One line"


async def test_mureka_instrumental_and_streaming_phase(http: httpx.AsyncClient) -> None:
    task = (await submit(http, "/v1/instrumental/generate", prompt="ambient pads", n=1)).json()
    done = (await poll(http, "instrumental", task["id"]))[-1]
    assert done["status"] == "succeeded" and len(done["choices"]) == 1
    assert "lyrics_sections" not in done["choices"][0]
    assert done["choices"][0]["url"].endswith(".mp3")
    assert (await http.get(f"/v1/song/query/{task['id']}", headers=KEY)).status_code == 400  # other kind

    # A 2 s generation (200 s × time_scale): its streaming half is wide enough to see on a loaded machine.
    streamed = (await submit(http, "/v1/song/generate", lyrics="la la", prompt="pop 200s", stream=True)).json()
    answers = await poll(http, "song", streamed["id"])
    streaming = [a for a in answers if a["status"] == "streaming"]
    assert streaming and all(c["stream_url"].endswith(".mp3") for c in streaming[0]["choices"])


async def test_mureka_durations_from_style_prompt(http: httpx.AsyncClient, app: Starlette) -> None:
    quick = (await submit(http, "/v1/song/generate", lyrics="la", prompt="5s punk")).json()
    slow = (await submit(http, "/v1/song/generate", lyrics="la", prompt="punk")).json()
    capped = (await submit(http, "/v1/song/generate", lyrics="la", prompt="900s opera")).json()
    await asyncio.sleep(10 * CONFIG.time_scale)
    quick_status = (await http.get(f"/v1/song/query/{quick['id']}", headers=KEY)).json()["status"]
    slow_status = (await http.get(f"/v1/song/query/{slow['id']}", headers=KEY)).json()["status"]
    assert quick_status == "succeeded" and slow_status in ("preparing", "queued", "running")
    jobs = app.state.mock.jobs
    assert jobs[slow["id"]].seconds == pytest.approx(30 * CONFIG.time_scale)
    assert jobs[capped["id"]].seconds == pytest.approx(300 * CONFIG.time_scale)
    instrumental = (await submit(http, "/v1/instrumental/generate", prompt="calm")).json()
    assert jobs[instrumental["id"]].seconds == pytest.approx(10 * CONFIG.time_scale)


async def test_mureka_triggers(http: httpx.AsyncClient) -> None:
    def message(response: httpx.Response) -> str:
        return response.json()["error"]["message"]

    bad_auth = await submit(http, "/v1/song/generate", lyrics="test 0002", prompt="1s")
    assert bad_auth.status_code == 401 and message(bad_auth) == "Invalid Authentication"
    assert "trace_id" in bad_auth.json()

    failing = (await submit(http, "/v1/song/generate", lyrics="test 0003", prompt="1s")).json()
    failed = (await poll(http, "song", failing["id"]))[-1]
    assert failed["status"] == "failed" and failed["failed_reason"] and "choices" not in failed

    assert [(await submit(http, "/v1/song/generate", lyrics="0004", prompt="1s")).status_code for _ in "ab"] == [
        503,
        200,
    ]
    limited = await submit(http, "/v1/song/generate", lyrics="0007", prompt="1s")
    assert limited.status_code == 429 and "Pace your requests" in message(limited)
    assert limited.headers["retry-after"] == "1"
    assert (await submit(http, "/v1/song/generate", lyrics="0007", prompt="1s")).status_code == 200
    for _ in range(2):
        quota = await submit(http, "/v1/song/generate", lyrics="0008", prompt="1s")
        assert quota.status_code == 429 and message(quota).startswith("You exceeded your current quota")

    for number, status in (("0010", 503), ("0011", 429)):
        task = (await submit(http, "/v1/song/generate", lyrics=f"test {number}", prompt="1s")).json()
        first = await http.get(f"/v1/song/query/{task['id']}", headers=KEY)
        assert first.status_code == status
        assert (await poll(http, "song", task["id"]))[-1]["status"] == "succeeded"

    assert (await submit(http, "/v1/instrumental/generate", prompt="0002 drums")).status_code == 401
    instrumental = (await submit(http, "/v1/instrumental/generate", prompt="0003 drums 1s")).json()
    assert (await poll(http, "instrumental", instrumental["id"]))[-1]["status"] == "failed"


async def test_mureka_validation_and_auth(http: httpx.AsyncClient) -> None:
    unknown = await http.get("/v1/song/query/12345678901234", headers=KEY)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Invalid Request, The corresponding task was not found."
    assert (await http.get("/v1/song/query/12345678901234")).status_code == 401
    assert (await http.post("/v1/song/generate", json={"lyrics": "la"})).status_code == 401
    unauthorized = await http.get("/v1/account/billing", headers={"Authorization": "Basic abc"})
    assert unauthorized.json()["error"]["message"] == "Invalid Authentication"

    invalid = [
        {},
        {"lyrics": "x" * 3001},
        {"lyrics": "la", "prompt": "p" * 1025},
        {"lyrics": "la", "n": 4},
        {"lyrics": "la", "n": 0},
        {"lyrics": "la", "prompt": "pop", "reference_id": "1"},
        {"lyrics": "la", "melody_id": "1", "vocal_id": "2"},
        {"lyrics": "la", "model": "mureka-o1", "stream": True},
        {"lyrics": "la", "model": "suno-4"},
    ]
    for body in invalid:
        assert (await submit(http, "/v1/song/generate", **body)).status_code == 400, body
    ok = await submit(http, "/v1/song/generate", lyrics="la", reference_id="1", vocal_id="2", n=3)
    assert ok.status_code == 200
    assert (await submit(http, "/v1/instrumental/generate", prompt="a", instrumental_id="b")).status_code == 400
    assert (await submit(http, "/v1/instrumental/generate")).status_code == 400
    assert (await submit(http, "/v1/instrumental/generate", instrumental_id="7")).status_code == 200


async def test_mureka_lyrics_stems_uploads_and_billing(http: httpx.AsyncClient) -> None:
    written = (await submit(http, "/v1/lyrics/generate", prompt="a song about trains")).json()
    assert written["title"] and "[Chorus]" in written["lyrics"]
    assert (await submit(http, "/v1/lyrics/generate", prompt="a song about trains")).json() == written
    extended = (await submit(http, "/v1/lyrics/extend", lyrics=written["lyrics"])).json()
    assert set(extended) == {"lyrics"} and extended["lyrics"].strip()
    assert (await submit(http, "/v1/lyrics/generate", prompt="0003")).status_code == 500
    assert (await submit(http, "/v1/lyrics/extend")).status_code == 400

    stem = (await submit(http, "/v1/song/stem", url="http://example.invalid/song.mp3")).json()
    assert stem["expires_at"] > time.time()
    archive = await http.get(stem["zip_url"])
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as stems:
        assert stems.testzip() is None
        names = stems.namelist()
        assert len(names) >= 2 and all(name.endswith(".mp3") for name in names)
        assert_mp3(stems.read(names[0]))

    files = {"file": ("ref.mp3", b"ID3" + bytes(100), "audio/mpeg")}
    uploaded = await http.post("/v1/files/upload", headers=KEY, files=files, data={"purpose": "reference"})
    assert uploaded.status_code == 200
    record = uploaded.json()
    assert record["bytes"] == 103 and record["filename"] == "ref.mp3" and record["purpose"] == "reference"
    assert record["id"] and isinstance(record["created_at"], int)
    wrong = await http.post("/v1/files/upload", headers=KEY, files=files, data={"purpose": "lunch"})
    assert wrong.status_code == 400

    billing = (await http.get("/v1/account/billing", headers=KEY)).json()
    assert set(billing) == {"account_id", "balance", "total_recharge", "total_spending", "concurrent_request_limit"}
    assert billing["balance"] == billing["total_recharge"] - billing["total_spending"]


async def query(http: httpx.AsyncClient, task_id: str, kind: str = "song") -> httpx.Response:
    return await http.get(f"/v1/{kind}/query/{task_id}", headers=KEY)


async def test_mureka_errors_inside_a_200(http: httpx.AsyncClient) -> None:
    for path, body in (
        ("/v1/song/generate", {"lyrics": "la 0012"}),
        ("/v1/instrumental/generate", {"prompt": "drums 0012"}),
        ("/v1/song/stem", {"url": "http://cdn.example/0012.mp3"}),
    ):
        answer = await submit(http, path, **body)
        assert answer.status_code == 200 and answer.json()["error"] == {"message": "Invalid Authentication"}
    no_task = await submit(http, "/v1/song/generate", lyrics="la 0015")
    assert no_task.status_code == 200 and not {"id", "status"} & set(no_task.json())
    no_zip = await submit(http, "/v1/song/stem", url="http://cdn.example/0015.mp3")
    assert no_zip.status_code == 200 and "zip_url" not in no_zip.json()

    not_found = (await submit(http, "/v1/song/generate", lyrics="la 0013", prompt="1s")).json()
    without = (await submit(http, "/v1/instrumental/generate", prompt="0014 1s")).json()
    await asyncio.sleep(2 * CONFIG.time_scale)
    for _ in range(2):  # for ever, also once the task would have finished
        answer = await query(http, not_found["id"])
        assert answer.status_code == 200
        assert answer.json() == {"message": "Invalid Request, The corresponding task was not found."}
        answer = await query(http, without["id"], "instrumental")
        assert answer.status_code == 200 and not {"id", "status", "error"} & set(answer.json())


async def test_mureka_rate_limits_that_never_end_and_ones_without_retry_after(http: httpx.AsyncClient) -> None:
    flat = {"error": "Too Many Requests", "message": "Too many requests, please slow down.", "code": 429}
    for _ in range(3):
        limited = await submit(http, "/v1/song/generate", lyrics="la 0016")
        assert limited.status_code == 429 and "retry-after" not in limited.headers
        assert flat.items() <= limited.json().items()
    assert (await submit(http, "/v1/song/stem", url="http://cdn.example/0016.mp3")).status_code == 429
    balance = await submit(http, "/v1/song/generate", lyrics="la 0025")
    assert balance.status_code == 402 and "Insufficient balance" in balance.json()["error"]["message"]
    region = await submit(http, "/v1/instrumental/generate", prompt="0026 pads")
    assert region.status_code == 403 and "region" in region.json()["error"]["message"]

    task = (await submit(http, "/v1/song/generate", lyrics="la 0017", prompt="1s")).json()
    await asyncio.sleep(2 * CONFIG.time_scale)
    for _ in range(3):
        limited = await query(http, task["id"])
        assert limited.status_code == 429 and "retry-after" not in limited.headers
        assert flat.items() <= limited.json().items()

    once = await submit(http, "/v1/song/generate", lyrics="la 0018", prompt="1s")
    assert once.status_code == 429 and "retry-after" not in once.headers
    assert "Pace your requests" in once.json()["error"]["message"]
    task = (await submit(http, "/v1/song/generate", lyrics="la 0018", prompt="1s")).json()
    first = await query(http, task["id"])
    assert first.status_code == 429 and "retry-after" not in first.headers
    assert (await poll(http, "song", task["id"]))[-1]["status"] == "succeeded"


async def test_mureka_timeouted_and_unknown_statuses(http: httpx.AsyncClient) -> None:
    timeouted = (await submit(http, "/v1/song/generate", lyrics="la 0019", prompt="1s")).json()
    ended = (await poll(http, "song", timeouted["id"]))[-1]
    assert ended["status"] == "timeouted" and ended["failed_reason"] == "" and "choices" not in ended
    assert ended["finished_at"] >= ended["created_at"]

    reviewing = (await submit(http, "/v1/song/generate", lyrics="la 0020", prompt="100s")).json()
    answers = await poll(http, "song", reviewing["id"])
    statuses = [a["status"] for a in answers]
    assert "reviewing" in statuses and "running" not in statuses and statuses[-1] == "succeeded"


async def test_mureka_result_files_that_are_gone_or_unreachable(http: httpx.AsyncClient) -> None:
    gone = (await submit(http, "/v1/song/generate", lyrics="la 0021", prompt="1s")).json()
    choices = (await poll(http, "song", gone["id"]))[-1]["choices"]
    urls = [choice[key] for choice in choices for key in ("url", "flac_url", "wav_url", "image_url")]
    assert all(url.startswith(str(http.base_url)) for url in urls)
    assert {(await http.get(url)).status_code for url in urls} == {404}
    stem = (await submit(http, "/v1/song/stem", url="http://cdn.example/0021.mp3")).json()
    assert (await http.get(stem["zip_url"])).status_code == 404

    dead = (await submit(http, "/v1/instrumental/generate", prompt="0022 pads 1s")).json()
    choices = (await poll(http, "instrumental", dead["id"]))[-1]["choices"]
    assert all(choice["url"].startswith("http://127.0.0.1:9/files/") for choice in choices)
    stem = (await submit(http, "/v1/song/stem", url="http://cdn.example/0022.mp3")).json()
    assert stem["zip_url"].startswith("http://127.0.0.1:9/files/")
    with pytest.raises(httpx.ConnectError):
        await http.get(choices[0]["url"])

    fine = (await submit(http, "/v1/song/generate", lyrics="la", prompt="1s")).json()
    cover = (await poll(http, "song", fine["id"]))[-1]["choices"][0]["image_url"]
    assert_png((await http.get(cover)).content, 256, 256)  # every choice has a real cover image


async def test_mureka_loose_answers(http: httpx.AsyncClient) -> None:
    for n in (1, 3):
        task = (await submit(http, "/v1/song/generate", lyrics=LYRICS + " 0023", prompt="1s", n=n)).json()
        done = (await poll(http, "song", task["id"]))[-1]
        assert not {"model", "trace_id", "failed_reason", "finished_at"} & set(done)
        first, second = done["choices"]  # exactly two, whatever n was
        assert "index" not in first and second["index"] == 1
        assert "wav_url" not in first and "wav_url" not in second
        assert isinstance(first["id"], int) and isinstance(first["duration"], str) and first["tags"] == "pop, dreamy ,"
        assert second["duration"] is None and second["title"] == 42 and second["flac_url"] is None
        assert_mp3((await http.get(first["url"])).content)
    stem = (await submit(http, "/v1/song/stem", url="http://cdn.example/0023.mp3")).json()
    assert set(stem) == {"zip_url", "trace_id"}  # no expires_at
    assert zipfile.ZipFile(io.BytesIO((await http.get(stem["zip_url"])).content)).namelist()


async def test_mureka_gateway_errors_and_slow_answers(http: httpx.AsyncClient) -> None:
    gateway = await submit(http, "/v1/song/generate", lyrics="la 0024", prompt="1s")
    assert gateway.status_code == 502 and gateway.headers["content-type"].startswith("text/html")
    task = (await submit(http, "/v1/song/generate", lyrics="la 0024", prompt="1s")).json()
    assert [(await query(http, task["id"])).status_code for _ in range(3)] == [502, 503, 504]
    assert (await poll(http, "song", task["id"]))[-1]["status"] == "succeeded"

    started = time.monotonic()
    slow = await submit(http, "/v1/song/generate", lyrics="la 0006", prompt="1s")
    assert time.monotonic() - started >= 3 * CONFIG.time_scale
    started = time.monotonic()
    assert (await query(http, slow.json()["id"])).status_code == 200
    assert time.monotonic() - started >= 3 * CONFIG.time_scale


async def test_mureka_counts_billed_requests(http: httpx.AsyncClient) -> None:
    counts = "/_aitestmock/mureka/submissions"
    assert (await http.get(counts)).json() == {"song": 0, "instrumental": 0, "stem": 0}
    await submit(http, "/v1/song/generate", lyrics="la")
    await submit(http, "/v1/song/generate", lyrics="la 0016")  # refused requests count too
    await http.post("/v1/song/generate", json={"lyrics": "no key"})
    await submit(http, "/v1/instrumental/generate", prompt="pads")
    await submit(http, "/v1/song/stem", url="http://cdn.example/a.mp3")
    await submit(http, "/v1/lyrics/generate", prompt="not billed")
    assert (await http.get(counts)).json() == {"song": 3, "instrumental": 1, "stem": 1}
    assert (await http.delete(counts)).json() == {"song": 0, "instrumental": 0, "stem": 0}
    assert (await http.get(counts)).json() == {"song": 0, "instrumental": 0, "stem": 0}


# --- files, mounting, isolation --------------------------------------------------------------------


async def test_files_route(http: httpx.AsyncClient) -> None:
    assert_png((await http.get("/files/image-64x32-00ff00.png")).content, 64, 32)
    assert (await http.get("/files/../secret.png")).status_code == 404
    assert (await http.get("/files/image-9999x9999.png")).status_code == 404
    assert (await http.get("/files/x.exe")).status_code == 404


async def test_mounted_under_a_prefix_returns_urls_back_to_the_mount() -> None:
    outer = Starlette(routes=[Mount("/mock", app=create_app(CONFIG))])
    async with serving(outer, access_log=False) as url, httpx.AsyncClient(base_url=url, timeout=10) as http:
        assert (await http.get("/mock/health")).json() == {"status": "ok"}
        for path in ("/mock/v1/images/generations", "/mock/api/v1/openai/images/generations"):
            image = (await http.post(path, headers=KEY, json={"prompt": "a boat"})).json()["data"][0]["url"]
            assert image.startswith(f"{url}/mock/files/")
            assert_png((await http.get(image)).content, 1024, 1024)

        task = (await http.post("/mock/v1/song/generate", headers=KEY, json={"lyrics": "la", "prompt": "1s"})).json()
        await asyncio.sleep(2 * CONFIG.time_scale)
        done = (await http.get(f"/mock/v1/song/query/{task['id']}", headers=KEY)).json()
        assert done["status"] == "succeeded"
        assert done["choices"][0]["url"].startswith(f"{url}/mock/files/")
        assert_mp3((await http.get(done["choices"][0]["url"])).content)
        assert_flac((await http.get(done["choices"][0]["flac_url"])).content)

        stem = (await http.post("/mock/v1/song/stem", headers=KEY, json={"url": done["choices"][0]["url"]})).json()
        assert stem["zip_url"].startswith(f"{url}/mock/files/")
        assert zipfile.ZipFile(io.BytesIO((await http.get(stem["zip_url"])).content)).namelist()


async def test_two_apps_do_not_share_state() -> None:
    body = chat_body("test 0004 isolation")
    async with (
        serving(create_app(CONFIG), access_log=False) as first,
        serving(create_app(CONFIG), access_log=False) as second,
        httpx.AsyncClient(timeout=10) as http,
    ):
        assert (await http.post(f"{first}/api/chat", json=body)).status_code == 503
        assert (await http.post(f"{second}/api/chat", json=body)).status_code == 503
        assert (await http.post(f"{first}/api/chat", json=body)).status_code == 200
        task = (await http.post(f"{first}/v1/song/generate", headers=KEY, json={"lyrics": "la"})).json()
        assert (await http.get(f"{second}/v1/song/query/{task['id']}", headers=KEY)).status_code == 400
