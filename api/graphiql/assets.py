"""GraphiQL's browser assets: the pinned manifest (assets.toml) and where they are installed.

`python -m api.graphiql install` fetches and verifies them through the project's one installer of pinned npm
files (infra/vendored.py); they land in api/graphiql/vendor/, which git ignores.
"""

from __future__ import annotations

from pathlib import Path

from infra import vendored
from infra.vendored import Asset, Package

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "assets.toml"
VENDOR = HERE / "vendor"


def load_manifest(path: Path = MANIFEST) -> tuple[Package, ...]:
    return vendored.load_manifest(path)


def assets_by_key(packages: tuple[Package, ...] | None = None) -> dict[str, Asset]:
    return {asset.key: asset for package in packages or load_manifest() for asset in package.assets}


def missing(vendor: Path = VENDOR, packages: tuple[Package, ...] | None = None) -> list[Asset]:
    """Assets that are not installed (presence only: the install step checked their hashes)."""
    return vendored.missing(vendor, packages or load_manifest())


def content_type(asset: Asset) -> str:
    return "text/css" if asset.path.endswith(".css") else "text/javascript"
