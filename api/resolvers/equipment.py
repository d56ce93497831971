"""Equipment over GraphQL: decode the input, call EquipmentService, map the result. Nothing else."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.ids import node_uuid
from api.resolvers.common import mutate, viewer_list
from api.schema.common import Connection, command, page_request
from api.schema.equipment import (
    Equipment,
    EquipmentCreateInput,
    EquipmentDeletePayload,
    EquipmentDuplicateInput,
    EquipmentFilter,
    EquipmentIdInput,
    EquipmentOrder,
    EquipmentPayload,
    EquipmentUpdateInput,
)
from api.schema.part import SchemaPart
from domain.equipment import entities as domain
from domain.equipment.service import EquipmentFields, EquipmentService


def _filter(value: EquipmentFilter | None) -> domain.EquipmentFilter:
    if value is None:
        return domain.EquipmentFilter()
    return domain.EquipmentFilter(search=value.search, type=value.type, status=value.status)


def _equipment(item: domain.Equipment) -> EquipmentPayload:
    return EquipmentPayload(equipment=Equipment.from_entity(item))


@strawberry.type
class EquipmentQuery:
    @strawberry.field(
        description="The viewer's software and plugins, by default by name. Secrets are never in the list (see "
        "`Equipment.secrets`). 20 a page unless `first`/`last` say otherwise, at most 100."
    )
    async def equipment(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: EquipmentFilter | None = None,
        order_by: EquipmentOrder | None = None,
    ) -> Connection[Equipment]:
        request = page_request(first, after, last, before)
        return await viewer_list(
            info, EquipmentService, _filter(filter), order_by or EquipmentOrder(), request, Equipment.from_entity
        )


@strawberry.type
class EquipmentMutation:
    @strawberry.mutation(description="Add a piece of software or a plugin; its secrets are encrypted at rest.")
    async def equipment_create(self, info: Info, input: EquipmentCreateInput) -> EquipmentPayload:
        return await mutate(
            info,
            EquipmentPayload,
            lambda s, viewer: s.get(EquipmentService).create(viewer.id, command(EquipmentFields, input)),
            _equipment,
        )

    @strawberry.mutation(
        description="Change an item. Fields left out stay; an explicit null clears a field, a secret too."
    )
    async def equipment_update(self, info: Info, input: EquipmentUpdateInput) -> EquipmentPayload:
        return await mutate(
            info,
            EquipmentPayload,
            lambda s, viewer: s.get(EquipmentService).update(
                viewer.id, node_uuid(input.id, "Equipment", "id"), command(EquipmentFields, input, exclude=("id",))
            ),
            _equipment,
        )

    @strawberry.mutation
    async def equipment_delete(self, info: Info, input: EquipmentIdInput) -> EquipmentDeletePayload:
        return await mutate(
            info,
            EquipmentDeletePayload,
            lambda s, viewer: s.get(EquipmentService).delete(viewer.id, node_uuid(input.id, "Equipment", "id")),
            lambda _: EquipmentDeletePayload(deleted_equipment_id=input.id),
        )

    @strawberry.mutation(
        description="Copy an item as a new ACTIVE one: its type, software and plugin tags, manufacturer, URL, "
        "username and password. Version, description, the licence (management, key, description), price, purchase "
        "date and system requirements start empty."
    )
    async def equipment_duplicate(self, info: Info, input: EquipmentDuplicateInput) -> EquipmentPayload:
        return await mutate(
            info,
            EquipmentPayload,
            lambda s, viewer: s.get(EquipmentService).duplicate(
                viewer.id, node_uuid(input.id, "Equipment", "id"), input.name
            ),
            _equipment,
        )


schema = SchemaPart(query=EquipmentQuery, mutation=EquipmentMutation, types=(Equipment,))
