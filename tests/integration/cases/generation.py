"""Generation: the Generation node (a finished template generation); templateGenerate."""

from __future__ import annotations

from tests.support import ERRORS, LONG, Api, AreaCases, MutationCases, invalid_request, user_errors


async def generation(api: Api, token: str) -> str:
    payload = await api.mutate(
        "templateGenerate",
        f"""mutation {{ templateGenerate(input: {{category: "titel", action: "generate", inputText: "rain",
            wait: true}}) {{ generation {{ id }} {ERRORS} }} }}""",
        token=token,
    )
    return payload["generation"]["id"]


CASES = AreaCases(
    nodes={"Generation": generation},
    mutations=[
        MutationCases(
            "templateGenerate",
            "TemplateGenerateInput!",
            "generation { id }",
            lambda o: [
                *user_errors(
                    {"category": "", "action": "", "inputText": "x"},
                    {"category": "nope", "action": "nope", "inputText": "x"},
                    {"category": "lyrics", "action": "generate", "inputText": "   "},
                    {"category": "lyrics", "action": "generate", "inputText": LONG},
                    {"category": "lyrics", "action": "generate", "inputText": "x", "userInstructions": LONG},
                ),
                *invalid_request({"category": None, "action": "generate", "inputText": "x"}),
            ],
        ),
    ],
)
