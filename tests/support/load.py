"""Measuring how a server holds up under load: a figure taken while some clients keep it busy, and p95."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


async def under_load(
    client: Callable[[int, asyncio.Event], Awaitable[None]],
    clients: int,
    measure: Callable[[], Awaitable[T]],
    *,
    ramp_up: float = 0.1,
) -> T:
    """What `measure()` returns while `clients` copies of `client(i, stop)` run (each until `stop` is set);
    a client's failure fails the measurement."""
    stop = asyncio.Event()
    running = [asyncio.create_task(client(i, stop)) for i in range(clients)]
    try:
        await asyncio.sleep(ramp_up)
        figure = await measure()
    finally:
        stop.set()
        results = await asyncio.gather(*running, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return figure
