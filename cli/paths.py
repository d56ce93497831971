"""Local paths: the form paths take on the server (slashes, NFC), and the guard that keeps whatever the server
names inside the folder the user gave — no absolute paths, no '..', no writing through a symlinked folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from cli.errors import CliError

PARTIAL_SUFFIX = ".aiproxy-part"  # a download under way; continued with Range by the next run
_DRIVE = re.compile(r"^[A-Za-z]:")


def server_form(relative: PurePosixPath | str) -> str:
    """As the API keeps paths: '/' between parts, Unicode NFC (macOS's disks hand out NFD)."""
    return unicodedata.normalize("NFC", str(relative))


def safe_parts(relative: str) -> list[str]:
    """The parts of a path the server named, refused unless each is a plain name."""
    if not relative or relative.startswith(("/", "\\")) or _DRIVE.match(relative):
        raise CliError(f"The server named an unsafe path {relative!r}; it was not written.")
    parts = relative.split("/")
    for part in parts:
        if part in ("", ".", "..") or "\\" in part or "\x00" in part or any(ord(c) < 32 for c in part):
            raise CliError(f"The server named an unsafe path {relative!r}; it was not written.")
    return parts


def safe_target(root: Path, relative: str) -> Path:
    """Where `relative` goes under `root`: refused when it would leave root, or pass through a symlinked folder
    (which could point anywhere). Folders on the way are created."""
    parts = safe_parts(relative)
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise CliError(f"{relative}: {folder} is a symbolic link; the CLI does not write through links.")
        folder.mkdir(exist_ok=True)
    target = folder / parts[-1]
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise CliError(f"{relative}: {target} exists and is not a regular file; it was left alone.")
    return target
