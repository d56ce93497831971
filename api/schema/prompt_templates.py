from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Info
from api.ids import encode_id
from api.schema.common import Node, UserError
from domain.common.pagination import SortDirection
from domain.prompt_templates.entities import PromptTemplate as TemplateEntity
from domain.prompt_templates.entities import TemplateOrderField
from domain.prompt_templates.service import PromptTemplateService

strawberry.enum(TemplateOrderField, name="PromptTemplateOrderField")


@strawberry.type(description="Instructions that drive one AI action: [INSTRUCTION] pre … [FORMAT] post.")
class PromptTemplate(Node):
    type_name: ClassVar[str] = "PromptTemplate"
    category: str
    action: str
    pre_condition: str
    post_condition: str
    description: str | None
    version: str
    model: str | None
    temperature: float | None
    max_tokens: int | None
    active: bool
    is_default: bool = strawberry.field(description="Ships with aiproxy, so it can be reset.")
    is_modified: bool = strawberry.field(description="The user has changed it (or added it).")
    updated_at: datetime | None

    @classmethod
    def from_entity(cls, t: TemplateEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("PromptTemplate", t.key)),
            category=t.category,
            action=t.action,
            pre_condition=t.pre_condition,
            post_condition=t.post_condition,
            description=t.description,
            version=t.version,
            model=t.model,
            temperature=t.temperature,
            max_tokens=t.max_tokens,
            active=t.active,
            is_default=t.is_default,
            is_modified=t.is_modified,
            updated_at=t.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        """Keyed "category/action": the viewer's version of that template."""
        viewer_id = await info.context.viewer_id()
        category, _, action = key.partition("/")
        template = await info.context.read(PromptTemplateService, lambda s: s.get(viewer_id, category, action))
        return cls.from_entity(template) if template else None


@strawberry.input
class PromptTemplateFilter:
    category: str | None = None
    active_only: bool = True


@strawberry.input(description="The order of prompt templates.")
class PromptTemplateOrder:
    field: TemplateOrderField = strawberry.field(
        default=TemplateOrderField.KEY, description="KEY (the default): by category, then action."
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class PromptTemplateCreateInput:
    category: str
    action: str
    pre_condition: str
    post_condition: str
    description: str | None = strawberry.UNSET
    model: str | None = strawberry.UNSET
    temperature: float | None = strawberry.UNSET
    max_tokens: int | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input(description="Fields left out stay as they are. Every update raises the version by 0.1.")
class PromptTemplateUpdateInput:
    category: str
    action: str
    pre_condition: str | None = strawberry.UNSET
    post_condition: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    model: str | None = strawberry.UNSET
    temperature: float | None = strawberry.UNSET
    max_tokens: int | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input
class PromptTemplateKeyInput:
    category: str
    action: str


@strawberry.type
class PromptTemplatePayload:
    prompt_template: PromptTemplate | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PromptTemplateDeletePayload:
    prompt_template: PromptTemplate | None = strawberry.field(
        default=None, description="The template, now inactive: delete deactivates, it does not erase."
    )
    message: str | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
