"""AI help with lyrics and music style prompts, each a template run streamed like `templateGenerate`
(original-system.md §4.1): which template, and the words that go before its instruction, are decided here.

- A section tool (improve, rewrite, extend by n lines, optimise phrasing, translate) works on one section of the
  song and sees the whole song: its instruction starts `You are improving only the "VERSE1" section.` (extend:
  `Add 4 more lines to this section.`) followed by the full song. Its text replaces only that section when the
  client applies it (lyricsReplaceSection). Optimise and translate also take the whole song (no section).
- Generating lyrics starts with `Song structure: VERSE1 - CHORUS - VERSE2 - CHORUS`, from an architecture.
- Music style prompts: enhance (music/enhance), enhance for Suno (music/enhance-suno, with the vocal preference
  the prompt names as male-voice or female-voice, or the one asked for), translate (music/translate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.common.errors import ErrorCode
from domain.common.validation import Checks, clean_text
from domain.generation.entities import GenerationRequest
from domain.sketches.service import PROMPT_MAX
from domain.songwriting.entities import SectionKind
from domain.songwriting.structure import architecture_text
from domain.songwriting.tools import TEXT_MAX, section_at

EXTEND_MAX = 16
IDEA_MAX = 2_000


class LyricsTool(StrEnum):
    IMPROVE = "IMPROVE"  # lyrics/improve-section
    REWRITE = "REWRITE"  # lyrics/rewrite-section
    EXTEND = "EXTEND"  # lyrics/extend-section, by `lines`
    OPTIMIZE_PHRASING = "OPTIMIZE_PHRASING"  # lyrics/optimize-phrasing
    TRANSLATE = "TRANSLATE"  # lyrics/translate


_ACTIONS = {
    LyricsTool.IMPROVE: "improve-section",
    LyricsTool.REWRITE: "rewrite-section",
    LyricsTool.EXTEND: "extend-section",
    LyricsTool.OPTIMIZE_PHRASING: "optimize-phrasing",
    LyricsTool.TRANSLATE: "translate",
}
_VERBS = {
    LyricsTool.IMPROVE: "improving",
    LyricsTool.REWRITE: "rewriting",
    LyricsTool.OPTIMIZE_PHRASING: "optimizing the phrasing of",
    LyricsTool.TRANSLATE: "translating",
}
_WHOLE_SONG = (LyricsTool.OPTIMIZE_PHRASING, LyricsTool.TRANSLATE)


@dataclass(frozen=True)
class LyricsToolRequest:
    tool: LyricsTool
    song: str
    section: int | None = None  # lyricsParse's index; None: the whole song (optimise, translate)
    lines: int | None = None  # EXTEND: how many lines to add
    user_instructions: str | None = None


def lyrics_tool_request(request: LyricsToolRequest) -> GenerationRequest:
    checks = Checks()
    song = request.song.strip("\n")
    if checks.required("song", song.strip(), "Song"):
        checks.max_length("song", song, TEXT_MAX, "Song")
    if request.section is None and request.tool not in _WHOLE_SONG:
        checks.add("section", ErrorCode.REQUIRED, "Say which section (its index in lyricsParse).")
    if request.tool is LyricsTool.EXTEND:
        if request.lines is None:
            checks.add("lines", ErrorCode.REQUIRED, "Say how many lines to add.")
        else:
            checks.between("lines", request.lines, 1, EXTEND_MAX, "Lines")
    checks.raise_if_any()
    found = section_at(song, request.section)
    action = _ACTIONS[request.tool]
    if found is None:
        return GenerationRequest("lyrics", action, song, request.user_instructions)
    index, section = found
    name = section.label or f"section {index + 1}"
    if request.tool is LyricsTool.EXTEND:
        lead = f"Add {request.lines} more lines to this section."
    else:
        lead = f'You are {_VERBS[request.tool]} only the "{name}" section.'
    body = "\n".join(section.lines).strip()
    if not body:
        checks.add("section", ErrorCode.INVALID, f'The "{name}" section has no lines yet.')
        checks.raise_if_any()
    preamble = f"{lead}\n\nThe full song, for context:\n{song}"
    return GenerationRequest("lyrics", action, body, request.user_instructions, preamble=preamble)


def lyrics_generate_request(idea: str, sections: Sequence[SectionKind], instructions: str | None) -> GenerationRequest:
    """lyrics/generate on the user's idea, told the song's structure."""
    checks = Checks()
    text = clean_text(idea)
    if checks.required("text", text, "Text"):
        checks.max_length("text", text, IDEA_MAX, "Text")
    checks.raise_if_any()
    return GenerationRequest(
        "lyrics", "generate", text or "", instructions, preamble=f"Song structure: {architecture_text(sections)}"
    )


# --------------------------------------------------------------------------- music style prompts

# The style chooser's lists (original-system.md §11, /music-style-prompt); use cases tag sketches.
MUSIC_STYLE_OPTIONS: dict[str, tuple[str, ...]] = {
    "styles": (
        "pop",
        "rock",
        "alternative",
        "jazz",
        "classical",
        "electronic",
        "techno",
        "hip-hop",
        "r&b",
        "country",
        "folk",
        "blues",
        "reggae",
        "funk",
        "world",
    ),
    "themes": (
        "love",
        "power",
        "friendship",
        "adventure",
        "nostalgia",
        "hope",
        "struggle",
        "celebration",
        "mystery",
        "nature",
        "dreams",
    ),
    "instruments": (
        "acoustic-guitar",
        "electric-guitar",
        "acoustic-bass",
        "electric-bass",
        "acoustic-piano",
        "electric-piano",
        "synth",
        "strings",
        "brass",
        "woodwind",
        "drums",
        "male-voice",
        "female-voice",
    ),
    "use_cases": ("unused", "cover", "song", "inspiration", "video", "demo"),
}


class MusicStyleTool(StrEnum):
    ENHANCE = "ENHANCE"  # music/enhance
    ENHANCE_SUNO = "ENHANCE_SUNO"  # music/enhance-suno, with the vocal preference
    TRANSLATE = "TRANSLATE"  # music/translate


class Voice(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


VOCAL_PREFERENCE = {
    Voice.MALE: "Vocal preference: Male voice with natural pitch (avoid unnaturally high male vocals)",
    Voice.FEMALE: "Vocal preference: Female voice with natural pitch (avoid unnaturally high or thin female vocals)",
}


@dataclass(frozen=True)
class MusicStyleToolRequest:
    tool: MusicStyleTool
    text: str
    voice: Voice | None = None  # ENHANCE_SUNO: None finds it in the text (male-voice, female-voice)
    user_instructions: str | None = None


def voice_in(text: str) -> Voice | None:
    lowered = text.lower()
    if "female-voice" in lowered:
        return Voice.FEMALE
    return Voice.MALE if "male-voice" in lowered else None


def music_style_request(request: MusicStyleToolRequest) -> GenerationRequest:
    checks = Checks()
    text = clean_text(request.text)
    if checks.required("text", text, "Text"):
        checks.max_length("text", text, PROMPT_MAX, "Text")
    checks.raise_if_any()
    assert text is not None
    action = {MusicStyleTool.ENHANCE: "enhance", MusicStyleTool.ENHANCE_SUNO: "enhance-suno"}.get(
        request.tool, "translate"
    )
    instructions = request.user_instructions
    voice = request.voice or voice_in(text)
    if request.tool is MusicStyleTool.ENHANCE_SUNO and voice is not None:
        instructions = "\n".join(part for part in (VOCAL_PREFERENCE[voice], instructions) if part and part.strip())
    return GenerationRequest("music", action, text, instructions)
