"""Helpers every API of the mock shares: request parsing, public URLs, ids and clocks."""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

ROOT_PATH_KEY = "aitestmock.root_path"


class RememberRootPath:
    """ASGI middleware that records the mock app's own mount prefix before inner Mounts extend root_path.

    URLs the mock hands out must lead back to this same app: `/mock/files/x.png` when it is mounted
    at `/mock`, even for a request routed through its internal `/api/v1/openai` alias mount.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, ROOT_PATH_KEY: scope.get("root_path", "")}
        await self.app(scope, receive, send)


def public_url(request: Request, path: str) -> str:
    """An absolute URL for `path` (starting with "/") on this mock, as seen by the client that asked."""
    root = request.scope.get(ROOT_PATH_KEY, request.scope.get("root_path", "")).rstrip("/")
    return str(request.url.replace(path=root + path, query="", fragment=""))


class BadRequest(Exception):
    """The body is not a JSON object; each API turns this into its own error envelope."""


async def json_object(request: Request) -> tuple[dict[str, Any], bytes]:
    """The parsed JSON object and the raw body (the raw body keys the one-shot fault memory)."""
    raw = await request.body()
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"invalid JSON body: {exc}") from exc
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    return data, raw


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None when missing or empty."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def trace_id() -> str:
    return secrets.token_hex(16)


def unix_now() -> int:
    return int(time.time())


def rfc3339_now() -> str:
    """Ollama's timestamp style: RFC 3339 with sub-second digits and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seconds_to_ns(seconds: float) -> int:
    return int(seconds * 1_000_000_000)


def gateway_page(status: int, title: str) -> HTMLResponse:
    """What a reverse proxy (nginx) answers when the API behind it does not."""
    page = f"<html><head><title>{status} {title}</title></head><body><h1>{status} {title}</h1><hr>nginx</body></html>"
    return HTMLResponse(page, status_code=status)
