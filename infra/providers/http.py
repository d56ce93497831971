"""What every provider adapter shares: httpx clients with explicit timeouts, retries, paced streams, and the
vendor-neutral half of error mapping.

Retries (full-jitter exponential backoff, 0.5 s → 8 s, at most 2 like the official OpenAI SDK, honouring
`retry-after-ms`, `retry-after` and `x-should-retry`) happen only where repeating cannot cost or duplicate
anything: idempotent calls, and the request phase of a generation whose answer said nothing was generated
(429 rate limit, 502/503, or a connection that never opened). Once a stream has started nothing is retried.
A policy may give rate limits a time budget instead of the retry count (Mureka may answer 429 for minutes).

How a vendor's error answers map to a ProviderErrorCode belongs to its adapter: each hands its Caller a
`Classify` function (`openai_errors.py`, `ollama.py`). What is the same for every vendor lives here for them
to compose: the `{"error": …}` envelope or a proxy's text/HTML page read as an `ErrorDetail`, the wording
that means "out of quota" or "no such model", one constructor per outcome (`invalid_key`, `rate_limited`, …)
and `by_status`, the fallback that judges by the HTTP status alone.

The parsing helpers are pure functions so they can be tested without I/O.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import html
import json
import random
import re
import ssl
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
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
    # Seconds a rate limit (a 429 that is not out of quota) may be waited out, however many answers that takes;
    # None: rate limits count against max_retries like any other error.
    rate_limit_budget: float | None = None

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay · 2^attempt)]."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** min(attempt, 32)))


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process, as httpx builds it (certifi, or SSL_CERT_FILE/SSL_CERT_DIR): each
    build reads the CA bundle (~0.1 s), and every client verifies against the same one."""
    return httpx.create_ssl_context()


def build_client(
    timeouts: Timeouts = Timeouts(),
    *,
    headers: Mapping[str, str] | None = None,
    max_connections: int = 20,
    follow_redirects: bool = False,
) -> httpx.AsyncClient:
    """`follow_redirects` only for a client that sends no credentials (result files on a CDN)."""
    return httpx.AsyncClient(
        timeout=timeouts.default(),
        verify=tls_context(),
        headers=dict(headers or {}),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        follow_redirects=follow_redirects,
    )


# --- retry hints ----------------------------------------------------------------------------------------------


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
        return max(0.0, parsed.timestamp() - (time.time() if now is None else now))
    return value if value >= 0 else None


def should_retry_header(headers: Mapping[str, str]) -> bool | None:
    """The server's own verdict (`x-should-retry: true|false`), or None when it gives none."""
    value = {k.lower(): v for k, v in headers.items()}.get("x-should-retry", "").strip().lower()
    return {"true": True, "false": False}.get(value)


# --- what an error answer says ---------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_SECRET_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_*\-.]{4,})")
_MODEL_UNKNOWN = re.compile(r"model.*(not found|does not exist)|model_not_found|no such model", re.IGNORECASE)
_OUT_OF_QUOTA = re.compile(r"insufficient_quota|exceeded your current quota|insufficient balance", re.IGNORECASE)


def redact(text: str, secrets: Sequence[str] = ()) -> str:
    """Remove secrets (and anything that looks like an OpenAI key, even masked) from a message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return _SECRET_PATTERN.sub("[redacted]", text)


def shorten(text: str) -> str:
    """Whitespace collapsed, at most 300 characters."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


def provider_words(message: str, secrets: Sequence[str] = ()) -> str:
    """A provider's own message as users may see it: entities decoded, secrets removed, short."""
    return shorten(redact(html.unescape(message), secrets))


def says_model_unknown(text: str) -> bool:
    return _MODEL_UNKNOWN.search(text) is not None


def says_out_of_quota(text: str) -> bool:
    return _OUT_OF_QUOTA.search(text) is not None


@dataclass(frozen=True)
class ErrorDetail:
    """What an error answer says, from the `{"error": …}` envelope most JSON APIs use, or from a page.

    `error` may be a string (Ollama) or an object with `message`, `code` and `type` (OpenAI, Mureka); a body
    without it may carry a top-level `message` or `detail`; anything else (a proxy's text or HTML page) is
    kept as its text without tags.
    """

    message: str = ""
    code: str = ""
    type: str = ""

    @classmethod
    def from_body(cls, body: bytes | str) -> ErrorDetail:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        text = text.strip()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return cls.from_mapping(parsed)
        return cls(message=_TAG.sub(" ", text))

    @classmethod
    def from_mapping(cls, body: Mapping[str, Any]) -> ErrorDetail:
        """A JSON object answer: the `error` envelope, or a top-level `message`/`detail` (with `code`/`type`)."""
        error = body.get("error")
        if isinstance(error, dict):
            return cls.from_value(error)
        message = body.get("message", body.get("detail"))
        if not isinstance(message, str) or not message:
            return cls.from_value(error if error is not None else message)
        # A flat body: {"error": "Too Many Requests", "message": "…", "code": 429, "type": "…"}.
        said = f"{error}: {message}" if isinstance(error, str) and error and error != message else message
        return cls(message=said, code=str(body.get("code") or ""), type=str(body.get("type") or ""))

    @classmethod
    def from_value(cls, error: Any) -> ErrorDetail:
        """The value of an `error` field: a string, an object, or nothing."""
        if isinstance(error, str):
            return cls(message=error)
        if isinstance(error, dict):
            message = error.get("message")
            return cls(
                message=message if isinstance(message, str) else json.dumps(error)[:_MAX_DETAIL],
                code=str(error.get("code") or ""),
                type=str(error.get("type") or ""),
            )
        if error is None:
            return cls()
        return cls(message=str(error))


@dataclass(frozen=True)
class ErrorAnswer:
    """A non-2xx answer, read whole: what a vendor's `Classify` turns into a ProviderError."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    model: str | None = None  # the model the request named, for "does not know the model '…'"

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers)


Classify = Callable[[ErrorAnswer], ProviderError]


# --- outcomes: one constructor per ProviderErrorCode, the same words for every vendor -------------------------
# `words` is the provider's own message, already passed through `provider_words` ("" when it said nothing).


def _said(words: str) -> str:
    return f": {words}" if words else ""


def _http(status: int | None) -> str:
    return f" (HTTP {status})" if status else ""


def invalid_key(label: str, status: int | None = None) -> ProviderError:
    return ProviderError(
        ProviderErrorCode.INVALID_API_KEY, f"{label} rejected the API key or its permissions{_http(status)}."
    )


def content_refused(label: str, words: str = "") -> ProviderError:
    return ProviderError(
        ProviderErrorCode.CONTENT_POLICY, f"{label} refused the request under its content policy{_said(words)}"
    )


def out_of_quota(label: str, status: int | None = None, words: str = "") -> ProviderError:
    """Out of credit: never retried."""
    return ProviderError(
        ProviderErrorCode.QUOTA_EXCEEDED,
        f"{label}: the account is out of credit or quota{_http(status)}{_said(words)}",
    )


def rate_limited(label: str, status: int | None = None, retry_after: float | None = None) -> ProviderError:
    wait = f" Try again in {retry_after:g} s." if retry_after is not None else ""
    return ProviderError(
        ProviderErrorCode.RATE_LIMITED,
        f"{label} is rate limiting requests{_http(status)}.{wait}",
        retry_after=retry_after,
        transient=True,
    )


def model_not_found(label: str, model: str | None = None, words: str = "") -> ProviderError:
    name = f" '{model}'" if model else ""
    return ProviderError(ProviderErrorCode.MODEL_NOT_FOUND, f"{label} does not know the model{name}{_said(words)}")


def no_such_endpoint(label: str) -> ProviderError:
    """A 404 that is not about a model: the base URL points somewhere else."""
    return ProviderError(
        ProviderErrorCode.PROVIDER_UNAVAILABLE, f"{label} has no such endpoint (HTTP 404): check its base URL."
    )


def timed_out(label: str, words: str = "") -> ProviderError:
    """The provider's own 408."""
    return ProviderError(ProviderErrorCode.TIMEOUT, f"{label} timed out (HTTP 408){_said(words)}", transient=True)


def refused(label: str, status: int | None = None, words: str = "") -> ProviderError:
    return ProviderError(ProviderErrorCode.BAD_REQUEST, f"{label} refused the request{_http(status)}{_said(words)}")


def unavailable(
    label: str, status: int | None = None, words: str = "", *, retry_after: float | None = None
) -> ProviderError:
    """A failure on the provider's side (5xx, 409, an error inside a 200 stream): transient."""
    what = "is overloaded" if status == 503 else "failed"
    return ProviderError(
        ProviderErrorCode.PROVIDER_UNAVAILABLE,
        f"{label} {what}{_http(status)}{_said(words)}",
        retry_after=retry_after,
        transient=True,
    )


def by_status(label: str, status: int | None, words: str = "", *, retry_after: float | None = None) -> ProviderError:
    """What the HTTP status alone says, for whatever a vendor's own markers did not settle.

    401/403 a rejected key, 402 no credit, 429 too fast, 404 a wrong base URL, 408 a timeout, another 4xx
    (except 409) a refused request; 409, 5xx and an error without a status (inside a 200) are transient.
    """
    if status in (401, 403):
        return invalid_key(label, status)
    if status == 402:
        return out_of_quota(label, status, words)
    if status == 429:
        return rate_limited(label, status, retry_after)
    if status == 404:
        return no_such_endpoint(label)
    if status == 408:
        return timed_out(label, words)
    if status is not None and 400 <= status < 500 and status != 409:
        return refused(label, status, words)
    return unavailable(label, status, words, retry_after=retry_after)


def file_error(answer: ErrorAnswer, *, label: str, path: str) -> ProviderError:
    """A result file's host answering an error. A file that is not there (gone, expired, never made) stays so:
    not transient. Anything else by status."""
    if answer.status in (401, 403, 404, 410):
        return ProviderError(
            ProviderErrorCode.PROVIDER_UNAVAILABLE,
            f"{label} has no file {path} (HTTP {answer.status}): it may have expired.",
        )
    words = provider_words(ErrorDetail.from_body(answer.body).message)
    return by_status(label, answer.status, words, retry_after=answer.retry_after)


def error_from_exception(exc: httpx.HTTPError, *, label: str, waited: float | None = None) -> ProviderError:
    """A request that got no answer: connecting failed or timed out, or the connection broke."""
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


def parse_ndjson_line(line: str, *, label: str) -> dict[str, Any] | None:
    """One NDJSON line as an object (None for a blank line); an unparsable line is an invalid answer."""
    line = line.strip()
    if not line:
        return None
    try:
        value = json.loads(line)
    except ValueError:
        raise invalid_response(label, f"not JSON: {shorten(line)[:80]}") from None
    if not isinstance(value, dict):
        raise invalid_response(label, "a line is not a JSON object")
    return value


# --- sending ---------------------------------------------------------------------------------------------------

IDEMPOTENT_RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
# A generation answered with one of these has generated nothing: repeating it cannot duplicate work or cost.
GENERATION_RETRY_STATUSES = frozenset({429, 502, 503})


def never_sent(exc: BaseException | None) -> bool:
    """A request that failed before it left (no connection opened): repeating it cannot duplicate anything.

    Caller raises a failed request's ProviderError `from` the httpx exception, so an adapter can ask this of
    `error.__cause__` to tell a request the provider never saw from one whose answer was lost."""
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


@dataclass(frozen=True)
class Caller:
    """How one adapter sends: its client, label for messages, policy, and how its vendor's errors read."""

    client: httpx.AsyncClient
    label: str
    timeouts: Timeouts
    retry: RetryPolicy
    classify: Classify
    headers: Mapping[str, str] = field(default_factory=dict)
    # The statuses after which a non-idempotent call is tried again: those that say nothing was started.
    generation_retry_statuses: frozenset[int] = GENERATION_RETRY_STATUSES

    async def send(
        self,
        method: str,
        url: str,
        *,
        json_body: Any = None,
        idempotent: bool,
        read_timeout: float | None = None,
        model: str | None = None,
    ) -> httpx.Response:
        """Send with retries; return the 2xx response, read whole, or raise ProviderError.

        `idempotent` calls retry timeouts, connection failures and transient statuses. Otherwise only a
        connection that never opened and a status in `generation_retry_statuses` are retried. A rate limit is
        retried for up to `retry.rate_limit_budget` seconds when the policy sets one.
        """
        return await self._send(
            method, url, json_body=json_body, idempotent=idempotent, stream=False, read=read_timeout, model=model
        )

    @asynccontextmanager
    async def stream(
        self, method: str, url: str, *, json_body: Any = None, idempotent: bool, model: str | None = None
    ) -> AsyncIterator[httpx.Response]:
        """Send like `send` and hold the 2xx response open for its body to be read as it arrives.

        The first chunk of the body may take `first_byte`, every later one at most `read`; a stall, a broken
        connection or a cut stream is raised from the body's iterators as a ProviderError. Closed on exit.
        """
        response = await self._send(
            method,
            url,
            json_body=json_body,
            idempotent=idempotent,
            stream=True,
            read=self.timeouts.first_byte,
            model=model,
        )
        try:
            if isinstance(response.stream, httpx.AsyncByteStream):
                response.stream = _PacedStream(response.stream, self.label, self.timeouts)
            yield response
        finally:
            await response.aclose()

    async def _send(
        self,
        method: str,
        url: str,
        *,
        json_body: Any,
        idempotent: bool,
        stream: bool,
        read: float | None,
        model: str | None,
    ) -> httpx.Response:
        read = self.timeouts.read if read is None else read
        attempt, started = 0, time.monotonic()
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
                if (idempotent or never_sent(exc)) and attempt < self.retry.max_retries:
                    await asyncio.sleep(self.retry.backoff(attempt))
                    attempt += 1
                    continue
                raise error from exc
            if response.is_success:
                return response
            try:
                body = await response.aread()
            except httpx.HTTPError:
                body = b""
            finally:
                await response.aclose()
            error = self.classify(ErrorAnswer(response.status_code, response.headers, body, model))
            delay = self._retry_delay(response, error, attempt, idempotent=idempotent, since=started)
            if delay is None:
                raise error
            await asyncio.sleep(delay)
            attempt += 1

    def _retry_delay(
        self, response: httpx.Response, error: ProviderError, attempt: int, *, idempotent: bool, since: float
    ) -> float | None:
        budget = self.retry.rate_limit_budget if error.code is ProviderErrorCode.RATE_LIMITED else None
        if error.code is ProviderErrorCode.QUOTA_EXCEEDED or (budget is None and attempt >= self.retry.max_retries):
            return None
        verdict = should_retry_header(response.headers)
        statuses = IDEMPOTENT_RETRY_STATUSES if idempotent else self.generation_retry_statuses
        if verdict is False or (verdict is None and response.status_code not in statuses):
            return None
        delay = self.retry.backoff(attempt)
        if error.retry_after is not None and error.retry_after > 0:
            if error.retry_after > self.retry.max_retry_after:
                return None  # too long to hold a request open: the caller sees retry_after
            delay = error.retry_after
        if budget is not None and time.monotonic() - since + delay > budget:
            return None  # the wait would outlast the budget: give up now rather than sleep and then give up
        return delay


class _PacedStream(httpx.AsyncByteStream):
    """A streamed body whose first chunk may take `first_byte` and every later one at most `read`.

    httpx bounds each socket read by the request's read timeout (`first_byte` for a stream); this tightens it
    once the answer has started. Every failure leaves as a ProviderError, whichever reader (SSE, NDJSON) pulls.
    """

    def __init__(self, inner: httpx.AsyncByteStream, label: str, timeouts: Timeouts) -> None:
        self._inner = inner
        self._label = label
        self._timeouts = timeouts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._inner.__aiter__()
        first, limit = True, self._timeouts.first_byte
        try:
            while True:
                try:
                    async with asyncio.timeout(limit):
                        chunk = await anext(chunks)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    what = "started no answer within" if first else "stopped sending for"
                    raise ProviderError(
                        ProviderErrorCode.TIMEOUT, f"{self._label} {what} {limit:g} s.", transient=True
                    ) from None
                except httpx.HTTPError as exc:
                    raise error_from_exception(exc, label=self._label, waited=limit) from None
                first, limit = False, self._timeouts.read
                yield chunk
        finally:
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()

    async def aclose(self) -> None:
        await self._inner.aclose()
