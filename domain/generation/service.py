"""Template-driven generation: `[INSTRUCTION] pre [USER] input [ADDITIONAL] instructions [FORMAT] post`,
run with the template's model, temperature and max tokens, streamed like a chat answer.

A capability of its own: chat names conversations with it, and every area that asks a model to
rewrite text (lyrics, prompts) runs through it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.events import EventBus
from domain.common.provider_errors import ProviderError
from domain.common.streaming import (
    QuoteStripper,
    StreamStatus,
    TextStreamWriter,
    announce_end,
    kept_text,
    pump,
    text_topic,
)
from domain.common.validation import Checks
from domain.generation.entities import Generation, GenerationRequest, GenerationResult
from domain.generation.ports import GenerationRepository, GenerationUnitOfWork
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.errors import JobCancelled, JobFailed
from domain.jobs.executor import INTERRUPTED, JobContext
from domain.jobs.service import JobService
from domain.llm.ports import ChatProvider, GenerationOptions, Provider, provider_for_model
from domain.prompt_templates.entities import PromptTemplate
from domain.prompt_templates.service import PromptTemplateService

INTERRUPTED_MESSAGE = "The generation was interrupted; start it again."
INPUT_MAX = 10_000
INSTRUCTIONS_MAX = 2_000
PREAMBLE_MAX = INPUT_MAX + 500  # a whole song as context, and a sentence

TEMPLATE_GENERATION = JobType(
    JobKind("TEMPLATE_GENERATION"), GenerationResult, "Run a prompt template on a text (templateGenerate)."
)


def build_prompt(pre: str, input_text: str, instructions: str | None, post: str) -> str:
    """The layout every template-driven call uses (the original system's, kept as users know it)."""
    prompt = f"[INSTRUCTION] {pre} [USER] {input_text}"
    if instructions and instructions.strip():
        prompt += f" [ADDITIONAL] {instructions.strip()}"
    return prompt + f" [FORMAT] {post}"


async def usable_template(
    templates: PromptTemplateService, user_id: uuid.UUID, category: str, action: str
) -> PromptTemplate:
    """The user's template for category/action, refused (on `action`) when missing, deactivated or incomplete."""
    template = await templates.get(user_id, category, action)
    if template is None:
        raise not_found("Prompt template", "action")
    if not template.active:
        raise DomainError.single(ErrorCode.INVALID, f"Template {template.key} is deactivated.", "action")
    if template.model is None or template.temperature is None or template.max_tokens is None:
        missing = [name for name in ("model", "temperature", "max_tokens") if getattr(template, name) is None]
        raise DomainError.single(
            ErrorCode.INVALID,
            f"Template {template.key} does not say its {', '.join(missing)}; set it with promptTemplateUpdate.",
            "action",
        )
    return template


async def run_template(
    templates: PromptTemplateService,
    providers: Mapping[Provider, ChatProvider],
    user_id: uuid.UUID,
    category: str,
    action: str,
    input_text: str,
) -> str:
    """A template run to its whole text at once, for a job that needs the result rather than a stream (an image
    prompt enhanced before DALL-E draws it). Raises DomainError for an unusable template, ProviderError."""
    template = await usable_template(templates, user_id, category, action)
    assert template.model is not None
    parts: list[str] = []

    async def add(delta: str) -> None:
        parts.append(delta)

    stripper = QuoteStripper(add)
    options = GenerationOptions(temperature=template.temperature, max_tokens=template.max_tokens)
    prompt = build_prompt(template.pre_condition, input_text, None, template.post_condition)
    await pump(providers[provider_for_model(template.model)].stream_generate(template.model, prompt, options), stripper)
    await stripper.finish()
    return "".join(parts).strip()


@dataclass
class GenerationService:
    generations: GenerationRepository
    templates: PromptTemplateService
    jobs: JobService

    async def start(self, user_id: uuid.UUID, request: GenerationRequest) -> Generation:
        checks = Checks()
        input_text = request.input_text.strip()
        instructions = (request.user_instructions or "").strip()
        if checks.required("input_text", input_text, "Input text"):
            checks.max_length("input_text", input_text, INPUT_MAX, "Input text")
        checks.max_length("user_instructions", instructions, INSTRUCTIONS_MAX, "Instructions")
        checks.max_length("preamble", request.preamble, PREAMBLE_MAX, "Preamble")
        checks.raise_if_any()
        template = await usable_template(self.templates, user_id, request.category, request.action)
        assert template.model is not None  # usable_template checked it
        pre = f"{request.preamble.strip()}\n\n{template.pre_condition}" if request.preamble else template.pre_condition
        now = utcnow()
        generation = Generation(
            user_id=user_id,
            category=template.category,
            action=template.action,
            model=template.model,
            provider=provider_for_model(template.model),
            prompt=build_prompt(pre, input_text, instructions, template.post_condition),
            temperature=template.temperature,
            max_tokens=template.max_tokens,
            created_at=now,
            updated_at=now,
        )
        await self.generations.add(generation)
        job = await self.jobs.create(user_id, TEMPLATE_GENERATION, {"generation_id": str(generation.id)})
        generation.job_id = job.id
        return generation

    async def get(self, user_id: uuid.UUID, generation_id: uuid.UUID) -> Generation | None:
        return await self.generations.get(user_id, generation_id)


@dataclass
class TemplateGenerationHandler:
    uow_factory: Callable[[], GenerationUnitOfWork]
    events: EventBus
    providers: Mapping[Provider, ChatProvider]
    persist_interval: float = 0.25

    async def __call__(self, ctx: JobContext[GenerationUnitOfWork]) -> GenerationResult:
        generation_id = uuid.UUID(ctx.job.payload["generation_id"])
        writer = TextStreamWriter(
            self.events,
            text_topic(generation_id),
            lambda text: self._persist(generation_id, text),
            self.persist_interval,
        )
        async with self.uow_factory() as uow:
            generation = await uow.generations.get_for_update(generation_id)
        if generation is None:
            raise JobFailed("NOT_FOUND", "The generation no longer exists.")
        if ctx.job.attempts > 1:
            # Run again after its worker was lost (recovery ends such jobs instead: `lost`): keep what it had.
            await self._end_orphan(generation_id, StreamStatus.FAILED, INTERRUPTED, INTERRUPTED_MESSAGE)
            raise JobFailed(INTERRUPTED, INTERRUPTED_MESSAGE)
        stripper = QuoteStripper(writer.add)
        options = GenerationOptions(temperature=generation.temperature, max_tokens=generation.max_tokens)
        try:
            usage = await pump(
                self.providers[generation.provider].stream_generate(generation.model, generation.prompt, options),
                stripper,
            )
            await stripper.finish()
        except (asyncio.CancelledError, JobCancelled):
            await self._end(writer, generation_id, StreamStatus.STOPPED)
            raise JobCancelled() from None
        except ProviderError as error:
            await self._end(writer, generation_id, StreamStatus.FAILED, error.code.value, error.message)
            raise JobFailed(error.code.value, error.message) from error
        tokens = usage.completion_tokens if usage and usage.completion_tokens else None
        await self._end(writer, generation_id, StreamStatus.COMPLETE, tokens=tokens)
        return GenerationResult(generation_id=str(generation_id), completion_tokens=tokens)

    async def _persist(self, generation_id: uuid.UUID, text: str) -> None:
        async with self.uow_factory() as uow:
            await uow.generations.set_text(generation_id, text)
            await uow.commit()

    async def _end(
        self,
        writer: TextStreamWriter,
        generation_id: uuid.UUID,
        status: StreamStatus,
        error_code: str | None = None,
        error_message: str | None = None,
        tokens: int | None = None,
    ) -> None:
        async with self.uow_factory() as uow:
            generation = await uow.generations.get_for_update(generation_id)
            if generation is None or generation.status.is_final:
                return  # gone, or ended without this job (recovery took its worker for lost): that end stands
            generation.text = writer.text
            generation.status = status
            generation.error_code, generation.error_message = error_code, error_message
            generation.token_count = tokens
            generation.updated_at = utcnow()
            await uow.commit()
        await writer.finish(status, error_code)

    async def lost(self, job: Job) -> None:
        """Its worker was lost mid-way (EndsWhenLost): end the generation with the text it had, never rerun it."""
        generation_id = uuid.UUID(job.payload["generation_id"])
        if job.cancel_requested:
            await self._end_orphan(generation_id, StreamStatus.STOPPED)
        else:
            await self._end_orphan(generation_id, StreamStatus.FAILED, INTERRUPTED, INTERRUPTED_MESSAGE)

    async def _end_orphan(
        self,
        generation_id: uuid.UUID,
        status: StreamStatus,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> None:
        topic = text_topic(generation_id)
        async with self.uow_factory() as uow:
            generation = await uow.generations.get_for_update(generation_id)
            if generation is None or generation.status.is_final:
                return
            generation.text = text = await kept_text(self.events, topic, generation.text)
            generation.status = status
            generation.error_code, generation.error_message = error_code, error_message
            generation.updated_at = utcnow()
            await uow.commit()
        await announce_end(self.events, topic, text, status, error_code)
