"""`python -m bench [--embedded | --production] [--quick]`: see bench/__init__.py and the README's bench section.

Runs the embedded default, then production mode (skipped, with the reason, when PostgreSQL or Redis cannot be
reached), printing each mode's tables as it finishes and, last, one JSON line with every figure. Exits 1 when
a sketch list's SQL statement count depends on its page size (an N+1 query), 2 when `--production` was asked
for and a service it needs cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import sys
import time
from typing import Any

from bench.mode import ModeFigures, measure_mode, plan_dict, report_mode
from bench.server import PG_URL, REDIS_URL, embedded_database, postgres_problem, production_database, redis_problem
from bench.versus import QUICK, Plan


async def production_problem() -> str | None:
    problem = await redis_problem()
    if problem:
        return f"Redis at {REDIS_URL} is not reachable ({problem})"
    problem = await postgres_problem()
    if problem:
        return f"PostgreSQL at {PG_URL} is not reachable ({problem})"
    return None


async def run(args: argparse.Namespace, plan: Plan) -> dict[str, ModeFigures | str]:
    modes = ["embedded"] if args.embedded else ["production"] if args.production else ["embedded", "production"]
    results: dict[str, ModeFigures | str] = {}
    for mode in modes:
        if mode == "production":
            problem = await production_problem()
            if problem:
                if args.production:
                    print(f"--production needs PostgreSQL and Redis: {problem}", file=sys.stderr)
                    raise SystemExit(2)
                results[mode] = f"skipped: {problem}"
                print(f"══ aiproxy bench — production: skipped: {problem}\n", flush=True)
                continue
            database = production_database()
        else:
            database = embedded_database()
        async with database as db:
            figures = await measure_mode(
                db,
                plan,
                events=args.events,
                answers=args.answers,
                subscriptions=args.subscriptions,
                songs=args.songs,
                overlays=args.overlays,
                project_bytes=args.projects * 2**20,
                cli_bytes=args.cli * 2**20,
            )
        report_mode(figures)
        print(flush=True)
        results[mode] = figures
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n", 1)[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--embedded", action="store_true", help="only the embedded default (SQLite)")
    which.add_argument("--production", action="store_true", help="only production mode (PostgreSQL and Redis)")
    parser.add_argument("--quick", action="store_true", help="fewer requests and shorter runs: a rough figure fast")
    parser.add_argument("--requests", type=int, help="timed single-client requests per server and case (min.)")
    parser.add_argument("--seconds", type=float, help="seconds of the concurrent-clients run per server and case")
    parser.add_argument("--clients", type=int, help="concurrent clients of the throughput run (default 20)")
    parser.add_argument("--events", type=int, help="timed job events per bus (0: none)")
    parser.add_argument("--answers", type=int, help="chat answers streamed each way (0: none)")
    parser.add_argument("--songs", type=int, help="songs generated through the Mureka mock (0: none)")
    parser.add_argument("--overlays", type=int, help="overlay previews timed on a 1024² source (0: none)")
    parser.add_argument(
        "--projects", type=int, help="MiB of the project file sent up and down each storage (0: none; 1024 by default)"
    )
    parser.add_argument(
        "--cli",
        type=int,
        help="MiB of the tree the aiproxy command sends up and down each storage (0: none; 1024 by default)",
    )
    parser.add_argument(
        "--subscriptions", type=int, help="idle subscriptions held open on one API process, production (0: none)"
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else Plan()
    changes = {name: getattr(args, name) for name in ("requests", "seconds", "clients") if getattr(args, name)}
    plan = dataclasses.replace(plan, **changes)
    args.events = (30 if args.quick else 200) if args.events is None else args.events
    args.answers = (3 if args.quick else 10) if args.answers is None else args.answers
    args.subscriptions = (2_000 if args.quick else 10_000) if args.subscriptions is None else args.subscriptions
    args.songs = (2 if args.quick else 5) if args.songs is None else args.songs
    args.overlays = (30 if args.quick else 100) if args.overlays is None else args.overlays
    args.projects = (128 if args.quick else 1024) if args.projects is None else args.projects
    args.cli = (128 if args.quick else 1024) if args.cli is None else args.cli
    if (
        min(plan.requests, plan.clients, plan.seconds) <= 0
        or min(args.events, args.answers, args.subscriptions, args.songs, args.overlays, args.projects, args.cli) < 0
    ):
        parser.error(
            "--requests, --clients and --seconds must be positive; "
            "--events, --answers, --subscriptions, --songs, --overlays, --projects and --cli not negative"
        )
    # The mock streams a fixed answer at a fixed pace; both chat paths read the same one.
    os.environ.setdefault("AITESTMOCK_TOKEN_DELAY_MS", "5")
    os.environ.setdefault("AITESTMOCK_TOKENS", "60")
    started = time.perf_counter()
    results = asyncio.run(run(args, plan))
    seconds = time.perf_counter() - started
    print(f"done in {seconds:.1f} s")
    figures: dict[str, Any] = {
        "bench": "aiproxy",
        "seconds": round(seconds, 1),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "plan": plan_dict(plan),
        "modes": {
            mode: (value.as_dict() if isinstance(value, ModeFigures) else {"skipped": value})
            for mode, value in results.items()
        },
    }
    print(json.dumps(figures, ensure_ascii=False))
    equal = all(value.statements.equal for value in results.values() if isinstance(value, ModeFigures))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
