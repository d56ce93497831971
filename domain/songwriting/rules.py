"""Lyric parsing rules per user: the shipped rules (rule_defaults.py) overlaid by each user's changes, and the
user's own rules — the way prompt templates overlay theirs. An edit of a shipped rule copies it into the user's
row first; `reset` returns it to what ships; the order is the user's (`reorder`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_text
from domain.songwriting.entities import LyricRule, LyricRuleRow, RuleFilter, RuleKind
from domain.songwriting.patterns import check_pattern, check_replacement
from domain.songwriting.ports import LyricRuleRepository
from domain.songwriting.rule_defaults import DEFAULT_RULES, DEFAULT_RULES_BY_KEY, SHIPPED_POSITION, DefaultRule

NAME_MAX = 100
DESCRIPTION_MAX = 1000
OWN_RULES_MAX = 89  # with the 11 shipped: 100, one reorder (a list holds at most 100) and one page
REORDER_MAX = OWN_RULES_MAX + len(DEFAULT_RULES)
CONTENT = ("name", "description", "pattern", "replacement", "kind")


@dataclass(frozen=True)
class RuleFields:
    """A rule's editable fields. UNSET: leave as it is (or the default, on create); None: clear (description)."""

    name: str | None | Unset = UNSET
    description: str | None | Unset = UNSET
    pattern: str | None | Unset = UNSET
    replacement: str | None | Unset = UNSET
    kind: RuleKind | None | Unset = UNSET
    active: bool | None | Unset = UNSET


def check_rule_values(values: dict[str, Any], checks: Checks) -> None:
    """The rules for a rule's given fields (the importer applies them too). Pattern and replacement are taken
    exactly as given: no trimming, so they round-trip byte for byte."""
    if "name" in values and checks.required("name", values["name"], "Name"):
        checks.max_length("name", values["name"], NAME_MAX, "Name")
    checks.max_length("description", values.get("description"), DESCRIPTION_MAX, "Description")
    pattern = None
    if "pattern" in values:
        value = values["pattern"]
        pattern = check_pattern(value if value is None or value.strip() else None, checks)
    if "replacement" in values:
        check_replacement(values["replacement"], pattern, checks)
    for name, label in (("kind", "Kind"), ("active", "Active")):
        if name in values and values[name] is None:
            checks.required(name, None, label)


def _cleaned(fields: RuleFields) -> dict[str, Any]:
    return {k: clean_text(v) if k in ("name", "description") else v for k, v in given(fields).items()}


def _rule(key: str, position: int, default: DefaultRule | None, row: LyricRuleRow | None) -> LyricRule:
    source: Any = row if row is not None and row.edited else default
    assert source is not None  # an own rule's row always holds its content
    active = row.active if row is not None and row.active is not None else True
    if default is None:
        modified = True  # the user's own, like an own prompt template
    else:
        edited = row is not None and row.edited and any(getattr(row, n) != getattr(default, n) for n in CONTENT)
        modified = edited or not active
    return LyricRule(
        key=key,
        name=source.name,
        description=source.description,
        pattern=source.pattern,
        replacement=source.replacement,
        kind=source.kind,
        active=active,
        position=position,
        is_default=default is not None,
        is_modified=modified,
        updated_at=row.updated_at if row is not None else None,
    )


def merged(rows: Sequence[LyricRuleRow]) -> list[LyricRule]:
    """Every rule of the user in their order: by place (a shipped rule's shipped place unless moved; an own rule
    after every placed rule), then shipped order, then creation."""
    by_default = {row.default_key: row for row in rows if row.default_key is not None}
    entries: list[tuple[tuple[int, int, str, str], str, DefaultRule | None, LyricRuleRow | None]] = []
    for default in DEFAULT_RULES:
        row = by_default.get(default.key)
        place = row.position if row is not None and row.position is not None else SHIPPED_POSITION[default.key]
        entries.append(((place, SHIPPED_POSITION[default.key], "", default.key), default.key, default, row))
    for row in rows:
        if row.default_key is None:
            place = row.position if row.position is not None else 1_000_000
            entries.append(
                ((place, len(DEFAULT_RULES), row.created_at.isoformat(), str(row.id)), str(row.id), None, row)
            )
        elif row.default_key not in DEFAULT_RULES_BY_KEY:
            continue  # a shipped rule a later release dropped: nothing to overlay any more
    entries.sort(key=lambda e: e[0])
    return [_rule(key, n, default, row) for n, (_, key, default, row) in enumerate(entries)]


def own_rule_id(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


@dataclass
class LyricRuleService:
    rows: LyricRuleRepository

    async def rules(self, user_id: uuid.UUID, filter: RuleFilter = RuleFilter()) -> list[LyricRule]:
        return [
            rule
            for rule in merged(await self.rows.all_of(user_id))
            if (filter.kind is None or rule.kind is filter.kind) and (rule.active or not filter.active_only)
        ]

    async def get(self, user_id: uuid.UUID, key: str) -> LyricRule | None:
        return next((rule for rule in await self.rules(user_id) if rule.key == key), None)

    async def for_cleanup(self, user_id: uuid.UUID, keys: Sequence[str] | None) -> list[LyricRule]:
        """The rules a cleanup applies, in the user's order: the active CLEANUP rules, or exactly those named
        (of any kind, active or not); a key the user has no rule for is NOT_FOUND on `rule_ids`."""
        rules = await self.rules(user_id)
        if keys is None:
            return [rule for rule in rules if rule.active and rule.kind is RuleKind.CLEANUP]
        known = {rule.key for rule in rules}
        for n, key in enumerate(keys):
            if key not in known:
                raise not_found("Lyric rule", "rule_ids", str(n))
        wanted = set(keys)
        return [rule for rule in rules if rule.key in wanted]

    async def create(self, user_id: uuid.UUID, fields: RuleFields) -> LyricRule:
        values = _cleaned(fields)
        values.setdefault("name", None)
        values.setdefault("pattern", None)
        values.setdefault("replacement", "")
        if values.get("kind", UNSET) in (UNSET, None):
            values["kind"] = RuleKind.CLEANUP
        if values.get("active", UNSET) in (UNSET, None):
            values["active"] = True
        checks = Checks()
        check_rule_values(values, checks)
        checks.raise_if_any()
        current = await self.rows.all_of(user_id)
        if sum(row.default_key is None for row in current) >= OWN_RULES_MAX:
            raise DomainError.on_input(ErrorCode.INVALID, f"You have {OWN_RULES_MAX} rules of your own, the most.")
        self._check_name_free(merged(current), values["name"], None)
        now = utcnow()
        row = LyricRuleRow(user_id=user_id, created_at=now, updated_at=now, **values)
        await self.rows.add(row)
        return await self._read(user_id, str(row.id))

    async def update(self, user_id: uuid.UUID, key: str, changes: RuleFields) -> LyricRule:
        values = _cleaned(changes)
        row = await self._row_for_edit(user_id, key)
        default = DEFAULT_RULES_BY_KEY.get(row.default_key) if row.default_key else None
        content = {name: v for name, v in values.items() if name in CONTENT}
        if content and default is not None and not row.edited:
            for name in CONTENT:  # the first edit of a shipped rule copies it, as prompt templates do
                setattr(row, name, getattr(default, name))
        if "pattern" in content and "replacement" not in content:
            content["replacement"] = row.replacement  # its group references are checked against the new pattern
        elif "replacement" in content and "pattern" not in content:
            content["pattern"] = row.pattern
        checks = Checks()
        check_rule_values({**content, **({"active": values["active"]} if "active" in values else {})}, checks)
        checks.raise_if_any()
        if "name" in content:
            self._check_name_free(merged(await self.rows.all_of(user_id)), content["name"], key)
        for name, value in content.items():
            setattr(row, name, value)
        if "active" in values:
            row.active = values["active"]
        row.updated_at = utcnow()
        return await self._read(user_id, key)

    async def reset(self, user_id: uuid.UUID, key: str) -> LyricRule:
        """A shipped rule as it ships again (its text and active), keeping its place in the user's order."""
        if key not in DEFAULT_RULES_BY_KEY:
            if own_rule_id(key) is not None and await self.get(user_id, key) is not None:
                raise DomainError.single(
                    ErrorCode.INVALID, "This rule is your own and has no default to return to.", "id"
                )
            raise not_found("Lyric rule", "id")
        row = await self._row_for_edit(user_id, key)
        for name in (*CONTENT, "active"):
            setattr(row, name, None)
        row.updated_at = utcnow()
        if row.position is None:
            await self.rows.delete(row)
        return await self._read(user_id, key)

    async def delete(self, user_id: uuid.UUID, key: str) -> LyricRule:
        rule = await self.get(user_id, key)
        if rule is None:
            raise not_found("Lyric rule", "id")
        if rule.is_default:
            raise DomainError.single(
                ErrorCode.INVALID,
                "A shipped rule cannot be deleted: switch it off (active: false) or reset it.",
                "id",
            )
        row = await self._row_for_edit(user_id, key)
        await self.rows.delete(row)
        return rule

    async def reorder(self, user_id: uuid.UUID, keys: Sequence[str]) -> list[LyricRule]:
        """The named rules first, in the order given, then every other in its current order; each keeps that
        place from now on."""
        if not keys:
            raise DomainError.single(ErrorCode.REQUIRED, "Name at least one rule.", "ids")
        if len(set(keys)) != len(keys):
            raise DomainError.single(ErrorCode.INVALID, "A rule is named twice.", "ids")
        rows = await self.rows.lock_all(user_id, [rule.key for rule in DEFAULT_RULES])
        current = merged(rows)
        known = {rule.key for rule in current}
        for n, key in enumerate(keys):
            if key not in known:
                raise not_found("Lyric rule", "ids", str(n))
        order = [*keys, *(rule.key for rule in current if rule.key not in set(keys))]
        by_key = {row.default_key or str(row.id): row for row in rows}
        now = utcnow()
        for position, key in enumerate(order):
            row = by_key[key]
            if row.position != position:
                row.position, row.updated_at = position, now
        return merged(rows)

    @staticmethod
    def _check_name_free(rules: Sequence[LyricRule], name: str | None, key: str | None) -> None:
        if name and any(rule.name.casefold() == name.casefold() and rule.key != key for rule in rules):
            raise DomainError.single(ErrorCode.TAKEN, f"You already have a rule named {name!r}.", "name")

    async def _row_for_edit(self, user_id: uuid.UUID, key: str) -> LyricRuleRow:
        """The user's row of the rule, locked: a shipped rule gets its row on the first change."""
        now = utcnow()
        if key in DEFAULT_RULES_BY_KEY:
            return await self.rows.lock_for_edit(
                LyricRuleRow(user_id=user_id, created_at=now, updated_at=now, default_key=key)
            )
        own = own_rule_id(key)
        rows = await self.rows.all_of(user_id) if own is not None else []
        found = next((row for row in rows if row.id == own and row.default_key is None), None)
        if found is None:
            raise not_found("Lyric rule", "id")
        return await self.rows.lock_for_edit(found)

    async def _read(self, user_id: uuid.UUID, key: str) -> LyricRule:
        rule = await self.get(user_id, key)
        assert rule is not None  # the caller has just written it
        return rule
