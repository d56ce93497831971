"""Projects in SQL: projects, their folders, files, uploads under way and filed assets; the repositories."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import (
    cast as sql_cast,
)
from sqlalchemy.orm import registry

from domain.common.clock import utcnow
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.projects.entities import (
    AssetKind,
    FileType,
    FolderKind,
    Project,
    ProjectAsset,
    ProjectAssetFilter,
    ProjectAssetOrderField,
    ProjectFile,
    ProjectFileFilter,
    ProjectFileOrderField,
    ProjectFilter,
    ProjectFolder,
    ProjectOrderField,
    ProjectUpload,
    UploadMode,
)
from domain.projects.paths import EXTENSIONS
from infra.db.metadata import enum_type, metadata, owner_column
from infra.db.pagination import paginate_many
from infra.db.repository import ArchivedRepository, OwnedRepository
from infra.db.sketches import tag_needle
from infra.db.types import UTCDateTime

PATH = String(1024)
SHA256 = String(64)


def _project_fk() -> Column[uuid.UUID]:
    return Column("project_id", Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)


def _folder_fk() -> Column[uuid.UUID]:
    return Column("folder_id", Uuid, ForeignKey("project_folders.id", ondelete="CASCADE"), nullable=False)


projects = Table(
    "projects",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    Column("name", String(255), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("description", Text),
    Column("cover_image_id", Uuid, ForeignKey("images.id", ondelete="SET NULL")),
    # 64-bit: a project holds many files of many gigabytes.
    Column("total_files", BigInteger, nullable=False),
    Column("total_size_bytes", BigInteger, nullable=False),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_projects_user_created", "user_id", "created_at", "id"),
    Index("ix_projects_user_updated", "user_id", "updated_at", "id"),
)

project_folders = Table(
    "project_folders",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    _project_fk(),
    Column("name", String(255), nullable=False),
    Column("kind", enum_type(FolderKind, "project_folder_kind")),
    Column("icon", String(50)),
    Column("position", Integer, nullable=False),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("project_id", "name"),
    UniqueConstraint("user_id", "origin_id"),
)

project_files = Table(
    "project_files",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    _project_fk(),
    _folder_fk(),
    Column("relative_path", PATH, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", SHA256, nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("storage_key", String(500), nullable=False),
    Column("origin_id", Uuid),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # One file per path of a folder: uploading the same path again replaces it.
    UniqueConstraint("folder_id", "relative_path"),
    UniqueConstraint("user_id", "origin_id"),
    Index("ix_project_files_project_id", "project_id"),
)

project_uploads = Table(
    "project_uploads",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    _project_fk(),
    _folder_fk(),
    Column("relative_path", PATH, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", SHA256, nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("storage_key", String(500), nullable=False),
    Column("mode", enum_type(UploadMode, "project_upload_mode"), nullable=False),
    Column("part_size", BigInteger, nullable=False),
    Column("multipart_id", String(1024)),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("folder_id", "relative_path"),
    Index("ix_project_uploads_project_id", "project_id"),
)

project_assets = Table(
    "project_assets",
    metadata,
    Column("id", Uuid, primary_key=True),
    owner_column(),
    _project_fk(),
    _folder_fk(),
    Column("kind", enum_type(AssetKind, "project_asset_kind"), nullable=False),
    Column("song_id", Uuid, ForeignKey("songs.id", ondelete="CASCADE")),
    Column("sketch_id", Uuid, ForeignKey("sketches.id", ondelete="CASCADE")),
    Column("image_id", Uuid, ForeignKey("images.id", ondelete="CASCADE")),
    Column("created_at", UTCDateTime(), nullable=False),
    # A song or a sketch is in one folder at most; an image in one folder of each project it is in.
    UniqueConstraint("user_id", "song_id"),
    UniqueConstraint("user_id", "sketch_id"),
    UniqueConstraint("user_id", "project_id", "image_id"),
    Index("ix_project_assets_folder_created", "folder_id", "created_at", "id"),
    Index("ix_project_assets_image_id", "image_id"),
)


def map_entities(mappers: registry) -> None:
    mappers.map_imperatively(Project, projects)
    mappers.map_imperatively(ProjectFolder, project_folders)
    mappers.map_imperatively(ProjectFile, project_files)
    mappers.map_imperatively(ProjectUpload, project_uploads)
    mappers.map_imperatively(ProjectAsset, project_assets)


p, f, a = projects, project_files, project_assets

_PROJECT_ORDER: dict[ProjectOrderField, tuple[Any, str, Callable[[Project], Any]]] = {
    ProjectOrderField.CREATED_AT: (p.c.created_at, "datetime", lambda x: x.created_at),
    ProjectOrderField.UPDATED_AT: (p.c.updated_at, "datetime", lambda x: x.updated_at),
    ProjectOrderField.NAME: (func.lower(p.c.name), "text", lambda x: x.name.lower()),
}

_FILE_ORDER: dict[ProjectFileOrderField, tuple[Any, str, Callable[[ProjectFile], Any]]] = {
    ProjectFileOrderField.PATH: (f.c.relative_path, "text", lambda x: x.relative_path),
    ProjectFileOrderField.UPDATED_AT: (f.c.updated_at, "datetime", lambda x: x.updated_at),
    ProjectFileOrderField.SIZE: (f.c.size_bytes, "int", lambda x: x.size_bytes),
}

_ASSET_ORDER: dict[ProjectAssetOrderField, tuple[Any, str, Callable[[ProjectAsset], Any]]] = {
    ProjectAssetOrderField.ASSIGNED_AT: (a.c.created_at, "datetime", lambda x: x.created_at),
}


class SqlProjectRepository(ArchivedRepository[Project, ProjectFilter, ProjectOrderField]):
    entity = Project
    table = projects
    orders = _PROJECT_ORDER

    def filtered(self, user_id: uuid.UUID, filter: ProjectFilter) -> Select[tuple[Project]]:
        stmt = self.owned(user_id)
        if filter.search and filter.search.strip():
            needle = filter.search.strip()
            stmt = stmt.where(
                or_(p.c.name.icontains(needle, autoescape=True), p.c.description.icontains(needle, autoescape=True))
            )
        tags = [tag for tag in filter.tags if tag.strip()]
        if tags:  # any of them
            text = sql_cast(p.c.tags, String)
            stmt = stmt.where(or_(*(text.icontains(tag_needle(tag), autoescape=True) for tag in tags)))
        return stmt

    async def add_to_stats(self, project_id: uuid.UUID, files: int, size_bytes: int) -> None:
        await self.session.flush()  # the project's own pending changes first: they must not overwrite these
        await self.session.execute(
            update(p)
            .where(p.c.id == project_id)
            .values(
                total_files=p.c.total_files + files,
                total_size_bytes=p.c.total_size_bytes + size_bytes,
                updated_at=utcnow(),
            )
        )


class SqlFolderRepository(ArchivedRepository[ProjectFolder, None, None]):
    entity = ProjectFolder
    table = project_folders
    orders = {}

    async def of_projects(self, user_id: uuid.UUID, project_ids: Sequence[uuid.UUID]) -> list[ProjectFolder]:
        if not project_ids:
            return []
        c = project_folders.c
        stmt = self.owned(user_id).where(c.project_id.in_(project_ids)).order_by(c.project_id, c.position, c.id)
        return list((await self.session.scalars(stmt)).all())


def _types_filter(types: Sequence[FileType]) -> Any:
    """Files whose extension says one of `types` (OTHER: none of the known extensions)."""
    path = func.lower(f.c.relative_path)
    known = [ext for extensions in EXTENSIONS.values() for ext in extensions]

    def ends(extensions: Sequence[str]) -> Any:
        return or_(*(path.like(f"%.{ext}") for ext in extensions))

    wanted = [ends(sorted(EXTENSIONS[t])) for t in types if t is not FileType.OTHER]
    if FileType.OTHER in types:
        wanted.append(~ends(sorted(known)))
    return or_(*wanted)


E = TypeVar("E")
F = TypeVar("F")
K = TypeVar("K")


class InFolders(ArchivedRepository[E, F, K]):
    """Rows listed per folder (files, filed assets): one page of many folders in one statement, and their counts."""

    async def pages(
        self,
        user_id: uuid.UUID,
        folder_ids: list[uuid.UUID],
        filter: F,
        order_by: K,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[E]]:
        key, kind, key_of = self.orders[order_by]
        return await paginate_many(
            self.session,
            self.filtered(user_id, filter),
            entity=self.entity,
            parent=self.table.c.folder_id,
            parents=folder_ids,
            parent_of=lambda row: row.folder_id,  # type: ignore[attr-defined]  # rows in folders have folder_id
            key=key,
            key_kind=kind,
            key_of=key_of,
            id_col=self.table.c.id,
            direction=direction,
            page=page,
        )

    async def counts(self, user_id: uuid.UUID, folder_ids: list[uuid.UUID], filter: F) -> dict[uuid.UUID, int]:
        folder = self.table.c.folder_id
        stmt = (
            self.filtered(user_id, filter)
            .where(folder.in_(folder_ids))
            .with_only_columns(folder, func.count())
            .group_by(folder)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt)}


class SqlProjectFileRepository(InFolders[ProjectFile, ProjectFileFilter, ProjectFileOrderField]):
    entity = ProjectFile
    table = project_files
    orders = _FILE_ORDER

    def filtered(self, user_id: uuid.UUID, filter: ProjectFileFilter) -> Select[tuple[ProjectFile]]:
        stmt = self.owned(user_id)
        if filter.search and filter.search.strip():
            stmt = stmt.where(f.c.relative_path.icontains(filter.search.strip(), autoescape=True))
        if filter.file_types:
            stmt = stmt.where(_types_filter(filter.file_types))
        return stmt

    async def at_path(self, folder_id: uuid.UUID, relative_path: str) -> ProjectFile | None:
        stmt = (
            select(ProjectFile)
            .where(f.c.folder_id == folder_id, f.c.relative_path == relative_path)
            .execution_options(populate_existing=True)
        )
        return cast(ProjectFile | None, await self.session.scalar(stmt))

    async def of_folder(self, user_id: uuid.UUID, folder_id: uuid.UUID) -> list[ProjectFile]:
        stmt = self.owned(user_id).where(f.c.folder_id == folder_id).order_by(f.c.relative_path)
        return list((await self.session.scalars(stmt)).all())

    async def get_many_locked(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectFile]:
        if not ids:
            return []
        stmt = self.owned(user_id).where(f.c.id.in_(ids)).execution_options(populate_existing=True)
        if self.session.bind.dialect.name != "sqlite":  # SQLite: the folders' locks hold its one writer lock
            stmt = stmt.with_for_update()
        return list((await self.session.scalars(stmt)).all())


class SqlProjectUploadRepository(OwnedRepository[ProjectUpload]):
    entity = ProjectUpload
    table = project_uploads

    async def pending_at(self, folder_id: uuid.UUID, relative_path: str) -> ProjectUpload | None:
        c = project_uploads.c
        stmt = (
            select(ProjectUpload)
            .where(c.folder_id == folder_id, c.relative_path == relative_path)
            .execution_options(populate_existing=True)
        )
        return cast(ProjectUpload | None, await self.session.scalar(stmt))

    async def of_project(self, project_id: uuid.UUID) -> list[ProjectUpload]:
        stmt = select(ProjectUpload).where(project_uploads.c.project_id == project_id)
        return list((await self.session.scalars(stmt)).all())

    async def created_before(self, before: datetime, limit: int) -> list[ProjectUpload]:
        # Not indexed by created_at: the table holds only uploads under way, and the sweep runs rarely
        # (domain/jobs/executor.py: SWEEP_SECONDS).
        c = project_uploads.c
        stmt = select(ProjectUpload).where(c.created_at < before).order_by(c.created_at, c.id).limit(limit)
        return list((await self.session.scalars(stmt)).all())


_ASSET_KEY = {
    AssetKind.SONG: ("user_id", "song_id"),
    AssetKind.SKETCH: ("user_id", "sketch_id"),
    AssetKind.IMAGE: ("user_id", "project_id", "image_id"),
}
_ASSET_COLUMN = {AssetKind.SONG: a.c.song_id, AssetKind.SKETCH: a.c.sketch_id, AssetKind.IMAGE: a.c.image_id}


class SqlAssetRepository(InFolders[ProjectAsset, ProjectAssetFilter, ProjectAssetOrderField]):
    entity = ProjectAsset
    table = project_assets
    orders = _ASSET_ORDER

    def filtered(self, user_id: uuid.UUID, filter: ProjectAssetFilter) -> Select[tuple[ProjectAsset]]:
        stmt = self.owned(user_id)
        if filter.kinds:
            stmt = stmt.where(a.c.kind.in_(filter.kinds))
        return stmt

    async def place(self, asset: ProjectAsset) -> ProjectAsset:
        placed = await self.lock_or_create(asset, _ASSET_KEY[asset.kind])
        if placed.id != asset.id and placed.folder_id != asset.folder_id:  # filed elsewhere: it moves here
            placed.project_id, placed.folder_id, placed.created_at = asset.project_id, asset.folder_id, asset.created_at
        return placed

    async def find(
        self, user_id: uuid.UUID, kind: AssetKind, asset_id: uuid.UUID, project_id: uuid.UUID | None = None
    ) -> list[ProjectAsset]:
        stmt = self.owned(user_id).where(_ASSET_COLUMN[kind] == asset_id)
        if project_id is not None:
            stmt = stmt.where(a.c.project_id == project_id)
        return list((await self.session.scalars(stmt)).all())

    async def filed(self, user_id: uuid.UUID, kind: AssetKind, asset_ids: Sequence[uuid.UUID]) -> list[ProjectAsset]:
        if not asset_ids:
            return []
        stmt = self.owned(user_id).where(_ASSET_COLUMN[kind].in_(asset_ids))
        return list((await self.session.scalars(stmt)).all())


class SqlSongPlacements:
    """The songs area's SongPlacements: a new song goes where its sketch is filed, in one INSERT … SELECT."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def place_like_sketch(self, user_id: uuid.UUID, song_id: uuid.UUID, sketch_id: uuid.UUID) -> None:
        await self.session.flush()  # the song's row first: the assignment names it
        source = select(
            literal(uuid.uuid4(), Uuid),
            a.c.user_id,
            a.c.project_id,
            a.c.folder_id,
            literal(AssetKind.SONG.value, String(32)),
            literal(song_id, Uuid),
            literal(utcnow(), UTCDateTime()),
        ).where(a.c.user_id == user_id, a.c.sketch_id == sketch_id)
        columns = ["id", "user_id", "project_id", "folder_id", "kind", "song_id", "created_at"]
        await self.session.execute(insert(a).from_select(columns, source))
