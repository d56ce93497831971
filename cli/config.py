"""Where the CLI keeps what outlives a command: the sign-in (the XDG config dir, mode 0600) and the hash cache
(the XDG cache dir). XDG on every platform, as `gh` does, so the path is the same on macOS and Linux."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cli.errors import EXIT_AUTH, CliError


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "aiproxy"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aiproxy"


def private_dir(path: Path) -> Path:
    """The folder, created if needed, readable by its owner only (a folder made looser by hand is tightened)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


@dataclass
class Config:
    api_url: str | None = None
    token: str | None = None
    expires_at: str | None = None  # ISO 8601, as the API answers it
    email: str | None = None
    ca_bundle: str | None = None

    @staticmethod
    def path() -> Path:
        return config_dir() / "config.json"

    @classmethod
    def load(cls) -> Config:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise CliError(f"Cannot read {cls.path()}: {exc}. Remove it and run `aiproxy login`.") from exc
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__ and (v is None or isinstance(v, str))}
        return cls(**known)

    def save(self) -> None:
        """Written whole to a new file of mode 0600, then renamed over the old one: never half a file, never
        readable by others, not even for a moment."""
        folder = private_dir(config_dir())
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".config-", suffix=".json")  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({k: v for k, v in asdict(self).items() if v is not None}, out, indent=2)
                out.write("\n")
            Path(temporary).replace(self.path())
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def expiry(self) -> datetime | None:
        if not self.expires_at:
            return None
        try:
            moment = datetime.fromisoformat(self.expires_at.replace("Z", "+00:00"))
        except ValueError:
            return None  # unreadable: the server decides (and answers UNAUTHENTICATED if it has expired)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def require_token(self) -> str:
        """The token, or a clear refusal: not signed in, or signed in until a moment that has passed."""
        token = os.environ.get("AIPROXY_TOKEN") or self.token
        if not token:
            raise CliError("You are not signed in. Run `aiproxy login` first.", EXIT_AUTH)
        expiry = self.expiry()
        if token == self.token and expiry is not None and expiry <= datetime.now(UTC):
            raise CliError(
                f"Your session expired at {expiry:%Y-%m-%d %H:%M} UTC. Run `aiproxy login` again.", EXIT_AUTH
            )
        return token
