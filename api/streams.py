"""Following a streamed text over a subscription (a chat answer, a generation): the shared promise that
the deltas a subscriber receives add up to exactly the stored text, whenever it joins."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar

from api.context import Info
from api.errors import ClientError
from domain.common.events import EventsUnavailable
from domain.common.streaming import StreamEvent, StreamStatus, follow, text_topic

# The code of a subscription that ends because this API process lost its event bus (Redis). Subscribing
# again continues from the stored text: while the bus is down, from the stored row, read every half second.
EVENTS_LOST = "SERVICE_UNAVAILABLE"
EVENTS_LOST_MESSAGE = "Live updates were interrupted (the event service is unavailable); subscribe again to continue."


class StreamedText(Protocol):
    """A stored row whose text streams: a message (`content`) or a generation (`text`)."""

    @property
    def status(self) -> StreamStatus: ...

    @property
    def error_code(self) -> str | None: ...


R = TypeVar("R", bound=StreamedText)


async def follow_text(
    info: Info,
    ident: uuid.UUID,
    load: Callable[[uuid.UUID, uuid.UUID], Awaitable[R | None]],
    text_of: Callable[[R], str],
    what: str,
) -> AsyncIterator[tuple[StreamEvent, R | None]]:
    """The viewer's streamed text from where it is now to its end; the final event comes with the stored row.
    `load(viewer_id, ident)` reads the row in its own unit of work (None when it is not the viewer's)."""
    viewer_id = await info.context.viewer_id()
    last: R | None = None

    async def current() -> StreamEvent | None:
        nonlocal last
        last = await load(viewer_id, ident)
        await info.context.close()  # no connection held while the stream is followed
        return StreamEvent(text_of(last), last.status, last.error_code) if last else None

    try:
        async for event in follow(info.context.container.events, text_topic(ident), current):
            if not event.status.is_final:
                yield event, None
            elif last is not None and last.status.is_final:
                yield event, last  # the row the end was read from
            else:
                yield event, await load(viewer_id, ident)
    except LookupError:
        raise ClientError(f"No such {what}.", "NOT_FOUND") from None
    except EventsUnavailable:
        raise ClientError(EVENTS_LOST_MESSAGE, EVENTS_LOST) from None
