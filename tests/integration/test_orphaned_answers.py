"""No answer stays STREAMING without a live job, and none loses its text: the states a crash, a lost worker or
a lost Redis leave behind, made directly in the database, and what the API and the watchdog make of them.
(The same faults with real processes are in tests/e2e/test_faults.py.)"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from api.ids import decode_uuid, encode_id
from domain.chat.entities import Role
from domain.chat.service import CHAT_REPLY, ConversationService
from domain.common.clock import utcnow
from domain.common.streaming import StreamStatus, TextStreamWriter, text_topic
from domain.jobs.entities import Job, JobStatus
from infra.container import Container
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.support import ERRORS, MESSAGE_FIELDS, MESSAGE_STREAM, SEND, Api, create_conversation, follow, joined

STOP = f"""mutation($i: MessageIdInput!) {{ messageStop(input: $i) {{ message {{ {MESSAGE_FIELDS} }} {ERRORS} }} }}"""
NODE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Message {{ {MESSAGE_FIELDS} }} }} }}"""


async def left_streaming(
    container: Container, conversation_id: str, text: str, job_status: JobStatus, **job: Any
) -> tuple[str, uuid.UUID]:
    """An answer STREAMING with `text` stored, and its CHAT_REPLY job in `job_status`: what a crash leaves."""
    ident = decode_uuid(conversation_id, "Conversation")
    assert ident is not None
    now = utcnow()
    async with container.uow() as uow:
        conversation = await uow.conversations.get_for_update(ident)
        assert conversation is not None
        conversations = container.services(uow).get(ConversationService)
        asked, answered = await conversations.reserve_positions(conversation, 2)
        await conversations.add_message(conversation, Role.USER, "Tell me a story", position=asked)
        message = await conversations.add_message(
            conversation, Role.ASSISTANT, text, position=answered, status=StreamStatus.STREAMING
        )
        row = Job(
            user_id=conversation.user_id,
            kind=CHAT_REPLY.kind,
            created_at=now,
            updated_at=now,
            status=job_status,
            payload={"message_id": str(message.id)},
            **job,
        )
        await uow.jobs.add(row)
        message.job_id = row.id
        await uow.commit()
    return encode_id("Message", message.id), row.id


async def node(api: Api, token: str, message_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api.data(NODE, {"id": message_id}, token))["node"]
    return found


async def job_row(container: Container, job_id: uuid.UUID) -> Job:
    async with container.uow() as uow:
        job = await uow.jobs.get_for_update(job_id)
    assert job is not None
    return job


async def published(container: Container, message_id: str, text: str) -> None:
    """What the answer's writer had sent subscribers before it was lost (more than it had stored)."""
    ident = decode_uuid(message_id, "Message")
    assert ident is not None
    writer = TextStreamWriter(container.events, text_topic(ident), persist=lambda _: asyncio.sleep(0))
    await writer.add(text)


async def test_stop_ends_an_answer_whose_job_has_ended(stack: Running) -> None:
    """The state a Redis outage used to leave: the job FAILED, the answer STREAMING, the conversation blocked."""
    api, container = stack.api, stack.app.state.container
    token = await api.user()
    conversation = await create_conversation(api, token, select="id")
    message_id, _ = await left_streaming(
        container, conversation["id"], "Once upon a", JobStatus.FAILED, error_code="INTERNAL", attempts=1
    )
    follower = asyncio.create_task(follow(api, MESSAGE_STREAM, {"id": message_id}, token))
    await asyncio.sleep(0.3)

    stopped = await api.mutate("messageStop", STOP, {"i": {"id": message_id}}, token)
    assert stopped["message"]["status"] == "STOPPED" and stopped["message"]["content"] == "Once upon a"
    events = await follower
    assert events[-1]["status"] == "STOPPED" and joined(events) == "Once upon a"
    assert (await node(api, token, message_id))["status"] == "STOPPED"
    # The conversation goes on.
    sent = await api.mutate(
        "messageSend", SEND, {"i": {"conversationId": conversation["id"], "content": "Go on"}}, token
    )
    assert sent["assistantMessage"]["status"] == "STREAMING"


async def test_stop_ends_an_answer_whose_worker_is_lost(production_settings: Settings) -> None:
    """Its job is RUNNING but has not beaten for longer than JOB_STALE_AFTER_SECONDS: no worker will see the
    cancel, so the stop ends the answer itself, keeping what subscribers were sent. (Production only: in the
    embedded default jobs run in the API process, and a RUNNING one is alive.)"""
    async with serve(production_settings) as running:
        await stop_an_answer_whose_worker_is_lost(running)


async def stop_an_answer_whose_worker_is_lost(stack: Running) -> None:
    api, container = stack.api, stack.app.state.container
    token = await api.user()
    conversation = await create_conversation(api, token, select="id")
    old = utcnow() - timedelta(seconds=container.settings.job_stale_after_seconds + 30)
    message_id, job_id = await left_streaming(
        container, conversation["id"], "It was a dark", JobStatus.RUNNING, attempts=1, started_at=old, heartbeat_at=old
    )
    await published(container, message_id, "It was a dark and stormy night")
    stopped = await api.mutate("messageStop", STOP, {"i": {"id": message_id}}, token)
    assert stopped["message"]["status"] == "STOPPED"
    assert stopped["message"]["content"] == "It was a dark and stormy night"
    later = await follow(api, MESSAGE_STREAM, {"id": message_id}, token)
    assert [(e["status"], e["delta"]) for e in later] == [("STOPPED", "It was a dark and stormy night")]
    assert (await job_row(container, job_id)).cancel_requested
    # The watchdog then ends the job CANCELLED and leaves the answer as the stop ended it.
    await container.executor.recover(container.settings.job_stale_after_seconds)
    assert (await job_row(container, job_id)).status is JobStatus.CANCELLED
    assert (await node(api, token, message_id))["content"] == "It was a dark and stormy night"


async def test_recovery_ends_a_lost_answer_keeping_what_was_sent(stack: Running) -> None:
    """A worker killed mid-answer: recovery does not run the answer again (subscribers saw part of it), it ends
    it FAILED with INTERRUPTED and keeps the text — what subscribers were sent, not only what was stored."""
    api, container = stack.api, stack.app.state.container
    token = await api.user()
    conversation = await create_conversation(api, token, select="id")
    old = utcnow() - timedelta(seconds=30)
    message_id, job_id = await left_streaming(
        container, conversation["id"], "Compass canyon", JobStatus.RUNNING, attempts=1, started_at=old, heartbeat_at=old
    )
    await published(container, message_id, "Compass canyon highway burning")
    follower = asyncio.create_task(follow(api, MESSAGE_STREAM, {"id": message_id}, token))
    await asyncio.sleep(0.3)

    assert await container.executor.recover(stale_after_seconds=10) == 0  # nothing requeued
    events = await follower
    final = events[-1]
    assert (final["status"], final["errorCode"]) == ("FAILED", "INTERRUPTED")
    assert joined(events) == final["message"]["content"] == "Compass canyon highway burning"
    stored = await node(api, token, message_id)
    assert stored["status"] == "FAILED" and stored["error"]["code"] == "INTERRUPTED"
    assert stored["content"] == "Compass canyon highway burning"
    job = await job_row(container, job_id)
    assert job.status is JobStatus.FAILED and job.error_code == "INTERRUPTED" and job.attempts == 1


async def test_the_watchdog_ends_answers_left_streaming_without_a_live_job(stack: Running) -> None:
    api, container = stack.api, stack.app.state.container
    token = await api.user()
    ended, cancelled, alive = [await create_conversation(api, token, select="id") for _ in range(3)]
    failed_id, _ = await left_streaming(container, ended["id"], "Half an answer", JobStatus.FAILED, attempts=1)
    cancelled_id, _ = await left_streaming(container, cancelled["id"], "A quarter", JobStatus.CANCELLED)
    now = utcnow()
    alive_id, _ = await left_streaming(
        container, alive["id"], "Still going", JobStatus.RUNNING, attempts=1, started_at=now, heartbeat_at=now
    )
    follower = asyncio.create_task(follow(api, MESSAGE_STREAM, {"id": failed_id}, token))
    await asyncio.sleep(0.3)

    assert await container.executor.sweep() == 2
    events = await follower
    assert (events[-1]["status"], events[-1]["errorCode"]) == ("FAILED", "INTERRUPTED")
    assert joined(events) == "Half an answer"
    assert (await node(api, token, failed_id))["content"] == "Half an answer"
    assert [(m["status"], m["content"]) for m in [await node(api, token, cancelled_id)]] == [("STOPPED", "A quarter")]
    assert (await node(api, token, alive_id))["status"] == "STREAMING"  # its job is alive: left to it
    assert await container.executor.sweep() == 0


async def test_a_stop_that_no_worker_sees_is_carried_out_by_the_mutation(production_settings: Settings) -> None:
    """Its worker was killed a moment ago (the heartbeat is still fresh): the stop asks the job to stop and waits
    for it (AnswerStopper, a few seconds); nobody answers, so the stop ends the answer STOPPED itself, with all
    the text its stream carried, and recovery later ends the lost job."""
    async with serve(production_settings) as running:
        api, container = running.api, running.app.state.container
        token = await api.user()
        conversation = await create_conversation(api, token, select="id")
        now = utcnow()
        message_id, job_id = await left_streaming(
            container, conversation["id"], "Verse one", JobStatus.RUNNING, attempts=1, started_at=now, heartbeat_at=now
        )
        await published(container, message_id, "Verse one, verse two")
        follower = asyncio.create_task(follow(api, MESSAGE_STREAM, {"id": message_id}, token))
        await asyncio.sleep(0.3)
        stopped = await api.mutate("messageStop", STOP, {"i": {"id": message_id}}, token)
        assert stopped["message"]["status"] == "STOPPED"
        assert (await job_row(container, job_id)).cancel_requested
        events = await follower
        assert events[-1]["status"] == "STOPPED" and joined(events) == "Verse one, verse two"
        assert (await node(api, token, message_id))["content"] == "Verse one, verse two"

        async with container.uow() as uow:  # time passes: the heartbeat goes stale
            row = await uow.jobs.get_for_update(job_id)
            assert row is not None
            row.heartbeat_at = utcnow() - timedelta(seconds=container.settings.job_stale_after_seconds + 1)
            await uow.commit()
        await container.executor.recover(container.settings.job_stale_after_seconds)
        assert (await job_row(container, job_id)).status is JobStatus.CANCELLED
        assert (await node(api, token, message_id))["content"] == "Verse one, verse two"  # recovery kept it
