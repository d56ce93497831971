"""A WebSocket serves only while its token is good.

A connection authenticates once, in `connection_init`, and may then stay open for hours. The token it
showed is checked again (`AccountService.authenticate`, the one rule for tokens):

- before every `subscribe`: a token revoked (password changed, account deactivated) or expired since gets an
  `error` message saying so, with the code UNAUTHENTICATED, and nothing runs;
- while operations are open: at once when the account's sessions end (the accounts' sessions topic, which
  every process hears through its event bus), when the token expires, and every `SESSION_RECHECK_SECONDS`
  besides (for changes made where this process cannot hear them: the management command of the embedded
  default, or while Redis is away). A refused token ends every open operation with that same `error`.

Each process listens to the sessions topic once (`SessionSignals`) and wakes only the connections of the
user named.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLFormattedError
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage

from api.context import unauthenticated
from api.http import RateLimitedTransportWS
from domain.accounts.entities import SESSIONS_TOPIC, Authentication
from domain.common.events import EventBus

log = logging.getLogger("aiproxy.sessions")

_RETRY_MAX_SECONDS = 30.0


class SessionSignals:
    """One subscription per process to the sessions topic, fanned out to the connections of each user."""

    def __init__(self, events: EventBus) -> None:
        self.events = events
        self._waiting: dict[uuid.UUID, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def listen(self, user_id: uuid.UUID) -> Iterator[asyncio.Event]:
        """An event set whenever `user_id`'s sessions may have ended (clear it once handled)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="session-signals")
        signal = asyncio.Event()
        self._waiting[user_id].add(signal)
        try:
            yield signal
        finally:
            self._waiting[user_id].discard(signal)
            if not self._waiting[user_id]:
                del self._waiting[user_id]

    def _wake(self, user_id: uuid.UUID | None = None) -> None:
        groups = [self._waiting.get(user_id, set())] if user_id else list(self._waiting.values())
        for group in groups:
            for signal in group:
                signal.set()

    async def _run(self) -> None:
        delay = 1.0
        while True:
            try:
                async with self.events.subscribe(SESSIONS_TOPIC) as stream:
                    delay = 1.0
                    self._wake()  # anything published while this was not listening has been missed: check all
                    async for message in stream:
                        with contextlib.suppress(KeyError, TypeError, ValueError):
                            self._wake(uuid.UUID(str(message["user_id"])))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the bus is away (Redis down): the periodic checks go on meanwhile
                log.warning("not hearing session changes, retrying in %.0f s: %s", delay, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, _RETRY_MAX_SECONDS)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class SessionTransportWS(RateLimitedTransportWS):
    """graphql-transport-ws whose connection serves only while its token is good (see the module)."""

    _watcher: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged and self._watcher is None:
            self._watcher = asyncio.create_task(self._watch(), name="session-watcher")

    async def refusal(self) -> GraphQLFormattedError | None:
        refused = await super().refusal()
        if refused is not None:
            return refused
        try:
            authentication = await self.context.recheck()
        except Exception:  # the database is away: let the operation run and fail (or not) as it would
            log.exception("could not check a WebSocket's token")
            return None
        return None if authentication.user is not None else _error(authentication)

    async def _watch(self) -> None:
        try:
            await self._watch_token()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("a WebSocket's session watcher stopped")

    async def _watch_token(self) -> None:
        container = self.context.container
        signals: SessionSignals = self.context.connection.app.state.sessions
        authentication = await self.context.authentication()
        if authentication.user is None:
            return
        with signals.listen(authentication.user.id) as signal:
            while True:
                wait = container.settings.session_recheck_seconds
                if authentication.expires_at is not None:
                    until_expiry = (authentication.expires_at - datetime.now(UTC)).total_seconds()
                    wait = min(wait, max(until_expiry, 0) + 0.05)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(signal.wait(), wait)
                signal.clear()
                if not self.operations:
                    continue  # nothing open to end; the next subscribe checks the token anyway
                try:
                    authentication = await self.context.recheck()
                except Exception:  # the database is away: keep serving, and check again later
                    log.exception("could not check a WebSocket's token")
                    continue
                if authentication.user is None:
                    await self._end_operations(_error(authentication))
                    return

    async def _end_operations(self, error: GraphQLFormattedError) -> None:
        for operation in list(self.operations.values()):
            ended: ErrorMessage = {"id": operation.id, "type": "error", "payload": [error]}
            # Marks the operation done first, so nothing it was about to send follows this message.
            with contextlib.suppress(Exception):  # the socket is closing already
                await operation.send_operation_message(ended)
            if operation.task is not None:
                operation.task.cancel()

    async def shutdown(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await super().shutdown()


def _error(authentication: Authentication) -> GraphQLFormattedError:
    refused = unauthenticated(authentication)
    return {"message": str(refused), "extensions": {"code": refused.code}}
