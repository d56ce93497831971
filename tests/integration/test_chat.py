"""Conversations and streamed, resumable answers: conversationCreate/Update/Delete, `conversations`, `models`,
messageSend/Stop/Regenerate, `messageStream` over graphql-transport-ws (late joins, stops, provider faults),
compression and restore, export — all through GraphQL, against the built-in mock providers (aitestmock).

The mock's speed is read from the environment when an app (or the production worker) creates it, so the
module asks for `fast_mock` (conftest) before `stack`/`embedded` start; the tests that must catch an
answer mid-stream serve their own slower app (`slow_stack`).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import websockets

from aitestmock import MockConfig, create_app
from api.ids import decode_id, encode_id
from domain.chat.entities import Message, Role
from domain.common.clock import utcnow
from domain.common.streaming import StreamStatus
from domain.jobs.entities import Job, JobKind, JobStatus
from infra.settings import Settings
from tests.conftest import FAST_MOCK_TOKENS as FAST_TOKENS
from tests.conftest import Running, serve
from tests.support import (
    CONVERSATION_FIELDS,
    ERRORS,
    MESSAGE_FIELDS,
    MESSAGE_STREAM,
    SEND,
    Api,
    GraphQLError,
    create_conversation,
    exchange,
    follow,
    joined,
    poll,
    send_message,
    serving,
)

pytestmark = pytest.mark.usefixtures("fast_mock")

SLOW_DELAY_MS, SLOW_TOKENS = 10, 200

CREATE = f"""mutation($i: ConversationCreateInput!) {{ conversationCreate(input: $i) {{
    conversation {{ {CONVERSATION_FIELDS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($i: ConversationUpdateInput!) {{ conversationUpdate(input: $i) {{
    conversation {{ {CONVERSATION_FIELDS} }} {ERRORS} }} }}"""
DELETE = f"""mutation($i: ConversationIdInput!) {{ conversationDelete(input: $i) {{
    deletedConversationId {ERRORS} }} }}"""
STOP = f"""mutation($i: MessageIdInput!) {{ messageStop(input: $i) {{ message {{ {MESSAGE_FIELDS} }} {ERRORS} }} }}"""
REGENERATE = f"""mutation($i: MessageRegenerateInput!) {{ messageRegenerate(input: $i) {{
    message {{ {MESSAGE_FIELDS} }} {ERRORS} }} }}"""
COMPRESS = f"""mutation($i: ConversationCompressInput!) {{ conversationCompress(input: $i) {{
    conversation {{ {CONVERSATION_FIELDS} }} summary {{ {MESSAGE_FIELDS} }} archivedCount usedFallback {ERRORS} }} }}"""
RESTORE = f"""mutation($i: ConversationIdInput!) {{ conversationRestore(input: $i) {{
    conversation {{ {CONVERSATION_FIELDS} }} restoredCount {ERRORS} }} }}"""
# Message.tokenCount (Int) and Conversation.tokenCount (Int!) cannot share one selection: alias the former.
NODE = f"""query($id: ID!) {{ node(id: $id) {{ __typename ... on Conversation {{ {CONVERSATION_FIELDS} }}
    ... on Message {{ {MESSAGE_FIELDS.replace("tokenCount", "messageTokens: tokenCount")} conversation {{ id }} }}
}} }}"""
MESSAGES = f"""query($id: ID!, $filter: MessageFilter, $first: Int) {{ node(id: $id) {{ ... on Conversation {{
    messages(filter: $filter, first: $first) {{ totalCount nodes {{ {MESSAGE_FIELDS} }} }} }} }} }}"""
CONVERSATIONS = f"""query($filter: ConversationFilter, $first: Int, $after: String) {{
    conversations(filter: $filter, first: $first, after: $after) {{
        totalCount nodes {{ {CONVERSATION_FIELDS} }}
        pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"""
EXPORT = """query($id: ID!, $format: ExportFormat!, $archived: Boolean!) { node(id: $id) {
    ... on Conversation { export(format: $format, includeArchived: $archived) } } }"""
MODELS = (
    "query($p: Provider!) { models(provider: $p, first: 100) { totalCount nodes { name contextWindow isDefault } } }"
)


@pytest.fixture(params=["embedded", "production"])
async def slow_stack(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """Like `stack`, with a mock slow enough (200 tokens, 10 ms apart) to act while an answer streams."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", str(SLOW_DELAY_MS))
    monkeypatch.setenv("AITESTMOCK_TOKENS", str(SLOW_TOKENS))
    settings = request.getfixturevalue(f"{request.param}_settings")
    async with serve(settings) as running:
        yield running


# -- helpers ------------------------------------------------------------------------------------


async def node(api: Api, token: str, global_id: str) -> dict[str, Any] | None:
    return (await api.data(NODE, {"id": global_id}, token))["node"]


async def messages(api: Api, token: str, conversation_id: str, **filter: bool) -> list[dict[str, Any]]:
    data = await api.data(MESSAGES, {"id": conversation_id, "filter": filter or None, "first": 100}, token)
    connection = data["node"]["messages"]
    assert connection["totalCount"] == len(connection["nodes"])
    return connection["nodes"]


async def errors_of(api: Api, name: str, query: str, variables: dict[str, Any], token: str) -> list[dict[str, Any]]:
    return (await api.payload(name, query, variables, token))["userErrors"]


async def codes(api: Api, name: str, query: str, variables: dict[str, Any], token: str) -> list[str]:
    return [e["code"] for e in await errors_of(api, name, query, variables, token)]


async def next_event(sub: Any, timeout: float = 30) -> dict[str, Any]:
    item = await sub.next(timeout)
    assert item is not None, "the stream completed early"
    return item["messageStream"]


# -- conversations ------------------------------------------------------------------------------


async def test_create_update_delete_conversation(api: Api) -> None:
    token = await api.user()

    plain = await create_conversation(api, token)
    assert plain["title"] is None and plain["systemContext"] is None
    assert plain["provider"] == "OLLAMA" and plain["model"] == "llama3.2:3b"
    assert plain["archived"] is False and plain["pinned"] is False
    assert plain["contextWindow"] == 32768  # the model's 131072, capped at OLLAMA_NUM_CTX_MAX
    assert plain["tokenCount"] == 0 and plain["tokenUsage"] == 0 and plain["messageCount"] == 0
    assert await messages(api, token, plain["id"]) == []

    tiny = await create_conversation(api, token, model="tiny:1b", title="  Small talk  ")
    assert tiny["contextWindow"] == 2048 and tiny["title"] == "Small talk"
    openai = await create_conversation(api, token, model="gpt-4o", provider="OPENAI", systemContext="You are terse.")
    assert openai["provider"] == "OPENAI" and openai["contextWindow"] == 128000
    assert openai["systemContext"] == "You are terse." and openai["messageCount"] == 1
    [system] = await messages(api, token, openai["id"])
    assert system["role"] == "SYSTEM" and system["content"] == "You are terse." and system["status"] == "COMPLETE"

    for model in ("", "   "):
        errors = await errors_of(api, "conversationCreate", CREATE, {"i": {"model": model}}, token)
        assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "model"])]
    assert await codes(api, "conversationCreate", CREATE, {"i": {"model": "m", "title": "x" * 256}}, token) == [
        "TOO_LONG"
    ]
    body = await api.raw(CREATE, {"i": {"model": "m", "provider": "MUREKA"}}, token)
    assert body["errors"], "an unknown provider is not accepted"

    # Update: only the given fields change; a new system context replaces the SYSTEM message.
    changed = (
        await api.mutate(
            "conversationUpdate",
            UPDATE,
            {"i": {"id": openai["id"], "title": "Renamed", "pinned": True, "systemContext": "You are verbose."}},
            token,
        )
    )["conversation"]
    assert changed["title"] == "Renamed" and changed["pinned"] is True and changed["archived"] is False
    assert changed["systemContext"] == "You are verbose." and changed["updatedAt"] > openai["updatedAt"]
    [system] = await messages(api, token, openai["id"])
    assert system["role"] == "SYSTEM" and system["content"] == "You are verbose."
    archived = (await api.mutate("conversationUpdate", UPDATE, {"i": {"id": openai["id"], "archived": True}}, token))[
        "conversation"
    ]
    assert archived["archived"] is True and archived["pinned"] is True and archived["title"] == "Renamed"
    # A system context on a conversation without one leads its messages; clearing it removes the message.
    await exchange(api, token, plain["id"], "hello there")
    await api.mutate("conversationUpdate", UPDATE, {"i": {"id": plain["id"], "systemContext": "Be kind."}}, token)
    assert [m["role"] for m in await messages(api, token, plain["id"])] == ["SYSTEM", "USER", "ASSISTANT"]
    cleared = await api.mutate("conversationUpdate", UPDATE, {"i": {"id": plain["id"], "systemContext": None}}, token)
    assert cleared["conversation"]["systemContext"] is None
    assert [m["role"] for m in await messages(api, token, plain["id"])] == ["USER", "ASSISTANT"]
    errors = await codes(api, "conversationUpdate", UPDATE, {"i": {"id": plain["id"], "pinned": None}}, token)
    assert errors == ["REQUIRED"]

    # Delete: gone with its messages.
    kept = await messages(api, token, plain["id"])
    deleted = await api.mutate("conversationDelete", DELETE, {"i": {"id": plain["id"]}}, token)
    assert deleted["deletedConversationId"] == plain["id"]
    assert await node(api, token, plain["id"]) is None
    assert all([await node(api, token, m["id"]) is None for m in kept])
    assert await codes(api, "conversationDelete", DELETE, {"i": {"id": plain["id"]}}, token) == ["NOT_FOUND"]


async def test_conversations_filter_search_and_paging(api: Api) -> None:
    token = await api.user()
    first = await create_conversation(api, token, title="Alpha plans")
    second = await create_conversation(
        api, token, model="gpt-4o", provider="OPENAI", title="Beta", systemContext="Speak Latin"
    )
    third = await create_conversation(api, token, title="Gamma")
    await exchange(api, token, third["id"], "Tell me about the okapi please")
    fourth = await create_conversation(api, token, title="Delta")
    await api.mutate("conversationUpdate", UPDATE, {"i": {"id": fourth["id"], "archived": True}}, token)
    await api.mutate("conversationUpdate", UPDATE, {"i": {"id": first["id"], "pinned": True}}, token)

    async def ids(filter: dict[str, Any] | None = None, **paging: Any) -> list[str]:
        data = await api.data(CONVERSATIONS, {"filter": filter, **paging}, token)
        return [c["id"] for c in data["conversations"]["nodes"]]

    # Newest activity first: pinning `first` just touched it; the answer in `third` came after `second`.
    assert await ids() == [first["id"], third["id"], second["id"]]
    assert await ids({"archived": True}) == [fourth["id"]]
    assert await ids({"archived": None}) == [first["id"], fourth["id"], third["id"], second["id"]]
    assert await ids({"pinned": True}) == [first["id"]]
    assert await ids({"pinned": False}) == [third["id"], second["id"]]
    assert await ids({"provider": "OPENAI"}) == [second["id"]]
    assert await ids({"provider": "OLLAMA", "archived": None}) == [first["id"], fourth["id"], third["id"]]
    assert await ids({"search": "alpha"}) == [first["id"]]  # title, case-insensitive
    assert await ids({"search": "latin"}) == [second["id"]]  # system context
    assert await ids({"search": "OKAPI"}) == [third["id"]]  # a message's content
    assert await ids({"search": "nothing like this"}) == []
    assert await ids({"search": "%"}) == []  # a wildcard is a plain character

    page = (await api.data(CONVERSATIONS, {"first": 2}, token))["conversations"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    assert [c["id"] for c in page["nodes"]] == [first["id"], third["id"]]
    rest = (await api.data(CONVERSATIONS, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token))["conversations"]
    assert [c["id"] for c in rest["nodes"]] == [second["id"]] and rest["pageInfo"]["hasNextPage"] is False

    # Another user sees none of them.
    other = await api.user(admin_token=token)
    assert (await api.data(CONVERSATIONS, {"filter": {"archived": None}}, other))["conversations"]["totalCount"] == 0


async def test_other_users_conversations_and_messages_are_invisible(api: Api) -> None:
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    conversation = await create_conversation(api, alice, title="Private", systemContext="secret rules")
    sent, final = await exchange(api, alice, conversation["id"], "my secret question")
    message_ids = [sent["userMessage"]["id"], sent["assistantMessage"]["id"]]

    for global_id in (conversation["id"], *message_ids):
        assert await node(api, bob, global_id) is None
        assert await node(api, alice, global_id) is not None
    nodes = await api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": message_ids}, bob)
    assert nodes["nodes"] == [None, None]

    cid = conversation["id"]
    attempts = [
        ("conversationUpdate", UPDATE, {"i": {"id": cid, "title": "Mine now"}}),
        ("conversationDelete", DELETE, {"i": {"id": cid}}),
        ("messageSend", SEND, {"i": {"conversationId": cid, "content": "hi"}}),
        ("messageStop", STOP, {"i": {"id": sent["assistantMessage"]["id"]}}),
        ("messageRegenerate", REGENERATE, {"i": {"conversationId": cid}}),
        ("conversationCompress", COMPRESS, {"i": {"id": cid, "keepRecent": 1}}),
        ("conversationRestore", RESTORE, {"i": {"id": cid}}),
        # Ids of the wrong type or garbage are not found either.
        ("conversationUpdate", UPDATE, {"i": {"id": sent["userMessage"]["id"], "title": "x"}}),
        ("messageStop", STOP, {"i": {"id": "garbage"}}),
    ]
    for name, query, variables in attempts:
        assert await codes(api, name, query, variables, bob) == ["NOT_FOUND"], name

    # Nothing changed for Alice.
    still = await node(api, alice, cid)
    assert still is not None and still["title"] == "Private"
    assert [m["content"] for m in await messages(api, alice, cid)] == [
        "secret rules",
        "my secret question",
        final["message"]["content"],
    ]


async def test_models_lists_each_providers_models(api: Api) -> None:
    token = await api.user()
    ollama = (await api.data(MODELS, {"p": "OLLAMA"}, token))["models"]
    by_name = {m["name"]: m for m in ollama["nodes"]}
    assert ollama["totalCount"] == len(by_name)
    assert {"llama3.2:3b", "tiny:1b", "gemma3:4b"} <= set(by_name)
    # What a conversation with the model gets: the model's window, capped by OLLAMA_NUM_CTX_MAX (32768).
    assert by_name["llama3.2:3b"]["contextWindow"] == 32768 and by_name["tiny:1b"]["contextWindow"] == 2048
    assert [m["name"] for m in ollama["nodes"] if m["isDefault"]] == ["llama3.2:3b"]

    openai = (await api.data(MODELS, {"p": "OPENAI"}, token))["models"]
    names = {m["name"] for m in openai["nodes"]}
    assert names == {"gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"}
    assert "dall-e-3" not in names  # an image model is no chat model
    assert {m["name"]: m["contextWindow"] for m in openai["nodes"]}["gpt-4o"] == 128000
    assert [m["name"] for m in openai["nodes"] if m["isDefault"]] == ["gpt-4o-mini"]

    body = await api.raw(MODELS, {"p": "OLLAMA"})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# -- sending and streaming ----------------------------------------------------------------------


@pytest.mark.parametrize("provider,model", [("OLLAMA", "llama3.2:3b"), ("OPENAI", "gpt-4o")])
async def test_send_streams_an_answer_that_is_stored(stack: Running, provider: str, model: str) -> None:
    api = stack.api
    token = await api.user()
    conversation = await create_conversation(
        api, token, model=model, provider=provider, systemContext="Answer briefly."
    )

    sent = await send_message(api, token, conversation["id"], "  What is a river?  ")
    question, answer = sent["userMessage"], sent["assistantMessage"]
    assert question["role"] == "USER" and question["content"] == "What is a river?"
    assert question["status"] == "COMPLETE"
    assert answer["role"] == "ASSISTANT" and answer["status"] == "STREAMING" and answer["content"] == ""
    assert answer["error"] is None

    events = await follow(api, MESSAGE_STREAM, {"id": answer["id"]}, token)
    final = events[-1]
    assert final["status"] == "COMPLETE" and final["errorCode"] is None
    text = final["message"]["content"]
    assert text.startswith(f"Mock answer from {model} to") and "What is a river?" in text
    assert joined(events) == text  # exactly: nothing lost, nothing doubled
    assert len(events) > 2  # really streamed: text so far, deltas, end
    assert final["message"]["status"] == "COMPLETE" and final["message"]["tokenCount"] == FAST_TOKENS

    stored = await node(api, token, answer["id"])
    assert stored is not None and stored["content"] == text and stored["status"] == "COMPLETE"
    assert stored["conversation"]["id"] == conversation["id"]
    listed = await messages(api, token, conversation["id"])
    assert [(m["role"], m["content"]) for m in listed] == [
        ("SYSTEM", "Answer briefly."),
        ("USER", "What is a river?"),
        ("ASSISTANT", text),
    ]
    after = await node(api, token, conversation["id"])
    assert after is not None and after["tokenCount"] > FAST_TOKENS and 0 < after["tokenUsage"] < 1
    assert after["messageCount"] == 3

    # A subscriber after the end gets the stored answer in one final event.
    again = await follow(api, MESSAGE_STREAM, {"id": answer["id"]}, token)
    assert len(again) == 1 and again[0]["status"] == "COMPLETE" and again[0]["delta"] == text

    # An untitled conversation is named from its first exchange (in the background, shortly after).
    async def titled() -> str | None:
        current = await node(api, token, conversation["id"])
        return current["title"] if current else None

    title = await poll(titled)
    assert 0 < len(title) <= 80 and "\n" not in title


async def test_a_titled_conversation_keeps_its_title(api: Api) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token, title="My own title")
    untitled = await create_conversation(api, token)
    await exchange(api, token, conversation["id"], "hello")
    await exchange(api, token, untitled["id"], "hello")

    async def titled() -> bool:
        current = await node(api, token, untitled["id"])
        return bool(current and current["title"])

    await poll(titled)  # by now the titled one would have been renamed too, had it been
    current = await node(api, token, conversation["id"])
    assert current is not None and current["title"] == "My own title"


async def test_send_validation(api: Api) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token)
    for content in ("", "   \n"):
        errors = await errors_of(
            api, "messageSend", SEND, {"i": {"conversationId": conversation["id"], "content": content}}, token
        )
        assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "content"])]
    too_long = {"i": {"conversationId": conversation["id"], "content": "x" * 100_001}}
    assert await codes(api, "messageSend", SEND, too_long, token) == ["TOO_LONG"]
    assert await messages(api, token, conversation["id"]) == []
    body = await api.raw(SEND, {"i": {"conversationId": conversation["id"], "content": "hi"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_late_subscribers_catch_up_to_the_same_text(slow_stack: Running) -> None:
    """In production the answer is written by the arq worker: catching up goes through Redis."""
    api = slow_stack.api
    token = await api.user()
    conversation = await create_conversation(api, token, title="Late join")
    sent = await send_message(api, token, conversation["id"], "Tell me a long story")
    answer_id = sent["assistantMessage"]["id"]

    async with api.subscribe(MESSAGE_STREAM, {"id": answer_id}, token) as early:
        seen: list[dict[str, Any]] = []
        while len(seen) < SLOW_TOKENS // 4:
            event = await next_event(early)
            assert event["status"] == "STREAMING", event
            seen.append(event)
        so_far = joined(seen)
        async with api.subscribe(MESSAGE_STREAM, {"id": answer_id}, token) as late:
            first = await next_event(late)
            assert first["status"] == "STREAMING" and first["message"] is None
            # The late subscriber's first event holds at least everything the early one has seen.
            assert first["delta"].startswith(so_far) and len(first["delta"]) >= len(so_far) > 0
            late_events = [first] + [item["messageStream"] for item in await late.collect(30)]
        early_events = seen + [item["messageStream"] for item in await early.collect(30)]

    for events in (early_events, late_events):
        assert events[-1]["status"] == "COMPLETE"
        assert all(e["status"] == "STREAMING" for e in events[:-1])
    text = early_events[-1]["message"]["content"]
    assert len(text.split()) == SLOW_TOKENS
    assert joined(early_events) == text and joined(late_events) == text
    assert late_events[-1]["message"]["content"] == text
    assert len(late_events) < len(early_events)  # it really joined halfway

    stored = await node(api, token, answer_id)
    assert stored is not None and stored["content"] == text and stored["status"] == "COMPLETE"

    after = await follow(api, MESSAGE_STREAM, {"id": answer_id}, token)
    assert [(e["status"], e["delta"]) for e in after] == [("COMPLETE", text)]
    assert after[0]["message"]["content"] == text


async def test_stop_keeps_the_partial_answer(slow_stack: Running) -> None:
    api = slow_stack.api
    token = await api.user()
    conversation = await create_conversation(api, token, title="Stop")
    sent = await send_message(api, token, conversation["id"], "Tell me everything")
    answer_id = sent["assistantMessage"]["id"]

    async with api.subscribe(MESSAGE_STREAM, {"id": answer_id}, token) as sub:
        events = [await next_event(sub)]
        while not joined(events):
            events.append(await next_event(sub))

        # While it streams, nothing else may start in this conversation.
        busy = {"i": {"conversationId": conversation["id"], "content": "and another thing"}}
        assert await codes(api, "messageSend", SEND, busy, token) == ["CONFLICT"]
        regenerate = {"i": {"conversationId": conversation["id"]}}
        assert await codes(api, "messageRegenerate", REGENERATE, regenerate, token) == ["CONFLICT"]

        stopped = await api.mutate("messageStop", STOP, {"i": {"id": answer_id}}, token)
        assert stopped["message"]["id"] == answer_id
        events += [item["messageStream"] for item in await sub.collect(30)]

    final = events[-1]
    assert final["status"] == "STOPPED" and all(e["status"] == "STREAMING" for e in events[:-1])
    text = final["message"]["content"]
    assert final["message"]["status"] == "STOPPED"
    assert text and joined(events) == text
    # messageStop answered with the message as stored after the stop, not a copy from while it streamed.
    assert (stopped["message"]["status"], stopped["message"]["content"]) == ("STOPPED", text)
    assert text.startswith("Mock answer from") and len(text.split()) < SLOW_TOKENS

    stored = await node(api, token, answer_id)
    assert stored is not None and stored["status"] == "STOPPED" and stored["content"] == text
    assert [m["content"] for m in await messages(api, token, conversation["id"])] == ["Tell me everything", text]
    assert await codes(api, "messageStop", STOP, {"i": {"id": answer_id}}, token) == ["INVALID"]
    assert await codes(api, "messageStop", STOP, {"i": {"id": sent["userMessage"]["id"]}}, token) == ["INVALID"]
    later = await follow(api, MESSAGE_STREAM, {"id": answer_id}, token)
    assert [(e["status"], e["delta"]) for e in later] == [("STOPPED", text)]

    # The conversation goes on: the next message is answered.
    again = await send_message(api, token, conversation["id"], "shorter please")
    stopped = await api.mutate("messageStop", STOP, {"i": {"id": again["assistantMessage"]["id"]}}, token)
    ended = await follow(api, MESSAGE_STREAM, {"id": again["assistantMessage"]["id"]}, token)
    assert ended[-1]["status"] == "STOPPED" and joined(ended) == ended[-1]["message"]["content"]
    assert stopped["message"] == ended[-1]["message"]


async def streaming_answer(running: Running, token: str, *, status: JobStatus, heartbeat_age: float) -> tuple[str, str]:
    """An answer that is STREAMING ("Half an ans" so far) whose job is in `status`, its heartbeat `heartbeat_age`
    seconds ago — and no worker that will ever write its end: (conversation id, message id)."""
    conversation = await create_conversation(running.api, token, title="Orphan")
    conversation_key = uuid.UUID(str(decode_id(conversation["id"])[1]))  # type: ignore[index]  # a valid id
    now = utcnow()
    async with running.app.state.container.uow() as uow:
        owner = (await uow.conversations.get_for_update(conversation_key)).user_id
        job = Job(
            user_id=owner,
            kind=JobKind("CHAT_REPLY"),
            status=status,
            attempts=1,
            created_at=now,
            updated_at=now,
            started_at=now,
            heartbeat_at=now - timedelta(seconds=heartbeat_age),
        )
        message = Message(
            conversation_id=conversation_key,
            user_id=owner,
            role=Role.ASSISTANT,
            content="Half an ans",
            position=1,
            status=StreamStatus.STREAMING,
            job_id=job.id,
            created_at=now,
            updated_at=now,
        )
        job.payload = {"message_id": str(message.id)}
        await uow.jobs.add(job)
        await uow.messages.add(message)
        await uow.commit()
    return conversation["id"], encode_id("Message", message.id)


async def test_stop_ends_an_answer_that_no_live_job_will_end(stack: Running) -> None:
    """Its job has ended without ending it, or its worker is gone (a heartbeat older than
    JOB_STALE_AFTER_SECONDS): messageStop records the stop itself, at once. Its job looks alive but never
    answers: it records it after waiting 5 seconds, no longer."""
    api = stack.api
    token = await api.user()
    cases = ((JobStatus.FAILED, 3600.0, False), (JobStatus.RUNNING, 3600.0, False), (JobStatus.RUNNING, 0.0, True))
    for status, heartbeat_age, waits in cases:
        conversation_id, answer_id = await streaming_answer(stack, token, status=status, heartbeat_age=heartbeat_age)
        started = time.monotonic()
        stopped = await api.mutate("messageStop", STOP, {"i": {"id": answer_id}}, token)
        took = time.monotonic() - started
        assert (stopped["message"]["status"], stopped["message"]["content"]) == ("STOPPED", "Half an ans")
        assert took < 7 and (took > 4.5) == waits, took
        # The stream ends with it, and the conversation goes on.
        ended = await follow(api, MESSAGE_STREAM, {"id": answer_id}, token)
        assert [(e["status"], e["delta"]) for e in ended] == [("STOPPED", "Half an ans")]
        assert (await node(api, token, answer_id) or {})["status"] == "STOPPED"
        _, final = await exchange(api, token, conversation_id, "Anyone there?")
        assert final["status"] == "COMPLETE"


async def test_regenerate_supersedes_the_last_answer(api: Api) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token, title="Regenerate")
    assert await codes(api, "messageRegenerate", REGENERATE, {"i": {"conversationId": conversation["id"]}}, token) == [
        "INVALID"
    ]
    sent, first = await exchange(api, token, conversation["id"], "Name a colour")
    old_id = sent["assistantMessage"]["id"]

    regenerated = await api.mutate(
        "messageRegenerate", REGENERATE, {"i": {"conversationId": conversation["id"]}}, token
    )
    new = regenerated["message"]
    assert new["id"] != old_id and new["role"] == "ASSISTANT" and new["status"] == "STREAMING"
    events = await follow(api, MESSAGE_STREAM, {"id": new["id"]}, token)
    assert events[-1]["status"] == "COMPLETE" and joined(events) == events[-1]["message"]["content"] != ""

    visible = await messages(api, token, conversation["id"])
    assert [(m["id"], m["superseded"]) for m in visible] == [(sent["userMessage"]["id"], False), (new["id"], False)]
    everything = await messages(api, token, conversation["id"], includeSuperseded=True)
    assert [(m["id"], m["superseded"]) for m in everything] == [
        (sent["userMessage"]["id"], False),
        (old_id, True),
        (new["id"], False),
    ]
    old = await node(api, token, old_id)
    assert old is not None and old["superseded"] is True and old["content"] == first["message"]["content"]
    counted = await node(api, token, conversation["id"])
    assert counted is not None and counted["messageCount"] == 2


# -- provider faults ----------------------------------------------------------------------------

FAULTS = [
    ("OLLAMA", "0002", "INVALID_API_KEY"),
    ("OPENAI", "0002", "INVALID_API_KEY"),
    ("OLLAMA", "0003", "PROVIDER_UNAVAILABLE"),
    ("OPENAI", "0003", "PROVIDER_UNAVAILABLE"),
    ("OLLAMA", "0008", "QUOTA_EXCEEDED"),
    ("OPENAI", "0008", "QUOTA_EXCEEDED"),
    ("OPENAI", "0009", "CONTENT_POLICY"),
]
MODEL = {"OLLAMA": "llama3.2:3b", "OPENAI": "gpt-4o"}


@pytest.mark.parametrize("provider", ["OLLAMA", "OPENAI"])
async def test_provider_faults_fail_the_answer_and_keep_the_conversation(api: Api, provider: str) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token, model=MODEL[provider], provider=provider, title="Faults")
    _, good = await exchange(api, token, conversation["id"], "A first question")
    expected = [("USER", "A first question", "COMPLETE"), ("ASSISTANT", good["message"]["content"], "COMPLETE")]

    for trigger, code in [(t, c) for p, t, c in FAULTS if p == provider]:
        question = f"Please answer {trigger} now"
        sent, final = await exchange(api, token, conversation["id"], question)
        assert final["status"] == "FAILED" and final["errorCode"] == code, (trigger, final)
        message = final["message"]
        assert message["status"] == "FAILED" and message["content"] == ""
        assert message["error"]["code"] == code and message["error"]["message"]
        stored = await node(api, token, sent["assistantMessage"]["id"])
        assert stored is not None and stored["error"]["code"] == code and stored["status"] == "FAILED"
        expected += [("USER", question, "COMPLETE"), ("ASSISTANT", "", "FAILED")]

    # Failing mid-stream keeps what was written, and it equals what subscribers saw.
    sent, final = await exchange(api, token, conversation["id"], "Break in the middle 0005")
    assert final["status"] == "FAILED" and final["errorCode"] == "PROVIDER_UNAVAILABLE"
    partial = final["message"]["content"]
    assert partial.startswith("Mock answer from") and len(partial.split()) == 10
    stored = await node(api, token, sent["assistantMessage"]["id"])
    assert stored is not None and stored["content"] == partial and stored["error"]["code"] == "PROVIDER_UNAVAILABLE"
    expected += [("USER", "Break in the middle 0005", "COMPLETE"), ("ASSISTANT", partial, "FAILED")]

    # Overloaded once (503) and rate limited once (429, Retry-After: 1): the adapter retried, the answer came.
    for trigger in ("0004", "0007"):
        question = f"Retry me {trigger}"
        _, final = await exchange(api, token, conversation["id"], question)
        assert final["status"] == "COMPLETE" and final["errorCode"] is None, (trigger, final)
        assert final["message"]["error"] is None and len(final["message"]["content"].split()) == FAST_TOKENS
        expected += [("USER", question, "COMPLETE"), ("ASSISTANT", final["message"]["content"], "COMPLETE")]

    # Nothing stored was lost.
    listed = await messages(api, token, conversation["id"])
    assert [(m["role"], m["content"], m["status"]) for m in listed] == expected


@pytest.mark.parametrize(("provider", "model"), [("OLLAMA", "llama3.2:3b"), ("OPENAI", "gpt-4o")])
async def test_a_model_that_is_not_offered(embedded: Running, provider: str, model: str) -> None:
    api = embedded.api
    token = await api.user()
    # The provider's list can be read: an unknown model is refused up front, naming what is offered.
    body = await api.data(CREATE, {"i": {"model": "no-such-model:9b", "provider": provider}}, token)
    errors = body["conversationCreate"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "model"], "NOT_FOUND")]
    assert model in errors[0]["message"]

    # A model that went away after the conversation began (removed from Ollama, retired by OpenAI) fails
    # the answer with MODEL_NOT_FOUND, and the question stays.
    conversation = await create_conversation(api, token, model=model, provider=provider, title="Gone")
    async with embedded.app.state.container.uow() as uow:
        row = await uow.conversations.get_for_update(uuid.UUID(decode_id(conversation["id"])[1]))  # type: ignore[index]
        row.model = "no-such-model:9b"
        await uow.commit()
    sent, final = await exchange(api, token, conversation["id"], "hello?")
    assert final["status"] == "FAILED" and final["errorCode"] == "MODEL_NOT_FOUND"
    assert final["message"]["error"]["code"] == "MODEL_NOT_FOUND"
    listed = await messages(api, token, conversation["id"])
    assert [(m["id"], m["status"]) for m in listed] == [
        (sent["userMessage"]["id"], "COMPLETE"),
        (sent["assistantMessage"]["id"], "FAILED"),
    ]


# What OPENAI_CHAT_MODELS offers in the test below: one model the mock lists and two it does not.
CONFIGURED = ("gpt-4.1-mini", "gpt-4", "gpt-3.5-turbo")


@pytest.mark.parametrize(
    ("key", "listed"),
    [
        # The list is read: the configured models the provider lists.
        pytest.param("sk-mock", ["gpt-4.1-mini"], id="listed"),
        # aitestmock reads a test number from the key of GET /v1/models: 0003 → 500 with an HTML page,
        # 0002 → 401 invalid_api_key.
        pytest.param("sk-mock-0003", list(CONFIGURED), id="html-500"),
        pytest.param("sk-mock-0002", list(CONFIGURED), id="json-401"),
    ],
)
async def test_openai_models_fall_back_to_the_configured_list_when_models_cannot_be_read(
    embedded_settings: Settings, key: str, listed: list[str]
) -> None:
    """`models(provider: OPENAI)` against aitestmock (its own server) whose `/v1/models` fails as the key asks: the
    configured list stands in, in its order, with the windows a conversation gets. The catalogue's rule
    (`domain/llm/catalogue.py: check_offered`) then holds `conversationCreate` to that list: a model outside it is
    a NOT_FOUND user error naming what is offered, even one the provider would serve."""
    async with serving(create_app(MockConfig(token_delay=0, token_count=5))) as mock:
        openai = embedded_settings.openai.replace(
            base_url=f"{mock}/v1", api_key=key, chat_models=CONFIGURED, default_model="gpt-4"
        )
        async with serve(embedded_settings.replace(openai=openai), worker=False) as running:
            api = running.api
            token = await api.user()
            models = (await api.data(MODELS, {"p": "OPENAI"}, token))["models"]
            windows = {"gpt-4.1-mini": 128_000, "gpt-4": 8_192, "gpt-3.5-turbo": 16_385}
            assert models["nodes"] == [
                {"name": name, "contextWindow": windows[name], "isDefault": name == "gpt-4"} for name in listed
            ]
            assert models["totalCount"] == len(listed)

            # A model the provider serves but the operator did not configure is refused, naming the offered.
            body = await api.data(CREATE, {"i": {"model": "gpt-4o", "provider": "OPENAI"}}, token)
            errors = body["conversationCreate"]["userErrors"]
            assert [(e["field"], e["code"]) for e in errors] == [(["input", "model"], "NOT_FOUND")]
            assert errors[0]["message"] == (f"OpenAI does not offer the model 'gpt-4o' (offered: {', '.join(listed)}).")
            # A model of the list shown is accepted, with the window the list shows for it.
            chosen = listed[-1]
            created = await create_conversation(api, token, model=chosen, provider="OPENAI")
            assert (created["model"], created["contextWindow"]) == (chosen, windows[chosen])


# -- compression --------------------------------------------------------------------------------


async def test_compress_archives_older_messages_and_restore_brings_them_back(api: Api) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token, title="Compress me", systemContext="Be helpful.")
    cid = conversation["id"]

    # Too few messages: nothing to do, no error.
    await exchange(api, token, cid, "Question one")
    payload = await api.mutate("conversationCompress", COMPRESS, {"i": {"id": cid}}, token)
    assert payload["archivedCount"] == 0 and payload["summary"] is None
    for keep in (0, 21, -1):
        errors = await errors_of(api, "conversationCompress", COMPRESS, {"i": {"id": cid, "keepRecent": keep}}, token)
        assert [e["code"] for e in errors] == ["INVALID"], keep

    await exchange(api, token, cid, "Question two")
    await exchange(api, token, cid, "Question three")
    originals = await messages(api, token, cid)
    assert [m["role"] for m in originals] == ["SYSTEM"] + ["USER", "ASSISTANT"] * 3

    # keepRecent defaults to 2: the four oldest non-system messages go behind one summary.
    payload = await api.mutate("conversationCompress", COMPRESS, {"i": {"id": cid}}, token)
    assert payload["archivedCount"] == 4 and payload["usedFallback"] is False
    summary = payload["summary"]
    assert summary["isSummary"] is True and summary["content"].startswith("[Summary: 4 msgs archived]")
    visible = await messages(api, token, cid)
    assert [m["id"] for m in visible] == [originals[0]["id"], summary["id"], originals[5]["id"], originals[6]["id"]]
    assert [m["isSummary"] for m in visible] == [False, True, False, False]
    archive = await messages(api, token, cid, includeArchived=True)
    assert [m["id"] for m in archive] == [m["id"] for m in originals]
    assert [m["archived"] for m in archive] == [False, True, True, True, True, False, False]
    assert not any(m["isSummary"] for m in archive)
    assert [m["content"] for m in archive] == [m["content"] for m in originals]

    # Export: the visible messages, or the archived originals in their place.
    markdown = (await api.data(EXPORT, {"id": cid, "format": "MARKDOWN", "archived": False}, token))["node"]["export"]
    assert markdown.startswith("# Compress me") and "[Summary: 4 msgs archived]" in markdown
    assert "Question three" in markdown and "Question one" not in markdown
    full = (await api.data(EXPORT, {"id": cid, "format": "MARKDOWN", "archived": True}, token))["node"]["export"]
    assert "Question one" in full and "[Summary:" not in full and "(archived)" in full
    exported = json.loads(
        (await api.data(EXPORT, {"id": cid, "format": "JSON", "archived": True}, token))["node"]["export"]
    )
    assert exported["conversation"]["title"] == "Compress me" and exported["conversation"]["provider"] == "OLLAMA"
    assert [(m["content"], m["archived"]) for m in exported["messages"]] == [
        (m["content"], a) for m, a in zip(originals, [False, True, True, True, True, False, False], strict=True)
    ]
    shown = json.loads(
        (await api.data(EXPORT, {"id": cid, "format": "JSON", "archived": False}, token))["node"]["export"]
    )
    assert [m["isSummary"] for m in shown["messages"]] == [False, True, False, False]

    # Compress again: the summary itself is archived behind a new one (nested).
    payload = await api.mutate("conversationCompress", COMPRESS, {"i": {"id": cid, "keepRecent": 1}}, token)
    assert payload["archivedCount"] == 2
    assert payload["summary"]["content"].startswith("[Summary: 2 msgs archived]")
    visible = await messages(api, token, cid)
    assert [m["id"] for m in visible] == [originals[0]["id"], payload["summary"]["id"], originals[6]["id"]]
    archive = await messages(api, token, cid, includeArchived=True)
    assert [m["id"] for m in archive] == [m["id"] for m in originals]

    # Restore: every original back, every summary gone (the nested one too).
    restored = await api.mutate("conversationRestore", RESTORE, {"i": {"id": cid}}, token)
    assert restored["restoredCount"] == 5
    visible = await messages(api, token, cid)
    assert [(m["id"], m["content"], m["archived"]) for m in visible] == [
        (m["id"], m["content"], False) for m in originals
    ]
    assert await messages(api, token, cid, includeArchived=True, includeSuperseded=True) == visible
    for old in (summary["id"], payload["summary"]["id"]):
        assert await node(api, token, old) is None
    shown = json.loads(
        (await api.data(EXPORT, {"id": cid, "format": "JSON", "archived": False}, token))["node"]["export"]
    )
    assert not any(m["isSummary"] for m in shown["messages"]) and len(shown["messages"]) == 7
    again = await api.mutate("conversationRestore", RESTORE, {"i": {"id": cid}}, token)
    assert again["restoredCount"] == 0

    # The conversation goes on after a restore.
    _, final = await exchange(api, token, cid, "Question four")
    assert final["status"] == "COMPLETE"


async def test_a_full_context_is_compressed_before_the_next_answer(api: Api) -> None:
    token = await api.user()
    conversation = await create_conversation(api, token, model="tiny:1b", title="Tiny window")
    cid = conversation["id"]
    assert conversation["contextWindow"] == 2048

    # ~2500 tokens of question: the mock counts the prompt up to the window (num_ctx 2048).
    long_text = "Please consider this paragraph carefully. " * 240
    await exchange(api, token, cid, long_text)
    full = await node(api, token, cid)
    assert full is not None and full["tokenCount"] >= 0.85 * 2048 and full["tokenUsage"] >= 0.85
    assert not any(m["isSummary"] for m in await messages(api, token, cid))

    _, final = await exchange(api, token, cid, "And now a short one")
    assert final["status"] == "COMPLETE"
    visible = await messages(api, token, cid)
    assert [m["isSummary"] for m in visible] == [True, False, False, False]
    assert visible[0]["content"].startswith("[Summary: 1 msgs archived]")
    archive = await messages(api, token, cid, includeArchived=True)
    assert [(m["content"], m["archived"]) for m in archive[:1]] == [(long_text.strip(), True)]
    after = await node(api, token, cid)
    assert after is not None and after["tokenUsage"] < 0.85


async def test_stop_while_compressing_ends_the_answer_and_the_conversation_goes_on(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer's job summarises a full context before it asks for the answer: a stop in that phase
    (no token written yet) must still end the message, or the conversation refuses every later one."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", "20")
    monkeypatch.setenv("AITESTMOCK_TOKENS", "50")  # every answer, the summary too, takes about 1 s
    async with serve(embedded_settings) as running:
        api = running.api
        token = await api.user()
        conversation = await create_conversation(api, token, model="tiny:1b", title="Stop while compressing")
        cid = conversation["id"]
        await exchange(api, token, cid, "Please consider this paragraph carefully. " * 240)

        sent = await send_message(api, token, cid, "Next question")
        answer_id = sent["assistantMessage"]["id"]
        async with api.subscribe(MESSAGE_STREAM, {"id": answer_id}, token) as sub:
            assert await next_event(sub) == {"delta": "", "status": "STREAMING", "errorCode": None, "message": None}
            await asyncio.sleep(0.3)  # the job is now waiting for the summary
            await api.mutate("messageStop", STOP, {"i": {"id": answer_id}}, token)
            events = [item["messageStream"] for item in await sub.collect(10)]
        assert [(e["status"], e["delta"]) for e in events] == [("STOPPED", "")]
        assert events[0]["message"]["status"] == "STOPPED"
        stored = await node(api, token, answer_id)
        assert stored is not None and stored["status"] == "STOPPED"
        assert not any(m["isSummary"] for m in await messages(api, token, cid))

        # Not stuck: the next message is accepted, compressed and answered.
        _, final = await exchange(api, token, cid, "Once more")
        assert final["status"] == "COMPLETE"
        assert [m["isSummary"] for m in await messages(api, token, cid)] == [True, False, False, False]


# -- subscriptions: authentication and ownership -----------------------------------------------


async def test_message_stream_needs_a_token_and_ownership(api: Api) -> None:
    alice = await api.user()
    bob = await api.user(admin_token=alice)
    conversation = await create_conversation(api, alice, title="Mine")
    sent, final = await exchange(api, alice, conversation["id"], "hello")

    url = api.base_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init"}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            message = await asyncio.wait_for(ws.recv(), 10)
            pytest.fail(f"expected the connection to be closed, got {message}")
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403

    for message_id in (sent["assistantMessage"]["id"], encode_id("Message", uuid.uuid4()), "garbage"):
        async with api.subscribe(MESSAGE_STREAM, {"id": message_id}, bob) as sub:
            with pytest.raises(GraphQLError) as error:
                await sub.next(10)
            errors = json.loads(str(error.value))
            assert errors[0]["extensions"]["code"] == "NOT_FOUND", errors

    events = await follow(api, MESSAGE_STREAM, {"id": sent["assistantMessage"]["id"]}, alice)
    assert [e["delta"] for e in events] == [final["message"]["content"]]
