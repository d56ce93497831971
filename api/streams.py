"""Following a streamed text over a subscription (a chat answer, a generation): the shared promise that
the deltas a subscriber receives add up to exactly the stored text, whenever it joins."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar

from api.context import Info
from api.errors import ClientError
from domain.common.streaming import StreamEvent, StreamStatus, follow, text_topic


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

    async def current() -> StreamEvent | None:
        row = await load(viewer_id, ident)
        await info.context.close()  # no connection held while the stream is followed
        return StreamEvent(text_of(row), row.status, row.error_code) if row else None

    try:
        async for event in follow(info.context.container.events, text_topic(ident), current):
            yield event, await load(viewer_id, ident) if event.status.is_final else None
    except LookupError:
        raise ClientError(f"No such {what}.", "NOT_FOUND") from None
