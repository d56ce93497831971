"""CPU time of a process tree, from /proc: what a server spent, whatever else the machine is doing.

`/proc/<pid>/stat` counts the CPU time the kernel charged to each process (all its threads: uvicorn's loop,
aiosqlite's connection threads), in clock ticks. A server's figure is the sum over the process and every
descendant (uvicorn workers under WEB_CONCURRENCY), each one's own time (utime + stime) plus what it collected
from children it has already reaped (cutime + cstime), so a worker that exits mid-run is still counted once.
Wall time and other processes' load do not enter it; only the count of ticks does (10 ms each, usually).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


class TreeCpu(NamedTuple):
    seconds: float  # utime + stime + cutime + cstime over the live tree
    processes: int  # the root and its live descendants


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks including reaped children) of a live process, or None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name (field 2) is in parentheses and may hold spaces or parentheses: split after the last ")".
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); ppid is field 4; utime, stime, cutime, cstime are fields 14-17.
    return int(fields[1]), sum(int(value) for value in fields[11:15])


def tree_cpu(root: int) -> TreeCpu:
    """CPU seconds charged to `root` and its live descendants so far; raises ProcessLookupError if root is gone."""
    stats: dict[int, tuple[int, int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                stats[int(entry.name)] = stat
    if root not in stats:
        raise ProcessLookupError(root)
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    ticks, count, pending = 0, 0, [root]
    while pending:
        pid = pending.pop()
        ticks += stats[pid][1]
        count += 1
        pending.extend(children.get(pid, ()))
    return TreeCpu(ticks / CLOCK_TICKS, count)
