"""Secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under a list of keys, newest first.

MultiFernet encrypts with the first key and decrypts with any, so a new key is put first, `python -m api.manage
rotate-keys` re-encrypts every stored token under it, and the older keys can then be dropped. The keys come from
`ENCRYPTION_KEYS`; unset, from `DATA_DIR/encryption_keys` (one per line, newest first), which the embedded default
generates on its first start with mode 0600."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from domain.common.secrets import SecretUnreadable
from infra.security.secrets import load_or_create_secret

KEY_FILE = "encryption_keys"


def generate_key() -> str:
    """A new key: 32 random bytes, URL-safe base64."""
    return Fernet.generate_key().decode()


class FernetCipher:
    """SecretCipher over Fernet keys, newest first."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        fernets = [Fernet(key.encode()) for key in keys]
        self._newest = fernets[0]
        self._all = MultiFernet(fernets)
        self.key_count = len(fernets)

    def encrypt(self, plaintext: str) -> str:
        return self._all.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(_UNREADABLE) from None

    def is_current(self, token: str) -> bool:
        try:
            self._newest.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        try:
            return self._all.rotate(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(_UNREADABLE) from None


_UNREADABLE = (
    "a stored secret opens with none of the encryption keys (ENCRYPTION_KEYS, or DATA_DIR/encryption_keys): "
    "was the key it was written under dropped before `rotate-keys` ran?"
)


def read_keys(text: str) -> tuple[str, ...]:
    """Keys one per line (or comma-separated), newest first; blank lines and `#` comments are skipped."""
    keys: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        keys += [key.strip() for key in line.split(",") if key.strip()]
    return tuple(keys)


def load_keys(configured: Sequence[str], data_dir: Path) -> tuple[str, ...]:
    """The configured keys; with none, those in DATA_DIR's key file, created with one new key if missing."""
    if configured:
        return tuple(configured)
    keys = read_keys(load_or_create_secret(data_dir / KEY_FILE, make=generate_key))
    for key in keys:
        _check_key(key, data_dir / KEY_FILE)
    if not keys:
        raise ValueError(f"{data_dir / KEY_FILE} holds no key")
    return keys


def _check_key(key: str, where: Path) -> None:
    try:
        Fernet(key.encode())
    except ValueError:
        raise ValueError(f"{where}: a key is not 32 bytes of URL-safe base64") from None
