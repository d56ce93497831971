"""A job handed over to the arq worker starts at once: each hand-over wakes the worker (workers/wake.py)
rather than waiting for its next poll (every 0.5 s)."""

from __future__ import annotations

import statistics
from datetime import datetime

from infra.settings import Settings
from tests.conftest import serve
from tests.support import follow, job_progress, start_export


async def test_a_handed_over_job_starts_within_a_poll_fraction(production_settings: Settings) -> None:
    async with serve(production_settings) as running:
        api = running.api
        token = await api.user()
        waits = []
        for _ in range(8):
            job = await start_export(api, token)
            final = (await follow(api, job_progress("status createdAt startedAt"), {"id": job["id"]}, token))[-1]
            assert final["status"] == "SUCCEEDED"
            started = datetime.fromisoformat(final["startedAt"]) - datetime.fromisoformat(final["createdAt"])
            waits.append(started.total_seconds())
        # Polled every 0.5 s without the wake, the median would be about 0.25 s.
        assert statistics.median(waits) < 0.1, waits
