"""Per-request context: the container, the caller, the request id, and fresh DataLoaders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from api.errors import Unauthenticated
from api.loaders import Loaders
from domain.accounts.entities import User
from infra.container import Container
from infra.db.uow import SqlUnitOfWork

_UNSET: Any = object()


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
    loaders: Loaders = field(init=False)
    # Signed download URLs made for this request, by storage key: one signature per object per request.
    signed_urls: dict[str, Any] = field(default_factory=dict)
    _viewer: Any = field(default=_UNSET, init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self)

    def uow(self) -> SqlUnitOfWork:
        return self.container.uow()

    async def viewer(self) -> User | None:
        """The signed-in user, or None (no token, bad token, deactivated, or signed out by a password change)."""
        if self._viewer is _UNSET:
            token = bearer_token(self.authorization)
            self._viewer = None
            if token:
                async with self.uow() as uow:
                    self._viewer = await self.container.accounts(uow).authenticate(token)
        return self._viewer

    async def require_viewer(self) -> User:
        viewer = await self.viewer()
        if viewer is None:
            raise Unauthenticated()
        return viewer

    async def viewer_id(self) -> uuid.UUID:
        return (await self.require_viewer()).id

    async def allow_request(self) -> bool:
        viewer = await self.viewer()
        client = self.connection.client
        subject = f"user:{viewer.id}" if viewer else f"addr:{client.host if client else 'unknown'}"
        return await self.container.rate_limiter.allow(subject)


Info = StrawberryInfo[Context, None]
