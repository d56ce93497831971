"""Sketches in the browser: create one in the editor and find it by search, see the API's rules on the fields,
filter the library by tag and status, edit (with the unsaved-changes guard), duplicate, archive, delete after a
confirmation, and an AI title that streams into the title field (and can be cancelled)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Account, WebServer, pick, screenshot, use_session

CREATE = """mutation($i: SketchCreateInput!) { sketchCreate(input: $i) {
    sketch { id title } userErrors { field message } } }"""
LIST = "query($f: SketchFilter) { sketches(filter: $f) { nodes { id title workflow tags info } } }"


def make_sketch(web: WebServer, account: Account, **fields: Any) -> dict[str, Any]:
    payload = web.run(web.api.mutate("sketchCreate", CREATE, {"i": fields}, account.token))
    return dict(payload["sketch"])


def sketches(web: WebServer, account: Account, **filter: Any) -> list[dict[str, Any]]:
    data = web.run(web.api.data(LIST, {"f": filter or None}, account.token))
    return list(data["sketches"]["nodes"])


def cards(page: Page) -> Any:
    return page.get_by_test_id("sketch-card")


def detail(page: Page) -> Any:
    return page.get_by_role("region", name=re.compile(r"^(Sketch|Skizze) "))


def open_library(page: Page, account: Account) -> None:
    use_session(page, account)
    page.goto("/sketches")
    expect(page.get_by_role("heading", name="Sketch library", level=1)).to_be_visible()


def test_create_a_sketch_in_the_editor_and_find_it_by_search(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    open_library(page, account)
    expect(page.get_by_text("No sketches yet")).to_be_visible()
    screenshot(page, "sketches-library-empty")

    page.get_by_role("link", name="New sketch").first.click()
    expect(page.get_by_role("heading", name="New sketch", level=1)).to_be_visible()
    page.get_by_label("Title").fill("Harbor Lights")
    page.get_by_label("Style prompt").fill("dream pop, slow, shimmering guitars")
    page.get_by_label("Lyrics").fill("Verse one\nThe harbor sleeps")
    pick(page, "checkbox", "pop")  # a style suggestion chip
    pick(page, "radio", "Theme")
    pick(page, "checkbox", "nostalgia")
    tags = page.get_by_role("textbox", name="Tags", exact=True)
    tags.fill("night drive")
    tags.press("Enter")
    page.get_by_label("Tempo (BPM)").fill("90")
    page.get_by_label("Time signature").fill("4/4")
    page.get_by_label("Total number of bars").fill("48")
    expect(page.get_by_text("From bars, tempo and time signature: 2:08")).to_be_visible()
    page.get_by_role("button", name="Use it").click()
    expect(page.get_by_label("Song length")).to_have_value("2:08")
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    screenshot(page, "sketches-editor-new")

    page.get_by_label("Title").press("Enter")  # Enter in a text field submits
    expect(page.get_by_text("Sketch created.")).to_be_visible()
    expect(detail(page).get_by_role("heading", name="Harbor Lights")).to_be_visible()
    expect(detail(page).get_by_text("Tempo (BPM)")).to_be_visible()
    expect(detail(page).get_by_text("night drive")).to_be_visible()

    [stored] = sketches(web, account)
    assert stored["tags"] == ["pop", "nostalgia", "night drive"]
    assert stored["info"] == "Tempo (BPM): 90\nTime Signature: 4/4\nTotal Number of Bars: 48\nSong Length: 2:08"

    make_sketch(web, account, title="Desert Road", prompt="country, dusty")
    page.reload()
    expect(cards(page)).to_have_count(2)
    screenshot(page, "sketches-library")
    search = page.get_by_role("searchbox", name="Search")
    search.fill("harbor")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text("Harbor Lights")
    assert "q=harbor" in page.url  # the search is in the address: Back and reload keep it
    search.fill("nothing like this")
    expect(page.get_by_text("No sketch matches")).to_be_visible()
    search.press("Escape")
    expect(cards(page)).to_have_count(2)


def test_the_api_rules_show_on_the_fields(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/sketches/new")
    page.get_by_label("Title").fill("No prompt yet")
    page.get_by_role("button", name="Save").first.click()
    prompt = page.get_by_label("Style prompt")
    expect(prompt).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Prompt is required.")).to_be_visible()
    page.get_by_label("Short description").fill("s" * 151)
    prompt.fill("rock")
    expect(page.get_by_text("Prompt is required.")).to_be_hidden()  # typing clears the field's error
    page.keyboard.press("Control+s")
    expect(page.get_by_text(re.compile(r"Short description .*150"))).to_be_visible()
    expect(page.get_by_label("Short description")).to_be_focused()  # the refused field, scrolled into view
    screenshot(page, "sketches-editor-errors")
    assert sketches(web, account) == []


def test_filter_the_library_by_tag_and_status(web: WebServer, page: Page) -> None:
    account = web.user()
    make_sketch(web, account, title="Rock Anthem", prompt="stadium rock", tags=["rock", "power"])
    make_sketch(web, account, title="Quiet Folk", prompt="folk guitar", tags=["folk"], workflow="USED")
    make_sketch(web, account, title="Old Idea", prompt="pop", tags=["rock"], workflow="ARCHIVED")
    open_library(page, account)
    expect(cards(page)).to_have_count(2)  # archived sketches only when asked for

    page.get_by_role("button", name="Show only sketches tagged rock").click()
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text("Rock Anthem")
    pick(page, "radio", "Archived")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text("Old Idea")
    pick(page, "radio", "All")
    expect(cards(page)).to_have_count(2)
    screenshot(page, "sketches-library-filtered")

    page.get_by_role("textbox", name="Tags", exact=True).click()  # the tag filter's chips: remove "rock"
    page.keyboard.press("Backspace")
    expect(cards(page)).to_have_count(3)
    pick(page, "radio", "Used")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text("Quiet Folk")

    pick(page, "radio", "All")
    page.get_by_role("textbox", name="Sort").click()
    page.get_by_role("option", name="Title A–Z").click()
    expect(cards(page).first).to_contain_text("Old Idea")
    expect(cards(page).last).to_contain_text("Rock Anthem")


def test_edit_duplicate_archive_and_delete(web: WebServer, page: Page) -> None:
    account = web.user()
    sketch = make_sketch(web, account, title="First Draft", prompt="synthwave", lyrics="la la")
    open_library(page, account)
    cards(page).first.click()
    expect(detail(page).get_by_role("heading", name="First Draft")).to_be_visible()
    screenshot(page, "sketches-detail")

    detail(page).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit sketch", level=1)).to_be_visible()
    expect(page.get_by_label("Style prompt")).to_have_value("synthwave")
    page.get_by_label("Title").fill("Second Draft")
    page.get_by_role("link", name="Back to the library").click()  # unsaved: the guard asks first
    dialog = page.get_by_role("dialog", name="Leave without saving?")
    expect(dialog).to_be_visible()
    screenshot(page, "sketches-editor-unsaved")
    dialog.get_by_role("button", name="Stay on the page").click()
    expect(page.get_by_label("Title")).to_have_value("Second Draft")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Sketch saved.")).to_be_visible()
    expect(detail(page).get_by_role("heading", name="Second Draft")).to_be_visible()
    expect(cards(page).first).to_contain_text("Second Draft")

    detail(page).get_by_role("button", name="Duplicate").click()
    expect(detail(page).get_by_role("heading", name="Second Draft (copy)")).to_be_visible()
    expect(cards(page)).to_have_count(2)

    detail(page).get_by_role("button", name="Mark used").click()
    expect(detail(page).get_by_text("Used", exact=True)).to_be_visible()
    detail(page).get_by_role("button", name="Archive").click()
    expect(page.get_by_text("The sketch is archived.")).to_be_visible()
    expect(cards(page)).to_have_count(1)  # gone from the active list
    detail(page).get_by_role("button", name="Back to draft").click()
    expect(cards(page)).to_have_count(2)

    cards(page).filter(has_text="Second Draft (copy)").click()
    detail(page).get_by_role("button", name="Delete").click()
    confirm = page.get_by_role("dialog", name="Delete this sketch?")
    expect(confirm).to_contain_text("“Second Draft (copy)” will be deleted for good.")
    screenshot(page, "sketches-delete-confirm")
    confirm.get_by_role("button", name="Cancel").click()
    expect(cards(page)).to_have_count(2)
    detail(page).get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete this sketch?").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("“Second Draft (copy)” was deleted.")).to_be_visible()
    expect(cards(page)).to_have_count(1)
    assert [s["id"] for s in sketches(web, account)] == [sketch["id"]]


@pytest.fixture
def slow_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mock writes a token every 150 ms: a running generation stays visible long enough to see and stop."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", "150")


def test_the_ai_title_fills_the_title_and_can_be_cancelled(slow_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/sketches/new")
    ai = page.get_by_role("button", name="AI title")
    expect(ai).to_be_disabled()  # nothing to make a title from yet
    page.get_by_label("Lyrics").fill("Neon rain on the highway\nwe drive until the morning")

    ai.click()
    progress = page.get_by_role("status").filter(has_text="Writing a title…")
    expect(progress).to_be_visible()
    progress.get_by_role("button", name="Cancel").click()
    expect(progress).to_be_hidden()
    expect(page.get_by_label("Title")).to_have_value("")

    ai.click()
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Mock answer", timeout=10_000)  # the text streams in
    screenshot(page, "sketches-editor-ai-title")
    expect(progress).to_be_hidden(timeout=15_000)
    title = page.get_by_label("Title")
    expect(title).to_have_value(re.compile(r"^Mock answer from llama3\.2:3b"))
    assert len(title.input_value()) <= 500


def test_the_library_loads_more_in_pages_of_the_users_size(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, pageSize=10)
    for number in range(1, 13):
        make_sketch(web, account, title=f"Idea {number:02d}", prompt="ambient")
    open_library(page, account)
    expect(cards(page)).to_have_count(10)
    expect(page.get_by_text("10 of 12")).to_be_visible()
    expect(cards(page).first).to_contain_text("Idea 12")  # newest first
    page.get_by_role("button", name="Load more").click()
    expect(cards(page)).to_have_count(12)
    expect(cards(page).last).to_contain_text("Idea 01")
    expect(page.get_by_role("button", name="Load more")).to_be_hidden()


def test_the_library_and_editor_speak_german(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, language="DE")
    make_sketch(web, account, title="Herbstlied", prompt="Folk", tags=["folk"], info="Tonart: d-Moll\nTempo: 84")
    use_session(page, account)
    page.goto("/sketches")
    expect(page.get_by_role("heading", name="Skizzen", level=1)).to_be_visible()
    cards(page).first.click()
    expect(detail(page).get_by_text("Tonart")).to_be_visible()  # the info read back under German labels
    expect(detail(page).get_by_role("button", name="Als verwendet markieren")).to_be_visible()
    screenshot(page, "de-sketches-library")
    detail(page).get_by_role("link", name="Bearbeiten").click()
    expect(page.get_by_role("heading", name="Skizze bearbeiten", level=1)).to_be_visible()
    expect(page.get_by_label("Tonart")).to_have_value("d-Moll")
    expect(page.get_by_label("Tempo (BPM)")).to_have_value("84")
    screenshot(page, "de-sketches-editor")
