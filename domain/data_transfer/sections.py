"""The port every area implements to be part of the export archive: an `ArchiveSection`.

The archive (archive.py) is a ZIP of a manifest and one document per section, `<name>.json`: a JSON list of
items. data_transfer knows no area: an area writes `domain/<area>/archive.py` (a class meeting this Protocol)
and registers an instance in its `Area(archive_sections=...)`; the export writes every registered section,
the import restores the sections an archive holds, in the order the areas are registered (an area may
rely on those registered before it).

What a section promises:

- `export` reads the user's rows a batch at a time (keyset pages, not everything at once) and turns them
  into JSON-safe items;
- `check` takes one item exactly as parsed from an upload (any JSON at all) and returns the values
  `restore` takes, applying the area's own rules (those its service applies to API input); it refuses
  with an `ArchiveError` naming the item, "Sketch 3: Title must be at most 500 characters." (items.py has
  the helpers). Every item of an archive is checked before anything is written;
- `restorer` starts one import of the section for one account: its `prepare` sees every batch while the
  archive is checked, before anything is written, and looks up what the account already has (against the
  tables as they are: a lookup among rows the import itself has just written is far slower, PostgreSQL's
  statistics not knowing them); its `restore` then writes each batch and is idempotent: what the account
  already has (an origin id it imported before, a template as it is) is skipped, never created twice.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

# One item as the archive holds it: JSON-safe (str, int, float, bool, None, lists and dicts of them).
Item = dict[str, Any]

U_contra = TypeVar("U_contra", contravariant=True)  # the unit of work the section reads and writes
V = TypeVar("V")  # one item's checked values, as `restore` takes them
V_contra = TypeVar("V_contra", contravariant=True)


class ArchiveError(ValueError):
    """The file is not an aiproxy export this version can read; the message says why, for the user."""


class WrongPassphrase(ArchiveError):
    """The passphrase given for an import does not open the archive's secrets."""


@dataclass(frozen=True)
class Restored:
    """What restoring a batch did: `created` items written (new, or for a section restored in place, changed);
    `skipped` items the account already had as they are; of those created, `secrets_left_out` without the secrets
    they had (the archive was exported without a passphrase, or none was given for the import)."""

    created: int = 0
    skipped: int = 0
    secrets_left_out: int = 0


class SectionRestorer(Protocol[V_contra]):
    """One import of a section into one account (made by `ArchiveSection.restorer`); it may keep what it
    looked up from `prepare` to `restore`."""

    async def prepare(self, batch: Sequence[V_contra]) -> None:
        """Called with every batch while the archive is checked, before anything is written: read what the
        account already has of these items. Nothing to do for a section restored in place."""
        ...

    async def restore(self, batch: Sequence[V_contra]) -> Restored:
        """Writes the batch into the account, skipping what it already has."""
        ...


class ArchiveSection(Protocol[U_contra, V]):
    """One area's part of the export archive (see the module's docstring)."""

    @property
    def name(self) -> str:
        """Lowercase letters, digits and _; the document is `<name>.json`. Unique among the areas, and never
        renamed: archives already written use it."""
        ...

    @property
    def label(self) -> str:
        """What its items are called in messages and progress: "sketches", "prompt templates"."""
        ...

    @property
    def version(self) -> int:
        """The format of its items, from 1. Raise it when an item's fields change; `check` gets the version an
        archive was written in and reads older ones. An archive in a newer version is refused."""
        ...

    @property
    def item_max(self) -> int:
        """The most items one archive may hold (bounds the import's work; the document's size follows)."""
        ...

    def export(self, uow: U_contra, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        """The user's rows as JSON-safe items, a batch at a time."""
        ...

    def check(self, item: Any, n: int, version: int) -> V:
        """The `n`th item (from 1), parsed JSON of any shape written in format `version`, checked with the area's
        own rules; raises ArchiveError naming the item. Pure: no I/O (it runs in a thread)."""
        ...

    def restorer(self, uow: U_contra, user_id: uuid.UUID) -> SectionRestorer[V]:
        """A new import of this section into the user's account, within the job's unit of work."""
        ...


class ArchiveFiles(Protocol):
    """The files an import's archive holds for one section, copied into storage as its restorer asks."""

    async def store(self, name: str, key: str, content_type: str) -> bool:
        """Streams the section's file `name` into storage at `key`; False when the archive does not hold it."""
        ...


@runtime_checkable
class CarriesFiles(Protocol):
    """A section whose items name stored objects (songs' audio). The export streams each into the archive beside
    the section's document; an import makes its restorer with the archive's files."""

    def files(self, item: Item) -> Sequence[tuple[str, str]]:
        """(name in the archive, storage key) of each stored object an exported item names. A name is letters,
        digits, `.`, `_` and `-`, with at most one `/`."""
        ...

    def restorer(self, uow: Any, user_id: uuid.UUID, files: ArchiveFiles | None = None) -> SectionRestorer[Any]:
        """As ArchiveSection.restorer; `files` are the archive's files of this section (None: restore without)."""
        ...


class ArchiveSecrets(Protocol):
    """An archive's secrets, encrypted with a key derived from the user's passphrase (the salt and the parameters
    in the manifest). A section converts its stored tokens without ever seeing the text."""

    def to_archive(self, stored: str) -> str:
        """A token under the server's keys → the same value encrypted with the passphrase."""
        ...

    def from_archive(self, sealed: str) -> str:
        """The reverse; raises ArchiveError when the passphrase does not open it (a damaged item)."""
        ...


@runtime_checkable
class CarriesSecrets(Protocol):
    """A section whose rows hold values encrypted under the server's keys (equipment's passwords). They go into the
    archive only when the user gives a passphrase (`secrets`), encrypted with it; otherwise the items say which
    secrets were left out, and the import reports them (`Restored.secrets_left_out`)."""

    def export(
        self, uow: Any, user_id: uuid.UUID, secrets: ArchiveSecrets | None = None
    ) -> AsyncIterator[Sequence[Item]]:
        """As ArchiveSection.export; `secrets` None: without the secrets."""
        ...

    def secrets_left_out(self, item: Item) -> bool:
        """Whether an exported item had secrets the archive does not hold."""
        ...

    def restorer(self, uow: Any, user_id: uuid.UUID, secrets: ArchiveSecrets | None = None) -> SectionRestorer[Any]:
        """As ArchiveSection.restorer; `secrets` None: the archive's secrets are left out (counted)."""
        ...


_NAME = re.compile(r"[a-z][a-z0-9_]{0,49}")


def is_section_name(name: str) -> bool:
    """Lowercase letters, digits and _, at most 50, starting with a letter; never the manifest's name."""
    return bool(_NAME.fullmatch(name)) and name != "manifest"


def document_of(name: str) -> str:
    return f"{name}.json"
