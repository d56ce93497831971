"""Waiting for things to end: following a subscription — job progress (`jobProgress`) and text streams
(`messageStream`, `generationStream`) alike — and polling a condition."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.client import Api

# Every stream this API serves yields states with a `status`: on the way, then one final state, then completes.
ON_THE_WAY = frozenset({"QUEUED", "RUNNING", "STREAMING"})  # JobStatus, MessageStatus
FINAL = frozenset({"SUCCEEDED", "FAILED", "CANCELLED", "COMPLETE", "STOPPED"})

OnFirst = Callable[[dict[str, Any]], Awaitable[None] | None]


async def follow(
    api: Api,
    document: str,
    variables: dict[str, Any],
    token: str,
    *,
    timeout: float = 30,
    on_first: OnFirst | None = None,
) -> list[dict[str, Any]]:
    """Every event of a subscription with one root field, until the server completes it.

    Checks what each of these streams promises: at least one event, every event but the last on the way
    (`QUEUED`, `RUNNING`, `STREAMING`), the last one final. `document` must select `status`. `on_first(event)`
    runs (and is awaited) once the first event — the state as it is now — has arrived and before the rest is
    read: the place to act on something you are already watching (enqueue it, stop it, let a peer join).
    `timeout` is the longest wait for any one event."""
    events: list[dict[str, Any]] = []
    async with api.subscribe(document, variables, token) as sub:
        while (item := await sub.next(timeout)) is not None:
            [event] = item.values()
            events.append(event)
            if len(events) == 1 and on_first is not None:
                result = on_first(event)
                if inspect.isawaitable(result):
                    await result
    assert events, f"the subscription completed without any event: {document}"
    statuses = [e["status"] for e in events]
    assert statuses[-1] in FINAL and all(s in ON_THE_WAY for s in statuses[:-1]), statuses
    return events


def joined(events: list[dict[str, Any]]) -> str:
    """The text of a text stream's events: every `delta`, concatenated."""
    return "".join(e["delta"] for e in events)


async def poll(check: Callable[[], Awaitable[Any]], timeout: float = 10) -> Any:
    """Call `check()` until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)
