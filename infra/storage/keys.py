"""Object-key validation and the few small helpers both storage adapters share."""

from __future__ import annotations

import re
from urllib.parse import quote

from domain.files.ports import InvalidKey

# S3's own limit; the local adapter uses it too so both accept exactly the same keys.
MAX_KEY_BYTES = 1024
# Presigned S3 URLs cannot outlive a week; the local adapter keeps the same bound.
MAX_EXPIRES_IN = 7 * 24 * 3600

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def validate_key(key: str) -> str:
    """Return key unchanged if it is a safe relative POSIX path, else raise InvalidKey."""
    if not key:
        raise InvalidKey("empty key")
    if len(key.encode("utf-8", errors="surrogatepass")) > MAX_KEY_BYTES:
        raise InvalidKey("key too long")
    if "\\" in key:
        raise InvalidKey("backslash in key")
    # NUL and other control characters break filesystems, headers and logs alike.
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in key):
        raise InvalidKey("control character in key")
    if key.startswith("/"):
        raise InvalidKey("absolute key")
    for segment in key.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidKey(f"invalid key segment {segment!r}")
    return key


def validate_expires_in(expires_in: int) -> int:
    if not 1 <= expires_in <= MAX_EXPIRES_IN:
        raise ValueError(f"expires_in must be between 1 and {MAX_EXPIRES_IN} seconds")
    return expires_in


def validate_upload_declaration(size_bytes: int, sha256: str, content_type: str) -> str:
    """Check what a signed upload declares; return the normalised (lower-case) sha256."""
    if size_bytes < 0:
        raise ValueError("size_bytes must not be negative")
    digest = sha256.strip().lower()
    if not _SHA256_HEX.fullmatch(digest):
        raise ValueError("sha256 must be 64 hex characters")
    if not content_type or any(ord(ch) < 0x20 or ord(ch) > 0x7E for ch in content_type):
        raise ValueError("content_type must be non-empty printable ASCII")
    return digest


def content_disposition(filename: str) -> str:
    """An `attachment` header value that is safe for any filename (quotes, control chars, non-ASCII)."""
    cleaned = "".join(ch for ch in filename if ord(ch) >= 0x20 and ord(ch) != 0x7F).replace("/", "_")
    # The plain filename= is ASCII-only with no quote or backslash; filename* carries the real name.
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else "_" for ch in cleaned) or "download"
    value = f'attachment; filename="{fallback}"'
    if cleaned and fallback != cleaned:
        value += f"; filename*=UTF-8''{quote(cleaned, safe='')}"
    return value
