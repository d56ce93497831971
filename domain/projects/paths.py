"""A file's place in a folder: its relative path, checked and put in one form, and what it says of the file.

Paths come from every kind of disk, so they are made comparable before anything else: backslashes become
slashes (Windows) and the text is NFC (macOS hands out decomposed names: "Café" typed on a Mac and on Windows is
one path). Then anything that could leave the folder or break a file system is refused rather than repaired:
`..` and `.` segments, empty segments (`a//b`, a trailing slash), absolute paths, drive letters (`C:`), NUL and
every other control character. Subfolders are kept (`Drums/Kick.wav`)."""

from __future__ import annotations

import mimetypes
import re
import unicodedata

from domain.common.errors import ErrorCode
from domain.common.validation import Checks
from domain.projects.entities import FileType

PATH_BYTES_MAX = 1024  # UTF-8 bytes of a relative path (S3's limit for a key; the unique index's too)
SEGMENT_BYTES_MAX = 255  # of one file or folder name, as file systems allow
_DRIVE = re.compile(r"^[A-Za-z]:")

EXTENSIONS: dict[FileType, frozenset[str]] = {
    FileType.AUDIO: frozenset({"mp3", "wav", "flac", "aac", "m4a", "ogg", "wma", "aiff", "aif", "alac", "opus"}),
    FileType.IMAGE: frozenset({"jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "tiff", "tif", "heic"}),
    FileType.DOCUMENT: frozenset({"txt", "doc", "docx", "pdf", "md", "rtf", "odt"}),
    FileType.ARCHIVE: frozenset({"zip", "rar", "7z", "tar", "gz", "bz2", "xz"}),
    FileType.VIDEO: frozenset({"mp4", "avi", "mkv", "mov", "wmv", "flv", "webm"}),
}


def _control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"  # C0, DEL and C1: NUL, newlines, escapes


def path_problem(path: str) -> str | None:
    """Why `path` (already in normal form) is not a relative path a folder takes; None when it is."""
    if not path:
        return "Give the file's path in the folder, e.g. Drums/Kick.wav."
    if any(_control(ch) for ch in path):
        return "A path must not contain NUL or other control characters."
    if path.startswith("/"):
        return "A path must be relative to the folder, not absolute."
    if _DRIVE.match(path):
        return "A path must be relative to the folder, without a drive letter."
    if len(path.encode()) > PATH_BYTES_MAX:
        return f"A path may be at most {PATH_BYTES_MAX} bytes long (UTF-8)."
    for segment in path.split("/"):
        if segment in (".", "..") or not segment.strip():
            return "A path must not contain empty, blank, '.' or '..' parts."
        if len(segment.encode()) > SEGMENT_BYTES_MAX:
            return f"Each file or folder name may be at most {SEGMENT_BYTES_MAX} bytes long (UTF-8)."
    return None


def normal_path(path: str) -> str:
    """The one form a path is kept and compared in: slashes, NFC."""
    return unicodedata.normalize("NFC", path.replace("\\", "/"))


def checked_path(path: str | None, checks: Checks, field: str = "relative_path") -> str:
    """The path in its normal form; a problem is added to `checks` under `field`."""
    normal = normal_path(path or "")
    problem = path_problem(normal)
    if problem is not None:
        checks.add(field, ErrorCode.REQUIRED if not normal else ErrorCode.INVALID, problem)
    return normal


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def file_type(path: str) -> FileType:
    ext = extension(path)
    return next((kind for kind, extensions in EXTENSIONS.items() if ext in extensions), FileType.OTHER)


def content_type_of(path: str) -> str:
    """The media type the path's extension says, else application/octet-stream."""
    return mimetypes.guess_type(path.rsplit("/", 1)[-1], strict=False)[0] or "application/octet-stream"
