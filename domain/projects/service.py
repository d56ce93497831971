"""Projects: create (with the ten default folders), rename, describe, tag, cover, delete; the songs, sketches and
images filed in their folders; and the mirror plan a client syncs a folder by.

The replaced system (original-system.md §1.10, §7) kept files under a prefix made from the project's name, so
two projects with similar names shared (and deleted) each other's files, and renaming moved nothing. Here every
stored object's key is made of ids (`projects/<project id>/<upload id>`): renaming moves nothing and no two
projects can meet. Deleting a project removes its rows at once and its stored objects in a job
(PROJECT_DELETE), which retries until storage has let go of every one. Abandoned uploads are
swept by the area (domain/projects/uploads.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode, not_found
from domain.common.owned import owned_or_not_found
from domain.common.pagination import Page, PageRequest, SortDirection
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_tags, clean_text
from domain.files.ports import FileStorage
from domain.files.service import is_sha256
from domain.jobs.entities import Job, JobKind, JobType
from domain.jobs.executor import JobContext
from domain.jobs.service import JobService
from domain.projects.entities import (
    DEFAULT_FOLDERS,
    AssetKind,
    LocalFile,
    MirrorPlan,
    Project,
    ProjectAsset,
    ProjectDeleteResult,
    ProjectFilter,
    ProjectFolder,
    ProjectOrderField,
)
from domain.projects.paths import checked_path
from domain.projects.ports import ProjectsUnitOfWork

NAME_MAX = 255
DESCRIPTION_MAX = 5000
TAGS_MAX = 1000  # characters of the tags joined with ", "
MIRROR_MAX = 5000  # local files in one mirror plan (a request of at most 1 MiB holds about 7000)

PROJECT_DELETE = JobType(
    JobKind("PROJECT_DELETE"), ProjectDeleteResult, "Remove a deleted project's files from storage."
)


def project_prefix(project_id: uuid.UUID) -> str:
    """Every stored object of the project is under this prefix; nothing of any other project is."""
    return f"projects/{project_id}"


@dataclass(frozen=True)
class ProjectFields:
    """What projectCreate takes."""

    name: str
    tags: list[str] | None = None
    description: str | None = None


@dataclass(frozen=True)
class ProjectChanges:
    """What projectUpdate changes. UNSET: leave as it is; None clears (the name cannot be cleared)."""

    name: str | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    description: str | None | Unset = UNSET
    cover_image_id: uuid.UUID | None | Unset = UNSET


def check_project_values(values: dict[str, Any], checks: Checks) -> dict[str, Any]:
    """The cleaned values of a project's fields (those given); problems go to `checks`."""
    cleaned = dict(values)
    if "name" in values:
        cleaned["name"] = name = clean_text(values["name"])
        if checks.required("name", name, "Name"):
            checks.max_length("name", name, NAME_MAX, "Name")
    if "description" in values:
        cleaned["description"] = description = clean_text(values["description"])
        checks.max_length("description", description, DESCRIPTION_MAX, "Description")
    if "tags" in values:
        cleaned["tags"] = tags = clean_tags(values["tags"])
        checks.max_length("tags", ", ".join(tags), TAGS_MAX, "Tags (joined)")
    return cleaned


def default_folders(user_id: uuid.UUID, project_id: uuid.UUID) -> list[ProjectFolder]:
    now = utcnow()
    return [
        ProjectFolder(
            user_id=user_id, project_id=project_id, name=name, kind=kind, icon=icon, position=n, created_at=now
        )
        for n, (kind, name, icon) in enumerate(DEFAULT_FOLDERS)
    ]


@dataclass
class ProjectService:
    uow: ProjectsUnitOfWork
    jobs: JobService

    async def create(self, user_id: uuid.UUID, fields: ProjectFields) -> Project:
        checks = Checks()
        values = check_project_values(
            {"name": fields.name, "tags": fields.tags, "description": fields.description}, checks
        )
        checks.raise_if_any()
        now = utcnow()
        project = Project(user_id=user_id, created_at=now, updated_at=now, **values)
        await self.uow.projects.add(project)
        await self.uow.project_folders.add_all(default_folders(user_id, project.id))
        return project

    async def update(self, user_id: uuid.UUID, project_id: uuid.UUID, changes: ProjectChanges) -> Project:
        project = await owned_or_not_found(self.uow.projects, user_id, project_id, "Project", "id")
        changed = given(changes)
        checks = Checks()
        values = check_project_values({k: v for k, v in changed.items() if k != "cover_image_id"}, checks)
        checks.raise_if_any()
        if "tags" in values and values["tags"] is None:
            values["tags"] = []
        cover = changed.get("cover_image_id")
        if cover is not None and await self.uow.images.get(user_id, cover) is None:
            raise not_found("Image", "cover_image_id")
        if "cover_image_id" in changed:
            values["cover_image_id"] = cover
        for name, value in values.items():
            setattr(project, name, value)
        if values:
            project.updated_at = utcnow()
        return project

    async def delete(self, user_id: uuid.UUID, project_id: uuid.UUID) -> tuple[Project, Job]:
        """The project and everything in it, at once; its stored objects in a PROJECT_DELETE job (returned)."""
        project = await owned_or_not_found(self.uow.projects, user_id, project_id, "Project", "id")
        uploads = await self.uow.project_uploads.of_project(project.id)
        pending = [[u.storage_key, u.multipart_id] for u in uploads if u.multipart_id]
        job = await self.jobs.create(user_id, PROJECT_DELETE, {"project_id": str(project.id), "uploads": pending})
        await self.uow.projects.delete(project)  # folders, files, uploads and assignments go with it
        return project, job

    async def get(self, user_id: uuid.UUID, project_id: uuid.UUID) -> Project | None:
        return await self.uow.projects.get(user_id, project_id)

    async def page(
        self,
        user_id: uuid.UUID,
        filter: ProjectFilter,
        order_by: ProjectOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Project]:
        return await self.uow.projects.page(user_id, filter, order_by, direction, page)

    async def count(self, user_id: uuid.UUID, filter: ProjectFilter) -> int:
        return await self.uow.projects.count(user_id, filter)

    # -- assets ------------------------------------------------------------------------------

    async def assign(
        self, user_id: uuid.UUID, folder_id: uuid.UUID, kind: AssetKind, asset_id: uuid.UUID
    ) -> tuple[ProjectFolder, ProjectAsset]:
        """File a song, sketch or image in the folder. A song or a sketch moves there from wherever it was; an
        image moves within the folder's project, and may stay in other projects too."""
        folder = await owned_or_not_found(self.uow.project_folders, user_id, folder_id, "Folder", "folder_id")
        repository: Any = {
            AssetKind.SONG: self.uow.songs,
            AssetKind.SKETCH: self.uow.sketches,
            AssetKind.IMAGE: self.uow.images,
        }[kind]
        if await repository.get(user_id, asset_id) is None:
            raise not_found(kind.value.capitalize(), "asset_id")
        asset = ProjectAsset(
            user_id=user_id,
            project_id=folder.project_id,
            folder_id=folder.id,
            kind=kind,
            created_at=utcnow(),
            **{f"{kind.value.lower()}_id": asset_id},
        )
        return folder, await self.uow.project_assets.place(asset)

    async def unassign(
        self, user_id: uuid.UUID, folder_id: uuid.UUID, kind: AssetKind, asset_id: uuid.UUID
    ) -> ProjectFolder:
        folder = await owned_or_not_found(self.uow.project_folders, user_id, folder_id, "Folder", "folder_id")
        filed = await self.uow.project_assets.find(user_id, kind, asset_id, folder.project_id)
        here = [asset for asset in filed if asset.folder_id == folder.id]
        if not here:
            raise DomainError.single(
                ErrorCode.NOT_FOUND, f"The {kind.value.lower()} is not in this folder.", "asset_id"
            )
        for asset in here:
            await self.uow.project_assets.delete(asset)
        return folder

    # -- mirror ------------------------------------------------------------------------------

    async def mirror_plan(
        self, user_id: uuid.UUID, folder_id: uuid.UUID, files: Sequence[LocalFile], prefix: str | None = None
    ) -> MirrorPlan:
        """The folder against the client's copy, path by path (in the same normal form), hash and size compared;
        with a `prefix` (a subfolder), only what is under it on both sides."""
        under = check_prefix(prefix)
        local = check_local_files(files, under)
        folder = await owned_or_not_found(self.uow.project_folders, user_id, folder_id, "Folder", "folder_id")
        remote = {
            file.relative_path: file
            for file in await self.uow.project_files.of_folder(user_id, folder.id)
            if file.relative_path.startswith(under)
        }
        to_upload, to_update, unchanged = [], [], []
        for mine in local:
            theirs = remote.pop(mine.relative_path, None)
            if theirs is None:
                to_upload.append(mine)
            elif theirs.sha256 == mine.sha256 and theirs.size_bytes == mine.size_bytes:
                unchanged.append((mine, theirs))
            else:
                to_update.append((mine, theirs))
        to_delete = sorted(remote.values(), key=lambda file: file.relative_path)
        return MirrorPlan(tuple(to_upload), tuple(to_update), tuple(to_delete), tuple(unchanged))


def check_prefix(prefix: str | None) -> str:
    """A subfolder as a path prefix ending in "/" ("" for the whole folder)."""
    if prefix is None or not prefix.strip("/\\"):
        return ""
    checks = Checks()
    path = checked_path(prefix.rstrip("/\\"), checks, "prefix")
    checks.raise_if_any()
    return path + "/"


def check_local_files(files: Sequence[LocalFile], under: str = "") -> list[LocalFile]:
    """The client's files with their paths in normal form, in path order; every problem at once."""
    checks = Checks()
    if len(files) > MIRROR_MAX:
        checks.add("files", ErrorCode.INVALID, f"At most {MIRROR_MAX} files in one plan; plan subfolders apart.")
        checks.raise_if_any()
    seen: dict[str, int] = {}
    found: list[LocalFile] = []
    for n, file in enumerate(files):
        at = Checks("files", str(n))
        path = checked_path(file.relative_path, at)
        sha256 = (file.sha256 or "").strip().lower()
        if not is_sha256(sha256):
            at.add("sha256", ErrorCode.INVALID, "sha256 must be 64 hexadecimal characters.")
        if file.size_bytes < 0:
            at.add("size_bytes", ErrorCode.INVALID, "Size must not be negative.")
        if not at.errors and not path.startswith(under):
            at.add("relative_path", ErrorCode.INVALID, f"The path is not under the prefix {under}.")
        if not at.errors and path in seen:
            at.add("relative_path", ErrorCode.INVALID, f"The path is listed twice (also at {seen[path]}).")
        seen.setdefault(path, n)
        checks.errors += at.errors
        found.append(LocalFile(relative_path=path, sha256=sha256, size_bytes=file.size_bytes))
    checks.raise_if_any()
    return sorted(found, key=lambda file: file.relative_path)


@dataclass
class ProjectDeleteHandler:
    """Removes a deleted project's stored objects: its unfinished multipart uploads, then everything under its
    prefix. Safe to run again (a retry, or a job recovered after a crash)."""

    storage: FileStorage

    async def __call__(self, ctx: JobContext[Any]) -> ProjectDeleteResult:
        project_id = uuid.UUID(ctx.job.payload["project_id"])
        for key, upload_id in ctx.job.payload.get("uploads", []):
            await self.storage.multipart_abort(key, upload_id)
        await ctx.progress(0.3, "Removing the project's files")
        deleted = await self.storage.delete_prefix(project_prefix(project_id))
        return ProjectDeleteResult(project_id=str(project_id), objects_deleted=deleted)
