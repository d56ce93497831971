"""`node(id:)` and `nodes(ids:)`: any id the viewer owns resolves; anything else is null.

Each Node type resolves its own ids (`resolve_node`), relay-style: the type name inside the id picks the
GraphQL type, so a new area's types need no entry here."""

from __future__ import annotations

import asyncio

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_id
from api.schema.common import Node


async def resolve_global_id(info: Info, global_id: str) -> Node | None:
    decoded = decode_id(global_id)
    viewer = await info.context.viewer()
    if decoded is None or viewer is None:
        return None
    type_name, key = decoded
    definition = info.schema.get_type_by_name(type_name)
    node_type = getattr(definition, "origin", None)
    if not (isinstance(node_type, type) and issubclass(node_type, Node)) or node_type is Node:
        return None
    try:
        return await node_type.resolve_node(info, key)
    except ValueError:  # a key of the wrong shape (not a uuid): no such object
        return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Fetch any object by its global id; null unless the viewer owns it.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        await info.context.require_viewer()
        return await resolve_global_id(info, id)

    @strawberry.field(description="Like `node`, for up to 100 ids at once, in the order given.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        await info.context.require_viewer()
        if len(ids) > 100:
            raise ClientError("Ask for at most 100 ids at once.")
        return list(await asyncio.gather(*(resolve_global_id(info, i) for i in ids)))
