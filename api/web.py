"""The web client at `/`: the files Vite built into WEB_CLIENT_DIR, with the SPA fallback.

- A file under the directory is served as it is. Vite's hashed files under `assets/` are cached forever
  (their names change with their content); every other file, `index.html` first, is revalidated on each
  use (`no-cache`, with an ETag, so a browser gets a 304 while it is unchanged).
- A page of the client that is no file (`/sketches/123`, a deep link or a reload) gets `index.html` when
  the browser asks for HTML: the client's router shows the page. Everything else unknown stays a 404, so a
  missing script never comes back as HTML, and the API's own paths (`/graphql`, `/graphiql/`, `/mock/`,
  `/files/`, the health checks) never fall through to the client.
- Text (scripts, styles, HTML, JSON, SVG) is sent gzipped to a browser that takes it, compressed once per
  version of each file and kept in memory; images and fonts are streamed from disk as they are.
- Only files inside the directory are served: a path with `..`, `.`, a hidden name, a backslash or a NUL
  in it is refused, and so is a symlink leading outside.

Why not Starlette's StaticFiles and GZipMiddleware: the middleware keeps one ETag for the plain and the gzipped
answer (a shared cache may then hand either to anyone) and gzips for `gzip;q=0`, and compresses on every request.

Without `index.html` (the client is not built) `/` leads to GraphiQL, as it did before the client existed,
and the start logs once how to build it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("aiproxy")

CACHE_FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASHED = "assets"  # Vite's build.assetsDir: every file under it has its content hash in its name
# The API's own paths: never the client's, whatever the browser asks for.
RESERVED = ("/graphql", "/graphiql/", "/mock/", "/files/", "/healthz", "/readyz")
# Text up to this size is kept in memory, gzipped; anything else (images, fonts, larger files) is streamed from
# disk as it is.
IN_MEMORY_MAX = 8 * 1024 * 1024
GZIP_MIN = 512

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
}
_COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")


def content_type(path: Path) -> str:
    known = _TYPES.get(path.suffix.lower())
    if known is not None:
        return known
    return mimetypes.guess_type(path.name, strict=False)[0] or "application/octet-stream"


@dataclass(frozen=True)
class _Text:
    data: bytes
    gzipped: bytes | None  # None: not worth compressing
    etag: str  # of the plain bytes; the gzipped answer's is derived from it


@functools.lru_cache(maxsize=128)
def _text(path: Path, mtime_ns: int, size: int) -> _Text:
    """A text file's bytes, read and compressed once per version (the key changes when the file does)."""
    data = path.read_bytes()
    etag = hashlib.blake2b(data, digest_size=12).hexdigest()
    gzipped = gzip.compress(data, compresslevel=9, mtime=0) if len(data) >= GZIP_MIN else None
    if gzipped is not None and len(gzipped) >= len(data):
        gzipped = None
    return _Text(data, gzipped, etag)


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = params.strip().lower().replace(" ", "")
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _matches(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    if not given:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    return "*" in tags or etag in tags


def _safe_parts(path: str) -> list[str] | None:
    """The path's segments when each names an ordinary file or folder; None for anything else."""
    parts = path.removesuffix("/").split("/")[1:]  # `/sketches/` is `/sketches`
    for part in parts:
        if not part or part.startswith(".") or "\\" in part or "\x00" in part or ":" in part:
            return None
    return parts


class WebClient:
    """The built client in `directory`, looked up on each request (a rebuild needs no restart)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._root = directory.resolve()

    @property
    def index(self) -> Path:
        return self.directory / "index.html"

    def built(self) -> bool:
        return self.index.is_file()

    def log_when_missing(self) -> None:
        if not self.built():
            log.warning(
                "The web client is not built (no %s): `/` leads to GraphiQL at /graphql. Build it with `make run` "
                "(needs Node 20+), or `npm ci && npm run build` in frontend-client/, then restart.",
                self.index,
            )

    async def root(self, request: Request) -> Response:
        page = self._file(request, self.index)
        return RedirectResponse("/graphql") if page is None else page

    def fallback(self, otherwise: ASGIApp) -> ASGIApp:
        """An ASGI app for the router's default: what no route matched is the client's, or `otherwise`'s."""

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response = None
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
                response = self.respond(Request(scope))
            if response is None:
                await otherwise(scope, receive, send)
            else:
                await response(scope, receive, send)

        return app

    def respond(self, request: Request) -> Response | None:
        """A file of the client, `index.html` for one of its pages, or None (not found)."""
        path: str = request.scope["path"]
        if path.startswith(RESERVED) or not self.built():
            return None
        parts = _safe_parts(path)
        if parts is None:
            return None
        file = self._existing(parts)
        if file is not None:
            return self._file(request, file)
        if parts[0] == HASHED or "text/html" not in request.headers.get("accept", ""):
            return None  # a missing script, style or image is a 404, never a page
        return self._file(request, self.index)

    def _existing(self, parts: list[str]) -> Path | None:
        file = self.directory.joinpath(*parts)
        try:
            resolved = file.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self._root) or not resolved.is_file():
            return None  # a symlink leading out of the directory, or a folder
        return resolved

    def _file(self, request: Request, file: Path) -> Response | None:
        """The file's answer; None when it is gone (a rebuild empties the directory first)."""
        try:
            stat = file.stat()
            hashed = file.resolve().relative_to(self._root).parts[:1] == (HASHED,)
        except (OSError, ValueError):
            return None
        headers = {"Cache-Control": CACHE_FOREVER if hashed else REVALIDATE, "X-Content-Type-Options": "nosniff"}
        media_type = content_type(file)
        if not media_type.startswith(_COMPRESSIBLE) or stat.st_size > IN_MEMORY_MAX:
            streamed = FileResponse(file, media_type=media_type, headers=headers, stat_result=stat)
            if _matches(request, streamed.headers["etag"]):
                return Response(status_code=304, headers={**headers, "ETag": streamed.headers["etag"]})
            return streamed
        try:
            text = _text(file, stat.st_mtime_ns, stat.st_size)
        except OSError:
            return None
        data, etag = text.data, text.etag
        if text.gzipped is not None:
            headers["Vary"] = "Accept-Encoding"
            if _accepts_gzip(request):
                data, etag = text.gzipped, text.etag + "-gzip"
                headers["Content-Encoding"] = "gzip"
        headers["ETag"] = f'"{etag}"'
        if _matches(request, headers["ETag"]):
            headers.pop("Content-Encoding", None)
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=media_type, headers=headers)
