"""Counting the SQL statements an app runs, with a SQLAlchemy `before_cursor_execute` listener."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event


@contextlib.contextmanager
def counting_statements(engine: Any) -> Iterator[list[str]]:
    """Every statement `engine` (a sync Engine: `AsyncEngine.sync_engine`) sends while the block runs."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
