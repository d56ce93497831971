from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.common.pagination import Page, PageRequest, SortDirection
from domain.images.ports import ImagesUnitOfWork
from domain.projects.entities import (
    AssetKind,
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
)
from domain.songs.ports import SongsUnitOfWork


class ProjectRepository(Protocol):
    async def add(self, project: Project) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> Project | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Project]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> Project | None: ...

    async def delete(self, project: Project) -> None: ...

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ProjectFilter,
        order_by: ProjectOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Project]: ...

    async def count(self, user_id: uuid.UUID, filter: ProjectFilter) -> int: ...

    async def add_to_stats(self, project_id: uuid.UUID, files: int, size_bytes: int) -> None:
        """total_files += files, total_size_bytes += size_bytes, in one atomic UPDATE of the row."""
        ...

    async def list_after(self, user_id: uuid.UUID, after: Project | None, limit: int) -> list[Project]:
        """Up to `limit` of the user's projects in creation order, after `after` (the export reads them so)."""
        ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]: ...

    async def ids_for_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]: ...


class FolderRepository(Protocol):
    async def add_all(self, folders: Sequence[ProjectFolder]) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> ProjectFolder | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectFolder]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> ProjectFolder | None:
        """The folder, locked until the transaction ends: every change of its files (and so of its project's
        stats) takes this lock first, so they apply one after the other."""
        ...

    async def of_projects(self, user_id: uuid.UUID, project_ids: Sequence[uuid.UUID]) -> list[ProjectFolder]:
        """Every folder of these projects, each project's in their order."""
        ...

    async def ids_for_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]: ...


class ProjectFileRepository(Protocol):
    async def add(self, file: ProjectFile) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> ProjectFile | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectFile]: ...

    async def get_many_locked(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectFile]:
        """These files fresh from the database, locked until the transaction ends (their folders are locked
        first, always: see FolderRepository.get_locked)."""
        ...

    async def delete(self, file: ProjectFile) -> None: ...

    async def at_path(self, folder_id: uuid.UUID, relative_path: str) -> ProjectFile | None:
        """The folder's file at this path, fresh from the database."""
        ...

    async def of_folder(self, user_id: uuid.UUID, folder_id: uuid.UUID) -> list[ProjectFile]:
        """Every file of the folder (the mirror plan compares them all)."""
        ...

    async def pages(
        self,
        user_id: uuid.UUID,
        folder_ids: list[uuid.UUID],
        filter: ProjectFileFilter,
        order_by: ProjectFileOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[ProjectFile]]:
        """The same page of files for many folders, in one statement."""
        ...

    async def counts(
        self, user_id: uuid.UUID, folder_ids: list[uuid.UUID], filter: ProjectFileFilter
    ) -> dict[uuid.UUID, int]: ...

    async def list_after(self, user_id: uuid.UUID, after: ProjectFile | None, limit: int) -> list[ProjectFile]: ...

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]: ...


class UploadRepository(Protocol):
    async def add(self, upload: ProjectUpload) -> None: ...

    async def get(self, user_id: uuid.UUID, id: uuid.UUID) -> ProjectUpload | None: ...

    async def get_many(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ProjectUpload]: ...

    async def get_locked(self, user_id: uuid.UUID, id: uuid.UUID) -> ProjectUpload | None: ...

    async def delete(self, upload: ProjectUpload) -> None: ...

    async def pending_at(self, folder_id: uuid.UUID, relative_path: str) -> ProjectUpload | None:
        """The upload on its way to this path of the folder, if there is one."""
        ...

    async def of_project(self, project_id: uuid.UUID) -> list[ProjectUpload]: ...

    async def created_before(self, before: datetime, limit: int) -> list[ProjectUpload]:
        """Up to `limit` uploads of any user declared before `before`, oldest first (the sweep's)."""
        ...


class AssetRepository(Protocol):
    async def add_all(self, assets: Sequence[ProjectAsset]) -> None: ...

    async def place(self, asset: ProjectAsset) -> ProjectAsset:
        """File the asset in its folder: the row of this song or sketch (of this image in this project) is
        created, or moved there when it exists; locked, so concurrent moves apply one after the other."""
        ...

    async def delete(self, asset: ProjectAsset) -> None: ...

    async def find(
        self, user_id: uuid.UUID, kind: AssetKind, asset_id: uuid.UUID, project_id: uuid.UUID | None = None
    ) -> list[ProjectAsset]:
        """Where the asset is filed (in `project_id` only, when given)."""
        ...

    async def pages(
        self,
        user_id: uuid.UUID,
        folder_ids: list[uuid.UUID],
        filter: ProjectAssetFilter,
        order_by: ProjectAssetOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> dict[uuid.UUID, Page[ProjectAsset]]: ...

    async def counts(
        self, user_id: uuid.UUID, folder_ids: list[uuid.UUID], filter: ProjectAssetFilter
    ) -> dict[uuid.UUID, int]: ...

    async def list_after(self, user_id: uuid.UUID, after: ProjectAsset | None, limit: int) -> list[ProjectAsset]: ...

    async def filed(self, user_id: uuid.UUID, kind: AssetKind, asset_ids: Sequence[uuid.UUID]) -> list[ProjectAsset]:
        """Where any of these assets of one kind are filed."""
        ...


class ProjectsUnitOfWork(SongsUnitOfWork, ImagesUnitOfWork, Protocol):
    projects: ProjectRepository
    project_folders: FolderRepository
    project_files: ProjectFileRepository
    project_uploads: UploadRepository
    project_assets: AssetRepository
