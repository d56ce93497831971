"""A pass that runs forever at an interval — the job recovery pass, the sweep of things left behind — with one way
of saying it fails: a warning when it starts failing and one when it works again, not one per try."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable


async def repeat(
    what: str,
    work: Callable[[], Awaitable[object]],
    *,
    seconds: float,
    log: logging.Logger,
    retry_seconds: float | None = None,
    at_once: bool = True,
) -> None:
    """`work()` every `seconds` until cancelled (the first pass at once, or after `seconds` when not `at_once`). A
    failing pass is tried again after `retry_seconds` (default: `seconds`)."""
    failing = False
    if not at_once:
        await asyncio.sleep(seconds)
    while True:
        try:
            await work()
        except Exception as exc:
            if not failing:
                log.warning("%s failed (%s: %s); retrying", what, type(exc).__name__, str(exc)[:200])
                failing = True
            await asyncio.sleep(seconds if retry_seconds is None else retry_seconds)
            continue
        if failing:
            log.warning("%s works again", what)
            failing = False
        await asyncio.sleep(seconds)
