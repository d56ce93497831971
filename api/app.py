"""The ASGI app: GraphQL over HTTP and WebSocket, health checks, signed local file URLs and the web client."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.access import AccessLogMiddleware
from api.context import Context
from api.graphiql.web import asset_routes, graphiql_response
from api.http import ClientAddressMiddleware, GraphQLEndpoint
from api.limits import Limits
from api.schema.root import build_schema
from api.sessions import SessionSignals, SessionTransportWS
from api.web import WebClient
from domain.jobs.executor import SWEEP_SECONDS
from infra.container import Container, build_container
from infra.logging import configure_logging, note_access, request_id_var
from infra.queue.inprocess import InProcessJobQueue
from infra.settings import Settings

log = logging.getLogger("aiproxy")


class RequestIdMiddleware:
    """Every request gets an id (the client's X-Request-ID or a new one), logged and echoed back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if given and len(given) <= 64 and given.isprintable() else uuid.uuid4().hex[:16]
        token = request_id_var.set(request_id)

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class AiproxyGraphQL(GraphQLEndpoint):
    graphql_transport_ws_handler_class = SessionTransportWS  # a connection serves while its token is good

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        context = Context(
            container=request.app.state.container,
            connection=request,
            request_id=request_id_var.get() or uuid.uuid4().hex[:16],
            authorization=request.headers.get("authorization"),
            response=response,
            share_reads=not isinstance(request, WebSocket),
        )
        if not isinstance(request, WebSocket):
            request.state.aiproxy_context = context  # GraphQLEndpoint closes its reads once the answer is made
        await self.admit_http(request, context)  # every HTTP request counts against the rate limit
        return context

    async def on_ws_connect(self, context: Context) -> None:
        params = context.connection_params or {}
        value = params.get("authorization") or params.get("Authorization")
        context.authorization = value if isinstance(value, str) else None
        await self.admit(context)  # connection_init counts against the rate limit
        viewer = await context.viewer()
        if viewer is None:
            raise ConnectionRejectionError(
                {"message": "Send a valid `authorization: Bearer <token>` in connection_init."}
            )
        note_access(user_id=str(viewer.id))  # for the socket's "websocket disconnected" line
        return None

    async def render_graphql_ide(self, request: Any) -> Response:
        # Strawberry's page with its CDN assets served from here (api/graphiql), so it works offline.
        return graphiql_response(self.graphql_ide_html)


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _check(name: str, probe: Any, timeout: float = 5) -> tuple[str, str | None]:
    """None when the probe answers in time; else the kind of failure only (the details are for the logs)."""
    try:
        await asyncio.wait_for(probe, timeout=timeout)
        return name, None
    except Exception as exc:
        return name, type(exc).__name__


# What works differently while Redis is down (reads and writes do not).
WITHOUT_REDIS = {
    "rateLimits": "counted in each API process",
    "subscriptions": "open ones end with SERVICE_UNAVAILABLE; new ones follow the stored rows",
    "jobs": "new jobs wait in the jobs table; workers take them once Redis is back",
}


async def readyz(request: Request) -> JSONResponse:
    """Ready means "can serve reads and writes": 503 when the database or storage fails. Redis is an
    accelerator: without it the answer stays 200, with `status: degraded`, `checks.redis` saying why and
    `degraded` saying what works differently, so a load balancer keeps sending traffic to every replica."""
    container: Container = request.app.state.container

    async def database() -> None:
        async with container.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    probes = [_check("database", database()), _check("storage", container.storage.check())]
    if container.redis is not None:
        probes.append(_check("redis", container.redis.ping(), timeout=2))
    results = dict(await asyncio.gather(*probes))
    failed = {k: v for k, v in results.items() if v and k != "redis"}
    checks = {k: (v or "ok") for k, v in results.items()}
    body: dict[str, Any] = {"status": "unavailable" if failed else "ok", "checks": checks}
    health = container.redis_health
    if health is not None and container.redis is not None:
        redis_error = results.get("redis")
        if redis_error is None:
            health.succeeded()
        else:
            health.failed(ConnectionError(redis_error), "/readyz")
            checks["redis"] = f"degraded: {redis_error}"
            body["degraded"] = {"redis": {**health.status(), **WITHOUT_REDIS}}
            if not failed:
                body["status"] = "degraded"
    body["mode"] = {
        "database": "sqlite" if container.settings.is_sqlite else "postgresql",
        "jobs": "arq" if container.redis is not None else "in-process",
        "events": "redis" if container.redis is not None else "memory",
        "storage": container.settings.storage_backend,
    }
    body["providers"] = {
        name: "mock" if name in container.settings.mocked_providers else "configured"
        for name in ("ollama", "openai", "mureka")
    }
    return JSONResponse(body, status_code=503 if failed else 200)


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app_from_env() -> Starlette:
    """The app of one worker process of `python -m api` with WEB_CONCURRENCY > 1: each process reads the
    same environment the parent read (and the parent has already migrated the database)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    schema = build_schema(Limits.from_settings(settings))
    graphql = AiproxyGraphQL(
        schema,
        max_request_bytes=settings.max_request_bytes,
        graphql_ide="graphiql" if settings.graphiql else None,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        container = await build_container(settings)
        app.state.container = container
        app.state.sessions = SessionSignals(container.events)
        container.stack.push_async_callback(app.state.sessions.close)
        from infra.storage.local import LocalFileStorage

        if isinstance(container.storage, LocalFileStorage):
            from api.files import file_routes

            # A project file that fits in one part is one PUT of up to a part's size.
            single_max = max(settings.upload_max_bytes, settings.project_upload_part_bytes)
            app.router.routes.extend(file_routes(container.storage, single_max))
        if isinstance(container.queue, InProcessJobQueue):
            # This process runs every job: whatever was running when it stopped starts again now (or ends,
            # keeping what it stored, when it must not start over), and no answer stays STREAMING without one.
            recovered = await container.executor.recover(stale_after_seconds=0)
            ended = await container.executor.sweep()
            if recovered or ended:
                log.info("requeued %d unfinished jobs, swept %d things left behind", recovered, ended)
            # And it sweeps as a worker does, every SWEEP_SECONDS (abandoned uploads age while it runs).
            sweeping = asyncio.create_task(
                container.executor.sweep_every(
                    SWEEP_SECONDS, retry_seconds=max(0.5, settings.job_heartbeat_seconds), at_once=False
                )
            )
            container.stack.push_async_callback(_cancel, sweeping)
        if settings.mocked_providers:
            log.warning(
                "NOT CONFIGURED: %s — these providers answer from the built-in mock at %s/mock (canned answers). "
                "Set OLLAMA_URL, OPENAI_API_KEY or MUREKA_API_KEY to use the real services.",
                ", ".join(settings.mocked_providers),
                settings.internal_url,
            )
        if settings.openai.api_key and not settings.openai.admin_api_key:
            log.info("OPENAI_ADMIN_API_KEY is not set: `openaiCosts` answers NOT_CONFIGURED (image spend still shows).")
        log.info(
            "aiproxy ready",
            extra={
                "database": "sqlite" if settings.is_sqlite else "postgresql",
                "jobs": "arq" if container.redis is not None else "in-process",
                "storage": settings.storage_backend,
                "url": settings.effective_public_url + "/graphql",
            },
        )
        try:
            yield
        finally:
            await container.close()

    web = WebClient(settings.web_client_dir)
    web.log_when_missing()
    routes: list[Any] = [
        Route("/", web.root),  # the web client, or GraphiQL while it is not built
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        *(asset_routes() if settings.graphiql else []),
    ]
    if settings.mocked_providers:
        from aitestmock.app import create_app as create_mock
        from aitestmock.config import MockConfig

        # Unconfigured providers talk to the built-in mock, over real HTTP, mounted right here.
        routes.append(Mount("/mock", app=create_mock(MockConfig.from_env())))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
    )
    # What no route matches (the routes added at start included) is the web client's: its files and pages.
    app.router.default = web.fallback(app.router.default)
    app.add_middleware(AccessLogMiddleware)  # inside RequestIdMiddleware: its lines carry the request id
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ClientAddressMiddleware, trusted_proxies=settings.trusted_proxies)
    return app
