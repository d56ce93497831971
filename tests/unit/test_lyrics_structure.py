"""Reading sections from lyrics, writing an architecture onto them, reading it back, replacing one section."""

from __future__ import annotations

from domain.songwriting.entities import SectionKind as K
from domain.songwriting.structure import (
    apply_structure,
    architecture_labels,
    architecture_text,
    label_of,
    parse,
    rebuild_architecture,
    replace_section,
)

SONG = """**Verse 1**
I walk alone
through empty streets

[Chorus]
We burn, we burn

Pre-Chorus:
Hold on

**Strophe 2**
Zweite Strophe
**Solo**
"""


def test_labels_in_their_three_forms_start_sections() -> None:
    sections = parse(SONG)
    assert [(s.label, s.kind, s.number) for s in sections] == [
        ("Verse 1", K.VERSE, 1),
        ("Chorus", K.CHORUS, None),
        ("Pre-Chorus", K.PRE_CHORUS, None),
        ("Strophe 2", K.VERSE, 2),
        ("Solo", K.OTHER, None),
    ]
    assert sections[0].lines == ["I walk alone", "through empty streets"]
    assert (sections[0].start_line, sections[0].end_line) == (1, 3)
    assert sections[4].lines == []


def test_a_sung_line_ending_in_a_colon_is_no_label_and_unlabelled_text_is_paragraphs() -> None:
    assert label_of("And then she said:") is None
    assert label_of("Verse:") is not None and label_of("  [ Bridge ]  ") is not None
    sections = parse("One\nTwo\n\n\nThree\n")
    assert [(s.label, s.lines, s.start_line) for s in sections] == [(None, ["One", "Two"], 1), (None, ["Three"], 5)]
    assert parse("Intro text\n**Chorus**\nLa")[0].label is None  # text before the first label


def test_verses_without_numbers_are_counted() -> None:
    assert [s.number for s in parse("[Verse]\na\n[Chorus]\nb\n[Verse]\nc")] == [1, None, 2]


def test_an_architecture_is_labelled_with_numbered_verses() -> None:
    plan = [K.INTRO, K.VERSE, K.PRE_CHORUS, K.CHORUS, K.VERSE, K.CHORUS, K.BRIDGE, K.OUTRO]
    assert architecture_labels(plan) == [
        "INTRO",
        "VERSE1",
        "PRE-CHORUS",
        "CHORUS",
        "VERSE2",
        "CHORUS",
        "BRIDGE",
        "OUTRO",
    ]
    assert architecture_text([K.VERSE, K.CHORUS, K.VERSE, K.CHORUS]) == "VERSE1 - CHORUS - VERSE2 - CHORUS"


def test_apply_structure_maps_paragraphs_one_to_one() -> None:
    done = apply_structure("a\nb\n\nc\n\nd\n\ne", [K.VERSE, K.CHORUS, K.VERSE])
    assert done.text == "**VERSE1**\na\nb\n\n**CHORUS**\nc\n\n**VERSE2**\nd\n\ne"
    assert (done.unlabelled, done.unused) == (1, [])
    short = apply_structure("a\n\nb", [K.VERSE, K.CHORUS, K.VERSE, K.CHORUS])
    assert short.text == "**VERSE1**\na\n\n**CHORUS**\nb" and short.unused == ["VERSE2", "CHORUS"]


def test_apply_structure_replaces_the_labels_a_text_already_has_and_rebuild_reads_them_back() -> None:
    done = apply_structure("[Verse 1]\na\n\nstill verse\n[Refrain]\nb", [K.VERSE, K.CHORUS])
    assert done.text == "**VERSE1**\na\n\nstill verse\n\n**CHORUS**\nb"
    assert rebuild_architecture(done.text) == [K.VERSE, K.CHORUS]
    assert rebuild_architecture(SONG) == [K.VERSE, K.CHORUS, K.PRE_CHORUS, K.VERSE]  # OTHER left out


def test_replacing_a_section_keeps_everything_else_byte_for_byte() -> None:
    text = "**Verse 1**\nold one\nold two\n\n**Chorus**\nkeep  \n"
    assert replace_section(text, 0, "new one\nnew two\nnew three") == (
        "**Verse 1**\nnew one\nnew two\nnew three\n\n**Chorus**\nkeep  \n"
    )
    assert replace_section(text, 1, "sing") == "**Verse 1**\nold one\nold two\n\n**Chorus**\nsing\n"
    assert replace_section("**Intro**\n**Verse**\nx", 0, "hum") == "**Intro**\nhum\n**Verse**\nx"
    assert replace_section("a\n\nb\n", 1, "B") == "a\n\nB\n"
