"""The image generator's prompt tools (original-system.md §4.3): enhance, translate, interpret lyrics and a title,
each a template run streamed like `templateGenerate`. Which template a tool runs is decided here, by the same
rules the image job applies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.common.errors import ErrorCode
from domain.common.validation import Checks, clean_text
from domain.generation.entities import GenerationRequest
from domain.generation.service import INPUT_MAX
from domain.images.entities import EnhanceMode
from domain.images.styles import ALBUM_COVER, FRAGMENTS, chosen


class ImagePromptTool(StrEnum):
    ENHANCE = "ENHANCE"  # image/enhance, image/enhance-fast (FAST) or image/enhance-cover (album covers)
    TRANSLATE = "TRANSLATE"  # image/translate: the prompt in English
    INTERPRET_LYRICS = "INTERPRET_LYRICS"  # image/interpret-lyric: lyrics become a picture's description
    TITLE = "TITLE"  # titel/generate: a title for the image


@dataclass(frozen=True)
class ImagePromptToolRequest:
    tool: ImagePromptTool
    text: str
    composition: str | None = None
    enhance: EnhanceMode = EnhanceMode.AUTO
    user_instructions: str | None = None


def enhance_action(composition: str | None, mode: EnhanceMode, styled: bool) -> str | None:
    """The image template that improves a prompt (§4.3's auto rules), or None: a cover always gets the cover
    template; AUTO enhances for quality unless the user chose a style."""
    if composition == ALBUM_COVER:
        return "enhance-cover"
    if mode is EnhanceMode.AUTO:
        mode = EnhanceMode.OFF if styled else EnhanceMode.QUALITY
    return {EnhanceMode.QUALITY: "enhance", EnhanceMode.FAST: "enhance-fast"}.get(mode)


def generation_request(request: ImagePromptToolRequest) -> GenerationRequest:
    """The template run a tool asks for. ENHANCE always enhances (OFF and AUTO mean the quality template here:
    the user pressed the button)."""
    checks = Checks()
    text = clean_text(request.text)
    if checks.required("text", text, "Text"):
        checks.max_length("text", text, INPUT_MAX, "Text")
    composition = chosen(request.composition)
    if composition is not None and composition not in FRAGMENTS["composition"]:
        checks.add("composition", ErrorCode.INVALID, f"Must be auto or one of {', '.join(FRAGMENTS['composition'])}.")
    checks.raise_if_any()
    category, action = {
        ImagePromptTool.TRANSLATE: ("image", "translate"),
        ImagePromptTool.INTERPRET_LYRICS: ("image", "interpret-lyric"),
        ImagePromptTool.TITLE: ("titel", "generate"),
    }.get(request.tool, ("image", ""))
    if request.tool is ImagePromptTool.ENHANCE:
        mode = EnhanceMode.QUALITY if request.enhance in (EnhanceMode.AUTO, EnhanceMode.OFF) else request.enhance
        action = enhance_action(composition, mode, styled=False) or "enhance"
    return GenerationRequest(
        category=category, action=action, input_text=text or "", user_instructions=request.user_instructions
    )
