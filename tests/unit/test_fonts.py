"""The overlay fonts are installed by the project's own files (infra/fonts/fonts.toml, `python -m infra.fonts
install`, run by `make run`, `make test` and the Dockerfile), each with its licence beside it; nothing is
fetched at run time."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from domain.images.overlay import OverlayFont
from infra import vendored
from infra.fonts import FILES, MANIFEST, VENDOR, missing

FAMILIES = {
    OverlayFont.BOLD: ("Anton", "Regular"),
    OverlayFont.ELEGANT: ("Playfair Display", "Regular"),
    OverlayFont.LIGHT: ("Roboto", "Light"),
}


def test_the_manifest_pins_each_font_and_its_licence() -> None:
    names = {asset.name for package in vendored.load_manifest(MANIFEST) for asset in package.assets}
    assert set(FILES.values()) <= names
    for file in FILES.values():
        assert f"{file.split('-')[0]}-OFL.txt" in names, file
    for package in vendored.load_manifest(MANIFEST):
        assert len(package.sha256) == 64 and all(a.integrity.startswith("sha384-") for a in package.assets)


def test_the_fonts_are_installed_with_their_licences() -> None:
    absent = missing()
    if absent:
        pytest.fail(f"not installed: {[a.name for a in absent]}; run `make test` (or `python -m infra.fonts install`)")
    for font, file in FILES.items():
        assert ImageFont.truetype(str(VENDOR / file), 40).getname() == FAMILIES[font]
        licence = (VENDOR / f"{file.split('-')[0]}-OFL.txt").read_text()
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence
