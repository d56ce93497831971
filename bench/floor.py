"""`python -m bench.floor`: the floor — the bench's rows served with as little as a Python web server needs.

Starlette under uvicorn in one process (uvloop and httptools when installed, as `python -m api` gets them), the
database driver itself (asyncpg for PostgreSQL, the standard library's sqlite3 for SQLite) and orjson. It reads
the variables `python -m api` reads (DATABASE_URL or DATA_DIR, JWT_SECRET, HOST, PORT) through infra.settings,
at start only; no code of aiproxy's runs per request.

Each request pays for authentication as a conventional REST server with JWT auth does: the bearer token
decoded and verified with PyJWT (HS256, the same secret, the same required claims), then one SELECT of the
user by id (active, not signed out by a password change). Then one statement for the data:

    GET /sketches?first=N        the viewer's first N sketches (DRAFT and USED, newest first), every field
    GET /sketch/{id}             one of the viewer's sketches by global id, every field (404 when not theirs)
    GET /sketches-owner?first=N  id, title and owner {id email} of the first N, the owner by a JOIN
    GET /healthz

and, for the project files' bench (bench/projects.py), a plain HTTP copy to and from DATA_DIR, with the same
server stack and nothing else (no signature, no parts, no checksum):

    PUT /blob/{name}             the body streamed to DATA_DIR/floor-blobs/<name> (written a MiB at a time)
    GET /blob/{name}             that file, as the API serves a local file (a MiB at a time, ranges too)

The JSON holds the rows as the GraphQL API shows them: global ids, camelCase names, ISO 8601 UTC times, lists
for the JSON columns — the bench compares the two before it measures.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import sqlite3
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import jwt
import orjson
import uvicorn
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from infra.security.secrets import load_or_create_secret
from infra.settings import Settings

MAX_FIRST = 100
SKETCH_COLUMNS = (
    "id, title, lyrics, prompt, tags, description_long, description_short, description_tags, info, workflow, "
    "created_at, updated_at"
)
VISIBLE = "workflow IN ('DRAFT', 'USED')"  # the API's default filter
USER = "SELECT is_active, password_changed_at FROM users WHERE id = {0}"
SKETCHES = (
    f"SELECT {SKETCH_COLUMNS} FROM sketches WHERE user_id = {{0}} AND {VISIBLE} "
    "ORDER BY created_at DESC, id DESC LIMIT {1}"
)
SKETCH = f"SELECT {SKETCH_COLUMNS} FROM sketches WHERE id = {{0}} AND user_id = {{1}}"
WITH_OWNER = (
    "SELECT s.id, s.title, u.id, u.email FROM sketches s JOIN users u ON u.id = s.user_id "
    f"WHERE s.user_id = {{0}} AND s.{VISIBLE} ORDER BY s.created_at DESC, s.id DESC LIMIT {{1}}"
)

Row = Sequence[Any]


class Connection(Protocol):
    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]: ...


class Database(Protocol):
    """Per dialect: its statements, a connection per request, and how its columns come back."""

    user: str
    sketches: str
    sketch: str
    with_owner: str

    def connection(self) -> contextlib.AbstractAsyncContextManager[Connection]: ...
    def key(self, value: uuid.UUID) -> Any: ...
    def uuid_text(self, value: Any) -> str: ...
    def time(self, value: Any) -> datetime: ...
    async def close(self) -> None: ...


class Postgres:
    user = USER.format("$1")
    sketches = SKETCHES.format("$1", "$2")
    sketch = SKETCH.format("$1", "$2")
    with_owner = WITH_OWNER.format("$1", "$2")

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @classmethod
    async def open(cls, url: str) -> Postgres:
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        return cls(await asyncpg.create_pool(dsn, min_size=1, max_size=30))  # as many as the app may open (10 + 20)

    def connection(self) -> contextlib.AbstractAsyncContextManager[Connection]:
        acquired: contextlib.AbstractAsyncContextManager[Connection] = self.pool.acquire()
        return acquired

    def key(self, value: uuid.UUID) -> Any:
        return value

    def uuid_text(self, value: Any) -> str:
        return str(value)

    def time(self, value: Any) -> datetime:
        stamp: datetime = value
        return stamp

    async def close(self) -> None:
        await self.pool.close()


class Sqlite:
    """One connection, used synchronously on the event loop: each statement takes well under a millisecond,
    and a thread hand-off per statement (what aiosqlite does) would cost more than it saves."""

    user = USER.format("?")
    sketches = SKETCHES.format("?", "?")
    sketch = SKETCH.format("?", "?")
    with_owner = WITH_OWNER.format("?", "?")

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        return self.db.execute(sql, args).fetchall()

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[Connection]:
        yield self

    def connection(self) -> contextlib.AbstractAsyncContextManager[Connection]:
        return self._connection()

    def key(self, value: uuid.UUID) -> Any:
        return value.hex  # SQLAlchemy's Uuid on SQLite: 32 hex digits

    def uuid_text(self, value: Any) -> str:
        return str(uuid.UUID(hex=value))

    def time(self, value: Any) -> datetime:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)  # stored naive, in UTC

    async def close(self) -> None:
        self.db.close()


def global_id(type_name: str, key: str) -> str:
    """As api/ids.py encodes it: base64url of "Type:key", unpadded."""
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def sketch_key(value: str) -> uuid.UUID | None:
    try:
        type_name, _, key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode().partition(":")
        return uuid.UUID(key) if type_name == "Sketch" else None
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        return None


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


UNAUTHENTICATED = json_response({"error": "unauthenticated"}, 401)
NOT_FOUND = json_response({"error": "not found"}, 404)


class BlobResponse(FileResponse):
    chunk_size = 1024 * 1024


async def coalesced(chunks: AsyncIterator[bytes], size: int = 1024 * 1024) -> AsyncIterator[bytes]:
    buffer = bytearray()
    async for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def create_app(database_url: str, secret: str, data_dir: Path | str = ".") -> Starlette:
    db: Database | None = None

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal db
        if database_url.startswith("sqlite"):
            db = Sqlite(str(make_url(database_url).database))
        else:
            db = await Postgres.open(database_url)
        try:
            yield
        finally:
            await db.close()

    def sketch_json(row: Row) -> dict[str, Any]:
        assert db is not None
        return {
            "id": global_id("Sketch", db.uuid_text(row[0])),
            "title": row[1],
            "lyrics": row[2],
            "prompt": row[3],
            "tags": orjson.loads(row[4]),
            "descriptionLong": row[5],
            "descriptionShort": row[6],
            "descriptionTags": orjson.loads(row[7]),
            "info": row[8],
            "workflow": row[9],
            "createdAt": db.time(row[10]),
            "updatedAt": db.time(row[11]),
        }

    async def viewer(request: Request, conn: Connection) -> Any:
        """The signed-in user's key (in the database's form), or None: a verified token of an active user."""
        assert db is not None
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["sub", "iat", "exp"]})
            user_id, issued_at = db.key(uuid.UUID(claims["sub"])), float(claims["iat"])
        except (jwt.PyJWTError, ValueError, TypeError):
            return None
        rows = await conn.fetch(db.user, user_id)
        if not rows or not rows[0][0]:
            return None
        changed = rows[0][1]
        if changed is not None and issued_at < db.time(changed).timestamp():
            return None
        return user_id

    def first(request: Request) -> int:
        try:
            return min(max(int(request.query_params.get("first", "20")), 1), MAX_FIRST)
        except ValueError:
            return 20

    async def sketches(request: Request) -> Response:
        assert db is not None
        async with db.connection() as conn:
            user = await viewer(request, conn)
            if user is None:
                return UNAUTHENTICATED
            rows = await conn.fetch(db.sketches, user, first(request))
        return json_response([sketch_json(row) for row in rows])

    async def sketch(request: Request) -> Response:
        assert db is not None
        key = sketch_key(request.path_params["id"])
        async with db.connection() as conn:
            user = await viewer(request, conn)
            if user is None:
                return UNAUTHENTICATED
            rows = await conn.fetch(db.sketch, db.key(key), user) if key is not None else []
        return json_response(sketch_json(rows[0])) if rows else NOT_FOUND

    async def with_owner(request: Request) -> Response:
        assert db is not None
        async with db.connection() as conn:
            user = await viewer(request, conn)
            if user is None:
                return UNAUTHENTICATED
            rows = await conn.fetch(db.with_owner, user, first(request))
        return json_response(
            [
                {
                    "id": global_id("Sketch", db.uuid_text(row[0])),
                    "title": row[1],
                    "owner": {"id": global_id("User", db.uuid_text(row[2])), "email": row[3]},
                }
                for row in rows
            ]
        )

    async def healthz(_: Request) -> Response:
        return json_response({"status": "ok"})

    blobs = Path(data_dir) / "floor-blobs"

    async def put_blob(request: Request) -> Response:
        blobs.mkdir(parents=True, exist_ok=True)
        path = blobs / Path(request.path_params["name"]).name
        with path.open("wb") as out:
            async for chunk in coalesced(request.stream()):
                await asyncio.to_thread(out.write, chunk)
        return json_response({"sizeBytes": path.stat().st_size})

    async def get_blob(request: Request) -> Response:
        return BlobResponse(blobs / Path(request.path_params["name"]).name)

    return Starlette(
        routes=[
            Route("/sketches", sketches),
            Route("/sketch/{id}", sketch),
            Route("/sketches-owner", with_owner),
            Route("/healthz", healthz),
            Route("/blob/{name}", put_blob, methods=["PUT"]),
            Route("/blob/{name}", get_blob, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def main() -> None:
    settings = Settings.from_env()
    secret = settings.jwt_secret or load_or_create_secret(settings.data_dir / "jwt_secret")
    app = create_app(settings.effective_database_url, secret, settings.data_dir)
    # As `python -m api` runs uvicorn (api/__main__.py, api/http.py): loop and parser "auto" (uvloop and
    # httptools when installed), no proxy headers, uvicorn's logging left unconfigured.
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, proxy_headers=False)


if __name__ == "__main__":
    main()
