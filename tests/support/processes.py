"""The shipped entry points as child processes, for the end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

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
