"""Prompt templates in the export archive: `prompt_templates.json`, one item per template the user has edited
or made (see domain/data_transfer/sections.py). Restored in place by (category, action): a template already as
the archive has it is skipped, one that differs takes the archive's fields."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.validation import clean_text
from domain.data_transfer import items
from domain.data_transfer.sections import Item, Restored
from domain.prompt_templates import service as rules
from domain.prompt_templates.entities import TemplateOverride
from domain.prompt_templates.ports import PromptTemplatesUnitOfWork

FIELDS = (*rules.TEMPLATE_FIELDS, "active")
_TEXT = ("pre_condition", "post_condition", "description", "model")


def template_item(override: TemplateOverride) -> Item:
    return {name: getattr(override, name) for name in FIELDS}


class PromptTemplatesArchive:
    name = "prompt_templates"
    label = "prompt templates"
    version = 1
    item_max = 1_000

    async def export(self, uow: PromptTemplatesUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        # A user has at most a few hundred: one batch.
        yield [template_item(override) for override in await uow.prompt_templates.list(user_id)]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """The template's category, action, editable fields and version."""
        where = f"Prompt template {n}"
        item = items.json_object(item, set(FIELDS), where)
        category, action = (
            clean_text(items.text(item, "category", where)),
            clean_text(items.text(item, "action", where)),
        )
        items.checked(where, {}, lambda _, checks: rules.check_template_key(category, action, checks))
        where = f"Prompt template {n} ({category}/{action})"
        fields: dict[str, Any] = {name: items.text(item, name, where) for name in _TEXT}
        fields.update(
            temperature=items.number(item, "temperature", where),
            max_tokens=items.whole_number(item, "max_tokens", where),
            active=items.flag(item, "active", where, default=True),
            version=items.text(item, "version", where),
        )
        values = {name: clean_text(value) if isinstance(value, str) else value for name, value in fields.items()}
        values["version"] = values["version"] or "1.0"
        items.checked(where, values, rules.check_template_values)
        return {"category": category, "action": action, **values}

    def restorer(self, uow: PromptTemplatesUnitOfWork, user_id: uuid.UUID) -> PromptTemplatesRestorer:
        return PromptTemplatesRestorer(uow, user_id)


@dataclass
class PromptTemplatesRestorer:
    uow: PromptTemplatesUnitOfWork
    user_id: uuid.UUID
    current: dict[tuple[str, str], TemplateOverride] | None = None  # the account's, read at the first batch

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        pass

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        uow, user_id = self.uow, self.user_id
        if self.current is None:
            self.current = {(o.category, o.action): o for o in await uow.prompt_templates.list(user_id)}
        current = self.current
        changed = 0
        for item in batch:
            key = (item["category"], item["action"])
            values = {k: v for k, v in item.items() if k not in ("category", "action")}
            override = current.get(key)
            now = utcnow()
            if override is None:
                override = TemplateOverride(
                    user_id=user_id, category=key[0], action=key[1], created_at=now, updated_at=now, **values
                )
                await uow.prompt_templates.add(override)
                current[key] = override
                changed += 1
            elif any(getattr(override, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(override, k, v)
                override.updated_at = now
                changed += 1
        return Restored(created=changed, skipped=len(batch) - changed)
