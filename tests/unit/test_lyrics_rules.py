"""Synced lyrics without I/O: reading the provider's sections leniently, the compact form read back strictly,
and the diff of sung against asked lines."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from domain.songs.lyrics import (
    LINES_MAX,
    LineChangeKind,
    LyricsTimeline,
    SectionType,
    TimelineFormatError,
    compact,
    from_compact,
    lyrics_diff,
    provider_sections,
    timeline_from_sections,
)


def section(kind: str, *lines: tuple[int, str], **extra: Any) -> dict[str, Any]:
    """A provider section whose lines start at the given ms and last a second, a word every 250 ms."""
    timed = []
    for start, text in lines:
        words = [
            {"start": start + 250 * i, "end": start + 250 * (i + 1), "text": f"{w} "}
            for i, w in enumerate(text.split())
        ]
        timed.append({"start": start, "end": start + 1000, "text": text, "words": words})
    return {"section_type": kind, "start": lines[0][0], "end": lines[-1][0] + 1000, "lines": timed, **extra}


def timeline(*sections: dict[str, Any]) -> LyricsTimeline:
    read = timeline_from_sections(list(sections))
    assert read is not None
    return read


def test_the_providers_sections_become_a_timeline_in_ms() -> None:
    read = timeline(
        section("verse", (17480, "Raindrops on the window"), (20600, "I hear you call")),
        section("Chorus", (40000, "Oh the river light")),
        section("chorus", (60000, "Oh the river light")),
    )
    assert [s.type for s in read.sections] == [SectionType.VERSE, SectionType.CHORUS, SectionType.CHORUS]
    assert read.numbers() == [1, 1, 2]
    assert read.first_vocal == 17480
    assert read.sections[0].duration == 21600 - 17480
    assert read.sections[0].lines[0].words[0].text == "Raindrops "  # the space kept as sent


def test_loose_sections_are_read_from_what_is_there() -> None:
    read = timeline(
        {"section_type": "Pre_Chorus", "lines": [{"words": [{"start": "5000", "end": 5400.4, "text": "Hey "}]}]},
        {"section_type": "hook", "start": 1000, "end": 500, "lines": "none"},  # end before start; no lines
        {"section_type": "verse"},  # no time at all: skipped
        "junk",
        {"section_type": "bridge", "start": 9000, "lines": [{"start": -1, "text": "no time"}, {"text": " "}, 7]},
    )
    hook, pre, bridge = read.sections  # ordered by start
    assert (hook.type, hook.start, hook.end, hook.lines) == (SectionType.OTHER, 1000, 1000, ())
    assert (pre.type, pre.start, pre.end) == (SectionType.PRE_CHORUS, 5000, 5400)
    assert pre.lines[0].text == "Hey" and pre.lines[0].words[0].end == 5400  # a line's text from its words
    assert (bridge.start, bridge.end, bridge.lines) == (9000, 9000, ())
    assert read.first_vocal == 5000
    for nothing in (None, "none", [], [{"section_type": "verse"}], {"sections": []}):
        assert timeline_from_sections(nothing) is None


def test_a_timeline_is_bounded() -> None:
    many = [section("verse", *((i * 2000, f"line {i}") for i in range(LINES_MAX + 10)))]
    read = timeline(*many)
    assert len(list(read.lines())) == LINES_MAX
    long = timeline(section("verse", (0, "la " * 400)))
    assert len(long.sections[0].lines[0].text) == 500


def test_the_compact_form_reads_back_what_was_kept_and_refuses_anything_else() -> None:
    kept = timeline(section("verse", (17480, "Raindrops on the window")), section("outro", (90000, "Bye")))
    stored = compact(kept)
    assert stored["v"] == 1 and stored["s"][0][:3] == ["verse", 17480, 18480]
    assert from_compact(stored) == kept
    assert timeline_from_sections(provider_sections(kept)) == kept  # the provider's shape, for the downgrade
    assert len(str(stored)) < len(str(provider_sections(kept))) * 0.7

    broken: list[tuple[Any, str]] = [
        ({"v": 2, "s": stored["s"]}, '"v": 1'),
        ({"v": 1, "s": []}, "1 to 200 sections"),
        ({"v": 1, "s": [["verse", 5, 1, []]]}, "section 1 ends before it starts"),
        ({"v": 1, "s": [["solo", 1, 5, []]]}, "type must be one of"),
        ({"v": 1, "s": [["verse", 1, 5, [[1, 2, "", []]]]]}, "section 1, line 1: text"),
        ({"v": 1, "s": [["verse", 1, 5, [[1, 2, "a", [[1, 2.5, "a"]]]]]]}, "line 1, word 1: times"),
        ({"v": 1, "s": [["verse", 1, 5, [[1, 2, "a", [[1, 2]]]]]]}, "word 1 must be a list of 3"),
        ({"v": 1, "s": [["verse", True, 5, []]]}, "times must be whole milliseconds"),
        ("nonsense", '"v": 1'),
    ]
    for data, message in broken:
        with pytest.raises(TimelineFormatError, match=message):
            from_compact(data)


LYRICS = """[Verse 1]
Raindrops on the window,
I hear you call

**Chorus**
Oh the river light
Hold on tonight

(Bridge)
Every mile a little closer
"""


def test_the_diff_names_dropped_added_and_changed_lines_ignoring_case_punctuation_and_labels() -> None:
    same = timeline(
        section("verse", (1000, "raindrops on the WINDOW"), (3000, "I hear you call!")),
        section("chorus", (6000, "Oh, the river light"), (8000, "Hold on tonight")),
        section("bridge", (12000, "Every mile a little closer")),
    )
    diff = lyrics_diff(LYRICS, same)
    assert (diff.asked_lines, diff.sung_lines, diff.kept, diff.changes) == (5, 5, 5, ())

    sung = timeline(
        section("verse", (1000, "Raindrops on the window")),  # "I hear you call" dropped
        section("chorus", (6000, "Oh the river lights"), (8000, "Hold on tonight"), (9000, "Yeah yeah yeah")),
        section("bridge", (12000, "Every mile a little closer")),
    )
    diff = lyrics_diff(LYRICS, sung)
    assert (diff.asked_lines, diff.sung_lines, diff.kept) == (5, 5, 3)
    assert [(c.kind, c.asked, c.sung, c.asked_line, c.start) for c in diff.changes] == [
        (LineChangeKind.DROPPED, "I hear you call", None, 3, None),
        (LineChangeKind.CHANGED, "Oh the river light", "Oh the river lights", 6, 6000),
        (LineChangeKind.ADDED, None, "Yeah yeah yeah", None, 9000),
    ]


def test_unlike_lines_in_a_differing_run_are_dropped_and_added_not_changed() -> None:
    sung = timeline(section("verse", (1000, "Something else entirely")))
    diff = lyrics_diff("First line here\nSecond line here", sung)
    assert [(c.kind, c.asked or c.sung) for c in diff.changes] == [
        (LineChangeKind.DROPPED, "First line here"),
        (LineChangeKind.DROPPED, "Second line here"),
        (LineChangeKind.ADDED, "Something else entirely"),
    ]
    diff = lyrics_diff(
        "Verse 1:\nFirst line here\nSecond line her", timeline(section("verse", (0, "Second line here")))
    )
    assert [(c.kind, c.asked_line) for c in diff.changes] == [(LineChangeKind.DROPPED, 2), (LineChangeKind.CHANGED, 3)]


def test_the_songs_archive_carries_the_timeline_and_still_reads_the_providers_sections_of_version_1() -> None:
    from datetime import UTC, datetime

    from domain.data_transfer.sections import ArchiveError
    from domain.songs.archive import SongsArchive, song_item
    from domain.songs.entities import Song, SongChoice, SongStatus
    from domain.songs.provider import SongKind

    now = datetime(2026, 12, 1, tzinfo=UTC)
    song = Song(
        user_id=uuid.uuid4(), title="Rain", prompt="pop", model="mureka-7.5", kind=SongKind.SONG,
        created_at=now, updated_at=now, lyrics=LYRICS, status=SongStatus.SUCCEEDED,
    )  # fmt: skip
    kept = timeline(
        section("verse", (1000, "Raindrops on the window")), section("chorus", (6000, "Oh the river light"))
    )
    choice = SongChoice(
        user_id=song.user_id, song_id=song.id, index=0, created_at=now, updated_at=now, lyrics_timeline=kept
    )
    archive = SongsArchive()
    item = song_item(song, [choice])
    assert archive.version == 2 and item["choices"][0]["lyrics_timeline"] == compact(kept)
    assert archive.check(item, 1, 2)["choices"][0]["lyrics_timeline"] == kept

    older = copy.deepcopy(item)
    del older["choices"][0]["lyrics_timeline"]
    older["choices"][0]["lyrics_sections"] = provider_sections(kept)
    assert archive.check(older, 1, 1)["choices"][0]["lyrics_timeline"] == kept
    older["choices"][0]["lyrics_sections"] = None  # an instrumental's
    assert archive.check(older, 1, 1)["choices"][0]["lyrics_timeline"] is None

    with pytest.raises(ArchiveError, match="unknown field 'lyrics_sections'"):
        archive.check(copy.deepcopy(older), 1, 2)
    with pytest.raises(ArchiveError, match="unknown field 'lyrics_timeline'"):
        archive.check(copy.deepcopy(item), 1, 1)
    item["choices"][0]["lyrics_timeline"]["s"][0][2] = 1
    with pytest.raises(ArchiveError, match=r"^Song 1, choice 1: lyrics_timeline: section 1 ends before it starts\.$"):
        archive.check(item, 1, 2)
