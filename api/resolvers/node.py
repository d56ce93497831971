"""`node(id:)` and `nodes(ids:)`: any id the viewer owns resolves; anything else is null."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import strawberry

from api.context import Info
from api.ids import decode_id
from api.schema.accounts import User
from api.schema.chat import Conversation, Generation, Message
from api.schema.common import Node
from api.schema.jobs import Job
from api.schema.prompt_templates import PromptTemplate
from api.schema.sketches import Sketch
from domain.prompt_templates.service import PromptTemplateService

# Node types fetched by id through the viewer's owned loaders: type → (loader, GraphQL type).
OWNED: dict[str, tuple[str, Any]] = {
    "Sketch": ("sketch", Sketch),
    "Job": ("job", Job),
    "Conversation": ("conversation", Conversation),
    "Message": ("message", Message),
    "Generation": ("generation", Generation),
}


async def _resolve(info: Info, global_id: str) -> Any:
    decoded = decode_id(global_id)
    viewer = await info.context.viewer()
    if decoded is None or viewer is None:
        return None
    type_name, key = decoded
    if type_name == "PromptTemplate":
        category, _, action = key.partition("/")
        async with info.context.uow() as uow:
            template = await PromptTemplateService(uow.prompt_templates).get(viewer.id, category, action)
        return PromptTemplate.from_entity(template) if template else None
    try:
        ident = uuid.UUID(key)
    except ValueError:
        return None
    if type_name == "User":
        return User.from_entity(viewer) if ident == viewer.id else None
    if type_name in OWNED:
        loader, node_type = OWNED[type_name]
        row = await getattr(info.context.loaders, loader).load(ident)
        return node_type.from_entity(row) if row else None
    return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Fetch any object by its global id; null unless the viewer owns it.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        await info.context.require_viewer()
        return await _resolve(info, id)

    @strawberry.field(description="Like `node`, for up to 100 ids at once, in the order given.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        await info.context.require_viewer()
        if len(ids) > 100:
            from api.errors import ClientError

            raise ClientError("Ask for at most 100 ids at once.")
        return list(await asyncio.gather(*(_resolve(info, i) for i in ids)))
