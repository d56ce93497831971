from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from domain.common.streaming import StreamStatus
from domain.llm.ports import Provider


@dataclass(eq=False)
class Generation:
    """One template-driven completion (improve a section, enhance a prompt, …), streamed like an answer."""

    user_id: uuid.UUID
    category: str
    action: str
    model: str
    provider: Provider
    prompt: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    text: str = ""
    status: StreamStatus = StreamStatus.STREAMING
    temperature: float | None = None
    max_tokens: int | None = None
    token_count: int | None = None
    error_code: str | None = None
    error_message: str | None = None
    job_id: uuid.UUID | None = None


@dataclass(frozen=True)
class GenerationRequest:
    """Run template category/action on input_text, with optional extra instructions. A tool that must tell the
    model more than the template says (which section, the whole song) puts it in `preamble`, which goes before
    the template's instruction (original-system.md §4.1's prefixes)."""

    category: str
    action: str
    input_text: str
    user_instructions: str | None = None
    preamble: str | None = None


@dataclass(frozen=True)
class GenerationResult:
    """What a TEMPLATE_GENERATION job returns (kept on the job row)."""

    generation_id: str
    completion_tokens: int | None = None
