"""Synced lyrics in the browser, against the built-in Mureka mock (its takes carry word timings; the second leaves
a line out): the player lights the line and word being sung as `currentTime` moves, follows the audio while it
plays, plays from a line or a section when clicked, shows the sections to scale above the player and, beside the
lyrics, the line the take left out. Measured while playing: the frame times of the highlighting and the layout
shift (none: rows have fixed heights), into frontend-client/test-results/metrics.json. Also in German."""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Account, WebServer, record_metric, screenshot, use_session
from tests.integration.cases.songs import SYNCED_LYRICS, generate

TIMELINE = """query($id: ID!) { node(id: $id) { ... on Song { choices { nodes { index duration lyricsTimeline {
    sections { type number start end duration lines { start end text words { start text } } } } } } } } }"""

# Frame times of requestAnimationFrame while the audio plays, and the layout shifts meanwhile (Chromium's
# Layout Instability API): collected in the page for `ms` milliseconds.
MEASURE_FRAMES = """async ([ms]) => {
  const shifts = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) shifts.push(e.value); });
  observer.observe({ type: "layout-shift", buffered: false });
  const long = [];
  let longObserver = null;
  if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) {
    longObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        long.push({ duration: e.duration, scripts: e.scripts.map((s) => `${s.invoker} ${Math.round(s.duration)} ms`) });
    });
    longObserver.observe({ type: "long-animation-frame", buffered: false });
  }
  const stamps = [];
  await new Promise((done) => {
    const start = performance.now();
    const step = (now) => { stamps.push(now); if (now - start < ms) requestAnimationFrame(step); else done(); };
    requestAnimationFrame(step);
  });
  observer.disconnect();
  longObserver?.disconnect();
  const deltas = stamps.slice(1).map((t, i) => t - stamps[i]);
  return { deltas, shift: shifts.reduce((a, b) => a + b, 0), longFrames: long };
}"""


def measure_frames(page: Page, audio: Locator, ms: int = 4000) -> dict[str, Any]:
    measured = page.evaluate(MEASURE_FRAMES, [ms])
    assert not audio.evaluate("a => a.paused"), "the audio stopped while measuring"
    deltas = sorted(measured["deltas"])
    return {
        "frames": len(deltas),
        "median_ms": round(statistics.median(deltas), 2),
        "p95_ms": round(deltas[int(len(deltas) * 0.95) - 1], 2),
        "max_ms": round(deltas[-1], 2),
        "over_33ms": sum(1 for d in deltas if d > 33.4),
        "long_animation_frames": measured["longFrames"],
        "layout_shift": measured["shift"],
    }


def made_song(web: WebServer, account: Account) -> dict[str, Any]:
    done, _ = web.run(generate(web.api, account.token, prompt="synthwave 1s", lyrics=SYNCED_LYRICS, title="Harbor"))
    assert done["status"] == "SUCCEEDED", done
    return dict(done)


def timelines(web: WebServer, account: Account, song_id: str) -> list[dict[str, Any]]:
    return list(web.run(web.api.data(TIMELINE, {"id": song_id}, account.token))["node"]["choices"]["nodes"])


def audio_of(choice: Locator) -> Locator:
    return choice.get_by_test_id("choice-audio")


def set_time(choice: Locator, seconds: float) -> None:
    """Move the player as a test can (a person would drag its slider), and wait until it got there."""
    audio = audio_of(choice)
    audio.evaluate(
        """(a, t) => new Promise((done) => {
             a.addEventListener("seeked", () => requestAnimationFrame(() => done()), { once: true });
             a.currentTime = t;
           })""",
        seconds,
    )


def current_time(choice: Locator) -> float:
    return float(audio_of(choice).evaluate("a => a.currentTime"))


def lit(choice: Locator) -> Locator:
    return choice.locator('[data-testid="lyrics-line"][aria-current="true"]')


def test_the_player_follows_the_lyrics_and_plays_from_a_clicked_line(web: WebServer, page: Page) -> None:
    account = web.user()
    song = made_song(web, account)
    take = timelines(web, account, song["id"])[1]  # the take that left a line out
    sections = take["lyricsTimeline"]["sections"]
    lines = [line for section in sections for line in section["lines"]]
    use_session(page, account)
    page.goto(f"/songs?song={song['id']}")
    choice = page.get_by_role("region", name="Song Harbor").get_by_test_id("song-choice").nth(1)
    audio = audio_of(choice)
    audio.evaluate("a => { a.preload = 'auto'; a.load(); }")
    page.wait_for_function("a => a.readyState >= 1 && a.duration > 0", arg=audio.element_handle())
    # The mock's MP3 is as long as the take, so the lyrics can be followed to the end.
    assert audio.evaluate("a => a.duration") == pytest.approx(take["duration"], abs=1)

    # The sections to scale above the player, named as a songwriter would.
    bar = choice.get_by_test_id("section-bar")
    segments = bar.get_by_role("button")
    expect(segments).to_have_text(["Verse 1", "Chorus 1", "Verse 2", "Chorus 2"])
    bar_box = bar.bounding_box()
    assert bar_box
    for segment, section in zip(segments.all(), sections, strict=True):
        box = segment.bounding_box()
        assert box
        assert (box["x"] - bar_box["x"]) / bar_box["width"] == pytest.approx(
            section["start"] / take["duration"], abs=0.01
        )
        assert box["width"] / bar_box["width"] == pytest.approx(section["duration"] / take["duration"], abs=0.01)

    # Beside the lyrics: the line this take left out.
    diff = choice.get_by_test_id("lyrics-diff")
    expect(diff).to_contain_text("8 of 9 lines sung as written")
    change = diff.get_by_test_id("lyrics-change")
    expect(change).to_have_count(1)
    expect(change).to_have_attribute("data-kind", "DROPPED")
    expect(change).to_contain_text("Left out")
    expect(change).to_contain_text("The harbor lights are low")
    expect(page.get_by_test_id("song-choice").first.get_by_test_id("lyrics-diff")).to_contain_text(
        "All 9 lines sung as written."
    )

    # The lit line follows currentTime; before the singing nothing is lit.
    rows = choice.get_by_test_id("lyrics-line")
    expect(rows).to_have_text([line["text"] for line in lines])
    heights = {round(box["height"]) for box in (row.bounding_box() for row in rows.all()) if box}
    expect(lit(choice)).to_have_count(0)
    for at in (0, 3, len(lines) - 1):
        line = lines[at]
        word = line["words"][1]
        set_time(choice, word["start"] + 0.01)
        expect(lit(choice)).to_have_text(line["text"])
        expect(lit(choice).locator("[data-current]")).to_have_text(word["text"])
    set_time(choice, 1.0)
    expect(lit(choice)).to_have_count(0)
    assert {round(box["height"]) for box in (row.bounding_box() for row in rows.all()) if box} == heights == {28}

    # A click on a line plays from it; the lights then follow the audio by themselves.
    target = lines[4]
    rows.nth(4).click()
    expect(lit(choice)).to_have_text(target["text"])
    assert target["start"] <= current_time(choice) < target["start"] + 1.5
    page.wait_for_function("a => !a.paused && a.currentTime > 0", arg=audio.element_handle())
    following = lines[5]
    set_time(choice, following["start"] - 1.0)
    expect(lit(choice)).to_have_text(lines[4]["text"])
    expect(lit(choice)).to_have_text(following["text"], timeout=5_000)  # reached by playing, not by seeking

    # Scrolled by hand, the lyrics stay where the reader put them while the song moves on; a click follows again.
    synced = choice.get_by_test_id("synced-lyrics")
    set_time(choice, lines[6]["start"] - 1.0)
    page.wait_for_function("e => e.scrollTop > 0", arg=synced.element_handle())
    synced.hover()
    page.mouse.wheel(0, -1000)
    page.wait_for_function("e => e.scrollTop === 0", arg=synced.element_handle())
    expect(lit(choice)).to_have_text(lines[6]["text"], timeout=5_000)  # by playing: following would scroll down
    page.wait_for_timeout(600)
    assert synced.evaluate("e => e.scrollTop") == 0
    rows.nth(7).click()
    page.wait_for_function("e => e.scrollTop > 0", arg=synced.element_handle())
    expect(lit(choice)).to_have_text(lines[7]["text"])

    # How smooth the highlighting is while it plays (1280×800, the mock's take), and with the CPU slowed down
    # four times (a slow laptop): frame times from requestAnimationFrame, long animation frames, layout shift.
    set_time(choice, lines[0]["start"])
    figures = measure_frames(page, audio)
    record_metric("synced_lyrics_frame_time", figures)
    assert figures["layout_shift"] == 0, figures  # fixed row heights: following the song moves nothing
    assert figures["median_ms"] < 20, figures  # the page keeps up with the display (60 Hz: 16.7 ms)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    set_time(choice, lines[0]["start"])
    slowed = measure_frames(page, audio)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    record_metric("synced_lyrics_frame_time_cpu_4x_slower", slowed)
    assert slowed["layout_shift"] == 0, slowed
    screenshot(page, "songs-synced-lyrics")

    # A section plays from its start.
    segments.nth(3).click()
    assert sections[3]["start"] <= current_time(choice) < sections[3]["start"] + 1.5
    expect(lit(choice)).to_have_text(sections[3]["lines"][0]["text"])
    audio.evaluate("a => a.pause()")


def test_synced_lyrics_speak_german(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, language="DE")
    song = made_song(web, account)
    use_session(page, account)
    page.goto(f"/songs?song={song['id']}")
    choice = page.get_by_test_id("song-choice").nth(1)
    expect(choice.get_by_test_id("section-bar").get_by_role("button")).to_have_text(
        ["Strophe 1", "Refrain 1", "Strophe 2", "Refrain 2"]
    )
    expect(choice.get_by_test_id("lyrics-diff")).to_contain_text("8 von 9 Zeilen wie geschrieben gesungen")
    expect(choice.get_by_test_id("lyrics-change")).to_contain_text("Ausgelassen")
    expect(choice.get_by_role("button", name="Gesang ab")).to_be_visible()
    screenshot(page, "songs-synced-lyrics-de")
