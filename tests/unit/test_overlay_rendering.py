"""Overlays drawn with Pillow (infra/overlay.py): a picture drawn small is the full render scaled down, on any
background and at any width; the downscaled sources kept for previews stay within their memory budget."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageFilter

from domain.common.validation import Checks
from domain.images.overlay import (
    GridPosition,
    OverlayFont,
    OverlayPosition,
    OverlaySettings,
    check_overlay,
    overlay_layout,
    preview_size,
)
from infra.overlay import SourceCache, draw_layout


def textured(width: int, height: int) -> Image.Image:
    noise = Image.effect_noise((width, height), 80).filter(ImageFilter.GaussianBlur(2))
    gradient = Image.linear_gradient("L").resize((width, height))
    return Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


SETTINGS = [
    OverlaySettings(
        title="Midnight Train", artist="The Rovers", title_position=OverlayPosition(grid=GridPosition.BOTTOM_LEFT)
    ),
    OverlaySettings(
        title="Echoes",
        artist="Duo",
        font=OverlayFont.ELEGANT,
        artist_font=OverlayFont.LIGHT,
        title_size=150,
        title_color="#FFD700",
        title_outline_color="#C00000",
        title_position=OverlayPosition(x=0.02, y=0.3),
        artist_position=OverlayPosition(x=1, y=1),
    ),
]


@pytest.mark.parametrize("source", [(1024, 1024), (1792, 1024), (1024, 1792)])
@pytest.mark.parametrize("width", [512, 301, 64])
def test_a_picture_drawn_small_is_the_full_render_scaled_down(source: tuple[int, int], width: int) -> None:
    background = textured(*source)
    for settings in SETTINGS:
        checks = Checks()
        layout = overlay_layout(check_overlay(settings, checks), *source)
        assert not checks.errors
        full = background.copy()
        draw_layout(full, layout)
        size = preview_size(*source, width)
        small = background.resize(size, Image.Resampling.LANCZOS)
        draw_layout(small, layout)
        diff = ImageChops.difference(small, full.resize(size, Image.Resampling.LANCZOS)).convert("L")
        histogram = diff.histogram()
        assert sum(v * n for v, n in enumerate(histogram)) / (size[0] * size[1]) < 1.0, (settings.title, size)
        assert max(v for v, n in enumerate(histogram) if n) < 64, (settings.title, size)
        # and the text is there: the picture drawn small is not the background scaled down
        assert ImageChops.difference(small, background.resize(size, Image.Resampling.LANCZOS)).getbbox()


def test_the_source_cache_keeps_the_most_recently_used_within_its_budget() -> None:
    picture = Image.new("RGB", (10, 10))  # 300 bytes
    cache = SourceCache(budget=1000)
    for key in ("a", "b", "c"):
        cache.put((key, 10, 10), picture)
    assert cache.get(("a", 10, 10)) is picture  # a is now the most recent
    cache.put(("d", 10, 10), picture)
    assert cache.get(("b", 10, 10)) is None and cache.get(("a", 10, 10)) is picture
    assert len(cache) == 3 and cache.used == 900
    cache.put(("huge", 100, 100), Image.new("RGB", (100, 100)))  # larger than the whole budget: not kept
    assert cache.get(("huge", 100, 100)) is None and cache.used == 900
