"""The install step of pinned npm files (infra/vendored.py: GraphiQL's assets, the overlay fonts): it writes only
files whose tarball and bytes match the pinned hashes, under the names the manifest gives them.

A registry laid out as npm's (`<name>/-/<basename>-<version>.tgz`) under a file:// URL stands in for the
real one, through NPM_CONFIG_REGISTRY as a mirror would.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from api.graphiql.assets import MANIFEST, load_manifest
from infra.vendored import InstallError, install, integrity_of
from infra.vendored import load_manifest as load

SCRIPT = b"window.Fake = 1;\n"


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "registry"
    (root / "@scope/fake/-").mkdir(parents=True)
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", root.as_uri())
    return root


def manifest(tmp_path: Path, sha256: str, integrity: str, extra: str = "") -> Path:
    path = tmp_path / "assets.toml"
    path.write_text(
        f'[[package]]\nname = "@scope/fake"\nversion = "1.0.0"\nsha256 = "{sha256}"\n'
        f'files = {{ "dist/fake.min.js" = "{integrity}" }}\n{extra}'
    )
    return path


def test_installs_verified_files_once_and_prunes_others(tmp_path: Path, registry: Path) -> None:
    data = tarball({"dist/fake.min.js": SCRIPT, "dist/other.js": b"not wanted"})
    (registry / "@scope/fake/-/fake-1.0.0.tgz").write_bytes(data)
    pinned = manifest(tmp_path, hashlib.sha256(data).hexdigest(), integrity_of(SCRIPT))
    vendor = tmp_path / "vendor"
    (vendor / "@scope/fake@0.9.0").mkdir(parents=True)
    (vendor / "@scope/fake@0.9.0/old.js").write_text("an older version")

    assert install(vendor, pinned) == ["@scope/fake@1.0.0"]
    assert (vendor / "@scope/fake@1.0.0/dist/fake.min.js").read_bytes() == SCRIPT
    assert sorted(p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()) == [
        "@scope/fake@1.0.0/dist/fake.min.js"
    ]
    assert install(vendor, pinned) == []  # verified in place: nothing downloaded


def test_a_tarball_with_another_hash_writes_nothing(tmp_path: Path, registry: Path) -> None:
    data = tarball({"dist/fake.min.js": SCRIPT})
    (registry / "@scope/fake/-/fake-1.0.0.tgz").write_bytes(data)
    vendor = tmp_path / "vendor"
    with pytest.raises(InstallError, match="sha256"):
        install(vendor, manifest(tmp_path, "0" * 64, integrity_of(SCRIPT)))
    with pytest.raises(InstallError, match="does not match"):
        install(vendor, manifest(tmp_path, hashlib.sha256(data).hexdigest(), integrity_of(b"other bytes")))
    assert not vendor.exists()


def test_files_land_under_the_names_the_manifest_gives_them(tmp_path: Path, registry: Path) -> None:
    data = tarball({"dist/fake.min.js": SCRIPT, "LICENSE": b"the licence"})
    (registry / "@scope/fake/-/fake-1.0.0.tgz").write_bytes(data)
    named = manifest(
        tmp_path, hashlib.sha256(data).hexdigest(), integrity_of(SCRIPT), 'names = { "dist/fake.min.js" = "Fake.js" }\n'
    )
    vendor = tmp_path / "vendor"
    assert install(vendor, named) == ["@scope/fake@1.0.0"]
    assert [p.name for p in vendor.iterdir()] == ["Fake.js"] and (vendor / "Fake.js").read_bytes() == SCRIPT
    unlisted = manifest(tmp_path, "0" * 64, integrity_of(SCRIPT), 'names = { "LICENSE" = "Fake-LICENSE.txt" }\n')
    with pytest.raises(ValueError, match="LICENSE"):
        load(unlisted)


def test_the_manifest_pins_every_package_and_file() -> None:
    packages = load_manifest(MANIFEST)
    assert {p.name for p in packages} >= {"react", "react-dom", "graphiql", "@graphiql/plugin-explorer"}
    for package in packages:
        assert len(package.sha256) == 64 and package.assets
        assert all(asset.integrity.startswith("sha384-") for asset in package.assets)
