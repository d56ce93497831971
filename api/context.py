"""Per-request context: the container, the caller, the request id, and the request's DataLoaders."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from api.errors import Unauthenticated
from api.loaders import Loaders
from domain.accounts.entities import User
from domain.accounts.service import AccountService
from domain.files.ports import SignedRequest
from infra.container import Container, Services
from infra.db.uow import SqlUnitOfWork

_UNSET: Any = object()
S = TypeVar("S")
T = TypeVar("T")


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
    # HTTP requests read through one unit of work (one connection, autocommit) for the whole request; a
    # WebSocket connection lives for hours, so each of its reads takes a connection only while it reads.
    share_reads: bool = True
    _viewer: Any = field(default=_UNSET, init=False)
    _loaders: Loaders | None = field(default=None, init=False)
    _reads: SqlUnitOfWork | None = field(default=None, init=False)
    _reads_lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _reads_holder: asyncio.Task[Any] | None = field(default=None, init=False)

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self)
        return self._loaders

    def unit_of_work(self) -> SqlUnitOfWork:
        """A unit of work for a mutation: its own transaction, committed once."""
        return self.container.uow()

    def services(self, uow: SqlUnitOfWork) -> Services:
        return self.container.services(uow)

    async def run_read(self, action: Callable[[SqlUnitOfWork], Awaitable[T]]) -> T:
        """Run a read on the request's read unit of work. Sibling fields resolve concurrently, and a session
        serves one statement at a time, so reads take turns. A read that finds its pooled connection broken
        (the database restarted) runs once more on a fresh one."""
        if not self.share_reads:
            for attempt in (1, 2):
                async with self.container.reads() as uow:
                    try:
                        return await action(uow)
                    except DBAPIError as error:
                        if attempt == 2 or not error.connection_invalidated:
                            raise
        current = asyncio.current_task()
        if self._reads_holder is current and self._reads is not None:
            return await action(self._reads)  # a read inside a read of the same task
        async with self._reads_lock:
            self._reads_holder = current
            try:
                for attempt in (1, 2):
                    if self._reads is None:
                        self._reads = await self.container.reads().__aenter__()
                    try:
                        return await action(self._reads)
                    except DBAPIError as error:
                        if attempt == 2 or not error.connection_invalidated:
                            raise
                        await self._release()
                raise AssertionError("unreachable")
            finally:
                self._reads_holder = None

    async def read(self, service: type[S], action: Callable[[S], Awaitable[T]]) -> T:
        """One read through an area's service (nothing is committed)."""
        return await self.run_read(lambda uow: action(self.services(uow).get(service)))

    async def close(self) -> None:
        """End the request's reads: their connection goes back to the pool (a later read takes a new one)."""
        if self._reads is None:
            return
        if self._reads_holder is asyncio.current_task():
            await self._release()
            return
        async with self._reads_lock:
            await self._release()

    async def _release(self) -> None:
        reads, self._reads = self._reads, None
        if reads is not None:
            await reads.__aexit__(None, None, None)

    async def viewer(self) -> User | None:
        """The signed-in user, or None (no token, bad token, deactivated, or signed out by a password change)."""
        if self._viewer is _UNSET:
            token = bearer_token(self.authorization)
            self._viewer = None
            if token:
                self._viewer = await self.read(AccountService, lambda accounts: accounts.authenticate(token))
        viewer: User | None = self._viewer
        return viewer

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
