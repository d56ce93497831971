"""A sketch's AI fields from its lyrics, in one job (sketchDescribe): the long description (description/
generate-long, from the lyrics), the short one (description/generate-short, from the long one) and the tags
(description/generate-tags, from the lyrics), written into the sketch together when all three are done.

The templates may run on a paid model, so a job whose worker was lost ends INTERRUPTED rather than run them again
(it left nothing half-written: the sketch changes only with the job's success)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.owned import owned_or_not_found
from domain.common.provider_errors import ProviderError
from domain.common.validation import clean_tags
from domain.generation.service import run_template
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.errors import JobCancelled, JobFailed
from domain.jobs.executor import JobContext
from domain.jobs.service import JobService
from domain.llm.ports import ChatProvider, Provider
from domain.prompt_templates.service import PromptTemplateService
from domain.sketches.entities import Sketch
from domain.sketches.service import DESCRIPTION_LONG_MAX, DESCRIPTION_SHORT_MAX, TAGS_MAX
from domain.songwriting.ports import SongwritingUnitOfWork

TAGS_WANTED = 10
TAG_MAX = 50  # the template asks for one or two words; a model that rambles is cut short


@dataclass(frozen=True)
class SketchDescriptionResult:
    sketch_id: str
    tags: int  # how many tags were written


SKETCH_DESCRIPTION = JobType(
    JobKind("SKETCH_DESCRIPTION"),
    SketchDescriptionResult,
    "Write a sketch's long and short description and its tags from its lyrics (sketchDescribe).",
)


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and closed with an ellipsis when it had to be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def tags_from(text: str) -> list[str]:
    """The model's comma-separated tags, tidied: no numbering, hashes or quotes, each at most 50 characters; at most
    10, within TAGS_MAX."""
    found = [re.sub(r"^[\s\d.\-#*\"']+|[\s.\"']+$", "", part) for part in re.split(r"[,\n]", text)]
    found = [shortened(tag, TAG_MAX) for tag in found]
    tags: list[str] = []
    for tag in clean_tags(found)[:TAGS_WANTED]:
        if len(", ".join([*tags, tag])) > TAGS_MAX:
            break
        tags.append(tag)
    return tags


@dataclass
class SketchDescriber:
    uow: SongwritingUnitOfWork
    jobs: JobService

    async def start(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> tuple[Sketch, Job]:
        sketch = await owned_or_not_found(self.uow.sketches, user_id, sketch_id, "Sketch", "id")
        if not (sketch.lyrics or "").strip():
            raise DomainError.single(ErrorCode.INVALID, "The sketch has no lyrics to describe.", "id")
        job = await self.jobs.create(user_id, SKETCH_DESCRIPTION, {"sketch_id": str(sketch.id)})
        return sketch, job


@dataclass
class SketchDescriptionHandler:
    uow_factory: Callable[[], SongwritingUnitOfWork]
    llm: Mapping[Provider, ChatProvider]
    templates: Callable[[SongwritingUnitOfWork], PromptTemplateService]

    async def __call__(self, ctx: JobContext[SongwritingUnitOfWork]) -> SketchDescriptionResult:
        sketch_id = uuid.UUID(ctx.job.payload["sketch_id"])
        user_id = ctx.job.user_id
        async with self.uow_factory() as uow:
            sketch = await uow.sketches.get(user_id, sketch_id)
            templates = self.templates(uow)
            if sketch is None:
                raise JobFailed("NOT_FOUND", "The sketch no longer exists.")
            lyrics = sketch.lyrics or ""
            try:
                await ctx.progress(0.1, "Writing the long description")
                long = await run_template(templates, self.llm, user_id, "description", "generate-long", lyrics)
                await ctx.progress(0.5, "Writing the short description")
                short = await run_template(templates, self.llm, user_id, "description", "generate-short", long)
                await ctx.progress(0.75, "Choosing tags")
                tags = await run_template(templates, self.llm, user_id, "description", "generate-tags", lyrics)
            except (asyncio.CancelledError, JobCancelled):
                raise JobCancelled() from None
            except DomainError as error:
                raise JobFailed(error.errors[0].code.value, str(error)) from error
            except ProviderError as error:
                raise JobFailed(error.code.value, error.message) from error
        row = await ctx.uow.sketches.get(user_id, sketch_id)
        if row is None:
            raise JobFailed("NOT_FOUND", "The sketch was deleted while it was described.")
        row.description_long = shortened(long, DESCRIPTION_LONG_MAX) or None
        row.description_short = shortened(short, DESCRIPTION_SHORT_MAX) or None
        row.description_tags = tags_from(tags)
        row.updated_at = utcnow()
        return SketchDescriptionResult(sketch_id=str(sketch_id), tags=len(row.description_tags))

    async def lost(self, job: Job) -> None:
        """Its worker was lost: nothing to end (the sketch changes only when the job succeeds), never run again."""
