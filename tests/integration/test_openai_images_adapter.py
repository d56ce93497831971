"""The OpenAI images adapter over real HTTP against aitestmock (the same code as for the real service).

Scenarios are steered by test numbers in the prompt (aitestmock's table). How many generations reached the mock
is read from its own count (`/_aitestmock/openai/images`): a billed call sent twice shows there. Simulated
durations are scaled by 0.01 (an image takes 20 ms); retries back off for at most 50 ms.
"""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from aitestmock import MockConfig, create_app
from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.images.provider import GeneratedImage, ImageQuality, ImageRequest, ImageSize, ImageStyle
from infra.providers.http import RetryPolicy, Timeouts
from infra.providers.openai_errors import says_key_rejected
from infra.providers.openai_images import OpenAIImageProvider
from tests.support import free_port, serving

FAST = MockConfig(token_delay=0.001, token_count=10, time_scale=0.01)
KEY = f"sk-{uuid.uuid4().hex}QZJX"
QUICK = RetryPolicy(base_delay=0.01, max_delay=0.05)
TIMEOUTS = Timeouts(connect=2, read=2, write=2, pool=2, first_byte=2, answer=5)
SHORT = Timeouts(connect=2, read=2, write=2, pool=2, first_byte=2, answer=0.2)  # "30s" takes 0.3 s


@contextlib.asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[str]:
    async with serving(app, lifespan="off", access_log=False, timeout_graceful_shutdown=2) as url:
        yield url


@contextlib.asynccontextmanager
async def images(url: str, *, key: str = KEY, timeouts: Timeouts = TIMEOUTS) -> AsyncIterator[OpenAIImageProvider]:
    provider = OpenAIImageProvider(f"{url}/v1", key, timeouts=timeouts, retry=QUICK)
    try:
        yield provider
    finally:
        await provider.aclose()


@pytest.fixture
async def mock_url() -> AsyncIterator[str]:
    async with running(create_app(FAST)) as url:
        yield url


@pytest.fixture
async def provider(mock_url: str) -> AsyncIterator[OpenAIImageProvider]:
    async with images(mock_url) as made:
        yield made


async def received(mock_url: str) -> int:
    """The image generations the mock received, whatever it answered."""
    async with httpx.AsyncClient() as http:
        count: int = (await http.get(f"{mock_url}/_aitestmock/openai/images")).json()["images"]
    return count


def request(prompt: str, **fields: Any) -> ImageRequest:
    return ImageRequest(prompt=prompt, model="dall-e-3", **fields)


def assert_png(image: GeneratedImage, size: ImageSize) -> None:
    assert image.content_type == "image/png"
    decoded = Image.open(io.BytesIO(image.data))
    assert decoded.format == "PNG" and f"{decoded.width}x{decoded.height}" == size.value


async def failure(provider: OpenAIImageProvider, prompt: str) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await provider.generate(request(prompt))
    error = caught.value
    assert KEY not in error.message and "QZJX" not in error.message
    return error


# --- images ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", list(ImageSize))
async def test_an_image_of_each_size_comes_as_png_with_its_revised_prompt(
    provider: OpenAIImageProvider, mock_url: str, size: ImageSize
) -> None:
    image = await provider.generate(request("a red fox 0001", size=size))
    assert_png(image, size)
    assert image.revised_prompt is not None and image.revised_prompt.startswith("a red fox 0001")
    assert await received(mock_url) == 1


async def test_quality_and_style_are_passed_through(provider: OpenAIImageProvider) -> None:
    image = await provider.generate(request("a boat", quality=ImageQuality.HD, style=ImageStyle.NATURAL))
    # The mock writes what it received into the revised prompt.
    assert image.revised_prompt is not None and "natural style at hd quality" in image.revised_prompt
    plain = await provider.generate(request("a boat"))
    assert plain.revised_prompt is not None and "vivid style at standard quality" in plain.revised_prompt


async def test_a_url_answer_is_downloaded_into_the_same_kind_of_bytes(provider: OpenAIImageProvider) -> None:
    encoded = await provider.generate(request("a lake", size=ImageSize.PORTRAIT))
    linked = await provider.generate(request("a lake 0027", size=ImageSize.PORTRAIT))
    assert_png(linked, ImageSize.PORTRAIT)
    assert type(linked.data) is type(encoded.data) is bytes
    assert linked.revised_prompt is not None and "a lake 0027" in linked.revised_prompt


async def test_a_url_is_fetched_without_the_key_following_redirects(mock_url: str) -> None:
    """An image host (a CDN) must never see the API key, and may redirect to where the file is."""
    seen: list[str | None] = []

    async def generations(request: Request) -> Response:
        url = f"{str(request.base_url).rstrip('/')}/cdn/image.png?sig=s3cr3t"
        return JSONResponse({"created": 1, "data": [{"url": url, "revised_prompt": "a moved fox"}]})

    async def moved(request: Request) -> Response:
        seen.append(request.headers.get("authorization"))
        return RedirectResponse(f"{mock_url}/files/image-1792x1024-00ff00.png", status_code=302)

    routes = [Route("/v1/images/generations", generations, methods=["POST"]), Route("/cdn/image.png", moved)]
    async with running(Starlette(routes=routes)) as url, images(url) as provider:
        image = await provider.generate(request("a fox"))
    assert_png(image, ImageSize.LANDSCAPE)
    assert image.revised_prompt == "a moved fox" and seen == [None]


async def test_an_image_file_that_is_gone_is_not_generated_again(mock_url: str) -> None:
    async def generations(request: Request) -> Response:
        url = f"{mock_url}/files/gone-image.png?sig=s3cr3t"
        return JSONResponse({"created": 1, "data": [{"url": url}]})

    routes = [Route("/v1/images/generations", generations, methods=["POST"])]
    async with running(Starlette(routes=routes)) as url, images(url) as provider:
        error = await failure(provider, "a fox")
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not error.transient
    assert "/files/gone-image.png" in error.message and "s3cr3t" not in error.message


# --- errors ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "code"),
    [
        ("a fox 0002", ProviderErrorCode.INVALID_API_KEY),  # 401 invalid_api_key
        ("a fox 0028", ProviderErrorCode.INVALID_API_KEY),  # 400 with an HTML page
        ("a fox 0029", ProviderErrorCode.INVALID_API_KEY),  # 400 with the auth message in JSON, no code
        ("a fox 0008", ProviderErrorCode.QUOTA_EXCEEDED),
        ("a fox 0009", ProviderErrorCode.CONTENT_POLICY),
    ],
)
async def test_refusals_map_to_their_codes_and_are_sent_once(
    provider: OpenAIImageProvider, mock_url: str, prompt: str, code: ProviderErrorCode
) -> None:
    error = await failure(provider, prompt)
    assert error.code is code and not error.transient
    assert "&#39;" not in error.message and "****" not in error.message
    assert await received(mock_url) == 1


def test_a_rejected_key_is_read_from_a_page_with_entities() -> None:
    assert says_key_rejected("Authentication failed: you didn&#39;t provide a valid API key (sk-ab****QZJX).")
    assert says_key_rejected("Incorrect API key provided: sk-ab****QZJX.")
    assert not says_key_rejected("Your request was rejected as a result of our safety system.")


async def test_a_missing_key_is_refused_before_sending(mock_url: str) -> None:
    async with images(mock_url, key="") as provider:
        with pytest.raises(ProviderError) as caught:
            await provider.generate(request("a fox"))
    assert caught.value.code is ProviderErrorCode.INVALID_API_KEY
    assert await received(mock_url) == 0


@pytest.mark.parametrize("prompt", ["a fox 0007", "a fox 0004"])  # 429 with Retry-After once; 503 once
async def test_rate_limits_and_overload_are_retried(provider: OpenAIImageProvider, mock_url: str, prompt: str) -> None:
    assert_png(await provider.generate(request(prompt)), ImageSize.SQUARE)
    assert await received(mock_url) == 2


async def test_a_rate_limit_that_lasts_ends_rate_limited_after_bounded_retries(
    provider: OpenAIImageProvider, mock_url: str
) -> None:
    error = await failure(provider, "a fox 0016")  # 429 every time, no Retry-After: jittered backoff
    assert error.code is ProviderErrorCode.RATE_LIMITED and error.transient
    assert await received(mock_url) == 1 + QUICK.max_retries


@pytest.mark.parametrize("prompt", ["a fox 0003", "a fox 0024"])  # 500 JSON; a gateway's 502 HTML page once
async def test_a_server_error_is_never_sent_again(provider: OpenAIImageProvider, mock_url: str, prompt: str) -> None:
    error = await failure(provider, prompt)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not error.transient
    assert "not requested again" in error.message and "<html" not in error.message
    assert await received(mock_url) == 1


async def test_a_timeout_after_sending_is_never_sent_again(mock_url: str) -> None:
    async with images(mock_url, timeouts=SHORT) as provider:
        error = await failure(provider, "a fox 30s")
    assert error.code is ProviderErrorCode.TIMEOUT and not error.transient
    assert await received(mock_url) == 1


async def test_a_connection_that_never_opened_is_retried_and_transient() -> None:
    async with images(f"http://127.0.0.1:{free_port()}") as provider:
        error = await failure(provider, "a fox")
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient


@pytest.mark.parametrize(("prompt", "said"), [("a fox 0030", "no data"), ("a fox 0031", "neither b64_json nor url")])
async def test_an_answer_without_an_image_is_a_typed_error(
    provider: OpenAIImageProvider, mock_url: str, prompt: str, said: str
) -> None:
    error = await failure(provider, prompt)
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not error.transient and said in error.message
    assert await received(mock_url) == 1


@pytest.mark.parametrize(
    ("answer", "code", "warned"),
    [
        (b'{"error": {"message": "Incorrect API key provided: sk-ab****QZJX."}}', "INVALID_API_KEY", False),
        (b'{"error": {"message": "The server had an error.", "type": "server_error"}}', "PROVIDER_UNAVAILABLE", True),
        (b"<html>ok</html>", "PROVIDER_UNAVAILABLE", True),  # a 200 that is not JSON: the request was taken
    ],
)
async def test_what_a_200_says_instead_of_an_image(answer: bytes, code: str, warned: bool) -> None:
    async def generations(request: Request) -> Response:
        return Response(answer, media_type="application/json")

    routes = [Route("/v1/images/generations", generations, methods=["POST"])]
    async with running(Starlette(routes=routes)) as url, images(url) as provider:
        error = await failure(provider, "a fox")
    assert error.code == code and not error.transient
    assert ("not requested again" in error.message) is warned  # only where trying again would look reasonable
