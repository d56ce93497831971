"""The export archive's secrets: a key derived from the user's passphrase with scrypt (`cryptography`'s Scrypt, a
memory-hard password KDF), a fresh random salt per export, and Fernet with that key for each value.

The manifest's `secrets` entry names the KDF, its parameters and salt, and holds a check value (a known text
encrypted with the key), so a wrong passphrase is told apart at once. An import accepts only parameters within
the bounds below: an archive cannot make the server spend more than 128 MiB or about a second on one derivation."""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from domain.common.secrets import SecretCipher
from domain.data_transfer.sections import ArchiveError, WrongPassphrase

KDF = "scrypt"
N, R, P = 2**15, 8, 1  # 32 MiB and about a quarter of a second per derivation
N_RANGE = (2**14, 2**17)
R_MAX, P_MAX = 8, 1
SALT_BYTES = 16
CHECK = b"aiproxy archive secrets"
_ENTRY_KEYS = {"kdf", "n", "r", "p", "salt", "check"}


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> Fernet:
    derived = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


class _Converter:
    """ArchiveSecrets: server tokens ↔ archive tokens, the text only in between."""

    def __init__(self, cipher: SecretCipher, archive: Fernet) -> None:
        self._cipher = cipher
        self._archive = archive

    def to_archive(self, stored: str) -> str:
        return self._archive.encrypt(self._cipher.decrypt(stored).encode()).decode()

    def from_archive(self, sealed: str) -> str:
        try:
            text = self._archive.decrypt(sealed.encode()).decode()
        except (InvalidToken, UnicodeDecodeError):
            raise ArchiveError("its secrets do not open with the passphrase (the archive is damaged)") from None
        return self._cipher.encrypt(text)


class ScryptArchiveKeys:
    """ArchiveKeys (domain/data_transfer/passphrase.py) over the server's cipher."""

    def __init__(self, cipher: SecretCipher) -> None:
        self._cipher = cipher

    def for_export(self, passphrase: str) -> tuple[dict[str, Any], _Converter]:
        salt = os.urandom(SALT_BYTES)
        key = _key(passphrase, salt, N, R, P)
        entry = {
            "kdf": KDF,
            "n": N,
            "r": R,
            "p": P,
            "salt": base64.b64encode(salt).decode(),
            "check": key.encrypt(CHECK).decode(),
        }
        return entry, _Converter(self._cipher, key)

    def for_import(self, passphrase: str, entry: Any) -> _Converter:
        n, r, p, salt, check = _read(entry)
        key = _key(passphrase, salt, n, r, p)
        try:
            opened = key.decrypt(check.encode())
        except InvalidToken:
            opened = b""
        if opened != CHECK:
            raise WrongPassphrase("The passphrase does not open this archive's secrets; nothing was imported.")
        return _Converter(self._cipher, key)


def _read(entry: Any) -> tuple[int, int, int, bytes, str]:
    refused = ArchiveError("manifest.json: its secrets entry is not one this server reads.")
    if not isinstance(entry, dict) or set(entry) != _ENTRY_KEYS or entry["kdf"] != KDF:
        raise refused
    n, r, p, salt, check = (entry[name] for name in ("n", "r", "p", "salt", "check"))
    numbers_ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p))
    if not numbers_ok or not (
        N_RANGE[0] <= n <= N_RANGE[1] and n & (n - 1) == 0 and 1 <= r <= R_MAX and 1 <= p <= P_MAX
    ):
        raise refused
    if not isinstance(salt, str) or not isinstance(check, str) or len(salt) > 100 or len(check) > 1000:
        raise refused
    try:
        salt_bytes = base64.b64decode(salt, validate=True)
    except (binascii.Error, ValueError):
        raise refused from None
    if not 16 <= len(salt_bytes) <= 64:
        raise refused
    return n, r, p, salt_bytes, check
