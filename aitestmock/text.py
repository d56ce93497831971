"""Deterministic text: answer tokens, token estimates, lyrics and their timed sections.

Everything is derived from a SHA-256 of the input (never Python's randomised `hash`), so the same
request always yields the same words across runs and processes, and different requests differ.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

VOCABULARY: tuple[str, ...] = (
    "river",
    "light",
    "morning",
    "echo",
    "velvet",
    "signal",
    "harbor",
    "ember",
    "quiet",
    "thunder",
    "paper",
    "window",
    "silver",
    "shadow",
    "rhythm",
    "garden",
    "static",
    "orbit",
    "lantern",
    "meadow",
    "violet",
    "engine",
    "cobalt",
    "whisper",
    "canyon",
    "mirror",
    "tide",
    "lullaby",
    "copper",
    "horizon",
    "drift",
    "neon",
    "harvest",
    "glacier",
    "satellite",
    "amber",
    "cinder",
    "voyage",
    "compass",
    "hollow",
    "chorus",
    "melody",
    "bridge",
    "tempo",
    "falling",
    "rising",
    "waiting",
    "dancing",
    "burning",
    "golden",
    "midnight",
    "summer",
    "winter",
    "raindrops",
    "highway",
    "letters",
    "heartbeat",
    "distance",
    "wonder",
    "stone",
)

# A section label on a line of its own: [Verse], [Chorus 2], **Verse 1**, **Bridge:**.
_SECTION_MARKER = re.compile(
    r"^\s*(?:\[\s*([A-Za-z][A-Za-z \-]*?)\s*\d*\s*\]|\*\*\s*([A-Za-z][A-Za-z \-]*?)\s*\d*\s*:?\s*\*\*)\s*:?\s*$"
)
_SECTION_TYPES = ("intro", "verse", "pre-chorus", "chorus", "bridge", "breakdown", "outro")


def _stream(seed: str) -> Iterator[int]:
    """An endless deterministic sequence of small integers seeded by `seed`."""
    counter = 0
    while True:
        block = hashlib.sha256(f"{seed}\0{counter}".encode()).digest()
        for i in range(0, len(block), 2):
            yield int.from_bytes(block[i : i + 2], "big")
        counter += 1


def seed_of(*parts: object) -> str:
    """A stable seed for the given request parts."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def words(seed: str, count: int) -> list[str]:
    """`count` vocabulary words chosen by `seed`."""
    numbers = _stream(seed)
    return [VOCABULARY[next(numbers) % len(VOCABULARY)] for _ in range(count)]


def echo(text: str, max_words: int = 8) -> str:
    """The first words of the request, single-spaced, so answers visibly refer to their question."""
    parts = text.split()
    short = " ".join(parts[:max_words])
    return short + ("…" if len(parts) > max_words else "")


def answer_tokens(model: str, prompt: str, seed: str, count: int) -> list[str]:
    """Exactly `count` tokens: "Mock answer from <model> to "<echo>":" then sentences of vocabulary words.

    Tokens carry their leading space, so joining them gives the answer text.
    """
    head = f'Mock answer from {model} to "{echo(prompt)}":' if prompt.strip() else f"Mock answer from {model}:"
    tokens = [word if i == 0 else " " + word for i, word in enumerate(head.split(" "))]
    numbers = _stream(seed)
    sentence_length = 0
    while len(tokens) < count:
        word = VOCABULARY[next(numbers) % len(VOCABULARY)]
        if sentence_length == 0:
            word = word.capitalize()
        sentence_length += 1
        if sentence_length >= 6 + next(numbers) % 8:
            word += "."
            sentence_length = 0
        tokens.append(" " + word)
    return tokens[:count]


def estimate_tokens(text: str) -> int:
    """Roughly one token per four characters, as for English text with common tokenizers."""
    return (len(text) + 3) // 4


def song_title(prompt: str) -> str:
    picked = words(seed_of("title", prompt), 2)
    return " ".join(word.capitalize() for word in picked)


def lyrics_for(prompt: str, seed_tag: str = "lyrics") -> str:
    """Song lyrics in the bracketed-section style Mureka returns (verse, chorus, verse, chorus, bridge, chorus)."""
    numbers = _stream(seed_of(seed_tag, prompt))

    def line() -> str:
        length = 4 + next(numbers) % 4
        picked = [VOCABULARY[next(numbers) % len(VOCABULARY)] for _ in range(length)]
        return " ".join(picked).capitalize()

    chorus = [line() for _ in range(4)]
    blocks: list[str] = []
    for name in ("Verse 1", "Chorus", "Verse 2", "Chorus", "Bridge", "Chorus"):
        body = chorus if name == "Chorus" else [line() for _ in range(4 if name.startswith("Verse") else 2)]
        blocks.append("\n".join([f"[{name}]", *body]))
    return "\n\n".join(blocks)


def extension_for(lyrics: str) -> str:
    """A further verse and chorus that continue `lyrics` (Mureka's extend answers only the new part)."""
    extra = lyrics_for(lyrics, "extend").split("\n\n")
    return "\n\n".join([extra[2].replace("[Verse 2]", "[Verse 3]"), extra[3]])


def _sections(lyrics: str) -> list[tuple[str, list[str]]]:
    """Split lyrics into (section_type, lines) by their labels ([Verse], [Chorus 2], **Verse 1**); unlabelled
    lyrics become verses of four lines."""
    sections: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    marked = _has_markers(lyrics)
    for raw in lyrics.splitlines():
        marker = _SECTION_MARKER.match(raw)
        if marker:
            name = (marker.group(1) or marker.group(2)).strip().lower().replace(" ", "-")
            kind = next((t for t in _SECTION_TYPES if name.startswith(t)), "verse")
            current = (kind, [])
            sections.append(current)
            continue
        text = raw.strip()
        if not text:
            continue
        if current is None or (not marked and len(current[1]) >= 4):
            current = ("verse", [])
            sections.append(current)
        current[1].append(text)
    return [section for section in sections if section[1]]


def _has_markers(lyrics: str) -> bool:
    return any(_SECTION_MARKER.match(raw) for raw in lyrics.splitlines())


def _dropped_line(sections: list[tuple[str, list[str]]]) -> tuple[int, int] | None:
    """The line a sloppy take leaves out: the last line of the first section of two or more lines that is sung
    only once in the song (so its absence shows), else the first such line anywhere; None for a one-line song."""
    counts: dict[str, int] = {}
    for _, lines in sections:
        for line in lines:
            counts[line.casefold()] = counts.get(line.casefold(), 0) + 1
    once = [
        (s, i) for s, (_, lines) in enumerate(sections) for i, line in enumerate(lines) if counts[line.casefold()] == 1
    ]
    if sum(counts.values()) < 2 or not once:
        return None
    longer = [(s, i) for s, i in once if len(sections[s][1]) >= 2]
    if longer:
        first = longer[0][0]
        return max((s, i) for s, i in longer if s == first)
    return once[0]


_SYLLABLE_MS = 420  # a sung syllable at a moderate tempo


def _syllables(word: str) -> int:
    return max(1, len(re.findall(r"[aeiouy]+", word.lower())))


def lyrics_sections(lyrics: str, duration_ms: int, *, drop_line: bool = False) -> list[dict[str, Any]]:
    """Timed sections as Mureka reports them: sections → lines → words, all start/end in milliseconds.

    Like a real take: an instrumental intro (6-12 % of the song) and outro (4-8 %), a break of a few beats
    between sections (longer when the lyrics are short), a breath between lines, each word as long as its
    syllables (at most 420 ms each, held for 80-100 % of that). With
    `drop_line` the take leaves one line out (`_dropped_line`), as real generations sometimes do; its time goes
    to the others. Words keep a trailing space, like the real API. Deterministic for the same lyrics and length.
    """
    sections = _sections(lyrics)
    skip = _dropped_line(sections) if drop_line else None
    sung = [
        (kind, [line for i, line in enumerate(lines) if (s, i) != skip]) for s, (kind, lines) in enumerate(sections)
    ]
    sung = [(kind, lines) for kind, lines in sung if lines]
    if not sung:
        return []
    numbers = _stream(seed_of("timing", lyrics, duration_ms))
    intro = duration_ms * (6 + next(numbers) % 7) // 100
    outro = duration_ms * (4 + next(numbers) % 5) // 100
    breath, section_break = 0.6, 3.0  # in syllables
    units = sum(
        sum(_syllables(w) for w in line.split()) + breath for _, lines in sung for line in lines
    ) + section_break * (len(sung) - 1)
    available = duration_ms - intro - outro
    unit = max(1.0, min(_SYLLABLE_MS, available / units))  # ms per syllable
    # Short lyrics leave music over: longer breaks between the sections and before the outro.
    extra_break = max(0.0, available - units * unit) / len(sung)
    cursor = float(intro)
    result: list[dict[str, Any]] = []
    for number, (kind, lines) in enumerate(sung):
        if number:
            cursor += section_break * unit + extra_break
        timed_lines: list[dict[str, Any]] = []
        for text in lines:
            parts = text.split()
            timed_words = []
            for i, part in enumerate(parts):
                length = _syllables(part) * unit
                sung_for = length * (80 + next(numbers) % 21) / 100  # a word is held for 80-100 % of its time
                timed_words.append(
                    {
                        "start": round(cursor),
                        "end": round(cursor + sung_for),
                        "text": part + (" " if i < len(parts) - 1 else ""),
                    }
                )
                cursor += length
            line = {"start": timed_words[0]["start"], "end": timed_words[-1]["end"], "text": text}
            timed_lines.append({**line, "words": timed_words})
            cursor += breath * unit
        result.append(
            {
                "section_type": kind,
                "start": timed_lines[0]["start"],
                "end": timed_lines[-1]["end"],
                "lines": timed_lines,
            }
        )
    return result
