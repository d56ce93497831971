"""Access lines: one per HTTP request, and one when a WebSocket opens and one when it closes.

An HTTP line says the method, the path (never the query string, where a GET request carries its variables),
the status, how long it took, the request id, the signed-in user and, for GraphQL, the operation's name, type
and root fields — never the document, its variables or any header. The GraphQL parts are noted by the schema
extension below while the request runs (infra/logging.py: `note_access`)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from graphql import FieldNode, get_operation_ast
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from infra.logging import access_var, note_access

log = logging.getLogger("aiproxy.access")

NAME_MAX = 100  # an operation name is the client's text: kept short in the logs
FIELDS_MAX = 10


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


class AccessLogMiddleware:
    """Logs every HTTP request once it has been answered, and every WebSocket when it opens and closes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        record: dict[str, Any] = {}
        token = access_var.set(record)
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaped the app

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_var.reset(token)
            fields = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": _ms(started),
                **{k: v for k, v in record.items() if v is not None},
            }
            log.info("%s %s %s", scope["method"], scope["path"], status, extra=fields)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        record: dict[str, Any] = {}
        token = access_var.set(record)
        started = time.perf_counter()
        accepted = False
        code: int | None = None

        async def receiving() -> Message:
            nonlocal code
            message = await receive()
            if message["type"] == "websocket.disconnect" and code is None:
                code = int(message.get("code") or 1000)
            return message

        async def sending(message: Message) -> None:
            nonlocal accepted, code
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                log.info("websocket connected", extra={"path": scope["path"]})
            elif message["type"] == "websocket.close" and code is None:
                code = int(message.get("code") or 1000)
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        finally:
            access_var.reset(token)
            if accepted:
                fields = {
                    "path": scope["path"],
                    "close_code": code,
                    "duration_ms": _ms(started),
                    **({"user_id": record["user_id"]} if record.get("user_id") else {}),
                }
                log.info("websocket disconnected", extra=fields)


class AccessLogFields(SchemaExtension):
    """Tells the request's access line which GraphQL operation it ran and for whom."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        record = access_var.get()
        if record is None:
            return  # not within a request (a test executing the schema directly)
        execution = self.execution_context
        name: str | None = None
        try:
            name = execution.operation_name
        except Exception:  # a document that does not parse has no name to tell
            name = None
        fields: dict[str, Any] = {"operation": name[:NAME_MAX] if name else None}
        document = execution.graphql_document
        operation = get_operation_ast(document, name) if document is not None else None
        if operation is not None:
            fields["operation_type"] = operation.operation.value
            roots = [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
            fields["fields"] = roots[:FIELDS_MAX]
        viewer = await self._viewer()
        if viewer is not None:
            fields["user_id"] = viewer
        note_access(**fields)

    async def _viewer(self) -> str | None:
        context = self.execution_context.context
        viewer = getattr(context, "viewer", None)
        if viewer is None:
            return None
        try:
            user = await viewer()  # resolved already by nearly every operation: cached, no second read
        except Exception:
            return None
        return str(user.id) if user is not None else None
