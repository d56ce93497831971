"""Top-level GraphQL errors: client faults carry a code; anything unexpected is masked and logged."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from domain.common.pagination import PageRequestError

log = logging.getLogger("aiproxy.api")


class ClientError(Exception):
    """A fault of the request, reported as a top-level error with `extensions.code`."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class Unauthenticated(ClientError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in first: send `Authorization: Bearer <token>`.") -> None:
        super().__init__(message)


class Forbidden(ClientError):
    code = "FORBIDDEN"


class RateLimited(ClientError):
    code = "RATE_LIMITED"


def _classify(error: GraphQLError) -> str | None:
    """The code of a client fault, or None when the error is unexpected (a server fault)."""
    original = error.original_error
    if original is None:
        return "BAD_USER_INPUT"  # parse and validation errors, limits (depth, aliases, tokens)
    if isinstance(original, ClientError):
        return original.code
    if isinstance(original, PageRequestError):
        return "BAD_USER_INPUT"
    if isinstance(original, GraphQLError) and original.original_error is None:
        return "BAD_USER_INPUT"  # e.g. variable coercion errors
    return None


class ErrorPolicy(SchemaExtension):
    """Adds `extensions.code` to every error; masks server faults with the request id, and logs them."""

    def _process(self, result: Any) -> None:
        if result is None or not result.errors:
            return
        request_id = getattr(self.execution_context.context, "request_id", None)
        processed = []
        for error in result.errors:
            code = _classify(error)
            if code is None:
                log.error(
                    "unexpected error in %s",
                    ".".join(str(p) for p in error.path or []) or "operation",
                    exc_info=error.original_error,
                    extra={"request_id": request_id},
                )
                error = GraphQLError(
                    f"Internal server error (request id {request_id}).",
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
                )
            else:
                error = GraphQLError(
                    error.message,
                    nodes=error.nodes,
                    path=error.path,
                    source=error.source,
                    positions=error.positions,
                    extensions={**(error.extensions or {}), "code": code},
                )
            processed.append(error)
        result.errors = processed

    def on_operation(self) -> Iterator[None]:
        yield
        # graphql-core's ExecutionResult, or Strawberry's own when a validation rule refused the document.
        self._process(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Subscriptions: every result the stream yields gets the same policy before it is sent."""
        self._process(result)
        yield


class RateLimit(SchemaExtension):
    """Per-user (or per-address) requests per minute; over the limit nothing executes."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not await context.allow_request():
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError("Too many requests; slow down.", original_error=RateLimited("x"))]
            )
        yield
