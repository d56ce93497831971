"""The overlay fonts, installed from the npm registry by `python -m infra.fonts install` (see fonts.toml)."""

from __future__ import annotations

from pathlib import Path

from domain.images.overlay import OverlayFont
from infra import vendored

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "fonts.toml"
VENDOR = HERE / "vendor"

# Each font of the overlay and its file in VENDOR, as fonts.toml names it (its licence is <Family>-OFL.txt).
FILES: dict[OverlayFont, str] = {
    OverlayFont.BOLD: "Anton-Regular.ttf",
    OverlayFont.ELEGANT: "PlayfairDisplay-Regular.ttf",
    OverlayFont.LIGHT: "Roboto-Light.ttf",
}


class FontsMissing(RuntimeError):
    pass


def font_path(font: OverlayFont, vendor: Path = VENDOR) -> Path:
    path = vendor / FILES[font]
    if not path.is_file():
        raise FontsMissing(f"{path} is not installed: run `make run` or `python -m infra.fonts install` once")
    return path


def missing(vendor: Path = VENDOR) -> list[vendored.Asset]:
    return vendored.missing(vendor, vendored.load_manifest(MANIFEST))
