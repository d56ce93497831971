"""Projects in the export archive, in three sections restored in this order:

- `projects.json`: one item per project with its folders inside (a project has a few);
- `project_files.json`: one item per file (a project may hold thousands), its bytes beside it as
  `files/project_files/<file id>`, streamed in and out, never held whole;
- `project_assets.json`: which songs, sketches and images are filed in which folder (those sections are restored
  before this one: their areas are registered first).

Imported projects, folders and files keep their archive ids as `origin_id`: importing the same archive again
creates nothing twice. A project's `totalFiles` and `totalSizeBytes` are not in the archive: they are kept by the
files as they are restored, so they stay exact. A file whose bytes the archive lacks is left out (a file without
bytes would be a broken promise)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.common.validation import Checks
from domain.data_transfer import items
from domain.data_transfer.sections import ArchiveError, ArchiveFiles, Item, Restored
from domain.files.service import is_sha256
from domain.projects.entities import AssetKind, FolderKind, Project, ProjectAsset, ProjectFile, ProjectFolder
from domain.projects.files import storage_key
from domain.projects.paths import path_problem
from domain.projects.ports import ProjectsUnitOfWork
from domain.projects.service import check_project_values

PAGE = 200  # projects (with their folders), files or assets read per query while exporting
FOLDERS_MAX = 100
SIZE_MAX = 5 * 1024**4  # S3's largest object
_PROJECT_KEYS = {"id", "name", "tags", "description", "cover_image_id", "folders", "created_at", "updated_at"}
_FOLDER_KEYS = {"id", "name", "kind", "icon", "position", "created_at"}
_FILE_KEYS = {
    "id",
    "project_id",
    "folder_id",
    "relative_path",
    "size_bytes",
    "sha256",
    "content_type",
    "files",
    "created_at",
    "updated_at",
}
_ASSET_KEYS = {"project_id", "folder_id", "kind", "asset_id", "created_at"}


def _uuid(item: dict[str, Any], name: str, where: str) -> uuid.UUID:
    value: uuid.UUID = items.parsed(uuid.UUID, item, name, where, "a UUID")
    return value


def _folder_item(folder: ProjectFolder) -> Item:
    return {
        "id": str(folder.id),
        "name": folder.name,
        "kind": folder.kind.value if folder.kind else None,
        "icon": folder.icon,
        "position": folder.position,
        "created_at": items.iso(folder.created_at),
    }


def project_item(project: Project, folders: Sequence[ProjectFolder]) -> Item:
    return {
        "id": str(project.id),
        "name": project.name,
        "tags": list(project.tags),
        "description": project.description,
        "cover_image_id": str(project.cover_image_id) if project.cover_image_id else None,
        "folders": [_folder_item(folder) for folder in folders],
        "created_at": items.iso(project.created_at),
        "updated_at": items.iso(project.updated_at),
    }


class ProjectsArchive:
    name = "projects"
    label = "projects"
    version = 1
    item_max = 10_000

    async def export(self, uow: ProjectsUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: Project | None = None
        while page := await uow.projects.list_after(user_id, after, PAGE):
            folders = await uow.project_folders.of_projects(user_id, [project.id for project in page])
            by_project: dict[uuid.UUID, list[ProjectFolder]] = {}
            for folder in folders:
                by_project.setdefault(folder.project_id, []).append(folder)
            yield [project_item(project, by_project.get(project.id, [])) for project in page]
            after = page[-1]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """Keyword arguments for `Project` (but `user_id`, the cover's archive id and the folders' values)."""
        where = f"Project {n}"
        item = items.json_object(item, _PROJECT_KEYS, where)
        given: dict[str, Any] = {
            "name": items.text(item, "name", where),
            "tags": items.text_list(item, "tags", where),
            "description": items.text(item, "description", where),
        }
        checks = Checks()
        values = check_project_values(given, checks)
        if checks.errors:
            raise ArchiveError(f"{where}: {checks.errors[0].message}")
        values["cover_origin"] = items.optional(uuid.UUID, item, "cover_image_id", where, "a UUID")
        raw = item.get("folders")
        if not isinstance(raw, list) or len(raw) > FOLDERS_MAX:
            raise ArchiveError(f"{where}: folders must be a list of at most {FOLDERS_MAX}.")
        folders = [self._folder(folder, f"{where}, folder {k + 1}") for k, folder in enumerate(raw)]
        if len({folder["name"] for folder in folders}) != len(folders):
            raise ArchiveError(f"{where}: two folders have the same name.")
        values["folders"] = folders
        return values | items.origin_and_times(item, where)

    @staticmethod
    def _folder(item: Any, where: str) -> dict[str, Any]:
        item = items.json_object(item, _FOLDER_KEYS, where)
        name = items.bounded_text(item, "name", where, 255)
        if not name or not name.strip():
            raise ArchiveError(f"{where}: a folder needs its name.")
        position = items.whole_number(item, "position", where)
        if position is None or not 0 <= position < 1000:
            raise ArchiveError(f"{where}: position must be a whole number from 0 to 999.")
        return {
            "name": name,
            "kind": items.member_of(FolderKind, item, "kind", where) if item.get("kind") is not None else None,
            "icon": items.bounded_text(item, "icon", where, 50),
            "position": position,
            "origin_id": _uuid(item, "id", where),
            "created_at": items.parsed(items.instant, item, "created_at", where, items.INSTANT),
        }

    def restorer(self, uow: ProjectsUnitOfWork, user_id: uuid.UUID) -> ProjectsRestorer:
        return ProjectsRestorer(uow, user_id)


@dataclass
class ProjectsRestorer:
    uow: ProjectsUnitOfWork
    user_id: uuid.UUID
    have: set[uuid.UUID] = field(default_factory=set)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        self.have |= await self.uow.projects.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        covers = {v["cover_origin"] for v in batch if v["cover_origin"] is not None}
        images = await self.uow.images.ids_for_origins(self.user_id, list(covers)) if covers else {}
        created = 0
        for values in batch:
            if values["origin_id"] in self.have:
                continue
            self.have.add(values["origin_id"])
            project_values = {k: v for k, v in values.items() if k not in ("folders", "cover_origin")}
            project = Project(user_id=self.user_id, cover_image_id=images.get(values["cover_origin"]), **project_values)
            await self.uow.projects.add(project)
            folders = [ProjectFolder(user_id=self.user_id, project_id=project.id, **f) for f in values["folders"]]
            await self.uow.project_folders.add_all(folders)
            created += 1
        return Restored(created=created, skipped=len(batch) - created)


def file_item(file: ProjectFile) -> Item:
    return {
        "id": str(file.id),
        "project_id": str(file.project_id),
        "folder_id": str(file.folder_id),
        "relative_path": file.relative_path,
        "size_bytes": file.size_bytes,
        "sha256": file.sha256,
        "content_type": file.content_type,
        "files": {"data": file.storage_key},
        "created_at": items.iso(file.created_at),
        "updated_at": items.iso(file.updated_at),
    }


class ProjectFilesArchive:
    name = "project_files"
    label = "project files"
    version = 1
    item_max = 100_000

    async def export(self, uow: ProjectsUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: ProjectFile | None = None
        while page := await uow.project_files.list_after(user_id, after, PAGE):
            yield [file_item(file) for file in page]
            after = page[-1]

    def files(self, item: Item) -> Sequence[tuple[str, str]]:
        return [(item["id"], item["files"]["data"])]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        where = f"Project file {n}"
        item = items.json_object(item, _FILE_KEYS, where)
        path = items.bounded_text(item, "relative_path", where, 1024) or ""
        problem = path_problem(path)
        if problem is not None:
            raise ArchiveError(f"{where}: relative_path: {problem}")
        size = items.whole_number(item, "size_bytes", where)
        if size is None or not 0 <= size <= SIZE_MAX:
            raise ArchiveError(f"{where}: size_bytes must be a whole number of bytes.")
        sha256 = items.text(item, "sha256", where) or ""
        if not is_sha256(sha256):
            raise ArchiveError(f"{where}: sha256 must be 64 lower-case hexadecimal characters.")
        content_type = items.bounded_text(item, "content_type", where, 255)
        if not content_type:
            raise ArchiveError(f"{where}: a file needs its content_type.")
        items.stored_files(item, ("data",), where)
        return {
            "project_origin": _uuid(item, "project_id", where),
            "folder_origin": _uuid(item, "folder_id", where),
            "relative_path": path,
            "size_bytes": size,
            "sha256": sha256,
            "content_type": content_type,
        } | items.origin_and_times(item, where)

    def restorer(
        self, uow: ProjectsUnitOfWork, user_id: uuid.UUID, files: ArchiveFiles | None = None
    ) -> ProjectFilesRestorer:
        return ProjectFilesRestorer(uow, user_id, files)


@dataclass
class ProjectFilesRestorer:
    uow: ProjectsUnitOfWork
    user_id: uuid.UUID
    files: ArchiveFiles | None  # None: no file can come back (its bytes are not there)
    have: set[uuid.UUID] = field(default_factory=set)
    projects: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    folders: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        self.have |= await self.uow.project_files.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        await _map(self.uow, self.user_id, batch, self.projects, self.folders)
        created = 0
        for values in batch:
            project_id = self.projects.get(values["project_origin"])
            folder_id = self.folders.get(values["folder_origin"])
            if values["origin_id"] in self.have or project_id is None or folder_id is None or self.files is None:
                continue
            self.have.add(values["origin_id"])
            if await self.uow.project_files.at_path(folder_id, values["relative_path"]) is not None:
                continue
            file = ProjectFile(
                user_id=self.user_id,
                project_id=project_id,
                folder_id=folder_id,
                storage_key="",
                **{k: v for k, v in values.items() if k not in ("project_origin", "folder_origin")},
            )
            file.storage_key = storage_key(project_id, uuid.uuid4())
            if not await self.files.store(str(values["origin_id"]), file.storage_key, file.content_type):
                continue
            await self.uow.project_files.add(file)
            await self.uow.projects.add_to_stats(project_id, 1, file.size_bytes)
            created += 1
        return Restored(created=created, skipped=len(batch) - created)


async def _map(
    uow: ProjectsUnitOfWork,
    user_id: uuid.UUID,
    batch: Sequence[dict[str, Any]],
    projects: dict[uuid.UUID, uuid.UUID],
    folders: dict[uuid.UUID, uuid.UUID],
) -> None:
    """The archive's project and folder ids of this batch → the account's (restored, or its own)."""
    wanted = {v["project_origin"] for v in batch} - set(projects)
    if wanted:
        projects |= await uow.projects.ids_for_origins(user_id, list(wanted))
    wanted = {v["folder_origin"] for v in batch} - set(folders)
    if wanted:
        folders |= await uow.project_folders.ids_for_origins(user_id, list(wanted))


def asset_item(asset: ProjectAsset) -> Item:
    return {
        "project_id": str(asset.project_id),
        "folder_id": str(asset.folder_id),
        "kind": asset.kind.value,
        "asset_id": str(asset.asset_id),
        "created_at": items.iso(asset.created_at),
    }


class ProjectAssetsArchive:
    name = "project_assets"
    label = "filed songs, sketches and images"
    version = 1
    item_max = 200_000

    async def export(self, uow: ProjectsUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: ProjectAsset | None = None
        while page := await uow.project_assets.list_after(user_id, after, PAGE):
            yield [asset_item(asset) for asset in page]
            after = page[-1]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        where = f"Filed asset {n}"
        item = items.json_object(item, _ASSET_KEYS, where)
        return {
            "project_origin": _uuid(item, "project_id", where),
            "folder_origin": _uuid(item, "folder_id", where),
            "kind": items.member_of(AssetKind, item, "kind", where),
            "asset_origin": _uuid(item, "asset_id", where),
            "created_at": items.parsed(items.instant, item, "created_at", where, items.INSTANT),
        }

    def restorer(self, uow: ProjectsUnitOfWork, user_id: uuid.UUID) -> ProjectAssetsRestorer:
        return ProjectAssetsRestorer(uow, user_id)


@dataclass
class ProjectAssetsRestorer:
    uow: ProjectsUnitOfWork
    user_id: uuid.UUID
    projects: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    folders: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        """Nothing to look up before writing: filing is idempotent by itself."""

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        await _map(self.uow, self.user_id, batch, self.projects, self.folders)
        assets: dict[AssetKind, dict[uuid.UUID, uuid.UUID]] = {}
        repositories: dict[AssetKind, Any] = {
            AssetKind.SONG: self.uow.songs,
            AssetKind.SKETCH: self.uow.sketches,
            AssetKind.IMAGE: self.uow.images,
        }
        for kind, repository in repositories.items():
            wanted = [v["asset_origin"] for v in batch if v["kind"] is kind]
            assets[kind] = await repository.ids_for_origins(self.user_id, wanted) if wanted else {}
        created = 0
        for values in batch:
            kind = values["kind"]
            project_id = self.projects.get(values["project_origin"])
            folder_id = self.folders.get(values["folder_origin"])
            asset_id = assets[kind].get(values["asset_origin"])
            if project_id is None or folder_id is None or asset_id is None:
                continue
            asset = ProjectAsset(
                user_id=self.user_id,
                project_id=project_id,
                folder_id=folder_id,
                kind=kind,
                created_at=values["created_at"],
                **{f"{kind.value.lower()}_id": asset_id},
            )
            filed = await self.uow.project_assets.filed(self.user_id, kind, [asset_id])
            if any(f.project_id == project_id for f in filed) or (kind is not AssetKind.IMAGE and filed):
                continue  # filed already (imported before, or the account filed it itself)
            await self.uow.project_assets.place(asset)
            created += 1
        return Restored(created=created, skipped=len(batch) - created)
