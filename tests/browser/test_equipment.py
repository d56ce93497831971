"""Equipment in the browser: create an item whose licence is a key (the server's rule shows on the field until the
key is given), its secrets hidden until shown and copied to the clipboard, a secret left alone stays and one emptied
is cleared, duplicate it on the server, and find items by search, type and status in either order; the pages speak
German. Screenshots go to frontend-client/test-results/."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.harness import Account, WebServer, screenshot, use_session
from tests.integration.cases.equipment import SECRETS, create_equipment

KEY = "ABCD-1234-EFGH-5678"
ITEM = f"""query($id: ID!) {{ node(id: $id) {{ ... on Equipment {{ id name version status licenseManagement
    hasPassword hasLicenseKey hasPrice {SECRETS} }} }} }}"""


def item(web: WebServer, account: Account, item_id: str) -> dict[str, Any]:
    return dict(web.run(web.api.data(ITEM, {"id": item_id}, account.token))["node"])


def id_of(page: Page) -> str:
    match = re.search(r"/equipment/([^/?#]+)$", page.url)
    assert match, page.url
    from urllib.parse import unquote

    return unquote(match.group(1))


def choose(page: Page, scope: Page | Locator, label: str, option: str) -> None:
    """Pick an option of a Mantine select by its label, as a person would."""
    scope.get_by_role("textbox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()


def test_create_with_a_licence_key_show_copy_keep_clear_and_duplicate(
    web: WebServer, page: Page, context: BrowserContext
) -> None:
    account = web.user()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    use_session(page, account)
    page.goto("/equipment")
    expect(page.get_by_role("heading", name="Equipment", level=1)).to_be_visible()
    expect(page.get_by_text("No equipment yet")).to_be_visible()
    page.get_by_role("link", name="New item").first.click()
    expect(page.get_by_role("heading", name="New item", level=1)).to_be_visible()

    page.get_by_label(re.compile(r"^Name")).fill("Ableton Live")
    page.get_by_label("Version").fill("12.1")
    page.get_by_label("Manufacturer").fill("Ableton")
    page.get_by_label("Username").fill("mia@example.com")
    page.get_by_label("Password", exact=True).fill("hunter2 with spaces ")
    page.get_by_label("Price", exact=True).fill("449 EUR")
    choose(page, page, "Licence management", "Licence key")
    key = page.get_by_label("Licence key", exact=True)
    expect(key).to_be_visible()
    # The server's rule: a licence managed by key needs the key.
    save(page)
    expect(page.get_by_text("A license key is required when the license is a license key.")).to_be_visible()
    expect(key).to_be_focused()
    key.fill(KEY)
    save(page)
    expect(page).to_have_url(re.compile(r"/equipment/[^/]+$"))
    expect(page.get_by_role("heading", name="Ableton Live", level=1)).to_be_visible()
    item_id = id_of(page)
    stored = item(web, account, item_id)
    assert stored["secrets"] == {"password": "hunter2 with spaces ", "licenseKey": KEY, "price": "449 EUR"}

    # Read back for this one item: hidden until shown, copied without showing.
    key = page.get_by_label("Licence key", exact=True)
    expect(key).to_have_attribute("type", "password")
    expect(key).to_have_value(KEY)
    screenshot(page, "equipment-editor")
    page.get_by_role("button", name="Copy: Licence key").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == KEY
    expect(key).to_have_attribute("type", "password")
    page.get_by_role("button", name="Show or hide: Licence key").click()
    expect(key).to_have_attribute("type", "text")
    page.get_by_role("button", name="Show or hide: Licence key").click()
    expect(key).to_have_attribute("type", "password")

    # A change leaves the secrets alone; an emptied secret is cleared.
    page.get_by_label("Version").fill("12.2")
    save(page)
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    stored = item(web, account, item_id)
    assert stored["version"] == "12.2"
    assert stored["secrets"] == {"password": "hunter2 with spaces ", "licenseKey": KEY, "price": "449 EUR"}
    page.get_by_label("Price", exact=True).fill("")
    save(page)
    expect(page.get_by_text("Saved.", exact=True).first).to_be_visible()
    expect(page.get_by_text("Not saved")).to_have_count(0)
    stored = item(web, account, item_id)
    assert stored["hasPrice"] is False and stored["secrets"]["price"] is None
    assert stored["secrets"]["licenseKey"] == KEY

    # Duplicated on the server: the copy has the login, not the licence.
    page.get_by_role("button", name="Duplicate").click()
    expect(page.get_by_role("heading", name="Ableton Live (copy)", level=1)).to_be_visible()
    copy_id = id_of(page)
    assert copy_id != item_id
    expect(page.get_by_label("Password", exact=True)).to_have_value("hunter2 with spaces ")
    expect(page.get_by_label("Username")).to_have_value("mia@example.com")
    expect(page.get_by_label("Licence key", exact=True)).to_have_count(0)
    copied = item(web, account, copy_id)
    assert copied["hasLicenseKey"] is False and copied["secrets"]["password"] == "hunter2 with spaces "

    page.get_by_role("link", name="All equipment").click()
    cards = page.get_by_test_id("equipment-card")
    expect(cards).to_have_count(2)
    expect(cards.get_by_test_id("equipment-name")).to_have_text(["Ableton Live", "Ableton Live (copy)"])
    first = cards.first
    expect(first.get_by_label("A password is stored")).to_be_visible()
    expect(first.get_by_label("A licence key is stored")).to_be_visible()
    screenshot(page, "equipment-list")


def test_the_gallery_filters_sorts_and_deletes_and_speaks_german(web: WebServer, page: Page) -> None:
    account = web.user()
    for fields in (
        {"name": "Ableton Live", "manufacturer": "Ableton"},
        {"name": "Serum", "type": "PLUGIN", "status": "TRIAL", "pluginTags": ["synth"]},
        {"name": "Pro-Q 3", "type": "PLUGIN", "manufacturer": "FabFilter", "pluginTags": ["eq"]},
        {"name": "Old DAW", "status": "ARCHIVED"},
    ):
        web.run(create_equipment(web.api, account.token, **fields))
    use_session(page, account)
    page.goto("/equipment")
    cards = page.get_by_test_id("equipment-card")
    names = cards.get_by_test_id("equipment-name")
    expect(names).to_have_text(["Ableton Live", "Old DAW", "Pro-Q 3", "Serum"])

    choose(page, page, "Type", "Plugin")
    expect(names).to_have_text(["Pro-Q 3", "Serum"])
    choose(page, page, "Status", "Trial")
    expect(names).to_have_text(["Serum"])
    expect(page).to_have_url(re.compile(r"type=PLUGIN.*status=TRIAL|status=TRIAL.*type=PLUGIN"))
    choose(page, page, "Type", "Any type")
    choose(page, page, "Status", "Any status")
    expect(names).to_have_count(4)
    page.get_by_role("searchbox", name="Search").fill("fabfilter")
    expect(names).to_have_text(["Pro-Q 3"])
    page.get_by_role("searchbox", name="Search").fill("")
    choose(page, page, "Sort", "Name Z–A")
    expect(names).to_have_text(["Serum", "Pro-Q 3", "Old DAW", "Ableton Live"])

    page.get_by_role("button", name="Actions for Old DAW").click()
    page.get_by_role("menuitem", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(names).to_have_text(["Serum", "Pro-Q 3", "Ableton Live"])

    web.viewer_update(account, language="DE")
    page.evaluate("() => localStorage.setItem('aiproxy.language', 'de')")
    page.reload()
    expect(page.get_by_role("heading", name="Ausstattung", level=1)).to_be_visible()
    expect(cards.filter(has_text="Serum").get_by_test_id("equipment-status")).to_have_text("Testversion")
    page.get_by_role("link", name="Neuer Eintrag").first.click()
    expect(page.get_by_role("heading", name="Neuer Eintrag", level=1)).to_be_visible()
    choose(page, page, "Lizenzverwaltung", "Lizenzschlüssel")
    expect(page.get_by_label("Lizenzschlüssel", exact=True)).to_have_attribute("type", "password")
    screenshot(page, "equipment-editor-de")
