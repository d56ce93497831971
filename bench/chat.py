"""Chat streaming overhead: time to first token and the gap between tokens through aiproxy
(messageSend → messageStream over graphql-transport-ws, a CHAT_REPLY job in between) against calling the
same mock's Ollama `/api/chat` stream directly, in the same run. Reported as the milliseconds aiproxy adds."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import httpx
import websockets

from bench.stats import percentile
from tests.support import Api

STREAM = "subscription($m: ID!) { messageStream(messageId: $m) { delta status } }"
SEND = """mutation($c: ID!, $t: String!) { messageSend(input: {conversationId: $c, content: $t}) {
    assistantMessage { id } userErrors { code message } } }"""
MODEL = "llama3.2:3b"


@dataclass(frozen=True)
class Timing:
    first_token_ms: float
    gaps_ms: list[float]
    send_ms: float = 0.0  # through aiproxy: the messageSend round trip, the first part of first_token_ms


@dataclass(frozen=True)
class ChatFigures:
    answers: int
    direct_ttft_ms: float
    aiproxy_ttft_ms: float
    direct_gap_ms: float
    aiproxy_gap_ms: float
    # Where aiproxy's first token goes: the messageSend round trip (HTTP, auth, the writes, the enqueue), then
    # the rest (subscribe, the worker's claim, the provider's first token, the event's hop to the socket).
    send_ms: float = 0.0

    @property
    def added_ttft_ms(self) -> float:
        return self.aiproxy_ttft_ms - self.direct_ttft_ms

    @property
    def added_gap_ms(self) -> float:
        return self.aiproxy_gap_ms - self.direct_gap_ms

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "direct_ttft_p50_ms": round(self.direct_ttft_ms, 2),
            "aiproxy_ttft_p50_ms": round(self.aiproxy_ttft_ms, 2),
            "added_ttft_ms": round(self.added_ttft_ms, 2),
            "direct_gap_p50_ms": round(self.direct_gap_ms, 3),
            "aiproxy_gap_p50_ms": round(self.aiproxy_gap_ms, 3),
            "added_gap_ms": round(self.added_gap_ms, 3),
            "aiproxy_send_p50_ms": round(self.send_ms, 2),
        }


def _timing(started: float, arrivals: list[float], sent: float | None = None) -> Timing:
    return Timing(
        (arrivals[0] - started) * 1000,
        [(b - a) * 1000 for a, b in pairwise(arrivals)],
        (sent - started) * 1000 if sent is not None else 0.0,
    )


async def direct(client: httpx.AsyncClient, base: str, text: str) -> Timing:
    """The mock's own stream, as an Ollama client would read it."""
    body = {"model": MODEL, "messages": [{"role": "user", "content": text}], "stream": True}
    started, arrivals = time.perf_counter(), []
    async with client.stream("POST", f"{base}/mock/api/chat", json=body) as response:
        async for line in response.aiter_lines():
            if line and json.loads(line).get("message", {}).get("content"):
                arrivals.append(time.perf_counter())
    return _timing(started, arrivals)


async def connected(api: Api, token: str) -> Any:
    """One graphql-transport-ws connection, acknowledged, kept open as a client keeps it (the web client does)."""
    url = api.base_url.replace("http://", "ws://") + "/graphql"
    ws = await websockets.connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    ack = json.loads(await ws.recv())
    assert ack["type"] == "connection_ack", ack
    return ws


async def through_aiproxy(api: Api, ws: Any, token: str, conversation_id: str, text: str, n: int) -> Timing:
    """messageSend over HTTP, then messageStream on the open WebSocket: the round trips a client makes."""
    started = time.perf_counter()
    payload = await api.mutate("messageSend", SEND, {"c": conversation_id, "t": text}, token)
    sent = time.perf_counter()
    variables = {"m": payload["assistantMessage"]["id"]}
    await ws.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": STREAM, "variables": variables}}))
    arrivals = []
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 60))
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
            continue
        assert message.get("id") == str(n), message
        if message["type"] == "complete":
            break
        assert message["type"] == "next" and not message["payload"].get("errors"), message
        if message["payload"]["data"]["messageStream"]["delta"]:
            arrivals.append(time.perf_counter())
    return _timing(started, arrivals, sent)


async def measure_chat(api: Api, token: str, answers: int) -> ChatFigures:
    created = await api.mutate(
        "conversationCreate",
        f"""mutation {{ conversationCreate(input: {{model: "{MODEL}", title: "bench"}}) {{
            conversation {{ id }} userErrors {{ code }} }} }}""",
        token=token,
    )
    conversation_id = created["conversation"]["id"]
    mine, theirs = [], []
    ws = await connected(api, token)
    try:
        async with httpx.AsyncClient(timeout=60) as client:
            for i in range(answers):
                text = f"bench question {i}"
                theirs.append(await direct(client, api.base_url, text))
                mine.append(await through_aiproxy(api, ws, token, conversation_id, text, i))
    finally:
        await ws.close()
    return ChatFigures(
        answers=answers,
        direct_ttft_ms=percentile([t.first_token_ms for t in theirs], 50),
        aiproxy_ttft_ms=percentile([t.first_token_ms for t in mine], 50),
        direct_gap_ms=percentile([g for t in theirs for g in t.gaps_ms], 50),
        aiproxy_gap_ms=percentile([g for t in mine for g in t.gaps_ms], 50),
        send_ms=percentile([t.send_ms for t in mine], 50),
    )
