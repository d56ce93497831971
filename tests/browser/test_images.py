"""Images in the browser, against the built-in OpenAI mock (DALL-E draws for the seconds a prompt names): generate one
in the generator and follow its phases live, see it with its revised prompt and cost, rename it in place, download it
and find it in the gallery; the prompt tools stream into the prompt (Stop and Undo give the text back) and the album
cover's rules hold the form; DALL-E's refusal says why; the gallery searches, sorts by title both ways (the API's
order), tags, renames, and deletes several at once with an outcome per image; the pages speak German. Screenshots of
the generator and the gallery in English and German go to frontend-client/test-results/."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Account, WebServer, pick, screenshot, sign_in, use_session
from tests.integration.cases.images import IMAGE, draw, overlay, start_image

LIST = "{ images(first: 50) { nodes { id title tags } } }"
CANCEL = "mutation($i: JobIdInput!) { jobCancel(input: $i) { job { id } userErrors { message } } }"


def made_image(web: WebServer, account: Account, **fields: Any) -> dict[str, Any]:
    """An image drawn to its end through the API (the mock draws in two seconds)."""
    done, _ = web.run(draw(web.api, account.token, enhance="OFF", **fields))
    return dict(done)


def image(web: WebServer, account: Account, image_id: str) -> dict[str, Any]:
    return dict(web.run(web.api.data(IMAGE, {"id": image_id}, account.token))["node"])


def gallery(web: WebServer, account: Account) -> list[dict[str, Any]]:
    return list(web.run(web.api.data(LIST, None, account.token))["images"]["nodes"])


def choose(scope: Page | Locator, page: Page, label: str, option: str) -> None:
    """Pick an option of a Mantine select by its label, as a person would."""
    scope.get_by_role("textbox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def cards(page: Page) -> Locator:
    return page.get_by_test_id("image-card")


def card_titles(page: Page) -> list[str]:
    return cards(page).get_by_test_id("image-title").all_inner_texts()


def expect_picture_loads(page: Page, picture: Locator) -> None:
    """The picture really shows (the browser decoded it) and its file answers 200 as a PNG."""
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    src = picture.get_attribute("src")
    assert src
    response = page.request.get(src)
    assert response.status == 200 and response.headers["content-type"] == "image/png", (src, response.status)


def test_generate_an_image_follow_its_phases_rename_it_and_find_it_in_the_gallery(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account)
    page.goto("/images/new")
    expect(page.get_by_role("heading", name="New image", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Image pages").get_by_role("link", name="Generate")).to_have_attribute(
        "aria-current", "page"
    )

    generate = page.get_by_role("button", name="Generate image")
    generate.click()
    prompt = page.get_by_role("textbox", name="Prompt", exact=True)
    expect(prompt).to_have_attribute("aria-invalid", "true")
    expect(prompt).to_be_focused()
    expect(page.get_by_text("Describe the picture.")).to_be_visible()

    # Four seconds of drawing at the mock; a lighting style means AUTO leaves the prompt as it is.
    prompt.fill("a lighthouse at dusk, waves breaking 4s")
    page.get_by_role("textbox", name="Title", exact=True).fill("Harbor Lights")
    choose(page, page, "Lighting", "Dramatic")
    expect(page.get_by_text("DALL-E gets your prompt as it is, with the chosen styles added.")).to_be_visible()
    pick(page, "radio", "HD")
    generate.click()

    progress = page.get_by_test_id("image-progress")
    expect(progress).to_be_visible()
    expect(progress.get_by_role("progressbar", name="Progress: Harbor Lights")).to_be_visible()
    drawing = progress.locator('[data-phase="drawing"][data-current]')
    expect(drawing).to_be_visible(timeout=15_000)  # the job's phase, live
    expect(progress.get_by_test_id("job-percent")).not_to_have_text("0%")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "images-generator-progress")

    result = page.get_by_test_id("image-result")
    expect(result).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    image_id = parse_qs(urlsplit(page.url).query)["image"][0]  # in the address: a reload shows it again
    expect_picture_loads(page, result.get_by_test_id("image-picture"))
    expect(result.get_by_test_id("image-cost")).to_have_text("Cost US$0.08")  # HD, square
    expect(result).to_contain_text("DALL-E's revised prompt")
    expect(result).to_contain_text("at hd quality (mock)")
    expect(result.get_by_text("1024×1024")).to_be_visible()
    download = result.get_by_test_id("image-download")
    response = page.request.get(download.get_attribute("href") or "")
    assert response.status == 200 and 'filename="Harbor Lights.png"' in response.headers["content-disposition"]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "images-generator-result")

    result.get_by_role("button", name="Rename").click()
    title = result.get_by_test_id("image-title-input")
    title.fill("Harbor Lights at Dusk")
    title.press("Enter")
    expect(result.get_by_test_id("image-title")).to_have_text("Harbor Lights at Dusk")
    assert image(web, account, image_id)["title"] == "Harbor Lights at Dusk"
    page.reload()
    expect(page.get_by_test_id("image-title")).to_have_text("Harbor Lights at Dusk")

    page.get_by_role("link", name="Open in the gallery").click()
    expect(page.get_by_role("heading", name="Gallery", level=1)).to_be_visible()
    preview = page.get_by_role("dialog", name="Image")
    expect(preview.get_by_test_id("image-title")).to_have_text("Harbor Lights at Dusk")
    expect(preview).to_contain_text("a lighthouse at dusk, waves breaking 4s")  # the user's prompt
    expect(preview).to_contain_text("dramatic lighting, strong shadows")  # what DALL-E was sent
    expect(preview).to_contain_text("Lighting: Dramatic")
    expect_picture_loads(page, preview.get_by_test_id("image-picture"))
    page.wait_for_timeout(400)  # the dialog's opening transition
    screenshot(page, "images-gallery-preview")
    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("Harbor Lights at Dusk")
    expect_picture_loads(page, cards(page).first.get_by_test_id("image-thumbnail"))


@pytest.fixture
def slow_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mock's text streams for about three seconds: long enough to watch it arrive and to stop it."""
    monkeypatch.setenv("AITESTMOCK_TOKEN_DELAY_MS", "50")
    monkeypatch.setenv("AITESTMOCK_TOKENS", "60")


def test_prompt_tools_stream_into_the_prompt_and_the_cover_rules_hold_the_form(
    slow_text: None, web: WebServer, page: Page
) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/images/new")
    prompt = page.get_by_role("textbox", name="Prompt", exact=True)
    original = "ein Leuchtturm im Sturm"
    prompt.fill(original)

    page.get_by_role("button", name="Translate to English").click()
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    expect(prompt).to_have_attribute("readonly", "")
    expect(prompt).not_to_have_value(original)  # the text arrives in the field as it streams
    expect(stop).to_have_count(0, timeout=15_000)
    translated = prompt.input_value()
    assert translated and translated != original
    expect(prompt).not_to_have_attribute("readonly", "")
    undo = page.get_by_role("button", name="Undo Translate to English")
    undo.click()
    expect(prompt).to_have_value(original)
    expect(undo).to_have_count(0)

    page.get_by_role("button", name="Enhance").click()
    expect(prompt).not_to_have_value(original)
    page.get_by_role("button", name="Stop").click()
    expect(prompt).to_have_value(original)  # stopped: the text before it
    expect(prompt).not_to_have_attribute("readonly", "")

    page.get_by_role("button", name="AI title").click()
    expect(page.get_by_text("Writing a title…")).to_be_visible()
    expect(page.get_by_role("textbox", name="Title", exact=True)).not_to_have_value("", timeout=15_000)

    # An album cover is square, enhanced by its template, and never a pencil sketch.
    pick(page, "radio", "Landscape 1792×1024")
    choose(page, page, "Prompt enhancement", "Off (my prompt as it is)")
    choose(page, page, "Artistic style", "Pencil sketch")
    choose(page, page, "Composition", "Album cover")
    expect(page.get_by_test_id("cover-note")).to_be_visible()
    expect(page.get_by_role("radio", name="Square 1024×1024")).to_be_checked()
    expect(page.get_by_role("radio", name="Landscape 1792×1024")).to_be_disabled()
    enhance = page.get_by_role("textbox", name="Prompt enhancement", exact=True)
    expect(enhance).to_have_value("Automatic")
    expect(enhance).to_be_disabled()
    expect(page.get_by_role("textbox", name="Artistic style", exact=True)).to_have_value("Auto")
    expect(page.get_by_text("An album cover is always written by the cover template.")).to_be_visible()
    page.wait_for_timeout(300)  # the size control's indicator slides back to Square
    screenshot(page, "images-generator-cover")

    # The look is remembered for the next visit.
    page.reload()
    expect(page.get_by_role("textbox", name="Composition", exact=True)).to_have_value("Album cover")
    expect(page.get_by_role("radio", name="Square 1024×1024")).to_be_checked()


def test_dalles_refusal_says_why(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/images/new")
    page.get_by_role("textbox", name="Prompt", exact=True).fill("a test 0009 picture")
    choose(page, page, "Prompt enhancement", "Off (my prompt as it is)")
    page.get_by_role("button", name="Generate image").click()
    error = page.get_by_test_id("image-error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_have_attribute("data-code", "CONTENT_POLICY")
    expect(error).to_contain_text("The image could not be made")
    expect(error).to_contain_text("OpenAI refused this prompt under its content policy.")
    page.goto("/images")
    expect(cards(page).first.get_by_test_id("image-card-error")).to_contain_text("content policy")


def test_the_gallery_searches_sorts_tags_renames_and_deletes_several(web: WebServer, page: Page) -> None:
    account = web.user()
    for name in ("Beta", "alpha", "Gamma"):
        made_image(web, account, title=name, prompt=f"{name} over the sea")
    # Still being drawn a minute from now: the gallery shows its progress, and a delete keeps it.
    busy = web.run(start_image(web.api, account.token, title="Slow Tide", prompt="a slow tide 60s", enhance="OFF"))
    use_session(page, account)
    page.goto("/images")
    expect(page.get_by_role("heading", name="Gallery", level=1)).to_be_visible()
    expect(cards(page)).to_have_count(4)
    drawing = cards(page).filter(has_text="Slow Tide")
    expect(drawing.get_by_test_id("image-progress")).to_be_visible()
    expect(drawing.get_by_role("progressbar", name="Progress: Slow Tide")).to_be_visible()

    choose(page, page, "Sort", "Title A–Z")
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("alpha")
    assert card_titles(page) == ["alpha", "Beta", "Gamma", "Slow Tide"]
    assert "sort=titleAsc" in page.url
    choose(page, page, "Sort", "Title Z–A")
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("Slow Tide")
    assert card_titles(page) == ["Slow Tide", "Gamma", "Beta", "alpha"]
    screenshot(page, "images-gallery")

    search = page.get_by_role("searchbox", name="Search")
    search.fill("gamma over")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text("Gamma")
    assert "q=gamma" in page.url
    search.press("Escape")
    expect(cards(page)).to_have_count(4)

    beta_id = cards(page).filter(has_text="Beta").get_attribute("data-image-id")
    beta = page.locator(f'[data-image-id="{beta_id}"]')  # its title turns into a field
    beta.get_by_role("button", name="Rename").click()
    field = beta.get_by_test_id("image-title-input")
    field.fill("Delta")
    field.press("Enter")
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("Slow Tide")
    expect(cards(page).get_by_test_id("image-title")).to_have_text(["Slow Tide", "Gamma", "Delta", "alpha"])

    cards(page).filter(has_text="Delta").get_by_role("button", name="Preview Delta").click()
    preview = page.get_by_role("dialog", name="Image")
    tags = preview.get_by_role("textbox", name="Tags")
    tags.fill("sea")
    with page.expect_response(lambda r: "ImageUpdate" in (r.request.post_data or "")):  # saved at once
        tags.press("Enter")
    expect(preview.get_by_text("sea", exact=True)).to_be_visible()
    preview.get_by_role("button", name="Close").click()
    expect(preview).to_have_count(0)
    assert [i["tags"] for i in gallery(web, account) if i["title"] == "Delta"] == [["sea"]]
    filter_tags = page.get_by_role("textbox", name="Tags", exact=True)
    filter_tags.fill("sea")
    filter_tags.press("Enter")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("Delta")
    filter_tags.press("Backspace")  # takes the last tag off the filter
    expect(cards(page)).to_have_count(4)

    # Three selected: two go, the one being drawn is kept and says why.
    page.get_by_label("Select Delta").check()
    page.get_by_label("Select alpha").check()
    page.get_by_label("Select Slow Tide").check()
    page.get_by_role("button", name="Delete 3 images").click()
    page.get_by_role("dialog", name="Delete 3 images?").get_by_role("button", name="Delete").click()
    report = page.get_by_test_id("bulk-report")
    expect(report).to_contain_text("Deleted: 2 · kept: 1")
    expect(report).to_contain_text("Delta: deleted")
    expect(report).to_contain_text("alpha: deleted")
    expect(report).to_contain_text("Slow Tide: kept: The image is still being drawn.")
    expect(cards(page)).to_have_count(2)
    screenshot(page, "images-gallery-bulk")
    assert sorted(i["title"] for i in gallery(web, account)) == ["Gamma", "Slow Tide"]
    web.run(web.api.mutate("jobCancel", CANCEL, {"i": {"id": busy["job"]["id"]}}, account.token))


def test_the_gallery_tells_images_with_a_text_overlay_from_drawn_ones(web: WebServer, page: Page) -> None:
    account = web.user()
    source = made_image(web, account, title="Harbor", prompt="a harbor at night")
    cover = web.run(overlay(web.api, account.token, source["id"], title="Night Harbor", artist="The Band"))
    assert cover["userErrors"] == [], cover
    use_session(page, account)
    page.goto("/images")
    expect(cards(page)).to_have_count(2)

    choose(page, page, "Text overlay", "With text overlay")
    expect(cards(page)).to_have_count(1)
    assert "overlay=with" in page.url
    card = cards(page).first
    expect(card.get_by_text("Text overlay", exact=True)).to_be_visible()
    card.get_by_role("button", name=re.compile(r"^Preview ")).click()
    preview = page.get_by_role("dialog", name="Image")
    expect(preview).to_contain_text("Text on the image")
    expect(preview).to_contain_text("· by The Band")
    preview.get_by_role("link", name="Made from “Harbor”").click()
    expect(preview.get_by_test_id("image-title")).to_have_text("Harbor")  # the source, in the same preview
    preview.get_by_role("button", name="Close").click()

    choose(page, page, "Text overlay", "Drawn only")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first.get_by_test_id("image-title")).to_have_text("Harbor")
    expect(cards(page).first.get_by_text("Text overlay", exact=True)).to_have_count(0)


def test_the_generator_and_gallery_speak_german(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, language="DE")
    made = made_image(web, account, title="Herbstlicht", prompt="Herbstlaub im Gegenlicht", lighting="golden-hour")
    use_session(page, account)
    page.goto(f"/images/new?image={made['id']}")
    expect(page.get_by_role("heading", name="Neues Bild", level=1)).to_be_visible()
    for label in ("Kunststil", "Bildaufbau", "Licht", "Farbpalette", "Detailgrad", "Prompt-Verbesserung"):
        expect(page.get_by_role("textbox", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Kunststil", exact=True)).to_have_value("Automatisch")
    expect(page.get_by_role("radio", name="Quadrat 1024×1024")).to_be_checked()
    expect(page.get_by_role("button", name="Ins Englische übersetzen")).to_be_visible()
    expect(page.get_by_role("button", name="Bild erzeugen")).to_be_visible()
    result = page.get_by_test_id("image-result")
    expect(result.get_by_test_id("image-cost")).to_have_text(re.compile(r"^Kosten 0,04\s\$$"))
    expect(result).to_contain_text("Von DALL-E überarbeiteter Prompt")
    screenshot(page, "images-generator-de")

    page.goto("/images")
    expect(page.get_by_role("heading", name="Galerie", level=1)).to_be_visible()
    expect(page.get_by_role("textbox", name="Sortierung", exact=True)).to_have_value("Neueste zuerst")
    expect(page.get_by_role("textbox", name="Bildaufbau", exact=True)).to_have_value("Jeder Bildaufbau")
    expect_picture_loads(page, cards(page).first.get_by_test_id("image-thumbnail"))
    screenshot(page, "images-gallery-de")
    cards(page).first.get_by_role("button", name="Vorschau von Herbstlicht").click()
    preview = page.get_by_role("dialog", name="Bild")
    expect(preview).to_contain_text("Licht: Goldene Stunde")
    expect(preview.get_by_role("link", name="Herunterladen")).to_be_visible()
    expect_picture_loads(page, preview.get_by_test_id("image-picture"))
    page.wait_for_timeout(400)  # the dialog's opening transition
    screenshot(page, "images-gallery-preview-de")
