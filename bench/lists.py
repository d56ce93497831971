"""(a) A sketch list page: SQL statements per request (must not grow with the page size) and latency."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from bench.server import Running
from bench.stats import percentile

LIST_QUERY = "query($n: Int!) { sketches(first: $n) { nodes { id title tags owner { email } } } }"
CREATE = """mutation($i: SketchCreateInput!) {
    sketchCreate(input: $i) { sketch { id } userErrors { field message code } } }"""


@dataclass
class ListFigures:
    n: int
    requests: int
    statements: list[int]  # the distinct counts seen, one per request kind; equal pages give exactly one
    p50_ms: float
    p95_ms: float

    def as_dict(self, base: ListFigures) -> dict[str, Any]:
        return {
            "n": self.n,
            "requests": self.requests,
            "statements": self.statements[0] if len(self.statements) == 1 else self.statements,
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "p50_ratio": round(self.p50_ms / base.p50_ms, 3),
            "p95_ratio": round(self.p95_ms / base.p95_ms, 3),
        }


class StatementCounter:
    """Counts every statement the app's engine sends to the database."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_: Any) -> None:
        self.count += 1

    @contextlib.contextmanager
    def attached(self, running: Running) -> Iterator[StatementCounter]:
        engine = running.app.state.container.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self)
        try:
            yield self
        finally:
            event.remove(engine, "before_cursor_execute", self)


async def seed_sketches(running: Running, token: str, count: int) -> None:
    """Creates `count` sketches through GraphQL, each with a title and tags."""
    for i in range(count):
        await running.api.mutate(
            "sketchCreate",
            CREATE,
            {"i": {"prompt": f"bench prompt {i}", "title": f"Sketch {i:03d}", "tags": ["bench", f"tag{i % 7}"]}},
            token,
        )


async def measure_lists(
    running: Running, token: str, sizes: Sequence[int] = (1, 10, 100), requests: int = 200, warmup: int = 10
) -> list[ListFigures]:
    """For each page size: SQL statements of every request (warm-up included) and the latency of `requests`."""
    figures = []
    with StatementCounter().attached(running) as counter:
        for n in sizes:
            counts: set[int] = set()
            latencies: list[float] = []
            for i in range(warmup + requests):
                before = counter.count
                started = time.perf_counter()
                data = await running.api.data(LIST_QUERY, {"n": n}, token)
                elapsed = time.perf_counter() - started
                counts.add(counter.count - before)
                nodes = data["sketches"]["nodes"]
                if len(nodes) != n or any(node["owner"]["email"] is None for node in nodes):
                    raise AssertionError(f"sketches(first: {n}) returned {len(nodes)} sketches; seed at least {n}")
                if i >= warmup:
                    latencies.append(elapsed * 1000)
            figures.append(
                ListFigures(
                    n=n,
                    requests=requests,
                    statements=sorted(counts),
                    p50_ms=percentile(latencies, 50),
                    p95_ms=percentile(latencies, 95),
                )
            )
    return figures


def statements_equal(figures: Sequence[ListFigures]) -> bool:
    """One statement count for every request of every page size."""
    return len({count for f in figures for count in f.statements}) == 1
