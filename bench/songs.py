"""Songs: how soon a client learns what Mureka did, and how many calls a song costs.

A standalone aitestmock (in the bench's process) plays Mureka for ours and its worker; it tells when each task
changed status (Unix time). For each song, generated one after another: the time from the task turning
`running` to the first `jobProgress` event saying so, and from the task's end to the SUCCEEDED event (the audio
copied into our storage in between); the submissions (must be 1) and status queries per song. Polling is at
POLL_SECONDS, so the first figure is about half of that plus our hop."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from bench.stats import percentile
from tests.support import Api

POLL_SECONDS = 0.5
STYLE = "bench pop 3s"
CREATE = """mutation($i: SongCreateInput!) { songCreate(input: $i) { job { id } userErrors { code message } } }"""
PROGRESS = "subscription($id: ID!) { jobProgress(id: $id) { status message } }"


@dataclass(frozen=True)
class SongFigures:
    songs: int
    poll_seconds: float
    running_seen_ms: float  # p50: the task turned `running` → the jobProgress event saying so
    end_seen_ms: float  # p50: the task ended → the SUCCEEDED event (files copied)
    submissions_per_song: float
    queries_per_song: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "songs": self.songs,
            "poll_seconds": self.poll_seconds,
            "running_seen_p50_ms": round(self.running_seen_ms, 1),
            "end_seen_p50_ms": round(self.end_seen_ms, 1),
            "submissions_per_song": self.submissions_per_song,
            "queries_per_song": self.queries_per_song,
        }


def mureka_env(mock_url: str) -> dict[str, str]:
    """What ours and its worker need to use the bench's mock as Mureka."""
    return {
        "MUREKA_BASE_URL": mock_url,
        "MUREKA_API_KEY": "sk-bench",
        "MUREKA_POLL_INTERVALS": str(POLL_SECONDS),
        "MUREKA_CONCURRENCY": "4",
    }


async def one_song(api: Api, token: str, n: int) -> tuple[float | None, float]:
    """Wall times of the first "running" event and of the final one."""
    lyrics = f"[Verse]\nBench song number {n}\n[Chorus]\nLa la la"
    created = await api.mutate(
        "songCreate", CREATE, {"i": {"title": f"Bench {n}", "prompt": STYLE, "lyrics": lyrics}}, token
    )
    running: float | None = None
    async with api.subscribe(PROGRESS, {"id": created["job"]["id"]}, token) as subscription:
        while (item := await subscription.next(60)) is not None:
            event = item["jobProgress"]
            now = time.time()
            if running is None and (event["message"] or "").startswith("Mureka: running"):
                running = now
            if event["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                assert event["status"] == "SUCCEEDED", event
                return running, now
    raise AssertionError("the song's progress ended without a final event")


async def measure_songs(api: Api, token: str, mock_url: str, songs: int) -> SongFigures:
    seen = [await one_song(api, token, n) for n in range(songs)]
    async with httpx.AsyncClient(timeout=30) as client:
        tasks = (await client.get(f"{mock_url}/_aitestmock/mureka/tasks")).json()
        submissions = (await client.get(f"{mock_url}/_aitestmock/mureka/submissions")).json()["song"]
    assert len(tasks) == songs, tasks
    running = [(r - t["running_at"]) * 1000 for (r, _), t in zip(seen, tasks, strict=True) if r is not None]
    ends = [(e - t["ended_at"]) * 1000 for (_, e), t in zip(seen, tasks, strict=True)]
    return SongFigures(
        songs=songs,
        poll_seconds=POLL_SECONDS,
        running_seen_ms=percentile(running, 50) if running else float("nan"),
        end_seen_ms=percentile(ends, 50),
        submissions_per_song=submissions / songs,
        queries_per_song=sum(t["queries"] for t in tasks) / songs,
    )
