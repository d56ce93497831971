from __future__ import annotations

import strawberry

from api.context import Info
from api.resolvers.common import mutate
from api.schema.common import Connection, connection, page_request, provided
from api.schema.prompt_templates import (
    PromptTemplate,
    PromptTemplateCreateInput,
    PromptTemplateDeletePayload,
    PromptTemplateFilter,
    PromptTemplateKeyInput,
    PromptTemplatePayload,
    PromptTemplateUpdateInput,
)
from domain.common.pagination import page_in_memory
from domain.prompt_templates.entities import TemplateFilter
from domain.prompt_templates.service import PromptTemplateService


@strawberry.type
class PromptTemplateQuery:
    @strawberry.field(description="The viewer's templates: their own edits where they have them, else the defaults.")
    async def prompt_templates(
        self,
        info: Info,
        filter: PromptTemplateFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PromptTemplate]:
        viewer_id = await info.context.viewer_id()
        f = filter or PromptTemplateFilter()
        request = page_request(first, after, last, before)
        async with info.context.uow() as uow:
            items = await PromptTemplateService(uow.prompt_templates).list(
                viewer_id, TemplateFilter(category=f.category, active_only=f.active_only)
            )
        page = page_in_memory(items, lambda t: t.key, request)

        async def total() -> int:
            return len(items)

        return connection(page, PromptTemplate.from_entity, total)

    @strawberry.field
    async def prompt_template(self, info: Info, category: str, action: str) -> PromptTemplate | None:
        viewer_id = await info.context.viewer_id()
        async with info.context.uow() as uow:
            template = await PromptTemplateService(uow.prompt_templates).get(viewer_id, category, action)
        return PromptTemplate.from_entity(template) if template else None


def _payload(template, errors) -> PromptTemplatePayload:  # type: ignore[no-untyped-def]
    return PromptTemplatePayload(
        prompt_template=PromptTemplate.from_entity(template) if template else None, user_errors=errors
    )


@strawberry.type
class PromptTemplateMutation:
    @strawberry.mutation(description="Add a template of your own under a new (category, action).")
    async def prompt_template_create(self, info: Info, input: PromptTemplateCreateInput) -> PromptTemplatePayload:
        return _payload(
            *await mutate(
                info, lambda uow, viewer: PromptTemplateService(uow.prompt_templates).create(viewer.id, provided(input))
            )
        )

    @strawberry.mutation
    async def prompt_template_update(self, info: Info, input: PromptTemplateUpdateInput) -> PromptTemplatePayload:
        changes = provided(input)
        category, action = changes.pop("category"), changes.pop("action")
        return _payload(
            *await mutate(
                info,
                lambda uow, viewer: PromptTemplateService(uow.prompt_templates).update(
                    viewer.id, category, action, changes
                ),
            )
        )

    @strawberry.mutation(description="Drop your edits of a shipped template: it reads as the default again.")
    async def prompt_template_reset(self, info: Info, input: PromptTemplateKeyInput) -> PromptTemplatePayload:
        return _payload(
            *await mutate(
                info,
                lambda uow, viewer: PromptTemplateService(uow.prompt_templates).reset(
                    viewer.id, input.category, input.action
                ),
            )
        )

    @strawberry.mutation(description="Deactivate a template. It stays readable and can be re-activated by an update.")
    async def prompt_template_delete(self, info: Info, input: PromptTemplateKeyInput) -> PromptTemplateDeletePayload:
        template, errors = await mutate(
            info,
            lambda uow, viewer: PromptTemplateService(uow.prompt_templates).deactivate(
                viewer.id, input.category, input.action
            ),
        )
        if template is None:
            return PromptTemplateDeletePayload(user_errors=errors)
        return PromptTemplateDeletePayload(
            prompt_template=PromptTemplate.from_entity(template),
            message=f"Template {template.key} has been deactivated, not erased; "
            "update it with `active: true` to use it again.",
        )
