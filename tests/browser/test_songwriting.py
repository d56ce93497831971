"""Songwriting in the browser, against the built-in mock's language model: write lyrics and see their syllables and
rhymes beside the lines, apply a structure, let the AI improve one section (it streams, and applying it changes that
section and nothing else), undo and redo, clean up through a preview of each change, and save to a new sketch, then
to the same one, and send it to the song generator; build an architecture by dragging, save it as the default; the
lyric parsing rules: edit a shipped rule with its live preview (matches marked, whitespace visible), switch one off,
reorder by dragging, reset, add and delete one's own; the music style prompt chooser and its streamed tools; German.
Screenshots go to frontend-client/test-results/."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, Route, expect

from domain.songwriting.rule_defaults import DEFAULT_RULES
from tests.browser.harness import Account, WebServer, pick, screenshot, sign_in, use_session

SKETCH = "query($id: ID!) { node(id: $id) { ... on Sketch { id title lyrics prompt tags } } }"
RULES = "{ lyricRules(first: 100) { nodes { key name pattern replacement active position isModified isDefault } } }"
CLEANUP = "query($t: String!) { lyricsCleanup(text: $t) { text } }"
ARCHITECTURES = "{ lyricArchitectures(first: 100) { nodes { name sections isDefault } } }"

DRAFT = (
    "I walk alone, through the city lights at night  \n"
    "The stars above are burning bright\n"
    "\n"
    "Hold on, Tonight we run\n"
    "Until the morning sun\n"
    "\n"
    "We carry on\n"
    "Until the night is gone"
)
STRUCTURED = (
    "**VERSE1**\n"
    "I walk alone, through the city lights at night  \n"
    "The stars above are burning bright\n"
    "\n"
    "**CHORUS**\n"
    "Hold on, Tonight we run\n"
    "Until the morning sun\n"
    "\n"
    "**VERSE2**\n"
    "We carry on\n"
    "Until the night is gone"
)


def sketch(web: WebServer, account: Account, sketch_id: str) -> dict[str, Any]:
    return dict(web.run(web.api.data(SKETCH, {"id": sketch_id}, account.token))["node"])


def rules(web: WebServer, account: Account) -> list[dict[str, Any]]:
    return list(web.run(web.api.data(RULES, None, account.token))["lyricRules"]["nodes"])


def lyrics(page: Page) -> Locator:
    return page.get_by_test_id("lyrics-text")


def gutter(page: Page, line: int) -> Locator:
    return page.get_by_test_id("gutter-line").nth(line - 1)


def sections(page: Page) -> Locator:
    return page.get_by_test_id("section")


def drag_with_keys(page: Page, handle: Locator, key: str, times: int) -> None:
    """Move a sortable item as a keyboard user does: Space picks it up, arrows move it, Space drops it."""
    handle.focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(150)
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(350)  # the items' move (a 250 ms transition) ends before the next key is read
    page.keyboard.press("Space")
    page.wait_for_timeout(250)


def test_write_structure_improve_one_section_clean_up_and_save_to_a_sketch(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account)
    page.goto("/lyrics")
    expect(page.get_by_role("heading", name="Lyric editor", level=1)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Songwriting pages").get_by_role("link", name="Lyric editor")
    ).to_have_attribute("aria-current", "page")

    # Syllables and rhyme letters beside each line, from the server, once typing pauses.
    lyrics(page).fill(DRAFT)
    # (The first look-up reads the pronouncing dictionary: a few seconds on a busy machine.)
    expect(gutter(page, 2)).to_have_attribute("data-syllables", "8", timeout=30_000)  # the stars a-bove …
    expect(gutter(page, 4)).to_have_attribute("data-syllables", "6")
    expect(gutter(page, 1)).to_have_attribute("data-letter", "A")
    # night / bright and run / sun rhyme: each pair shares a colour, the two pairs differ.
    night, bright = (gutter(page, n).get_attribute("data-rhyme") for n in (1, 2))
    run, sun = (gutter(page, n).get_attribute("data-rhyme") for n in (4, 5))
    assert night and night == bright and run and run == sun and night != run, (night, bright, run, sun)
    expect(gutter(page, 3)).not_to_have_attribute("data-syllables", re.compile(".*"))  # a blank line
    expect(sections(page)).to_have_count(3)
    expect(sections(page).first).to_contain_text("rhymes AA")

    # The default architecture on the paragraphs: VERSE1, CHORUS, VERSE2 (its second CHORUS is left over).
    architecture = page.get_by_role("region", name="Architecture")
    expect(architecture.get_by_test_id("architecture-text")).to_have_text("VERSE1 - CHORUS - VERSE2 - CHORUS")
    architecture.get_by_role("button", name="Apply structure").click()
    expect(lyrics(page)).to_have_value(STRUCTURED)
    expect(page.get_by_text("Not used (the lyrics have fewer sections): CHORUS.")).to_be_visible()
    expect(sections(page)).to_have_count(3)
    expect(sections(page).nth(1)).to_have_attribute("data-label", "CHORUS")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "songwriting-editor")

    # The AI improves the chorus: its words stream into the suggestion, the lyrics wait meanwhile.
    chorus_tools = page.get_by_role("button", name="AI tools for CHORUS")
    expect(chorus_tools).to_be_enabled()
    chorus_tools.click()
    page.get_by_role("menuitem", name="Improve").click()
    suggestion = page.get_by_test_id("ai-suggestion")
    expect(suggestion).to_have_attribute("data-phase", "running")
    expect(suggestion.get_by_test_id("ai-suggestion-text")).to_contain_text("Mock answer")
    expect(lyrics(page)).to_have_attribute("readonly", "")
    streamed = suggestion.get_by_test_id("ai-suggestion-text").inner_text()
    expect(suggestion).to_have_attribute("data-phase", "done", timeout=20_000)
    improved = suggestion.get_by_test_id("ai-suggestion-text").inner_text().strip()
    assert len(improved) > len(streamed.strip()), "the text grew as it streamed"
    assert 'You are improving only the "CHORUS" section' in improved  # the mock echoes its instruction
    suggestion.get_by_role("button", name="Apply to CHORUS").click()
    expect(suggestion).to_have_count(0)
    after_ai = STRUCTURED.replace("Hold on, Tonight we run\nUntil the morning sun", improved)
    expect(lyrics(page)).to_have_value(after_ai)
    expect(lyrics(page)).not_to_have_attribute("readonly", "")

    # Undo goes back step by step (the AI's change, then the structure); redo comes forward again.
    undo, redo = page.get_by_role("button", name="Undo"), page.get_by_role("button", name="Redo")
    undo.click()
    expect(lyrics(page)).to_have_value(STRUCTURED)
    undo.click()
    expect(lyrics(page)).to_have_value(DRAFT)
    redo.click()
    redo.click()
    expect(lyrics(page)).to_have_value(after_ai)
    expect(redo).to_be_disabled()

    # Cleanup shows each change first (whitespace visible); nothing changes until it is accepted.
    page.get_by_role("button", name="Clean up").click()
    preview = page.get_by_role("dialog", name="Clean up: what your rules change")
    changes = preview.get_by_test_id("cleanup-change")
    expect(changes.filter(has_text="Comma Line Breaks")).to_have_count(1)
    trailing = changes.filter(has_text="Remove Trailing Spaces")
    expect(trailing.get_by_test_id("change-before")).to_have_text("through·the·city·lights·at·night··")
    expect(trailing.get_by_test_id("change-after")).to_have_text("through·the·city·lights·at·night")
    screenshot(page, "songwriting-cleanup")
    preview.get_by_role("button", name="Cancel").click()
    expect(lyrics(page)).to_have_value(after_ai)
    page.get_by_role("button", name="Clean up").click()
    preview.get_by_role("button", name="Accept changes").click()
    # The text the server's cleanup makes (the AI's sentences are broken into lines too), the verses as expected.
    cleaned = web.run(web.api.data(CLEANUP, {"t": after_ai}, account.token))["lyricsCleanup"]["text"]
    assert cleaned.startswith("**VERSE1**\nI walk alone,\nthrough the city lights at night\nThe stars")
    assert cleaned.endswith("**VERSE2**\nWe carry on\nUntil the night is gone")
    expect(lyrics(page)).to_have_value(cleaned)

    # Save to a new sketch: it needs a style prompt; the address then names it, and a later save goes there.
    expect(page.get_by_text("Not saved in a sketch yet.")).to_be_visible()
    expect(page.get_by_test_id("save-state")).to_have_text("Changes not saved")
    page.get_by_role("button", name="Save as sketch…").click()
    dialog = page.get_by_role("dialog", name="New sketch")
    dialog.get_by_role("textbox", name="Title").fill("Night Drive")
    dialog.get_by_role("button", name="Create sketch").click()
    expect(dialog.get_by_text("This field is required.")).to_have_count(0)
    expect(dialog.get_by_text("Prompt is required.")).to_be_visible()
    dialog.get_by_role("textbox", name="Music style prompt").fill("dreamy synth pop")
    dialog.get_by_role("button", name="Create sketch").click()
    expect(page.get_by_text("Sketch “Night Drive” created.")).to_be_visible()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    sketch_id = parse_qs(urlsplit(page.url).query)["sketch"][0]
    made = sketch(web, account, sketch_id)
    assert (made["title"], made["lyrics"], made["prompt"]) == ("Night Drive", cleaned, "dreamy synth pop")

    lyrics(page).press("End")
    lyrics(page).press("Control+End")
    page.keyboard.type("\nAnd we drive")
    expect(page.get_by_test_id("save-state")).to_have_text("Changes not saved")
    page.get_by_role("button", name="Save to sketch").click()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")
    assert sketch(web, account, sketch_id)["lyrics"] == cleaned + "\nAnd we drive"

    # A reload reads the sketch back; the song generator opens with it.
    page.reload()
    expect(lyrics(page)).to_have_value(cleaned + "\nAnd we drive")
    page.get_by_role("button", name="Send to song generator").click()
    expect(page.get_by_role("heading", name="New song", level=1)).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["sketch"] == [sketch_id]
    expect(page.get_by_role("textbox", name="Lyrics")).to_have_value(cleaned + "\nAnd we drive")


def open_architecture(page: Page, account: Account) -> tuple[Locator, Locator]:
    """The lyric editor's architecture builder as `account`, showing the shipped sections: (its region, its text)."""
    use_session(page, account)
    page.goto("/lyrics")
    architecture = page.get_by_role("region", name="Architecture")
    text = architecture.get_by_test_id("architecture-text")
    expect(text).to_have_text("VERSE1 - CHORUS - VERSE2 - CHORUS")
    return architecture, text


def test_sections_added_while_the_saved_default_is_on_its_way_are_kept(web: WebServer, page: Page) -> None:
    # The builder starts from the shipped sections and takes the user's default when it arrives; a section added
    # before then is not thrown away by it (it was, when the answer came late on a busy machine).
    account = web.user()
    create = """mutation($i: LyricArchitectureCreateInput!) { lyricArchitectureCreate(input: $i) {
        lyricArchitecture { id } userErrors { message } } }"""
    made = web.run(
        web.api.data(
            create, {"i": {"name": "Short", "sections": ["VERSE", "CHORUS"], "isDefault": True}}, account.token
        )
    )
    assert made["lyricArchitectureCreate"]["userErrors"] == []
    held: list[Route] = []

    def hold_the_architectures(route: Route) -> None:
        if "operationName=LyricArchitectures&" in route.request.url:  # urql sends queries as GET
            held.append(route)
        else:
            route.fallback()

    page.route("**/graphql?*", hold_the_architectures)
    architecture, text = open_architecture(page, account)
    architecture.get_by_role("button", name="Add Bridge").click()
    expect(text).to_have_text("VERSE1 - CHORUS - VERSE2 - CHORUS - BRIDGE")
    for _ in range(200):  # the query is sent and held (route handlers run while the page waits)
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the builder never asked for the saved architectures"
    for route in held:
        route.fallback()  # on to the context's own route (the guard), and to the server
    page.unroute("**/graphql?*")
    # The answer has come: the saved default is listed, and the sections are still the user's.
    architecture.get_by_label("Saved architectures").click()
    expect(page.get_by_role("option", name="Short (default)")).to_be_visible()
    expect(text).to_have_text("VERSE1 - CHORUS - VERSE2 - CHORUS - BRIDGE")


def test_an_architecture_is_built_by_dragging_saved_as_default_and_writes_lyrics(web: WebServer, page: Page) -> None:
    account = web.user()
    architecture, text = open_architecture(page, account)

    architecture.get_by_role("button", name="Add Bridge").click()
    architecture.get_by_role("button", name="Add Intro").click()
    expect(text).to_have_text("INTRO - VERSE1 - CHORUS - VERSE2 - CHORUS - BRIDGE")
    expect(architecture.get_by_role("button", name="Add Intro")).to_be_disabled()  # one intro at most

    # The bridge dragged with the mouse onto the second verse takes its place; verses are numbered anew.
    slots = architecture.get_by_test_id("architecture-slot")
    bridge = architecture.get_by_role("button", name="Move BRIDGE", exact=True).bounding_box()
    verse2 = slots.filter(has_text="VERSE2").bounding_box()
    assert bridge and verse2
    page.mouse.move(bridge["x"] + bridge["width"] / 2, bridge["y"] + bridge["height"] / 2)
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(bridge["x"] + (verse2["x"] + 8 - bridge["x"]) * step / 12, verse2["y"] + verse2["height"] / 2)
        page.wait_for_timeout(30)
    page.mouse.up()
    expect(text).to_have_text("INTRO - VERSE1 - CHORUS - BRIDGE - VERSE2 - CHORUS")

    # And with the keyboard: the intro one place on, then removed again.
    drag_with_keys(page, architecture.get_by_role("button", name="Move INTRO", exact=True), "ArrowRight", 1)
    expect(text).to_have_text("VERSE1 - INTRO - CHORUS - BRIDGE - VERSE2 - CHORUS")
    architecture.get_by_role("button", name="Remove INTRO").click()
    expect(text).to_have_text("VERSE1 - CHORUS - BRIDGE - VERSE2 - CHORUS")

    architecture.get_by_role("button", name="Architecture actions").click()
    page.get_by_role("menuitem", name="Save as new…").click()
    dialog = page.get_by_role("dialog", name="Save as new…")
    dialog.get_by_role("textbox", name="Name").fill("Ballad")
    dialog.get_by_role("checkbox", name="Make it my default").check()
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Architecture “Ballad” saved.")).to_be_visible()
    saved = web.run(web.api.data(ARCHITECTURES, None, account.token))["lyricArchitectures"]["nodes"]
    assert saved == [
        {"name": "Ballad", "sections": ["VERSE", "CHORUS", "BRIDGE", "VERSE", "CHORUS"], "isDefault": True}
    ]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "songwriting-architecture")

    # The default is where the editor starts; lyrics written from an idea follow it.
    page.reload()
    expect(text).to_have_text("VERSE1 - CHORUS - BRIDGE - VERSE2 - CHORUS")
    expect(architecture.get_by_role("textbox", name="Saved architectures")).to_have_value("Ballad (default)")
    architecture.get_by_role("textbox", name="Write lyrics from an idea").fill("a night drive along the coast")
    architecture.get_by_role("button", name="Write lyrics").click()
    suggestion = page.get_by_test_id("ai-suggestion")
    expect(suggestion).to_have_attribute("data-phase", "done", timeout=20_000)
    expect(suggestion).to_contain_text("Song structure: VERSE1 - CHORUS - BRIDGE…")  # the mock echoes 8 words
    suggestion.get_by_role("button", name="Replace the lyrics").click()
    expect(lyrics(page)).to_have_value(re.compile(r"^Mock answer from"))

    # Read back from labelled lyrics: the builder takes the text's architecture.
    lyrics(page).fill("[Intro]\nLa la\n\n[Verse 1]\nOne\n\n[Chorus]\nTwo\n\n[Outro]\nBye")
    architecture.get_by_role("button", name="Read from lyrics").click()
    expect(text).to_have_text("INTRO - VERSE1 - CHORUS - OUTRO · changed")  # not the saved Ballad any more

    # Search and replace, as plain text; one step to undo.
    page.get_by_role("button", name="Search and replace").click()
    search = page.get_by_role("region", name="Search and replace")
    search.get_by_role("textbox", name="Find").fill("la")
    expect(search.get_by_test_id("find-count")).to_have_text("2 found")
    search.get_by_role("textbox", name="Replace with").fill("Na")
    search.get_by_role("button", name="Replace all").click()
    expect(lyrics(page)).to_have_value("[Intro]\nNa Na\n\n[Verse 1]\nOne\n\n[Chorus]\nTwo\n\n[Outro]\nBye")
    expect(search.get_by_test_id("find-count")).to_have_text("0 found")
    page.get_by_role("button", name="Undo").click()
    expect(lyrics(page)).to_have_value("[Intro]\nLa la\n\n[Verse 1]\nOne\n\n[Chorus]\nTwo\n\n[Outro]\nBye")

    # Finalize: the cleanup rules, then the builder's labels, shown before they are taken.
    page.get_by_role("button", name="Finalize").click()
    final = page.get_by_role("dialog", name="Finalize: cleanup, then structure")
    expect(final).to_contain_text("Structure: INTRO - VERSE1 - CHORUS - OUTRO.")
    expect(final).to_contain_text("Your rules change nothing in these lyrics.")
    final.get_by_role("button", name="Accept changes").click()
    finished = "**INTRO**\nLa la\n\n**VERSE1**\nOne\n\n**CHORUS**\nTwo\n\n**OUTRO**\nBye"
    expect(lyrics(page)).to_have_value(finished)

    # Lyrics in no sketch go to the song generator as they are.
    page.get_by_role("button", name="Send to song generator").click()
    expect(page.get_by_role("heading", name="New song", level=1)).to_be_visible()
    expect(page.get_by_role("textbox", name="Lyrics")).to_have_value(finished)


def test_lyric_rules_are_edited_with_a_live_preview_reordered_reset_and_added(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/lyric-rules")
    expect(page.get_by_role("heading", name="Lyric parsing rules", level=1)).to_be_visible()
    rows = page.get_by_test_id("rule-row")
    expect(rows).to_have_count(11)
    expect(rows.first).to_have_attribute("data-name", "Comma Line Breaks")

    # Edit a shipped rule: the preview marks what the pattern matches, whitespace shown, and the text after it.
    page.get_by_role("button", name="Edit Remove Trailing Spaces").click()
    editor = page.get_by_role("region", name="Rule editor")
    expect(editor.get_by_role("heading", name="Edit “Remove Trailing Spaces”")).to_be_visible()
    expect(editor.get_by_test_id("rule-match-count")).to_have_text("2 matches")
    marks = editor.get_by_test_id("rule-preview-before").get_by_test_id("rule-match")
    expect(marks).to_have_text(["··", "→\u2003"])
    expect(editor.get_by_test_id("rule-preview-after")).to_contain_text("lights·at·night¶")

    pattern = editor.get_by_role("textbox", name="Pattern")
    pattern.fill("[ \\t]+$|(")
    expect(editor.get_by_text(re.compile(r"Pattern does not compile at position \d+"))).to_have_count(2)  # field, box
    pattern.fill("[ \\t]+$")
    editor.get_by_role("textbox", name="Replacement").fill("<end>")
    expect(editor.get_by_test_id("rule-preview-after")).to_contain_text("lights·at·night<end>¶")
    expect(editor.get_by_test_id("rule-preview-after")).to_contain_text("night<end>¶")
    screenshot(page, "songwriting-rules")
    editor.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Rule “Remove Trailing Spaces” saved.")).to_be_visible()
    trim = rows.filter(has_text="Remove Trailing Spaces")
    expect(trim.get_by_text("Changed")).to_be_visible()
    by_key = {r["key"]: r for r in rules(web, account)}
    assert by_key["remove-trailing-spaces"]["replacement"] == "<end>"
    assert by_key["remove-trailing-spaces"]["isModified"]

    # Switch one off.
    ellipsis = page.get_by_role("switch", name="Active: Normalize Ellipsis")
    ellipsis.click(force=True)
    expect(rows.filter(has_text="Normalize Ellipsis")).to_have_attribute("data-active", "false")
    assert not {r["key"]: r for r in rules(web, account)}["normalize-ellipsis"]["active"]

    # Reorder from the keyboard: the last rule two places up; every rule keeps its new place.
    drag_with_keys(page, page.get_by_role("button", name="Move Reduce Blank Lines"), "ArrowUp", 2)
    moved = [d.key for d in DEFAULT_RULES]
    moved.insert(8, moved.pop())
    assert moved[7:] == ["normalize-em-dash", "reduce-blank-lines", "normalize-ellipsis", "normalize-en-dash"]
    expect(rows.nth(8)).to_have_attribute("data-name", "Reduce Blank Lines")
    assert [r["key"] for r in rules(web, account)] == moved
    page.reload()
    expect(rows.nth(8)).to_have_attribute("data-name", "Reduce Blank Lines")

    # Reset: as shipped again, in its place.
    page.get_by_role("button", name="Reset Remove Trailing Spaces to default").click()
    page.get_by_role("dialog", name="Reset “Remove Trailing Spaces”?").get_by_role(
        "button", name="Reset to default"
    ).click()
    expect(page.get_by_text("“Remove Trailing Spaces” is as shipped again.")).to_be_visible()
    trimmed = {r["key"]: r for r in rules(web, account)}["remove-trailing-spaces"]
    assert (trimmed["replacement"], trimmed["isModified"], trimmed["position"]) == ("", False, 3)

    # A rule of one's own, its replacement a line break and a backslash, read back as typed; then deleted.
    page.get_by_role("button", name="New rule").click()
    editor.get_by_role("textbox", name="Name").fill("Split pairs")
    editor.get_by_role("textbox", name="Pattern").fill("(\\w+)\\+(\\w+)")
    editor.get_by_role("textbox", name="Replacement").fill("$2\n\\1")
    editor.get_by_role("textbox", name="Sample text").fill("rock+roll and salt+pepper")
    expect(editor.get_by_test_id("rule-match-count")).to_have_text("2 matches")
    expect(editor.get_by_test_id("rule-preview-after")).to_have_text("roll¶\nrock·and·pepper¶\nsalt")
    editor.get_by_role("button", name="Add rule").click()
    expect(page.get_by_text("Rule “Split pairs” saved.")).to_be_visible()
    expect(rows).to_have_count(12)
    mine = {r["name"]: r for r in rules(web, account)}["Split pairs"]
    assert (mine["pattern"], mine["replacement"], mine["isDefault"]) == ("(\\w+)\\+(\\w+)", "$2\n\\1", False)
    page.get_by_role("button", name="Delete Split pairs").click()
    page.get_by_role("dialog", name="Delete “Split pairs”?").get_by_role("button", name="Delete").click()
    expect(rows).to_have_count(11)
    assert "Split pairs" not in {r["name"] for r in rules(web, account)}


def test_the_style_prompt_is_chosen_enhanced_streamed_and_applied_to_sketches(web: WebServer, page: Page) -> None:
    account = web.user()
    old = web.run(
        web.api.mutate(
            "sketchCreate",
            "mutation($i: SketchCreateInput!) { sketchCreate(input: $i) { sketch { id } userErrors { message } } }",
            {"i": {"title": "Old idea", "prompt": "folk", "lyrics": "A line", "tags": ["keep"]}},
            account.token,
        )
    )["sketch"]["id"]
    use_session(page, account)
    page.goto("/style-prompt")
    expect(page.get_by_role("heading", name="Music style prompt", level=1)).to_be_visible()
    prompt = page.get_by_role("textbox", name="Style prompt")

    # The chooser writes its options into the prompt and takes them out again.
    for option in ("Pop", "Love", "Female voice"):
        pick(page, "checkbox", option)
    expect(prompt).to_have_value("pop, love, female-voice")
    pick(page, "checkbox", "Love")
    expect(prompt).to_have_value("pop, female-voice")
    pick(page, "checkbox", "Demo")  # a use case: a tag, not the prompt
    expect(prompt).to_have_value("pop, female-voice")

    # Enhance for Suno streams into the prompt; Undo gives the old one back.
    page.get_by_role("button", name="Enhance for Suno").click()
    expect(page.get_by_text("The AI is writing the prompt…")).to_be_visible()
    expect(prompt).to_have_value(re.compile(r"^Mock answer from"), timeout=20_000)  # while it streams
    expect(prompt).to_have_attribute("readonly", "")
    expect(prompt).not_to_have_attribute("readonly", "", timeout=20_000)
    expect(prompt).to_have_value(re.compile(r"^Mock answer from"))
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "songwriting-style-prompt")
    page.get_by_role("button", name="Undo Enhance for Suno").click()
    expect(prompt).to_have_value("pop, female-voice")

    # A new sketch with it, tagged with the use case; then applied to an older sketch, whose tags are kept.
    page.get_by_role("button", name="New sketch…").click()
    dialog = page.get_by_role("dialog", name="New sketch")
    expect(dialog.get_by_text("Style prompt: pop, female-voice")).to_be_visible()
    dialog.get_by_role("textbox", name="Title").fill("Summer")
    dialog.get_by_role("button", name="Create sketch").click()
    expect(page.get_by_test_id("style-applied")).to_contain_text("Open “Summer”")
    new_id = parse_qs(urlsplit(page.get_by_role("link", name="Open its lyrics").get_attribute("href") or "").query)[
        "sketch"
    ][0]
    made = sketch(web, account, new_id)
    assert (made["prompt"], made["tags"], made["lyrics"]) == ("pop, female-voice", ["demo"], None)

    picker = page.get_by_role("textbox", name="Sketch", exact=True)
    picker.click()
    picker.fill("Old")
    page.get_by_role("option", name="Old idea").click()
    page.get_by_role("button", name="Apply to sketch").click()
    expect(page.get_by_text("Style prompt applied to “Old idea”.")).to_be_visible()
    changed = sketch(web, account, old)
    assert (changed["prompt"], changed["tags"], changed["lyrics"]) == ("pop, female-voice", ["keep", "demo"], "A line")

    # From a sketch, its prompt is where the editor starts; the sketch's page leads to its lyrics too.
    page.goto(f"/style-prompt?sketch={old}")
    expect(prompt).to_have_value("pop, female-voice")
    page.goto(f"/sketches?sketch={old}")
    page.get_by_role("link", name="Write lyrics").click()
    expect(page.get_by_role("heading", name="Lyric editor", level=1)).to_be_visible()
    expect(lyrics(page)).to_have_value("A line")
    expect(page.get_by_role("link", name="Old idea")).to_be_visible()
    expect(page.get_by_test_id("save-state")).to_have_text("All changes saved")


def test_the_songwriting_pages_speak_german(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, language="DE")
    use_session(page, account)
    page.goto("/lyrics")
    expect(page.get_by_role("heading", name="Texteditor", level=1)).to_be_visible()
    expect(page.get_by_role("radio", name="Deutsch")).to_be_checked()  # the lyrics' language follows the page's
    lyrics(page).fill("Ich gehe durch die Nacht\nDer Mond hat mich bewacht\n\nWir singen laut")
    expect(gutter(page, 1)).to_have_attribute("data-syllables", "6", timeout=30_000)
    expect(gutter(page, 2)).to_have_attribute("data-syllables", "6")
    assert gutter(page, 1).get_attribute("data-rhyme") == gutter(page, 2).get_attribute("data-rhyme") is not None
    expect(page.get_by_role("button", name="KI-Werkzeuge für Abschnitt 1")).to_be_enabled()
    expect(page.get_by_role("button", name="Bereinigen")).to_be_visible()
    expect(page.get_by_role("button", name="Struktur anwenden")).to_be_visible()
    page.get_by_role("button", name="KI-Werkzeuge für Abschnitt 2").click()
    expect(page.get_by_role("menuitem", name="Um 4 Zeilen erweitern")).to_be_visible()
    page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "songwriting-editor-de")

    page.goto("/lyric-rules")
    expect(page.get_by_role("heading", name="Parsing-Regeln für Songtexte", level=1)).to_be_visible()
    page.get_by_role("button", name="Remove Trailing Spaces bearbeiten").click()
    expect(page.get_by_test_id("rule-match-count")).to_have_text("2 Treffer")
    expect(page.get_by_text("Nach der Regel")).to_be_visible()
    screenshot(page, "songwriting-rules-de")

    page.goto("/style-prompt")
    expect(page.get_by_role("heading", name="Musikstil-Prompt", level=1)).to_be_visible()
    pick(page, "checkbox", "Liebe")
    expect(page.get_by_role("textbox", name="Stil-Prompt")).to_have_value("love")
    expect(page.get_by_role("button", name="Für Suno verbessern")).to_be_enabled()
