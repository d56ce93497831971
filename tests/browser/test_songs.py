"""Songs in the browser, against the built-in Mureka mock (it renders a song in the seconds its style prompt names):
generate one in the generator and follow its progress live, play both versions (their audio really loads from our
storage), rate one and find the rating again after a reload; a failed generation says why; a sketch opens the
generator prefilled; the library finds a song by search, and deleting several asks again (force) for a song in use.
Screenshots of the generator and the library in English and German go to frontend-client/test-results/."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Account, WebServer, pick, screenshot, sign_in, use_session
from tests.integration.cases.songs import LYRICS, generate

# Three seconds of rendering at the mock: long enough to see the progress, short enough for a test.
STYLE = "dream pop 3s"
FAST = "synthwave 1s"
SONG = """query($id: ID!) { node(id: $id) { ... on Song { id status workflow
    choices { nodes { id rating mp3Url } } } } }"""
UPDATE = """mutation($i: SongUpdateInput!) { songUpdate(input: $i) { song { id workflow } userErrors { message } } }"""
LIST = "{ songs(first: 50) { nodes { id title } } }"
SKETCH = """mutation($i: SketchCreateInput!) { sketchCreate(input: $i) { sketch { id } userErrors { message } } }"""


def song(web: WebServer, account: Account, song_id: str) -> dict[str, Any]:
    return dict(web.run(web.api.data(SONG, {"id": song_id}, account.token))["node"])


def made_song(web: WebServer, account: Account, **fields: Any) -> dict[str, Any]:
    """A song generated to its end through the API (the mock renders it in a second)."""
    done, _ = web.run(generate(web.api, account.token, prompt=FAST, **fields))
    assert done["status"] == "SUCCEEDED", done
    return dict(done)


def set_workflow(web: WebServer, account: Account, song_id: str, workflow: str) -> None:
    payload = web.run(web.api.mutate("songUpdate", UPDATE, {"i": {"id": song_id, "workflow": workflow}}, account.token))
    assert payload["song"]["workflow"] == workflow, payload


def choices(page: Page) -> Locator:
    return page.get_by_test_id("song-choice")


def expect_audio_loads(page: Page, choice: Locator) -> None:
    """The version's player has its audio: the browser read its length, and the file answers 200."""
    audio = choice.get_by_test_id("choice-audio")
    expect(audio).to_have_attribute("src", re.compile(r"/files/songs/"))  # our stored copy, not Mureka's
    audio.evaluate("a => { a.preload = 'auto'; a.load(); }")
    page.wait_for_function(
        "a => a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 && !a.error",
        arg=audio.element_handle(),
        timeout=15_000,
    )
    src = audio.get_attribute("src")
    assert src
    response = page.request.get(src)
    assert response.status == 200, (src, response.status)
    assert response.headers["content-type"].startswith("audio/mpeg")


def test_generate_a_song_follow_it_play_both_versions_and_rate_one(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    sign_in(page, account)
    page.goto("/songs/new")
    expect(page.get_by_role("heading", name="New song", level=1)).to_be_visible()
    expect(page.get_by_test_id("mureka-balance-amount")).to_have_text("US$25.44")

    # The server's rules, checked before sending: the first refused field gets the focus.
    generate_button = page.get_by_role("button", name="Generate song")
    generate_button.click()
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_be_focused()
    expect(page.get_by_text("Give the song a title.")).to_be_visible()
    page.get_by_label("Lyrics").fill("l" * 3001)
    expect(page.get_by_text("3001 / 3000 characters")).to_be_visible()

    title.fill("Harbor Lights")
    page.get_by_label("Lyrics").fill(LYRICS)
    page.get_by_label("Style prompt").fill(STYLE)
    generate_button.click()

    progress = page.get_by_test_id("song-progress")
    expect(progress).to_be_visible()
    expect(progress.get_by_role("progressbar", name="Progress: Harbor Lights")).to_be_visible()
    expect(progress).to_contain_text("Mureka")  # the job's message ("Mureka: running (1 s)") and its status
    expect(progress.get_by_role("button", name="Cancel")).to_be_visible()
    expect(progress).to_contain_text("may still finish the song and bill it")
    screenshot(page, "songs-generator-progress")

    result = page.get_by_test_id("song-result")
    expect(result).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    expect(choices(page)).to_have_count(2)
    song_id = parse_qs(urlsplit(page.url).query)["song"][0]  # in the address: a reload shows it again
    for index in range(2):
        choice = choices(page).nth(index)
        expect(choice).to_contain_text(f"Version {index + 1}")
        expect(choice.get_by_test_id("choice-duration")).to_have_text(re.compile(r"^Length \d+:\d\d$"))
        expect(choice.get_by_role("link", name=re.compile(r"as MP3$"))).to_be_visible()
        expect_audio_loads(page, choice)
    screenshot(page, "songs-generator-result")

    first = choices(page).first
    like = first.get_by_role("button", name="I like it")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(choices(page)).to_have_count(2)
    like = choices(page).first.get_by_role("button", name="I like it")
    expect(like).to_have_attribute("aria-pressed", "true")  # kept by the server
    ratings = [c["rating"] for c in song(web, account, song_id)["choices"]["nodes"]]
    assert ratings == ["UP", None], ratings

    like.click()  # a second click takes the rating back
    expect(like).to_have_attribute("aria-pressed", "false")
    assert [c["rating"] for c in song(web, account, song_id)["choices"]["nodes"]] == [None, None]
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")


def test_a_failed_generation_says_why(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/songs/new")
    page.get_by_label("Title").fill("Broken")
    page.get_by_label("Lyrics").fill("test 0003: the mock fails this one")
    page.get_by_label("Style prompt").fill("rock 1s")
    page.get_by_role("button", name="Generate song").click()
    error = page.get_by_test_id("song-error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text("The song could not be generated")
    expect(error).to_contain_text("could not render this song")
    page.goto("/songs")
    expect(page.get_by_test_id("song-card-error")).to_contain_text("could not render this song")


def refuse_song_create(page: Page, *errors: dict[str, Any]) -> None:
    """songCreate answers with these userErrors (as the API would), whatever is sent."""

    def answer(route: Any) -> None:
        if "SongCreate" not in (route.request.post_data or ""):
            route.fallback()
            return
        user_errors = [{"__typename": "UserError", "field": None, **e} for e in errors]
        payload = {"__typename": "SongCreatePayload", "song": None, "job": None, "userErrors": user_errors}
        route.fulfill(json={"data": {"songCreate": payload}})

    page.route("**/graphql", answer)


def test_refusals_show_on_their_field_or_as_an_empty_balance(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/songs/new")
    page.get_by_label("Title").fill("Refused")
    page.get_by_label("Lyrics").fill(LYRICS)
    page.get_by_label("Style prompt").fill(STYLE)
    refuse_song_create(
        page, {"field": ["input", "lyrics"], "code": "TOO_LONG", "message": "Lyrics is at most 3000 characters."}
    )
    page.get_by_role("button", name="Generate song").click()
    lyrics = page.get_by_label("Lyrics")
    expect(lyrics).to_have_attribute("aria-invalid", "true")
    expect(lyrics).to_be_focused()
    expect(page.get_by_text("Lyrics is at most 3000 characters.")).to_be_visible()

    page.unroute("**/graphql")
    refuse_song_create(
        page,
        {
            "field": ["input"],
            "code": "INSUFFICIENT_BALANCE",
            "message": "The Mureka balance is 0.00 USD; recharge the account to generate.",
        },
    )
    page.get_by_role("button", name="Generate song").click()
    refusal = page.get_by_test_id("no-balance")
    expect(refusal).to_contain_text("No Mureka balance left")
    expect(refusal).to_contain_text("recharge the account to generate")
    expect(page.get_by_label("Title")).to_have_value("Refused")  # nothing typed is lost
    expect(page.get_by_test_id("song-result")).to_have_count(0)


def test_insufficient_balance_at_mureka_fails_the_song_with_its_reason(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/songs/new")
    page.get_by_label("Title").fill("Unpaid")
    page.get_by_label("Lyrics").fill("test 0025: Mureka refuses for the balance")
    page.get_by_label("Style prompt").fill("rock 1s")
    page.get_by_role("button", name="Generate song").click()
    error = page.get_by_test_id("song-error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text(re.compile("balance", re.I))


def test_cancel_stops_a_song_and_says_mureka_may_still_bill_it(web: WebServer, page: Page) -> None:
    account = web.user()
    use_session(page, account)
    page.goto("/songs/new")
    page.get_by_label("Title").fill("Too Long")
    page.get_by_label("Lyrics").fill(LYRICS)
    page.get_by_label("Style prompt").fill("ambient 60s")
    page.get_by_role("button", name="Generate song").click()
    progress = page.get_by_test_id("song-progress")
    expect(progress.get_by_test_id("provider-status")).to_contain_text(
        re.compile(r"Status at Mureka: (preparing|queued|running)")
    )
    progress.get_by_role("button", name="Cancel").click()
    dialog = page.get_by_role("dialog", name="Cancel this song?")
    expect(dialog).to_contain_text("may still finish it and bill the generation")
    dialog.get_by_role("button", name="Cancel the song").click()
    expect(page.get_by_test_id("song-result")).to_have_attribute("data-status", "CANCELLED", timeout=15_000)
    expect(page.get_by_text("This song was cancelled before it was finished.")).to_be_visible()


def test_stems_are_made_on_request_and_offered_as_a_zip(web: WebServer, page: Page) -> None:
    account = web.user()
    made = made_song(web, account, title="Split Me")
    use_session(page, account)
    page.goto(f"/songs?song={made['id']}")
    choice = page.get_by_role("region", name="Song Split Me").get_by_test_id("song-choice").first
    choice.get_by_role("button", name="Make stems").click()
    dialog = page.get_by_role("dialog", name="Split into stems?")
    expect(dialog).to_contain_text("bills it")
    dialog.get_by_role("button", name="Make stems").click()
    zip_link = choice.get_by_role("link", name="Download the stems of Version 1 (ZIP)")
    expect(zip_link).to_be_visible(timeout=30_000)
    expect(choice.get_by_role("button", name="Make stems")).to_have_count(0)
    href = zip_link.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200 and response.body()[:2] == b"PK", (href, response.status)


def test_an_instrumental_has_no_lyrics_and_a_sketch_opens_the_generator_prefilled(web: WebServer, page: Page) -> None:
    account = web.user()
    sketch = web.run(
        web.api.mutate(
            "sketchCreate",
            SKETCH,
            {"i": {"title": "Night Drive", "prompt": "synthwave, 100 bpm", "lyrics": "City lights"}},
            account.token,
        )
    )["sketch"]
    use_session(page, account)
    page.goto(f"/sketches?sketch={sketch['id']}")
    page.get_by_role("link", name="Make a song").click()
    expect(page.get_by_role("heading", name="New song", level=1)).to_be_visible()
    expect(page.get_by_text("From the sketch “Night Drive”")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Night Drive")
    expect(page.get_by_label("Lyrics")).to_have_value("City lights")
    expect(page.get_by_label("Style prompt")).to_have_value("synthwave, 100 bpm")

    pick(page, "radio", "Instrumental")
    expect(page.get_by_label("Lyrics")).to_have_count(0)
    expect(page.get_by_text("An instrumental has no lyrics")).to_be_visible()
    expect(page.get_by_role("button", name="Generate instrumental")).to_be_visible()


def test_the_library_searches_and_bulk_delete_asks_again_for_a_song_in_use(web: WebServer, page: Page) -> None:
    account = web.user()
    kept = made_song(web, account, title="Harbor Lights")
    loose = made_song(web, account, title="Desert Road")
    set_workflow(web, account, kept["id"], "IN_USE")
    use_session(page, account)
    page.goto("/songs")
    expect(page.get_by_role("heading", name="Songs", level=1)).to_be_visible()
    cards = page.get_by_test_id("song-card")
    expect(cards).to_have_count(2)

    search = page.get_by_role("searchbox", name="Search")
    search.fill("harbor")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Harbor Lights")
    assert "q=harbor" in page.url
    cards.first.get_by_role("button").click()
    detail = page.get_by_role("region", name="Song Harbor Lights")
    expect(detail.get_by_test_id("song-choice")).to_have_count(2)
    expect(detail.get_by_text("In use", exact=True)).to_be_visible()
    expect(detail.get_by_role("button", name="Copy lyrics")).to_be_visible()
    expect_audio_loads(page, detail.get_by_test_id("song-choice").first)
    screenshot(page, "songs-library")
    search.press("Escape")
    expect(cards).to_have_count(2)

    cards.filter(has_text="Desert Road").get_by_role("button").click()
    detail = page.get_by_role("region", name="Song Desert Road")
    detail.get_by_role("button", name="Edit details").click()
    dialog = page.get_by_role("dialog", name="Edit the song's details")
    dialog.get_by_label("Title").fill("Desert Road (take 2)")
    tags = dialog.get_by_role("textbox", name="Tags")
    tags.fill("road trip")
    tags.press("Enter")
    dialog.get_by_role("textbox", name="Workflow").click()
    page.get_by_role("option", name="Not used").click()
    dialog.get_by_role("button", name="Save").click()
    detail = page.get_by_role("region", name="Song Desert Road (take 2)")
    expect(detail.get_by_text("Not used", exact=True)).to_be_visible()
    expect(detail.get_by_text("road trip")).to_be_visible()
    expect(cards.filter(has_text="Desert Road (take 2)")).to_have_count(1)

    # Both selected: the one in use is kept unless confirmed a second time.
    page.get_by_label("Select all shown").check()
    page.get_by_role("button", name="Delete 2 songs").click()
    page.get_by_role("dialog", name="Delete 2 songs?").get_by_role("button", name="Delete").click()
    force = page.get_by_role("dialog", name="1 song is in use")
    expect(force).to_contain_text("Harbor Lights (In use)")
    page.wait_for_timeout(400)  # the dialog's opening transition
    screenshot(page, "songs-library-force")
    force.get_by_role("button", name="Keep it").click()
    report = page.get_by_test_id("bulk-report")
    expect(report).to_contain_text("Deleted: 1 · kept: 1")
    expect(report).to_contain_text("Desert Road (take 2): deleted")
    expect(report).to_contain_text("Harbor Lights: kept: in use or being worked on")
    expect(cards).to_have_count(1)

    page.get_by_label("Select Harbor Lights").check()
    page.get_by_role("button", name="Delete 1 song").click()
    page.get_by_role("dialog", name="Delete 1 song?").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="1 song is in use").get_by_role("button", name="Delete anyway").click()
    expect(report).to_contain_text("Harbor Lights: deleted")
    expect(page.get_by_text("No songs yet")).to_be_visible()
    assert web.run(web.api.data(LIST, None, account.token))["songs"]["nodes"] == []
    assert loose["id"] != kept["id"]


def test_the_generator_and_library_speak_german(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, language="DE")
    made = made_song(web, account, title="Herbstlied")
    set_workflow(web, account, made["id"], "ON_WORK")
    use_session(page, account)
    page.goto(f"/songs/new?song={made['id']}")
    expect(page.get_by_role("heading", name="Neuer Song", level=1)).to_be_visible()
    expect(page.get_by_test_id("mureka-balance-amount")).to_have_text(re.compile(r"^25,44\s\$$"))
    expect(choices(page)).to_have_count(2)
    expect(choices(page).first).to_contain_text("Fassung 1")
    expect(page.get_by_role("button", name="Song generieren")).to_be_visible()
    screenshot(page, "songs-generator-de")

    page.goto(f"/songs?song={made['id']}")
    expect(page.get_by_role("heading", name="Songs", level=1)).to_be_visible()
    detail = page.get_by_role("region", name="Song Herbstlied")
    expect(detail.get_by_text("In Bearbeitung", exact=True)).to_be_visible()
    expect(detail.get_by_role("button", name="Songtext kopieren")).to_be_visible()
    screenshot(page, "songs-library-de")
