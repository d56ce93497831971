"""Secrets in the archive: encrypted with a key derived from a passphrase the user gives for the export, and gives
again for the import. The manifest holds the derivation's salt and parameters and a check value, so a wrong
passphrase is told apart before anything is read (`WrongPassphrase`).

The passphrase reaches the job in its payload, encrypted under the server's keys, and is removed from the job's
row as the job starts (a job interrupted after that cannot start over: it asks to be started again)."""

from __future__ import annotations

from typing import Any, Protocol

from domain.common.errors import ErrorCode
from domain.common.validation import Checks
from domain.data_transfer.sections import ArchiveSecrets

PASSPHRASE_MIN = 8  # for an export; an import takes whatever the export took
PASSPHRASE_MAX = 1024


class ArchiveKeys(Protocol):
    """Derives the archive's key from a passphrase (infra/security/archive_keys.py). Both calls are CPU- and
    memory-heavy by design (a password KDF): run them in a thread."""

    def for_export(self, passphrase: str) -> tuple[dict[str, Any], ArchiveSecrets]:
        """A new salt and key for one export: the manifest's `secrets` entry, and the sections' converter."""
        ...

    def for_import(self, passphrase: str, entry: Any) -> ArchiveSecrets:
        """The converter for an archive whose manifest holds `entry`: raises WrongPassphrase, or ArchiveError when
        the entry is not one this server can read."""
        ...


def check_passphrase(passphrase: str | None, checks: Checks, *, exporting: bool) -> None:
    """A passphrase is used exactly as given (no trimming); an export's must be long enough to protect secrets."""
    if passphrase is None:
        return
    if len(passphrase) > PASSPHRASE_MAX:
        checks.add("passphrase", ErrorCode.TOO_LONG, f"The passphrase must be at most {PASSPHRASE_MAX} characters.")
    if exporting and len(passphrase) < PASSPHRASE_MIN:
        checks.add("passphrase", ErrorCode.TOO_SHORT, f"The passphrase must be at least {PASSPHRASE_MIN} characters.")
