"""The Mureka adapter over real HTTP against aitestmock (the same code as for the real service).

Scenarios are steered by test numbers in the lyrics, the style prompt or the stem URL (aitestmock's table). What
reached the billed routes is read from the mock's own count (`/_aitestmock/mureka/submissions`); simulated
durations are scaled by 0.01, so a 1 s song finishes in 10 ms. Retries back off for at most 50 ms and rate
limits are waited out for at most 2 s (0.3 s where a test waits for the budget to run out).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import logging
import time
import uuid
import zipfile
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from aitestmock import MockConfig, create_app
from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.songs.lyrics import SectionType
from domain.songs.provider import SongAccount, SongKind, SongSubmission, SongTask, TaskPhase
from infra.providers.http import RetryPolicy, Timeouts
from infra.providers.mureka import MurekaProvider
from tests.support import free_port, serving

FAST = MockConfig(token_delay=0.001, token_count=10, time_scale=0.01)
SLOW = MockConfig(token_delay=0.001, token_count=10, time_scale=0.2)  # 0006 answers after 0.6 s
KEY = f"mk-{uuid.uuid4().hex}QZJX"
QUICK = RetryPolicy(base_delay=0.01, max_delay=0.05)
TIMEOUTS = Timeouts(connect=2, read=2, write=2, pool=2, first_byte=2, answer=5)
SHORT = Timeouts(connect=2, read=0.2, write=2, pool=2, first_byte=2, answer=0.2)
LYRICS = "[Verse]\nRaindrops on the window\nI hear you call\n\n[Chorus]\nOh the river light\nHold on tonight"


@contextlib.asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[str]:
    async with serving(app, lifespan="off", access_log=False, timeout_graceful_shutdown=2) as url:
        yield url


@contextlib.asynccontextmanager
async def mureka(
    url: str, *, key: str = KEY, budget: float = 2.0, timeouts: Timeouts = TIMEOUTS, **extra: Any
) -> AsyncIterator[MurekaProvider]:
    provider = MurekaProvider(url, key, timeouts=timeouts, retry=QUICK, rate_limit_budget_seconds=budget, **extra)
    try:
        yield provider
    finally:
        await provider.aclose()


@pytest.fixture
async def mock_url() -> AsyncIterator[str]:
    async with running(create_app(FAST)) as url:
        yield url


@pytest.fixture
async def provider(mock_url: str) -> AsyncIterator[MurekaProvider]:
    async with mureka(mock_url) as made:
        yield made


async def sent(mock_url: str) -> dict[str, int]:
    """The requests each billed route of the mock received."""
    async with httpx.AsyncClient() as http:
        counts: dict[str, int] = (await http.get(f"{mock_url}/_aitestmock/mureka/submissions")).json()
    return {route: count for route, count in counts.items() if count}


def song(lyrics: str = LYRICS, prompt: str = "indie pop 1s", n: int = 2, model: str = "auto") -> SongSubmission:
    return SongSubmission(SongKind.SONG, prompt, model, n, lyrics)


def instrumental(prompt: str, n: int = 2) -> SongSubmission:
    return SongSubmission(SongKind.INSTRUMENTAL, prompt, "auto", n)


async def finish(provider: MurekaProvider, kind: SongKind, task_id: str, limit: float = 10.0) -> list[SongTask]:
    """Every answer of the task until it ends, as the domain's poll loop would ask."""
    answers: list[SongTask] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answers.append(await provider.query(kind, task_id))
        if answers[-1].phase is not TaskPhase.WAITING:
            return answers
        await asyncio.sleep(0.01)
    raise AssertionError(f"task {task_id} did not end: {answers[-1:]}")


async def fetch(provider: MurekaProvider, url: str) -> bytes:
    async with provider.download(url) as file:
        return b"".join([chunk async for chunk in file.chunks])


async def failure(call: Callable[[], Any]) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await call()
    error = caught.value
    assert KEY not in str(error) and "QZJX" not in error.message
    return error


# --- generations -----------------------------------------------------------------------------------------------


async def test_a_song_is_submitted_polled_and_read(mock_url: str) -> None:
    bodies: list[bytes] = []

    async def record(request: httpx.Request) -> None:
        bodies.append(request.content)

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as client, mureka(mock_url, client=client) as made:
        task = await made.submit(song(prompt="indie pop 20s"))
        assert task.status == "preparing" and task.phase is TaskPhase.WAITING
        assert task.id.isdigit() and task.trace_id and task.choices == ()
        answers = await finish(made, SongKind.SONG, task.id)

    assert json.loads(bodies[0]) == {"lyrics": LYRICS, "prompt": "indie pop 20s", "model": "auto", "n": 2}
    assert {a.status for a in answers[:-1]} <= {"preparing", "queued", "running"}
    assert all(a.phase is TaskPhase.WAITING for a in answers[:-1])
    done = answers[-1]
    assert done.status == "succeeded" and done.phase is TaskPhase.SUCCEEDED and done.failed_reason is None
    assert done.model == "mureka-7.5"  # the model the provider used for "auto"
    assert [c.index for c in done.choices] == [0, 1]  # the first has no `index`: its position
    first = done.choices[0]
    assert first.provider_id and first.duration_ms == 178120
    assert first.mp3_url and first.mp3_url.endswith(".mp3") and first.flac_url and first.wav_url and first.image_url
    timeline = first.lyrics_timeline
    assert timeline and timeline.sections[0].type is SectionType.VERSE  # read from Mureka's sections, in ms
    assert next(timeline.lines()).text == LYRICS.splitlines()[1]
    assert 0 < (timeline.first_vocal or 0) < timeline.sections[-1].end <= 178120
    assert await sent(mock_url) == {"song": 1}


async def test_an_instrumental_sends_no_lyrics_and_its_choices_have_no_sections(mock_url: str) -> None:
    async with mureka(mock_url) as made:
        task = await made.submit(instrumental("ambient pads 1s", n=1))
        done = (await finish(made, SongKind.INSTRUMENTAL, task.id))[-1]
        assert done.phase is TaskPhase.SUCCEEDED and len(done.choices) == 1
        assert done.choices[0].lyrics_timeline is None and done.choices[0].duration_ms == 120040
        # the other kind's query does not know the task
        error = await failure(lambda: made.query(SongKind.SONG, task.id))
        assert error.code is ProviderErrorCode.BAD_REQUEST and not error.transient
    assert await sent(mock_url) == {"instrumental": 1}


async def test_a_song_without_lyrics_or_a_key_is_refused_before_anything_is_sent(mock_url: str) -> None:
    async with mureka(mock_url) as made:
        error = await failure(lambda: made.submit(song(lyrics="")))
        assert error.code is ProviderErrorCode.BAD_REQUEST
    async with mureka(mock_url, key="") as keyless:
        for call in (lambda: keyless.submit(song()), keyless.account, lambda: keyless.stems("http://x/a.mp3")):
            assert (await failure(call)).code is ProviderErrorCode.INVALID_API_KEY
    assert await sent(mock_url) == {}


# --- statuses --------------------------------------------------------------------------------------------------


async def test_failed_and_timeouted_tasks_end_with_a_reason(provider: MurekaProvider) -> None:
    failed = await provider.submit(song(lyrics="test 0003"))
    ended = (await finish(provider, SongKind.SONG, failed.id))[-1]
    assert ended.phase is TaskPhase.FAILED and ended.status == "failed"
    assert ended.failed_reason and "0003" in ended.failed_reason  # the provider's own words

    timeouted = await provider.submit(song(lyrics="test 0019"))
    ended = (await finish(provider, SongKind.SONG, timeouted.id))[-1]
    assert ended.phase is TaskPhase.FAILED and ended.status == "timeouted" and ended.choices == ()
    assert ended.failed_reason and "timeouted" in ended.failed_reason  # none given: ours names the status


async def test_an_unknown_status_is_waited_on_and_logged_once(
    provider: MurekaProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "aiproxy.providers")
    task = await provider.submit(song(lyrics="test 0020", prompt="pop 100s"))
    answers = await finish(provider, SongKind.SONG, task.id)
    reviewing = [a for a in answers if a.status == "reviewing"]
    assert len(reviewing) > 1 and all(a.phase is TaskPhase.WAITING for a in reviewing)
    assert answers[-1].phase is TaskPhase.SUCCEEDED
    warnings = [r.getMessage() for r in caplog.records if "reviewing" in r.getMessage()]
    assert len(warnings) == 1 and task.id in warnings[0]


async def test_loose_answers_are_read_without_crashing(provider: MurekaProvider) -> None:
    task = await provider.submit(song(lyrics=f"{LYRICS} 0023", n=3))
    done = (await finish(provider, SongKind.SONG, task.id))[-1]
    assert done.phase is TaskPhase.SUCCEEDED
    assert (done.model, done.trace_id, done.failed_reason) == (None, None, None)
    first, second = done.choices  # two, although three were asked for
    assert first.index == 0 and second.index == 1
    assert first.provider_id and first.provider_id.isdigit()  # sent as a number
    assert first.duration_ms == 178120  # sent as a string
    assert first.tags == ("pop", "dreamy") and first.title == "Rain"
    assert first.lyrics_timeline is None  # sent as "none"
    assert first.wav_url is None and first.mp3_url and first.image_url
    assert second.duration_ms is None and second.title is None and second.tags == ("pop", "live")
    assert second.flac_url is None and second.video_url is None and second.lyrics_timeline
    stems = await provider.stems("http://cdn.example/song-0023.mp3")
    assert stems.zip_url.endswith(".zip") and stems.expires_at is None


# --- errors inside an HTTP 200 ---------------------------------------------------------------------------------


async def test_errors_inside_a_200_end_the_task_and_are_never_retried(mock_url: str, provider: MurekaProvider) -> None:
    auth = await failure(lambda: provider.submit(song(lyrics="test 0012")))
    assert auth.code is ProviderErrorCode.INVALID_API_KEY and not auth.transient
    no_task = await failure(lambda: provider.submit(instrumental("pads 0015")))
    assert no_task.code is ProviderErrorCode.BAD_REQUEST and not no_task.transient
    assert "without a task" in no_task.message
    assert await sent(mock_url) == {"song": 1, "instrumental": 1}

    not_found = await provider.submit(song(lyrics="test 0013"))
    error = await failure(lambda: provider.query(SongKind.SONG, not_found.id))
    assert error.code is ProviderErrorCode.BAD_REQUEST and not error.transient
    assert error.message.startswith(f"Mureka does not know the task {not_found.id}")
    without = await provider.submit(song(lyrics="test 0014"))
    error = await failure(lambda: provider.query(SongKind.SONG, without.id))
    assert error.code is ProviderErrorCode.BAD_REQUEST and not error.transient

    stem_auth = await failure(lambda: provider.stems("http://cdn.example/0012.mp3"))
    assert stem_auth.code is ProviderErrorCode.INVALID_API_KEY
    no_zip = await failure(lambda: provider.stems("http://cdn.example/0015.mp3"))
    assert no_zip.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not no_zip.transient
    assert "zip_url" in no_zip.message
    assert (await sent(mock_url))["stem"] == 2


# --- HTTP errors -----------------------------------------------------------------------------------------------

HTTP_ERRORS = [
    ("test 0002", "auto", ProviderErrorCode.INVALID_API_KEY, "rejected the API key"),
    ("la", "suno-4", ProviderErrorCode.BAD_REQUEST, "unsupported model: suno-4"),
    ("test 0025", "auto", ProviderErrorCode.QUOTA_EXCEEDED, "Insufficient balance"),
    ("test 0026", "auto", ProviderErrorCode.BAD_REQUEST, "region is not supported"),
    ("test 0008", "auto", ProviderErrorCode.QUOTA_EXCEEDED, "exceeded your current quota"),  # a 429
]


@pytest.mark.parametrize(("lyrics", "model", "code", "words"), HTTP_ERRORS, ids=[f"{e[2]}-{e[0]}" for e in HTTP_ERRORS])
async def test_refusals_map_to_codes_and_are_sent_once(
    mock_url: str, provider: MurekaProvider, lyrics: str, model: str, code: ProviderErrorCode, words: str
) -> None:
    error = await failure(lambda: provider.submit(song(lyrics=lyrics, model=model)))
    assert error.code is code and words in error.message and not error.transient
    assert error.message.startswith("Mureka")
    assert await sent(mock_url) == {"song": 1}


async def test_an_unknown_task_and_a_404_on_a_query_are_bad_requests(mock_url: str, provider: MurekaProvider) -> None:
    unknown = await failure(lambda: provider.query(SongKind.SONG, "12345678901234"))
    assert unknown.code is ProviderErrorCode.BAD_REQUEST and not unknown.transient
    assert "12345678901234" in unknown.message and "not found" in unknown.message
    async with mureka(f"{mock_url}/elsewhere") as lost:  # every path answers 404 there
        error = await failure(lambda: lost.query(SongKind.SONG, "12345678901234"))
        assert error.code is ProviderErrorCode.BAD_REQUEST and not error.transient
        error = await failure(lambda: lost.submit(song()))
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and "base URL" in error.message


async def test_submit_is_not_sent_again_once_the_provider_may_have_started(
    mock_url: str, provider: MurekaProvider
) -> None:
    gateway = await failure(lambda: provider.submit(song(lyrics="test 0024")))
    assert gateway.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not gateway.transient
    assert "502" in gateway.message and "not sent again" in gateway.message
    assert await sent(mock_url) == {"song": 1}

    server_error = await failure(lambda: provider.stems("http://cdn.example/0003.mp3"))  # 500 on a billed call
    assert server_error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not server_error.transient
    assert await sent(mock_url) == {"song": 1, "stem": 1}

    overloaded = await provider.submit(song(lyrics="test 0004"))  # 503: nothing started, tried again
    assert overloaded.phase is TaskPhase.WAITING
    assert await sent(mock_url) == {"song": 3, "stem": 1}


async def test_a_submit_whose_answer_is_late_is_not_sent_again() -> None:
    async with running(create_app(SLOW)) as url, mureka(url, timeouts=SHORT) as impatient:
        error = await failure(lambda: impatient.submit(song(lyrics="test 0006")))
        assert error.code is ProviderErrorCode.TIMEOUT and not error.transient
        assert "may have started" in error.message
        assert await sent(url) == {"song": 1}


async def test_a_connection_that_never_opened_is_tried_again() -> None:
    attempts: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        attempts.append(request)

    closed = f"http://127.0.0.1:{free_port()}"
    async with httpx.AsyncClient(event_hooks={"request": [record]}) as client, mureka(closed, client=client) as made:
        error = await failure(lambda: made.submit(song()))
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
    assert "Cannot connect" in error.message
    assert len(attempts) == QUICK.max_retries + 1


# --- queries: what the poll loop asks again ------------------------------------------------------------------


async def test_gateway_errors_on_a_query_are_transient_after_the_adapters_retries(provider: MurekaProvider) -> None:
    with pytest.raises(ProviderError):
        await provider.submit(song(lyrics="test 0024"))  # a 502 once
    task = await provider.submit(song(lyrics="test 0024"))  # its first three queries: 502, 503, 504
    error = await failure(lambda: provider.query(SongKind.SONG, task.id))
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient and "504" in error.message
    assert (await finish(provider, SongKind.SONG, task.id))[-1].phase is TaskPhase.SUCCEEDED

    once = await provider.submit(song(lyrics="test 0010"))  # one 503: the adapter's own retry hides it
    assert (await provider.query(SongKind.SONG, once.id)).id == once.id


async def test_a_query_that_times_out_is_transient() -> None:
    async with running(create_app(SLOW)) as url, mureka(url) as patient, mureka(url, timeouts=SHORT) as impatient:
        task = await patient.submit(song(lyrics="test 0006"))
        started = time.monotonic()
        error = await failure(lambda: impatient.query(SongKind.SONG, task.id))
        assert error.code is ProviderErrorCode.TIMEOUT and error.transient
        assert time.monotonic() - started < 2  # three short tries, not the mock's 0.6 s each


# --- 429 -------------------------------------------------------------------------------------------------------


async def test_a_rate_limit_waits_for_retry_after(mock_url: str, provider: MurekaProvider) -> None:
    started = time.monotonic()
    task = await provider.submit(song(lyrics="test 0007"))
    assert time.monotonic() - started >= 0.95 and task.phase is TaskPhase.WAITING  # Retry-After: 1
    assert await sent(mock_url) == {"song": 2}


async def test_a_retry_after_beyond_the_budget_is_reported_at_once(mock_url: str) -> None:
    async with mureka(mock_url, budget=0.3) as made:
        started = time.monotonic()
        error = await failure(lambda: made.submit(song(lyrics="test 0007")))
    assert time.monotonic() - started < 0.9
    assert error.code is ProviderErrorCode.RATE_LIMITED and error.retry_after == 1 and error.transient
    assert await sent(mock_url) == {"song": 1}


async def test_a_rate_limit_without_retry_after_backs_off(mock_url: str, provider: MurekaProvider) -> None:
    task = await provider.submit(song(lyrics="test 0018"))  # the submit and the first query: 429, no Retry-After
    assert (await provider.query(SongKind.SONG, task.id)).id == task.id
    assert await sent(mock_url) == {"song": 2}


async def test_a_rate_limit_that_never_ends_gives_up_after_the_budget(mock_url: str) -> None:
    async with mureka(mock_url, budget=0.3) as made:
        started = time.monotonic()
        error = await failure(lambda: made.submit(song(lyrics="test 0016")))  # flat body, no Retry-After
        waited = time.monotonic() - started
        assert error.code is ProviderErrorCode.RATE_LIMITED and error.transient
        assert 0.2 <= waited < 2
        assert (await sent(mock_url))["song"] > QUICK.max_retries + 1  # bounded by time, not by count

        task = await made.submit(song(lyrics="test 0017"))  # every query: the flat 429
        started = time.monotonic()
        error = await failure(lambda: made.query(SongKind.SONG, task.id))
        assert error.code is ProviderErrorCode.RATE_LIMITED and error.transient
        assert 0.2 <= time.monotonic() - started < 2


# --- stems, account, files -------------------------------------------------------------------------------------


async def test_stems_account_and_downloads(mock_url: str, provider: MurekaProvider) -> None:
    task = await provider.submit(song())
    choice = (await finish(provider, SongKind.SONG, task.id))[-1].choices[0]
    assert choice.mp3_url
    async with provider.download(choice.mp3_url) as file:
        data = b"".join([chunk async for chunk in file.chunks])
    assert file.content_type == "audio/mpeg" and file.size_bytes == len(data) > 1000
    assert data[:2] == b"\xff\xfb"  # an MPEG frame

    stems = await provider.stems(choice.mp3_url)
    assert stems.expires_at and stems.expires_at > time.time()
    archive = zipfile.ZipFile(io.BytesIO(await fetch(provider, stems.zip_url)))
    assert archive.testzip() is None and archive.namelist()
    assert await sent(mock_url) == {"song": 1, "stem": 1}

    assert await provider.account() == SongAccount(
        balance=Decimal("25.44"),
        total_recharge=Decimal("30"),
        total_spending=Decimal("4.56"),
        concurrent_request_limit=1,
        currency="USD",
        account_id="92945101357057",
    )


async def test_result_files_that_are_gone_or_unreachable_fail_fast(provider: MurekaProvider) -> None:
    gone = await provider.submit(song(lyrics="test 0021"))
    choice = (await finish(provider, SongKind.SONG, gone.id))[-1].choices[0]
    for url in (choice.mp3_url, choice.flac_url, choice.image_url):
        assert url
        error = await failure(functools.partial(fetch, provider, url))
        assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and not error.transient
        assert "HTTP 404" in error.message and "expired" in error.message

    dead = await provider.submit(instrumental("pads 0022"))
    choice = (await finish(provider, SongKind.INSTRUMENTAL, dead.id))[-1].choices[0]
    assert choice.mp3_url and choice.mp3_url.startswith("http://127.0.0.1:9/")
    started = time.monotonic()
    error = await failure(functools.partial(fetch, provider, choice.mp3_url))
    assert error.code is ProviderErrorCode.PROVIDER_UNAVAILABLE and error.transient
    assert "Cannot connect to Mureka's file host 127.0.0.1:9" in error.message
    assert time.monotonic() - started < 2

    error = await failure(lambda: fetch(provider, "not a url"))
    assert error.code is ProviderErrorCode.BAD_REQUEST


def cdn_app(mock_url: str, seen: list[Request], release: asyncio.Event) -> Starlette:
    """A CDN in front of the results: it redirects, stalls in the middle of a file, or never answers."""

    async def moved(request: Request) -> Response:
        seen.append(request)
        return RedirectResponse(f"{mock_url}/files/cdn-song.mp3?Signature=abc", status_code=302)

    async def stalls(request: Request) -> Response:
        async def body() -> AsyncIterator[bytes]:
            yield b"\xff\xfb" + bytes(94)
            await release.wait()
            yield b"the rest"

        return StreamingResponse(body(), media_type="audio/mpeg")

    async def silent(request: Request) -> Response:
        await release.wait()
        return Response(b"late")

    return Starlette(
        routes=[
            Route("/moved.mp3", moved),
            Route("/stalls.mp3", stalls),
            Route("/silent.mp3", silent),
        ]
    )


async def test_downloads_follow_redirects_without_the_key_and_never_hang(mock_url: str) -> None:
    seen: list[Request] = []
    release = asyncio.Event()
    async with running(cdn_app(mock_url, seen, release)) as cdn, mureka(mock_url, timeouts=SHORT) as made:
        try:
            assert len(await fetch(made, f"{cdn}/moved.mp3")) > 1000
            assert "authorization" not in seen[0].headers  # result files never get the API key

            async with made.download(f"{cdn}/stalls.mp3") as file:
                chunks = file.chunks
                assert (await anext(chunks))[:2] == b"\xff\xfb"
                error = await failure(lambda: anext(chunks))
            assert error.code is ProviderErrorCode.TIMEOUT and error.transient
            assert error.message.startswith(f"Mureka's file host {cdn.removeprefix('http://')}")
            assert error.message.endswith(" 0.2 s.")

            started = time.monotonic()
            error = await failure(lambda: fetch(made, f"{cdn}/silent.mp3"))
            assert error.code is ProviderErrorCode.TIMEOUT and error.transient
            assert time.monotonic() - started < 2  # three short tries
        finally:
            release.set()
