"""Sketches in the export archive: `sketches.json`, one item per sketch (see domain/data_transfer/sections.py).

An imported sketch keeps its archive id as `origin_id`: importing the same archive again, or a sketch the
account already has under that id, creates nothing twice."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.data_transfer import items
from domain.data_transfer.sections import Item, Restored
from domain.sketches import service as rules
from domain.sketches.entities import Sketch, SketchWorkflow
from domain.sketches.ports import SketchesUnitOfWork

FIELDS = ("title", "lyrics", "prompt", "tags", "description_long", "description_short", "description_tags", "info")
_TEXT = ("title", "lyrics", "prompt", "description_long", "description_short", "info")
_KEYS = {*FIELDS, "id", "workflow", "created_at", "updated_at"}
PAGE = 1000  # sketches read per query while exporting


def sketch_item(sketch: Sketch) -> Item:
    item: Item = {name: getattr(sketch, name) for name in FIELDS}
    item.update(
        id=str(sketch.id),
        workflow=sketch.workflow.value,
        created_at=sketch.created_at.isoformat(),
        updated_at=sketch.updated_at.isoformat(),
    )
    return item


class SketchesArchive:
    name = "sketches"
    label = "sketches"
    version = 1
    item_max = 100_000

    async def export(self, uow: SketchesUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: Sketch | None = None
        while page := await uow.sketches.list_after(user_id, after, PAGE):
            yield [sketch_item(sketch) for sketch in page]
            after = page[-1]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """Keyword arguments for `Sketch` (all but `user_id`; the archive's id is `origin_id`)."""
        where = f"Sketch {n}"
        item = items.json_object(item, _KEYS, where)
        fields: dict[str, Any] = {name: items.text(item, name, where) for name in _TEXT}
        fields["tags"] = items.text_list(item, "tags", where)
        fields["description_tags"] = items.text_list(item, "description_tags", where)
        fields["workflow"] = items.member_of(SketchWorkflow, item, "workflow", where)
        values = rules.clean_sketch_values(fields)
        items.checked(where, values, rules.check_sketch_values)
        return values | items.origin_and_times(item, where)

    def restorer(self, uow: SketchesUnitOfWork, user_id: uuid.UUID) -> SketchesRestorer:
        return SketchesRestorer(uow, user_id)


@dataclass
class SketchesRestorer:
    uow: SketchesUnitOfWork
    user_id: uuid.UUID
    # The archive's ids the account has (as a sketch id or an import origin), and those written since.
    have: set[uuid.UUID] = field(default_factory=set)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        """Looked up before any write, a thousand at a time, against the table as it is."""
        self.have |= await self.uow.sketches.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        """Writes the sketches the account does not have yet; an id the archive repeats is written once."""
        new: list[Sketch] = []
        for values in batch:
            if values["origin_id"] not in self.have:
                self.have.add(values["origin_id"])
                new.append(Sketch(user_id=self.user_id, **values))
        await self.uow.sketches.add_all(new)
        return Restored(created=len(new), skipped=len(batch) - len(new))
