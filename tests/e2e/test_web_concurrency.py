"""`python -m api` with WEB_CONCURRENCY: several processes serve one port, a dead one is replaced, SIGHUP
replaces them all without dropping a request, and the embedded default refuses more than one."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from tests.support import Api, free_port
from tests.support.processes import ROOT, children_of, process


def production_env(tmp_path: Path, postgres_url: str, redis_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": postgres_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": f"aiproxy-e2e-{uuid.uuid4().hex[:8]}:",
        "JWT_SECRET": uuid.uuid4().hex,
        "BCRYPT_ROUNDS": "4",
        "DATA_DIR": str(tmp_path / "data"),
        "RATE_LIMIT_PER_MINUTE": "0",
    }


async def wait_for(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.1)
    return False


async def test_worker_processes_share_the_port_survive_a_crash_and_restart_gracefully(
    tmp_path: Path, postgres_url: str, redis_available: str
) -> None:
    port = free_port()
    env = {**production_env(tmp_path, postgres_url, redis_available), "PORT": str(port), "WEB_CONCURRENCY": "2"}
    async with process("api", env, tmp_path / "api.log", f"http://127.0.0.1:{port}/readyz") as proc:
        assert await wait_for(lambda: len(children_of(proc.pid)) == 2, 30), children_of(proc.pid)
        api = Api(f"http://127.0.0.1:{port}")
        try:
            token = await api.user()
            answers = await asyncio.gather(*(api.data("{ viewer { id } }", token=token) for _ in range(40)))
            assert all(a["viewer"]["id"] for a in answers)

            # A worker that dies is replaced; the port keeps answering meanwhile. (A connection kept alive to
            # the dead process dies with it: each request below opens its own, as a reconnecting client would.)
            await api.close()
            api = Api(f"http://127.0.0.1:{port}")
            api.http = httpx.AsyncClient(
                base_url=api.base_url, timeout=60, limits=httpx.Limits(max_keepalive_connections=0)
            )
            victim = children_of(proc.pid)[0]
            os.kill(victim, signal.SIGKILL)
            assert (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]
            assert await wait_for(lambda: len(children_of(proc.pid)) == 2 and victim not in children_of(proc.pid), 30)

            # SIGHUP: every worker is replaced, one by one, and no request fails while it happens.
            before = set(children_of(proc.pid))
            os.kill(proc.pid, signal.SIGHUP)
            failures: list[str] = []
            served = 0
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    body = await api.raw("{ viewer { id } }", token=token)
                    served += 1
                    if body.get("errors"):
                        failures.append(str(body["errors"]))
                except (httpx.HTTPError, AssertionError) as error:
                    failures.append(repr(error))
                now = set(children_of(proc.pid))
                if len(now) == 2 and not now & before:
                    break
            else:
                raise AssertionError(f"workers not replaced: {before} → {children_of(proc.pid)}")
            assert failures == [], failures
            assert served > 0
        finally:
            await api.close()


def test_the_embedded_default_serves_one_process_and_says_so(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "PORT": str(free_port()), "WEB_CONCURRENCY": "2"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "api"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert "WEB_CONCURRENCY=2 needs REDIS_URL and a PostgreSQL DATABASE_URL" in done.stderr
    assert not (tmp_path / "data").exists()
