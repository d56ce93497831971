from __future__ import annotations

import strawberry

from api.context import Info
from api.ids import decode_uuid
from api.resolvers.common import mutate
from api.schema.common import Connection, page_request, provided, sql_connection
from api.schema.sketches import (
    Sketch,
    SketchCreateInput,
    SketchDeletePayload,
    SketchFilter,
    SketchIdInput,
    SketchOrder,
    SketchPayload,
    SketchUpdateInput,
)
from domain.common.errors import not_found
from domain.sketches.entities import SketchFilter as DomainFilter
from domain.sketches.entities import SketchWorkflow
from domain.sketches.service import SketchService


def sketch_id(global_id: str):  # type: ignore[no-untyped-def]
    """The sketch's uuid; an id that is malformed or of another type is simply not found."""
    value = decode_uuid(global_id, "Sketch")
    if value is None:
        raise not_found("Sketch", "input", "id")
    return value


def _filter(value: SketchFilter | None) -> DomainFilter:
    if value is None:
        return DomainFilter()
    return DomainFilter(
        search=value.search,
        workflows=tuple(SketchWorkflow(w.value) for w in value.workflow) if value.workflow else None,
        tags=tuple(value.tags or ()),
    )


@strawberry.type
class SketchQuery:
    @strawberry.field(description="The viewer's sketches; archived ones only when the filter asks for them.")
    async def sketches(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SketchFilter | None = None,
        order_by: SketchOrder | None = None,
    ) -> Connection[Sketch]:
        viewer_id = await info.context.viewer_id()
        order = order_by or SketchOrder()
        request = page_request(first, after, last, before)
        domain_filter = _filter(filter)
        return await sql_connection(
            info.context.uow,
            lambda uow: uow.sketches.page(viewer_id, domain_filter, order.field, order.direction, request),
            lambda uow: uow.sketches.count(viewer_id, domain_filter),
            Sketch.from_entity,
        )


@strawberry.type
class SketchMutation:
    @strawberry.mutation
    async def sketch_create(self, info: Info, input: SketchCreateInput) -> SketchPayload:
        sketch, errors = await mutate(
            info, lambda uow, viewer: SketchService(uow.sketches).create(viewer.id, provided(input))
        )
        return SketchPayload(sketch=Sketch.from_entity(sketch) if sketch else None, user_errors=errors)

    @strawberry.mutation(description="Change a sketch. Fields left out stay; an explicit null clears a field.")
    async def sketch_update(self, info: Info, input: SketchUpdateInput) -> SketchPayload:
        changes = provided(input)
        changes.pop("id")
        sketch, errors = await mutate(
            info, lambda uow, viewer: SketchService(uow.sketches).update(viewer.id, sketch_id(input.id), changes)
        )
        return SketchPayload(sketch=Sketch.from_entity(sketch) if sketch else None, user_errors=errors)

    @strawberry.mutation
    async def sketch_delete(self, info: Info, input: SketchIdInput) -> SketchDeletePayload:
        sketch, errors = await mutate(
            info, lambda uow, viewer: SketchService(uow.sketches).delete(viewer.id, sketch_id(input.id))
        )
        return SketchDeletePayload(deleted_sketch_id=input.id if sketch else None, user_errors=errors)

    @strawberry.mutation(description="Copy a sketch as a new draft titled '<title> (copy)'.")
    async def sketch_duplicate(self, info: Info, input: SketchIdInput) -> SketchPayload:
        sketch, errors = await mutate(
            info, lambda uow, viewer: SketchService(uow.sketches).duplicate(viewer.id, sketch_id(input.id))
        )
        return SketchPayload(sketch=Sketch.from_entity(sketch) if sketch else None, user_errors=errors)
