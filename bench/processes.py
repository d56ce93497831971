"""Servers in processes of their own, started as a user starts them: `python -m api` and `python -m bench.floor`.

Each gets the mode's variables (bench/server.py) on top of this process's environment with every aiproxy
setting removed — a DATABASE_URL or DATA_DIR exported for the tests must not leak into a run — except
WEB_CONCURRENCY, which is passed through to ours (the floor is always one process). Its output goes to a log
file, shown when it fails to start.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from infra.settings import variables
from tests.support import free_port

ROOT = Path(__file__).resolve().parents[1]
PASSED_THROUGH = frozenset({"WEB_CONCURRENCY"})
START_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0


class ServerFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Server:
    name: str
    pid: int
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def web_concurrency() -> str | None:
    """WEB_CONCURRENCY as passed through to ours, or None when unset."""
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    return value or None


def server_env(variables_: Mapping[str, str], port: int, *, pass_through: bool = True) -> dict[str, str]:
    removed = {v.name for v in variables()} | PASSED_THROUGH
    env = {k: v for k, v in os.environ.items() if k not in removed}
    if pass_through:
        env.update({k: v for k, v in os.environ.items() if k in PASSED_THROUGH})
    return {**env, **variables_, "HOST": "127.0.0.1", "PORT": str(port), "PYTHONUNBUFFERED": "1"}


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no output)"


async def _ready(process: asyncio.subprocess.Process, name: str, url: str, log: Path) -> None:
    deadline = asyncio.get_running_loop().time() + START_TIMEOUT
    async with httpx.AsyncClient(trust_env=False, timeout=2) as client:
        while True:
            if process.returncode is not None:
                raise ServerFailed(f"{name} exited with {process.returncode} while starting:\n{_tail(log)}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url + "/healthz")).status_code == 200:
                    return
            if asyncio.get_running_loop().time() > deadline:
                raise ServerFailed(f"{name} did not answer /healthz within {START_TIMEOUT:.0f} s:\n{_tail(log)}")
            await asyncio.sleep(0.1)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)  # uvicorn shuts down gracefully, its workers with it
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: this group holds only what we started
        await process.wait()


@contextlib.asynccontextmanager
async def running(
    name: str, module: str, variables_: Mapping[str, str], logs: Path, *, pass_through: bool = True
) -> AsyncIterator[Server]:
    """`python -m <module>` on a free port with these variables, from start (answering /healthz) to stop."""
    port = free_port()
    log = logs / f"{name.replace(' ', '-')}-{port}.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            cwd=ROOT,
            env=server_env(variables_, port, pass_through=pass_through),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        await _ready(process, name, f"http://127.0.0.1:{port}", log)
        yield Server(name=name, pid=process.pid, port=port, log=log)
    finally:
        await _stop(process)


def ours(
    variables_: Mapping[str, str], logs: Path, *, one_process: bool = False
) -> contextlib.AbstractAsyncContextManager[Server]:
    """`python -m api`; `one_process` runs it with WEB_CONCURRENCY=1 (one process, as aiproxy ran before)."""
    if one_process:
        return running("ours (1 process)", "api", {**variables_, "WEB_CONCURRENCY": "1"}, logs, pass_through=False)
    return running("ours", "api", variables_, logs)


def floor(variables_: Mapping[str, str], logs: Path) -> contextlib.AbstractAsyncContextManager[Server]:
    return running("floor", "bench.floor", variables_, logs, pass_through=False)


@contextlib.asynccontextmanager
async def worker(variables_: Mapping[str, str], logs: Path) -> AsyncIterator[int]:
    """`python -m workers` (production mode), from start (its arq loop taking jobs) to stop; yields its pid."""
    log = logs / f"worker-{os.getpid()}-{len(list(logs.glob('worker-*')))}.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "workers",
            cwd=ROOT,
            env=server_env(variables_, 0, pass_through=False),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = asyncio.get_running_loop().time() + START_TIMEOUT
        while "taking jobs of" not in log.read_text(errors="replace"):
            if process.returncode is not None:
                raise ServerFailed(f"the worker exited with {process.returncode} while starting:\n{_tail(log)}")
            if asyncio.get_running_loop().time() > deadline:
                raise ServerFailed(f"the worker took no jobs within {START_TIMEOUT:.0f} s:\n{_tail(log)}")
            await asyncio.sleep(0.1)
        yield process.pid
    finally:
        await _stop(process)
