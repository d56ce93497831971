"""Keyset pagination over (sort key, id): stable under inserts, no OFFSET scans."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from domain.common.pagination import Page, PageRequest, PageRequestError, SortDirection

T = TypeVar("T")


def _parse(kind: str, raw: str) -> Any:
    """A cursor's sort value: `kind` is datetime, date, int or text. Sort keys are never NULL: an optional
    column sorts through COALESCE to a value of its kind (see the sketches' title order)."""
    try:
        if kind == "datetime":
            value = datetime.fromisoformat(raw)
            if value.tzinfo is None:  # cursors carry aware UTC times; a naive one was forged
                raise PageRequestError("The cursor is not valid.")
            return value
        if kind == "date":
            return date.fromisoformat(raw)
        if kind == "int":
            return int(raw)
        return raw
    except ValueError as exc:
        raise PageRequestError("The cursor is not valid.") from exc


def _position(position: tuple[str, ...], kind: str) -> tuple[Any, uuid.UUID]:
    if len(position) != 2:
        raise PageRequestError("The cursor is not valid.")
    try:
        return _parse(kind, position[0]), uuid.UUID(position[1])
    except ValueError as exc:
        raise PageRequestError("The cursor is not valid.") from exc


def _after(key: ColumnElement[Any], id_col: ColumnElement[Any], value: Any, ident: uuid.UUID, asc: bool) -> Any:
    if asc:
        return or_(key > value, and_(key == value, id_col > ident))
    return or_(key < value, and_(key == value, id_col < ident))


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    entity: type[T],
    key: ColumnElement[Any],
    key_kind: str,
    key_of: Callable[[T], Any],
    id_col: ColumnElement[Any],
    direction: SortDirection,
    page: PageRequest,
) -> Page[T]:
    """`stmt` selects `entity` already filtered by owner; key is the sort expression, key_of reads it back."""
    asc = direction is SortDirection.ASC
    # Walking backwards: flip the order, take the window, flip the rows back.
    forward = asc != page.backwards
    if page.after is not None:
        value, ident = _position(page.after, key_kind)
        stmt = stmt.where(_after(key, id_col, value, ident, asc))
    if page.before is not None:
        value, ident = _position(page.before, key_kind)
        stmt = stmt.where(_after(key, id_col, value, ident, not asc))
    order = (key.asc(), id_col.asc()) if forward else (key.desc(), id_col.desc())
    rows = list((await session.scalars(stmt.order_by(*order).limit(page.limit + 1))).all())
    has_more = len(rows) > page.limit
    rows = rows[: page.limit]
    if page.backwards:
        rows.reverse()
    cursors: list[tuple[str, ...]] = [(_dump(key_of(row)), str(row.id)) for row in rows]
    if page.backwards:
        return Page(rows, cursors, has_next_page=page.before is not None, has_previous_page=has_more)
    return Page(rows, cursors, has_next_page=has_more, has_previous_page=page.after is not None)


def _dump(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


async def count(session: AsyncSession, stmt: Select[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)


async def paginate_many(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    entity: type[T],
    parent: ColumnElement[Any],
    parents: list[uuid.UUID],
    parent_of: Callable[[T], uuid.UUID],
    key: ColumnElement[Any],
    key_kind: str,
    key_of: Callable[[T], Any],
    id_col: ColumnElement[Any],
    direction: SortDirection,
    page: PageRequest,
) -> dict[uuid.UUID, Page[T]]:
    """The same page of a nested list for many parents, in one statement: each parent's rows are numbered
    in order (a window function) and only the first `limit + 1` of each are read."""
    asc = direction is SortDirection.ASC
    forward = asc != page.backwards
    stmt = stmt.where(parent.in_(parents))
    if page.after is not None:
        value, ident = _position(page.after, key_kind)
        stmt = stmt.where(_after(key, id_col, value, ident, asc))
    if page.before is not None:
        value, ident = _position(page.before, key_kind)
        stmt = stmt.where(_after(key, id_col, value, ident, not asc))
    order = (key.asc(), id_col.asc()) if forward else (key.desc(), id_col.desc())
    numbered = stmt.add_columns(func.row_number().over(partition_by=parent, order_by=order).label("rn")).subquery()
    rows_of = aliased(entity, numbered)
    query = select(rows_of).where(numbered.c.rn <= page.limit + 1).order_by(numbered.c.rn)
    grouped: dict[uuid.UUID, list[T]] = {p: [] for p in parents}
    for row in (await session.scalars(query)).all():
        grouped[parent_of(row)].append(row)
    pages: dict[uuid.UUID, Page[T]] = {}
    for parent_id, rows in grouped.items():
        has_more = len(rows) > page.limit
        rows = rows[: page.limit]
        if page.backwards:
            rows.reverse()
        cursors: list[tuple[str, ...]] = [(_dump(key_of(row)), str(row.id)) for row in rows]  # type: ignore[attr-defined]  # rows are entities with ids
        if page.backwards:
            pages[parent_id] = Page(rows, cursors, has_next_page=page.before is not None, has_previous_page=has_more)
        else:
            pages[parent_id] = Page(rows, cursors, has_next_page=has_more, has_previous_page=page.after is not None)
    return pages
