"""What the chat adapters share: httpx clients with explicit timeouts, retries, error mapping, stream parsing.

Retries (full-jitter exponential backoff, 0.5 s → 8 s, at most 2 like the official OpenAI SDK, honouring
`retry-after-ms`, `retry-after` and `x-should-retry`) happen only where repeating cannot cost or duplicate
anything: idempotent calls, and the request phase of a generation whose answer said nothing was generated
(429 rate limit, 502/503, or a connection that never opened). Once a stream has started nothing is retried.

The parsing helpers (`parse_retry_after`, `error_from_response`, `error_from_payload`, `SseDecoder`,
`parse_ndjson_line`) are pure functions so they can be tested without I/O.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import re
import time
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode

_MAX_DETAIL = 300


@dataclass(frozen=True)
class Timeouts:
    """Explicit timeouts in seconds.

    `read` bounds a metadata call and, in a stream, the stall between two chunks. `first_byte` bounds the
    wait for the first byte of a generation: a cold Ollama model sends no headers until it has loaded (30–60 s
    or more). `answer` bounds a whole non-streamed answer, which arrives in one piece at the end.
    """

    connect: float = 10.0
    read: float = 60.0
    write: float = 30.0
    pool: float = 10.0
    first_byte: float = 300.0
    answer: float = 600.0

    def default(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)

    def waiting(self, read: float) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A Retry-After longer than this is not waited for: the error is raised with `retry_after` set.
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay · 2^attempt)]."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


def build_client(
    timeouts: Timeouts = Timeouts(), *, headers: Mapping[str, str] | None = None, max_connections: int = 20
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeouts.default(),
        headers=dict(headers or {}),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        follow_redirects=False,
    )


# --- error mapping --------------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_SECRET_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_*\-.]{4,})")


def redact(text: str, secrets: Sequence[str] = ()) -> str:
    """Remove secrets (and anything that looks like an OpenAI key, even masked) from a message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return _SECRET_PATTERN.sub("[redacted]", text)


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait, from `retry-after-ms`, or `retry-after` as seconds or an HTTP date; None if absent."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms is not None:
        try:
            value = float(raw_ms) / 1000
        except ValueError:
            value = -1.0
        if value >= 0:
            return value
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        value = float(raw)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - (time.time() if now is None else now))
    return value if value >= 0 else None


def should_retry_header(headers: Mapping[str, str]) -> bool | None:
    """The server's own verdict (`x-should-retry: true|false`), or None when it gives none."""
    value = {k.lower(): v for k, v in headers.items()}.get("x-should-retry", "").strip().lower()
    return {"true": True, "false": False}.get(value)


@dataclass(frozen=True)
class _Detail:
    message: str = ""
    code: str = ""
    type: str = ""


def _detail_from_body(body: bytes | str) -> _Detail:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = text.strip()
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return _detail_from_error_value(parsed.get("error", parsed.get("message", parsed.get("detail"))))
    return _Detail(message=_TAG.sub(" ", text))  # a proxy's text or HTML page


def _detail_from_error_value(error: Any) -> _Detail:
    if isinstance(error, str):
        return _Detail(message=error)
    if isinstance(error, dict):
        message = error.get("message")
        return _Detail(
            message=message if isinstance(message, str) else json.dumps(error)[:_MAX_DETAIL],
            code=str(error.get("code") or ""),
            type=str(error.get("type") or ""),
        )
    if error is None:
        return _Detail()
    return _Detail(message=str(error))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


_MODEL_NOT_FOUND = re.compile(r"model.*(not found|does not exist)|model_not_found|no such model", re.IGNORECASE)
_QUOTA = re.compile(r"insufficient_quota|exceeded your current quota|insufficient balance", re.IGNORECASE)
_POLICY_CODES = {"content_policy_violation", "content_filter", "moderation_blocked"}


def _classify(
    status: int | None,
    detail: _Detail,
    *,
    label: str,
    model: str | None,
    retry_after: float | None,
    secrets: Sequence[str],
) -> ProviderError:
    text = _short(redact(detail.message, secrets))
    said = f": {text}" if text else ""
    marker = f"{detail.code} {detail.type} {detail.message}"
    http = f" (HTTP {status})" if status else ""
    if status in (401, 403) or detail.code in ("invalid_api_key", "invalid_authentication"):
        return ProviderError(
            ProviderErrorCode.INVALID_API_KEY, f"{label} rejected the API key or its permissions{http}."
        )
    if detail.code in _POLICY_CODES or detail.type in _POLICY_CODES:
        return ProviderError(
            ProviderErrorCode.CONTENT_POLICY, f"{label} refused the request under its content policy{said}"
        )
    if status == 402 or detail.code == "insufficient_quota" or (status == 429 and _QUOTA.search(marker)):
        return ProviderError(
            ProviderErrorCode.QUOTA_EXCEEDED, f"{label}: the account is out of credit or quota{http}{said}"
        )
    if status == 429 or detail.code in ("rate_limit_exceeded", "rate_limit"):
        wait = f" Try again in {retry_after:g} s." if retry_after is not None else ""
        return ProviderError(
            ProviderErrorCode.RATE_LIMITED,
            f"{label} is rate limiting requests{http}.{wait}",
            retry_after=retry_after,
            transient=True,
        )
    if detail.code == "model_not_found" or (status in (400, 404, None) and _MODEL_NOT_FOUND.search(detail.message)):
        name = f" '{model}'" if model else ""
        return ProviderError(ProviderErrorCode.MODEL_NOT_FOUND, f"{label} does not know the model{name}{said}")
    if status == 404:
        return ProviderError(
            ProviderErrorCode.PROVIDER_UNAVAILABLE, f"{label} has no such endpoint (HTTP 404): check its base URL."
        )
    if status == 408:
        return ProviderError(ProviderErrorCode.TIMEOUT, f"{label} timed out (HTTP 408){said}", transient=True)
    if status is not None and 400 <= status < 500 and status != 409:
        return ProviderError(ProviderErrorCode.BAD_REQUEST, f"{label} refused the request{http}{said}")
    what = "is overloaded" if status == 503 else "failed"
    return ProviderError(
        ProviderErrorCode.PROVIDER_UNAVAILABLE,
        f"{label} {what}{http}{said}",
        retry_after=retry_after,
        transient=True,
    )


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    label: str,
    model: str | None = None,
    secrets: Sequence[str] = (),
) -> ProviderError:
    """Map an HTTP error answer (JSON in either provider's envelope, or any text) to a ProviderError."""
    return _classify(
        status,
        _detail_from_body(body),
        label=label,
        model=model,
        retry_after=parse_retry_after(headers),
        secrets=secrets,
    )


def error_from_payload(
    error: Any, *, label: str, model: str | None = None, secrets: Sequence[str] = ()
) -> ProviderError:
    """Map an error reported inside a 200 answer (an NDJSON line or SSE event `{"error": …}`)."""
    return _classify(None, _detail_from_error_value(error), label=label, model=model, retry_after=None, secrets=secrets)


def error_from_exception(exc: httpx.HTTPError, *, label: str, waited: float | None = None) -> ProviderError:
    if isinstance(exc, httpx.TimeoutException):
        if isinstance(exc, httpx.ConnectTimeout):
            return ProviderError(ProviderErrorCode.TIMEOUT, f"{label}: connecting timed out.", transient=True)
        limit = f" within {waited:g} s" if waited is not None else " in time"
        return ProviderError(ProviderErrorCode.TIMEOUT, f"{label} did not answer{limit}.", transient=True)
    if isinstance(exc, httpx.ConnectError):
        return ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, f"Cannot connect to {label}.", transient=True)
    return ProviderError(
        ProviderErrorCode.PROVIDER_UNAVAILABLE,
        f"{label}: the connection failed ({type(exc).__name__}).",
        transient=True,
    )


def invalid_response(label: str, what: str) -> ProviderError:
    return ProviderError(
        ProviderErrorCode.PROVIDER_UNAVAILABLE, f"{label} sent an invalid answer: {what}.", transient=True
    )


def json_object(response: httpx.Response, label: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise invalid_response(label, "not JSON") from None
    if not isinstance(body, dict):
        raise invalid_response(label, "not a JSON object")
    return body


# --- stream parsing -------------------------------------------------------------------------------------------


def parse_ndjson_line(line: str, *, label: str) -> dict[str, Any] | None:
    """One NDJSON line as an object (None for a blank line); an unparsable line is an invalid answer."""
    line = line.strip()
    if not line:
        return None
    try:
        value = json.loads(line)
    except ValueError:
        raise invalid_response(label, f"not JSON: {_short(line)[:80]}") from None
    if not isinstance(value, dict):
        raise invalid_response(label, "a line is not a JSON object")
    return value


@dataclass
class SseDecoder:
    """Server-sent events, line by line: `data:` lines accumulate, a blank line dispatches the event.

    Lines starting with `:` are comments; `event:`, `id:` and `retry:` fields are kept or ignored as the
    specification says. `feed` returns the data of a completed event (or None), `flush` the pending one.
    """

    _data: list[str] = field(default_factory=list)
    event: str | None = None

    def feed(self, line: str) -> str | None:
        line = line.rstrip("\r\n")
        if line == "":
            return self.flush()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self.event = value
        return None

    def flush(self) -> str | None:
        if not self._data:
            self.event = None
            return None
        data = "\n".join(self._data)
        self._data = []
        return data


# --- sending ---------------------------------------------------------------------------------------------------

IDEMPOTENT_RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
# A generation answered with one of these has generated nothing: repeating it cannot duplicate work or cost.
GENERATION_RETRY_STATUSES = frozenset({429, 502, 503})


@dataclass(frozen=True)
class Caller:
    """How one adapter sends: its client, label for messages, policy, and the secrets to keep out of errors."""

    client: httpx.AsyncClient
    label: str
    timeouts: Timeouts
    retry: RetryPolicy
    secrets: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    async def send(
        self,
        method: str,
        url: str,
        *,
        json_body: Any = None,
        idempotent: bool,
        stream: bool = False,
        read_timeout: float | None = None,
        model: str | None = None,
    ) -> httpx.Response:
        """Send with retries; return a 2xx response (its body still open when `stream`), or raise ProviderError.

        `idempotent` calls retry timeouts, connection failures and transient statuses. Otherwise only a
        connection that never opened and a status in GENERATION_RETRY_STATUSES are retried.
        """
        read = self.timeouts.read if read_timeout is None else read_timeout
        attempt = 0
        while True:
            request = self.client.build_request(
                method, url, json=json_body, headers=self.headers, timeout=self.timeouts.waiting(read)
            )
            try:
                response = await self.client.send(request, stream=True)
                if response.is_success and not stream:
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
            except httpx.HTTPError as exc:
                error = error_from_exception(exc, label=self.label, waited=read)
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
                if (idempotent or never_sent) and attempt < self.retry.max_retries:
                    await asyncio.sleep(self.retry.backoff(attempt))
                    attempt += 1
                    continue
                raise error from None
            if response.is_success:
                return response
            try:
                body = await response.aread()
            except httpx.HTTPError:
                body = b""
            finally:
                await response.aclose()
            error = error_from_response(
                response.status_code, response.headers, body, label=self.label, model=model, secrets=self.secrets
            )
            delay = self._retry_delay(response, error, attempt, idempotent=idempotent)
            if delay is None:
                raise error
            await asyncio.sleep(delay)
            attempt += 1

    def _retry_delay(
        self, response: httpx.Response, error: ProviderError, attempt: int, *, idempotent: bool
    ) -> float | None:
        if attempt >= self.retry.max_retries or error.code is ProviderErrorCode.QUOTA_EXCEEDED:
            return None
        verdict = should_retry_header(response.headers)
        statuses = IDEMPOTENT_RETRY_STATUSES if idempotent else GENERATION_RETRY_STATUSES
        if verdict is False or (verdict is None and response.status_code not in statuses):
            return None
        if error.retry_after is not None and error.retry_after > 0:
            if error.retry_after > self.retry.max_retry_after:
                return None  # too long to hold a request open: the caller sees retry_after
            return error.retry_after
        return self.retry.backoff(attempt)


async def iter_lines(response: httpx.Response, *, caller: Caller) -> AsyncGenerator[str, None]:
    """The lines of a streamed body. The first may take `first_byte`; later ones may stall at most `read`."""
    lines = response.aiter_lines()
    first, limit = True, caller.timeouts.first_byte
    try:
        while True:
            try:
                async with asyncio.timeout(limit):
                    line = await anext(lines)
            except StopAsyncIteration:
                return
            except TimeoutError:
                what = "started no answer within" if first else "stopped sending for"
                raise ProviderError(
                    ProviderErrorCode.TIMEOUT, f"{caller.label} {what} {limit:g} s.", transient=True
                ) from None
            except httpx.HTTPError as exc:
                raise error_from_exception(exc, label=caller.label, waited=limit) from None
            first, limit = False, caller.timeouts.read
            yield line
    finally:
        await response.aclose()
