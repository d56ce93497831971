"""Which local files the CLI leaves out: the default list (the system being replaced ignored the same), the global
`<config dir>/.aiproxyignore`, and a `.aiproxyignore` in any folder of the tree for that folder and below, all with
gitignore's rules (pathspec's GitIgnoreSpec): a later, deeper file wins, `!pattern` takes a name back in, and a
folder left out is not entered."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pathspec import GitIgnoreSpec

from cli.config import config_dir
from cli.paths import PARTIAL_SUFFIX, server_form

IGNORE_FILE = ".aiproxyignore"
DEFAULT_PATTERNS = (
    # macOS and Windows litter
    ".DS_Store", ".AppleDouble", ".LSOverride", "Icon?", "._*", "Thumbs.db", "desktop.ini",
    # temporary and backup files
    "*.tmp", "*.temp", "*.swp", "*.swo", "*~", "*.bak",
    # version control and editors
    ".git/", ".svn/", ".hg/", ".gitignore", ".gitattributes", ".vscode/", ".idea/", "*.sublime-*",
    "*.code-workspace",
    # build output and caches
    "node_modules/", "dist/", "build/", "*.pyc", "__pycache__/", ".cache/", "*.log", "logs/",
    # secrets
    ".env", ".env.local", "*.secret",
    # our own partial downloads
    f"*{PARTIAL_SUFFIX}",
)  # fmt: skip


@dataclass(frozen=True)
class LocalFile:
    relative: str  # in the server's form: slashes, NFC
    path: Path
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path, relative: str = "") -> LocalFile:
        """The file now at `path`, with the facts the hash cache keys on (FileNotFoundError when it is gone)."""
        info = path.stat()
        return cls(relative, path, info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class Scan:
    files: list[LocalFile]
    ignored: int
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why): names the server cannot keep


MAX_PATH_BYTES, MAX_NAME_BYTES = 1024, 255  # the API's limits on a project file's path


def unkeepable(relative: str) -> str | None:
    """Why the server would refuse this path, checked here so one odd name does not fail a whole plan."""
    if len(relative.encode()) > MAX_PATH_BYTES:
        return f"the path is longer than {MAX_PATH_BYTES} bytes"
    for part in relative.split("/"):
        if len(part.encode()) > MAX_NAME_BYTES:
            return f"{part[:40]}… is longer than {MAX_NAME_BYTES} bytes"
        if "\\" in part or any(ord(c) < 32 or ord(c) == 127 for c in part):
            return "the name holds a backslash or a control character"
    return None


def _read_patterns(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


class IgnoreRules:
    """The rules in force in one folder: each layer is (the folder it was read in, its spec), outermost first."""

    def __init__(self, layers: list[tuple[PurePosixPath, GitIgnoreSpec]]) -> None:
        self.layers = layers

    @classmethod
    def base(cls) -> IgnoreRules:
        lines = [*DEFAULT_PATTERNS, *_read_patterns(config_dir() / IGNORE_FILE)]
        return cls([(PurePosixPath(), GitIgnoreSpec.from_lines(lines))])

    def entering(self, folder: Path, relative: PurePosixPath) -> IgnoreRules:
        lines = _read_patterns(folder / IGNORE_FILE)
        if not lines:
            return self
        return IgnoreRules([*self.layers, (relative, GitIgnoreSpec.from_lines(lines))])

    def ignores(self, relative: PurePosixPath, is_dir: bool) -> bool:
        verdict: bool | None = None
        for base, spec in self.layers:
            inside = relative.relative_to(base).as_posix() if base.parts else relative.as_posix()
            result = spec.check_file(inside + "/" if is_dir else inside)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)


def scan(root: Path) -> Scan:
    """Every file under root that the rules keep, by relative path; folders left out are not entered, and symlinked
    folders are not followed (a link back up would never end). A symlinked file counts as its target."""
    files: list[LocalFile] = []
    refused: list[tuple[str, str]] = []
    ignored = 0
    stack: list[tuple[Path, PurePosixPath, IgnoreRules]] = [
        (root, PurePosixPath(), IgnoreRules.base().entering(root, PurePosixPath()))
    ]
    while stack:
        folder, relative_folder, rules = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            ignored += 1
            continue
        for entry in entries:
            relative = relative_folder / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if rules.ignores(relative, is_dir):
                    ignored += 1
                    continue
                if is_dir:
                    child = Path(entry.path)
                    stack.append((child, relative, rules.entering(child, relative)))
                    continue
                info = entry.stat(follow_symlinks=True)
            except OSError:
                ignored += 1  # vanished, or a dangling link
                continue
            if not stat.S_ISREG(info.st_mode):
                ignored += 1  # a symlinked folder, a socket, a device
                continue
            name = server_form(relative.as_posix())
            why = unkeepable(name)
            if why is not None:
                refused.append((name, why))
                continue
            files.append(LocalFile(name, Path(entry.path), info.st_size, info.st_mtime_ns, info.st_ino))
    files.sort(key=lambda f: f.relative)
    return Scan(files, ignored, refused)
