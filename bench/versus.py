"""(a)–(d): the GraphQL API against the floor, served from the same rows in the same run.

Ours is `python -m api`, the floor `python -m bench.floor` (bench/floor.py), both separate processes on the
mode's database; the load generator (`python -m bench.load`, bench/load.py) is a third. Before measuring a
case, the bench checks that both answer it with the same data. Each server then gets, per case:

- one client: `warmup` requests, then `requests` timed ones in sequence — p50/p95 latency, and the server's
  CPU time over exactly those requests (its process tree, from /proc) divided by their number;
- `clients` connections for `seconds` after `warm_seconds` — throughput, and CPU per request under load.

Every figure is shown beside the floor's and as ours ÷ floor: the machine's speed and load move both.
With WEB_CONCURRENCY set above 1, ours runs with it and, for throughput, a third server runs ours as one
process (as before WEB_CONCURRENCY), so the gain from the workers is measured in the same run too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bench import processes
from bench.lists import LIST_QUERY, NODE_QUERY, OWNER_QUERY
from bench.processes import ROOT, Server
from bench.server import Database


@dataclass(frozen=True)
class Plan:
    sketches: int = 200  # seeded, each with every field and `lyrics_lines` lines of lyrics
    lyrics_lines: int = 40
    list_sizes: tuple[int, int] = (50, 100)  # (a) and (b)
    owner_size: int = 50  # (d)
    by_id: int = 20  # (c) cycles through this many sketches
    statement_sizes: tuple[int, ...] = (1, 10, 50, 100)
    warmup: int = 30
    requests: int = 300  # timed single-client requests per server and case, at least …
    min_seconds: float = 3.0  # … and as many more as fill this long (CPU time is counted in 10 ms ticks)
    clients: int = 20
    seconds: float = 5.0
    warm_seconds: float = 1.0


QUICK = Plan(warmup=10, requests=40, min_seconds=1.0, seconds=1.5, warm_seconds=0.5)


class Mismatch(AssertionError):
    pass


class LoadFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    graphql: list[tuple[str, dict[str, Any]]]  # (query, variables), sent round-robin
    floor: list[str]  # the floor's paths, in the same order
    ours_rows: Callable[[Any], Any]  # our `data` → what the floor answers


def _nodes(data: Any) -> Any:
    return data["sketches"]["nodes"]


def _node(data: Any) -> Any:
    return data["node"]


def cases(plan: Plan, sketch_ids: Sequence[str]) -> list[Case]:
    a, b = plan.list_sizes
    by_id = list(sketch_ids[: plan.by_id])
    return [
        Case(
            f"list_{a}",
            f"(a) sketches(first: {a}) {{ nodes {{ every field }} }}",
            [(LIST_QUERY, {"n": a})],
            [f"/sketches?first={a}"],
            _nodes,
        ),
        Case(
            f"list_{b}",
            f"(b) sketches(first: {b}) {{ nodes {{ every field }} }}",
            [(LIST_QUERY, {"n": b})],
            [f"/sketches?first={b}"],
            _nodes,
        ),
        Case(
            "node_by_id",
            f"(c) node(id:) {{ ... on Sketch {{ every field }} }}, {len(by_id)} sketches in turn",
            [(NODE_QUERY, {"id": sketch_id}) for sketch_id in by_id],
            [f"/sketch/{sketch_id}" for sketch_id in by_id],
            _node,
        ),
        Case(
            f"list_{plan.owner_size}_owner",
            f"(d) sketches(first: {plan.owner_size}) {{ nodes {{ id title owner {{ id email }} }} }} (DataLoader)",
            [(OWNER_QUERY, {"n": plan.owner_size})],
            [f"/sketches-owner?first={plan.owner_size}"],
            _nodes,
        ),
    ]


# ------------------------------------------------------------------------------------------- requests


def graphql_request(port: int, token: str, query: str, variables: dict[str, Any]) -> bytes:
    body = json.dumps({"query": query, "variables": variables}, separators=(",", ":")).encode()
    head = (
        f"POST /graphql HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nauthorization: Bearer {token}\r\n"
        f"content-type: application/json\r\naccept: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def floor_request(port: int, token: str, path: str) -> bytes:
    head = (
        f"GET {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nauthorization: Bearer {token}\r\n"
        "accept: application/json\r\n\r\n"
    )
    return head.encode("latin-1")


def _difference(ours: Any, floor: Any, path: str = "") -> str:
    if isinstance(ours, dict) and isinstance(floor, dict):
        for key in sorted(set(ours) | set(floor)):
            if ours.get(key) != floor.get(key):
                return _difference(ours.get(key), floor.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(floor, list):
        if len(ours) != len(floor):
            return f"{path or 'the answer'}: {len(ours)} items, the floor {len(floor)}"
        for i, (mine, theirs) in enumerate(zip(ours, floor, strict=True)):
            if mine != theirs:
                return _difference(mine, theirs, f"{path}[{i}]")
    return f"{path or 'the answer'}: ours {ours!r:.120}, the floor {floor!r:.120}"


async def same_rows(case: Case, ours: Server, floor: Server, token: str) -> None:
    """Both servers answer every request of the case with the same data, or Mismatch says where not."""
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(trust_env=False, timeout=60, headers=headers) as client:
        for (query, variables), path in zip(case.graphql, case.floor, strict=True):
            answer = (await client.post(ours.url + "/graphql", json={"query": query, "variables": variables})).json()
            if answer.get("errors") or answer.get("data") is None:
                raise Mismatch(f"{case.title}: ours answered with errors: {answer.get('errors')}")
            reply = await client.get(floor.url + path)
            if reply.status_code != 200:
                raise Mismatch(f"{case.title}: the floor answered {path} with HTTP {reply.status_code}")
            mine, theirs = case.ours_rows(answer["data"]), reply.json()
            if mine != theirs:
                raise Mismatch(f"{case.title}: ours and the floor differ at {_difference(mine, theirs)}")


# ------------------------------------------------------------------------------------------- load


async def generate(server: Server, requests: list[bytes], plan: Plan, *, single_client: bool = True) -> dict[str, Any]:
    """One run of `python -m bench.load` against `server`; its JSON result."""
    spec = {
        "host": "127.0.0.1",
        "port": server.port,
        "requests": [request.decode("latin-1") for request in requests],
        "server_pid": server.pid,
        "warmup": plan.warmup if single_client else 0,
        "sequential": plan.requests if single_client else 0,
        "min_seconds": plan.min_seconds,
        "clients": plan.clients,
        "seconds": plan.seconds,
        "warm_seconds": plan.warm_seconds,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.load",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(json.dumps(spec).encode())
    if process.returncode != 0:
        raise LoadFailed(f"the load generator failed against {server.name}: {err.decode(errors='replace').strip()}")
    result: dict[str, Any] = json.loads(out)
    return result


@dataclass(frozen=True)
class Side:
    """One server's figures on one case."""

    requests: int  # timed single-client requests
    cpu_ms: float  # server CPU ms per request, one client
    p50_ms: float
    p95_ms: float
    rps: float  # requests per second with `clients` connections
    cpu_ms_loaded: float  # server CPU ms per request with `clients` connections
    processes: int  # the server's process tree
    generator_cpu_pct: float  # the load generator's CPU, % of one core, the higher of its two parts

    @classmethod
    def of(cls, load: dict[str, Any]) -> Side:
        one, many = load["sequential"], load["concurrent"]
        return cls(
            requests=one["requests"],
            cpu_ms=one["server_cpu_ms_per_request"],
            p50_ms=one["p50_ms"],
            p95_ms=one["p95_ms"],
            rps=many["rps"],
            cpu_ms_loaded=many["server_cpu_ms_per_request"],
            processes=max(one["server_processes"], many["server_processes"]),
            generator_cpu_pct=max(one["generator_cpu_pct"], many["generator_cpu_pct"]),
        )


METRICS: tuple[tuple[str, str], ...] = (
    ("cpu_ms", "server CPU ms/request"),
    ("p50_ms", "p50 ms, one client"),
    ("p95_ms", "p95 ms, one client"),
    ("rps", "throughput req/s, {clients} clients"),
    ("cpu_ms_loaded", "server CPU ms/request, {clients} clients"),
)


@dataclass(frozen=True)
class CaseFigures:
    key: str
    title: str
    ours: Side
    floor: Side
    one_process_rps: float | None  # ours as one process, when WEB_CONCURRENCY made it several

    def ratio(self, metric: str) -> float:
        mine, theirs = getattr(self.ours, metric), getattr(self.floor, metric)
        return float(mine / theirs) if theirs else float("inf")

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, Any] = {
            "ours": asdict(self.ours),
            "floor": asdict(self.floor),
            "ratio": {metric: round(self.ratio(metric), 3) for metric, _ in METRICS},
        }
        if self.one_process_rps is not None:
            figures["ours_one_process_rps"] = self.one_process_rps
            figures["rps_over_one_process"] = round(self.ours.rps / self.one_process_rps, 3)
        return figures


@dataclass(frozen=True)
class Versus:
    plan: Plan
    web_concurrency: str | None
    cases: list[CaseFigures]

    @property
    def generator_cpu_pct(self) -> float:
        return max(max(c.ours.generator_cpu_pct, c.floor.generator_cpu_pct) for c in self.cases)

    def as_dict(self) -> dict[str, Any]:
        return {
            "web_concurrency": self.web_concurrency,
            "ours_processes": max(c.ours.processes for c in self.cases),
            "floor_processes": max(c.floor.processes for c in self.cases),
            "generator_cpu_pct_max": self.generator_cpu_pct,
            "cases": {c.key: c.as_dict() for c in self.cases},
        }


async def measure_versus(database: Database, token: str, sketch_ids: Sequence[str], plan: Plan) -> Versus:
    """Starts ours and the floor on `database`, checks they agree on each case, then measures each case."""
    # Production mode serves with one process per core unless WEB_CONCURRENCY says otherwise; the embedded
    # default with one. Whenever ours runs several, one process is measured too, for the gain they bring.
    several = processes.web_concurrency() not in (None, "1") or (
        database.mode == "production" and (os.cpu_count() or 1) > 1
    )
    figures = []
    async with contextlib.AsyncExitStack() as stack:
        ours = await stack.enter_async_context(processes.ours(database.env, database.workdir))
        floor = await stack.enter_async_context(processes.floor(database.env, database.workdir))
        alone = None
        if several:
            alone = await stack.enter_async_context(processes.ours(database.env, database.workdir, one_process=True))
        for case in cases(plan, sketch_ids):
            await same_rows(case, ours, floor, token)
            ours_requests = [graphql_request(ours.port, token, q, v) for q, v in case.graphql]
            mine = Side.of(await generate(ours, ours_requests, plan))
            theirs = Side.of(
                await generate(floor, [floor_request(floor.port, token, path) for path in case.floor], plan)
            )
            one_process_rps = None
            if alone is not None:
                alone_requests = [graphql_request(alone.port, token, q, v) for q, v in case.graphql]
                load = await generate(alone, alone_requests, plan, single_client=False)
                one_process_rps = float(load["concurrent"]["rps"])
            figures.append(CaseFigures(case.key, case.title, mine, theirs, one_process_rps))
    return Versus(plan=plan, web_concurrency=processes.web_concurrency(), cases=figures)
