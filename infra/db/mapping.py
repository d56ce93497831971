"""Imperative mapping: the domain's dataclasses become persistent without importing SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.orm import registry

from domain.accounts.entities import User
from domain.chat.entities import Conversation, Generation, Message
from domain.files.entities import Upload
from domain.jobs.entities import Job
from domain.prompt_templates.entities import TemplateOverride
from domain.sketches.entities import Sketch
from infra.db import tables

mapper_registry = registry(metadata=tables.metadata)
_mapped = False


def start_mappers() -> None:
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(User, tables.users)
    mapper_registry.map_imperatively(Sketch, tables.sketches)
    mapper_registry.map_imperatively(TemplateOverride, tables.prompt_templates)
    mapper_registry.map_imperatively(Job, tables.jobs)
    mapper_registry.map_imperatively(Upload, tables.uploads)
    mapper_registry.map_imperatively(Conversation, tables.conversations)
    mapper_registry.map_imperatively(Message, tables.messages)
    mapper_registry.map_imperatively(Generation, tables.generations)
    _mapped = True
