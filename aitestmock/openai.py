"""OpenAI's wire protocol: chat completions (JSON and SSE), models, dall-e-3 images and organization costs.

Routes are relative (`/chat/completions`, …); the app mounts them at `/v1` (the real API's paths) and at
`/api/v1/openai` (the original mock's base URL, which users may still have configured).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import secrets
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from aitestmock import triggers as t
from aitestmock.common import BadRequest, bearer_token, gateway_page, json_object, public_url, unix_now
from aitestmock.files import image_name
from aitestmock.state import MockState
from aitestmock.text import answer_tokens, estimate_tokens, seed_of

CHAT_MODELS = ("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini")
IMAGE_MODELS = ("dall-e-3",)
IMAGE_SIZES = ("1024x1024", "1792x1024", "1024x1792")
IMAGE_SECONDS = 2.0
MID_STREAM_TOKENS = 10
KEEP_ALIVE_EVERY = 50
DAY = 86400
COSTS_MAX_LIMIT = 180
ORGANIZATION = "org-mock123"

SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"
OVERLOADED = "The server is overloaded or not ready yet."
QUOTA = (
    "You exceeded your current quota, please check your plan and billing details. For more information on this "
    "error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
)
# What OpenAI's edge (Cloudflare) answers when the API behind it fails: a page, not the JSON error envelope.
EDGE_ERROR_PAGE = """<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
"""
# An OpenAI-compatible image server's auth failure: HTTP 400 with a page, its apostrophe an HTML entity.
AUTH_PAGE = """<!DOCTYPE html>
<html>
<head><title>400 Bad Request</title></head>
<body>
<h1>Bad Request</h1>
<p>Authentication failed: you didn&#39;t provide a valid API key ({key}).</p>
</body>
</html>
"""
CONTENT_POLICY = (
    "Your request was rejected as a result of our safety system. Your prompt may contain text that is not "
    "allowed by our safety system."
)


def error(
    status: int,
    message: str,
    kind: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """OpenAI's error envelope: {"error": {message, type, param, code}}."""
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def _mask(key: str) -> str:
    return key[:3] + "*" * max(4, len(key) - 7) + key[-4:] if len(key) > 8 else "*" * len(key)


def _content_text(content: Any) -> str:
    """Message content as text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def last_user_text(messages: list[Any]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return _content_text(message.get("content"))
    return ""


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


class OpenAIApi:
    def __init__(self, state: MockState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/chat/completions", self.chat, methods=["POST"]),
            Route("/models", self.models, methods=["GET"]),
            Route("/images/generations", self.images, methods=["POST"]),
            Route("/organization/costs", self.costs, methods=["GET"]),
        ]

    def admin_routes(self) -> list[Route]:
        """Mounted at the root, beside Mureka's: `/_aitestmock/openai/images` counts image generations,
        `/_aitestmock/openai/costs` the requests of the costs API."""
        return [
            Route("/_aitestmock/openai/images", self.image_requests, methods=["GET", "DELETE"]),
            Route("/_aitestmock/openai/costs", self.cost_requests, methods=["GET", "DELETE"]),
        ]

    async def image_requests(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.state.image_requests = 0
        return JSONResponse({"images": self.state.image_requests})

    async def cost_requests(self, request: Request) -> Response:
        """`requests`: every request of `/organization/costs`, whatever it was answered; `reports`: those
        without a `page` cursor, i.e. the reports asked for (each of any number of pages; a retry counts again)."""
        if request.method == "DELETE":
            self.state.cost_requests.clear()
        return JSONResponse(
            {"requests": self.state.cost_requests.total(), "reports": self.state.cost_requests["first"]}
        )

    # --- shared checks --------------------------------------------------------------------------

    @staticmethod
    def _missing_key() -> JSONResponse:
        return error(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using "
            "Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        )

    @staticmethod
    def _invalid_key_message(key: str) -> str:
        return (
            f"Incorrect API key provided: {_mask(key)}. You can find your API key at "
            "https://platform.openai.com/account/api-keys."
        )

    def _invalid_key(self, key: str) -> JSONResponse:
        return error(401, self._invalid_key_message(key), code="invalid_api_key")

    def _fault(self, number: str, route: str, raw: bytes, model: str) -> Response | None:
        """The error a test number asks for (0003, 0004 once, 0007 once, 0008, 0009), or None."""
        if number == t.GENERATION_FAILS:
            return error(500, SERVER_ERROR, "server_error")
        if number == t.OVERLOADED_ONCE and self.state.faults.first_time("openai", route, raw):
            return error(503, OVERLOADED, "server_error")
        if number == t.RATE_LIMITED_ONCE and self.state.faults.first_time("openai", route, raw):
            return error(
                429,
                f"Rate limit reached for {model} in organization org-mock123 on requests per min (RPM): "
                "Limit 3, Used 3, Requested 1. Please try again in 1s.",
                "requests",
                code="rate_limit_exceeded",
                headers={"Retry-After": "1", "retry-after-ms": "1000", "x-ratelimit-remaining-requests": "0"},
            )
        if number == t.QUOTA_EXCEEDED:
            return error(429, QUOTA, "insufficient_quota", code="insufficient_quota")
        if number == t.CONTENT_POLICY:
            return error(400, CONTENT_POLICY, code="content_policy_violation")
        return None

    async def _authorised_json(self, request: Request) -> tuple[str, dict[str, Any], bytes] | Response:
        """The key and the JSON body every POST needs, or the error OpenAI answers without them."""
        key = bearer_token(request)
        if key is None:
            return self._missing_key()
        try:
            body, raw = await json_object(request)
        except BadRequest as exc:
            return error(400, f"We could not parse the JSON body of your request. ({exc})")
        return key, body, raw

    # --- chat -----------------------------------------------------------------------------------

    async def chat(self, request: Request) -> Response:
        parsed = await self._authorised_json(request)
        if isinstance(parsed, Response):
            return parsed
        key, body, raw = parsed
        messages = body.get("messages")
        text = last_user_text(messages) if isinstance(messages, list) else ""
        number = t.find_test_number(text)
        if number == t.INVALID_AUTH:
            return self._invalid_key(key)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return error(400, "you must provide a model parameter", param="model")
        if not isinstance(messages, list) or not messages:
            return error(400, "'messages' must contain at least one message.", param="messages")
        limit = body.get("max_completion_tokens", body.get("max_tokens"))
        if limit is not None and not _positive_int(limit):
            return error(400, "max_tokens must be an integer of at least 1.", param="max_tokens")
        if model not in CHAT_MODELS:
            return error(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                code="model_not_found",
            )
        fault = self._fault(number, "chat", raw, model)
        if fault is not None:
            return fault

        config = self.state.config
        seed = seed_of("openai", model, json.dumps(messages, sort_keys=True))
        tokens = answer_tokens(model, text, seed, config.token_count)
        finish = "stop"
        if limit is not None and limit < len(tokens):
            tokens, finish = tokens[:limit], "length"
        prompt_tokens = 3 + sum(
            4 + estimate_tokens(_content_text(m.get("content"))) for m in messages if isinstance(m, dict)
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(tokens),
            "total_tokens": prompt_tokens + len(tokens),
        }
        slow = config.scaled(t.SLOW_FIRST_TOKEN_SECONDS) if number == t.SLOW_FIRST_TOKEN else 0.0
        completion_id = "chatcmpl-" + secrets.token_hex(12)
        headers = {"x-request-id": "req_" + secrets.token_hex(16)}

        if not body.get("stream"):
            if number == t.MID_STREAM_ERROR:
                return error(500, SERVER_ERROR, "server_error")
            await asyncio.sleep(slow + config.token_delay * len(tokens))
            return JSONResponse(
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": unix_now(),
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": "".join(tokens), "refusal": None},
                            "logprobs": None,
                            "finish_reason": finish,
                        }
                    ],
                    "usage": usage,
                    "system_fingerprint": "fp_aitestmock",
                },
                headers=headers,
            )

        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and bool(options.get("include_usage"))
        events = self._chat_events(completion_id, model, tokens, finish, usage if include_usage else None, slow, number)
        return StreamingResponse(
            events, media_type="text/event-stream", headers={**headers, "Cache-Control": "no-cache"}
        )

    async def _chat_events(
        self,
        completion_id: str,
        model: str,
        tokens: list[str],
        finish: str,
        usage: dict[str, int] | None,
        slow: float,
        number: str,
    ) -> AsyncIterator[str]:
        created = unix_now()

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> str:
            payload: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_aitestmock",
                "choices": choices,
            }
            if usage is not None:
                payload["usage"] = None
            payload.update(extra)
            return f"data: {json.dumps(payload)}\n\n"

        def delta(content: dict[str, Any], finish_reason: str | None = None) -> str:
            return chunk([{"index": 0, "delta": content, "logprobs": None, "finish_reason": finish_reason}])

        if slow:
            await asyncio.sleep(slow)
        yield delta({"role": "assistant", "content": "", "refusal": None})
        for i, token in enumerate(tokens):
            if i % KEEP_ALIVE_EVERY == 0:
                yield ": keep-alive\n\n"
            if number == t.MID_STREAM_ERROR and i == MID_STREAM_TOKENS:
                body = {"error": {"message": SERVER_ERROR, "type": "server_error", "param": None, "code": None}}
                yield f"data: {json.dumps(body)}\n\n"
                return
            await asyncio.sleep(self.state.config.token_delay)
            yield delta({"content": token})
        yield delta({}, finish)
        if usage is not None:
            yield chunk([], usage=usage)
        yield "data: [DONE]\n\n"

    # --- models ---------------------------------------------------------------------------------

    async def models(self, request: Request) -> Response:
        """The account's models. A GET carries no prompt, so its test number is read from the API key:
        0002 → 401 `invalid_api_key`, 0003 → 500 with the edge's HTML page (e.g. key `sk-mock-0003`)."""
        key = bearer_token(request)
        if key is None:
            return self._missing_key()
        number = t.find_test_number(key)
        if number == t.INVALID_AUTH:
            return self._invalid_key(key)
        if number == t.GENERATION_FAILS:
            return HTMLResponse(EDGE_ERROR_PAGE, status_code=500)
        created = 1_700_000_000
        data = [
            {"id": name, "object": "model", "created": created, "owned_by": "system"}
            for name in (*CHAT_MODELS, *IMAGE_MODELS)
        ]
        return JSONResponse({"object": "list", "data": data})

    # --- images ---------------------------------------------------------------------------------

    async def images(self, request: Request) -> Response:
        self.state.image_requests += 1
        parsed = await self._authorised_json(request)
        if isinstance(parsed, Response):
            return parsed
        key, body, raw = parsed
        prompt = body.get("prompt")
        number = t.find_test_number(prompt if isinstance(prompt, str) else "")
        if number == t.INVALID_AUTH:
            return self._invalid_key(key)
        if number == t.AUTH_PAGE_400:
            return HTMLResponse(AUTH_PAGE.format(key=_mask(key)), status_code=400)
        if number == t.AUTH_MESSAGE_400:
            return error(400, self._invalid_key_message(key))
        invalid = self._invalid_image_request(body)
        if invalid is not None:
            return invalid
        assert isinstance(prompt, str)
        model = body.get("model") or "dall-e-3"
        if model not in IMAGE_MODELS:
            return error(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                code="model_not_found",
            )
        fault = self._fault(number, "images", raw, model)
        if fault is None and number == t.MID_STREAM_ERROR:
            fault = error(500, SERVER_ERROR, "server_error")
        if fault is None and number == t.RATE_LIMITED_ALWAYS:
            fault = error(
                429, f"Rate limit reached for {model} on images per minute.", "requests", "rate_limit_exceeded"
            )
        if fault is None and number == t.GATEWAY_ERRORS and self.state.faults.first_time("openai", "images", raw):
            fault = gateway_page(502, "Bad Gateway")  # the generation may have started behind the gateway
        if fault is not None:
            return fault

        size = body.get("size") or "1024x1024"
        quality = body.get("quality") or "standard"
        style = body.get("style") or "vivid"
        seconds = t.duration_seconds(prompt, IMAGE_SECONDS)
        if number == t.SLOW_FIRST_TOKEN:
            seconds += t.SLOW_FIRST_TOKEN_SECONDS
        await asyncio.sleep(self.state.config.scaled(seconds))

        width, height = (int(side) for side in size.split("x"))
        name = image_name(width, height, seed_of(prompt, size, quality, style))
        item: dict[str, Any] = {
            "revised_prompt": f"{prompt.strip()} — rendered in a {style} style at {quality} quality (mock)."
        }
        if number == t.NO_IMAGE_DATA:
            return JSONResponse({"created": unix_now(), "data": []})
        if number == t.NO_IMAGE_IN_DATA:
            return JSONResponse({"created": unix_now(), "data": [item]})
        if (body.get("response_format") or "url") == "b64_json" and number != t.IMAGE_AS_URL:
            data = self.state.files.get(name)
            assert data is not None
            item["b64_json"] = base64.b64encode(data).decode()
        else:
            item["url"] = public_url(request, f"/files/{name}")
        return JSONResponse({"created": unix_now(), "data": [item]})

    @staticmethod
    def _invalid_image_request(body: dict[str, Any]) -> Response | None:
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            return error(400, "You must provide a prompt.", param="prompt")
        if len(prompt) > 4000:
            return error(
                400,
                f"Invalid 'prompt': string too long. Expected a string with maximum length 4000, but got a string "
                f"with length {len(prompt)} instead.",
                param="prompt",
                code="string_above_max_length",
            )
        n = body.get("n", 1)
        if n != 1 or isinstance(n, bool):
            return error(400, "You must provide n=1 for this model.", param="n")
        choices = {
            "size": IMAGE_SIZES,
            "quality": ("standard", "hd"),
            "style": ("vivid", "natural"),
            "response_format": ("url", "b64_json"),
        }
        for name, allowed in choices.items():
            value = body.get(name)
            if value is not None and value not in allowed:
                return error(
                    400,
                    f"{value!r} is not one of {list(allowed)} - '{name}'",
                    param=name,
                    code="invalid_value",
                )
        return None

    # --- costs ----------------------------------------------------------------------------------

    async def costs(self, request: Request) -> Response:
        """Daily buckets of a made-up but stable history (see `_day_results`), paged by `limit`. The test number
        comes from the admin key (a GET carries no other text), e.g. `sk-admin-0016`."""
        query = request.query_params
        self.state.cost_requests["page" if query.get("page") else "first"] += 1
        key = bearer_token(request)
        if key is None:
            return self._missing_key()
        number = t.find_test_number(key)
        if number == t.INVALID_AUTH:
            return self._invalid_key(key)
        if not key.startswith("sk-admin-"):
            return error(
                401,
                "You have insufficient permissions for this operation. Missing scopes: api.usage.read. Check that "
                "you have the correct role in your organization, and if you're using a restricted API key, that "
                "it has the necessary scopes.",
            )
        fault = await self._cost_fault(number, key, str(request.url.query))
        if fault is not None:
            return fault
        try:
            start = int(query["start_time"])
        except (KeyError, ValueError):
            return error(400, "start_time is required and must be a Unix timestamp in seconds.", param="start_time")
        try:
            end = int(query["end_time"]) if "end_time" in query else int(time.time())
            limit = int(query.get("limit", "7"))
        except ValueError:
            return error(400, "end_time and limit must be integers.", param="end_time")
        if query.get("bucket_width", "1d") != "1d":
            return error(400, "bucket_width must be '1d'.", param="bucket_width", code="invalid_value")
        if not 1 <= limit <= COSTS_MAX_LIMIT:
            return error(400, f"limit must be between 1 and {COSTS_MAX_LIMIT}.", param="limit")
        group_by = {
            part.strip()
            for value in (*query.getlist("group_by"), *query.getlist("group_by[]"))
            for part in value.split(",")
            if part.strip()
        }
        if not group_by <= {"line_item", "project_id"}:
            return error(400, "group_by accepts only 'line_item' and 'project_id'.", param="group_by")
        offset = 0
        if query.get("page"):
            try:
                offset = int(base64.urlsafe_b64decode(query["page"].removeprefix("page_").encode()))
            except (ValueError, binascii.Error):
                offset = -1
            if offset < 0:
                return error(400, "Invalid page cursor.", param="page")

        # Days that have begun: there are no buckets in the future.
        total = max(0, math.ceil((min(end, unix_now() + 1) - start) / DAY))
        buckets = [
            {
                "object": "bucket",
                "start_time": start + i * DAY,
                "end_time": start + (i + 1) * DAY,
                "results": _day_results((start + i * DAY) // DAY, group_by),
            }
            for i in range(offset, min(total, offset + limit))
        ]
        has_more = offset + limit < total
        next_page = "page_" + base64.urlsafe_b64encode(str(offset + limit).encode()).decode() if has_more else None
        return JSONResponse({"object": "page", "data": buckets, "has_more": has_more, "next_page": next_page})

    async def _cost_fault(self, number: str, key: str, query: str) -> Response | None:
        """The ugly answers of the costs API, by the test number in the admin key."""
        if number == t.GENERATION_FAILS:
            return HTMLResponse(EDGE_ERROR_PAGE, status_code=500)
        if number == t.MID_STREAM_ERROR:  # an error inside a 200 answer
            return JSONResponse(
                {"error": {"message": SERVER_ERROR, "type": "server_error", "param": None, "code": None}}
            )
        if number == t.SLOW_FIRST_TOKEN:
            await asyncio.sleep(self.state.config.scaled(t.SLOW_FIRST_TOKEN_SECONDS))
        if number == t.RATE_LIMITED_ONCE and self.state.faults.first_time("openai", "costs", key, query):
            return error(
                429,
                "Rate limit reached for organization costs requests. Please try again in 1s.",
                "requests",
                code="rate_limit_exceeded",
                headers={"Retry-After": "1", "retry-after-ms": "1000"},
            )
        if number == t.QUOTA_EXCEEDED:
            return error(429, QUOTA, "insufficient_quota", code="insufficient_quota")
        if number == t.RATE_LIMITED_ALWAYS:  # no Retry-After
            return error(429, "Rate limit reached for organization costs requests.", "requests", "rate_limit_exceeded")
        if number == t.AUTH_PAGE_400:
            return HTMLResponse(AUTH_PAGE.format(key=_mask(key)), status_code=400)
        return None


def _day_results(day: int, group_by: set[str]) -> list[dict[str, Any]]:
    """The cost lines of one day (numbered from the Unix epoch, so every query sees the same history).

    Every 3rd day a DALL-E 3 HD image ($0.08), every 4th a gpt-image-1 one ($0.042; an image model named gpt-…);
    every odd day gpt-4o input and output; days 2 after a multiple of 4 an embedding (neither image nor chat).
    Every 5th day adds a line with `amount: null` and every 7th day one whose `value` is a numeric string, as seen
    in real answers.
    """
    lines: list[tuple[str, Any]] = []
    if day % 3 == 0:
        lines.append(("dall-e-3, hd, 1024x1024", 0.08))
    if day % 4 == 0:
        lines.append(("gpt-image-1, image output", 0.042))
    if day % 2 == 1:
        lines += [("gpt-4o-2024-08-06, input", 0.00549), ("gpt-4o-2024-08-06, output", 0.00454)]
    if day % 4 == 2:
        lines.append(("text-embedding-3-small", 0.0002))
    if day % 5 == 0:
        lines.append(("Web search tool calls", None))
    if day % 7 == 0:
        lines.append(("gpt-4o-mini-2024-07-18, input", "0.00123"))
    project = "proj_mock123" if "project_id" in group_by else None

    def amount(value: Any) -> dict[str, Any] | None:
        return None if value is None else {"value": value, "currency": "usd"}

    if "line_item" not in group_by:
        if not lines:
            return []
        total = round(sum(float(value) for _, value in lines if value is not None), 6)
        lines = [("", total)]
    return [
        {
            "object": "organization.costs.result",
            "amount": amount(value),
            "line_item": name or None,
            "project_id": project,
            "organization_id": ORGANIZATION,
        }
        for name, value in lines
    ]
