"""`python -m bench [--production] [--requests 200] [--events 200]`: see bench/__init__.py.

Prints a table and, last, one JSON line with every figure. Exits 1 when a sketch list page's SQL statement
count depends on its size (an N+1 query), 2 when a service `--production` needs cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from typing import Any

from bench.chat import ChatFigures, measure_chat
from bench.events import EventFigures, measure_events
from bench.lists import ListFigures, measure_lists, seed_sketches, statements_equal
from bench.server import PG_URL, REDIS_URL, Running, embedded, postgres_problem, production, redis_problem

SIZES = (1, 10, 100)


def _unreachable(what: str, problem: str) -> None:
    print(f"--production needs {what}, which is not reachable ({problem})", file=sys.stderr)
    raise SystemExit(2)


async def _lists(running: Running, args: argparse.Namespace) -> tuple[list[ListFigures], str]:
    token = await running.api.user()
    await seed_sketches(running, token, max(SIZES))
    return await measure_lists(running, token, SIZES, args.requests), token


async def run(args: argparse.Namespace) -> dict[str, Any]:
    events: dict[str, EventFigures | str] = {}
    if args.production:
        problem = await redis_problem()
        if problem:
            _unreachable(f"Redis at {REDIS_URL}", problem)
        problem = await postgres_problem()
        if problem:
            _unreachable(f"PostgreSQL at {PG_URL}", problem)
        async with production() as running:
            lists, token = await _lists(running, args)
            events["redis"] = await measure_events(running, token, args.events)
            chat = await measure_chat(running, token, args.answers)
        mode = "production (PostgreSQL, arq worker in-process, Redis events, local files)"
    else:
        async with embedded() as running:
            lists, token = await _lists(running, args)
            events["memory"] = await measure_events(running, token, args.events)
            chat = await measure_chat(running, token, args.answers)
        problem = await redis_problem()
        if problem is None:
            async with embedded(redis_url=REDIS_URL) as running:
                events["redis"] = await measure_events(running, await running.api.user(), args.events)
        else:
            events["redis"] = f"skipped: Redis at {REDIS_URL} not reachable ({problem})"
        mode = "embedded (SQLite, in-process jobs, memory events, local files)"
    return {"mode": mode, "lists": lists, "events": events, "chat": chat}


def report(result: dict[str, Any], args: argparse.Namespace, seconds: float) -> int:
    lists: list[ListFigures] = result["lists"]
    base = lists[0]
    equal = statements_equal(lists)
    print(f"aiproxy bench — {result['mode']}")
    print(f"python {platform.python_version()} on {platform.machine()}; client and server share one event loop")
    print()
    print("(a) sketches(first: N) { nodes { id title tags owner { email } } }")
    print(f"    {args.requests} timed requests per N after 10 warm-up requests; SQL counted on every request")
    print(f"    {'N':>5} {'SQL/request':>12} {'p50 ms':>9} {'p95 ms':>9} {'p50 ÷ N=1':>10} {'p95 ÷ N=1':>10}")
    for f in lists:
        sql = "/".join(str(c) for c in f.statements)
        print(
            f"    {f.n:>5} {sql:>12} {f.p50_ms:>9.2f} {f.p95_ms:>9.2f}"
            f" {f.p50_ms / base.p50_ms:>10.2f} {f.p95_ms / base.p95_ms:>10.2f}"
        )
    verdict = "equal for every N" if equal else "DIFFERENT: the page's SQL grows with its size (N+1)"
    print(f"    SQL statements per request: {verdict}")
    print()
    print(f"(b) job event publish → jobProgress receipt over graphql-transport-ws, {args.events} events per bus")
    print(f"    {'bus':<8} {'p50 ms':>9} {'p95 ms':>9}")
    for bus, figures in result["events"].items():
        if isinstance(figures, EventFigures):
            print(f"    {bus:<8} {figures.p50_ms:>9.3f} {figures.p95_ms:>9.3f}")
        else:
            print(f"    {bus:<8} {figures}")
    print()
    chat: ChatFigures = result["chat"]
    print(f"(c) chat answer streaming, {chat.answers} answers: the mock's /api/chat directly vs through aiproxy")
    print("    (messageSend → CHAT_REPLY job → provider stream → events → messageStream over WebSocket)")
    print(f"    {'':<22} {'direct':>9} {'aiproxy':>9} {'added':>9}")
    print(
        f"    {'first token, p50 ms':<22} {chat.direct_ttft_ms:>9.2f} {chat.aiproxy_ttft_ms:>9.2f}"
        f" {chat.added_ttft_ms:>+9.2f}"
    )
    print(
        f"    {'token gap, p50 ms':<22} {chat.direct_gap_ms:>9.3f} {chat.aiproxy_gap_ms:>9.3f}"
        f" {chat.added_gap_ms:>+9.3f}"
    )
    print()
    print(f"done in {seconds:.1f} s")
    figures = {
        "mode": "production" if args.production else "embedded",
        "seconds": round(seconds, 1),
        "lists": {
            "statements_equal": equal,
            "rows": [f.as_dict(base) for f in lists],
        },
        "events": {
            bus: (value.as_dict() if isinstance(value, EventFigures) else {"skipped": value})
            for bus, value in result["events"].items()
        },
        "chat": chat.as_dict(),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0 if equal else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--production", action="store_true", help="PostgreSQL and Redis from DATABASE_URL/REDIS_URL")
    parser.add_argument("--requests", type=int, default=200, help="timed list requests per page size")
    parser.add_argument("--events", type=int, default=200, help="timed events per bus")
    parser.add_argument("--answers", type=int, default=10, help="chat answers streamed each way")
    args = parser.parse_args()
    if min(args.requests, args.events, args.answers) < 1:
        parser.error("--requests, --events and --answers must be at least 1")
    # The mock streams a fixed answer at a fixed pace; both paths read the same one.
    os.environ.setdefault("AITESTMOCK_TOKEN_DELAY_MS", "5")
    os.environ.setdefault("AITESTMOCK_TOKENS", "60")
    started = time.perf_counter()
    result = asyncio.run(run(args))
    return report(result, args, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
