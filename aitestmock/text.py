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

_SECTION_MARKER = re.compile(r"^\s*\[\s*([A-Za-z][A-Za-z \-]*?)\s*\d*\s*\]\s*$")
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
    """Split lyrics into (section_type, lines); unmarked lyrics become verses of four lines."""
    sections: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for raw in lyrics.splitlines():
        marker = _SECTION_MARKER.match(raw)
        if marker:
            name = marker.group(1).strip().lower().replace(" ", "-")
            kind = next((t for t in _SECTION_TYPES if name.startswith(t)), "verse")
            current = (kind, [])
            sections.append(current)
            continue
        text = raw.strip()
        if not text:
            continue
        if current is None or (not _has_markers(lyrics) and len(current[1]) >= 4):
            current = ("verse", [])
            sections.append(current)
        current[1].append(text)
    return [section for section in sections if section[1]]


def _has_markers(lyrics: str) -> bool:
    return any(_SECTION_MARKER.match(raw) for raw in lyrics.splitlines())


def lyrics_sections(lyrics: str, duration_ms: int) -> list[dict[str, Any]]:
    """Timed sections as Mureka reports them: sections → lines → words, all start/end in milliseconds.

    An instrumental intro takes the first ~10 % and an outro the last ~5 %; the lines share the rest
    evenly and each line's words share the line evenly. Words keep a trailing space, like the real API.
    """
    sections = _sections(lyrics)
    lines_total = sum(len(lines) for _, lines in sections)
    if lines_total == 0:
        return []
    start_ms = duration_ms // 10
    line_ms = max(1, (duration_ms - start_ms - duration_ms // 20) // lines_total)
    result: list[dict[str, Any]] = []
    cursor = start_ms
    for kind, lines in sections:
        section_start = cursor
        timed_lines: list[dict[str, Any]] = []
        for text in lines:
            parts = text.split()
            word_ms = max(1, line_ms // max(1, len(parts)))
            timed_words = [
                {
                    "start": cursor + i * word_ms,
                    "end": cursor + (i + 1) * word_ms,
                    "text": part + (" " if i < len(parts) - 1 else ""),
                }
                for i, part in enumerate(parts)
            ]
            timed_lines.append({"start": cursor, "end": cursor + line_ms, "text": text, "words": timed_words})
            cursor += line_ms
        result.append({"section_type": kind, "start": section_start, "end": cursor, "lines": timed_lines})
    return result
