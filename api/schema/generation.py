from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Info
from api.ids import encode_id
from api.loaders import owned_by_id
from api.schema.chat import MessageError
from api.schema.common import Node, UserError
from api.schema.jobs import JobResult
from domain.common.streaming import StreamStatus
from domain.generation.entities import Generation as GenerationEntity
from domain.generation.entities import GenerationResult as DomainResult
from domain.llm.ports import Provider

generations_by_id = owned_by_id(lambda uow: uow.generations)


@strawberry.type(description="A template-driven completion, streamed like an answer (generationStream).")
class Generation(Node):
    type_name: ClassVar[str] = "Generation"
    category: str
    action: str
    model: str
    provider: Provider
    status: StreamStatus
    text: str = strawberry.field(description="Wrapping quotes are stripped, as the text streams.")
    token_count: int | None
    error: MessageError | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_entity(cls, g: GenerationEntity) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Generation", g.id)),
            category=g.category,
            action=g.action,
            model=g.model,
            provider=g.provider,
            status=g.status,
            text=g.text,
            token_count=g.token_count,
            error=MessageError(code=g.error_code, message=g.error_message or "") if g.error_code else None,
            created_at=g.created_at,
            updated_at=g.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        generation = await info.context.loaders(generations_by_id).load(uuid.UUID(key))
        return cls.from_entity(generation) if generation else None


@strawberry.type(description="One step of a streamed generation; the same shape as MessageStreamEvent.")
class GenerationStreamEvent:
    delta: str
    status: StreamStatus
    generation: Generation | None = strawberry.field(description="On the final event: the stored generation.")
    error_code: str | None = None


@strawberry.input
class TemplateGenerateInput:
    category: str
    action: str
    input_text: str
    user_instructions: str | None = None
    wait: bool = strawberry.field(
        default=False, description="Answer only when the text is complete (for simple clients); else follow it."
    )


@strawberry.type
class GenerationPayload:
    generation: Generation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="What a TEMPLATE_GENERATION job produced: follow `generation` for the text.")
class TemplateGenerationResult(JobResult):
    generation_id: strawberry.ID

    @classmethod
    def from_result(cls, r: DomainResult) -> TemplateGenerationResult:
        tokens = f" ({r.completion_tokens} tokens)" if r.completion_tokens else ""
        return cls(
            summary=f"Generated a text{tokens}.", generation_id=strawberry.ID(encode_id("Generation", r.generation_id))
        )
