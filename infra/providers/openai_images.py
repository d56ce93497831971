"""OpenAI images adapter (`ImageProvider`): one dall-e-3 generation per call, its error answers read by
`openai_errors` like chat's.

A generation is billed, so it is sent again only when OpenAI cannot have started it: no connection opened, a 429
rate limit (waited out after Retry-After or a jittered backoff, at most `retry.max_retries` times) or a 503. An
answer lost after the request left (a timeout, a broken connection, a 500/502/504, nonsense in a 200) is a
non-transient error: sending again could pay twice. The image comes as `b64_json`; an answer carrying a `url`
instead is downloaded at once (such URLs expire) by a client that never sends the API key and follows redirects.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.images.provider import GeneratedImage, ImageProvider, ImageRequest
from infra.providers.http import (
    Caller,
    ErrorAnswer,
    RetryPolicy,
    Timeouts,
    build_client,
    file_error,
    json_object,
    never_sent,
    redact,
    shorten,
)
from infra.providers.openai_errors import LABEL, error_from_answer, error_from_payload

DEFAULT_BASE_URL = "https://api.openai.com/v1"

# A billed call is repeated only after an answer that says nothing was started.
_NOTHING_STARTED = frozenset({429, 503})
# The first bytes of each image format DALL-E or a compatible server may send.
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))


class OpenAIImageProvider:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str = "",
        *,
        client: httpx.AsyncClient | None = None,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
    ) -> None:
        """`base_url` includes the version (`https://api.openai.com/v1`). `timeouts.answer` bounds the wait for a
        generation (it answers in one piece, after 10–60 s); `timeouts.read` the download of a URL answer."""
        self._base = base_url.rstrip("/")
        self._api_key = api_key
        self._secrets = (api_key,) if api_key else ()
        self._own_client = client is None
        self._client = client or build_client(timeouts)
        self._files = build_client(timeouts, follow_redirects=True)  # never sends the key
        self._caller = Caller(
            self._client,
            LABEL,
            timeouts,
            retry,
            classify=self._billed_error,
            headers={"authorization": f"Bearer {api_key}"},
            generation_retry_statuses=_NOTHING_STARTED,
        )

    async def aclose(self) -> None:
        await self._files.aclose()
        if self._own_client:
            await self._client.aclose()

    async def generate(self, request: ImageRequest) -> GeneratedImage:
        if not self._api_key:
            raise ProviderError(ProviderErrorCode.INVALID_API_KEY, "OpenAI API key not configured.")
        body = {
            "model": request.model,
            "prompt": request.prompt,
            "n": 1,
            "size": request.size.value,
            "quality": request.quality.value,
            "style": request.style.value,
            "response_format": "b64_json",
        }
        try:
            response = await self._caller.send(
                "POST",
                f"{self._base}/images/generations",
                json_body=body,
                idempotent=False,
                read_timeout=self._caller.timeouts.answer,
                model=request.model,
            )
        except ProviderError as error:
            if isinstance(error.__cause__, httpx.HTTPError) and not never_sent(error.__cause__):
                raise _not_again(error) from None
            raise  # an answer that said what happened, or nothing was sent
        try:
            answer = json_object(response, LABEL)
        except ProviderError as error:
            raise _not_again(error) from None  # a 200 that is not JSON: the request was taken
        return await self._image(answer)

    def _billed_error(self, answer: ErrorAnswer) -> ProviderError:
        """A 5xx other than 503 may come from a gateway after OpenAI took the request: never sent again."""
        error = error_from_answer(answer, secrets=self._secrets)
        if answer.status >= 500 and answer.status != 503:
            return _not_again(error)
        return error

    async def _image(self, answer: Mapping[str, Any]) -> GeneratedImage:
        if answer.get("error"):
            raise _not_again(error_from_payload(answer["error"], secrets=self._secrets))
        data = answer.get("data")
        item = data[0] if isinstance(data, list) and data else None
        if not isinstance(item, Mapping):
            raise _no_image("its answer has no data")
        revised = item.get("revised_prompt")
        revised_prompt = revised.strip() if isinstance(revised, str) and revised.strip() else None
        encoded, url = item.get("b64_json"), item.get("url")
        if isinstance(encoded, str) and encoded:
            try:
                image = base64.b64decode(encoded, validate=True)
            except binascii.Error:
                raise _no_image("its b64_json is not base64") from None
            header = None
        elif isinstance(url, str) and url:
            image, header = await self._download(url)
        else:
            raise _no_image("its answer has neither b64_json nor url")
        content_type = _image_type(image, header)
        if content_type is None:
            raise _no_image("what it sent is not an image")
        return GeneratedImage(image, content_type, revised_prompt)

    async def _download(self, url: str) -> tuple[bytes, str | None]:
        """The image and its Content-Type header. The generation is paid for whatever happens here."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            parsed = None
        path = shorten(redact(parsed.path if parsed else url, self._secrets))  # never the query: a signed URL's token
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise _no_image(f"its image URL is not one: {path[:120]}")
        label = f"OpenAI's image host {parsed.netloc.decode()}"
        caller = Caller(
            self._files,
            label,
            self._caller.timeouts,
            self._caller.retry,
            classify=functools.partial(file_error, label=label, path=path),
        )
        try:
            response = await caller.send("GET", url, idempotent=True)
        except ProviderError as error:
            raise _not_downloaded(error) from None
        return response.content, response.headers.get("content-type")


def _image_type(data: bytes, header: str | None) -> str | None:
    """From the bytes' signature, else from an `image/*` Content-Type header; None when it is not an image."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    declared = (header or "").split(";")[0].strip().lower()
    return declared if declared.startswith("image/") and data else None


def _not_again(error: ProviderError) -> ProviderError:
    """An error that would invite trying again made final: sending the generation again could pay twice."""
    if not error.transient:
        return error  # already final, and its message needs no warning (a rejected key, a refusal)
    return ProviderError(
        error.code,
        f"{error.message} The image may have been generated (and billed), so it is not requested again.",
        retry_after=error.retry_after,
    )


def _not_downloaded(error: ProviderError) -> ProviderError:
    return ProviderError(
        error.code, f"The image was generated (and billed) but could not be downloaded: {error.message}"
    )


def _no_image(what: str) -> ProviderError:
    return ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, f"OpenAI sent no image: {what}.")


if TYPE_CHECKING:
    _implements: type[ImageProvider] = OpenAIImageProvider  # mypy checks the adapter against the port here
