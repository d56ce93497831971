"""Synced lyrics: a choice's word timings as a timeline, and how the sung lines compare with the asked ones.

The provider sends `lyrics_sections` (sections → lines → words, `start`/`end` in milliseconds; see
external-apis.md). `timeline_from_sections` reads them leniently, as every provider answer is read: a missing
time comes from the words or lines inside, entries without any are skipped, sizes are bounded. A timeline is
kept in a compact JSON form (`compact`, lists instead of objects: about a third of the size) that
`from_compact` reads back strictly, for the database and the export archive alike.

`lyrics_diff` aligns the sung lines with the lyrics the song was generated from: both sides normalised for case
and punctuation, section labels (`[Chorus]`, `**Verse 1**`) left out, aligned by difflib's SequenceMatcher (the
standard library's diff); inside a run that differs, lines are paired by similarity into CHANGED, and the rest
are DROPPED (asked, not sung) or ADDED (sung, not asked)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from domain.common.validation import loose_number

SECTIONS_MAX = 200
LINES_MAX = 2000
WORDS_MAX = 20_000
LINE_TEXT_MAX = 500
WORD_TEXT_MAX = 100
TIME_MAX_MS = 4 * 3600 * 1000  # no song is longer; larger numbers are junk
COMPACT_VERSION = 1
# Two differing lines at least this similar (difflib's ratio of their normalised text) are one CHANGED line.
CHANGED_MIN_SIMILARITY = 0.6
PAIRING_MAX = 40 * 40  # lines compared pairwise in one differing run, at most


class SectionType(StrEnum):
    """Mureka's section types; a word it adds later is OTHER until we know it."""

    INTRO = "intro"
    VERSE = "verse"
    PRE_CHORUS = "pre-chorus"
    CHORUS = "chorus"
    BRIDGE = "bridge"
    BREAKDOWN = "breakdown"
    OUTRO = "outro"
    OTHER = "other"

    @classmethod
    def read(cls, value: Any) -> SectionType:
        word = re.sub(r"[\s_]+", "-", value.strip().lower()) if isinstance(value, str) else ""
        word = "pre-chorus" if word in ("prechorus", "pre-chorus") else word
        return cls(word) if word in cls._value2member_map_ else cls.OTHER


@dataclass(frozen=True)
class TimedWord:
    start: int  # ms
    end: int
    text: str  # as sung, with the space that follows it when the provider sends one


@dataclass(frozen=True)
class TimedLine:
    start: int
    end: int
    text: str
    words: tuple[TimedWord, ...] = ()


@dataclass(frozen=True)
class TimedSection:
    type: SectionType
    start: int
    end: int
    lines: tuple[TimedLine, ...] = ()

    @property
    def duration(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class LyricsTimeline:
    """A choice's sections in the order they are sung (by start time)."""

    sections: tuple[TimedSection, ...]

    def lines(self) -> Iterator[TimedLine]:
        for section in self.sections:
            yield from section.lines

    @property
    def first_vocal(self) -> int | None:
        """When the first line starts (ms): where the singing begins."""
        return min((line.start for line in self.lines()), default=None)

    def numbers(self) -> list[int]:
        """Each section's number among the sections of its type (the second chorus is 2)."""
        seen: dict[SectionType, int] = {}
        numbers = []
        for section in self.sections:
            seen[section.type] = seen.get(section.type, 0) + 1
            numbers.append(seen[section.type])
        return numbers


# --- reading the provider's sections -------------------------------------------------------------------------


def _ms(value: Any) -> int | None:
    """Milliseconds from a number or a numeric string; None for anything else or out of range."""
    number = loose_number(value)
    return round(number) if number is not None and 0 <= number <= TIME_MAX_MS else None


def _span(raw: Mapping[str, Any], inner: Sequence[TimedWord] | Sequence[TimedLine]) -> tuple[int, int] | None:
    """An entry's start and end: its own, else those of what it holds; the end never before the start."""
    start = _ms(raw.get("start"))
    end = _ms(raw.get("end"))
    if start is None and inner:
        start = min(part.start for part in inner)
    if end is None and inner:
        end = max(part.end for part in inner)
    if start is None:
        return None
    return start, max(start, end if end is not None else start)


class _Budget:
    """How many more lines and words the timeline may take."""

    def __init__(self) -> None:
        self.lines = LINES_MAX
        self.words = WORDS_MAX


def _word(raw: Any, budget: _Budget) -> TimedWord | None:
    if not isinstance(raw, Mapping) or budget.words <= 0:
        return None
    text = raw.get("text")
    span = _span(raw, ())
    if not isinstance(text, str) or not text.strip() or span is None:
        return None
    budget.words -= 1
    return TimedWord(span[0], span[1], text[:WORD_TEXT_MAX])


def _line(raw: Any, budget: _Budget) -> TimedLine | None:
    if not isinstance(raw, Mapping) or budget.lines <= 0:
        return None
    entries = raw.get("words")
    words = [w for w in (_word(e, budget) for e in (entries if isinstance(entries, list) else [])) if w]
    words.sort(key=lambda w: w.start)
    text = raw.get("text")
    text = text.strip() if isinstance(text, str) and text.strip() else "".join(w.text for w in words).strip()
    span = _span(raw, words)
    if not text or span is None:
        return None
    budget.lines -= 1
    return TimedLine(span[0], span[1], text[:LINE_TEXT_MAX], tuple(words))


def _section(raw: Any, budget: _Budget) -> TimedSection | None:
    if not isinstance(raw, Mapping):
        return None
    entries = raw.get("lines")
    lines = [line for line in (_line(e, budget) for e in (entries if isinstance(entries, list) else [])) if line]
    lines.sort(key=lambda line: line.start)
    span = _span(raw, lines)
    if span is None:
        return None
    return TimedSection(SectionType.read(raw.get("section_type")), span[0], span[1], tuple(lines))


def timeline_from_sections(sections: Any) -> LyricsTimeline | None:
    """The provider's `lyrics_sections`, read leniently; None when it sent none (an instrumental) or nothing
    usable."""
    if not isinstance(sections, list):
        return None
    budget = _Budget()
    read = [s for s in (_section(raw, budget) for raw in sections[:SECTIONS_MAX]) if s]
    read.sort(key=lambda s: s.start)
    return LyricsTimeline(tuple(read)) if read else None


# --- the compact form ----------------------------------------------------------------------------------------


class TimelineFormatError(ValueError):
    """A compact timeline that is not one; the message says where."""


def compact(timeline: LyricsTimeline) -> dict[str, Any]:
    """`{"v": 1, "s": [[type, start, end, [[start, end, text, [[start, end, text], …]], …]], …]}`, times in ms."""

    def line(x: TimedLine) -> list[Any]:
        return [x.start, x.end, x.text, [[w.start, w.end, w.text] for w in x.words]]

    sections = [[s.type.value, s.start, s.end, [line(x) for x in s.lines]] for s in timeline.sections]
    return {"v": COMPACT_VERSION, "s": sections}


def _list(value: Any, size: int | None, where: str) -> list[Any]:
    if not isinstance(value, list) or (size is not None and len(value) != size):
        raise TimelineFormatError(f"{where} must be a list{f' of {size}' if size else ''}.")
    return value


def _times(start: Any, end: Any, where: str) -> tuple[int, int]:
    for value in (start, end):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= TIME_MAX_MS:
            raise TimelineFormatError(f"{where}: times must be whole milliseconds from 0 to {TIME_MAX_MS}.")
    if end < start:
        raise TimelineFormatError(f"{where} ends before it starts.")
    return start, end


def _text(value: Any, limit: int, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
        raise TimelineFormatError(f"{where}: text must be 1 to {limit} characters.")
    return value


def _word_from(raw: Any, where: str) -> TimedWord:
    start, end, text = _list(raw, 3, where)
    return TimedWord(*_times(start, end, where), _text(text, WORD_TEXT_MAX, where))


def _line_from(raw: Any, where: str) -> TimedLine:
    start, end, text, words = _list(raw, 4, where)
    return TimedLine(
        *_times(start, end, where),
        _text(text, LINE_TEXT_MAX, where),
        tuple(_word_from(w, f"{where}, word {n}") for n, w in enumerate(_list(words, None, f"{where}, words"), 1)),
    )


def _section_from(raw: Any, where: str) -> TimedSection:
    kind, start, end, lines = _list(raw, 4, where)
    if not isinstance(kind, str) or kind not in SectionType._value2member_map_:
        raise TimelineFormatError(f"{where}: type must be one of {', '.join(SectionType)}.")
    return TimedSection(
        SectionType(kind),
        *_times(start, end, where),
        tuple(_line_from(x, f"{where}, line {n}") for n, x in enumerate(_list(lines, None, f"{where}, lines"), 1)),
    )


def from_compact(data: Any) -> LyricsTimeline:
    """A timeline from its compact form, checked strictly (it comes from our database or an archive)."""
    if not isinstance(data, dict) or data.get("v") != COMPACT_VERSION or set(data) != {"v", "s"}:
        raise TimelineFormatError(f'a timeline must be {{"v": {COMPACT_VERSION}, "s": [...]}}.')
    raw = _list(data["s"], None, "sections")
    if not 0 < len(raw) <= SECTIONS_MAX:
        raise TimelineFormatError(f"a timeline has 1 to {SECTIONS_MAX} sections.")
    timeline = LyricsTimeline(tuple(_section_from(s, f"section {n}") for n, s in enumerate(raw, 1)))
    lines = list(timeline.lines())
    if len(lines) > LINES_MAX or sum(len(x.words) for x in lines) > WORDS_MAX:
        raise TimelineFormatError(f"a timeline has at most {LINES_MAX} lines and {WORDS_MAX} words.")
    return timeline


def provider_sections(timeline: LyricsTimeline) -> list[dict[str, Any]]:
    """The timeline in the provider's own shape (what `timeline_from_sections` reads)."""
    return [
        {
            "section_type": section.type.value,
            "start": section.start,
            "end": section.end,
            "lines": [
                {
                    "start": line.start,
                    "end": line.end,
                    "text": line.text,
                    "words": [{"start": w.start, "end": w.end, "text": w.text} for w in line.words],
                }
                for line in section.lines
            ],
        }
        for section in timeline.sections
    ]


# --- sung against asked --------------------------------------------------------------------------------------

_SECTION_WORDS = r"intro|verse|pre-?chorus|chorus|refrain|hook|bridge|breakdown|interlude|instrumental|outro"
# A line that names a section instead of being sung: [Chorus], **Verse 1**, (Bridge), "Verse 2:".
_LABEL = re.compile(
    rf"^\s*(?:\[[^\]]*\]|\*\*[^*]+\*\*:?|\(?\s*(?:{_SECTION_WORDS})\b[\s\d.:x-]*\)?\s*:?)\s*$", re.IGNORECASE
)


class LineChangeKind(StrEnum):
    DROPPED = "DROPPED"  # asked, not sung
    ADDED = "ADDED"  # sung, not asked
    CHANGED = "CHANGED"  # sung with other words


@dataclass(frozen=True)
class LineChange:
    kind: LineChangeKind
    asked: str | None = None  # the line as written
    sung: str | None = None  # the line as sung
    asked_line: int | None = None  # its line number in the asked lyrics (1-based)
    start: int | None = None  # when the sung line starts (ms)


@dataclass(frozen=True)
class LyricsDiff:
    asked_lines: int
    sung_lines: int
    kept: int  # sung as written (up to case and punctuation)
    changes: tuple[LineChange, ...]


def normalised(line: str) -> str:
    """A line for comparing: case folded, punctuation and symbols gone, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    kept = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in folded)
    return " ".join(kept.split())


def asked_lines(lyrics: str) -> list[tuple[int, str]]:
    """The lines of the lyrics that are meant to be sung, with their line numbers (1-based)."""
    return [
        (number, line.strip())
        for number, line in enumerate(lyrics.splitlines(), 1)
        if line.strip() and not _LABEL.match(line) and normalised(line)
    ]


def lyrics_diff(lyrics: str, timeline: LyricsTimeline) -> LyricsDiff:
    asked = asked_lines(lyrics)
    sung = [line for line in timeline.lines() if normalised(line.text)]
    a = [normalised(text) for _, text in asked]
    b = [normalised(line.text) for line in sung]
    kept = 0
    changes: list[LineChange] = []

    def dropped(i: int) -> LineChange:
        return LineChange(LineChangeKind.DROPPED, asked=asked[i][1], asked_line=asked[i][0])

    def added(j: int) -> LineChange:
        return LineChange(LineChangeKind.ADDED, sung=sung[j].text, start=sung[j].start)

    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            kept += i2 - i1
            continue
        i, j = i1, j1
        for pi, pj in [*_pairs(a[i1:i2], b[j1:j2]), (i2 - i1, j2 - j1)]:  # the run's end closes it
            changes.extend(dropped(k) for k in range(i, i1 + pi))
            changes.extend(added(k) for k in range(j, j1 + pj))
            if i1 + pi < i2:
                changes.append(
                    LineChange(
                        LineChangeKind.CHANGED,
                        asked=asked[i1 + pi][1],
                        sung=sung[j1 + pj].text,
                        asked_line=asked[i1 + pi][0],
                        start=sung[j1 + pj].start,
                    )
                )
            i, j = i1 + pi + 1, j1 + pj + 1
    return LyricsDiff(asked_lines=len(asked), sung_lines=len(sung), kept=kept, changes=tuple(changes))


def _similarity(one: str, other: str) -> float:
    matcher = SequenceMatcher(None, one, other, autojunk=False)
    if matcher.real_quick_ratio() < CHANGED_MIN_SIMILARITY or matcher.quick_ratio() < CHANGED_MIN_SIMILARITY:
        return 0.0  # the upper bounds are cheap and settle most pairs
    ratio = matcher.ratio()
    return ratio if ratio >= CHANGED_MIN_SIMILARITY else 0.0


def _pairs(asked: list[str], sung: list[str]) -> list[tuple[int, int]]:
    """In a run of lines that differ, the pairs (asked, sung) to call CHANGED: in order, each line at most once,
    similar enough, with the greatest total similarity (a dynamic programme over the run)."""
    rows, cols = len(asked), len(sung)
    if rows * cols > PAIRING_MAX:
        return []  # a long run with no line in common: another text, not a take of this one
    similar = [[_similarity(x, y) for y in sung] for x in asked]
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows):
        for j in range(cols):
            paired = best[i][j] + similar[i][j] if similar[i][j] else 0.0
            best[i + 1][j + 1] = max(best[i][j + 1], best[i + 1][j], paired)
    pairs: list[tuple[int, int]] = []
    i, j = rows, cols
    while i and j:
        if similar[i - 1][j - 1] and best[i][j] == best[i - 1][j - 1] + similar[i - 1][j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]
