"""Secrets for the embedded default: generated on first start, kept under DATA_DIR with mode 0600."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def load_or_create_secret(path: Path, nbytes: int = 48, make: Callable[[], str] | None = None) -> str:
    """The secret kept at `path`; if there is none, a new one (`make()`, or `nbytes` random bytes as URL-safe
    text) written there first, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = make() if make is not None else secrets.token_urlsafe(nbytes)
    # O_EXCL: when two processes start at once, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
