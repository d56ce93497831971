"""Mureka song adapter (`SongProvider`): song and instrumental generations and their queries, stem splits,
billing, and the download of result files. Its error answers are read by `mureka_errors`.

Answers are read defensively, because Mureka and the servers that speak its API leave optional fields out,
send them with other types, add fields, or report an error inside an HTTP 200: a task is built from whatever
is there, and an answer that is not a task is a ProviderError that ends the song, never "ask again".

What is sent again and what is not: a generation or a stem split is billed, so it is repeated only when the
provider cannot have started it (no connection opened, 503 overloaded, a 429 rate limit); a query or the
billing is repeated after timeouts and 5xx too. Rate limits are waited out for up to
`rate_limit_budget_seconds`. Result files are fetched without the API key (they live on a CDN) and following
redirects, with a connect timeout and a limit on the pause between two chunks, so a dead host never hangs.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Mapping
from contextlib import AsyncExitStack
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from domain.common.validation import loose_number
from domain.songs.lyrics import timeline_from_sections
from domain.songs.provider import (
    Download,
    ProviderChoice,
    SongAccount,
    SongKind,
    SongProvider,
    SongSubmission,
    SongTask,
    StemArchive,
    TaskPhase,
)
from infra.providers.http import (
    Caller,
    ErrorDetail,
    RetryPolicy,
    Timeouts,
    build_client,
    file_error,
    invalid_response,
    json_object,
    never_sent,
    provider_words,
    redact,
    shorten,
)
from infra.providers.mureka_errors import LABEL, classify, error_from_answer

DEFAULT_BASE_URL = "https://api.mureka.ai"

logger = logging.getLogger("aiproxy.providers")

_WAITING = frozenset({"preparing", "queued", "running", "streaming"})
_FAILED = {  # the reason told when the provider gives none
    "failed": "Mureka could not generate it (status 'failed').",
    "cancelled": "Mureka cancelled the generation (status 'cancelled').",
    "timeouted": "Mureka gave up: the generation took too long (status 'timeouted').",
}
# A billed call is repeated only after an answer that says nothing was started.
_NOTHING_STARTED = frozenset({429, 503})


class MurekaProvider:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        client: httpx.AsyncClient | None = None,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        rate_limit_budget_seconds: float = 120.0,
    ) -> None:
        """`base_url` without the version (`https://api.mureka.ai`). `timeouts.read` bounds a generation's
        submit, a query, the billing and the pause between two chunks of a download; `timeouts.answer` a stem
        split (synchronous at Mureka, minutes)."""
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
            dataclasses.replace(retry, rate_limit_budget=rate_limit_budget_seconds),
            classify=functools.partial(error_from_answer, secrets=self._secrets),
            headers={"authorization": f"Bearer {api_key}"},
            generation_retry_statuses=_NOTHING_STARTED,
        )
        self._billed = dataclasses.replace(
            self._caller, classify=functools.partial(error_from_answer, secrets=self._secrets, billed=True)
        )
        self._unknown_statuses: set[str] = set()

    async def aclose(self) -> None:
        await self._files.aclose()
        if self._own_client:
            await self._client.aclose()

    def _require_key(self) -> None:
        if not self._api_key:
            raise ProviderError(ProviderErrorCode.INVALID_API_KEY, "Mureka API key not configured.")

    # --- generations ---------------------------------------------------------------------------------------

    async def submit(self, submission: SongSubmission) -> SongTask:
        self._require_key()
        body: dict[str, Any] = {"prompt": submission.prompt, "model": submission.model, "n": submission.n}
        if submission.kind is SongKind.SONG:
            if not submission.lyrics:
                raise ProviderError(ProviderErrorCode.BAD_REQUEST, "A song needs lyrics.")
            body = {"lyrics": submission.lyrics, **body}
        path = "song" if submission.kind is SongKind.SONG else "instrumental"
        answer = await self._send_billed(f"/v1/{path}/generate", body)
        return self._task(answer, queried=None)

    async def query(self, kind: SongKind, task_id: str) -> SongTask:
        self._require_key()
        caller = dataclasses.replace(
            self._caller, classify=functools.partial(error_from_answer, secrets=self._secrets, task_id=task_id)
        )
        path = "song" if kind is SongKind.SONG else "instrumental"
        response = await caller.send("GET", f"{self._base}/v1/{path}/query/{quote(task_id, safe='')}", idempotent=True)
        return self._task(json_object(response, LABEL), queried=task_id)

    async def stems(self, audio_url: str) -> StemArchive:
        self._require_key()
        answer = await self._send_billed("/v1/song/stem", {"url": audio_url}, read=self._caller.timeouts.answer)
        zip_url = answer.get("zip_url")
        if isinstance(zip_url, str) and zip_url:
            return StemArchive(zip_url, _whole(answer.get("expires_at")))
        if answer.get("error") or answer.get("message"):
            raise self._in_200(answer, task_id=None)
        raise ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, "Mureka's stem answer has no zip_url.")

    async def _send_billed(self, path: str, body: dict[str, Any], read: float | None = None) -> dict[str, Any]:
        """A call that costs money: sent again only when nothing can have started (see `_NOTHING_STARTED`). An
        answer lost after the request left (a timeout, a broken connection, nonsense) is not transient: the
        work may be under way, and sending again could pay for it twice."""
        try:
            response = await self._billed.send(
                "POST", f"{self._base}{path}", json_body=body, idempotent=False, read_timeout=read
            )
        except ProviderError as error:
            if isinstance(error.__cause__, httpx.HTTPError) and not never_sent(error.__cause__):
                raise _not_again(error) from None
            raise  # an answer that said what happened (classified with `billed=True`), or nothing was sent
        try:
            return json_object(response, LABEL)
        except ProviderError as error:
            raise _not_again(error) from None  # a 200 that is not JSON: the request was taken

    # --- reading answers -----------------------------------------------------------------------------------

    def _in_200(self, body: Mapping[str, Any], task_id: str | None) -> ProviderError:
        return classify(None, ErrorDetail.from_mapping(body), secrets=self._secrets, task_id=task_id)

    def _task(self, body: dict[str, Any], *, queried: str | None) -> SongTask:
        if body.get("error") or ("id" not in body and "status" not in body):
            raise self._in_200(body, queried)
        task_id = _id(body.get("id")) or queried
        if task_id is None:
            raise ProviderError(ProviderErrorCode.BAD_REQUEST, "Mureka answered without a task id.")
        status = body.get("status")
        status = status.strip().lower() if isinstance(status, str) else ""
        phase = self._phase(task_id, status)
        reason = (_text(body.get("failed_reason")) or _FAILED[status]) if phase is TaskPhase.FAILED else None
        choices = body.get("choices")
        return SongTask(
            id=task_id,
            status=status,
            phase=phase,
            model=_text(body.get("model")),
            failed_reason=provider_words(reason, self._secrets) if reason else None,
            trace_id=_text(body.get("trace_id")),
            choices=tuple(
                _choice(entry, position)
                for position, entry in enumerate(choices if isinstance(choices, list) else [])
                if isinstance(entry, Mapping)
            ),
            expires_at=_whole(body.get("expires_at")),
            answer=body,
        )

    def _phase(self, task_id: str, status: str) -> TaskPhase:
        if status == "succeeded":
            return TaskPhase.SUCCEEDED
        if status in _FAILED:
            return TaskPhase.FAILED
        if status not in _WAITING and status not in self._unknown_statuses:
            self._unknown_statuses.add(status)  # once per word: a poll loop would repeat it every few seconds
            logger.warning("Mureka task %s has the unknown status %r: treated as still running", task_id, status)
        return TaskPhase.WAITING

    # --- the account ---------------------------------------------------------------------------------------

    async def account(self) -> SongAccount:
        self._require_key()
        response = await self._caller.send("GET", f"{self._base}/v1/account/billing", idempotent=True)
        body = json_object(response, LABEL)
        balance = _cents(body.get("balance"))
        if body.get("error") or (balance is None and body.get("message")):
            raise self._in_200(body, task_id=None)
        if balance is None:
            raise invalid_response(LABEL, "no balance in the billing answer")
        limit = _whole(body.get("concurrent_request_limit"))
        return SongAccount(
            balance=balance,
            total_recharge=_cents(body.get("total_recharge")) or Decimal(0),
            total_spending=_cents(body.get("total_spending")) or Decimal(0),
            concurrent_request_limit=limit if limit is not None and limit > 0 else 1,  # unsaid: the careful guess
            account_id=_id(body.get("account_id")),
        )

    # --- result files --------------------------------------------------------------------------------------

    def download(self, url: str) -> FileDownload:
        return FileDownload(self._files, url, self._caller.timeouts, self._caller.retry, self._secrets)


class FileDownload:
    """`async with provider.download(url) as file:` streams a result file from wherever it is (a CDN, the
    mock); a 404, an unreachable host, a stall or a timeout is a ProviderError, on entering or while reading."""

    def __init__(
        self, client: httpx.AsyncClient, url: str, timeouts: Timeouts, retry: RetryPolicy, secrets: tuple[str, ...]
    ) -> None:
        self._client, self._url, self._secrets = client, url, secrets
        self._timeouts = dataclasses.replace(timeouts, first_byte=timeouts.read)  # a file starts at once
        self._retry = retry
        self._stack = AsyncExitStack()

    async def __aenter__(self) -> Download:
        try:
            parsed = httpx.URL(self._url)
        except httpx.InvalidURL:
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            shown = shorten(redact(self._url, self._secrets))[:120]
            raise ProviderError(ProviderErrorCode.BAD_REQUEST, f"Not a Mureka result file URL: {shown}")
        label = f"Mureka's file host {parsed.netloc.decode()}"
        path = shorten(redact(parsed.path, self._secrets))  # never the query: a signed URL's token is in it
        caller = Caller(
            self._client,
            label,
            self._timeouts,
            self._retry,
            classify=functools.partial(file_error, label=label, path=path),
        )
        response = await self._stack.enter_async_context(caller.stream("GET", self._url, idempotent=True))
        encoded = "content-encoding" in response.headers
        return Download(
            chunks=response.aiter_bytes(),
            content_type=response.headers.get("content-type"),
            size_bytes=None if encoded else _whole(response.headers.get("content-length")),
        )

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()


# --- fields of any type --------------------------------------------------------------------------------------


def _not_again(error: ProviderError) -> ProviderError:
    return ProviderError(error.code, f"{error.message} It may have started the work, so it is not sent again.")


def _text(value: Any) -> str | None:
    """A non-empty string."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _id(value: Any) -> str | None:
    """An id: a string, or a number (ids are long digit strings some servers send as JSON numbers)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)


def _whole(value: Any) -> int | None:
    """A whole number from an int, a float or a numeric string; None for anything else."""
    number = loose_number(value)
    return int(number) if number is not None else None


def _cents(value: Any) -> Decimal | None:
    """Money sent in cents, in currency units."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        cents = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return cents / 100 if cents.is_finite() else None


def _tags(value: Any) -> tuple[str, ...]:
    """A list of strings, or one comma-separated string."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(tag.strip() for tag in value if isinstance(tag, str) and tag.strip())


def _choice(entry: Mapping[str, Any], position: int) -> ProviderChoice:
    index = entry.get("index")
    duration = _whole(entry.get("duration"))
    return ProviderChoice(
        index=index if isinstance(index, int) and not isinstance(index, bool) and index >= 0 else position,
        provider_id=_id(entry.get("id")),
        mp3_url=_text(entry.get("url")),
        flac_url=_text(entry.get("flac_url")),
        wav_url=_text(entry.get("wav_url")),
        video_url=_text(entry.get("video_url")),
        image_url=_text(entry.get("image_url")),
        duration_ms=duration if duration is not None and duration >= 0 else None,
        title=_text(entry.get("title")),
        tags=_tags(entry.get("tags")),
        lyrics_timeline=timeline_from_sections(entry.get("lyrics_sections")),
    )


if TYPE_CHECKING:
    _implements: type[SongProvider] = MurekaProvider  # mypy checks the adapter against the port here
