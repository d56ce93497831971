"""Idle subscriptions at scale (production mode): what 10,000 open `jobProgress` subscriptions cost one API process.

`python -m api` runs as one process (WEB_CONCURRENCY=1) with no worker, so the jobs it is asked about stay
QUEUED and every subscription stays open and idle after its first snapshot. The bench opens them in two steps,
as browser tabs do: first `sockets` WebSocket connections with one subscription each (the cost of a connection
with its subscription), then more subscriptions on the same connections until `subscriptions` are open (the cost
of one more subscription). It reads the server's resident memory (VmRSS) after each step, and counts the Redis
clients in pub/sub mode before and during: the process shares one pub/sub connection among all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import websockets
from redis.asyncio import Redis

from api.ids import encode_id
from bench.events import queued_job
from bench.server import REDIS_URL, Running
from domain.jobs.entities import Job, job_topic

SUBSCRIPTION = "subscription($id: ID!) { jobProgress(id: $id) { status } }"
JOBS = 100  # the subscriptions spread over this many jobs (Redis channels), as over many users' jobs
OPENING = 50  # connections opened at once


@dataclass(frozen=True)
class SubscriptionFigures:
    sockets: int
    subscriptions: int
    rss_base_kib: int
    kib_per_connection: float  # a WebSocket connection with one subscription
    kib_per_subscription: float  # one more subscription on an open connection
    redis_pubsub_clients: int  # Redis clients in pub/sub mode the server added, with everything open
    channel_subscribers: int  # the largest PUBSUB NUMSUB over the jobs' channels: 1 when shared
    channels_left: int  # the jobs' channels still subscribed a few seconds after every connection closed
    seconds_to_open: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "sockets": self.sockets,
            "subscriptions": self.subscriptions,
            "rss_base_kib": self.rss_base_kib,
            "kib_per_connection": round(self.kib_per_connection, 2),
            "kib_per_subscription": round(self.kib_per_subscription, 2),
            "redis_pubsub_clients": self.redis_pubsub_clients,
            "channel_subscribers": self.channel_subscribers,
            "channels_left": self.channels_left,
            "seconds_to_open": round(self.seconds_to_open, 2),
        }


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ProcessLookupError(pid)


async def pubsub_clients(redis: Redis) -> int:
    """Clients of the shared Redis in pub/sub mode (subscribed to at least one channel or pattern)."""
    clients = await redis.client_list()
    return sum(1 for c in clients if int(c.get("sub", 0)) + int(c.get("psub", 0)) > 0)


async def subscribers(redis: Redis, channels: list[str]) -> list[int]:
    """PUBSUB NUMSUB of each channel: how many Redis connections subscribe it."""
    counts = dict(await redis.pubsub_numsub(*channels))
    return [int(counts[channel.encode()]) for channel in channels]


async def queued_jobs(running: Running, token: str, count: int) -> list[Job]:
    return [await queued_job(running, token) for _ in range(count)]


class Connection:
    """One graphql-transport-ws connection holding idle subscriptions."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.opened = 0

    @classmethod
    async def open(cls, url: str, token: str) -> Connection:
        ws = await websockets.connect(url, subprotocols=["graphql-transport-ws"], max_queue=None, ping_interval=None)  # type: ignore[list-item]  # the stubs type subprotocols as a list of a NewType
        await ws.send(
            orjson.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}).decode()
        )
        ack = orjson.loads(await asyncio.wait_for(ws.recv(), 30))
        assert ack["type"] == "connection_ack", ack
        return cls(ws)

    async def subscribe(self, job_ids: list[str]) -> None:
        """Subscribes to each job and waits for each first snapshot (QUEUED)."""
        for job_id in job_ids:
            self.opened += 1
            message = {"id": str(self.opened), "type": "subscribe", "payload": {"query": SUBSCRIPTION}}
            message["payload"]["variables"] = {"id": job_id}  # type: ignore[index]  # payload is the dict above
            await self.ws.send(orjson.dumps(message).decode())
        for _ in job_ids:
            reply = orjson.loads(await asyncio.wait_for(self.ws.recv(), 60))
            assert reply["type"] == "next" and reply["payload"]["data"]["jobProgress"]["status"] == "QUEUED", reply

    async def close(self) -> None:
        await self.ws.close()


async def _each(items: list[Any], action: Any) -> list[Any]:
    gate = asyncio.Semaphore(OPENING)

    async def one(item: Any) -> Any:
        async with gate:
            return await action(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


async def _settled_rss(pid: int) -> int:
    gc.collect()
    await asyncio.sleep(1.0)  # let the server finish its writes and free its buffers
    return rss_kib(pid)


async def _channels_left(redis: Redis, channels: list[str], seconds: float = 10.0) -> int:
    """How many channels are still subscribed once the server has had up to `seconds` to notice the closed
    connections (polled every 0.2 s)."""
    left = len(channels)
    for _ in range(int(seconds / 0.2)):
        left = sum(1 for n in await subscribers(redis, channels) if n)
        if not left:
            break
        await asyncio.sleep(0.2)
    return left


async def measure_subscriptions(
    server_url: str,
    server_pid: int,
    token: str,
    jobs: list[Job],
    *,
    sockets: int,
    subscriptions: int,
    redis_key_prefix: str,
) -> SubscriptionFigures:
    if subscriptions < sockets:
        raise ValueError("open at least one subscription per connection")
    url = server_url.replace("http://", "ws://") + "/graphql"
    ids = [encode_id("Job", job.id) for job in jobs]
    channels = [f"{redis_key_prefix}events:{job_topic(job.id)}" for job in jobs]
    redis = Redis.from_url(REDIS_URL)
    connections: list[Connection] = []
    try:
        pubsub_before = await pubsub_clients(redis)
        # Warm up: the first connections load code and fill caches that later ones only use.
        warm = await _each(list(range(OPENING)), lambda _: Connection.open(url, token))
        await _each(warm, lambda c: c.subscribe(ids[:2]))
        await _each(warm, lambda c: c.close())
        base = await _settled_rss(server_pid)
        loop = asyncio.get_running_loop()
        started = loop.time()
        connections = await _each(list(range(sockets)), lambda _: Connection.open(url, token))
        await _each(list(enumerate(connections)), lambda ic: ic[1].subscribe([ids[ic[0] % len(ids)]]))
        after_sockets = await _settled_rss(server_pid)
        more = subscriptions - sockets
        per = [more // sockets + (1 if i < more % sockets else 0) for i in range(sockets)]
        await _each(
            list(enumerate(connections)),
            lambda ic: ic[1].subscribe([ids[(ic[0] + k + 1) % len(ids)] for k in range(per[ic[0]])]),
        )
        seconds = loop.time() - started
        after_all = await _settled_rss(server_pid)
        pubsub_during = await pubsub_clients(redis)
        during = await subscribers(redis, channels)
        await _each(connections, lambda c: c.close())
        connections = []
        left = await _channels_left(redis, channels)
    finally:
        for connection in connections:
            with contextlib.suppress(Exception):
                await connection.close()
        await redis.aclose()
    return SubscriptionFigures(
        sockets=sockets,
        subscriptions=subscriptions,
        rss_base_kib=base,
        kib_per_connection=(after_sockets - base) / sockets,
        kib_per_subscription=(after_all - after_sockets) / more if more else 0.0,
        redis_pubsub_clients=pubsub_during - pubsub_before,
        channel_subscribers=max(during),
        channels_left=left,
        seconds_to_open=seconds,
    )
