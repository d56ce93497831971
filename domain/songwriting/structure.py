"""A song's sections: reading them from lyrics (lyricsParse), writing an architecture's labels onto paragraphs
(lyricsApplyStructure) and reading the architecture back (lyricsRebuildArchitecture). Plain functions on text.

Labels are recognised in three forms, each alone on its line: `**Verse 1**` (what lyrics/generate writes),
`[Chorus]` (what Mureka and Suno write) and `Pre-Chorus:`. Bold and bracketed labels may say anything (an
unknown one is OTHER); the colon form only names a known section, so a sung line ending in a colon stays a line.
English and German names are known (Strophe, Refrain, Vorrefrain …); a trailing number is the section's number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.songwriting.entities import SectionKind

# Normalised name (lowercase, no spaces, dashes or underscores) → kind.
_NAMES: dict[str, SectionKind] = {
    "intro": SectionKind.INTRO,
    "einleitung": SectionKind.INTRO,
    "verse": SectionKind.VERSE,
    "vers": SectionKind.VERSE,
    "strophe": SectionKind.VERSE,
    "prechorus": SectionKind.PRE_CHORUS,
    "prerefrain": SectionKind.PRE_CHORUS,
    "vorrefrain": SectionKind.PRE_CHORUS,
    "chorus": SectionKind.CHORUS,
    "refrain": SectionKind.CHORUS,
    "hook": SectionKind.CHORUS,
    "postchorus": SectionKind.POST_CHORUS,
    "postrefrain": SectionKind.POST_CHORUS,
    "bridge": SectionKind.BRIDGE,
    "outro": SectionKind.OUTRO,
    "schluss": SectionKind.OUTRO,
}
# How an architecture's sections are labelled (verses numbered: VERSE1, VERSE2 …).
LABELS: dict[SectionKind, str] = {
    SectionKind.INTRO: "INTRO",
    SectionKind.VERSE: "VERSE",
    SectionKind.PRE_CHORUS: "PRE-CHORUS",
    SectionKind.CHORUS: "CHORUS",
    SectionKind.POST_CHORUS: "POST-CHORUS",
    SectionKind.BRIDGE: "BRIDGE",
    SectionKind.OUTRO: "OUTRO",
}
LABEL_MAX = 60  # a longer bold or bracketed line is a sung line, not a label

_BOLD = re.compile(r"^\s*\*\*\s*([^*\n]+?)\s*\*\*\s*:?\s*$")
_BRACKET = re.compile(r"^\s*\[\s*([^\[\]\n]+?)\s*\]\s*$")
_COLON = re.compile(r"^\s*([A-Za-zÄÖÜäöü][A-Za-zÄÖÜäöü \-_]*?[\s\-_]*\d*)\s*:\s*$")
_NUMBERED = re.compile(r"^(.*?)[\s\-_]*(\d+)$")


@dataclass(frozen=True)
class Label:
    text: str  # as written, without the markup
    kind: SectionKind
    number: int | None  # as written ("Verse 2" → 2)


@dataclass(frozen=True)
class Section:
    label: str | None  # None: text before the first label, or a paragraph of unlabelled lyrics
    kind: SectionKind | None
    number: int | None  # written, or for verses counted (the second verse is 2)
    lines: list[str]  # the sung lines, the label left out; blank lines inside kept as ""
    start_line: int  # 1-based line of the label (or of the first line), in the text as given
    end_line: int  # 1-based last line that belongs to it (trailing blank lines excluded)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _kind_of(name: str) -> tuple[SectionKind | None, int | None]:
    numbered = _NUMBERED.match(name.strip())
    base, number = (numbered.group(1), int(numbered.group(2))) if numbered else (name, None)
    key = re.sub(r"[\s\-_]+", "", base).casefold()
    return _NAMES.get(key), number


def label_of(line: str) -> Label | None:
    """The label a line is, or None when it is a sung line."""
    if len(line.strip()) > LABEL_MAX + 4:
        return None
    for form in (_BOLD, _BRACKET):
        found = form.match(line)
        if found:
            kind, number = _kind_of(found.group(1))
            return Label(found.group(1), kind or SectionKind.OTHER, number)
    found = _COLON.match(line)
    if found:
        kind, number = _kind_of(found.group(1))
        if kind is not None:
            return Label(found.group(1).strip(), kind, number)
    return None


def _trimmed(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    start, end = 0, len(lines)
    while start < end and not lines[start][1].strip():
        start += 1
    while end > start and not lines[end - 1][1].strip():
        end -= 1
    return lines[start:end]


def parse(text: str) -> list[Section]:
    """The sections of `text`. With labels: each label starts a section that runs to the next (text before the
    first label is one unlabelled section). Without any: each paragraph (lines between blank lines) is one."""
    numbered = list(enumerate(normalise_newlines(text).split("\n"), start=1))
    labels = {n: label for n, line in numbered if (label := label_of(line)) is not None}
    chunks: list[tuple[tuple[int, Label] | None, list[tuple[int, str]]]] = []
    if labels:
        current: tuple[tuple[int, Label] | None, list[tuple[int, str]]] = (None, [])
        for n, line in numbered:
            if n in labels:
                chunks.append(current)
                current = ((n, labels[n]), [])
            else:
                current[1].append((n, line))
        chunks.append(current)
    else:
        paragraph: list[tuple[int, str]] = []
        for n, line in numbered:
            if line.strip():
                paragraph.append((n, line))
            elif paragraph:
                chunks.append((None, paragraph))
                paragraph = []
        chunks.append((None, paragraph))
    sections: list[Section] = []
    verses = 0
    for head, body in chunks:
        lines = _trimmed(body)
        if head is None and not lines:
            continue
        if head is None:
            sections.append(Section(None, None, None, [t for _, t in lines], lines[0][0], lines[-1][0]))
            continue
        at, label = head
        number = label.number
        if label.kind is SectionKind.VERSE:
            verses += 1
            number = number if number is not None else verses
        end = lines[-1][0] if lines else at
        sections.append(Section(label.text, label.kind, number, [t for _, t in lines], at, end))
    return sections


def architecture_labels(sections: Sequence[SectionKind]) -> list[str]:
    """The labels an architecture writes: verses numbered in order (VERSE1, VERSE2), the rest by name."""
    labels, verses = [], 0
    for kind in sections:
        if kind is SectionKind.VERSE:
            verses += 1
            labels.append(f"VERSE{verses}")
        else:
            labels.append(LABELS.get(kind, kind.value))
    return labels


def architecture_text(sections: Sequence[SectionKind]) -> str:
    """ "VERSE1 - CHORUS - VERSE2 - CHORUS": how lyrics/generate is told the song's structure."""
    return " - ".join(architecture_labels(sections))


@dataclass(frozen=True)
class Structured:
    text: str
    unlabelled: int  # sections of the text beyond the architecture's, kept without a label
    unused: list[str]  # the architecture's labels beyond the text's sections, not written


def apply_structure(text: str, sections: Sequence[SectionKind]) -> Structured:
    """Writes the architecture's labels (`**VERSE1**` …) onto the text's sections one to one, in order: its
    paragraphs when it has no labels, else its labelled sections, whose old labels are replaced."""
    parts = parse(text)
    labels = architecture_labels(sections)
    blocks = []
    for i, part in enumerate(parts):
        body = "\n".join(part.lines)
        blocks.append(f"**{labels[i]}**\n{body}" if i < len(labels) else body)
    return Structured(
        text="\n\n".join(blocks),
        unlabelled=max(0, len(parts) - len(labels)),
        unused=labels[len(parts) :],
    )


def rebuild_architecture(text: str) -> list[SectionKind]:
    """The architecture the text's labels describe (unlabelled text and unknown labels left out)."""
    return [s.kind for s in parse(text) if s.kind is not None and s.kind is not SectionKind.OTHER]


def replace_section(text: str, index: int, lines: str) -> str:
    """The text with section `index`'s sung lines (not its label) replaced by `lines`; all else byte for byte."""
    sections = parse(text)
    section = sections[index]
    rows = normalise_newlines(text).split("\n")
    first = section.start_line + (0 if section.label is None else 1)  # 1-based first line of its body
    new = normalise_newlines(lines).strip("\n").split("\n")
    if section.label is not None and not section.lines:
        # A label with no lines yet: insert them right after it.
        return "\n".join(rows[: section.start_line] + new + rows[section.start_line :])
    body_start = next(i for i in range(first, section.end_line + 1) if rows[i - 1].strip())
    return "\n".join(rows[: body_start - 1] + new + rows[section.end_line :])
