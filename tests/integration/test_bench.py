"""The bench's measurements run through the same code `make bench` uses, so the bench cannot rot unnoticed.

These check that every figure is produced and sane — never how fast anything is."""

from __future__ import annotations

import io
import json
import math

import pytest

from bench.chat import measure_chat
from bench.events import measure_events
from bench.lists import count_statements, seed_sketches
from bench.mode import measure_mode, report_mode
from bench.server import embedded_database
from bench.versus import METRICS, Plan
from infra.settings import Settings
from tests.conftest import Running

# Seconds, not minutes: a dozen sketches, a few requests, a fraction of a second of load per server and case.
TINY = Plan(
    sketches=12,
    lyrics_lines=4,
    list_sizes=(5, 10),
    owner_size=5,
    by_id=3,
    statement_sizes=(1, 5, 10),
    warmup=3,
    requests=5,
    min_seconds=0.3,
    clients=3,
    seconds=0.5,
    warm_seconds=0.1,
)


def positive(value: float) -> bool:
    return math.isfinite(value) and value > 0


async def test_a_sketch_page_costs_the_same_sql_statements_whatever_its_size(embedded: Running) -> None:
    token = await embedded.api.user()
    ids = await seed_sketches(embedded, token, 10, lyrics_lines=3)

    statements = await count_statements(embedded, token, sizes=(1, 10), node_ids=ids[:2], repeats=2)

    assert statements.equal, statements.as_dict()
    assert list(statements.lists) == [1, 10] and list(statements.owner) == [1, 10]
    assert statements.lists[1][0] >= 1 and statements.node[0] >= 1  # the counter sees the app's engine


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.usefixtures("fast_mock")
async def test_ours_and_the_floor_are_measured_side_by_side_in_separate_processes() -> None:
    async with embedded_database() as database:
        figures = await measure_mode(database, TINY, events=2, answers=1, overlays=2, redis_events=False)

    assert [c.key for c in figures.versus.cases] == ["list_5", "list_10", "node_by_id", "list_5_owner"]
    for case in figures.versus.cases:
        for side in (case.ours, case.floor):
            assert side.requests >= TINY.requests, case.key
            assert all(positive(getattr(side, metric)) for metric, _ in METRICS), (case.key, side)
            assert side.p50_ms <= side.p95_ms, (case.key, side)
            assert side.processes >= 1 and 0 <= side.generator_cpu_pct < 400, (case.key, side)
        assert case.floor.processes == 1
        assert all(positive(case.ratio(metric)) for metric, _ in METRICS), case.key
    assert figures.statements.equal, figures.statements.as_dict()
    assert list(figures.statements.lists) == [1, 5, 10]
    assert set(figures.events) == {"memory"} and figures.chat is not None
    assert figures.overlays is not None and figures.overlays.previews == 2

    report = io.StringIO()
    report_mode(figures, report)
    text = report.getvalue()
    assert all(case.title in text for case in figures.versus.cases) and "ours ÷ floor" in text
    assert "imageOverlayPreview over HTTP" in text
    line = json.dumps(figures.as_dict(), allow_nan=False)  # every figure a finite number
    assert json.loads(line)["requests"]["cases"]["node_by_id"]["ratio"]["cpu_ms"] > 0


async def test_published_job_events_reach_the_subscriber_in_order(stack: Running) -> None:
    token = await stack.api.user()

    figures = await measure_events(stack, token, events=3, warmup=1)

    assert figures.bus == ("redis" if stack.settings.redis_url else "memory")
    assert figures.events == 3
    assert 0 < figures.p50_ms <= figures.p95_ms


async def test_chat_streaming_overhead_is_measured_on_both_paths(fast_mock: None, embedded: Running) -> None:
    figures = await measure_chat(embedded.api, await embedded.api.user(), answers=2)
    assert figures.direct_ttft_ms > 0 and figures.aiproxy_ttft_ms > 0
    assert figures.direct_gap_ms >= 0 and figures.aiproxy_gap_ms >= 0
    assert set(figures.as_dict()) >= {"added_ttft_ms", "added_gap_ms"}


async def test_songs_are_timed_against_the_mocks_clock_with_one_submission_each(embedded_settings: Settings) -> None:
    from aitestmock.app import create_app as create_mock
    from aitestmock.config import MockConfig
    from bench.songs import measure_songs
    from tests.conftest import serve
    from tests.support import serving

    async with serving(create_mock(MockConfig(time_scale=0.5))) as mock_url:
        mureka = embedded_settings.mureka.replace(base_url=mock_url, api_key="sk-bench")
        async with serve(embedded_settings.replace(mureka=mureka)) as running:
            figures = await measure_songs(running.api, await running.api.user(), mock_url, songs=2)
    assert figures.submissions_per_song == 1 and figures.queries_per_song >= 2
    assert 0 < figures.end_seen_ms < 5_000 and 0 < figures.running_seen_ms < 5_000


async def test_overlay_previews_are_timed_through_graphql_and_alone_beside_the_floor(stack: Running) -> None:
    from bench.overlay import WIDTH, measure_overlays, prepare_source

    token = await stack.api.user()
    image_id, png = await prepare_source(stack, token)
    figures = await measure_overlays(stack.api, token, image_id, png, previews=4)
    assert figures.previews == 4 and figures.width == WIDTH
    for p50, p95 in ((figures.graphql_p50_ms, figures.graphql_p95_ms), (figures.render_p50_ms, figures.render_p95_ms)):
        assert 0 < p50 <= p95
    assert positive(figures.floor_p50_ms) and positive(figures.ratio) and figures.first_ms > 0
    assert figures.preview_bytes > 10_000  # the textured source, not the mock's flat colour
    json.dumps(figures.as_dict(), allow_nan=False)


@pytest.mark.slow
@pytest.mark.timeout(300)
async def test_a_project_file_is_timed_up_and_down_each_storage_beside_plain_copies() -> None:
    from bench.projects import measure_projects
    from tests.conftest import serve

    async with embedded_database() as database:
        async with serve(database.settings, worker=False) as running:
            token = await running.api.user()
        figures = await measure_projects(database, token, 6 * 1024 * 1024 + 5)

    assert [f.storage for f in figures] == ["local", "s3"]
    for f in figures:
        assert f.size_bytes == 6 * 1024 * 1024 + 5
        for seconds in (f.upload_s, f.download_s, f.floor_upload_s, f.floor_download_s, f.complete_s):
            assert positive(seconds), f
        assert f.complete_s < f.upload_s and f.rss_peak_mib >= f.rss_start_mib > 0
        json.dumps(f.as_dict(), allow_nan=False)
    assert (
        figures[0].http_floor_upload_s and figures[0].http_floor_download_s and figures[1].http_floor_upload_s is None
    )


@pytest.mark.slow
@pytest.mark.timeout(300)
async def test_the_aiproxy_command_is_timed_on_a_tree_up_and_down_each_storage_beside_plain_copies() -> None:
    from bench.cli import CliFigures, measure_cli
    from bench.mode import report_cli
    from tests.conftest import serve

    size = 3 * 1024 * 1024 + 7
    async with embedded_database() as database:
        async with serve(database.settings, worker=False) as running:
            token = await running.api.user()
        figures = await measure_cli(database, token, size)

    assert [f.storage for f in figures] == ["local", "s3"]
    for f in figures:
        assert isinstance(f, CliFigures) and f.size_bytes == size and f.files == 70
        assert f.upload.document["uploaded"] == 70 and f.replan.document["unchanged"] == 70
        assert f.download.document["downloaded"] == 70
        for seconds in (f.upload.wall_s, f.upload.json_s, f.download.wall_s, f.floor_upload_s, f.floor_download_s):
            assert positive(seconds), f
        assert f.upload.json_s < f.upload.wall_s and f.hash_s > 0 and f.upload.rss_peak_mib > 0
        json.dumps(f.as_dict(), allow_nan=False)
    report = io.StringIO()
    report_cli(tuple(figures), report)
    assert "aiproxy command" in report.getvalue() and "ours ÷ floor up" in report.getvalue()
