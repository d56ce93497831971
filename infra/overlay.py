"""Text overlays drawn with Pillow: the domain's layout (domain/images/overlay.py) onto a stored image.

The full render decodes the source, draws the text and writes a PNG and its thumbnail. A preview is that picture
scaled down: the background is a downscaled copy of the source that the renderer keeps (least recently used out
first, within a memory budget, for the life of the process: storage keys never change what they hold), and each
line of text is drawn at the source's size on a small transparent patch that is scaled down with the same filter
and laid on it. So following a slider costs the text and a JPEG, not a PNG decode and a resize, and the preview
differs from the stored PNG scaled down by rounding only (text drawn small instead would be hinted differently
and differ along every edge). The outline is FreeType's stroke (`stroke_width`), which equals §5's painting of the
text at every offset and is much faster. Pillow's work runs in threads (asyncio.to_thread).
"""

from __future__ import annotations

import asyncio
import functools
import io
import math
import threading
from collections import OrderedDict
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from domain.files.ports import FileStorage
from domain.images.overlay import OverlayFont, OverlayLayout, TextBox, TextLayer
from domain.images.ports import OverlayPreview, RenderedOverlay
from infra.fonts import VENDOR, font_path
from infra.images import thumbnail_png

PREVIEW_CACHE_BYTES = 64 * 1024 * 1024  # downscaled sources kept for previews (about 80 of 512 × 512)
PREVIEW_JPEG_QUALITY = 90
PREVIEW_JPEG_SUBSAMPLING = 0  # 4:4:4: coloured text keeps its edges (4:2:0 smears them: 3× the error, 0.7× the bytes)
FONT_CACHE = 128  # loaded fonts kept, by font and size

# FreeType faces must not be used by two threads at once (Pillow holds the GIL while it renders today; a
# free-threaded Python would not).
_TEXT = threading.Lock()


@functools.lru_cache(maxsize=FONT_CACHE)
def _font(font: OverlayFont, size: float, vendor: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(font, vendor)), size)


def _placed(layer: TextLayer, vendor: Path) -> tuple[ImageFont.FreeTypeFont, TextBox, tuple[float, float]]:
    """The layer's font, its text's box drawn from (0, 0), and where to draw it from."""
    # Sizes to 1/100 px, so that a slider's nearby values share a loaded font.
    font = _font(layer.font, round(max(layer.size, 1.0), 2), vendor)
    box = TextBox(*font.getbbox(layer.text, stroke_width=layer.outline_width))
    return font, box, layer.origin(box)


def _draw(draw: ImageDraw.ImageDraw, layer: TextLayer, font: ImageFont.FreeTypeFont, at: tuple[float, float]) -> None:
    draw.text(
        at, layer.text, font=font, fill=layer.color, stroke_width=layer.outline_width, stroke_fill=layer.outline_color
    )


def draw_layout(picture: Image.Image, layout: OverlayLayout, vendor: Path = VENDOR) -> None:
    """Write the layout's lines onto the picture, in place: the source itself, or a copy of it scaled down (then
    the lines are drawn at the source's size and scaled down the same way, see the module's note). Blocking."""
    with _TEXT:
        if picture.size == (layout.width, layout.height):
            draw = ImageDraw.Draw(picture)
            for layer in layout.layers:
                font, _, origin = _placed(layer, vendor)
                _draw(draw, layer, font, origin)
            return
        for layer in layout.layers:
            _lay_scaled(picture, layout, layer, vendor)


def _lay_scaled(picture: Image.Image, layout: OverlayLayout, layer: TextLayer, vendor: Path) -> None:
    font, box, (x, y) = _placed(layer, vendor)
    sx, sy = picture.width / layout.width, picture.height / layout.height
    # The picture's pixels the line reaches, with the filter's reach around them (Lanczos: 3 pixels of the result).
    reach = 4
    left = max(0, math.floor((x + box.left) * sx) - reach)
    top = max(0, math.floor((y + box.top) * sy) - reach)
    right = min(picture.width, math.ceil((x + box.right) * sx) + reach)
    bottom = min(picture.height, math.ceil((y + box.bottom) * sy) + reach)
    if right <= left or bottom <= top:
        return  # wholly outside the picture
    # The same region of the source, in whole source pixels: the line is drawn there at its own size.
    x0, y0 = math.floor(left / sx), math.floor(top / sy)
    x1, y1 = math.ceil(right / sx), math.ceil(bottom / sy)
    # Transparent in the outline's colour: where the stroke's edge blends with "nothing" it keeps its colour.
    patch = Image.new("RGBA", (x1 - x0, y1 - y0), (*ImageColor.getrgb(layer.outline_color)[:3], 0))
    _draw(ImageDraw.Draw(patch), layer, font, (x - x0, y - y0))
    region = (left / sx - x0, top / sy - y0, right / sx - x0, bottom / sy - y0)
    scaled = patch.resize((right - left, bottom - top), Image.Resampling.LANCZOS, box=region)
    picture.paste(scaled, (left, top), scaled)


def save_jpeg(picture: Image.Image, out: io.BytesIO) -> None:
    picture.save(out, "JPEG", quality=PREVIEW_JPEG_QUALITY, subsampling=PREVIEW_JPEG_SUBSAMPLING)


def decode(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB")


def _sized(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    return picture if picture.size == size else picture.resize(size, Image.Resampling.LANCZOS)


def _render(data: bytes, layout: OverlayLayout, vendor: Path) -> RenderedOverlay:
    picture = _sized(decode(data), (layout.width, layout.height))
    draw_layout(picture, layout, vendor)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return RenderedOverlay(
        png=out.getvalue(), thumbnail=thumbnail_png(picture), width=layout.width, height=layout.height
    )


def preview_of(source: Image.Image, layout: OverlayLayout, vendor: Path = VENDOR) -> OverlayPreview:
    """The layout drawn on a copy of the (downscaled) source, as a JPEG. Blocking."""
    picture = source.copy()
    draw_layout(picture, layout, vendor)
    out = io.BytesIO()
    save_jpeg(picture, out)
    return OverlayPreview(data=out.getvalue(), content_type="image/jpeg", width=picture.width, height=picture.height)


class SourceCache:
    """Decoded, downscaled sources by (storage key, width, height), least recently used out first, within a byte
    budget. Used from the event loop only; the pictures it holds are never changed (previews draw on copies)."""

    def __init__(self, budget: int = PREVIEW_CACHE_BYTES) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[tuple[str, int, int], Image.Image] = OrderedDict()

    def get(self, key: tuple[str, int, int]) -> Image.Image | None:
        picture = self._items.get(key)
        if picture is not None:
            self._items.move_to_end(key)
        return picture

    def put(self, key: tuple[str, int, int], picture: Image.Image) -> None:
        size = _bytes(picture)
        if size > self.budget or key in self._items:
            return
        self._items[key] = picture
        self.used += size
        while self.used > self.budget:
            _, dropped = self._items.popitem(last=False)
            self.used -= _bytes(dropped)

    def __len__(self) -> int:
        return len(self._items)


def _bytes(picture: Image.Image) -> int:
    return picture.width * picture.height * len(picture.getbands())


class PillowOverlayRenderer:
    """The domain's OverlayRenderer, one per process (the container's), over the storage the images are in."""

    def __init__(self, storage: FileStorage, vendor: Path = VENDOR, cache_bytes: int = PREVIEW_CACHE_BYTES) -> None:
        self.storage = storage
        self.vendor = vendor
        self.sources = SourceCache(cache_bytes)

    async def _read(self, key: str) -> bytes:
        return b"".join([chunk async for chunk in self.storage.read(key)])

    async def render(self, source_key: str, layout: OverlayLayout) -> RenderedOverlay:
        data = await self._read(source_key)
        return await asyncio.to_thread(_render, data, layout, self.vendor)

    async def preview(self, source_key: str, layout: OverlayLayout, size: tuple[int, int]) -> OverlayPreview:
        key = (source_key, *size)
        source = self.sources.get(key)
        if source is None:
            data = await self._read(source_key)
            source = await asyncio.to_thread(lambda: _sized(decode(data), size))
            self.sources.put(key, source)
        return await asyncio.to_thread(preview_of, source, layout, self.vendor)
