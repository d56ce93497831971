"""Songwriting through GraphQL, in both modes where the mode matters: the shipped lyric rules edited, reordered,
reset and joined by one whose replacement holds line breaks and backslashes (read back byte for byte); a rule
previewed on a text before it is saved, with its matches, and refused on its field when it cannot run; cleanup,
structure, rebuild and finalize on the shipped rules' examples; syllables and rhymes; architectures; an AI section
tool that streams and replaces only its section; music style tools; a sketch described by AI; rules and
architectures through export and import."""

from __future__ import annotations

import asyncio
from typing import Any

from api.ids import encode_id
from domain.songwriting.rule_defaults import DEFAULT_RULES
from tests.conftest import Running
from tests.integration.cases.songwriting import (
    ARCHITECTURE_FIELDS,
    RULE_FIELDS,
    create_architecture,
    create_rule,
    sketch_with_lyrics,
)
from tests.integration.test_image_archive import exported_archive
from tests.support import (
    ERRORS,
    SECTIONS,
    SKETCH_FIELDS,
    Api,
    GraphQLError,
    follow,
    import_archive,
    job_progress,
    joined,
)

RULES = f"""query($f: LyricRuleFilter) {{ lyricRules(first: 100, filter: $f) {{ totalCount
    nodes {{ {RULE_FIELDS} }} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on LyricRule {{ {RULE_FIELDS} }} }} }}"
UPDATE = f"""mutation($i: LyricRuleUpdateInput!) {{ lyricRuleUpdate(input: $i) {{
    lyricRule {{ {RULE_FIELDS} }} {ERRORS} }} }}"""
RESET = (
    f"""mutation($i: LyricRuleIdInput!) {{ lyricRuleReset(input: $i) {{ lyricRule {{ {RULE_FIELDS} }} {ERRORS} }} }}"""
)
DELETE = f"""mutation($i: LyricRuleIdInput!) {{ lyricRuleDelete(input: $i) {{ deletedLyricRuleId {ERRORS} }} }}"""
REORDER = f"""mutation($i: LyricRulesReorderInput!) {{ lyricRulesReorder(input: $i) {{
    lyricRules {{ key position }} {ERRORS} }} }}"""
CLEANUP = """query($t: String!, $r: [ID!]) { lyricsCleanup(text: $t, ruleIds: $r) {
    text changes { rule { key name } line before after } failures { rule { key } message } } }"""
PARSE = "query($t: String!) { lyricsParse(text: $t) { label kind number lines startLine endLine } }"
STRUCTURE = """query($t: String!, $s: LyricStructureInput) { lyricsApplyStructure(text: $t, structure: $s) {
    text unlabelledCount unusedLabels structure { sections labels text } } }"""
REBUILD = "query($t: String!) { lyricsRebuildArchitecture(text: $t) { sections labels text } }"
FINALIZE = """query($t: String!, $s: LyricStructureInput) { lyricsFinalize(text: $t, structure: $s) {
    text cleanup { text changes { rule { key } } } structured { text structure { text } } } }"""
STATS = """query($t: String!, $l: LyricsLanguage!) { lyricsStats(text: $t, language: $l) {
    language lines { line text section isLabel syllables rhymeKey letter estimatedWords }
    sections { index label scheme syllables } } }"""
REPLACE = "query($t: String!, $s: Int!, $l: String!) { lyricsReplaceSection(text: $t, section: $s, lines: $l) }"
TOOL = f"""mutation($i: LyricsSectionToolInput!) {{ lyricsSectionTool(input: $i) {{
    generation {{ id category action status text }} {ERRORS} }} }}"""
GENERATE = f"""mutation($i: LyricsGenerateInput!) {{ lyricsGenerate(input: $i) {{
    generation {{ id category action status text }} {ERRORS} }} }}"""
MUSIC = f"""mutation($i: MusicStylePromptToolInput!) {{ musicStylePromptTool(input: $i) {{
    generation {{ id category action status text }} {ERRORS} }} }}"""
PREVIEW = """query($i: LyricRulePreviewInput!) { lyricRulePreview(input: $i) {
    text matchCount matches { start end line text replacement } userErrors { field code message } } }"""
GENERATION_STREAM = "subscription($id: ID!) { generationStream(id: $id) { delta status } }"
TRIM = encode_id("LyricRule", "remove-trailing-spaces")
BLANKS = encode_id("LyricRule", "reduce-blank-lines")

# Every shipped cleanup rule's example in one text (rule_defaults.py; the README lists them).
EXAMPLES = (
    "I walk alone, through the city lights at night  \n"
    "Hold on, Tonight we run\n"
    "She said \u201cstay\u201d\u2014don\u2019t go\u2026 Day \u2013 night\n\n\n\n"
    "The night is long. We carry on"
)
CLEANED = (
    "I walk alone,\nthrough the city lights at night\n"
    "Hold on,\nTonight we run\n"
    'She said "stay" - don\'t go... Day - night\n\n'
    "The night is long.\nWe carry on"
)


async def rules(api: Api, token: str, **filter: Any) -> list[dict[str, Any]]:
    return list((await api.data(RULES, {"f": filter or None}, token))["lyricRules"]["nodes"])


async def test_rules_are_edited_reordered_reset_and_added_byte_for_byte(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    shipped = await rules(api, token)
    assert [r["name"] for r in shipped] == [d.name for d in DEFAULT_RULES]
    assert all(r["isDefault"] and not r["isModified"] and r["updatedAt"] is None for r in shipped)
    assert [r["position"] for r in shipped] == list(range(11))

    # Edit a shipped rule: it is the user's own version now, readable through node() and the list.
    edited = await api.payload(
        "lyricRuleUpdate", UPDATE, {"i": {"id": TRIM, "pattern": "[ \\t\u00a0]+$", "description": "Mine"}}, token
    )
    assert edited["userErrors"] == [] and edited["lyricRule"]["isModified"], edited
    assert (await api.data(NODE, {"id": TRIM}, token))["node"]["pattern"] == "[ \\t\u00a0]+$"
    assert (await cleanup(api, token, "a \u00a0\nb", [TRIM]))["text"] == "a\nb"

    # Reorder: the rules named first, the rest after in their order; each keeps its place from now on.
    moved = await api.payload("lyricRulesReorder", REORDER, {"i": {"ids": [BLANKS, TRIM]}}, token)
    assert moved["userErrors"] == [], moved
    keys = [r["key"] for r in moved["lyricRules"]]
    assert keys[:2] == ["reduce-blank-lines", "remove-trailing-spaces"] and len(keys) == 11
    assert keys[2:] == [d.key for d in DEFAULT_RULES if d.key not in keys[:2]]
    assert [r["key"] for r in await rules(api, token)] == keys

    # Reset: the shipped text again, its place kept.
    reset = await api.payload("lyricRuleReset", RESET, {"i": {"id": TRIM}}, token)
    assert reset["lyricRule"]["pattern"] == "[ \\t]+$" and not reset["lyricRule"]["isModified"]
    assert reset["lyricRule"]["position"] == 1 and reset["lyricRule"]["description"] != "Mine"

    # An own rule whose replacement holds line breaks, backslashes and both group syntaxes, read back as sent.
    replacement = "$1\\n--\\\\\n\\g<2> \\2 $$\r\n\t\\t"
    made = await create_rule(api, token, name="Split pairs", pattern=r"(\w+)\+(\w+)", replacement=replacement)
    assert made["userErrors"] == [], made
    mine = made["lyricRule"]
    assert mine["replacement"] == replacement and not mine["isDefault"] and mine["position"] == 11
    assert (await api.data(NODE, {"id": mine["id"]}, token))["node"]["replacement"] == replacement
    assert [r["replacement"] for r in await rules(api, token) if r["id"] == mine["id"]] == [replacement]
    done = await cleanup(api, token, "rock+roll", [mine["id"]])
    assert done["text"] == "rock\n--\\\nroll roll $\r\n\t\t"

    # A shipped rule cannot be deleted, one's own can; another user sees none of this.
    refused = await api.payload("lyricRuleDelete", DELETE, {"i": {"id": TRIM}}, token)
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID"]
    other = await api.user(admin_token=token)
    assert (await api.data(NODE, {"id": mine["id"]}, other))["node"] is None
    assert [r["key"] for r in await rules(api, other)] == [d.key for d in DEFAULT_RULES]
    gone = await api.payload("lyricRuleDelete", DELETE, {"i": {"id": mine["id"]}}, token)
    assert gone["deletedLyricRuleId"] == mine["id"] and len(await rules(api, token)) == 11

    # A pattern that does not compile says where.
    bad = await create_rule(api, token, name="Broken", pattern="(ab|c")
    assert bad["userErrors"][0]["field"] == ["input", "pattern"]
    assert "position 0" in bad["userErrors"][0]["message"]


async def preview(api: Api, token: str, **values: str) -> dict[str, Any]:
    return dict((await api.data(PREVIEW, {"i": values}, token))["lyricRulePreview"])


async def test_a_rule_being_edited_is_previewed_by_the_server_with_its_matches(api: Api) -> None:
    token = await api.user()
    # Unsaved: nothing is stored; the text after it, and where it matched (spans in code points).
    shown = await preview(
        api, token, pattern=r"[ \t]+$", replacement="", text="First line  \r\nSecond\t\n\U0001f3b8 third\t"
    )
    assert shown["userErrors"] == [] and shown["text"] == "First line\nSecond\n\U0001f3b8 third"
    assert shown["matchCount"] == 3
    assert [(m["start"], m["end"], m["line"], m["text"]) for m in shown["matches"]] == [
        (10, 12, 1, "  "),
        (19, 20, 2, "\t"),
        (28, 29, 3, "\t"),  # the guitar is one character
    ]
    # Both group syntaxes and a line break in the replacement, as cleanup would apply them.
    pairs = await preview(api, token, pattern=r"(\w+)\+(?P<b>\w+)", replacement="$<b>\n\\1", text="rock+roll")
    assert pairs["text"] == "roll\nrock" and pairs["matches"][0]["replacement"] == "roll\nrock"
    assert len(await rules(api, token)) == 11

    # What would refuse the rule on save is a user error here, on the field; the preview has no text then.
    broken = await preview(api, token, pattern="(ab|c", text="abc")
    assert broken["text"] is None and broken["matches"] == [] and broken["matchCount"] == 0
    assert [(e["field"], e["code"]) for e in broken["userErrors"]] == [(["input", "pattern"], "INVALID")]
    assert "position 0" in broken["userErrors"][0]["message"]
    group = await preview(api, token, pattern="(a)", replacement="$2", text="abc")
    assert [e["field"] for e in group["userErrors"]] == [["input", "replacement"]]
    empty = await preview(api, token, pattern="  ", text="abc")
    assert [e["code"] for e in empty["userErrors"]] == ["REQUIRED"]
    runaway = await preview(api, token, pattern=r"(a|aa)+$", text="a" * 40 + "b")
    assert [e["field"] for e in runaway["userErrors"]] == [["input", "pattern"]]
    long = await preview(api, token, pattern="a", text="a" * 10_001)
    assert [(e["field"], e["code"]) for e in long["userErrors"]] == [(["input", "text"], "TOO_LONG")]
    body = await api.raw(PREVIEW, {"i": {"pattern": "a", "text": "a"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def cleanup(api: Api, token: str, text: str, rule_ids: list[str] | None = None) -> dict[str, Any]:
    return dict((await api.data(CLEANUP, {"t": text, "r": rule_ids}, token))["lyricsCleanup"])


async def test_the_tools_give_the_documented_results_on_the_shipped_examples(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    done = await cleanup(api, token, EXAMPLES)
    assert done["text"] == CLEANED and done["failures"] == []
    first = done["changes"][0]
    assert first == {
        "rule": {"key": "comma-line-breaks", "name": "Comma Line Breaks"},
        "line": 1,
        "before": "I walk alone, through the city lights at night  ",
        "after": "I walk alone,\nthrough the city lights at night  ",
    }
    assert {c["rule"]["key"] for c in done["changes"]} == {d.key for d in DEFAULT_RULES} - {"section-label-detection"}
    # Switched off, a rule does not run; asked for by id, the section rule does.
    await api.payload("lyricRuleUpdate", UPDATE, {"i": {"id": TRIM, "active": False}}, token)
    assert (await cleanup(api, token, "x  "))["text"] == "x  "
    labels = encode_id("LyricRule", "section-label-detection")
    assert (await cleanup(api, token, "**Verse 1**\nLa", [labels]))["text"] == "\nLa"

    paragraphs = "I walk alone\nthrough the night\n\nWe burn\nlike fire\n\nMorning comes\n\nWe burn again"
    structured = (await api.data(STRUCTURE, {"t": paragraphs}, token))["lyricsApplyStructure"]
    assert structured["text"] == (
        "**VERSE1**\nI walk alone\nthrough the night\n\n**CHORUS**\nWe burn\nlike fire\n\n"
        "**VERSE2**\nMorning comes\n\n**CHORUS**\nWe burn again"
    )
    assert structured["structure"]["text"] == "VERSE1 - CHORUS - VERSE2 - CHORUS"  # the shipped default
    assert (structured["unlabelledCount"], structured["unusedLabels"]) == (0, [])
    rebuilt = (await api.data(REBUILD, {"t": structured["text"]}, token))["lyricsRebuildArchitecture"]
    assert rebuilt == {
        "sections": ["VERSE", "CHORUS", "VERSE", "CHORUS"],
        "labels": ["VERSE1", "CHORUS", "VERSE2", "CHORUS"],
        "text": "VERSE1 - CHORUS - VERSE2 - CHORUS",
    }
    parsed = (await api.data(PARSE, {"t": structured["text"]}, token))["lyricsParse"]
    assert [(s["label"], s["kind"], s["number"], s["startLine"]) for s in parsed] == [
        ("VERSE1", "VERSE", 1, 1),
        ("CHORUS", "CHORUS", None, 5),
        ("VERSE2", "VERSE", 2, 9),
        ("CHORUS", "CHORUS", None, 12),
    ]

    finalized = await api.data(FINALIZE, {"t": EXAMPLES, "s": {"sections": ["VERSE", "CHORUS"]}}, token)
    final = finalized["lyricsFinalize"]
    assert final["cleanup"]["text"] == CLEANED.replace("night\n", "night  \n", 1)  # trimming is switched off
    assert final["text"] == final["structured"]["text"]
    assert (
        final["text"].startswith("**VERSE1**\nI walk alone,\n")
        and "\n\n**CHORUS**\nThe night is long." in final["text"]
    )

    try:
        await api.data(CLEANUP, {"t": "x" * 10_001}, token)
        raise AssertionError("a text over 10000 characters was taken")
    except GraphQLError as error:
        assert "10000" in str(error)


async def test_syllables_and_rhymes_in_english_and_german(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    english = "[Verse]\nI walk along the empty street\nThe city lights beneath my feet\nA zorblaxian night"
    stats = (await api.data(STATS, {"t": english, "l": "EN"}, token))["lyricsStats"]
    assert [line["syllables"] for line in stats["lines"]] == [0, 8, 8, 5]
    assert stats["lines"][1]["rhymeKey"] == stats["lines"][2]["rhymeKey"] == "IY T"
    assert stats["lines"][3]["estimatedWords"] == ["zorblaxian"]
    assert stats["sections"] == [{"index": 0, "label": "Verse", "scheme": "AAB", "syllables": [8, 8, 5]}]
    german = "Ich geh allein durch die Nacht\nDie Sterne leuchten hell und klar\nSie hat gelacht\nDas Jahr ist klar"
    stats = (await api.data(STATS, {"t": german, "l": "DE"}, token))["lyricsStats"]
    assert [line["syllables"] for line in stats["lines"]] == [7, 8, 4, 4]
    assert stats["sections"][0]["scheme"] == "ABAB"


async def test_architectures_are_saved_with_one_default_that_the_tools_use(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    default = "{ lyricArchitectureDefault { architecture { id } structure { text } } }"
    assert (await api.data(default, token=token))["lyricArchitectureDefault"] == {
        "architecture": None,
        "structure": {"text": "VERSE1 - CHORUS - VERSE2 - CHORUS"},
    }
    ballad = (await create_architecture(api, token, isDefault=True))["lyricArchitecture"]
    assert ballad["text"] == "INTRO - VERSE1 - CHORUS - VERSE2 - CHORUS - OUTRO" and ballad["isDefault"]
    short = (await create_architecture(api, token, name="Short", sections=["VERSE", "CHORUS"], isDefault=True))[
        "lyricArchitecture"
    ]
    listed = f"{{ lyricArchitectures {{ nodes {{ {ARCHITECTURE_FIELDS} }} }} }}"
    nodes = (await api.data(listed, token=token))["lyricArchitectures"]["nodes"]
    assert [(n["name"], n["isDefault"]) for n in nodes] == [("Ballad", False), ("Short", True)]  # one default
    structured = (await api.data(STRUCTURE, {"t": "a\n\nb\n\nc"}, token))["lyricsApplyStructure"]
    assert structured["text"] == "**VERSE1**\na\n\n**CHORUS**\nb\n\nc" and structured["unlabelledCount"] == 1
    by_id = await api.data(STRUCTURE, {"t": "a", "s": {"architectureId": ballad["id"]}}, token)
    assert by_id["lyricsApplyStructure"]["unusedLabels"] == ["VERSE1", "CHORUS", "VERSE2", "CHORUS", "OUTRO"]
    update = f"""mutation($i: LyricArchitectureUpdateInput!) {{ lyricArchitectureUpdate(input: $i) {{
        lyricArchitecture {{ {ARCHITECTURE_FIELDS} }} {ERRORS} }} }}"""
    refused = await api.payload(
        "lyricArchitectureUpdate", update, {"i": {"id": short["id"], "sections": ["OUTRO"] * 2}}, token
    )
    assert refused["userErrors"][0]["message"] == "A song has at most one Outro."


async def test_a_section_tool_streams_and_its_text_replaces_only_that_section(fast_mock: None, api: Api) -> None:
    token = await api.user()
    song = "**Verse 1**\nI walk alone\nthrough the night\n\n**Chorus**\nWe burn\nlike fire  "
    started = await api.payload(
        "lyricsSectionTool", TOOL, {"i": {"tool": "IMPROVE", "song": song, "section": 0}}, token
    )
    generation = started["generation"]
    assert (generation["category"], generation["action"]) == ("lyrics", "improve-section"), started
    events = await follow(api, GENERATION_STREAM, {"id": generation["id"]}, token)
    assert events[-1]["status"] == "COMPLETE"
    text = joined(events).strip()
    # The mock echoes the prompt's start: the instruction begins with the section it is about (§4.1).
    assert '[INSTRUCTION] You are improving only the "Verse 1"' in text
    applied = (await api.data(REPLACE, {"t": song, "s": 0, "l": text}, token))["lyricsReplaceSection"]
    assert applied == f"**Verse 1**\n{text}\n\n**Chorus**\nWe burn\nlike fire  "

    for tool, extra, action in (
        ("EXTEND", {"section": 1, "lines": 2}, "extend-section"),
        ("REWRITE", {"section": 1}, "rewrite-section"),
        ("OPTIMIZE_PHRASING", {}, "optimize-phrasing"),
        ("TRANSLATE", {"section": 0}, "translate"),
    ):
        done = await api.payload(
            "lyricsSectionTool", TOOL, {"i": {"tool": tool, "song": song, **extra, "wait": True}}, token
        )
        assert (done["generation"]["action"], done["generation"]["status"]) == (action, "COMPLETE"), (tool, done)
    extended = await api.payload(
        "lyricsSectionTool",
        TOOL,
        {"i": {"tool": "EXTEND", "song": song, "section": 1, "lines": 3, "wait": True}},
        token,
    )
    assert "Add 3 more lines to this section." in extended["generation"]["text"]
    generated = await api.payload(
        "lyricsGenerate",
        GENERATE,
        {"i": {"text": "a night drive", "structure": {"sections": ["VERSE", "CHORUS"]}, "wait": True}},
        token,
    )
    assert generated["generation"]["action"] == "generate"
    assert "Song structure: VERSE1 - CHORUS" in generated["generation"]["text"]


async def test_music_style_tools_and_their_options(fast_mock: None, api: Api) -> None:
    token = await api.user()
    options = await api.data("{ musicStyleOptions { styles themes instruments useCases } }", token=token)
    assert (
        len(options["musicStyleOptions"]["styles"]) == 15
        and "female-voice" in options["musicStyleOptions"]["instruments"]
    )
    for tool, action in (("ENHANCE", "enhance"), ("ENHANCE_SUNO", "enhance-suno"), ("TRANSLATE", "translate")):
        done = await api.payload(
            "musicStylePromptTool", MUSIC, {"i": {"tool": tool, "text": "rock, female-voice", "wait": True}}, token
        )
        assert (done["generation"]["category"], done["generation"]["action"]) == ("music", action), done
        assert done["generation"]["status"] == "COMPLETE" and done["generation"]["text"]


async def test_a_sketch_is_described_by_ai_in_one_job(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    sketch_id = await sketch_with_lyrics(api, token)
    describe = f"""mutation($i: SketchDescribeInput!) {{ sketchDescribe(input: $i) {{
        sketch {{ id }} job {{ id kind }} {ERRORS} }} }}"""
    started = await api.payload("sketchDescribe", describe, {"i": {"id": sketch_id}}, token)
    assert started["job"]["kind"] == "SKETCH_DESCRIPTION", started
    events = await follow(api, job_progress(), {"id": started["job"]["id"]}, token)
    assert events[-1]["status"] == "SUCCEEDED", events[-1]
    sketch = (
        await api.data(
            f"query($id: ID!) {{ node(id: $id) {{ ... on Sketch {{ {SKETCH_FIELDS} }} }} }}", {"id": sketch_id}, token
        )
    )["node"]
    assert sketch["descriptionLong"] and sketch["descriptionShort"] and sketch["descriptionTags"]
    assert len(sketch["descriptionShort"]) <= 150 and len(sketch["descriptionTags"]) <= 10
    result = """query($id: ID!) { node(id: $id) { ... on Job { result { summary
        ... on SketchDescriptionResult { tags sketch { id } } } } } }"""
    found = (await api.data(result, {"id": started["job"]["id"]}, token))["node"]["result"]
    assert found["sketch"]["id"] == sketch_id and found["tags"] == len(sketch["descriptionTags"])


async def test_rules_and_architectures_travel_through_export_and_import(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    replacement = "\\1\n\\\\ $1"
    await api.payload("lyricRuleUpdate", UPDATE, {"i": {"id": TRIM, "active": False}}, alice)
    await api.payload("lyricRuleUpdate", UPDATE, {"i": {"id": BLANKS, "name": "Blank lines"}}, alice)
    await create_rule(api, alice, name="Pairs", pattern=r"(\w+)\+", replacement=replacement)
    await api.payload("lyricRulesReorder", REORDER, {"i": {"ids": [BLANKS]}}, alice)
    await create_architecture(api, alice, isDefault=True)
    before = [{k: v for k, v in r.items() if k not in ("id", "key", "updatedAt")} for r in await rules(api, alice)]

    archive, sections = await exported_archive(api, alice)
    assert {"name": "lyric_rules", "exported": 12} in sections  # 11 places (the reorder) and the own rule
    assert {"name": "lyric_architectures", "exported": 1} in sections
    bob = await api.user(admin_token=alice)
    imported = await import_archive(api, bob, archive, select="id status error { code message }")
    assert imported["status"] == "SUCCEEDED", imported
    after = [{k: v for k, v in r.items() if k not in ("id", "key", "updatedAt")} for r in await rules(api, bob)]
    assert after == before
    default = "{ lyricArchitectureDefault { architecture { name } structure { text } } }"
    assert (await api.data(default, token=bob))["lyricArchitectureDefault"]["architecture"] == {"name": "Ballad"}
    again = await import_archive(api, bob, archive, select="id status")
    done = (await api.data(SECTIONS, {"id": again["id"]}, bob))["node"]["result"]["sections"]
    assert {"name": "lyric_rules", "created": 0, "skipped": 12} in done
    assert {"name": "lyric_architectures", "created": 0, "skipped": 1} in done


async def test_concurrent_edits_and_reorders_of_rules_apply_one_after_the_other(stack: Running) -> None:
    """The first edits of a shipped rule race to create the user's row (one is made, none fails); reorders lock
    every row, so the places end a permutation of one request's order, never a mix with duplicates."""
    api = stack.api
    token = await api.user()
    edits = await asyncio.gather(
        *(
            api.payload("lyricRuleUpdate", UPDATE, {"i": {"id": TRIM, "description": f"edit {n}"}}, token)
            for n in range(6)
        )
    )
    assert all(e["userErrors"] == [] for e in edits), edits
    assert (await api.data(NODE, {"id": TRIM}, token))["node"]["description"].startswith("edit ")
    keys = [d.key for d in DEFAULT_RULES]
    orders = [keys[n:] + keys[:n] for n in range(1, 6)]
    moved = await asyncio.gather(
        *(
            api.payload("lyricRulesReorder", REORDER, {"i": {"ids": [encode_id("LyricRule", k) for k in order]}}, token)
            for order in orders
        )
    )
    assert all(m["userErrors"] == [] for m in moved), moved
    final = [r["key"] for r in await rules(api, token)]
    assert final in orders
