from __future__ import annotations

import strawberry

from api.context import Info
from api.resolvers.common import mutate
from api.schema.common import Connection, command, in_memory_connection, page_request
from api.schema.part import SchemaPart
from api.schema.prompt_templates import (
    PromptTemplate,
    PromptTemplateCreateInput,
    PromptTemplateDeletePayload,
    PromptTemplateFilter,
    PromptTemplateKeyInput,
    PromptTemplateOrder,
    PromptTemplatePayload,
    PromptTemplateUpdateInput,
)
from domain.common.pagination import page_in_memory
from domain.prompt_templates.entities import PromptTemplate as TemplateEntity
from domain.prompt_templates.entities import TemplateFilter
from domain.prompt_templates.service import PromptTemplateService, TemplateFields, template_order_key

KEY = ("category", "action")


def _template(template: TemplateEntity) -> PromptTemplatePayload:
    return PromptTemplatePayload(prompt_template=PromptTemplate.from_entity(template))


@strawberry.type
class PromptTemplateQuery:
    @strawberry.field(
        description="The viewer's templates: their own edits where they have them, else the defaults; by default "
        "by category and action. 20 a page unless `first`/`last` say otherwise, at most 100."
    )
    async def prompt_templates(
        self,
        info: Info,
        filter: PromptTemplateFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: PromptTemplateOrder | None = None,
    ) -> Connection[PromptTemplate]:
        viewer_id = await info.context.viewer_id()
        f = filter or PromptTemplateFilter()
        order = order_by or PromptTemplateOrder()
        request = page_request(first, after, last, before)
        wanted = TemplateFilter(category=f.category, active_only=f.active_only)
        items = await info.context.read(
            PromptTemplateService, lambda s: s.list(viewer_id, wanted, order.field, order.direction)
        )
        page = page_in_memory(items, template_order_key(order.field), request, order.direction)
        return in_memory_connection(items, PromptTemplate.from_entity, page)

    @strawberry.field
    async def prompt_template(self, info: Info, category: str, action: str) -> PromptTemplate | None:
        viewer_id = await info.context.viewer_id()
        template = await info.context.read(PromptTemplateService, lambda s: s.get(viewer_id, category, action))
        return PromptTemplate.from_entity(template) if template else None


@strawberry.type
class PromptTemplateMutation:
    @strawberry.mutation(description="Add a template of your own under a new (category, action).")
    async def prompt_template_create(self, info: Info, input: PromptTemplateCreateInput) -> PromptTemplatePayload:
        return await mutate(
            info,
            PromptTemplatePayload,
            lambda s, viewer: s.get(PromptTemplateService).create(
                viewer.id, input.category, input.action, command(TemplateFields, input, exclude=KEY)
            ),
            _template,
        )

    @strawberry.mutation
    async def prompt_template_update(self, info: Info, input: PromptTemplateUpdateInput) -> PromptTemplatePayload:
        return await mutate(
            info,
            PromptTemplatePayload,
            lambda s, viewer: s.get(PromptTemplateService).update(
                viewer.id, input.category, input.action, command(TemplateFields, input, exclude=KEY)
            ),
            _template,
        )

    @strawberry.mutation(description="Drop your edits of a shipped template: it reads as the default again.")
    async def prompt_template_reset(self, info: Info, input: PromptTemplateKeyInput) -> PromptTemplatePayload:
        return await mutate(
            info,
            PromptTemplatePayload,
            lambda s, viewer: s.get(PromptTemplateService).reset(viewer.id, input.category, input.action),
            _template,
        )

    @strawberry.mutation(description="Deactivate a template. It stays readable and can be re-activated by an update.")
    async def prompt_template_delete(self, info: Info, input: PromptTemplateKeyInput) -> PromptTemplateDeletePayload:
        return await mutate(
            info,
            PromptTemplateDeletePayload,
            lambda s, viewer: s.get(PromptTemplateService).deactivate(viewer.id, input.category, input.action),
            lambda template: PromptTemplateDeletePayload(
                prompt_template=PromptTemplate.from_entity(template),
                message=f"Template {template.key} has been deactivated, not erased; "
                "update it with `active: true` to use it again.",
            ),
        )


schema = SchemaPart(query=PromptTemplateQuery, mutation=PromptTemplateMutation, types=(PromptTemplate,))
