"""The style options and the fragments they add to a prompt (original-system.md §4.3), one table for the API's
checks, the job's composition and the web client's dropdowns."""

from __future__ import annotations

from collections.abc import Mapping

ALBUM_COVER = "album-cover"

# option → its values (besides "auto") → the fragment each appends; the order of the keys is the fragments' order.
FRAGMENTS: Mapping[str, Mapping[str, str]] = {
    "artistic_style": {
        "photorealistic": "photorealistic style, realistic rendering, high fidelity",
        "digital-art": "digital art, modern illustration, digital painting",
        "oil-painting": "oil painting style, painterly brushstrokes, classical art",
        "watercolor": "watercolor painting, soft wet medium, flowing colors",
        "cartoon": "cartoon illustration, cel-shaded, bold outlines",
        "anime": "anime/manga art style, Japanese animation aesthetic",
        "sketch": "pencil sketch, hand-drawn, charcoal, monochrome",
        "3d-render": "3D render, CGI, computer generated imagery",
    },
    "composition": {
        "portrait": "portrait composition, vertical framing, subject-focused",
        "landscape": "landscape composition, horizontal framing, wide view",
        "wide-angle": "wide-angle shot, expansive view, environmental context",
        "close-up": "close-up shot, detailed view, tight framing",
        "rule-of-thirds": "rule of thirds composition, balanced placement",
        "centered": "centered composition, symmetrical, focal point",
        ALBUM_COVER: "",  # the cover template writes the whole prompt
    },
    "lighting": {
        "natural": "natural daylight, soft ambient lighting, outdoor illumination",
        "studio": "professional studio lighting, controlled setup, even illumination",
        "dramatic": "dramatic lighting, strong shadows, moody atmosphere, chiaroscuro",
        "golden-hour": "golden hour lighting, warm sunset glow, magical hour",
        "night": "night scene, low light, atmospheric darkness, nocturnal",
    },
    "color_palette": {
        "vibrant": "vibrant color palette, saturated colors, bold hues",
        "muted": "muted color palette, subtle tones, understated colors",
        "monochrome": "monochrome, black and white, grayscale",
        "high-contrast": "high contrast, bold colors, striking color differences",
        "warm": "warm color palette, oranges and reds, cozy tones",
        "cool": "cool color palette, blues and greens, calming tones",
        "pastel": "pastel colors, soft hues, gentle tones",
    },
    "detail_level": {
        "minimal": "minimalist, simple, clean, uncluttered",
        "moderate": "moderate detail, balanced complexity",
        "highly-detailed": "highly detailed, intricate, sharp focus, meticulous",
    },
}


def chosen(value: str | None) -> str | None:
    """A style value as stored: None for "auto" or nothing."""
    value = (value or "").strip().lower()
    return None if value in ("", "auto") else value


def compose(prompt: str, styles: Mapping[str, str | None]) -> str:
    """The prompt DALL-E gets: the (enhanced) prompt, then each chosen option's fragment, joined with ", "."""
    fragments = [FRAGMENTS[option].get(styles.get(option) or "", "") for option in FRAGMENTS]
    return ", ".join([prompt.strip(), *(f for f in fragments if f)])
