"""The chat pages in the browser, against the real API and its built-in mock providers (aitestmock): a new chat
with a streamed answer, Stop, Regenerate, a reload mid-answer that continues to the stored text, rename, pin,
search, archive and delete, compress and restore against a full context window, export, and the page's time to
interactive (frontend-client/test-results/metrics.json).

The mock writes its answers word by word; `slow_mock` makes them long and slow enough (150 words, 40 ms apart:
about 6 s) to watch one grow, stop it or reload in the middle. It is read when the server starts, so the tests
ask for it before `web`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Account, WebServer, measure_tti, record_metric, screenshot, use_session
from tests.support import create_conversation, exchange

TTI_MAX_MS = 8_000  # headless Chromium on a shared 2-core machine, the chat chunk loaded lazily
SLOW_DELAY_MS, SLOW_TOKENS = 40, 150

MESSAGE_TEXT = """query($id: ID!) { node(id: $id) { ... on Message { content status } } }"""


@pytest.fixture
def slow_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", str(SLOW_DELAY_MS))
    monkeypatch.setenv("AITESTMOCK_TOKENS", str(SLOW_TOKENS))


def words(text: str) -> str:
    """Text as a person reads it: whitespace (line breaks of the rendering) does not count."""
    return " ".join(text.split())


def answers(page: Page) -> Locator:
    return page.locator("[data-testid=message][data-role=ASSISTANT]")


def answer_text(page: Page) -> str:
    return words(answers(page).last.locator("[data-testid=message-text]").inner_text())


def wait_until(check: Callable[[], Any], timeout: float = 20, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not met within {timeout} s"
        time.sleep(0.05)


def stored_message(web: WebServer, account: Account, message_id: str) -> dict[str, Any]:
    data = web.run(web.api.data(MESSAGE_TEXT, {"id": message_id}, account.token))
    return data["node"]


def tokens_used(usage: Locator) -> int:
    """The tokens the usage bar says the conversation uses ("1,723 of 2,048 tokens")."""
    match = re.search(r"([\d,]+) of [\d,]+ tokens", usage.inner_text())
    assert match, usage.inner_text()
    return int(match.group(1).replace(",", ""))


def open_chat(page: Page, account: Account, path: str = "/chat") -> None:
    use_session(page, account)
    page.goto(path)
    expect(page.get_by_test_id("chat-page")).to_be_visible()


def conversation_actions(page: Page, item: str) -> None:
    page.get_by_test_id("conversation-actions").click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def start_chat(page: Page, system_context: str = "") -> None:
    page.get_by_test_id("new-chat").first.click()
    dialog = page.get_by_role("dialog", name="New chat")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("model-select")).to_have_value(re.compile(r"^llama3\.2:3b · "))
    if system_context:
        dialog.get_by_label("System context").fill(system_context)
    dialog.get_by_role("button", name="Start chat").click()
    expect(page).to_have_url(re.compile(r"/chat/ollama/[^/]+$"))
    expect(page.get_by_test_id("composer")).to_be_focused()


def send(page: Page, text: str) -> None:
    composer = page.get_by_test_id("composer")
    composer.fill(text)
    composer.press("Enter")  # Enter sends
    expect(composer).to_have_value("")


# -- a new chat, streamed ------------------------------------------------------------------------


def test_a_new_chat_streams_its_answer_token_by_token(slow_mock: None, web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    open_chat(page, account)
    expect(page).to_have_url(re.compile(r"/chat/ollama$"))
    expect(page.get_by_text("No conversations yet.")).to_be_visible()
    screenshot(page, "chat-empty")

    page.get_by_test_id("new-chat").first.click()
    dialog = page.get_by_role("dialog", name="New chat")
    expect(dialog.get_by_test_id("model-select")).to_have_value("llama3.2:3b · 32,768 tokens")
    dialog.get_by_label("System context").fill("Answer briefly.")
    screenshot(page, "chat-new-dialog")
    dialog.get_by_test_id("model-select").click()  # the model picker lists the provider's models
    expect(page.get_by_role("option", name=re.compile(r"^tiny:1b · 2,048 tokens"))).to_be_visible()
    screenshot(page, "chat-new-dialog-models")
    page.keyboard.press("Escape")
    dialog.get_by_role("button", name="Start chat").click()
    expect(page).to_have_url(re.compile(r"/chat/ollama/[^/]+$"))
    expect(page.get_by_test_id("message").first).to_contain_text("Answer briefly.")  # the system context

    # Shift+Enter is a new line, Enter sends.
    composer = page.get_by_test_id("composer")
    composer.fill("What is a river?")
    composer.press("Shift+Enter")
    composer.press_sequentially("Keep it short.")
    expect(composer).to_have_value("What is a river?\nKeep it short.")
    composer.press("Enter")
    expect(composer).to_have_value("")

    answer = answers(page).last
    expect(answer).to_have_attribute("data-status", "STREAMING")
    expect(page.get_by_test_id("stop")).to_be_visible()
    lengths: list[int] = []
    while answer.get_attribute("data-status") == "STREAMING":
        lengths.append(len(answer_text(page)))
        if len(set(lengths)) == 4:
            screenshot(page, "chat-streaming")
        time.sleep(0.1)
    grew = sorted(set(length for length in lengths if length > 0))
    assert len(grew) >= 5, f"the answer did not grow token by token while it streamed: {lengths}"
    assert lengths == sorted(lengths), f"the answer's text shrank while it streamed: {lengths}"

    expect(answer).to_have_attribute("data-status", "COMPLETE")
    stored = stored_message(web, account, answer.get_attribute("data-message-id") or "")
    assert stored["status"] == "COMPLETE" and len(stored["content"].split()) == SLOW_TOKENS
    assert answer_text(page) == words(stored["content"])
    expect(page.get_by_test_id("send")).to_be_visible()
    expect(page.get_by_test_id("usage")).to_contain_text(re.compile(r"[1-9][\d,]* of 32,768 tokens"))
    # The untitled chat is named from its first exchange, in the list and the header.
    expect(page.get_by_test_id("conversation-title")).not_to_have_text("Untitled chat", timeout=15_000)
    expect(page.get_by_test_id("conversation-item")).to_have_count(1)
    screenshot(page, "chat-answered")


def test_the_openai_page_lists_its_own_models_and_chats(web: WebServer, page: Page) -> None:
    account = web.user()
    web.run(create_conversation(web.api, account.token, title="Local only"))
    open_chat(page, account, "/chat/openai")
    expect(page.get_by_text("No conversations yet.")).to_be_visible()  # the Ollama chat is not here
    page.get_by_test_id("new-chat").first.click()
    dialog = page.get_by_role("dialog", name="New chat")
    expect(dialog.get_by_test_id("model-select")).to_have_value("gpt-4o-mini · 128,000 tokens")
    dialog.get_by_role("button", name="Start chat").click()
    expect(page).to_have_url(re.compile(r"/chat/openai/[^/]+$"))
    send(page, "Hello OpenAI")
    expect(answers(page).last).to_have_attribute("data-status", "COMPLETE", timeout=20_000)
    expect(answers(page).last).to_contain_text("Mock answer from gpt-4o-mini")
    screenshot(page, "chat-openai")

    # The switch goes back to Ollama's chats; /chat remembers the provider used last.
    page.get_by_test_id("provider-switch").get_by_text("Ollama").click()
    expect(page).to_have_url(re.compile(r"/chat/ollama$"))
    expect(page.get_by_test_id("conversation-item")).to_have_text(re.compile("Local only"))
    page.get_by_test_id("provider-switch").get_by_text("OpenAI").click()
    page.goto("/chat")
    expect(page).to_have_url(re.compile(r"/chat/openai$"))


def test_a_failed_answer_says_why_and_the_page_works_by_keyboard_and_in_german(
    fast_mock: None, web: WebServer, page: Page
) -> None:
    account = web.user()
    open_chat(page, account)
    # By keyboard: the button opens the dialog, Enter in a field starts the chat, Escape closes a dialog.
    page.get_by_test_id("new-chat").first.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="New chat")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_test_id("new-chat").first.focus()
    page.keyboard.press("Enter")
    dialog.get_by_label("Title").fill("Faults")
    # Enter starts the chat once the provider's models are there (the dialog chooses the default one).
    expect(dialog.get_by_test_id("model-select")).not_to_have_value("")
    dialog.get_by_label("Title").press("Enter")
    expect(page.get_by_test_id("conversation-title")).to_have_text("Faults")

    send(page, "Please fail 0003")  # the mock's Ollama answers 500
    answer = answers(page).last
    expect(answer).to_have_attribute("data-status", "FAILED", timeout=20_000)
    expect(answer.get_by_role("alert")).to_contain_text("The model's service is not available right now.")
    expect(page.get_by_test_id("send")).to_be_visible()
    screenshot(page, "chat-failed")

    page.get_by_role("radiogroup", name="Language").get_by_text("DE").click()
    expect(page.get_by_test_id("new-chat").first).to_have_text("Neuer Chat")
    expect(answer.get_by_role("alert")).to_contain_text("Der Dienst des Modells ist gerade nicht erreichbar.")
    expect(page.get_by_test_id("composer")).to_have_attribute("placeholder", "Nachricht schreiben …")
    page.get_by_test_id("conversation-actions").click()
    expect(page.get_by_role("menuitem", name="Als Markdown exportieren", exact=True)).to_be_visible()
    page.wait_for_timeout(300)
    screenshot(page, "chat-de-actions")  # German next to the English ones: the longer labels still fit


# -- stop, regenerate, reload ------------------------------------------------------------------


def test_stop_keeps_the_text_so_far_and_regenerate_writes_a_new_answer(
    slow_mock: None, web: WebServer, page: Page
) -> None:
    account = web.user()
    open_chat(page, account)
    start_chat(page)
    send(page, "Tell me everything about rivers")
    answer = answers(page).last
    wait_until(lambda: len(answer_text(page).split()) > 15, what="some of the answer")
    page.get_by_test_id("stop").click()

    expect(answer).to_have_attribute("data-status", "STOPPED")
    expect(answer.get_by_test_id("status-stopped")).to_have_text("Stopped")
    expect(page.get_by_test_id("send")).to_be_visible()
    stored = stored_message(web, account, answer.get_attribute("data-message-id") or "")
    assert stored["status"] == "STOPPED"
    kept = words(stored["content"])
    assert 15 < len(kept.split()) < SLOW_TOKENS
    assert answer_text(page) == kept
    screenshot(page, "chat-stopped")
    time.sleep(0.5)
    assert answer_text(page) == kept  # nothing more arrives after the stop

    # Regenerate: a new answer replaces the stopped one, which stays readable in the history.
    stopped_id = answer.get_attribute("data-message-id") or ""
    page.get_by_role("button", name="Regenerate").click()
    new = answers(page).last
    expect(new).not_to_have_attribute("data-message-id", stopped_id)
    expect(answers(page)).to_have_count(1)
    expect(new).to_have_attribute("data-status", "COMPLETE", timeout=20_000)
    assert len(answer_text(page).split()) == SLOW_TOKENS
    conversation_actions(page, "Show archived and replaced messages")
    expect(answers(page)).to_have_count(2)
    expect(answers(page).first).to_contain_text("replaced")
    assert words(answers(page).first.get_by_test_id("message-text").inner_text()) == kept
    screenshot(page, "chat-regenerated-history")


def test_a_reload_mid_answer_shows_the_text_so_far_and_continues(slow_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    open_chat(page, account)
    start_chat(page)
    send(page, "Tell me a long story")
    answer = answers(page).last
    message_id = answer.get_attribute("data-message-id") or ""
    wait_until(lambda: len(answer_text(page).split()) > 20, what="a part of the answer")
    before = answer_text(page)

    page.reload()
    answer = page.locator(f"[data-testid=message][data-message-id='{message_id}']")
    expect(answer).to_have_attribute("data-status", "STREAMING")
    # The text so far is back at once (replayed), then the answer goes on from there.
    after = wait_until(lambda: answer_text(page), what="the replayed text")
    assert after.startswith(before), (before, after)
    screenshot(page, "chat-reloaded-mid-answer")
    lengths = [len(after)]
    while answer.get_attribute("data-status") == "STREAMING":
        lengths.append(len(answer_text(page)))
        time.sleep(0.1)
    assert len(set(lengths)) >= 3, f"the answer did not continue after the reload: {lengths}"
    assert lengths == sorted(lengths), lengths

    expect(answer).to_have_attribute("data-status", "COMPLETE")
    stored = stored_message(web, account, message_id)
    assert stored["status"] == "COMPLETE" and len(stored["content"].split()) == SLOW_TOKENS
    final = answer_text(page)
    assert final == words(stored["content"]) and final.startswith(before)
    screenshot(page, "chat-reload-completed")


# -- the list: rename, pin, search, archive, delete ---------------------------------------------


def test_rename_pin_search_archive_and_delete(web: WebServer, page: Page) -> None:
    account = web.user()
    for title in ("Chorus ideas", "Verse ideas", "Bridge ideas"):
        web.run(create_conversation(web.api, account.token, title=title))
    open_chat(page, account)
    items = page.get_by_test_id("conversation-item")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("Bridge ideas")  # most recently active first
    items.filter(has_text="Verse ideas").click()
    expect(page.get_by_test_id("conversation-title")).to_have_text("Verse ideas")

    # Rename inline: Enter saves; Escape leaves it as it was.
    page.get_by_role("button", name="Rename").click()
    title = page.get_by_test_id("title-input")
    expect(title).to_be_focused()
    title.fill("Lyrics brainstorm")
    title.press("Enter")
    expect(page.get_by_test_id("conversation-title")).to_have_text("Lyrics brainstorm")
    expect(items.filter(has_text="Lyrics brainstorm")).to_have_count(1)
    page.get_by_role("button", name="Rename").click()
    page.get_by_test_id("title-input").fill("Not this")
    page.get_by_test_id("title-input").press("Escape")
    expect(page.get_by_test_id("conversation-title")).to_have_text("Lyrics brainstorm")

    # Pin: it leads the list under "Pinned".
    conversation_actions(page, "Pin")
    pinned = page.get_by_role("region", name="Pinned")
    expect(pinned.get_by_test_id("conversation-item")).to_have_text([re.compile("Lyrics brainstorm")])
    expect(items.first).to_contain_text("Lyrics brainstorm")
    screenshot(page, "chat-list-pinned")

    # Search.
    page.get_by_label("Search conversations").fill("chorus")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Chorus ideas")
    page.get_by_label("Search conversations").fill("")
    expect(items).to_have_count(3)

    # Archive: it leaves the active list and is found under Archived.
    conversation_actions(page, "Archive")
    expect(items).to_have_count(2)
    page.get_by_test_id("archived-filter").get_by_text("Archived").click()
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Lyrics brainstorm")
    screenshot(page, "chat-archived")
    conversation_actions(page, "Unarchive")
    expect(items).to_have_count(0)
    page.get_by_test_id("archived-filter").get_by_text("Active").click()
    expect(items).to_have_count(3)

    # Delete, after confirming; cancelling keeps it.
    conversation_actions(page, "Delete")
    confirm = page.get_by_role("dialog", name="Delete this conversation?")
    expect(confirm).to_contain_text("“Lyrics brainstorm” and all its messages will be deleted")
    page.wait_for_timeout(400)  # the menu's and the dialog's transitions
    screenshot(page, "chat-delete-confirm")
    confirm.get_by_role("button", name="Cancel").click()
    expect(items).to_have_count(3)
    conversation_actions(page, "Delete")
    page.get_by_role("dialog", name="Delete this conversation?").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/chat/ollama$"))
    expect(items).to_have_count(2)
    expect(items.filter(has_text="Lyrics brainstorm")).to_have_count(0)


# -- context window: warning, compress, restore -------------------------------------------------


def test_a_full_context_warns_and_compress_and_restore_work(fast_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    conversation = web.run(create_conversation(web.api, account.token, model="tiny:1b", title="Tiny window"))
    for question in ("Question one", "Question two", "Please consider this paragraph carefully. " * 150):
        web.run(exchange(web.api, account.token, conversation["id"], question))
    open_chat(page, account, f"/chat/ollama/{conversation['id']}")
    usage = page.get_by_test_id("usage")
    expect(usage).to_have_attribute("data-level", re.compile("warn|full"))
    expect(usage).to_contain_text("of 2,048 tokens")
    expect(usage.get_by_role("status")).to_contain_text("Compress")
    screenshot(page, "chat-context-full")
    used_before = tokens_used(usage)

    usage.get_by_role("button", name="Compress").click()
    page.get_by_role("dialog", name="Compress this conversation?").get_by_role("button", name="Compress").click()
    expect(page.get_by_text("4 messages were summarised and archived.")).to_be_visible()
    summary = page.locator("[data-testid=message]", has_text="[Summary: 4 msgs archived]")
    expect(summary).to_have_count(1)
    expect(page.get_by_test_id("message")).to_have_count(3)
    wait_until(lambda: tokens_used(usage) < used_before, what="fewer tokens used after compressing")
    screenshot(page, "chat-compressed")

    conversation_actions(page, "Restore archived messages")
    expect(page.get_by_text("4 archived messages are back.")).to_be_visible()
    expect(page.get_by_test_id("message")).to_have_count(6)
    expect(summary).to_have_count(0)


# -- export, copy ---------------------------------------------------------------------------------


def test_export_downloads_the_conversation_and_a_message_copies(
    fast_mock: None, web: WebServer, page: Page, context: Any
) -> None:
    account = web.user()
    conversation = web.run(create_conversation(web.api, account.token, title="Export me", systemContext="Be a poet."))
    _, final = web.run(exchange(web.api, account.token, conversation["id"], "Write about **rain**"))
    answer = final["message"]["content"]
    open_chat(page, account, f"/chat/ollama/{conversation['id']}")
    expect(answers(page)).to_have_count(1)
    screenshot(page, "chat-conversation")

    with page.expect_download() as markdown_download:
        conversation_actions(page, "Export as Markdown")
    markdown = markdown_download.value
    assert re.fullmatch(r"chat-export-me-\d{4}-\d{2}-\d{2}\.md", markdown.suggested_filename)
    text = Path(markdown.path()).read_text(encoding="utf-8")
    assert text.startswith("# Export me")
    assert "Write about **rain**" in text and answer in text and "Be a poet." in text

    with page.expect_download() as json_download:
        conversation_actions(page, "Export as JSON (everything)")
    assert json_download.value.suggested_filename.endswith(".json")
    exported = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert exported["conversation"]["title"] == "Export me"
    assert [m["content"] for m in exported["messages"]] == ["Be a poet.", "Write about **rain**", answer]

    # Copy a message: as markdown (what was written) or as text (what is shown).
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    question = page.locator("[data-testid=message][data-role=USER]")
    question.get_by_role("button", name="Copy").click()
    page.get_by_role("menuitem", name="Copy as Markdown").click()
    expect(page.get_by_text("Copied to the clipboard.").first).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "Write about **rain**"
    answers(page).last.get_by_role("button", name="Copy").click()
    page.get_by_role("menuitem", name="Copy as text").click()
    assert words(page.evaluate("navigator.clipboard.readText()")) == words(answer.replace("**", ""))  # rendered


# -- time to interactive ----------------------------------------------------------------------------


def test_time_to_interactive_on_the_chat_page(fast_mock: None, web: WebServer, page: Page) -> None:
    account = web.user()
    conversation = web.run(create_conversation(web.api, account.token, title="Quick"))
    web.run(exchange(web.api, account.token, conversation["id"], "Hello"))
    use_session(page, account)
    tti = measure_tti(page, f"/chat/ollama/{conversation['id']}", "[data-testid=composer]")
    record_metric("tti_chat_ms", round(tti))
    expect(answers(page)).to_have_count(1)
    assert tti <= TTI_MAX_MS


def test_a_long_conversation_shows_its_latest_messages_and_earlier_ones_on_request(
    fast_mock: None, web: WebServer, page: Page
) -> None:
    account = web.user()
    conversation = web.run(create_conversation(web.api, account.token, title="Long"))
    for number in range(1, 27):  # 52 messages: one page (50) and two more
        web.run(exchange(web.api, account.token, conversation["id"], f"Question number {number}"))
    open_chat(page, account, f"/chat/ollama/{conversation['id']}")
    messages = page.get_by_test_id("message")
    expect(messages).to_have_count(50)
    expect(messages.last).to_contain_text("Question number 26")
    expect(page.get_by_text("Question number 1", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Show earlier messages").click()
    expect(messages).to_have_count(52)
    expect(messages.first).to_contain_text("Question number 1")
    expect(page.get_by_role("button", name="Show earlier messages")).to_have_count(0)
