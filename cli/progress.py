"""Progress of a transfer on stderr: rich bars (the total, and each file under way, with bytes, speed and time
left) on a terminal; off a terminal (a log, CI, a pipe), plain lines: one per file done and the total now and then."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

PLAIN_TOTAL_EVERY = 10.0  # seconds between plain "total" lines


def size(n: int) -> str:
    """Bytes as people read them, in binary units as file managers show them (1.5 MiB)."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(value) < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


class Reporter:
    """What the transfer engines tell the user. `quiet` (for --json) keeps only errors."""

    def __init__(self, console: Console, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self.progress: Progress | None = None
        self.total_task: TaskID | None = None
        self.files: dict[str, TaskID] = {}
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.last_plain = self.started

    # --------------------------------------------------------------------------------------------------- phases
    def begin(self, description: str, total_bytes: int) -> None:
        self.total = total_bytes
        self.done = 0
        self.started = self.last_plain = time.monotonic()
        if self.live:
            self.progress = Progress(
                TextColumn("{task.description}", justify="left"),
                BarColumn(bar_width=30),
                DownloadColumn(binary_units=True),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self.progress.start()
            self.total_task = self.progress.add_task(f"[bold]{description}", total=total_bytes)
        elif not self.quiet:
            self.console.print(f"{description}: {size(total_bytes)}")

    def end(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.end()

    # ---------------------------------------------------------------------------------------------------- files
    def file_started(self, name: str, total: int) -> None:
        if self.progress is not None:
            self.files[name] = self.progress.add_task(f"  {_short(name)}", total=total)

    def advance(self, name: str | None, n: int) -> None:
        self.done += n
        if self.progress is not None:
            if self.total_task is not None:
                self.progress.advance(self.total_task, n)
            if name is not None and name in self.files:
                self.progress.advance(self.files[name], n)
        elif not self.quiet and self.total:
            now = time.monotonic()
            if now - self.last_plain >= PLAIN_TOTAL_EVERY:
                self.last_plain = now
                rate = self.done / max(now - self.started, 1e-6)
                left = (self.total - self.done) / rate if rate > 0 else 0
                self.console.print(
                    f"total {self.done * 100 // max(self.total, 1)}%: {size(self.done)} of {size(self.total)}, "
                    f"{size(int(rate))}/s, {left:.0f} s left"
                )

    def file_done(self, name: str, line: str) -> None:
        """A file finished: its bar goes; off a terminal, a line says so (on one, the bars are enough)."""
        task = self.files.pop(name, None)
        if self.progress is not None:
            if task is not None:
                self.progress.remove_task(task)
        else:
            self.say(line)

    def say(self, line: str) -> None:
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.console.print(line)
        else:
            self.console.print(line, highlight=False, markup=False)

    def error(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(f"[red]{line}", highlight=False)
        else:
            self.console.print(line, style="red", highlight=False, markup=False)


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1) :]
