"""Values derived from the previous value stay right under concurrent requests, in both modes: every one is
changed under a row lock or by one atomic UPDATE in the database, never read, changed in Python and written
back over what another request wrote in between.

- a prompt template's version (promptTemplateUpdate: +0.1 each);
- a conversation's message positions (messageSend, messageRegenerate: the next free position, and the
  rule that one answer at a time is written);
- a job's revision (jobCancel: every change of a job row bumps it, so jobProgress can drop stale states);
- a conversation's archive (conversationCompress: each message is archived behind one summary, once)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from api.ids import decode_id, encode_id
from domain.common.clock import utcnow
from domain.jobs.entities import Job, JobKind, JobStatus
from infra.db.chat import conversations, messages
from infra.db.jobs import jobs
from tests.conftest import Running, serve
from tests.support import (
    ERRORS,
    MESSAGE_FIELDS,
    SEND,
    TEMPLATE_FIELDS,
    Api,
    create_conversation,
    create_template,
    exchange,
    settle,
)

N = 8  # concurrent requests of each kind

UPDATE = f"""mutation($i: PromptTemplateUpdateInput!) {{ promptTemplateUpdate(input: $i) {{
    promptTemplate {{ {TEMPLATE_FIELDS} }} {ERRORS} }} }}"""
GET = "query($c: String!, $a: String!) { promptTemplate(category: $c, action: $a) { version isModified } }"
REGENERATE = f"""mutation($i: MessageRegenerateInput!) {{ messageRegenerate(input: $i) {{
    message {{ {MESSAGE_FIELDS} }} {ERRORS} }} }}"""
MESSAGES = f"""query($id: ID!) {{ node(id: $id) {{ ... on Conversation {{
    messages(first: 100, filter: {{includeSuperseded: true}}) {{ nodes {{ {MESSAGE_FIELDS} }} }} }} }} }}"""
CANCEL = f"""mutation($i: JobIdInput!) {{ jobCancel(input: $i) {{ job {{ id status cancelRequested }} {ERRORS} }} }}"""


def plus_tenths(version: str, n: int) -> str:
    return f"{Decimal(version) + Decimal(n) / 10:.1f}"


async def version_of(api: Api, token: str, category: str, action: str) -> str:
    found = (await api.data(GET, {"c": category, "a": action}, token))["promptTemplate"]
    return str(found["version"])


async def update_concurrently(api: Api, token: str, category: str, action: str) -> list[dict[str, Any]]:
    variables = [{"i": {"category": category, "action": action, "description": f"edit {i}"}} for i in range(N)]
    payloads = await asyncio.gather(*(api.payload("promptTemplateUpdate", UPDATE, v, token) for v in variables))
    for payload in payloads:
        assert payload["userErrors"] == [], payload["userErrors"]
    return [p["promptTemplate"] for p in payloads]


async def test_concurrent_template_updates_each_raise_the_version(stack: Running) -> None:
    api = stack.api
    token = await api.user()

    # A shipped default nobody has edited yet: the first edits race to create the user's row.
    before = await version_of(api, token, "titel", "generate")
    updated = await update_concurrently(api, token, "titel", "generate")
    assert await version_of(api, token, "titel", "generate") == plus_tenths(before, N)
    # Each update saw the one before it: every version from +0.1 to +0.8 was handed out exactly once.
    assert sorted(t["version"] for t in updated) == [plus_tenths(before, i) for i in range(1, N + 1)]

    # A default the user has already edited: the row exists, the edits queue on its lock.
    first = await update_concurrently(api, token, "lyrics", "generate")
    edited = max(t["version"] for t in first)
    await update_concurrently(api, token, "lyrics", "generate")
    assert await version_of(api, token, "lyrics", "generate") == plus_tenths(edited, N)

    # A template of the user's own.
    own = await create_template(api, token)
    await update_concurrently(api, token, own["category"], own["action"])
    assert await version_of(api, token, own["category"], own["action"]) == plus_tenths(own["version"], N)


@pytest.fixture(params=["embedded", "production"])
async def slow_answers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Both modes, with answers that take about two seconds (200 tokens, 10 ms apart)."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", "10")
    monkeypatch.setenv("AITESTMOCK_TOKENS", "200")
    async with serve(request.getfixturevalue(f"{request.param}_settings")) as running:
        yield running


async def positions(running: Running, conversation_id: str) -> tuple[list[int], int]:
    """The stored positions of a conversation's messages, in order, and the position its next message takes."""
    key = uuid.UUID(str(decode_id(conversation_id)[1]))  # type: ignore[index]  # a valid Conversation id
    async with running.app.state.container.engine.connect() as connection:
        found = await connection.scalars(
            select(messages.c.position).where(messages.c.conversation_id == key).order_by(messages.c.position)
        )
        following = await connection.scalar(select(conversations.c.next_position).where(conversations.c.id == key))
    return list(found), int(following)


async def test_concurrent_sends_take_distinct_positions_and_one_answer_at_a_time(slow_answers: Running) -> None:
    api = slow_answers.api
    token = await api.user()
    conversation = await create_conversation(api, token, title="Busy")
    cid = conversation["id"]

    sends = [{"i": {"conversationId": cid, "content": f"Question {i}"}} for i in range(N)]
    payloads = await asyncio.gather(*(api.payload("messageSend", SEND, v, token) for v in sends))
    outcomes = Counter(p["userErrors"][0]["code"] if p["userErrors"] else "SENT" for p in payloads)
    # One answer at a time: the first sender's answer streams for seconds, every other sender is refused.
    assert outcomes == {"SENT": 1, "CONFLICT": N - 1}, outcomes
    [sent] = [p for p in payloads if not p["userErrors"]]
    await stop_and_settle(api, token, sent["assistantMessage"]["id"])

    regenerations = await asyncio.gather(
        *(api.payload("messageRegenerate", REGENERATE, {"i": {"conversationId": cid}}, token) for _ in range(N))
    )
    outcomes = Counter(p["userErrors"][0]["code"] if p["userErrors"] else "STARTED" for p in regenerations)
    assert outcomes == {"STARTED": 1, "CONFLICT": N - 1}, outcomes
    [again] = [p for p in regenerations if not p["userErrors"]]
    await stop_and_settle(api, token, again["message"]["id"])

    stored, following = await positions(slow_answers, cid)
    assert stored == [1, 2, 3] and following == 4, (stored, following)
    listed = (await api.data(MESSAGES, {"id": cid}, token))["node"]["messages"]["nodes"]
    assert [(m["role"], m["superseded"]) for m in listed] == [
        ("USER", False),
        ("ASSISTANT", True),
        ("ASSISTANT", False),
    ]


async def stop_and_settle(api: Api, token: str, message_id: str) -> None:
    stop = f"mutation($i: MessageIdInput!) {{ messageStop(input: $i) {{ message {{ id }} {ERRORS} }} }}"
    await api.payload("messageStop", stop, {"i": {"id": message_id}}, token)  # it may have ended already
    await settle(api, token)


async def job_row(running: Running, token: str, status: JobStatus) -> tuple[str, uuid.UUID]:
    """A job of the token's user in `status` that no worker will touch (it is in no queue): its global id."""
    viewer = (await running.api.data("{ viewer { id } }", token=token))["viewer"]["id"]
    now = utcnow()
    job = Job(
        user_id=uuid.UUID(str(decode_id(viewer)[1])),  # type: ignore[index]  # a valid User id
        kind=JobKind("DATA_EXPORT"),
        status=status,
        created_at=now,
        updated_at=now,
        started_at=now if status is JobStatus.RUNNING else None,
        heartbeat_at=now if status is JobStatus.RUNNING else None,
        revision=5,
    )
    async with running.app.state.container.uow() as uow:
        await uow.jobs.add(job)
        await uow.commit()
    return encode_id("Job", job.id), job.id


async def revision_of(running: Running, job_id: uuid.UUID) -> int:
    async with running.app.state.container.engine.connect() as connection:
        return int(await connection.scalar(select(jobs.c.revision).where(jobs.c.id == job_id)))


async def cancel_concurrently(api: Api, token: str, global_id: str) -> Counter[str]:
    payloads = await asyncio.gather(
        *(api.payload("jobCancel", CANCEL, {"i": {"id": global_id}}, token) for _ in range(N))
    )
    return Counter(p["userErrors"][0]["code"] if p["userErrors"] else p["job"]["status"] for p in payloads)


async def test_concurrent_cancels_each_bump_the_job_revision(stack: Running) -> None:
    token = await stack.api.user()

    # A running job: every cancel request is a change of the row (cancelRequested, message), one revision each.
    running, running_id = await job_row(stack, token, JobStatus.RUNNING)
    assert await cancel_concurrently(stack.api, token, running) == {"RUNNING": N}
    assert await revision_of(stack, running_id) == 5 + N

    # A queued job is cancelled once; every later request finds it ended.
    queued, queued_id = await job_row(stack, token, JobStatus.QUEUED)
    assert await cancel_concurrently(stack.api, token, queued) == {"CANCELLED": 1, "INVALID": N - 1}
    assert await revision_of(stack, queued_id) == 5 + 1


COMPRESS = f"""mutation($i: ConversationCompressInput!) {{ conversationCompress(input: $i) {{
    summary {{ id }} archivedCount {ERRORS} }} }}"""


async def test_concurrent_compressions_archive_each_message_once(stack: Running, fast_mock: None) -> None:
    api = stack.api
    token = await api.user()
    cid = (await create_conversation(api, token, title="Long"))["id"]
    for i in range(3):
        await exchange(api, token, cid, f"Question {i}")
    await settle(api, token)

    payloads = await asyncio.gather(
        *(api.payload("conversationCompress", COMPRESS, {"i": {"id": cid, "keepRecent": 1}}, token) for _ in range(N))
    )
    assert all(p["userErrors"] == [] for p in payloads), payloads
    # One compression archived the five older messages behind one summary; the others found nothing left to do.
    assert sorted(p["archivedCount"] for p in payloads) == [0] * (N - 1) + [5], payloads
    listed = (await api.data(MESSAGES, {"id": cid}, token))["node"]["messages"]["nodes"]
    assert [m["isSummary"] for m in listed] == [True, False], listed
