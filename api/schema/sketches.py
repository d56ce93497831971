from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.accounts import User, users_by_id
from api.schema.common import Node, UserError
from domain.common.pagination import SortDirection
from domain.sketches.entities import Sketch as SketchEntity
from domain.sketches.entities import SketchOrderField, SketchWorkflow

strawberry.enum(SketchWorkflow, name="SketchWorkflow")
strawberry.enum(SketchOrderField, name="SketchOrderField")

sketches_by_id = owned_by_id(lambda uow: uow.sketches)


@strawberry.type(description="A song idea: lyrics and a style prompt, kept until it becomes a song.")
class Sketch(Node):
    type_name: ClassVar[str] = "Sketch"
    title: str | None
    lyrics: str | None
    prompt: str
    tags: list[str]
    description_long: str | None
    description_short: str | None
    description_tags: list[str]
    info: str | None
    workflow: SketchWorkflow
    created_at: datetime
    updated_at: datetime
    _user_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def owner(self, info: Info) -> User:
        user = await info.context.loaders(users_by_id).load(self._user_id)
        assert user is not None  # a sketch is read only by its owner
        return User.from_entity(user)

    @classmethod
    def from_entity(cls, s: SketchEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Sketch", s.id)),
            title=s.title,
            lyrics=s.lyrics,
            prompt=s.prompt,
            tags=s.tags,
            description_long=s.description_long,
            description_short=s.description_short,
            description_tags=s.description_tags,
            info=s.info,
            workflow=s.workflow,
            created_at=s.created_at,
            updated_at=s.updated_at,
            _user_id=s.user_id,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        sketch = await info.context.loaders(sketches_by_id).load(uuid.UUID(key))
        return cls.from_entity(sketch) if sketch else None


@strawberry.input
class SketchFilter:
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in title, lyrics, prompt or tags."
    )
    workflow: list[SketchWorkflow] | None = strawberry.field(
        default=None, description="Default: DRAFT and USED (archived sketches only when asked for)."
    )
    tags: list[str] | None = strawberry.field(default=None, description="Sketches that carry every one of these tags.")


@strawberry.input(description="The order of sketches.")
class SketchOrder:
    field: SketchOrderField = strawberry.field(
        default=SketchOrderField.CREATED_AT, description="CREATED_AT: the default."
    )
    direction: SortDirection = SortDirection.DESC


@strawberry.input(description="A sketch's fields; `prompt` is required (at most 1024 characters).")
class SketchCreateInput:
    prompt: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    lyrics: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    description_long: str | None = strawberry.UNSET
    description_short: str | None = strawberry.UNSET
    description_tags: list[str] | None = strawberry.UNSET
    info: str | None = strawberry.UNSET
    workflow: SketchWorkflow | None = strawberry.UNSET


@strawberry.input(description="Fields left out stay as they are; an explicit null clears a field.")
class SketchUpdateInput(SketchCreateInput):
    id: strawberry.ID


@strawberry.input
class SketchIdInput:
    id: strawberry.ID


@strawberry.type
class SketchPayload:
    sketch: Sketch | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SketchDeletePayload:
    deleted_sketch_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
