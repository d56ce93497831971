"""Prompt templates in the browser: search over category and action, the detail (temperature label, words for
the max tokens), edit one and see its version rise, reset it to the default, improve a condition with the AI,
create a template of your own, try it, deactivate and activate it."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.harness import Account, WebServer, pick, screenshot, use_session

TEMPLATE = """query($c: String!, $a: String!) { promptTemplate(category: $c, action: $a) {
    version temperature maxTokens preCondition model active isModified } }"""


def stored(web: WebServer, account: Account, category: str, action: str) -> dict[str, Any]:
    data = web.run(web.api.data(TEMPLATE, {"c": category, "a": action}, account.token))
    return dict(data["promptTemplate"])


def rows(page: Page) -> Any:
    return page.get_by_test_id("template-row")


def detail(page: Page) -> Any:
    return page.get_by_role("region", name=re.compile(r"^Template "))


def open_templates(page: Page, account: Account) -> None:
    use_session(page, account)
    page.goto("/prompt-templates")
    expect(page.get_by_role("heading", name="Prompt templates", level=1)).to_be_visible()


def test_edit_a_template_see_its_version_rise_and_reset_it(web: WebServer, page: Page) -> None:
    account = web.user()
    open_templates(page, account)
    expect(rows(page)).to_have_count(20)
    screenshot(page, "prompt-templates-list")

    page.get_by_role("searchbox", name="Search").fill("titel")
    expect(rows(page)).to_have_count(2)
    page.get_by_role("searchbox", name="Search").fill("lyrics/trans")
    expect(rows(page)).to_have_count(1)
    page.get_by_role("searchbox", name="Search").fill("titel/generate")
    rows(page).filter(has=page.get_by_text("generate", exact=True)).click()
    expect(detail(page).get_by_role("heading", name="titel/generate")).to_be_visible()
    expect(detail(page).get_by_test_id("template-version")).to_have_text("4.0")
    expect(detail(page)).to_contain_text("0.7 · creative")
    expect(detail(page)).to_contain_text("(≈ 11 words)")  # 15 tokens
    screenshot(page, "prompt-templates-detail")

    detail(page).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="titel/generate", level=1)).to_be_visible()
    expect(page.get_by_text("Version 4.0; saving makes it 4.1.")).to_be_visible()
    pick(page, "radio", "0.3 · slightly variable")
    expect(page.get_by_label("Temperature value")).to_have_value("0.3")
    tokens = page.get_by_label("Max tokens")
    tokens.fill("40")
    expect(page.get_by_text("≈ 30 words", exact=True)).to_be_visible()
    page.get_by_label("Pre-condition").fill("Write one short song title.")
    page.get_by_role("textbox", name="Model").click()
    page.get_by_role("option", name="gemma3:4b").click()
    screenshot(page, "prompt-templates-editor")
    page.keyboard.press("Control+s")

    expect(page.get_by_text("Template saved as version 4.1.")).to_be_visible()
    expect(detail(page).get_by_test_id("template-version")).to_have_text("4.1")
    expect(detail(page)).to_contain_text("0.3 · slightly variable")
    expect(detail(page).get_by_text("Changed", exact=True)).to_be_visible()
    after = stored(web, account, "titel", "generate")
    assert after | {"preCondition": None} == {
        "version": "4.1",
        "temperature": 0.3,
        "maxTokens": 40,
        "preCondition": None,
        "model": "gemma3:4b",
        "active": True,
        "isModified": True,
    }
    assert after["preCondition"] == "Write one short song title."

    detail(page).get_by_role("button", name="Reset to default").click()
    dialog = page.get_by_role("dialog", name="Reset this template?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Reset to default").click()
    expect(page.get_by_text("titel/generate is back to its default.")).to_be_visible()
    expect(detail(page).get_by_test_id("template-version")).to_have_text("4.0")
    expect(detail(page).get_by_role("button", name="Reset to default")).to_be_hidden()
    assert stored(web, account, "titel", "generate")["isModified"] is False


def test_improve_a_condition_with_the_ai_and_undo_it(fast_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/prompt-templates/music/translate/edit")
    post = page.get_by_label("Post-condition")
    before = post.input_value()
    page.get_by_role("button", name="Improve with AI").nth(1).click()
    expect(post).to_have_value(re.compile(r"^Mock answer from llama3\.2:3b"), timeout=15_000)
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(post).to_have_value(before)
    expect(page.get_by_text("Unsaved changes")).to_be_hidden()


def test_create_an_own_template_try_it_and_deactivate_it(fast_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    open_templates(page, account)
    page.get_by_role("link", name="New template").click()
    expect(page.get_by_role("heading", name="New template", level=1)).to_be_visible()
    page.get_by_role("textbox", name="Category").fill("My Ideas")
    page.get_by_role("textbox", name="Action").fill("haiku")
    page.get_by_label("Pre-condition").fill("Write a haiku about the text.")
    page.get_by_label("Post-condition").fill("Three lines, nothing else.")
    page.get_by_role("textbox", name="Model").click()
    page.get_by_role("option", name="llama3.2:3b").click()
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Lowercase letters, digits, - and _.").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Category")).to_have_attribute("aria-invalid", "true")

    page.get_by_role("textbox", name="Category").fill("lyrics")
    page.get_by_role("textbox", name="Action").fill("generate")  # a shipped template's key: taken
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("A template lyrics/generate already exists.")).to_be_visible()

    page.get_by_role("textbox", name="Category").fill("mine")
    page.get_by_role("textbox", name="Action").fill("haiku")
    screenshot(page, "prompt-templates-new")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Template created.")).to_be_visible()
    expect(detail(page).get_by_role("heading", name="mine/haiku")).to_be_visible()
    expect(detail(page).get_by_text("Own", exact=True)).to_be_visible()
    expect(detail(page).get_by_role("button", name="Reset to default")).to_be_hidden()  # nothing to return to
    expect(rows(page).filter(has_text="haiku")).to_have_count(1)

    detail(page).get_by_label("Text to run the template on").fill("autumn rain on the harbor")
    detail(page).get_by_role("button", name="Run").click()
    expect(detail(page).get_by_role("status", name="Result")).to_contain_text("Mock answer", timeout=15_000)
    expect(detail(page).get_by_role("button", name="Run")).to_be_visible(timeout=15_000)
    screenshot(page, "prompt-templates-own")

    detail(page).get_by_role("button", name="Deactivate").click()
    page.get_by_role("dialog", name="Deactivate this template?").get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("mine/haiku is deactivated.")).to_be_visible()
    expect(rows(page).filter(has_text="haiku")).to_have_count(0)  # the list shows active ones
    expect(detail(page).get_by_text("Deactivated", exact=True)).to_be_visible()
    show = page.get_by_label("Show deactivated")
    show.click()  # the box follows the address (?inactive=1), which changes a moment after the click
    expect(show).to_be_checked()
    expect(rows(page).filter(has_text="haiku")).to_have_count(1)
    detail(page).get_by_role("button", name="Activate").click()
    expect(page.get_by_text("mine/haiku is active again.")).to_be_visible()
    assert stored(web, account, "mine", "haiku")["active"] is True
