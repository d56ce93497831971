"""Songwriting: the LyricRule and LyricArchitecture nodes; the rule, architecture, AI tool and sketch description
mutations. Builders the songwriting tests share live here too."""

from __future__ import annotations

from typing import Any

from api.ids import encode_id
from tests.support import ERRORS, LONG, Api, AreaCases, MutationCases, create_sketch, invalid_request, user_errors

RULE_FIELDS = """id key name description pattern replacement kind active position isDefault isModified updatedAt"""
RULE_CREATE = f"""mutation($i: LyricRuleCreateInput!) {{ lyricRuleCreate(input: $i) {{
    lyricRule {{ {RULE_FIELDS} }} {ERRORS} }} }}"""
ARCHITECTURE_FIELDS = "id name sections labels text isDefault"
ARCHITECTURE_CREATE = f"""mutation($i: LyricArchitectureCreateInput!) {{ lyricArchitectureCreate(input: $i) {{
    lyricArchitecture {{ {ARCHITECTURE_FIELDS} }} {ERRORS} }} }}"""
TRIM = encode_id("LyricRule", "remove-trailing-spaces")  # a shipped rule's id


async def create_rule(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    """lyricRuleCreate: the payload."""
    values = {"name": "Shout", "pattern": "!+", "replacement": "!", **fields}
    return await api.payload("lyricRuleCreate", RULE_CREATE, {"i": values}, token)


async def rule(api: Api, token: str) -> str:
    made = await create_rule(api, token)
    assert made["userErrors"] == [], made
    return str(made["lyricRule"]["id"])


async def create_architecture(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    values = {"name": "Ballad", "sections": ["INTRO", "VERSE", "CHORUS", "VERSE", "CHORUS", "OUTRO"], **fields}
    return await api.payload("lyricArchitectureCreate", ARCHITECTURE_CREATE, {"i": values}, token)


async def architecture(api: Api, token: str) -> str:
    made = await create_architecture(api, token)
    assert made["userErrors"] == [], made
    return str(made["lyricArchitecture"]["id"])


async def sketch_with_lyrics(api: Api, token: str) -> str:
    return str((await create_sketch(api, token, select="id", lyrics="I walk alone\nthrough the night"))["id"])


SONG = "**Verse 1**\nI walk alone\nthrough the night\n\n**Chorus**\nWe burn"

CASES = AreaCases(
    nodes={"LyricRule": rule, "LyricArchitecture": architecture},
    mutations=[
        MutationCases(
            "lyricRuleCreate",
            "LyricRuleCreateInput!",
            "lyricRule { id }",
            lambda o: [
                *user_errors(
                    {"name": "", "pattern": ""},
                    {"name": "x", "pattern": "(a"},
                    {"name": "x", "pattern": "(a)", "replacement": "$2"},
                    {"name": "x", "pattern": "a", "replacement": "\\q"},
                    {"name": LONG, "pattern": "a" * 501, "replacement": "b" * 501},
                    {"name": "remove trailing spaces", "pattern": "a"},  # a shipped rule's name, any case
                    {"name": "x", "pattern": "   "},  # blank
                ),
                *invalid_request({"name": "x"}, {"pattern": "a"}, {"name": "x", "pattern": "a", "kind": "SOMETIMES"}),
            ],
        ),
        MutationCases(
            "lyricRuleUpdate",
            "LyricRuleUpdateInput!",
            "lyricRule { id }",
            lambda o: [
                *o.ids("id", "LyricRule", name="x"),
                *user_errors(
                    {"id": TRIM, "pattern": "(x"},
                    {"id": TRIM, "replacement": "$1"},  # the shipped pattern has no group 1
                    {"id": o.mine["LyricRule"], "name": None, "pattern": None, "replacement": None},
                    {"id": o.mine["LyricRule"], "name": "Remove Trailing Spaces"},
                ),
            ],
        ),
        MutationCases(
            "lyricRuleReset",
            "LyricRuleIdInput!",
            "lyricRule { id }",
            lambda o: [*o.ids("id", "LyricRule"), *user_errors({"id": o.mine["LyricRule"]})],  # own: nothing to reset
        ),
        MutationCases(
            "lyricRuleDelete",
            "LyricRuleIdInput!",
            "deletedLyricRuleId",
            lambda o: [*o.ids("id", "LyricRule"), *user_errors({"id": TRIM})],  # shipped: switch it off instead
        ),
        MutationCases(
            "lyricRulesReorder",
            "LyricRulesReorderInput!",
            "lyricRules { id }",
            lambda o: [
                *user_errors(
                    {"ids": []}, {"ids": ["garbage"]}, {"ids": [TRIM, TRIM]}, {"ids": [o.theirs["LyricRule"]]}
                ),
                *invalid_request({"ids": None}, {"ids": [TRIM] * 101}),
            ],
        ),
        MutationCases(
            "lyricArchitectureCreate",
            "LyricArchitectureCreateInput!",
            "lyricArchitecture { id }",
            lambda o: [
                *user_errors(
                    {"name": " ", "sections": []},
                    {"name": "x", "sections": ["INTRO", "VERSE", "INTRO"]},
                    {"name": "x", "sections": ["VERSE", "OUTRO", "OUTRO"]},
                    {"name": "x", "sections": ["VERSE", "OTHER"]},
                    {"name": LONG, "sections": ["VERSE"] * 33},
                    {"name": "ballad", "sections": ["VERSE"]},  # taken (the builder's), any case
                ),
                *invalid_request({"name": "x"}, {"name": "x", "sections": ["VERSE2"]}),
            ],
        ),
        MutationCases(
            "lyricArchitectureUpdate",
            "LyricArchitectureUpdateInput!",
            "lyricArchitecture { id }",
            lambda o: [
                *o.ids("id", "LyricArchitecture", name="x"),
                *user_errors(
                    {"id": o.mine["LyricArchitecture"], "sections": ["OUTRO", "OUTRO"]},
                    {"id": o.mine["LyricArchitecture"], "name": None, "sections": None, "isDefault": None},
                ),
            ],
        ),
        MutationCases(
            "lyricArchitectureDelete",
            "LyricArchitectureIdInput!",
            "deletedLyricArchitectureId",
            lambda o: o.ids("id", "LyricArchitecture"),
        ),
        MutationCases(
            "lyricsSectionTool",
            "LyricsSectionToolInput!",
            "generation { id }",
            lambda o: [
                *user_errors(
                    {"tool": "IMPROVE", "song": "  "},
                    {"tool": "IMPROVE", "song": SONG},  # no section
                    {"tool": "REWRITE", "song": SONG, "section": 7},
                    {"tool": "EXTEND", "song": SONG, "section": 0},  # no lines
                    {"tool": "EXTEND", "song": SONG, "section": 0, "lines": 17},
                    {"tool": "TRANSLATE", "song": "x" * 10_001},
                    {"tool": "IMPROVE", "song": "**Intro**\n**Verse**\nx", "section": 0},  # an empty section
                ),
                *invalid_request({"song": SONG}, {"tool": "POLISH", "song": SONG}),
            ],
        ),
        MutationCases(
            "lyricsGenerate",
            "LyricsGenerateInput!",
            "generation { id }",
            lambda o: [
                *user_errors(
                    {"text": " "},
                    {"text": "x" * 2001},
                    {"text": "love", "structure": {"sections": ["INTRO", "INTRO"]}},
                    {"text": "love", "structure": {"architectureId": o.theirs["LyricArchitecture"]}},
                    {"text": "love", "structure": {"architectureId": "garbage"}},
                ),
                *invalid_request({"structure": {"sections": ["VERSE"]}}),
            ],
        ),
        MutationCases(
            "musicStylePromptTool",
            "MusicStylePromptToolInput!",
            "generation { id }",
            lambda o: [
                *user_errors({"tool": "ENHANCE", "text": " "}, {"tool": "TRANSLATE", "text": "x" * 1025}),
                *invalid_request({"text": "rock"}, {"tool": "ENHANCE_SUNO", "text": "rock", "voice": "ROBOT"}),
            ],
        ),
        MutationCases(
            "sketchDescribe",
            "SketchDescribeInput!",
            "sketch { id } job { id }",
            lambda o: [*o.ids("id", "Sketch"), *user_errors({"id": o.mine["Sketch"]})],  # the builder's has no lyrics
        ),
    ],
)
