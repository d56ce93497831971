"""Mureka's wire protocol: song and instrumental tasks that progress over time, lyrics, stems, uploads, billing.

A submit answers at once with `status: "preparing"`; each query computes the status from the time since the
submit: preparing (first 10 %) → queued (to 20 %) → running (→ streaming from 50 % when `stream` was asked)
→ succeeded, or failed for test 0003 (timeouted for 0019; "reviewing" instead of running for 0020). The
duration is `<N>s` from the style prompt (× time_scale).

`GET /_aitestmock/mureka/submissions` tells how many requests reached each billed route (`song`,
`instrumental`, `stem`), whatever they were answered, so tests can see what a client sent twice;
`DELETE` on it starts the counts again. `GET /_aitestmock/mureka/tasks` tells, for each task in the order
they were submitted, when it changes status (Unix times) and how often it was queried, so the bench can time
how soon a client learns of a change.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aitestmock import triggers as t
from aitestmock.common import BadRequest, bearer_token, gateway_page, json_object, public_url, trace_id, unix_now
from aitestmock.files import GONE_PREFIX
from aitestmock.state import MockState
from aitestmock.text import extension_for, lyrics_for, lyrics_sections, song_title

SONG_SECONDS = 30.0
INSTRUMENTAL_SECONDS = 10.0
STEM_SECONDS = 2.0
MAX_LYRICS = 3000
MAX_PROMPT = 1024
DEFAULT_MODEL = "mureka-7.5"
SONG_DURATIONS_MS = (178120, 144520, 162300)
INSTRUMENTAL_DURATIONS_MS = (120040, 98360, 110200)
UPLOAD_PURPOSES = ("reference", "vocal", "melody", "instrumental", "voice", "audio")
BILLING = {
    "account_id": 92945101357057,
    "balance": 2544,
    "total_recharge": 3000,
    "total_spending": 456,
    "concurrent_request_limit": 1,
}

INVALID_AUTH = "Invalid Authentication"
NOT_FOUND = "Invalid Request, The corresponding task was not found."
RATE_LIMITED = "The API rate limit for your account has been exceeded. Pace your requests and try again later."
QUOTA = "You exceeded your current quota, please check your plan and billing details."
OVERLOADED = "The service is currently overloaded, please try again later."
SERVER_ERROR = "Internal server error, please try again later."
FAILED_REASON = "The generation failed: the model could not render this song (aitestmock test 0003)."
TOO_MANY = "Too many requests, please slow down."
NO_BALANCE = "Insufficient balance, please recharge your account."
REGION = "Access from your region is not supported."
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, a connection is refused at once
BILLED_ROUTES = ("song", "instrumental", "stem")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Mureka's error envelope: {"error": {"message"}, "trace_id"}."""
    return JSONResponse({"error": {"message": message}, "trace_id": trace_id()}, status_code=status, headers=headers)


def flat_rate_limit() -> JSONResponse:
    """The flat 429 body some compatible servers send, with no Retry-After."""
    body = {"error": "Too Many Requests", "message": TOO_MANY, "code": 429, "type": "rate_limit_error"}
    return JSONResponse(body, status_code=429)


# What a submit (or a synchronous call) answers for a test number; those in ONCE only to the first request
# with that exact body.
SUBMIT_FAULTS: dict[str, Callable[[], Response]] = {
    t.INVALID_AUTH: lambda: error(401, INVALID_AUTH),
    t.OVERLOADED_ONCE: lambda: error(503, OVERLOADED),
    t.RATE_LIMITED_ONCE: lambda: error(429, RATE_LIMITED, headers={"Retry-After": "1"}),
    t.RATE_LIMITED_ONCE_BARE: lambda: error(429, RATE_LIMITED),
    t.GATEWAY_ERRORS: lambda: gateway_page(502, "Bad Gateway"),
    t.QUOTA_EXCEEDED: lambda: error(429, QUOTA),
    t.INSUFFICIENT_BALANCE: lambda: error(402, NO_BALANCE),
    t.REGION_REFUSED: lambda: error(403, REGION),
    t.RATE_LIMITED_ALWAYS: flat_rate_limit,
    # errors inside an HTTP 200, as a proxy or a staging server answered them
    t.AUTH_ERROR_IN_200: lambda: JSONResponse({"error": {"message": INVALID_AUTH}, "trace_id": trace_id()}),
    t.ANSWER_WITHOUT_TASK: lambda: JSONResponse({"created_at": unix_now(), "trace_id": trace_id()}),
}
ONCE = frozenset({t.OVERLOADED_ONCE, t.RATE_LIMITED_ONCE, t.RATE_LIMITED_ONCE_BARE, t.GATEWAY_ERRORS})
# The faults the first queries of a task answer, in order; afterwards the task answers normally.
QUERY_FAULTS: dict[str, tuple[Callable[[], Response], ...]] = {
    t.QUERY_OVERLOADED_ONCE: (lambda: error(503, OVERLOADED),),
    t.QUERY_RATE_LIMITED_ONCE: (lambda: error(429, RATE_LIMITED, headers={"Retry-After": "1"}),),
    t.RATE_LIMITED_ONCE_BARE: (lambda: error(429, RATE_LIMITED),),
    t.GATEWAY_ERRORS: (
        lambda: gateway_page(502, "Bad Gateway"),
        lambda: error(503, OVERLOADED),
        lambda: gateway_page(504, "Gateway Time-out"),
    ),
}
# The answer every query of such a task gets, for ever.
QUERY_ALWAYS: dict[str, Callable[[], Response]] = {
    t.TASK_NOT_FOUND_IN_200: lambda: JSONResponse({"message": NOT_FOUND}),
    t.QUERY_WITHOUT_TASK: lambda: JSONResponse({"trace_id": trace_id()}),
    t.QUERY_RATE_LIMITED_ALWAYS: flat_rate_limit,
}
ENDINGS = {t.GENERATION_FAILS: "failed", t.GENERATION_TIMEOUTED: "timeouted"}


def _task_id() -> str:
    return str(secrets.randbelow(9 * 10**13) + 10**13)


@dataclass
class MurekaJob:
    id: str
    kind: str  # "song" or "instrumental"
    model: str
    n: int
    number: str
    seconds: float  # real (already scaled) generation time
    created_at: int
    started: float
    lyrics: str
    stream: bool
    query_faults: int = 0  # how many of its QUERY_FAULTS were answered
    queries: int = 0  # how many times it was asked about
    started_wall: float = field(default_factory=time.time)  # the same moment as `started`, in Unix time

    def timeline(self) -> dict[str, Any]:
        """For tests and the bench: when (Unix time) the task changes status, and how often it was asked about."""
        return {
            "id": self.id,
            "queries": self.queries,
            "queued_at": self.started_wall + 0.1 * self.seconds,
            "running_at": self.started_wall + 0.2 * self.seconds,
            "ended_at": self.started_wall + self.seconds,
        }

    def status(self) -> str:
        elapsed = time.monotonic() - self.started
        if elapsed >= self.seconds:
            return ENDINGS.get(self.number, "succeeded")
        fraction = elapsed / self.seconds
        if fraction < 0.1:
            return "preparing"
        if fraction < 0.2:
            return "queued"
        if self.number == t.UNKNOWN_STATUS:
            return "reviewing"
        if self.stream and fraction >= 0.5:
            return "streaming"
        return "running"


class MurekaApi:
    def __init__(self, state: MockState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/v1/song/generate", self.song_generate, methods=["POST"]),
            Route("/v1/song/query/{task_id}", self.song_query, methods=["GET"]),
            Route("/v1/instrumental/generate", self.instrumental_generate, methods=["POST"]),
            Route("/v1/instrumental/query/{task_id}", self.instrumental_query, methods=["GET"]),
            Route("/v1/lyrics/generate", self.lyrics_generate, methods=["POST"]),
            Route("/v1/lyrics/extend", self.lyrics_extend, methods=["POST"]),
            Route("/v1/song/stem", self.stem, methods=["POST"]),
            Route("/v1/files/upload", self.upload, methods=["POST"]),
            Route("/v1/account/billing", self.billing, methods=["GET"]),
            Route("/_aitestmock/mureka/submissions", self.submissions, methods=["GET", "DELETE"]),
            Route("/_aitestmock/mureka/tasks", self.timelines, methods=["GET"]),
        ]

    async def timelines(self, request: Request) -> Response:
        return JSONResponse([job.timeline() for job in self.state.jobs.values() if isinstance(job, MurekaJob)])

    async def submissions(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.state.submissions.clear()
        return JSONResponse({route: self.state.submissions[route] for route in BILLED_ROUTES})

    # --- shared checks --------------------------------------------------------------------------

    async def _body(self, request: Request) -> tuple[dict[str, Any], bytes] | Response:
        """The JSON body of an authenticated request, or the error to answer."""
        if bearer_token(request) is None:
            return error(401, INVALID_AUTH)
        try:
            return await json_object(request)
        except BadRequest as exc:
            return error(400, f"Invalid Request, {exc}")

    def _fault(self, number: str, route: str, raw: bytes) -> Response | None:
        """The faults of a submit (and of the synchronous calls); 0003 is handled by the caller."""
        fault = SUBMIT_FAULTS.get(number)
        if fault is None or (number in ONCE and not self.state.faults.first_time("mureka", route, raw)):
            return None
        return fault()

    @staticmethod
    def _model(body: dict[str, Any]) -> str | Response:
        model = body.get("model") or "auto"
        if not isinstance(model, str) or not (model == "auto" or model.startswith("mureka-")):
            return error(400, f"Invalid Request, unsupported model: {model}")
        if body.get("stream") and model == "mureka-o1":
            return error(400, "Invalid Request, stream is not supported with mureka-o1")
        return DEFAULT_MODEL if model == "auto" else model

    @staticmethod
    def _n(body: dict[str, Any]) -> int | Response:
        n = body.get("n", 2)
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 3:
            return error(400, "Invalid Request, n must be between 1 and 3")
        return n

    def _submit(
        self, kind: str, model: str, n: int, number: str, seconds: float, lyrics: str, stream: bool
    ) -> JSONResponse:
        job = MurekaJob(
            id=_task_id(),
            kind=kind,
            model=model,
            n=n,
            number=number,
            seconds=self.state.config.scaled(seconds),
            created_at=unix_now(),
            started=time.monotonic(),
            lyrics=lyrics,
            stream=stream,
        )
        self.state.jobs[job.id] = job
        task = {"id": job.id, "created_at": job.created_at, "model": job.model, "status": "preparing"}
        return JSONResponse({**task, "trace_id": trace_id()})

    # --- songs and instrumentals ----------------------------------------------------------------

    async def song_generate(self, request: Request) -> Response:
        self.state.submissions["song"] += 1
        parsed = await self._body(request)
        if isinstance(parsed, Response):
            return parsed
        body, raw = parsed
        lyrics = body.get("lyrics")
        number = t.find_test_number(lyrics if isinstance(lyrics, str) else "")
        if number == t.INVALID_AUTH:
            return error(401, INVALID_AUTH)
        if not isinstance(lyrics, str) or not lyrics.strip():
            return error(400, "Invalid Request, lyrics is required")
        if len(lyrics) > MAX_LYRICS:
            return error(400, f"Invalid Request, lyrics must be at most {MAX_LYRICS} characters")
        present = {name for name in ("prompt", "reference_id", "vocal_id", "melody_id") if body.get(name)}
        if ("prompt" in present and len(present) > 1) or ("melody_id" in present and len(present) > 1):
            return error(400, f"Invalid Request, {' and '.join(sorted(present))} cannot be used together")
        return await self._generate("song", body, raw, number, SONG_SECONDS, lyrics)

    async def instrumental_generate(self, request: Request) -> Response:
        self.state.submissions["instrumental"] += 1
        parsed = await self._body(request)
        if isinstance(parsed, Response):
            return parsed
        body, raw = parsed
        prompt = body.get("prompt")
        number = t.find_test_number(prompt if isinstance(prompt, str) else "")
        if number == t.INVALID_AUTH:
            return error(401, INVALID_AUTH)
        if bool(prompt) == bool(body.get("instrumental_id")):
            return error(400, "Invalid Request, exactly one of prompt and instrumental_id is required")
        return await self._generate("instrumental", body, raw, number, INSTRUMENTAL_SECONDS, "")

    async def _generate(
        self, kind: str, body: dict[str, Any], raw: bytes, number: str, default_seconds: float, lyrics: str
    ) -> Response:
        """What a song and an instrumental submission share once their own fields are checked."""
        prompt = body.get("prompt")
        if prompt is not None and (not isinstance(prompt, str) or len(prompt) > MAX_PROMPT):
            return error(400, f"Invalid Request, prompt must be a string of at most {MAX_PROMPT} characters")
        model = self._model(body)
        if isinstance(model, Response):
            return model
        n = self._n(body)
        if isinstance(n, Response):
            return n
        fault = self._fault(number, kind, raw)
        if fault is not None:
            return fault
        seconds = t.duration_seconds(prompt, default_seconds)
        submitted = self._submit(kind, model, n, number, seconds, lyrics, bool(body.get("stream")))
        await self._slow(number)  # the task exists already: a client that gave up has started it
        return submitted

    async def _slow(self, number: str) -> None:
        if number == t.SLOW_FIRST_TOKEN:
            await asyncio.sleep(self.state.config.scaled(t.SLOW_FIRST_TOKEN_SECONDS))

    async def song_query(self, request: Request) -> Response:
        return await self._query(request, "song")

    async def instrumental_query(self, request: Request) -> Response:
        return await self._query(request, "instrumental")

    async def _query(self, request: Request, kind: str) -> Response:
        if bearer_token(request) is None:
            return error(401, INVALID_AUTH)
        job = self.state.jobs.get(request.path_params["task_id"])
        if not isinstance(job, MurekaJob) or job.kind != kind:
            return error(400, NOT_FOUND)
        job.queries += 1
        await self._slow(job.number)
        faults = QUERY_FAULTS.get(job.number, ())
        if job.query_faults < len(faults):
            job.query_faults += 1
            return faults[job.query_faults - 1]()
        if job.number in QUERY_ALWAYS:
            return QUERY_ALWAYS[job.number]()
        status = job.status()
        task: dict[str, Any] = {
            "id": job.id,
            "created_at": job.created_at,
            "model": job.model,
            "status": status,
            "failed_reason": "",
            "trace_id": trace_id(),
        }
        if status in ("succeeded", *ENDINGS.values()):
            task["finished_at"] = job.created_at + max(1, round(job.seconds))
        if status == "failed":
            task["failed_reason"] = FAILED_REASON
        if status == "succeeded" and job.number == t.SLOPPY_ANSWERS:
            return JSONResponse(self._sloppy(request, job))
        if status == "succeeded":
            task["choices"] = [self._choice(request, job, i) for i in range(job.n)]
        if status == "streaming":
            task["choices"] = [
                {"index": i, "id": self._choice_id(job, i), "stream_url": self._file(request, job, i, "mp3")}
                for i in range(job.n)
            ]
        return JSONResponse(task)

    @staticmethod
    def _choice_id(job: MurekaJob, index: int) -> str:
        return str(int(job.id) + index + 1)

    @staticmethod
    def _file(request: Request, job: MurekaJob, index: int, extension: str) -> str:
        if extension == "mp3":  # as long as the choice's `duration`: a player follows its lyrics to the end
            durations = SONG_DURATIONS_MS if job.kind == "song" else INSTRUMENTAL_DURATIONS_MS
            extension = f"{math.ceil(durations[index] / 1000)}s.mp3"
        return _result_url(request, job.number, f"{job.kind}-{job.id}-{index}.{extension}")

    def _choice(self, request: Request, job: MurekaJob, index: int) -> dict[str, Any]:
        """One result; like the real API the first choice has no `index` (clients fall back to position)."""
        durations = SONG_DURATIONS_MS if job.kind == "song" else INSTRUMENTAL_DURATIONS_MS
        choice: dict[str, Any] = {} if index == 0 else {"index": index}
        choice.update(
            {
                "id": self._choice_id(job, index),
                "url": self._file(request, job, index, "mp3"),
                "flac_url": self._file(request, job, index, "flac"),
                "wav_url": self._file(request, job, index, "wav"),
                "image_url": self._file(request, job, index, "png"),
                "duration": durations[index],
            }
        )
        if job.kind == "song":
            # The second take leaves a line out, so a client's lyrics diff has something to show.
            choice["lyrics_sections"] = lyrics_sections(job.lyrics, durations[index], drop_line=index == 1)
        return choice

    def _sloppy(self, request: Request, job: MurekaJob) -> dict[str, Any]:
        """A finished task as loose servers send it (0023): no model, trace_id, failed_reason or finished_at,
        exactly two choices whatever n was, no `index` on the first, no `wav_url`, fields of the wrong type,
        fields nobody documented."""
        first = self._choice(request, job, 0)
        second = self._choice(request, job, 1 if job.n > 1 else 0)
        for choice in (first, second):
            choice.pop("wav_url")
        first.update(id=int(first["id"]), duration=str(first["duration"]), title="Rain", tags="pop, dreamy ,")
        first.update(lyrics_sections="none", rating={"stars": 5})
        second.update(index=1, duration=None, title=42, tags=["pop", 3, "live"], flac_url=None)
        second["video_url"] = {"hd": None}
        return {"id": job.id, "status": "succeeded", "progress": {"percent": 100}, "choices": [first, second]}

    # --- synchronous helpers --------------------------------------------------------------------

    async def _text_call(self, request: Request, field: str, kind: str) -> str | Response:
        """What the synchronous calls share: the body, its one required text field, and the faults it asks for."""
        parsed = await self._body(request)
        if isinstance(parsed, Response):
            return parsed
        body, raw = parsed
        value = body.get(field)
        if not isinstance(value, str) or not value.strip():
            return error(400, f"Invalid Request, {field} is required")
        number = t.find_test_number(value)
        return self._fault(number, kind, raw) or self._server_error(number) or value

    async def lyrics_generate(self, request: Request) -> Response:
        prompt = await self._text_call(request, "prompt", "lyrics")
        if isinstance(prompt, Response):
            return prompt
        return JSONResponse({"title": song_title(prompt), "lyrics": lyrics_for(prompt)})

    async def lyrics_extend(self, request: Request) -> Response:
        lyrics = await self._text_call(request, "lyrics", "extend")
        if isinstance(lyrics, Response):
            return lyrics
        return JSONResponse({"lyrics": extension_for(lyrics)})

    async def stem(self, request: Request) -> Response:
        self.state.submissions["stem"] += 1
        url = await self._text_call(request, "url", "stem")
        if isinstance(url, Response):
            return url
        await asyncio.sleep(self.state.config.scaled(STEM_SECONDS))
        number = t.find_test_number(url)
        zip_url = _result_url(request, number, "stems-" + hashlib.sha256(url.encode()).hexdigest()[:12] + ".zip")
        if number == t.SLOPPY_ANSWERS:
            return JSONResponse({"zip_url": zip_url, "trace_id": trace_id()})  # no expires_at
        return JSONResponse({"zip_url": zip_url, "expires_at": unix_now() + 86400})

    @staticmethod
    def _server_error(number: str) -> Response | None:
        return error(500, SERVER_ERROR) if number == t.GENERATION_FAILS else None

    async def upload(self, request: Request) -> Response:
        if bearer_token(request) is None:
            return error(401, INVALID_AUTH)
        try:
            form = await request.form()
        except Exception as exc:  # malformed multipart: the client's fault, not a mock crash
            return error(400, f"Invalid Request, {exc}")
        try:
            upload = form.get("file")
            purpose = form.get("purpose")
            if not isinstance(upload, UploadFile):
                return error(400, "Invalid Request, file is required")
            if purpose not in UPLOAD_PURPOSES:
                return error(400, f"Invalid Request, purpose must be one of {', '.join(UPLOAD_PURPOSES)}")
            data = await upload.read()
            record = {
                "id": _task_id(),
                "bytes": len(data),
                "created_at": unix_now(),
                "filename": upload.filename or "upload",
                "purpose": purpose,
            }
        finally:
            await form.close()
        self.state.uploads[str(record["id"])] = record
        return JSONResponse(record)

    async def billing(self, request: Request) -> Response:
        """The account; a key holding 0025 (`sk-0025`) is an account with nothing left (balance 0)."""
        key = bearer_token(request)
        if key is None:
            return error(401, INVALID_AUTH)
        if t.find_test_number(key) == t.INSUFFICIENT_BALANCE:
            return JSONResponse({**BILLING, "balance": 0, "total_spending": BILLING["total_recharge"]})
        return JSONResponse(BILLING)


def _result_url(request: Request, number: str, name: str) -> str:
    """Where a result file is: this mock, or for 0021 a name it answers 404 for, or for 0022 a dead host."""
    if number == t.FILES_UNREACHABLE:
        return f"{UNREACHABLE}/files/{name}"
    return public_url(request, f"/files/{GONE_PREFIX if number == t.FILES_GONE else ''}{name}")
