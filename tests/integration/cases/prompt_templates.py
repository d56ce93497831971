"""Prompt templates: the PromptTemplate node; promptTemplateCreate, promptTemplateUpdate, promptTemplateReset,
promptTemplateDelete."""

from __future__ import annotations

from tests.support import (
    LONG,
    Api,
    AreaCases,
    MutationCases,
    create_template,
    invalid_request,
    template_input,
    user_errors,
)


async def template(api: Api, token: str) -> str:
    return (await create_template(api, token, select="id"))["id"]


OWN = {k: template_input()[k] for k in ("category", "action")}  # the key of the template `template` makes

CASES = AreaCases(
    nodes={"PromptTemplate": template},
    mutations=[
        MutationCases(
            "promptTemplateCreate",
            "PromptTemplateCreateInput!",
            "promptTemplate { id }",
            lambda o: [
                *user_errors(
                    {"category": "", "action": "", "preCondition": "", "postCondition": ""},
                    {"category": "A B", "action": "../x", "preCondition": "p", "postCondition": "p"},
                    {"category": "c", "action": "a", "preCondition": LONG, "postCondition": "p", "temperature": 9},
                    {"category": "c", "action": "a", "preCondition": "p", "postCondition": "p", "active": None},
                    {"category": "titel", "action": "generate", "preCondition": "p", "postCondition": "p"},
                ),
                *invalid_request({"category": "c", "action": "a"}),
            ],
        ),
        MutationCases(
            "promptTemplateUpdate",
            "PromptTemplateUpdateInput!",
            "promptTemplate { id }",
            lambda o: [
                *user_errors(
                    {"category": "", "action": ""},
                    {"category": "no", "action": "such", "preCondition": "p"},
                    {"category": "titel", "action": "generate", "maxTokens": -1, "temperature": -1},
                    {"category": "titel", "action": "generate", "preCondition": None, "active": None},
                ),
                *invalid_request({"category": "titel", "action": None}),
            ],
        ),
        MutationCases(
            "promptTemplateReset",
            "PromptTemplateKeyInput!",
            "promptTemplate { id }",
            lambda o: [
                *user_errors({"category": "", "action": ""}, OWN),  # the caller's own: nothing to return to
                *invalid_request({"category": "titel"}),
            ],
        ),
        MutationCases(
            "promptTemplateDelete",
            "PromptTemplateKeyInput!",
            "promptTemplate { id }",
            lambda o: [
                *user_errors({"category": "", "action": ""}, {"category": "x" * 10_000, "action": "y"}),
                *invalid_request({"category": None, "action": None}),
            ],
        ),
    ],
)
