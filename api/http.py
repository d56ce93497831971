"""The HTTP and WebSocket edge of /graphql: what reaches the schema, and what is refused before it does.

- The client address is the socket peer, or what `X-Forwarded-For` says when (and only when) the peer is
  one of `TRUSTED_PROXIES`.
- A request body is read up to `MAX_REQUEST_BYTES` (a larger `Content-Length` or chunked body: 413); it
  must be a JSON object (else 400), nested no deeper than the JSON parser allows.
- Every request counts against the rate limit before its document is even parsed: HTTP requests (valid
  or not), WebSocket `connection_init` and each `subscribe` message.
- Request faults are answered in GraphQL's shape, `{"errors": [{"message", "extensions": {"code"}}]}`,
  never as plain text.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLFormattedError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage

from infra.settings import Settings

if TYPE_CHECKING:
    from api.context import Context

RATE_LIMITED_MESSAGE = "Too many requests; slow down."
WS_RATE_LIMITED = 4429  # graphql-transport-ws: a client must not retry this at once


def graphql_error(message: str, code: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code}}


def error_response(status: int, message: str, code: str = "BAD_USER_INPUT") -> Response:
    return JSONResponse({"errors": [graphql_error(message, code)]}, status_code=status)


class RequestTooLarge(Exception):
    pass


class RateLimitedRequest(Exception):
    pass


class JSONTooDeep(json.JSONDecodeError):
    def __init__(self) -> None:
        super().__init__("The JSON is nested too deeply", "", 0)


# --------------------------------------------------------------------------- the client address


class TrustedProxies:
    def __init__(self, entries: Iterable[str]) -> None:
        self.networks = [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host.strip().strip("[]"))
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str) -> str:
        """The first address from the right of `X-Forwarded-For` that is not a trusted proxy.

        Only the hops our own proxies appended are believed: whatever the client wrote further left
        cannot make it someone else."""
        if not self.trusts(peer):
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop[:64]
        return hops[0][:64] if hops else peer


class ClientAddressMiddleware:
    """Sets `scope["client"]` to the client's address as `TRUSTED_PROXIES` lets us know it."""

    def __init__(self, app: ASGIApp, trusted_proxies: Iterable[str] = ()) -> None:
        self.app = app
        self.proxies = TrustedProxies(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.proxies and scope["type"] in ("http", "websocket") and scope.get("client"):
            values = [v.decode("latin-1") for k, v in scope.get("headers") or [] if k == b"x-forwarded-for"]
            if values:
                peer, port = scope["client"]
                scope = {**scope, "client": (self.proxies.client(peer, ",".join(values)), port)}
        await self.app(scope, receive, send)


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options that must agree with the app: it trusts X-Forwarded-For from the same proxies
    (or, with none configured, from nobody), accepts WebSocket messages no larger than a request body, and keeps idle
    connections open longer than clients do."""
    proxies = ",".join(settings.trusted_proxies)
    return {
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        "ws_max_size": settings.max_request_bytes,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }


# How long an idle keep-alive connection stays open. Longer than clients keep theirs (httpx 5 s, browsers and proxies
# up to a minute), so the client closes first: with uvicorn's 5 s, a client reusing a connection at the moment the
# server closes it got a ReadError on a POST that it cannot safely send again (seen in the suite's own client).
KEEP_ALIVE_SECONDS = 65


# --------------------------------------------------------------------------- the GraphQL view


class RateLimitedTransportWS(BaseGraphQLTransportWSHandler["Context", None]):
    """graphql-transport-ws where `connection_init` and every `subscribe` count against the rate limit."""

    async def handle_connection_init(self, message: Any) -> None:
        try:
            await super().handle_connection_init(message)
        except RateLimitedRequest:
            await self.websocket.close(code=WS_RATE_LIMITED, reason=RATE_LIMITED_MESSAGE)

    async def handle_subscribe(self, message: Any) -> None:
        refusal = await self.refusal() if self.connection_acknowledged else None
        if refusal is not None:
            refused: ErrorMessage = {"id": message["id"], "type": "error", "payload": [refusal]}
            await self.send_message(refused)
            return
        await super().handle_subscribe(message)

    async def refusal(self) -> GraphQLFormattedError | None:
        """Why a `subscribe` is refused before it runs (answered with an `error` message), or None."""
        if not await self.context.allow_request():
            return {"message": RATE_LIMITED_MESSAGE, "extensions": {"code": "RATE_LIMITED"}}
        return None


class GraphQLEndpoint(GraphQL["Context", None]):
    """Strawberry's ASGI view with the edge's limits; the app subclasses it for its context."""

    graphql_transport_ws_handler_class = RateLimitedTransportWS

    def __init__(self, schema: Any, *, max_request_bytes: int, **options: Any) -> None:
        super().__init__(schema, **options)
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        response = await self._respond(scope, receive)
        await response(scope, receive, send)

    async def _respond(self, scope: Scope, receive: Receive) -> Response:
        limit = self.max_request_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length", b"").strip()
        received = 0

        async def bounded_receive() -> Message:
            """The body as it arrives, refused as soon as it is known to be too large."""
            nonlocal received
            if declared.isdigit() and int(declared) > limit:
                raise RequestTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge
            return message

        request = Request(scope, receive=bounded_receive)
        try:
            return await self.run(request)
        except RateLimitedRequest:
            return JSONResponse({"data": None, "errors": [graphql_error(RATE_LIMITED_MESSAGE, "RATE_LIMITED")]})
        except RequestTooLarge:
            return error_response(413, f"The request body is larger than {limit} bytes.")
        except HTTPException as exc:
            return error_response(exc.status_code, exc.reason)
        finally:
            context = getattr(request.state, "aiproxy_context", None)
            if context is not None:
                await context.close()  # the request's reads are done: their connection goes back to the pool

    async def admit_http(self, request: Any, context: Context) -> None:
        """Called as each HTTP request's context is made: it counts, unless it only fetches GraphiQL."""
        if self.is_websocket_request(request) or self.should_render_graphql_ide(self.request_adapter_class(request)):
            return
        await self.admit(context)

    async def admit(self, context: Context) -> None:
        if not await context.allow_request():
            raise RateLimitedRequest

    def encode_json(self, data: object) -> str:
        # orjson: several times faster than json for responses. A str, not bytes: WebSocket messages are
        # encoded here too, and graphql-transport-ws clients (browsers) expect text frames.
        return orjson.dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        except RecursionError:
            raise JSONTooDeep from None
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"Not UTF-8: {exc.reason}", "", 0) from None

    def parse_json(self, data: str | bytes) -> Any:
        """Request bodies, and the `variables` and `extensions` of GET requests: JSON objects only."""
        try:
            value = self.decode_json(data)
        except JSONTooDeep:
            raise HTTPException(400, "The JSON is nested too deeply.") from None
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"The request body is not valid JSON: {exc.msg}.") from None
        if not isinstance(value, dict):
            raise HTTPException(400, 'Send one JSON object: {"query": "…", "variables": {…}, "operationName": "…"}.')
        return value

    async def parse_http_body(self, request: Any) -> GraphQLRequestData:
        data = await super().parse_http_body(request)
        if isinstance(data, list):  # unreachable while parse_json accepts only objects
            raise HTTPException(400, "Batching is not enabled")
        if not isinstance(data.operation_name, str | None):
            raise HTTPException(400, "The GraphQL operation's `operationName` must be a string or null, if provided.")
        return data
