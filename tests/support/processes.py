"""The shipped entry points as child processes, for the end-to-end tests: `process` for a child that lives as long
as a block; `Child` for one a fault test kills, stops and starts again; a Redis server of the test's own on a free
port (`RedisServer`), which a fault test stops and starts (never the shared Redis)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from tests.support.client import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def process(
    module: str, env: dict[str, str], log: Path, ready_url: str | None
) -> AsyncIterator[subprocess.Popen[bytes]]:
    """`python -m module` with `env` added to this environment, output in `log`; ready when `ready_url`
    answers 200. Terminated (then killed) when the block ends."""
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: ASYNC220 - a long-lived child, started once
            [sys.executable, "-m", module], cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            if ready_url:
                async with httpx.AsyncClient() as client:
                    for _ in range(300):
                        assert proc.poll() is None, f"{module} exited:\n{log.read_text()[-3000:]}"
                        with contextlib.suppress(httpx.TransportError):
                            if (await client.get(ready_url)).status_code == 200:
                                break
                        await asyncio.sleep(0.1)
                    else:
                        raise AssertionError(f"{module} never became ready:\n{log.read_text()[-3000:]}")
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def children_of(pid: int, running: str = "spawn_main") -> list[int]:
    """The live child processes of `pid` whose command line mentions `running` (Linux /proc). By default the
    processes multiprocessing spawned to serve, not its helpers (the resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z" and running in (entry / "cmdline").read_text():
                found.append(int(entry.name))
    return sorted(found)


class Child:
    """One `python -m <module>` child; its output goes to `log`. `start()` again after `kill()` or `stop()`."""

    def __init__(self, module: str, env: dict[str, str], log: Path) -> None:
        self.module, self.env, self.log = module, env, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> Child:
        self.starts += 1
        out = self.log.open("a")
        out.write(f"\n----- start {self.starts} -----\n")
        out.flush()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        return self

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine or the OOM killer takes it."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.terminate()
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(10)

    async def wait_ready(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(trust_env=False) as client:
            while time.monotonic() < deadline:
                assert self.alive, f"{self.module} exited:\n{self.output()[-4000:]}"
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(url)).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise AssertionError(f"{self.module} never became ready:\n{self.output()[-4000:]}")

    def output_of_this_start(self) -> str:
        return self.output().rpartition(f"----- start {self.starts} -----")[2]

    async def wait_for_output(self, text: str, timeout: float = 30) -> None:
        """Until `text` appears in what the process wrote since its latest start."""
        deadline = time.monotonic() + timeout
        while text not in self.output_of_this_start():
            assert self.alive, f"{self.module} exited:\n{self.output()[-4000:]}"
            assert time.monotonic() < deadline, f"{text!r} not in the output of {self.module}:\n{self.output()[-4000:]}"
            await asyncio.sleep(0.1)


def terminate(proc: subprocess.Popen[bytes] | None) -> None:
    """Stops a child server: SIGTERM, then SIGKILL after 10 s."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class RedisServer:
    """A redis-server of the test's own, on a free port, without persistence (a restart loses every key)."""

    def __init__(self, log: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(  # noqa: ASYNC220 - a long-lived child, started and stopped by the test
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        client = Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            for _ in range(100):
                with contextlib.suppress(Exception):
                    if await client.ping():
                        return
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        terminate(self.proc)
        self.proc = None


class S3Server:
    """The S3 test server (`python -m aitestmock.s3`, objects on disk under `root`, SigV4 checked; access key "test",
    secret "test") as a child process on a free port. A fault test stops it (S3 unreachable) and starts it again on
    the same port over the same objects."""

    def __init__(self, root: Path, log: Path) -> None:
        self.root = root
        self.log = log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> bool:
        """Whether it serves (False: it exited, its port taken by another process meanwhile)."""
        command = [sys.executable, "-m", "aitestmock.s3", "--root", str(self.root), "--port", str(self.port)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [*command, "--exit-with-parent"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while self.proc.poll() is None:
            try:
                httpx.get(self.endpoint, timeout=2, trust_env=False)  # any answer (403 unsigned) means it serves
                return True
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the S3 test server did not start:\n{self.log.read_text()[-3000:]}") from None
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        terminate(self.proc)
        self.proc = None
