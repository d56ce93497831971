"""The areas of aiproxy. Adding an area is new files plus one line here (see CONTRIBUTING.md)."""

from __future__ import annotations

from infra.areas import accounts, chat, data_transfer, files, generation, jobs, prompt_templates, sketches
from infra.areas.base import Area, JobRegistration

AREAS: tuple[Area, ...] = (
    accounts.AREA,
    sketches.AREA,
    prompt_templates.AREA,
    jobs.AREA,
    files.AREA,
    data_transfer.AREA,
    chat.AREA,
    generation.AREA,
)

__all__ = ["AREAS", "Area", "JobRegistration"]
