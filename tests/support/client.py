"""A GraphQL client over real HTTP and graphql-transport-ws, and serving an ASGI app on a free port."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import uvicorn
import websockets

from infra.providers.http import tls_context

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_client() -> httpx.AsyncClient:
    """A plain HTTP client for the URLs the API hands out (signed uploads and downloads)."""
    # trust_env=False: a proxy configured in the environment must not intercept 127.0.0.1.
    return httpx.AsyncClient(trust_env=False, timeout=30, verify=tls_context())


@asynccontextmanager
async def serving(app: Any, port: int | None = None, **config: Any) -> AsyncIterator[str]:
    """`app` under uvicorn on 127.0.0.1 (`port`, or a free one) in this event loop for the block; yields its
    base URL. `config` goes to uvicorn.Config (lifespan, access_log, timeout_graceful_shutdown…)."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, **config))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("uvicorn stopped during start-up")
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def serving_quietly(app: Any) -> AbstractAsyncContextManager[str]:
    """A stand-in server of a test's own (a mock, a misbehaving provider): no lifespan, no access log, and a
    short shutdown however long a handler still sleeps."""
    return serving(app, lifespan="off", access_log=False, timeout_graceful_shutdown=2)


class GraphQLError(AssertionError):
    pass


def error_codes(body: dict[str, Any]) -> list[str]:
    """The `extensions.code` of each top-level error of a response body."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


class Api:
    """Talks to a running server exactly as a client would."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.AsyncClient(base_url=base_url, timeout=60, verify=tls_context())

    async def close(self) -> None:
        await self.http.aclose()

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        body = await self.raw(query, variables, token)
        if body.get("errors"):
            raise GraphQLError(json.dumps(body["errors"], indent=1))
        return body["data"]

    async def payload(
        self, name: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> Any:
        """Run a mutation that may be refused: no top-level errors; its payload, userErrors and all."""
        return (await self.data(query, variables, token))[name]

    async def mutate(
        self, name: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> Any:
        """Run a mutation that must succeed: no top-level errors and no userErrors."""
        payload = await self.payload(name, query, variables, token)
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload

    async def register(self, email: str | None = None, token: str | None = None, **names: str) -> dict[str, Any]:
        email = email or f"{uuid.uuid4().hex[:10]}@example.com"
        payload = (
            await self.data(
                """mutation($input: RegisterInput!) { register(input: $input) {
                    user { id email isAdmin artistName } userErrors { field message code } } }""",
                {"input": {"email": email, "password": PASSWORD, **names}},
                token,
            )
        )["register"]
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload["user"]

    async def login(self, email: str, password: str = PASSWORD) -> str:
        payload = (
            await self.data(
                "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code message } } }",
                {"i": {"email": email, "password": password}},
            )
        )["login"]
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload["token"]

    async def user(self, admin_token: str | None = None, **names: str) -> str:
        """A new signed-in user (with `names`: artistName, firstName…); returns the token. The first call makes
        the admin; later ones need the admin's token unless registration is open."""
        user = await self.register(token=admin_token, **names)
        return await self.login(user["email"])

    @asynccontextmanager
    async def subscribe(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> AsyncIterator[Subscription]:
        url = self.base_url.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            init: dict[str, Any] = {"type": "connection_init"}
            if token is not None:
                init["payload"] = {"authorization": f"Bearer {token}"}
            await ws.send(json.dumps(init))
            ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert ack["type"] == "connection_ack", ack
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})
            )
            yield Subscription(ws)


class Subscription:
    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, timeout: float = 30) -> dict[str, Any] | None:
        """The next `data` payload; None when the server completed the subscription."""
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] == "next":
                if message["payload"].get("errors"):
                    raise GraphQLError(json.dumps(message["payload"]["errors"]))
                return message["payload"]["data"]
            if message["type"] == "complete":
                return None
            if message["type"] == "error":
                raise GraphQLError(json.dumps(message["payload"]))
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))

    async def collect(self, timeout: float = 60) -> list[dict[str, Any]]:
        items = []
        while (item := await self.next(timeout)) is not None:
            items.append(item)
        return items
