"""Text overlay rules without I/O (domain/images/overlay.py): the checks, the record, and where the text goes."""

from __future__ import annotations

import pytest

from domain.common.errors import ErrorCode
from domain.common.validation import Checks
from domain.images.overlay import (
    GridPosition,
    OverlayFont,
    OverlayPosition,
    OverlaySettings,
    alignment,
    check_overlay,
    hex_color,
    overlay_from_record,
    overlay_layout,
    overlay_record,
    preview_size,
)


def checked(**fields: object) -> tuple[OverlaySettings, set[tuple[tuple[str, ...] | None, ErrorCode]]]:
    checks = Checks()
    settings = check_overlay(OverlaySettings(**{"title": "Song", **fields}), checks)  # type: ignore[arg-type]
    return settings, {(e.field, e.code) for e in checks.errors}


def test_colours_are_hex_with_or_without_a_hash() -> None:
    assert hex_color("#ffaa00") == hex_color("FFAA00") == hex_color(" fa0 ") == "#FFAA00"
    for bad in ("red", "#12345", "#GGGGGG", "", "##FFFFFF", "#FFFFFF00"):
        assert hex_color(bad) is None, bad
    settings, errors = checked(title_color="00ff00", artist_outline_color="nope")
    assert settings.title_color == "#00FF00"
    assert errors == {(("artist_outline_color",), ErrorCode.INVALID)}


@pytest.mark.parametrize(
    ("size", "ok"),
    [(0.01, True), (0.5, True), (0.999, True), (1, True), (1000, True), (0, False), (0.005, False), (1000.5, False)],
)
def test_sizes_are_a_share_of_the_height_below_one_or_pixels(size: float, ok: bool) -> None:
    _, errors = checked(title_size=size, artist_size=size)
    assert errors == (set() if ok else {(("title_size",), ErrorCode.INVALID), (("artist_size",), ErrorCode.INVALID)})


def test_positions_are_a_grid_name_or_x_and_y_clamped() -> None:
    settings, errors = checked(title_position=OverlayPosition(x=1.7, y=-0.2), artist_position=None)
    assert not errors
    assert settings.title_position == OverlayPosition(x=1.0, y=0.0) and settings.artist_position is None
    settings, _ = checked()
    assert settings.title_position == OverlayPosition(grid=GridPosition.CENTER)  # the centre by default
    _, errors = checked(
        title_position=OverlayPosition(grid=GridPosition.TOP_LEFT, x=0.2), artist_position=OverlayPosition(y=0.3)
    )
    assert errors == {(("title_position",), ErrorCode.INVALID), (("artist_position", "x"), ErrorCode.REQUIRED)}
    _, errors = checked(title_position=OverlayPosition())
    assert errors == {(("title_position",), ErrorCode.REQUIRED)}


def test_text_is_one_line_within_its_bounds() -> None:
    settings, errors = checked(title="  Midnight \n  Train ", artist="  ")
    assert not errors and settings.title == "Midnight Train" and settings.artist is None
    assert settings.title_text == "MIDNIGHT TRAIN" and settings.artist_text is None
    assert checked(artist="the rovers")[0].artist_text == "BY THE ROVERS"
    assert checked(title=" ")[1] == {(("title",), ErrorCode.REQUIRED)}
    assert checked(title="x" * 201, artist="y" * 201)[1] == {
        (("title",), ErrorCode.TOO_LONG),
        (("artist",), ErrorCode.TOO_LONG),
    }


def test_the_record_gives_the_settings_back() -> None:
    settings, _ = checked(
        artist="Duo",
        font=OverlayFont.ELEGANT,
        title_position=OverlayPosition(x=0.3, y=0.7),
        artist_position=OverlayPosition(grid=GridPosition.BOTTOM_RIGHT),
        title_size=120,
        artist_color="#123",
        artist_font=OverlayFont.LIGHT,
    )
    assert overlay_from_record(overlay_record(settings)) == settings


def test_the_grid_places_text_as_the_original_did_and_moves_smoothly_between() -> None:
    assert GridPosition.TOP_LEFT.point == (0.1, 0.1) and GridPosition.CENTER.point == (0.5, 0.5)
    assert GridPosition.BOTTOM_RIGHT.point == (0.9, 0.9) and GridPosition.MIDDLE_RIGHT.point == (0.9, 0.5)
    # Start at 10 %, centred at 50 %, end at 90 %; evenly in between and pinned outside.
    assert [alignment(f) for f in (0.0, 0.1, 0.3, 0.5, 0.9, 1.0)] == pytest.approx([0.0, 0.0, 0.25, 0.5, 1.0, 1.0])


def test_the_layout_places_the_title_and_puts_the_artist_below_it() -> None:
    settings, _ = checked(title_position=OverlayPosition(grid=GridPosition.TOP_RIGHT), artist="Duo", artist_size=30)
    title, artist = overlay_layout(settings, 1792, 1024).layers
    assert title.point == pytest.approx((1612.8, 102.4)) and title.align == (1.0, 0.0)
    assert title.size == pytest.approx(81.92) and title.outline_width == 3.0
    # §5: the artist at the title's place, int(title px × 1.2) lower, aligned the same; its unset fields the title's.
    assert artist.point == pytest.approx((1612.8, 102.4 + 98)) and artist.align == title.align
    assert (artist.size, artist.color, artist.outline_color, artist.font) == (
        30,
        "#FFFFFF",
        "#000000",
        OverlayFont.BOLD,
    )
    assert artist.text == "BY DUO"
    placed, _ = checked(artist="Duo", artist_position=OverlayPosition(x=0.5, y=0.95))
    assert overlay_layout(placed, 1024, 1024).layers[1].point == pytest.approx((512, 972.8))


def test_a_text_box_is_placed_by_its_alignment_point() -> None:
    from domain.images.overlay import TextBox

    settings, _ = checked(title_position=OverlayPosition(grid=GridPosition.BOTTOM_RIGHT))
    (title,) = overlay_layout(settings, 1000, 1000).layers
    x, y = title.origin(TextBox(left=-3, top=10, right=297, bottom=90))
    # The box's right edge (x + 297) and bottom (y + 90) land on 90 % of the width and the height.
    assert (x + 297, y + 90) == pytest.approx((900, 900))


def test_a_preview_keeps_the_proportions_and_never_enlarges() -> None:
    assert preview_size(1024, 1024, 512) == (512, 512)
    assert preview_size(1792, 1024, 512) == (512, 293)
    assert preview_size(1024, 1792, 512) == (512, 896)
    assert preview_size(1024, 1024, 2048) == (1024, 1024)
