from __future__ import annotations

from datetime import timedelta

from domain.chat.compression import Compressor
from domain.chat.ports import ConversationRepository, MessageRepository
from domain.chat.reply import ChatReplyHandler
from domain.chat.service import CHAT_REPLY, AnswerStopper, ChatService, ConversationService
from domain.jobs.service import JobService
from infra.areas.base import Area, JobRegistration
from infra.db import chat as db
from infra.db.uow import Implements

AREA = Area(
    name="chat",
    map_entities=db.map_entities,
    repositories={
        "conversations": Implements[ConversationRepository](db.SqlConversationRepository),
        "messages": Implements[MessageRepository](db.SqlMessageRepository),
    },
    services={
        ConversationService: lambda s: ConversationService(s.uow.conversations, s.uow.messages, s.container.catalogue),
        ChatService: lambda s: ChatService(
            s.get(ConversationService),
            s.get(JobService),
            s.container.events,
            # Workers beat (production); the in-process runner's jobs live exactly as long as the process.
            worker_lost_after=timedelta(seconds=s.container.settings.job_stale_after_seconds)
            if s.container.settings.redis_url
            else None,
        ),
        # Not bound to the caller's unit of work: compression runs its own steps (see Compressor).
        Compressor: lambda s: Compressor(s.container.uow, s.container.service_for(ConversationService)),
        # Likewise: it commits the stop, then waits (bounded) for the answer's job to record it.
        AnswerStopper: lambda s: AnswerStopper(
            s.container.uow,
            s.container.service_for(ChatService),
            stale_after_seconds=s.container.settings.job_stale_after_seconds,
        ),
    },
    jobs=(
        JobRegistration(
            CHAT_REPLY,
            lambda c: ChatReplyHandler(
                uow_factory=c.uow,
                events=c.events,
                conversations=c.service_for(ConversationService),
                auto_compress_at=c.settings.chat_auto_compress_at,
            ),
        ),
    ),
)
