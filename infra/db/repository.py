"""The base of every repository of user-owned rows: the owner filter is built in, not remembered."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from sqlalchemy import Select, Table, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from domain.common.pagination import Page, PageRequest, SortDirection
from infra.db.pagination import count, paginate

E = TypeVar("E")
F = TypeVar("F")  # a list's filter
K = TypeVar("K")  # a list's order field (its sort key)


class OwnedRepository(Generic[E]):
    """get/get_many/add/delete/page/count over one table with a `user_id` owner column.

    A subclass sets `entity` (the mapped domain class) and `table`, and adds only what is special
    to its area (filters, orderings, bulk reads)."""

    entity: type[E]
    table: Table
    # get_for_update takes a row lock (PostgreSQL); off where the one writer of a row needs none.
    lock_for_update: bool = True

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def id_column(self) -> ColumnElement[Any]:
        return self.table.c.id

    def owned(self, user_id: uuid.UUID) -> Select[tuple[E]]:
        """Every query of this repository starts here."""
        return select(self.entity).where(self.table.c.user_id == user_id)

    # Set on a table whose rows name a row added just before them in the same unit of work (an image its job): the
    # unit of work does not order INSERTs by foreign keys that no ORM relationship declares, so what is pending
    # is written first.
    flush_before_add: bool = False

    async def add(self, entity: E) -> None:
        # Not flushed here: the unit of work writes its new rows together (one INSERT a table, with whatever
        # was set on them meanwhile) at its next query or at commit — fewer round trips per request.
        if self.flush_before_add:
            await self.session.flush()
        self.session.add(entity)

    async def add_all(self, entities: Sequence[E]) -> None:
        self.session.add_all(entities)
        await self.session.flush()

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> E | None:
        return cast(E | None, await self.session.scalar(self.owned(user_id).where(self.id_column == id)))

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[E]:
        if not ids:
            return []
        return list((await self.session.scalars(self.owned(user_id).where(self.id_column.in_(ids)))).all())

    async def get_for_update(self, id: uuid.UUID) -> E | None:
        """Any owner's row, locked where the database can (jobs acting for the owner), fresh from the database."""
        stmt = select(self.entity).where(self.id_column == id).execution_options(populate_existing=True)
        if self.lock_for_update and self.session.bind.dialect.name != "sqlite":
            stmt = stmt.with_for_update()
        return cast(E | None, await self.session.scalar(stmt))

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> E | None:
        """The owner's row, fresh from the database and locked until the transaction ends, for a change that
        derives from what it reads (a revision, a status move): a concurrent writer of the row waits for it.

        PostgreSQL locks the row (SELECT … FOR UPDATE). SQLite has no row locks, only its one writer lock, taken
        at a transaction's first write: so a write comes first — the row's owner set to itself — and the read
        after it sees the latest committed row, which nobody can change before this transaction ends."""
        where = (self.id_column == id, self.table.c.user_id == user_id)
        stmt = self.owned(user_id).where(self.id_column == id).execution_options(populate_existing=True)
        if self.session.bind.dialect.name == "sqlite":
            await self.session.execute(update(self.table).where(*where).values(user_id=self.table.c.user_id))
        else:
            stmt = stmt.with_for_update()
        return cast(E | None, await self.session.scalar(stmt))

    async def delete(self, entity: E) -> None:
        await self.session.delete(entity)
        await self.session.flush()

    async def lock_or_create(self, initial: E, key: Sequence[str]) -> E:
        """The row with initial's values in the `key` columns (a unique constraint with `user_id` first), created
        from `initial` if absent, fresh and locked until the transaction ends: concurrent edits of one row apply
        one after the other, the first of them creating it (a user's override of a shipped default).

        INSERT … ON CONFLICT DO NOTHING comes first: it creates the row if it is missing, and it is a write, so on
        SQLite it takes the single writer lock before anything is read (no stale read-modify-write); on PostgreSQL
        the SELECT … FOR UPDATE that follows queues concurrent edits of the row."""
        t = self.table
        dialect = self.session.bind.dialect.name
        insert = postgresql.insert(t) if dialect == "postgresql" else sqlite.insert(t)
        values = {c.name: getattr(initial, c.name) for c in t.columns}
        await self.session.execute(insert.values(**values).on_conflict_do_nothing(index_elements=list(key)))
        stmt = select(self.entity).where(*(t.c[name] == values[name] for name in key))
        stmt = stmt.execution_options(populate_existing=True)
        if dialect != "sqlite":
            stmt = stmt.with_for_update()
        row = await self.session.scalar(stmt)
        assert row is not None  # inserted above or already there, and nobody deletes it while we hold the lock
        return row

    async def paginate(
        self,
        stmt: Select[tuple[E]],
        *,
        key: ColumnElement[Any],
        key_kind: str,
        key_of: Callable[[E], Any],
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[E]:
        """One keyset page of `stmt` (which came from `owned`), ordered by key then id."""
        return await paginate(
            self.session,
            stmt,
            entity=self.entity,
            key=key,
            key_kind=key_kind,
            key_of=key_of,
            id_col=self.id_column,
            direction=direction,
            page=page,
        )

    async def count_of(self, stmt: Select[tuple[E]]) -> int:
        return await count(self.session, stmt)


# Ids per origin lookup: each appears twice in the query (id or origin), far below PostgreSQL's 32 767 parameters.
LOOKUP_CHUNK = 1000


class ListedRepository(OwnedRepository[E], Generic[E, F, K]):
    """An owned table listed with a filter and an order field: a subclass says how each order field sorts
    (`orders`: field → sort key, its cursor kind, where an entity keeps it) and what a filter keeps (`filtered`)."""

    orders: ClassVar[Mapping[Any, tuple[Any, str, Callable[[Any], Any]]]]

    def filtered(self, user_id: uuid.UUID, filter: F) -> Select[tuple[E]]:
        raise NotImplementedError

    async def page(
        self, user_id: uuid.UUID, filter: F, order_by: K, direction: SortDirection, page: PageRequest
    ) -> Page[E]:
        key, kind, key_of = self.orders[order_by]
        return await self.paginate(
            self.filtered(user_id, filter), key=key, key_kind=kind, key_of=key_of, direction=direction, page=page
        )

    async def count(self, user_id: uuid.UUID, filter: F) -> int:
        return await self.count_of(self.filtered(user_id, filter))


class ArchivedRepository(ListedRepository[E, F, K]):
    """An owned table that the export reads in creation order and the import fills idempotently: it has
    `created_at` and an `origin_id` (the id a row had in the archive it was imported from)."""

    async def list_after(self, user_id: uuid.UUID, after: E | None, limit: int) -> list[E]:
        """Up to `limit` of the user's rows in creation order (created_at, then id), after `after`."""
        c = self.table.c
        stmt = self.owned(user_id).order_by(c.created_at, c.id).limit(limit)
        if after is not None:
            created, id = after.created_at, after.id  # type: ignore[attr-defined]  # every archived entity has both
            stmt = stmt.where(or_(c.created_at > created, (c.created_at == created) & (c.id > id)))
        return list((await self.session.scalars(stmt)).all())

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of `ids`, those the user already has, as a row id or as an import origin."""
        c = self.table.c
        wanted = set(ids)
        found: set[uuid.UUID] = set()
        unique = list(wanted)
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start : start + LOOKUP_CHUNK]
            rows = await self.session.execute(
                select(c.id, c.origin_id).where(c.user_id == user_id, or_(c.id.in_(chunk), c.origin_id.in_(chunk)))
            )
            found.update(value for row in rows for value in row if value in wanted)
        return found

    async def ids_for_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """Of `ids` (archive ids), those the user has → the id of the row: imported from it (its origin), or the
        row itself (an archive of this same account)."""
        c = self.table.c
        found: dict[uuid.UUID, uuid.UUID] = {}
        unique = list(set(ids))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start : start + LOOKUP_CHUNK]
            rows = await self.session.execute(
                select(c.id, c.origin_id).where(c.user_id == user_id, or_(c.id.in_(chunk), c.origin_id.in_(chunk)))
            )
            asked = set(chunk)
            for row_id, origin in rows:
                if row_id in asked:
                    found[row_id] = row_id
                elif origin in asked:
                    found.setdefault(origin, row_id)
        return found
