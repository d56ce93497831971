"""The bench's measurements run through the same code `make bench` uses, so the bench cannot rot unnoticed."""

from __future__ import annotations

from bench.chat import measure_chat
from bench.events import measure_events
from bench.lists import measure_lists, seed_sketches, statements_equal
from tests.conftest import Running


async def test_a_sketch_page_costs_the_same_sql_statements_whatever_its_size(embedded: Running) -> None:
    token = await embedded.api.user()
    await seed_sketches(embedded, token, 10)

    figures = await measure_lists(embedded, token, sizes=(1, 10), requests=3, warmup=1)

    assert [f.n for f in figures] == [1, 10]
    assert statements_equal(figures), {f.n: f.statements for f in figures}
    assert figures[0].statements[0] >= 1  # the counter sees the app's engine
    assert all(0 < f.p50_ms <= f.p95_ms for f in figures)


async def test_published_job_events_reach_the_subscriber_in_order(stack: Running) -> None:
    token = await stack.api.user()

    figures = await measure_events(stack, token, events=3, warmup=1)

    assert figures.bus == ("redis" if stack.settings.redis_url else "memory")
    assert figures.events == 3
    assert 0 < figures.p50_ms <= figures.p95_ms


async def test_chat_streaming_overhead_is_measured_on_both_paths(embedded: Running) -> None:
    figures = await measure_chat(embedded, await embedded.api.user(), answers=2)
    assert figures.direct_ttft_ms > 0 and figures.aiproxy_ttft_ms > 0
    assert figures.direct_gap_ms >= 0 and figures.aiproxy_gap_ms >= 0
    assert set(figures.as_dict()) >= {"added_ttft_ms", "added_gap_ms"}
