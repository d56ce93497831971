"""Image files with Pillow: the size of a generated image and its thumbnail for the gallery."""

from __future__ import annotations

import io

from PIL import Image

THUMBNAIL_EDGE = 256  # the longer side of a gallery thumbnail, in pixels


def thumbnail(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, a PNG of at most THUMBNAIL_EDGE on its longer side) of an image's bytes. Blocking."""
    with Image.open(io.BytesIO(data)) as image:
        return image.width, image.height, thumbnail_png(image)


def thumbnail_png(image: Image.Image) -> bytes:
    """A PNG of the picture at most THUMBNAIL_EDGE on its longer side. Blocking."""
    small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()
