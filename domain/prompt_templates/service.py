"""Prompt templates: shipped defaults, overlaid by each user's own edits and additions."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.pagination import SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_text
from domain.prompt_templates.defaults import DEFAULTS_BY_KEY, DefaultTemplate
from domain.prompt_templates.entities import PromptTemplate, TemplateFilter, TemplateOrderField, TemplateOverride
from domain.prompt_templates.ports import TemplateOverrideRepository

KEY_MAX = 50
MODEL_MAX = 100
VERSION_MAX = 10  # the API never sets a version (it bumps it); an imported one must fit its column
TEXT_MAX = 20_000
MAX_TOKENS_LIMIT = 128_000
_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


@dataclass(frozen=True)
class TemplateFields:
    """The editable fields of a template. UNSET: leave as it is; None: clear (where allowed)."""

    pre_condition: str | None | Unset = UNSET
    post_condition: str | None | Unset = UNSET
    description: str | None | Unset = UNSET
    model: str | None | Unset = UNSET
    temperature: float | None | Unset = UNSET
    max_tokens: int | None | Unset = UNSET
    active: bool | None | Unset = UNSET


def bump_version(version: str | None) -> str:
    """1.0 → 1.1, 1.9 → 2.0; anything unreadable starts again at 1.0 (as the original did)."""
    try:
        value = Decimal(version or "")
    except InvalidOperation:
        return "1.0"
    if not value.is_finite() or value < 0:
        return "1.0"
    return f"{value.quantize(Decimal('0.1')) + Decimal('0.1'):.1f}"


TEMPLATE_FIELDS = (
    "category",
    "action",
    "pre_condition",
    "post_condition",
    "description",
    "version",
    "model",
    "temperature",
    "max_tokens",
)


def template_order_key(order_by: TemplateOrderField) -> Callable[[PromptTemplate], tuple[str, ...]]:
    """A template's place in an ordering, as the strings a cursor keeps: the sort value, then its unique key."""
    if order_by is TemplateOrderField.UPDATED_AT:
        # Never edited (a shipped default as it ships): "", before every edit.
        return lambda t: (t.updated_at.isoformat(timespec="microseconds") if t.updated_at else "", t.category, t.action)
    return lambda t: (t.category, t.action)


def _from_default(d: DefaultTemplate) -> PromptTemplate:
    values = {name: getattr(d, name) for name in TEMPLATE_FIELDS}
    return PromptTemplate(**values, active=True, is_default=True, is_modified=False, updated_at=None)


def _from_override(o: TemplateOverride) -> PromptTemplate:
    values = {name: getattr(o, name) for name in TEMPLATE_FIELDS}
    is_default = (o.category, o.action) in DEFAULTS_BY_KEY
    return PromptTemplate(**values, active=o.active, is_default=is_default, is_modified=True, updated_at=o.updated_at)


def check_template_values(values: dict[str, Any], checks: Checks) -> None:
    """The rules for a template's fields (also applied to imported templates)."""
    for name, label in (("pre_condition", "Pre-condition"), ("post_condition", "Post-condition")):
        if name in values:
            if values[name] is None:
                checks.required(name, None, label)
            checks.max_length(name, values[name], TEXT_MAX, label)
    checks.max_length("description", values.get("description"), TEXT_MAX, "Description")
    checks.max_length("model", values.get("model"), MODEL_MAX, "Model")
    checks.between("temperature", values.get("temperature"), 0, 2, "Temperature")
    checks.between("max_tokens", values.get("max_tokens"), 1, MAX_TOKENS_LIMIT, "Max tokens")
    if "active" in values and values["active"] is None:
        checks.required("active", None, "Active")
    checks.max_length("version", values.get("version"), VERSION_MAX, "Version")


def check_template_key(category: str | None, action: str | None, checks: Checks) -> None:
    """The rules for a template's category and action (also applied to imported templates)."""
    for name, value in (("category", category), ("action", action)):
        if checks.required(name, value, name.title()):
            assert value is not None
            checks.max_length(name, value, KEY_MAX, name.title())
            if not _KEY.match(value):
                checks.add(name, ErrorCode.INVALID, f"{name.title()} may use lowercase letters, digits, - and _.")


def _check(values: dict[str, Any]) -> None:
    checks = Checks()
    check_template_values(values, checks)
    checks.raise_if_any()


def _clean(fields: TemplateFields) -> dict[str, Any]:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in given(fields).items()}


@dataclass
class PromptTemplateService:
    overrides: TemplateOverrideRepository

    async def list(
        self,
        user_id: uuid.UUID,
        filter: TemplateFilter,
        order_by: TemplateOrderField = TemplateOrderField.KEY,
        direction: SortDirection = SortDirection.ASC,
    ) -> list[PromptTemplate]:
        """Ordered by `template_order_key(order_by)`: the list `page_in_memory` pages."""
        merged = {key: _from_default(d) for key, d in DEFAULTS_BY_KEY.items()}
        for override in await self.overrides.list(user_id):
            merged[(override.category, override.action)] = _from_override(override)
        items = [
            t
            for t in merged.values()
            if (filter.category is None or t.category == filter.category) and (t.active or not filter.active_only)
        ]
        return sorted(items, key=template_order_key(order_by), reverse=direction is SortDirection.DESC)

    async def get(self, user_id: uuid.UUID, category: str, action: str) -> PromptTemplate | None:
        override = await self.overrides.get_by_key(user_id, category, action)
        if override is not None:
            return _from_override(override)
        default = DEFAULTS_BY_KEY.get((category, action))
        return _from_default(default) if default else None

    async def create(self, user_id: uuid.UUID, category: str, action: str, fields: TemplateFields) -> PromptTemplate:
        values = _clean(fields)
        category, action = clean_text(category) or "", clean_text(action) or ""
        checks = Checks()
        check_template_key(category, action, checks)
        for name in ("pre_condition", "post_condition"):
            values.setdefault(name, None)
        checks.raise_if_any()
        _check(values)
        if (category, action) in DEFAULTS_BY_KEY or await self.overrides.get_by_key(user_id, category, action):
            raise DomainError.single(ErrorCode.TAKEN, f"A template {category}/{action} already exists.", "action")
        now = utcnow()
        override = TemplateOverride(
            user_id=user_id, category=category, action=action, version="1.0", created_at=now, updated_at=now, **values
        )
        await self.overrides.add(override)
        return _from_override(override)

    async def update(self, user_id: uuid.UUID, category: str, action: str, changes: TemplateFields) -> PromptTemplate:
        values = _clean(changes)
        _check(values)
        override = await self._override_for_edit(user_id, category, action)
        for name, value in values.items():
            setattr(override, name, value)
        override.version = bump_version(override.version)
        override.updated_at = utcnow()
        return _from_override(override)

    async def deactivate(self, user_id: uuid.UUID, category: str, action: str) -> PromptTemplate:
        """Deleting a template deactivates it: it stays readable and can be switched back on."""
        override = await self._override_for_edit(user_id, category, action)
        override.active = False
        override.updated_at = utcnow()
        return _from_override(override)

    async def reset(self, user_id: uuid.UUID, category: str, action: str) -> PromptTemplate:
        default = DEFAULTS_BY_KEY.get((category, action))
        override = await self.overrides.get_by_key(user_id, category, action)
        if default is None:
            if override is None:
                raise not_found("Prompt template", "action")
            raise DomainError.single(
                ErrorCode.INVALID, "This template is your own and has no default to return to.", "action"
            )
        if override is not None:
            await self.overrides.delete(override)
        return _from_default(default)

    async def _override_for_edit(self, user_id: uuid.UUID, category: str, action: str) -> TemplateOverride:
        """The user's row, locked: a shipped default gets its override row on the first edit."""
        default = DEFAULTS_BY_KEY.get((category, action))
        if default is None:
            existing = await self.overrides.get_by_key(user_id, category, action)
            if existing is None:
                raise not_found("Prompt template", "action")
            initial = existing
        else:
            now = utcnow()
            values = {name: getattr(default, name) for name in TEMPLATE_FIELDS}
            initial = TemplateOverride(user_id=user_id, created_at=now, updated_at=now, **values)
        return await self.overrides.lock_for_edit(initial)
