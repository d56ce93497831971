"""Song projects: a project's folders (the ten of the producer's disk), the files in them, the uploads on their way
into storage, and the songs, sketches and images assigned to its folders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class FolderKind(StrEnum):
    """The folders every project starts with (original-system.md §7), in their order."""

    ARRANGEMENT = "ARRANGEMENT"
    AI = "AI"
    PICTURES = "PICTURES"
    VOCAL = "VOCAL"
    STEMS = "STEMS"
    MIX = "MIX"
    MASTER = "MASTER"
    PROMOTION = "PROMOTION"
    RELEASE = "RELEASE"
    ARCHIVE = "ARCHIVE"


# Each default folder's name on disk and its icon (Font Awesome's name, as the replaced system kept it).
DEFAULT_FOLDERS: tuple[tuple[FolderKind, str, str], ...] = (
    (FolderKind.ARRANGEMENT, "01 Arrangement", "fa-music"),
    (FolderKind.AI, "02 AI", "fa-robot"),
    (FolderKind.PICTURES, "03 Pictures", "fa-image"),
    (FolderKind.VOCAL, "04 Vocal", "fa-microphone"),
    (FolderKind.STEMS, "05 Stems", "fa-layer-group"),
    (FolderKind.MIX, "06 Mix", "fa-sliders-h"),
    (FolderKind.MASTER, "07 Master", "fa-certificate"),
    (FolderKind.PROMOTION, "08 Promotion", "fa-bullhorn"),
    (FolderKind.RELEASE, "09 Release", "fa-compact-disc"),
    (FolderKind.ARCHIVE, "10 Archive", "fa-archive"),
)


class FileType(StrEnum):
    """What a file is, by its extension."""

    AUDIO = "AUDIO"
    IMAGE = "IMAGE"
    DOCUMENT = "DOCUMENT"
    ARCHIVE = "ARCHIVE"
    VIDEO = "VIDEO"
    OTHER = "OTHER"


class UploadMode(StrEnum):
    SINGLE = "SINGLE"  # one PUT of the whole file
    MULTIPART = "MULTIPART"  # parts PUT one by one (in any order, several at once), resumable


class AssetKind(StrEnum):
    SONG = "SONG"
    SKETCH = "SKETCH"
    IMAGE = "IMAGE"


class ProjectOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    NAME = "NAME"


class ProjectFileOrderField(StrEnum):
    PATH = "PATH"
    UPDATED_AT = "UPDATED_AT"
    SIZE = "SIZE"


class ProjectAssetOrderField(StrEnum):
    ASSIGNED_AT = "ASSIGNED_AT"


@dataclass(eq=False)
class Project:
    user_id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    cover_image_id: uuid.UUID | None = None
    # Kept by every file change in its own transaction (an atomic UPDATE), never counted afresh.
    total_files: int = 0
    total_size_bytes: int = 0
    origin_id: uuid.UUID | None = None


@dataclass(eq=False)
class ProjectFolder:
    user_id: uuid.UUID
    project_id: uuid.UUID
    name: str
    position: int
    created_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    kind: FolderKind | None = None
    icon: str | None = None
    origin_id: uuid.UUID | None = None


@dataclass(eq=False)
class ProjectFile:
    """A file in a folder: one per (folder, relative path); its bytes are the object at `storage_key`, a key made
    of ids alone (renaming or moving the file moves nothing in storage)."""

    user_id: uuid.UUID
    project_id: uuid.UUID
    folder_id: uuid.UUID
    relative_path: str
    size_bytes: int
    sha256: str
    content_type: str
    storage_key: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    origin_id: uuid.UUID | None = None

    @property
    def filename(self) -> str:
        return self.relative_path.rsplit("/", 1)[-1]


@dataclass(eq=False)
class ProjectUpload:
    """A file on its way into a folder: the client sends its bytes straight to storage (one PUT, or parts), then
    completes it; completing checks size and SHA-256 and puts it at its path (replacing what was there)."""

    user_id: uuid.UUID
    project_id: uuid.UUID
    folder_id: uuid.UUID
    relative_path: str
    size_bytes: int
    sha256: str
    content_type: str
    storage_key: str
    mode: UploadMode
    part_size: int
    created_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    multipart_id: str | None = None  # the storage's id of the multipart upload

    @property
    def part_count(self) -> int:
        return 1 if self.mode is UploadMode.SINGLE else max(1, -(-self.size_bytes // self.part_size))

    def part_bytes(self, number: int) -> int:
        """The size of part `number` (from 1)."""
        if self.mode is UploadMode.SINGLE:
            return self.size_bytes
        return min(self.part_size, self.size_bytes - (number - 1) * self.part_size)


@dataclass(eq=False)
class ProjectAsset:
    """A song, sketch or image filed in a project's folder. A song or a sketch is in one folder at most; an image
    may be in several projects, in one folder of each."""

    user_id: uuid.UUID
    project_id: uuid.UUID
    folder_id: uuid.UUID
    kind: AssetKind
    created_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    song_id: uuid.UUID | None = None
    sketch_id: uuid.UUID | None = None
    image_id: uuid.UUID | None = None

    @property
    def asset_id(self) -> uuid.UUID:
        found = self.song_id or self.sketch_id or self.image_id
        assert found is not None
        return found


@dataclass(frozen=True)
class ProjectFilter:
    search: str | None = None  # in the name or the description
    tags: tuple[str, ...] = ()  # any of them (as the replaced system matched)


@dataclass(frozen=True)
class ProjectFileFilter:
    search: str | None = None  # in the relative path
    file_types: tuple[FileType, ...] = ()


@dataclass(frozen=True)
class ProjectAssetFilter:
    kinds: tuple[AssetKind, ...] = ()


@dataclass(frozen=True)
class UploadRequest:
    """A file a client is about to send into a folder: where, its exact size and SHA-256 (hex)."""

    folder_id: uuid.UUID
    relative_path: str
    size_bytes: int
    sha256: str
    content_type: str | None = None


@dataclass(frozen=True)
class LocalFile:
    """A file as a client has it on disk (the mirror plan compares these with the folder)."""

    relative_path: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class MirrorPlan:
    """What makes a folder the same as the client's copy: new paths to upload, changed ones to upload again,
    files only the folder has to delete, and paths that are the same (hash and size) on both sides."""

    to_upload: tuple[LocalFile, ...]
    to_update: tuple[tuple[LocalFile, ProjectFile], ...]
    to_delete: tuple[ProjectFile, ...]
    unchanged: tuple[tuple[LocalFile, ProjectFile], ...]


@dataclass(frozen=True)
class ProjectDeleteResult:
    """What a PROJECT_DELETE job returns: the stored objects it removed."""

    project_id: str
    objects_deleted: int
