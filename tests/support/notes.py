"""A test-only area with nothing but an archive section, `notes`: proof that a section registered through an
`Area` travels through export and import without data_transfer knowing it. Not shipped; tests add it with
`build_container(settings, areas=(*AREAS, notes_area(...)))`.

Its rows live in memory (`NotesArchive.store`, written at once, not with the job's commit: enough for a test).
Its items are in version 2 of its format, `{"id", "text"}`; version 1 called the text `body`, and `check`
still reads it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.common.errors import ErrorCode
from domain.common.validation import Checks, clean_text
from domain.data_transfer import items
from domain.data_transfer.sections import Item, Restored
from infra.areas.base import Area

TEXT_MAX = 200


def check_note(values: dict[str, Any], checks: Checks) -> None:
    """The notes area's own rule, as its service would apply it to API input."""
    if checks.required("text", values["text"], "Text"):
        checks.max_length("text", values["text"], TEXT_MAX, "Text")
        if values["text"].startswith("!"):
            checks.add("text", ErrorCode.INVALID, "Text may not start with !.")


class NotesArchive:
    name = "notes"
    label = "notes"
    version = 2
    item_max = 50
    batch = 2  # notes per export batch: small, so that batching shows

    def __init__(self) -> None:
        self.store: dict[uuid.UUID, dict[str, str]] = {}  # user id → note id → text

    async def export(self, uow: object, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        notes = sorted(self.store.get(user_id, {}).items())
        for start in range(0, len(notes), self.batch):
            yield [{"id": id, "text": text} for id, text in notes[start : start + self.batch]]

    def check(self, item: Any, n: int, version: int) -> tuple[str, str]:
        where = f"Note {n}"
        text_key = "text" if version >= 2 else "body"
        item = items.json_object(item, {"id", text_key}, where)
        values = {"text": clean_text(items.text(item, text_key, where))}
        items.checked(where, values, check_note)
        return str(items.parsed(uuid.UUID, item, "id", where, "a UUID")), values["text"]

    def restorer(self, uow: object, user_id: uuid.UUID) -> NotesRestorer:
        return NotesRestorer(self.store, user_id)


@dataclass
class NotesRestorer:
    store: dict[uuid.UUID, dict[str, str]]
    user_id: uuid.UUID
    have: set[str] = field(default_factory=set)

    async def prepare(self, batch: Sequence[tuple[str, str]]) -> None:
        mine = self.store.get(self.user_id, {})
        self.have |= {id for id, _ in batch if id in mine}

    async def restore(self, batch: Sequence[tuple[str, str]]) -> Restored:
        mine = self.store.setdefault(self.user_id, {})
        created = 0
        for id, text in batch:
            if id not in self.have:
                self.have.add(id)
                mine[id] = text
                created += 1
        return Restored(created=created, skipped=len(batch) - created)


def notes_area(section: NotesArchive) -> Area:
    return Area(name="notes", archive_sections=(section,))
