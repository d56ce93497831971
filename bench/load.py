"""`python -m bench.load < plan.json`: the load generator, a process of its own so its CPU is never the server's.

It speaks HTTP/1.1 with keep-alive over raw asyncio streams (uvloop when installed) and sends request bytes
encoded once beforehand, so each request costs it a write, a header scan and a read. The plan (JSON on stdin):

    {"host": "127.0.0.1", "port": 8000, "requests": ["POST /graphql HTTP/1.1\\r\\n…", …],   # latin-1 text
     "server_pid": 1234, "warmup": 30, "sequential": 300, "min_seconds": 2,
     "clients": 20, "seconds": 5, "warm_seconds": 1}

1. Single client: `warmup` requests, then timed ones, one after another on one connection: `sequential` of
   them, or more when that many would take less than `min_seconds` at the warm-up's pace (the number is fixed
   before timing starts). The latency of each, and the server's CPU time over exactly those requests
   (bench/procstat.py: clock ticks, summed over the server's process tree) divided by their number.
2. `clients` connections, each sending its next request as soon as its last answer is in: after
   `warm_seconds`, the answers completed in `seconds` (throughput), and the server's CPU over that window.
   `clients: 0` or `sequential: 0` skips a part.

`requests` are sent round-robin (each connection starting at its own offset). Every answer must be 200 and,
per request, as long as its first answer: a GraphQL error, a rate limit or a truncated body stops the run.
It prints one JSON line, including its own CPU use in each part (to show it was not the bottleneck).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bench.procstat import tree_cpu
from bench.stats import percentile


class BadAnswer(Exception):
    pass


@dataclass(frozen=True)
class Plan:
    host: str
    port: int
    requests: list[bytes]
    server_pid: int
    warmup: int
    sequential: int
    min_seconds: float
    clients: int
    seconds: float
    warm_seconds: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(
            host=str(data["host"]),
            port=int(data["port"]),
            requests=[str(r).encode("latin-1") for r in data["requests"]],
            server_pid=int(data["server_pid"]),
            warmup=int(data.get("warmup", 0)),
            sequential=int(data.get("sequential", 0)),
            min_seconds=float(data.get("min_seconds", 0)),
            clients=int(data.get("clients", 0)),
            seconds=float(data.get("seconds", 0)),
            warm_seconds=float(data.get("warm_seconds", 0)),
        )


class Connection:
    """One keep-alive connection; `lengths` (shared) holds each request's expected body length."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, plan: Plan, lengths: list[int]):
        self.reader, self.writer, self.requests, self.lengths = reader, writer, plan.requests, lengths

    @classmethod
    async def open(cls, plan: Plan, lengths: list[int]) -> Connection:
        reader, writer = await asyncio.open_connection(plan.host, plan.port)
        return cls(reader, writer, plan, lengths)

    async def exchange(self, index: int) -> None:
        self.writer.write(self.requests[index])
        head = (await self.reader.readuntil(b"\r\n\r\n")).lower()
        if head[9:12] != b"200":
            raise BadAnswer(f"request {index}: HTTP {head[9:12].decode()}: {await self._rest(head)!r:.300}")
        start = head.find(b"\r\ncontent-length:")
        if start >= 0:
            end = head.index(b"\r\n", start + 17)
            size = int(head[start + 17 : end])
            await self.reader.readexactly(size)
        elif b"\r\ntransfer-encoding: chunked" in head:
            size = await self._chunked()
        else:
            raise BadAnswer(f"request {index}: an answer with neither content-length nor chunked encoding")
        if b"\r\nconnection: close" in head:
            raise BadAnswer(f"request {index}: the server closed the keep-alive connection")
        expected = self.lengths[index]
        if expected < 0:
            self.lengths[index] = size
        elif size != expected:
            raise BadAnswer(f"request {index}: a body of {size} bytes, where its first answer had {expected}")

    async def _chunked(self) -> int:
        size = 0
        while True:
            length = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await self.reader.readexactly(length + 2)
            size += length
            if length == 0:
                return size

    async def _rest(self, head: bytes) -> bytes:
        with_length = head.find(b"\r\ncontent-length:")
        if with_length < 0:
            return b""
        end = head.index(b"\r\n", with_length + 17)
        return await self.reader.readexactly(int(head[with_length + 17 : end]))

    def close(self) -> None:
        self.writer.close()


def _rate(cpu: float, wall: float) -> float:
    return round(100 * cpu / wall, 1) if wall > 0 else 0.0


async def single_client(plan: Plan, lengths: list[int]) -> dict[str, Any]:
    connection = await Connection.open(plan, lengths)
    count = len(plan.requests)
    try:
        warm: list[float] = []
        for i in range(plan.warmup):
            started = time.perf_counter()
            await connection.exchange(i % count)
            warm.append(time.perf_counter() - started)
        # At least `sequential` requests, and enough to last `min_seconds` at the warm-up's median pace: CPU time
        # comes in clock ticks (10 ms), so a fast server needs more requests for a precise figure. The number is
        # fixed before timing starts.
        total = plan.sequential
        if warm and plan.min_seconds > 0:
            total = max(total, math.ceil(plan.min_seconds / max(percentile(warm, 50), 1e-6)))
        latencies: list[float] = []
        server_before, own_before, wall_before = tree_cpu(plan.server_pid), time.process_time(), time.perf_counter()
        for i in range(total):
            started = time.perf_counter_ns()
            await connection.exchange((plan.warmup + i) % count)
            latencies.append((time.perf_counter_ns() - started) / 1e6)
        wall = time.perf_counter() - wall_before
        own, server_after = time.process_time() - own_before, tree_cpu(plan.server_pid)
    finally:
        connection.close()
    server = server_after.seconds - server_before.seconds
    return {
        "requests": total,
        "seconds": round(wall, 3),
        "p50_ms": round(percentile(latencies, 50), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "server_cpu_seconds": round(server, 3),
        "server_cpu_ms_per_request": round(1000 * server / total, 3),
        "server_processes": server_after.processes,
        "generator_cpu_pct": _rate(own, wall),
    }


async def many_clients(plan: Plan, lengths: list[int]) -> dict[str, Any]:
    connections = [await Connection.open(plan, lengths) for _ in range(plan.clients)]
    count = len(plan.requests)
    done = [0]
    window: list[float] | None = None  # latencies of the answers completed inside the timed window
    stop = False

    async def client(connection: Connection, offset: int) -> None:
        i = offset
        while not stop:
            started = time.perf_counter_ns()
            await connection.exchange(i % count)
            done[0] += 1
            if window is not None:
                window.append((time.perf_counter_ns() - started) / 1e6)
            i += 1

    tasks = [asyncio.create_task(client(c, k * 7)) for k, c in enumerate(connections)]
    try:
        await _sleep_or_fail(plan.warm_seconds, tasks)
        window = []
        server_before, own_before = tree_cpu(plan.server_pid), time.process_time()
        done_before, wall_before = done[0], time.perf_counter()
        await _sleep_or_fail(plan.seconds, tasks)
        completed, wall = done[0] - done_before, time.perf_counter() - wall_before
        own, server_after = time.process_time() - own_before, tree_cpu(plan.server_pid)
        latencies, window = window or [0.0], None
        stop = True
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        for connection in connections:
            connection.close()
    if completed == 0:
        raise BadAnswer(f"no answer completed in {plan.seconds} s with {plan.clients} clients")
    server = server_after.seconds - server_before.seconds
    return {
        "clients": plan.clients,
        "requests": completed,
        "seconds": round(wall, 3),
        "rps": round(completed / wall, 2),
        "p50_ms": round(percentile(latencies, 50), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "server_cpu_seconds": round(server, 3),
        "server_cpu_ms_per_request": round(1000 * server / completed, 3),
        "server_processes": server_after.processes,
        "generator_cpu_pct": _rate(own, wall),
    }


async def _sleep_or_fail(seconds: float, tasks: list[asyncio.Task[None]]) -> None:
    """Sleeps, but a client that fails ends the run at once with its error."""
    finished, _ = await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_EXCEPTION)
    for task in finished:
        task.result()


async def run(plan: Plan) -> dict[str, Any]:
    lengths = [-1] * len(plan.requests)
    result: dict[str, Any] = {"sequential": None, "concurrent": None}
    if plan.sequential > 0:
        result["sequential"] = await single_client(plan, lengths)
    if plan.clients > 0 and plan.seconds > 0:
        result["concurrent"] = await many_clients(plan, lengths)
    return result


def _runner() -> Callable[[Coroutine[Any, Any, dict[str, Any]]], dict[str, Any]]:
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


def main() -> int:
    plan = Plan.from_json(json.load(sys.stdin))
    if not plan.requests:
        print("bench.load: no requests in the plan", file=sys.stderr)
        return 2
    try:
        result = _runner()(run(plan))
    except (BadAnswer, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        print(f"bench.load: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
