"""Sketches over GraphQL: decode the input, call SketchService, map the result. Nothing else."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.ids import node_uuid
from api.resolvers.common import mutate, viewer_list
from api.schema.common import Connection, command, page_request
from api.schema.part import SchemaPart
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
from domain.sketches import entities as domain
from domain.sketches.service import SketchFields, SketchService


def _filter(value: SketchFilter | None) -> domain.SketchFilter:
    if value is None:
        return domain.SketchFilter()
    return domain.SketchFilter(
        search=value.search,
        workflows=tuple(value.workflow) if value.workflow else None,
        tags=tuple(value.tags or ()),
    )


def _sketch(sketch: domain.Sketch) -> SketchPayload:
    return SketchPayload(sketch=Sketch.from_entity(sketch))


@strawberry.type
class SketchQuery:
    @strawberry.field(
        description="The viewer's sketches, by default newest first; archived ones only when the filter asks for them. "
        "20 a page unless `first`/`last` say otherwise, at most 100."
    )
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
        request = page_request(first, after, last, before)
        return await viewer_list(
            info, SketchService, _filter(filter), order_by or SketchOrder(), request, Sketch.from_entity
        )


@strawberry.type
class SketchMutation:
    @strawberry.mutation
    async def sketch_create(self, info: Info, input: SketchCreateInput) -> SketchPayload:
        return await mutate(
            info,
            SketchPayload,
            lambda s, viewer: s.get(SketchService).create(viewer.id, command(SketchFields, input)),
            _sketch,
        )

    @strawberry.mutation(description="Change a sketch. Fields left out stay; an explicit null clears a field.")
    async def sketch_update(self, info: Info, input: SketchUpdateInput) -> SketchPayload:
        return await mutate(
            info,
            SketchPayload,
            lambda s, viewer: s.get(SketchService).update(
                viewer.id, node_uuid(input.id, "Sketch", "id"), command(SketchFields, input, exclude=("id",))
            ),
            _sketch,
        )

    @strawberry.mutation
    async def sketch_delete(self, info: Info, input: SketchIdInput) -> SketchDeletePayload:
        return await mutate(
            info,
            SketchDeletePayload,
            lambda s, viewer: s.get(SketchService).delete(viewer.id, node_uuid(input.id, "Sketch", "id")),
            lambda _: SketchDeletePayload(deleted_sketch_id=input.id),
        )

    @strawberry.mutation(description="Copy a sketch as a new draft titled '<title> (copy)'.")
    async def sketch_duplicate(self, info: Info, input: SketchIdInput) -> SketchPayload:
        return await mutate(
            info,
            SketchPayload,
            lambda s, viewer: s.get(SketchService).duplicate(viewer.id, node_uuid(input.id, "Sketch", "id")),
            _sketch,
        )


schema = SchemaPart(query=SketchQuery, mutation=SketchMutation, types=(Sketch,))
