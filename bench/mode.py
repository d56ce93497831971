"""One mode's whole bench, in order, on one fresh database:

1. in this process: a user, the sketches (through GraphQL), and the SQL statements of each request kind;
2. ours and the floor as separate processes: (a)–(d), each figure beside the floor's (bench/versus.py);
3. in this process again: job event delivery and the chat streaming overhead;
4. overlay previews through `python -m api` on a 1024 × 1024 source, beside the render alone (bench/overlay.py);
5. production only: idle subscriptions held open on one API process (bench/subscriptions.py);
6. a project file up and down through the signed URLs, local adapter and S3, beside plain copies (bench/projects.py);
7. a session-like tree up and down through the installed `aiproxy` command, each storage, beside plain copies
   (bench/cli.py).
"""

from __future__ import annotations

import contextlib
import math
import os
import platform
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from aitestmock.app import create_app as create_mock
from aitestmock.config import MockConfig
from bench import processes
from bench.chat import ChatFigures, measure_chat
from bench.cli import JOBS as CLI_JOBS
from bench.cli import CliFigures, measure_cli
from bench.events import EventFigures, measure_events
from bench.lists import Statements, count_statements, seed_sketches
from bench.overlay import TARGET_MS, OverlayFigures, measure_overlays, prepare_source
from bench.projects import GOAL_RATIO, GOAL_RSS_MIB, TransferFigures, measure_projects
from bench.server import QUERY_COST_LIMIT, REDIS_URL, Database, embedded, redis_problem, serve
from bench.songs import SongFigures, measure_songs, mureka_env
from bench.subscriptions import JOBS, SubscriptionFigures, measure_subscriptions, queued_jobs
from bench.versus import METRICS, Plan, Versus, measure_versus
from tests.support import Api, serving

GENERATOR_LIMIT_PCT = 50.0  # above this share of a core, the load generator may be what limits throughput


@dataclass(frozen=True)
class ModeFigures:
    mode: str
    description: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    statements: Statements
    versus: Versus
    events: dict[str, EventFigures | str]
    chat: ChatFigures | None
    subscriptions: SubscriptionFigures | None = None
    songs: SongFigures | None = None
    overlays: OverlayFigures | None = None
    projects: tuple[TransferFigures, ...] = ()
    cli: tuple[CliFigures, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "load_average": {"start": self.load_before, "end": self.load_after},
            "requests": self.versus.as_dict(),
            "statements": self.statements.as_dict(),
            "events": {
                bus: (value.as_dict() if isinstance(value, EventFigures) else {"skipped": value})
                for bus, value in self.events.items()
            },
            "chat": self.chat.as_dict() if self.chat is not None else None,
            "subscriptions": self.subscriptions.as_dict() if self.subscriptions is not None else None,
            "songs": self.songs.as_dict() if self.songs is not None else None,
            "overlays": self.overlays.as_dict() if self.overlays is not None else None,
            "projects": [figures.as_dict() for figures in self.projects],
            "cli": [figures.as_dict() for figures in self.cli],
        }


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    return float(one), float(five), float(fifteen)


async def measure_mode(
    database: Database,
    plan: Plan,
    *,
    events: int,
    answers: int,
    subscriptions: int = 0,
    songs: int = 0,
    overlays: int = 0,
    project_bytes: int = 0,
    cli_bytes: int = 0,
    redis_events: bool = True,
) -> ModeFigures:
    """Everything the bench measures in one mode (`events`, `answers`, `songs`, `overlays`, `project_bytes` or
    `cli_bytes` 0: that part is left out)."""
    before = load_average()
    if plan.sketches < max(*plan.list_sizes, plan.owner_size, *plan.statement_sizes):
        raise ValueError(f"seed at least as many sketches as the largest page ({plan.sketches} planned)")
    async with serve(database.settings, worker=False) as running:
        token = await running.api.user()
        ids = await seed_sketches(running, token, plan.sketches, plan.lyrics_lines)
        statements = await count_statements(running, token, plan.statement_sizes, ids[: min(3, plan.by_id)])
    versus = await measure_versus(database, token, ids, plan)
    bus_figures: dict[str, EventFigures | str] = {}
    chat = None
    if events:
        async with serve(database.settings) as running:
            figures = await measure_events(running, token, events)
            bus_figures[figures.bus] = figures
    song_figures = None
    if answers or songs:
        # As users run it: `python -m api` and, in production, `python -m workers`, each its own process; Mureka
        # is a mock in this process, whose clock the songs' figures are read against.
        async with contextlib.AsyncExitStack() as stack:
            mock_url = await stack.enter_async_context(serving(create_mock(MockConfig())))
            env = {**database.env, **mureka_env(mock_url)}
            api = await stack.enter_async_context(processes.ours(env, database.workdir))
            if database.mode == "production":
                await stack.enter_async_context(processes.worker(env, database.workdir))
            client = Api(api.url)
            stack.push_async_callback(client.close)
            if answers:
                chat = await measure_chat(client, token, answers)
            if songs:
                song_figures = await measure_songs(client, token, mock_url, songs)
    if events and redis_events and database.mode == "embedded":
        problem = await redis_problem()
        if problem is None:
            async with embedded(redis_url=REDIS_URL) as running:
                bus_figures["redis"] = await measure_events(running, await running.api.user(), events)
        else:
            bus_figures["redis"] = f"skipped: Redis at {REDIS_URL} not reachable ({problem})"
    overlay_figures = None
    if overlays:
        async with serve(database.settings) as running:
            image_id, png = await prepare_source(running, token)
        async with processes.ours(database.env, database.workdir) as api:
            client = Api(api.url)
            try:
                overlay_figures = await measure_overlays(client, token, image_id, png, overlays)
            finally:
                await client.close()
    idle = None
    if subscriptions and database.mode == "production":
        async with serve(database.settings, worker=False) as running:
            jobs = await queued_jobs(running, token, JOBS)
        # One process and no worker: the jobs stay QUEUED, so every subscription stays open and idle.
        async with processes.ours(database.env, database.workdir, one_process=True) as api:
            idle = await measure_subscriptions(
                api.url,
                api.pid,
                token,
                jobs,
                sockets=max(1, subscriptions // 10),
                subscriptions=subscriptions,
                redis_key_prefix=database.settings.redis_key_prefix,
            )
    transfers = tuple(await measure_projects(database, token, project_bytes)) if project_bytes else ()
    cli = tuple(await measure_cli(database, token, cli_bytes)) if cli_bytes else ()
    return ModeFigures(
        mode=database.mode,
        description=database.description,
        load_before=before,
        load_after=load_average(),
        statements=statements,
        versus=versus,
        events=bus_figures,
        chat=chat,
        subscriptions=idle,
        songs=song_figures,
        overlays=overlay_figures,
        projects=transfers,
        cli=cli,
    )


# ------------------------------------------------------------------------------------------- the report


def number(value: float) -> str:
    """Three significant figures or so, whatever the magnitude."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _version(package: str) -> str:
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"no {package}"


def report_mode(figures: ModeFigures, out: TextIO = sys.stdout) -> None:
    def line(text: str = "") -> None:
        print(text, file=out)

    versus, plan = figures.versus, figures.versus.plan
    cases = versus.cases
    ours_processes = max(c.ours.processes for c in cases)
    workers = (
        f"WEB_CONCURRENCY={versus.web_concurrency}"
        if versus.web_concurrency
        else "WEB_CONCURRENCY unset: one process per core in production, one in the embedded default"
    )
    driver = "asyncpg" if figures.mode == "production" else "sqlite3"
    line(f"══ aiproxy bench — {figures.description}")
    line(
        f"machine: {os.cpu_count()} cores, load average {' '.join(map(str, figures.load_before))} at the start, "
        f"{' '.join(map(str, figures.load_after))} at the end; python {platform.python_version()}, "
        f"{_version('uvloop')}, {_version('httptools')}"
    )
    line(
        f"ours:  python -m api, {ours_processes} process{'es' if ours_processes > 1 else ''} ({workers}); "
        f"RATE_LIMIT_PER_MINUTE=0, QUERY_COST_LIMIT={QUERY_COST_LIMIT} (the request path, not the limits)"
    )
    if versus.web_concurrency not in (None, "1") and ours_processes == 1:
        line(f"       WARNING: ours ran as one process although {workers} was passed through to it")
    line(
        f"floor: python -m bench.floor, 1 process: Starlette + {driver} + orjson; both verify the JWT and read the user"
    )
    line(
        f"data: {plan.sketches} sketches with every field ({plan.lyrics_lines}-line lyrics), one signed-in user; "
        "both servers' answers compared equal before timing"
    )
    line(
        f"load: a separate process; one client: ≥{plan.requests} requests (≥{number(plan.min_seconds)} s) after "
        f"{plan.warmup} warm-up; then {plan.clients} clients for {number(plan.seconds)} s after "
        f"{number(plan.warm_seconds)} s"
    )
    for case in cases:
        line()
        line(case.title)
        line(f"    {'':<36} {'ours':>9} {'floor':>9} {'ours ÷ floor':>13}")
        for metric, label in METRICS:
            mine, theirs = getattr(case.ours, metric), getattr(case.floor, metric)
            line(
                f"    {label.format(clients=plan.clients):<36} {number(mine):>9} {number(theirs):>9}"
                f" {number(case.ratio(metric)):>13}"
            )
        if case.one_process_rps is not None:
            line(
                f"    {'throughput req/s, ours as 1 process':<36} {number(case.one_process_rps):>9}"
                f"   ours ÷ 1 process: {number(case.ours.rps / case.one_process_rps)}"
            )
    line()
    statements = figures.statements
    line("SQL statements per request (ours, counted in this process on the same database; the floor sends 2):")

    def sizes(by_size: dict[int, list[int]]) -> str:
        return "  ".join(f"N={n}: {'/'.join(map(str, counts))}" for n, counts in by_size.items())

    line(f"    {'sketches(first: N) { nodes { every field } }':<62} {sizes(statements.lists)}")
    line(f"    {'sketches(first: N) { nodes { id title owner { id email } } }':<62} {sizes(statements.owner)}")
    line(f"    {'node(id:) { ... on Sketch { every field } }':<62} {'/'.join(map(str, statements.node))}")
    verdict = "equal for every N" if statements.equal else "DIFFERENT: a list's SQL grows with its size (N+1)"
    line(f"    page size does not change the count: {verdict}")
    generator = versus.generator_cpu_pct
    if generator < GENERATOR_LIMIT_PCT:
        line(f"load generator: at most {number(generator)}% of one core: not the bottleneck")
    else:
        line(f"load generator: WARNING: up to {number(generator)}% of one core; throughput may be the generator's")
    if figures.events:
        line()
        line("job event publish → jobProgress receipt over graphql-transport-ws (in this process)")
        line(f"    {'bus':<8} {'p50 ms':>9} {'p95 ms':>9}")
        for bus, value in figures.events.items():
            if isinstance(value, EventFigures):
                line(f"    {bus:<8} {value.p50_ms:>9.3f} {value.p95_ms:>9.3f}   ({value.events} events)")
            else:
                line(f"    {bus:<8} {value}")
    chat = figures.chat
    if chat is not None:
        line()
        line(f"chat answer streaming, {chat.answers} answers: the mock's /api/chat directly vs through aiproxy")
        line("    (messageSend → CHAT_REPLY job → provider stream → events → messageStream over WebSocket)")
        line(f"    {'':<22} {'direct':>9} {'aiproxy':>9} {'added':>9}")
        line(
            f"    {'first token, p50 ms':<22} {chat.direct_ttft_ms:>9.2f} {chat.aiproxy_ttft_ms:>9.2f}"
            f" {chat.added_ttft_ms:>+9.2f}"
        )
        line(
            f"    {'token gap, p50 ms':<22} {chat.direct_gap_ms:>9.3f} {chat.aiproxy_gap_ms:>9.3f}"
            f" {chat.added_gap_ms:>+9.3f}"
        )
        line(
            f"    of aiproxy's first token: messageSend round trip {chat.send_ms:.2f} ms, then "
            f"{chat.aiproxy_ttft_ms - chat.send_ms:.2f} ms to the first delta on the socket"
        )
    made = figures.songs
    if made is not None:
        line()
        line(
            f"songs, {made.songs} generated one after another (Mureka: the mock, polled every {made.poll_seconds:g} s)"
        )
        line(f"    task turned running → jobProgress says so, p50 ms   {made.running_seen_ms:>9.1f}")
        line(f"    task ended → SUCCEEDED event (audio copied), p50 ms  {made.end_seen_ms:>9.1f}")
        line(
            f"    Mureka calls per song: {made.submissions_per_song:g} submission (must be 1), "
            f"{made.queries_per_song:g} status queries"
        )
    shown = figures.overlays
    if shown is not None:
        line()
        line(
            f"overlay previews, {shown.previews} one after another like a slider: a {shown.source} × {shown.source} "
            f"textured source at width {shown.width} (JPEG data URLs up to {shown.preview_bytes // 1024} KiB)"
        )
        line(f"    {'':<44} {'p50 ms':>9} {'p95 ms':>9}")
        for label, p50, p95 in (
            ("imageOverlayPreview over HTTP (python -m api)", shown.graphql_p50_ms, f"{shown.graphql_p95_ms:>9.1f}"),
            ("the render alone (text + JPEG, cached source)", shown.render_p50_ms, f"{shown.render_p95_ms:>9.1f}"),
            ("floor: Pillow scales and encodes, no text", shown.floor_p50_ms, ""),
        ):
            line(f"    {label:<44} {p50:>9.1f} {p95}")
        verdict = "meets" if shown.graphql_p95_ms <= TARGET_MS else "MISSES"
        line(
            f"    ours ÷ floor (p50): {number(shown.ratio)}; the first preview (source decoded and kept) "
            f"{shown.first_ms:.1f} ms; p95 {verdict} the {TARGET_MS:.0f} ms target"
        )
    if figures.projects:
        size = figures.projects[0].size_bytes / 2**20
        line()
        line(
            f"a project file of {size:.0f} MiB through the signed URLs ({figures.projects[0].part_bytes // 2**20} MiB "
            "parts, 4 at a time, then the SHA-256 check), beside plain copies to the same storage; one API process"
        )
        line(f"    {'':<40} {'MiB/s up':>9} {'MiB/s down':>11}")
        for t in figures.projects:
            line(f"    {t.storage + ': ours':<40} {t.mb_per_s(t.upload_s):>9.1f} {t.mb_per_s(t.download_s):>11.1f}")
            floor = "cp (kernel copy)" if t.storage == "local" else "boto3 transfer"
            line(
                f"    {t.storage + ': floor, ' + floor:<40} {t.mb_per_s(t.floor_upload_s):>9.1f}"
                f" {t.mb_per_s(t.floor_download_s):>11.1f}"
            )
            if t.http_floor_upload_s and t.http_floor_download_s:
                up, down = t.mb_per_s(t.http_floor_upload_s), t.mb_per_s(t.http_floor_download_s)
                line(f"    {t.storage + ': HTTP floor, one PUT and one GET':<40} {up:>9.1f} {down:>11.1f}")
            verdict = "meets" if min(t.upload_ratio, t.download_ratio) >= GOAL_RATIO else "MISSES"
            rss = "meets" if t.rss_growth_mib <= GOAL_RSS_MIB else "MISSES"
            line(
                f"    {t.storage}: ours ÷ floor up {number(t.upload_ratio)}, down {number(t.download_ratio)} "
                f"({verdict} {GOAL_RATIO:.0%}); of the upload, complete took {t.complete_s:.2f} s; API RSS grew "
                f"{t.rss_growth_mib:.1f} MiB ({rss} {GOAL_RSS_MIB:.0f} MiB)"
            )
    if figures.cli:
        report_cli(figures.cli, out)
    idle = figures.subscriptions
    if idle is not None:
        line()
        line(
            f"idle jobProgress subscriptions on one API process: {idle.subscriptions} over {idle.sockets} "
            f"WebSocket connections (opened in {number(idle.seconds_to_open)} s)"
        )
        line(f"    RSS before: {idle.rss_base_kib / 1024:.1f} MiB")
        line(f"    RSS per connection with one subscription: {number(idle.kib_per_connection)} KiB")
        line(f"    RSS per further subscription on a connection: {number(idle.kib_per_subscription)} KiB")
        line(
            f"    Redis pub/sub connections the process opened: {idle.redis_pubsub_clients}; subscribers per job "
            f"channel: {idle.channel_subscribers}; channels left subscribed after every connection closed: "
            f"{idle.channels_left}"
        )


def report_cli(found: tuple[CliFigures, ...], out: TextIO = sys.stdout) -> None:
    def line(text: str = "") -> None:
        print(text, file=out)

    first = found[0]
    line()
    line(
        f"the aiproxy command on a tree of {first.size_bytes / 2**20:.0f} MiB in {first.files} files (nested, a few "
        f"large and many small): upload, then download into an empty folder, --jobs {CLI_JOBS}, "
        f"{first.part_bytes // 2**20} MiB parts, one API process; beside plain copies to the same storage"
    )
    line(f"    {'':<44} {'MiB/s up':>9} {'MiB/s down':>11}")
    for c in found:
        up, down = c.mb_per_s(c.upload.wall_s), c.mb_per_s(c.download.wall_s)
        line(f"    {c.storage + ': ours (process wall clock)':<44} {up:>9.1f} {down:>11.1f}")
        up, down = c.mb_per_s(c.upload.json_s), c.mb_per_s(c.download.json_s)
        line(f"    {c.storage + ': ours (the JSON seconds)':<44} {up:>9.1f} {down:>11.1f}")
        floor = "shutil.copytree" if c.storage == "local" else f"boto3 transfer, {CLI_JOBS} threads"
        line(
            f"    {c.storage + ': floor, ' + floor:<44} {c.mb_per_s(c.floor_upload_s):>9.1f}"
            f" {c.mb_per_s(c.floor_download_s):>11.1f}"
        )
        line(f"    {c.storage}: ours ÷ floor up {number(c.upload_ratio)}, down {number(c.download_ratio)}")
        line(
            f"    {c.storage}: hashing the tree (hashlib, {CLI_JOBS} threads) {c.hash_s:.2f} s = "
            f"{c.hash_share:.0%} of the upload (without it {c.mb_per_s(c.upload_without_hash_s):.1f} MiB/s); "
            f"a second upload, nothing to send: {c.replan.wall_s:.2f} s ({c.replan.json_s:.2f} s by its JSON)"
        )
        line(
            f"    {c.storage}: CPU of the command up {c.upload.cpu_s:.1f} s, down {c.download.cpu_s:.1f} s, of the API "
            f"up {c.upload.api_cpu_s:.1f} s, down {c.download.api_cpu_s:.1f} s; the command's peak RSS up "
            f"{c.upload.rss_peak_mib:.0f} MiB, down {c.download.rss_peak_mib:.0f} MiB"
        )


def plan_dict(plan: Plan) -> dict[str, Any]:
    return asdict(plan)
