"""Mureka's wire protocol: song and instrumental tasks that progress over time, lyrics, stems, uploads, billing.

A submit answers at once with `status: "preparing"`; each query computes the status from the time since the
submit: preparing (first 10 %) → queued (to 20 %) → running (→ streaming from 50 % when `stream` was asked)
→ succeeded, or failed for test 0003. The duration is `<N>s` from the style prompt (× time_scale).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aitestmock import triggers as t
from aitestmock.common import BadRequest, bearer_token, json_object, public_url, trace_id, unix_now
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


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Mureka's error envelope: {"error": {"message"}, "trace_id"}."""
    return JSONResponse({"error": {"message": message}, "trace_id": trace_id()}, status_code=status, headers=headers)


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
    query_faulted: bool = False

    def status(self) -> str:
        elapsed = time.monotonic() - self.started
        if elapsed >= self.seconds:
            return "failed" if self.number == t.GENERATION_FAILS else "succeeded"
        fraction = elapsed / self.seconds
        if fraction < 0.1:
            return "preparing"
        if fraction < 0.2:
            return "queued"
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
        ]

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
        """0002, 0004 (once), 0007 (once) and 0008 on a submit; 0003 is handled by the caller."""
        if number == t.INVALID_AUTH:
            return error(401, INVALID_AUTH)
        if number == t.OVERLOADED_ONCE and self.state.faults.first_time("mureka", route, raw):
            return error(503, OVERLOADED)
        if number == t.RATE_LIMITED_ONCE and self.state.faults.first_time("mureka", route, raw):
            return error(429, RATE_LIMITED, headers={"Retry-After": "1"})
        if number == t.QUOTA_EXCEEDED:
            return error(429, QUOTA)
        return None

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
        return self._generate("song", body, raw, number, SONG_SECONDS, lyrics)

    async def instrumental_generate(self, request: Request) -> Response:
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
        return self._generate("instrumental", body, raw, number, INSTRUMENTAL_SECONDS, "")

    def _generate(
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
        return self._submit(kind, model, n, number, seconds, lyrics, bool(body.get("stream")))

    async def song_query(self, request: Request) -> Response:
        return self._query(request, "song")

    async def instrumental_query(self, request: Request) -> Response:
        return self._query(request, "instrumental")

    def _query(self, request: Request, kind: str) -> Response:
        if bearer_token(request) is None:
            return error(401, INVALID_AUTH)
        job = self.state.jobs.get(request.path_params["task_id"])
        if not isinstance(job, MurekaJob) or job.kind != kind:
            return error(400, NOT_FOUND)
        if not job.query_faulted and job.number in (t.QUERY_OVERLOADED_ONCE, t.QUERY_RATE_LIMITED_ONCE):
            job.query_faulted = True
            if job.number == t.QUERY_OVERLOADED_ONCE:
                return error(503, OVERLOADED)
            return error(429, RATE_LIMITED, headers={"Retry-After": "1"})
        status = job.status()
        task: dict[str, Any] = {
            "id": job.id,
            "created_at": job.created_at,
            "model": job.model,
            "status": status,
            "failed_reason": "",
            "trace_id": trace_id(),
        }
        if status in ("succeeded", "failed"):
            task["finished_at"] = job.created_at + max(1, round(job.seconds))
        if status == "failed":
            task["failed_reason"] = FAILED_REASON
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
        return public_url(request, f"/files/{job.kind}-{job.id}-{index}.{extension}")

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
                "duration": durations[index],
            }
        )
        if job.kind == "song":
            choice["lyrics_sections"] = lyrics_sections(job.lyrics, durations[index])
        return choice

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
        url = await self._text_call(request, "url", "stem")
        if isinstance(url, Response):
            return url
        await asyncio.sleep(self.state.config.scaled(STEM_SECONDS))
        name = "stems-" + hashlib.sha256(url.encode()).hexdigest()[:12] + ".zip"
        return JSONResponse({"zip_url": public_url(request, f"/files/{name}"), "expires_at": unix_now() + 86400})

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
        if bearer_token(request) is None:
            return error(401, INVALID_AUTH)
        return JSONResponse(BILLING)
