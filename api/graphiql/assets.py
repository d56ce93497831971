"""GraphiQL's browser assets: the pinned manifest (assets.toml) and the step that installs them.

Plain standard library on purpose: `python -m api.graphiql install` runs right after `pip install`, in
the Dockerfile as well as in `make run`, and needs nothing but Python and the npm registry once. Every
tarball is checked against its sha256 and every file against its sha384 before it is written; the
files land in api/graphiql/vendor/, which git ignores.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "assets.toml"
VENDOR = HERE / "vendor"
STAMP = ".installed"  # written by the Makefile once an install succeeded
DEFAULT_REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Asset:
    package: str  # npm name, e.g. "@graphiql/plugin-explorer"
    version: str
    path: str  # inside the package, e.g. "dist/index.umd.js"
    integrity: str  # "sha384-<base64>", as in the page's integrity attribute

    @property
    def key(self) -> str:
        """`<name>@<version>/<path>`: how CDNs and /graphiql/static/ address the file."""
        return f"{self.package}@{self.version}/{self.path}"

    def file(self, vendor: Path = VENDOR) -> Path:
        return vendor / self.key

    @property
    def content_type(self) -> str:
        return "text/css" if self.path.endswith(".css") else "text/javascript"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str
    assets: tuple[Asset, ...]

    def tarball_url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"


def load_manifest(path: Path = MANIFEST) -> tuple[Package, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Package(
            name=entry["name"],
            version=entry["version"],
            sha256=entry["sha256"],
            assets=tuple(
                Asset(entry["name"], entry["version"], file, integrity) for file, integrity in entry["files"].items()
            ),
        )
        for entry in data["package"]
    )


def assets_by_key(packages: tuple[Package, ...] | None = None) -> dict[str, Asset]:
    return {asset.key: asset for package in packages or load_manifest() for asset in package.assets}


def integrity_of(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def missing(vendor: Path = VENDOR, packages: tuple[Package, ...] | None = None) -> list[Asset]:
    """Assets that are not installed (presence only: the install step checked their hashes)."""
    return [a for p in packages or load_manifest() for a in p.assets if not a.file(vendor).is_file()]


def _verified(asset: Asset, vendor: Path) -> bool:
    try:
        return integrity_of(asset.file(vendor).read_bytes()) == asset.integrity
    except FileNotFoundError:
        return False


def registry() -> str:
    """npm's own variable, so a mirror configured for npm is used here too."""
    return os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY


def _download(url: str, attempts: int = 3) -> bytes:
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return bytes(response.read())
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt == attempts:
                raise InstallError(
                    f"could not download {url}: {exc}. GraphiQL's assets are fetched once from the npm "
                    "registry; set NPM_CONFIG_REGISTRY to use a mirror."
                ) from exc
            time.sleep(attempt)
    raise AssertionError("unreachable")


class InstallError(Exception):
    pass


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    tmp.replace(path)


def _install_package(package: Package, vendor: Path, source: str) -> None:
    url = package.tarball_url(source)
    tarball = _download(url)
    digest = hashlib.sha256(tarball).hexdigest()
    if digest != package.sha256:
        raise InstallError(f"{url}: sha256 is {digest}, assets.toml pins {package.sha256}; nothing was written")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        contents: dict[Asset, bytes] = {}
        for asset in package.assets:
            try:
                member = archive.extractfile(f"package/{asset.path}")
            except KeyError:
                member = None
            if member is None:
                raise InstallError(f"{url} has no file package/{asset.path}")
            data = member.read()
            if integrity_of(data) != asset.integrity:
                raise InstallError(f"{url}: {asset.path} does not match its pinned {asset.integrity}")
            contents[asset] = data
    for asset, data in contents.items():
        _write_atomically(asset.file(vendor), data)


def _prune(vendor: Path, keep: set[Path]) -> None:
    """Drop files of versions the manifest no longer names, so the directory holds only what is served."""
    for path in sorted(vendor.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and path.name != STAMP:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def install(vendor: Path = VENDOR, manifest: Path = MANIFEST) -> list[str]:
    """Make `vendor` hold exactly the manifest's files, verified; download only what is missing or wrong.
    Returns the packages it downloaded."""
    packages = load_manifest(manifest)
    source = registry()
    fetched = []
    for package in packages:
        if all(_verified(asset, vendor) for asset in package.assets):
            continue
        _install_package(package, vendor, source)
        fetched.append(f"{package.name}@{package.version}")
    if vendor.is_dir():
        _prune(vendor, {asset.file(vendor) for package in packages for asset in package.assets})
    return fetched
