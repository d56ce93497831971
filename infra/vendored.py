"""Files the project ships from npm tarballs, pinned in a TOML manifest and installed once into a vendor directory
(not in git): GraphiQL's browser assets (api/graphiql/assets.toml) and the overlay fonts (infra/fonts/fonts.toml).

Plain standard library on purpose: `python -m api.graphiql install` and `python -m infra.fonts install` run
right after `pip install`, in the Dockerfile as well as in `make run`, and need nothing but Python and the npm
registry once. Every tarball is checked against its sha256 and every file against its sha384 before anything is
written, and only the files the manifest names are taken out of it.

A manifest is a list of `[[package]]` tables: `name`, `version`, `sha256` (of the tarball), `files` (path in
the package → "sha384-<base64>") and, optionally, `names` (path in the package → the file's name in the vendor
directory; without one a file lands at `<name>@<version>/<path>`).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import sys
import tarfile
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

STAMP = ".installed"  # written by the Makefile once an install succeeded
DEFAULT_REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Asset:
    package: str  # npm name, e.g. "@graphiql/plugin-explorer"
    version: str
    path: str  # inside the package, e.g. "dist/index.umd.js"
    integrity: str  # "sha384-<base64>", as in a page's integrity attribute
    name: str | None = None  # its file name in the vendor directory, when the manifest gives one

    @property
    def key(self) -> str:
        """`<name>@<version>/<path>`: how CDNs address the file."""
        return f"{self.package}@{self.version}/{self.path}"

    def file(self, vendor: Path) -> Path:
        return vendor / (self.name or self.key)


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str
    assets: tuple[Asset, ...]

    def tarball_url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"


def load_manifest(path: Path) -> tuple[Package, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    packages = []
    for entry in data["package"]:
        names = entry.get("names", {})
        unknown = set(names) - set(entry["files"])
        if unknown:
            raise ValueError(f"{path}: {entry['name']} names files it does not list: {sorted(unknown)}")
        assets = tuple(
            Asset(entry["name"], entry["version"], file, integrity, names.get(file))
            for file, integrity in entry["files"].items()
        )
        packages.append(Package(entry["name"], entry["version"], entry["sha256"], assets))
    return tuple(packages)


def integrity_of(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def missing(vendor: Path, packages: tuple[Package, ...]) -> list[Asset]:
    """Assets that are not installed (presence only: the install step checked their hashes)."""
    return [a for p in packages for a in p.assets if not a.file(vendor).is_file()]


def _verified(asset: Asset, vendor: Path) -> bool:
    try:
        return integrity_of(asset.file(vendor).read_bytes()) == asset.integrity
    except FileNotFoundError:
        return False


def registry() -> str:
    """npm's own variable, so a mirror configured for npm is used here too."""
    return os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY


class InstallError(Exception):
    pass


def _download(url: str, attempts: int = 3) -> bytes:
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return bytes(response.read())
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt == attempts:
                raise InstallError(
                    f"could not download {url}: {exc}. These files are fetched once from the npm registry; "
                    "set NPM_CONFIG_REGISTRY to use a mirror."
                ) from exc
            time.sleep(attempt)
    raise AssertionError("unreachable")


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    tmp.replace(path)


def _install_package(package: Package, vendor: Path, source: str, manifest: Path) -> None:
    url = package.tarball_url(source)
    tarball = _download(url)
    digest = hashlib.sha256(tarball).hexdigest()
    if digest != package.sha256:
        raise InstallError(f"{url}: sha256 is {digest}, {manifest.name} pins {package.sha256}; nothing was written")
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
    """Drop files the manifest no longer names (older versions), so the directory holds only what is used."""
    for path in sorted(vendor.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and path.name != STAMP:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def install(vendor: Path, manifest: Path) -> list[str]:
    """Make `vendor` hold exactly the manifest's files, verified; download only what is missing or wrong.
    Returns the packages it downloaded."""
    packages = load_manifest(manifest)
    source = registry()
    fetched = []
    for package in packages:
        if all(_verified(asset, vendor) for asset in package.assets):
            continue
        _install_package(package, vendor, source, manifest)
        fetched.append(f"{package.name}@{package.version}")
    if vendor.is_dir():
        _prune(vendor, {asset.file(vendor) for package in packages for asset in package.assets})
    return fetched


def main(label: str, manifest: Path, vendor: Path, argv: list[str] | None = None, prog: str | None = None) -> int:
    """The command line of one manifest: `install` fetches and verifies its files; `check` exits non-zero,
    naming them, when any is not installed."""
    parser = argparse.ArgumentParser(prog=prog, description=f"{label}: install or check the files {manifest} pins.")
    parser.add_argument("command", choices=["install", "check"])
    args = parser.parse_args(argv)
    if args.command == "check":
        absent = missing(vendor, load_manifest(manifest))
        for asset in absent:
            sys.stderr.write(f"missing: {asset.file(vendor)}\n")
        return 1 if absent else 0
    try:
        fetched = install(vendor, manifest)
    except InstallError as exc:
        sys.stderr.write(f"{label}: {exc}\n")
        return 1
    done = "fetched " + ", ".join(fetched) if fetched else "up to date"
    sys.stdout.write(f"{label}: {done} in {vendor}\n")
    return 0
