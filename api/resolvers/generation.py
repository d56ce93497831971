from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable

import strawberry

from api.context import Info
from api.errors import ClientError
from api.ids import decode_uuid
from api.resolvers.common import mutate
from api.schema.common import command
from api.schema.generation import (
    Generation,
    GenerationPayload,
    GenerationStreamEvent,
    TemplateGenerateInput,
    TemplateGenerationResult,
)
from api.schema.part import SchemaPart
from api.streams import follow_text
from domain.accounts.entities import User
from domain.generation.entities import Generation as GenerationEntity
from domain.generation.entities import GenerationRequest
from domain.generation.service import TEMPLATE_GENERATION, GenerationService
from infra.container import Services


async def follow_generation(info: Info, ident: uuid.UUID) -> AsyncGenerator[GenerationStreamEvent, None]:
    async def load(viewer_id: uuid.UUID, generation_id: uuid.UUID) -> GenerationEntity | None:
        return await info.context.read(GenerationService, lambda s: s.get(viewer_id, generation_id))

    async for event, row in follow_text(info, ident, load, lambda g: g.text, "generation"):
        yield GenerationStreamEvent(
            delta=event.delta,
            status=event.status,
            generation=Generation.from_entity(row) if row else None,
            error_code=event.error_code,
        )


async def start_generation(info: Info, request: Callable[[], GenerationRequest], wait: bool) -> GenerationPayload:
    """Start a template run (its request is built inside the unit of work, so its DomainErrors become userErrors);
    with `wait`, answer only when its text is complete."""

    async def build(services: Services, viewer: User) -> GenerationRequest:
        return request()

    return await start_built_generation(info, build, wait)


async def start_built_generation(
    info: Info, build: Callable[[Services, User], Awaitable[GenerationRequest]], wait: bool
) -> GenerationPayload:
    """`start_generation` for a request that reads the user's data first (an architecture, say)."""

    async def start(services: Services, viewer: User) -> GenerationEntity:
        return await services.get(GenerationService).start(viewer.id, await build(services, viewer))

    payload = await mutate(
        info, GenerationPayload, start, lambda g: GenerationPayload(generation=Generation.from_entity(g))
    )
    if wait and payload.generation is not None:
        ident = decode_uuid(payload.generation.id, "Generation")
        assert ident is not None  # we just encoded it
        async for event in follow_generation(info, ident):
            if event.generation is not None:
                return GenerationPayload(generation=event.generation)
    return payload


@strawberry.type
class GenerationMutation:
    @strawberry.mutation(
        description="Run a prompt template on your text: [INSTRUCTION] pre [USER] input [ADDITIONAL] instructions "
        "[FORMAT] post, with the template's model, temperature and max tokens. Follow it with generationStream, "
        "or pass wait: true to get the finished text."
    )
    async def template_generate(self, info: Info, input: TemplateGenerateInput) -> GenerationPayload:
        return await start_generation(info, lambda: command(GenerationRequest, input, exclude=("wait",)), input.wait)


@strawberry.type
class GenerationSubscription:
    @strawberry.subscription(description="A generation as it is written; the same promise as messageStream.")
    async def generation_stream(self, info: Info, id: strawberry.ID) -> AsyncGenerator[GenerationStreamEvent, None]:
        ident = decode_uuid(id, "Generation")
        if ident is None:
            raise ClientError("No such generation.", "NOT_FOUND")
        async for event in follow_generation(info, ident):
            yield event


schema = SchemaPart(
    mutation=GenerationMutation,
    subscription=GenerationSubscription,
    types=(Generation, TemplateGenerationResult),
    job_results={TEMPLATE_GENERATION.kind: TemplateGenerationResult.from_result},
)
