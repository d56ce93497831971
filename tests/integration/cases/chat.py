"""Chat: the Conversation and Message nodes; conversationCreate, conversationUpdate, conversationDelete,
conversationCompress, conversationRestore, messageSend, messageStop, messageRegenerate; the conversations list
with each conversation's messages (a nested connection), message count and export."""

from __future__ import annotations

import re
from typing import Any

from tests.support import (
    LONG,
    Api,
    AreaCases,
    ListCase,
    MutationCases,
    create_conversation,
    exchange,
    invalid_request,
    settle,
    user_errors,
)


async def conversation(api: Api, token: str) -> str:
    return (await create_conversation(api, token, select="id", title="Chat"))["id"]


async def message(api: Api, token: str) -> str:
    """An answer that has ended, so that nothing about it changes while the cases run."""
    sent, _ = await exchange(api, token, await conversation(api, token), "Hello")
    await settle(api, token)
    return sent["assistantMessage"]["id"]


async def seed_conversations(api: Api, token: str, n: int) -> None:
    """`n` conversations of three messages each (a system context, a question, its answer)."""
    for i in range(n):
        created = await create_conversation(api, token, select="id", title=f"Chat {i}", systemContext="Be brief.")
        await exchange(api, token, created["id"], f"Question {i}")
    await settle(api, token)


def check_conversations(data: Any, n: int) -> None:
    nodes = data["conversations"]["nodes"]
    assert len(nodes) == n
    for c in nodes:
        assert c["messageCount"] == 3 and c["messages"]["totalCount"] == 3, c
        assert [m["conversation"]["id"] for m in c["messages"]["nodes"]] == [c["id"]] * 3
        # Each conversation's own messages: "# Chat 7" holds "Question 7".
        number = c["export"].splitlines()[0].removeprefix("# Chat ")
        assert re.search(rf"\bQuestion {number}\b", c["export"]), c["export"]


CASES = AreaCases(
    nodes={"Conversation": conversation, "Message": message},
    mutations=[
        MutationCases(
            "conversationCreate",
            "ConversationCreateInput!",
            "conversation { id }",
            lambda o: [
                *user_errors(
                    {"model": ""},
                    {"model": "   "},
                    {"model": "x" * 101},
                    {"model": "no-such-model:1b"},  # not offered
                    {"model": "llama3.2:3b", "title": "x" * 256, "systemContext": LONG},
                ),
                *invalid_request({"model": None}, {"model": "llama3.2:3b", "provider": "NOPE"}),
            ],
        ),
        MutationCases(
            "conversationUpdate",
            "ConversationUpdateInput!",
            "conversation { id }",
            lambda o: [
                *o.ids("id", "Conversation"),
                *user_errors(
                    {"id": o.mine["Conversation"], "archived": None}, {"id": o.mine["Conversation"], "title": LONG}
                ),
            ],
        ),
        MutationCases(
            "conversationDelete",
            "ConversationIdInput!",
            "deletedConversationId",
            lambda o: o.ids("id", "Conversation"),
        ),
        MutationCases(
            "conversationCompress",
            "ConversationCompressInput!",
            "conversation { id }",
            lambda o: [
                *o.ids("id", "Conversation"),
                *user_errors(
                    {"id": o.mine["Conversation"], "keepRecent": 0}, {"id": o.mine["Conversation"], "keepRecent": 21}
                ),
            ],
        ),
        MutationCases(
            "conversationRestore",
            "ConversationIdInput!",
            "conversation { id }",
            lambda o: o.ids("id", "Conversation"),
        ),
        MutationCases(
            "messageSend",
            "MessageSendInput!",
            "userMessage { id } assistantMessage { id }",
            lambda o: [
                *o.ids("conversationId", "Conversation", content="hi"),
                *user_errors(
                    {"conversationId": o.mine["Conversation"], "content": "   "},
                    {"conversationId": o.mine["Conversation"], "content": LONG},
                ),
                *invalid_request({"conversationId": o.mine["Conversation"]}),
            ],
        ),
        MutationCases(
            "messageStop",
            "MessageIdInput!",
            "message { id }",
            lambda o: [*o.ids("id", "Message"), *user_errors({"id": o.mine["Message"]})],  # already finished
        ),
        MutationCases(
            "messageRegenerate",
            "MessageRegenerateInput!",
            "message { id }",
            lambda o: [
                *o.ids("conversationId", "Conversation"),
                *user_errors({"conversationId": o.mine["Conversation"]}),  # nothing in it to answer yet
            ],
        ),
    ],
    lists=[
        ListCase(
            "conversations { messages messageCount export }",
            """query($n: Int!) { conversations(first: $n) { nodes {
                id messageCount export
                messages(first: 5) { totalCount nodes { id conversation { id } } } } } }""",
            seed_conversations,
            check_conversations,
        ),
    ],
)
