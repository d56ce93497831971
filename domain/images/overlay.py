"""Text overlays (original-system.md §5): a title and an artist written onto an image, kept as a new image.

The rules without Pillow: the settings, their checks, how they are recorded, and where each line of text goes on
the source, every length in the source's pixels. A preview draws the same lines at that size and scales them down
with the picture (infra/overlay.py), so it is the stored PNG scaled down: the web client's live preview and the
final image agree.

Placement keeps §5's grid: at x = 0.10 the text starts there, at 0.90 it ends there, at 0.50 it is centred
(y alike: top, middle, bottom). Between those points the anchor moves evenly along the text (x = 0.30 puts the
point a quarter of the way into it), where the original jumped from left-aligned to centred: a slider or a click
then moves the text smoothly, and the grid positions land exactly where §5 puts them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from domain.common.errors import ErrorCode
from domain.common.validation import Checks, clean_text

TITLE_MAX = 200
ARTIST_MAX = 200
SIZE_FRACTION_MIN = 0.01  # a size below 1 is this share of the image's height at least
SIZE_PIXELS_MAX = 1000.0  # a size from 1 up is pixels of the source image, at most this many
OUTLINE_PX = 3.0  # the outline's width at the source's size (§5)
ARTIST_GAP = 1.2  # the artist's default place: the title's, int(title px × 1.2) source pixels lower (§5)
EDGE, MIDDLE = 0.10, 0.50  # §5's grid: 10 %, 50 % and 90 % of the width and the height

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


class OverlayFont(StrEnum):
    BOLD = "BOLD"  # Anton
    ELEGANT = "ELEGANT"  # Playfair Display
    LIGHT = "LIGHT"  # Roboto Light


class GridPosition(StrEnum):
    TOP_LEFT = "TOP_LEFT"
    TOP_CENTER = "TOP_CENTER"
    TOP_RIGHT = "TOP_RIGHT"
    MIDDLE_LEFT = "MIDDLE_LEFT"
    CENTER = "CENTER"
    MIDDLE_RIGHT = "MIDDLE_RIGHT"
    BOTTOM_LEFT = "BOTTOM_LEFT"
    BOTTOM_CENTER = "BOTTOM_CENTER"
    BOTTOM_RIGHT = "BOTTOM_RIGHT"

    @property
    def point(self) -> tuple[float, float]:
        """(x, y) as fractions of the width and the height."""
        row, _, column = self.value.partition("_")
        if self is GridPosition.CENTER:
            row, column = "MIDDLE", "CENTER"
        x = {"LEFT": EDGE, "CENTER": MIDDLE, "RIGHT": 1 - EDGE}[column]
        y = {"TOP": EDGE, "MIDDLE": MIDDLE, "BOTTOM": 1 - EDGE}[row]
        return x, y


@dataclass(frozen=True)
class OverlayPosition:
    """A grid position, or x and y as fractions of the width and the height (clamped to 0..1)."""

    grid: GridPosition | None = None
    x: float | None = None
    y: float | None = None

    @property
    def point(self) -> tuple[float, float]:
        if self.grid is not None:
            return self.grid.point
        if self.x is None or self.y is None:
            raise ValueError("an unchecked position")  # check_overlay refuses these
        return self.x, self.y


@dataclass(frozen=True)
class OverlaySettings:
    """What imageOverlayCreate draws. Sizes below 1 are a share of the image's height, from 1 up pixels of the
    source; colours are hex, with or without '#'. The artist's unset fields take the title's, and without a
    position the artist's line goes below the title's."""

    title: str
    artist: str | None = None
    font: OverlayFont = OverlayFont.BOLD
    title_position: OverlayPosition | None = None  # None: the centre
    title_size: float = 0.08
    title_color: str = "#FFFFFF"
    title_outline_color: str = "#000000"
    artist_position: OverlayPosition | None = None
    artist_size: float = 0.05
    artist_color: str | None = None
    artist_outline_color: str | None = None
    artist_font: OverlayFont | None = None

    @property
    def title_text(self) -> str:
        return self.title.upper()

    @property
    def artist_text(self) -> str | None:
        return f"BY {self.artist.upper()}" if self.artist else None


# ------------------------------------------------------------------------------------------------ checks


def hex_color(value: str) -> str | None:
    """'#RRGGBB' of a hex colour with or without '#' (3 or 6 digits), or None if it is not one."""
    match = _HEX.fullmatch(value.strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits.upper()


def _check_color(field: str, value: str | None, label: str, checks: Checks) -> str | None:
    if value is None:
        return None
    color = hex_color(value)
    if color is None:
        checks.add(field, ErrorCode.INVALID, f"{label} must be a hex colour such as #FFFFFF or FFFFFF.")
    return color


def _check_size(field: str, value: float, label: str, checks: Checks) -> None:
    if not math.isfinite(value) or not (SIZE_FRACTION_MIN <= value < 1 or 1 <= value <= SIZE_PIXELS_MAX):
        checks.add(
            field,
            ErrorCode.INVALID,
            f"{label} must be a share of the image's height from {SIZE_FRACTION_MIN:g} to below 1, "
            f"or pixels from 1 to {SIZE_PIXELS_MAX:g}.",
        )


def _check_position(field: str, position: OverlayPosition | None, checks: Checks) -> OverlayPosition | None:
    if position is None:
        return None
    inner = Checks(field)
    given = [name for name in ("x", "y") if getattr(position, name) is not None]
    if position.grid is not None:
        if given:
            checks.add(field, ErrorCode.INVALID, "Give a grid position or x and y, not both.")
        return OverlayPosition(grid=position.grid)
    if not given:
        checks.add(field, ErrorCode.REQUIRED, "Give a grid position, or x and y.")
        return None
    for name in ("x", "y"):
        value = getattr(position, name)
        if value is None:
            inner.add(name, ErrorCode.REQUIRED, f"{name} is needed with {given[0]} (a share of 0 to 1).")
        elif not math.isfinite(value):
            inner.add(name, ErrorCode.INVALID, f"{name} must be a number from 0 to 1.")
    checks.errors.extend(inner.errors)
    if inner.errors:
        return None
    return OverlayPosition(x=_clamp(position.x), y=_clamp(position.y))


def _clamp(value: float | None, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value or 0.0))


def one_line(value: str | None) -> str | None:
    """A line of cover text: line breaks and runs of spaces become one space; blank is no text."""
    return clean_text(" ".join(value.split())) if value is not None else None


def check_overlay(settings: OverlaySettings, checks: Checks) -> OverlaySettings:
    """The settings cleaned (text on one line, colours as '#RRGGBB', positions clamped); problems go to `checks`."""
    title = one_line(settings.title) or ""
    if checks.required("title", title, "Title"):
        checks.max_length("title", title, TITLE_MAX, "Title")
    artist = one_line(settings.artist)
    checks.max_length("artist", artist, ARTIST_MAX, "Artist")
    _check_size("title_size", settings.title_size, "Title size", checks)
    _check_size("artist_size", settings.artist_size, "Artist size", checks)
    return replace(
        settings,
        title=title,
        artist=artist,
        title_position=_check_position("title_position", settings.title_position, checks)
        or OverlayPosition(grid=GridPosition.CENTER),
        artist_position=_check_position("artist_position", settings.artist_position, checks),
        title_color=_check_color("title_color", settings.title_color, "Title colour", checks) or "#FFFFFF",
        title_outline_color=_check_color(
            "title_outline_color", settings.title_outline_color, "Title outline colour", checks
        )
        or "#000000",
        artist_color=_check_color("artist_color", settings.artist_color, "Artist colour", checks),
        artist_outline_color=_check_color(
            "artist_outline_color", settings.artist_outline_color, "Artist outline colour", checks
        ),
    )


# ------------------------------------------------------------------------------------------------ records


def _position_record(position: OverlayPosition | None) -> dict[str, Any] | None:
    if position is None:
        return None
    if position.grid is not None:
        return {"grid": position.grid.value}
    return {"x": position.x, "y": position.y}


def _position_from(record: Any) -> OverlayPosition | None:
    if not record:
        return None
    if record.get("grid"):
        return OverlayPosition(grid=GridPosition(record["grid"]))
    return OverlayPosition(x=float(record["x"]), y=float(record["y"]))


def overlay_record(settings: OverlaySettings) -> dict[str, Any]:
    """The settings as the image keeps them (JSON), outline colours included, so the overlay can be redone."""
    return {
        "title": settings.title,
        "artist": settings.artist,
        "font": settings.font.value,
        "title_position": _position_record(settings.title_position),
        "title_size": settings.title_size,
        "title_color": settings.title_color,
        "title_outline_color": settings.title_outline_color,
        "artist_position": _position_record(settings.artist_position),
        "artist_size": settings.artist_size,
        "artist_color": settings.artist_color,
        "artist_outline_color": settings.artist_outline_color,
        "artist_font": settings.artist_font.value if settings.artist_font else None,
    }


def overlay_from_record(record: dict[str, Any]) -> OverlaySettings:
    artist_font = record.get("artist_font")
    return OverlaySettings(
        title=record["title"],
        artist=record.get("artist"),
        font=OverlayFont(record.get("font") or OverlayFont.BOLD),
        title_position=_position_from(record.get("title_position")),
        title_size=float(record.get("title_size", 0.08)),
        title_color=record.get("title_color") or "#FFFFFF",
        title_outline_color=record.get("title_outline_color") or "#000000",
        artist_position=_position_from(record.get("artist_position")),
        artist_size=float(record.get("artist_size", 0.05)),
        artist_color=record.get("artist_color"),
        artist_outline_color=record.get("artist_outline_color"),
        artist_font=OverlayFont(artist_font) if artist_font else None,
    )


# ------------------------------------------------------------------------------------------------ layout


@dataclass(frozen=True)
class TextBox:
    """The ink box of a line of text drawn with its origin at (0, 0), outline included, in pixels."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class TextLayer:
    """One line of text: every length in pixels of the source."""

    text: str
    font: OverlayFont
    size: float
    color: str
    outline_color: str
    outline_width: float
    point: tuple[float, float]  # where the line is placed
    align: tuple[float, float]  # which point of its box sits there: 0 its left/top edge, 0.5 its middle, 1 right/bottom

    def origin(self, box: TextBox) -> tuple[float, float]:
        """Where to draw the text from so that its box's `align` point lands on `point`."""
        x = self.point[0] - box.left - self.align[0] * (box.right - box.left)
        y = self.point[1] - box.top - self.align[1] * (box.bottom - box.top)
        return x, y


@dataclass(frozen=True)
class OverlayLayout:
    width: int  # the source's size
    height: int
    layers: tuple[TextLayer, ...]


def preview_size(source_width: int, source_height: int, width: int) -> tuple[int, int]:
    """A preview's size: `width`, but never wider than the source, and the source's proportions."""
    width = min(width, source_width)
    return width, max(1, round(source_height * width / source_width))


def alignment(fraction: float) -> float:
    """Which point of the text sits at a position: its start at 0.10 (and before), its middle at 0.50, its end
    at 0.90 (and after), evenly in between."""
    return min(1.0, max(0.0, (fraction - EDGE) / (1 - 2 * EDGE)))


def size_in_pixels(size: float, source_height: int) -> float:
    """A size in source pixels: below 1 a share of the height, else pixels already."""
    return size * source_height if size < 1 else size


def overlay_layout(settings: OverlaySettings, source_width: int, source_height: int) -> OverlayLayout:
    """Where the (checked) settings put each line on a source of this size."""
    title_px = size_in_pixels(settings.title_size, source_height)
    tx, ty = (settings.title_position or OverlayPosition(grid=GridPosition.CENTER)).point
    title = TextLayer(
        text=settings.title_text,
        font=settings.font,
        size=title_px,
        color=settings.title_color,
        outline_color=settings.title_outline_color,
        outline_width=OUTLINE_PX,
        point=(tx * source_width, ty * source_height),
        align=(alignment(tx), alignment(ty)),
    )
    artist_text = settings.artist_text
    if artist_text is None:
        return OverlayLayout(source_width, source_height, (title,))
    if settings.artist_position is not None:
        ax, ay = settings.artist_position.point
        point, align = (ax * source_width, ay * source_height), (alignment(ax), alignment(ay))
    else:
        point, align = (title.point[0], title.point[1] + int(title_px * ARTIST_GAP)), title.align
    artist = TextLayer(
        text=artist_text,
        font=settings.artist_font or settings.font,
        size=size_in_pixels(settings.artist_size, source_height),
        color=settings.artist_color or settings.title_color,
        outline_color=settings.artist_outline_color or settings.title_outline_color,
        outline_width=OUTLINE_PX,
        point=point,
        align=align,
    )
    return OverlayLayout(source_width, source_height, (title, artist))
