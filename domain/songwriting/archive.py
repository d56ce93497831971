"""Songwriting in the export archive (see domain/data_transfer/sections.py):

- `lyric_rules.json`: every rule row of the user — what they changed of a shipped rule (`default_key`, with
  null for what stays as shipped) and their own rules — restored in place: a shipped rule's row by its key, an own
  rule by its name; one already as the archive has it is skipped. A shipped rule this release does not have is
  skipped too.
- `lyric_architectures.json`: the user's architectures, restored in place by name; the archive's default becomes
  the account's only when the account has none.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.validation import clean_text
from domain.data_transfer import items
from domain.data_transfer.sections import ArchiveError, Item, Restored
from domain.songwriting.architectures import check_architecture_values
from domain.songwriting.entities import LyricArchitecture, LyricRuleRow, RuleKind, SectionKind
from domain.songwriting.ports import SongwritingUnitOfWork
from domain.songwriting.rule_defaults import DEFAULT_RULES_BY_KEY
from domain.songwriting.rules import CONTENT, OWN_RULES_MAX, check_rule_values

RULE_FIELDS = ("default_key", *CONTENT, "active", "position")


def rule_item(row: LyricRuleRow) -> Item:
    return {name: getattr(row, name) for name in RULE_FIELDS}


class LyricRulesArchive:
    name = "lyric_rules"
    label = "lyric rules"
    version = 1
    item_max = OWN_RULES_MAX + 100

    async def export(self, uow: SongwritingUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        yield [rule_item(row) for row in await uow.lyric_rules.all_of(user_id)]  # at most a few hundred: one batch

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        where = f"Lyric rule {n}"
        item = items.json_object(item, set(RULE_FIELDS), where)
        default_key = items.text(item, "default_key", where)
        values: dict[str, Any] = {
            "name": clean_text(items.text(item, "name", where)),
            "description": clean_text(items.text(item, "description", where)),
            "pattern": items.text(item, "pattern", where),
            "replacement": items.text(item, "replacement", where),
            "kind": items.member_of(RuleKind, item, "kind", where) if item.get("kind") is not None else None,
        }
        where = f"Lyric rule {n} ({values['name'] or default_key})"
        shipped_as_is = default_key is not None and all(item.get(name) is None for name in CONTENT)
        if not shipped_as_is:
            items.checked(where, values, check_rule_values)
        active = item.get("active")
        if active is not None and not isinstance(active, bool):
            raise ArchiveError(f"{where}: active must be true or false, not {items.kind(active)}.")
        position = items.whole_number(item, "position", where)
        if position is not None and not 0 <= position <= 100_000:
            raise ArchiveError(f"{where}: position must be between 0 and 100000.")
        if shipped_as_is:
            values = dict.fromkeys(CONTENT)
        return {"default_key": default_key, **values, "active": active, "position": position}

    def restorer(self, uow: SongwritingUnitOfWork, user_id: uuid.UUID) -> LyricRulesRestorer:
        return LyricRulesRestorer(uow, user_id)


@dataclass
class LyricRulesRestorer:
    uow: SongwritingUnitOfWork
    user_id: uuid.UUID

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        pass

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        rows = await self.uow.lyric_rules.all_of(self.user_id)
        shipped = {row.default_key: row for row in rows if row.default_key is not None}
        own = {row.name.casefold(): row for row in rows if row.default_key is None and row.name}
        changed = 0
        for item in batch:
            key = item["default_key"]
            if key is not None and key not in DEFAULT_RULES_BY_KEY:
                continue
            values = {k: v for k, v in item.items() if k != "default_key"}
            row = shipped.get(key) if key is not None else own.get(str(item["name"]).casefold())
            if row is None:
                now = utcnow()
                row = LyricRuleRow(user_id=self.user_id, created_at=now, updated_at=now, default_key=key, **values)
                await self.uow.lyric_rules.add(row)
                (shipped if key is not None else own)[key or str(row.name).casefold()] = row
                changed += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.updated_at = utcnow()
                changed += 1
        return Restored(created=changed, skipped=len(batch) - changed)


ARCHITECTURE_FIELDS = ("name", "sections", "is_default")


class LyricArchitecturesArchive:
    name = "lyric_architectures"
    label = "lyric architectures"
    version = 1
    item_max = 1_000

    async def export(self, uow: SongwritingUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        yield [
            {"name": a.name, "sections": [k.value for k in a.sections], "is_default": a.is_default}
            for a in await uow.lyric_architectures.list_all(user_id)
        ]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        where = f"Lyric architecture {n}"
        item = items.json_object(item, set(ARCHITECTURE_FIELDS), where)
        name = clean_text(items.text(item, "name", where))
        where = f"Lyric architecture {n} ({name})"
        raw = items.text_list(item, "sections", where)
        if any(kind not in set(SectionKind) for kind in raw):
            raise ArchiveError(f"{where}: sections must each be one of {', '.join(SectionKind)}.")
        values = {"name": name, "sections": [SectionKind(kind) for kind in raw]}
        items.checked(where, values, check_architecture_values)
        return {**values, "is_default": items.flag(item, "is_default", where, default=False)}

    def restorer(self, uow: SongwritingUnitOfWork, user_id: uuid.UUID) -> LyricArchitecturesRestorer:
        return LyricArchitecturesRestorer(uow, user_id)


@dataclass
class LyricArchitecturesRestorer:
    uow: SongwritingUnitOfWork
    user_id: uuid.UUID

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        pass

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        current = {a.name.casefold(): a for a in await self.uow.lyric_architectures.list_all(self.user_id)}
        has_default = any(a.is_default for a in current.values())
        changed = 0
        for item in batch:
            found = current.get(item["name"].casefold())
            make_default = item["is_default"] and not has_default
            if found is None:
                now = utcnow()
                found = LyricArchitecture(
                    user_id=self.user_id, name=item["name"], sections=item["sections"], created_at=now, updated_at=now
                )
                await self.uow.lyric_architectures.add(found)
                current[item["name"].casefold()] = found
                changed += 1
            elif found.sections != item["sections"] or make_default:
                found.sections, found.updated_at = list(item["sections"]), utcnow()
                changed += 1
            if make_default:
                await self.uow.lyric_architectures.set_default(self.user_id, found.id)
                found.is_default = has_default = True
        return Restored(created=changed, skipped=len(batch) - changed)
