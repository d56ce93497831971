"""One Redis pub/sub connection per API process, fanned out to every subscription in it: hundreds of
subscribers of one job cost Redis one subscriber, each receives every change, and leaving unsubscribes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets
from redis.asyncio import Redis

from infra.settings import Settings
from tests.conftest import serve
from tests.support import start_export

CONNECTIONS = 3
PER_CONNECTION = 100
PROGRESS = "subscription($id: ID!) { jobProgress(id: $id) { status } }"


async def numsub(url: str, channel: str) -> int:
    client = Redis.from_url(url)
    try:
        return int(dict(await client.pubsub_numsub(channel))[channel.encode()])
    finally:
        await client.aclose()


async def open_subscriptions(ws_url: str, token: str, job_id: str) -> Any:
    ws = await websockets.connect(ws_url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
    for i in range(PER_CONNECTION):
        payload = {"query": PROGRESS, "variables": {"id": job_id}}
        await ws.send(json.dumps({"id": str(i), "type": "subscribe", "payload": payload}))
    return ws


async def statuses(ws: Any, count: int) -> list[str]:
    seen = []
    while len(seen) < count:
        message = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if message["type"] == "complete":  # after a subscription's last event
            continue
        assert message["type"] == "next", message
        seen.append(message["payload"]["data"]["jobProgress"]["status"])
    return seen


async def test_one_redis_subscriber_per_process_for_every_subscription(production_settings: Settings) -> None:
    # No worker: the export job stays QUEUED, so every subscription stays open until the job is cancelled.
    async with serve(production_settings, worker=False) as running:
        api = running.api
        token = await api.user()
        job = await start_export(api, token)
        ws_url = api.base_url.replace("http://", "ws://") + "/graphql"
        sockets = await asyncio.gather(*(open_subscriptions(ws_url, token, job["id"]) for _ in range(CONNECTIONS)))
        try:
            firsts = await asyncio.gather(*(statuses(ws, PER_CONNECTION) for ws in sockets))
            assert all(status == "QUEUED" for seen in firsts for status in seen)
            bus = running.app.state.container.events
            # One channel for the job, whatever the number of local subscribers.
            [channel] = [c for c in bus.fanout.channels if ":events:job:" in c]
            assert len(bus.fanout.channels[channel]) == CONNECTIONS * PER_CONNECTION
            assert await numsub(running.settings.redis_url, channel) == 1

            # A change reaches every subscriber, then each completes.
            await api.mutate(
                "jobCancel",
                "mutation($i: JobIdInput!) { jobCancel(input: $i) { job { status } userErrors { message } } }",
                {"i": {"id": job["id"]}},
                token,
            )
            finals = await asyncio.gather(*(statuses(ws, PER_CONNECTION) for ws in sockets))
            assert all(status == "CANCELLED" for seen in finals for status in seen)
            for _ in range(50):
                if channel not in bus.fanout.channels and await numsub(running.settings.redis_url, channel) == 0:
                    break
                await asyncio.sleep(0.1)
            assert channel not in bus.fanout.channels
            assert await numsub(running.settings.redis_url, channel) == 0
        finally:
            for ws in sockets:
                await ws.close()
