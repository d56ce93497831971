"""Per-request context: the container, the caller, the request id, and the request's DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from api.errors import Unauthenticated
from api.loaders import Loaders
from domain.accounts.entities import Authentication, TokenProblem, User
from domain.accounts.service import AccountService
from domain.files.ports import SignedRequest
from infra.container import Container, Services
from infra.db.uow import SqlUnitOfWork

S = TypeVar("S")
T = TypeVar("T")


# What a client is told when its token was ours but no longer counts (any other bad token: "Sign in first").
TOKEN_PROBLEMS = {
    TokenProblem.EXPIRED: "Your token has expired; sign in again (`login`) for a new one.",
    TokenProblem.REVOKED: "Your session has ended: the account's password was changed or the account was "
    "deactivated after this token was issued. Sign in again.",
}


def unauthenticated(authentication: Authentication) -> Unauthenticated:
    """The error for a request whose token speaks for no one, saying why when the client can do something."""
    problem = authentication.problem
    return Unauthenticated(TOKEN_PROBLEMS[problem]) if problem in TOKEN_PROBLEMS else Unauthenticated()


def bearer_token(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@dataclass
class Context:
    container: Container
    connection: HTTPConnection
    request_id: str
    authorization: str | None = None
    connection_params: dict[str, Any] | None = None
    response: Any = None
    # Signed download URLs made for this request, by storage key: one signature per object per request.
    signed_urls: dict[str, SignedRequest] = field(default_factory=dict)
    _authentication: Authentication | None = field(default=None, init=False)
    _loaders: Loaders | None = field(default=None, init=False)

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self)
        return self._loaders

    def unit_of_work(self) -> SqlUnitOfWork:
        return self.container.uow()

    def services(self, uow: SqlUnitOfWork) -> Services:
        return self.container.services(uow)

    async def read(self, service: type[S], action: Callable[[S], Awaitable[T]]) -> T:
        """One read through an area's service in its own unit of work (nothing is committed)."""
        async with self.unit_of_work() as uow:
            return await action(self.services(uow).get(service))

    async def authentication(self) -> Authentication:
        """What the request's token is worth (read once per request; a WebSocket reads it again with `recheck`)."""
        if self._authentication is None:
            token = bearer_token(self.authorization)
            if token:
                async with self.unit_of_work() as uow:
                    self._authentication = await self.services(uow).get(AccountService).authenticate(token)
            else:
                self._authentication = Authentication(None)
        return self._authentication

    async def recheck(self) -> Authentication:
        """The token's worth now: a long-lived connection asks again before each operation and while it runs."""
        self._authentication = None
        return await self.authentication()

    async def viewer(self) -> User | None:
        """The signed-in user, or None (no token, bad or expired token, deactivated, or signed out by a password
        change)."""
        return (await self.authentication()).user

    async def require_viewer(self) -> User:
        authentication = await self.authentication()
        if authentication.user is None:
            raise unauthenticated(authentication)
        return authentication.user

    async def viewer_id(self) -> uuid.UUID:
        return (await self.require_viewer()).id

    async def allow_request(self) -> bool:
        viewer = await self.viewer()
        client = self.connection.client
        subject = f"user:{viewer.id}" if viewer else f"addr:{client.host if client else 'unknown'}"
        return await self.container.rate_limiter.allow(subject)


Info = StrawberryInfo[Context, None]
