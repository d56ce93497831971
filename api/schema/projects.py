"""Projects over GraphQL: projects, their folders, files, uploads under way and filed assets; the inputs and
payloads of their mutations; the batch functions of their nested fields."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Context, Info
from api.ids import encode_id
from api.limits import MaxItems
from api.loaders import NestedKey, Window, nested_counts, nested_pages, owned_by_id
from api.schema.common import BigInt, BulkDeleteResult, Connection, Node, UserError, argument_error, connection
from api.schema.common import page_request as make_page_request
from api.schema.files import HttpHeader, signed_url
from api.schema.images import Image, images_by_id
from api.schema.jobs import Job, JobResult
from api.schema.sketches import Sketch, sketches_by_id
from api.schema.songs import Song, songs_by_id
from domain.common.errors import DomainError
from domain.common.pagination import SortDirection
from domain.projects import entities as domain
from domain.projects.entities import (
    AssetKind,
    FileType,
    FolderKind,
    ProjectAssetOrderField,
    ProjectFileOrderField,
    ProjectOrderField,
    UploadMode,
)
from domain.projects.files import PART_URLS_MAX, PartRequest, ProjectFileService
from domain.projects.paths import file_type
from domain.projects.service import MIRROR_MAX

strawberry.enum(FolderKind, name="ProjectFolderKind", description="The folders every project starts with.")
strawberry.enum(FileType, name="ProjectFileType", description="What a file is, by its extension.")
strawberry.enum(
    UploadMode,
    name="ProjectUploadMode",
    description="SINGLE: one PUT of the whole file. MULTIPART: parts PUT one by one, in any order and several at "
    "once; an interrupted upload resumes from the parts storage already holds.",
)
strawberry.enum(AssetKind, name="ProjectAssetKind")
strawberry.enum(ProjectOrderField, name="ProjectOrderField")
strawberry.enum(ProjectFileOrderField, name="ProjectFileOrderField")
strawberry.enum(ProjectAssetOrderField, name="ProjectAssetOrderField")

projects_by_id = owned_by_id(lambda uow: uow.projects)
folders_by_id = owned_by_id(lambda uow: uow.project_folders)
files_by_id = owned_by_id(lambda uow: uow.project_files)
uploads_by_id = owned_by_id(lambda uow: uow.project_uploads)


async def folders_by_project(context: Context, project_ids: list[uuid.UUID]) -> list[list[domain.ProjectFolder]]:
    """Every folder of these projects in one query, grouped by project, in their order."""
    viewer = await context.viewer()
    if viewer is None:
        return [[] for _ in project_ids]
    found = await context.run_read(lambda uow: uow.project_folders.of_projects(viewer.id, project_ids))
    grouped: dict[uuid.UUID, list[domain.ProjectFolder]] = defaultdict(list)
    for folder in found:
        grouped[folder.project_id].append(folder)
    return [grouped.get(project_id, []) for project_id in project_ids]


file_pages = nested_pages(lambda uow: uow.project_files)
file_counts = nested_counts(lambda uow: uow.project_files.counts)
asset_pages = nested_pages(lambda uow: uow.project_assets)
asset_counts = nested_counts(lambda uow: uow.project_assets.counts)


# -- projects ----------------------------------------------------------------------------------------


@strawberry.type(
    description="A song as a project: folders that mirror the producer's disk, with files (stems, mixes, masters, "
    "art) and the songs, sketches and images filed in them."
)
class Project(Node):
    type_name: ClassVar[str] = "Project"
    name: str
    tags: list[str]
    description: str | None
    total_files: int = strawberry.field(description="Files in all its folders; exact (kept with every change).")
    total_size_bytes: BigInt = strawberry.field(description="Their bytes together; exact.")
    created_at: datetime
    updated_at: datetime = strawberry.field(description="The last change of the project or of any of its files.")
    _entity: strawberry.Private[domain.Project]

    @strawberry.field(description="The image chosen as its cover; null when none is (or it was deleted).")
    async def cover_image(self, info: Info) -> Image | None:
        if self._entity.cover_image_id is None:
            return None
        image = await info.context.loaders(images_by_id).load(self._entity.cover_image_id)
        return Image.from_entity(image) if image else None

    @strawberry.field(description="Its folders in their order (a short list: the ten every project starts with).")
    async def folders(self, info: Info) -> list[ProjectFolder]:
        found = await info.context.loaders(folders_by_project).load(self._entity.id)
        return [ProjectFolder.from_entity(folder) for folder in found]

    @classmethod
    def from_entity(cls, p: domain.Project) -> Self:
        return cls(
            id=strawberry.ID(encode_id("Project", p.id)),
            name=p.name,
            tags=p.tags,
            description=p.description,
            total_files=p.total_files,
            total_size_bytes=BigInt(p.total_size_bytes),
            created_at=p.created_at,
            updated_at=p.updated_at,
            _entity=p,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        project = await info.context.loaders(projects_by_id).load(uuid.UUID(key))
        return cls.from_entity(project) if project else None


async def _project(info: Info, project_id: uuid.UUID) -> Project:
    project = await info.context.loaders(projects_by_id).load(project_id)
    assert project is not None  # read by its owner only; it goes with its folders and files
    return Project.from_entity(project)


@strawberry.input
class ProjectFileFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive text in the relative path.")
    file_types: list[FileType] | None = strawberry.field(default=None, description="Any of these types.")

    def to_domain(self) -> domain.ProjectFileFilter:
        return domain.ProjectFileFilter(search=self.search, file_types=tuple(self.file_types or ()))


@strawberry.input(description="The order of a folder's files.")
class ProjectFileOrder:
    field: ProjectFileOrderField = strawberry.field(
        default=ProjectFileOrderField.PATH, description="PATH: the default."
    )
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class ProjectAssetFilter:
    kinds: list[AssetKind] | None = strawberry.field(default=None, description="Any of these kinds.")


@strawberry.input(description="The order of a folder's assets.")
class ProjectAssetOrder:
    field: ProjectAssetOrderField = ProjectAssetOrderField.ASSIGNED_AT
    direction: SortDirection = SortDirection.DESC


@strawberry.type(description="A folder of a project.")
class ProjectFolder(Node):
    type_name: ClassVar[str] = "ProjectFolder"
    name: str = strawberry.field(description='As on disk, e.g. "05 Stems".')
    kind: FolderKind | None
    icon: str | None = strawberry.field(description='An icon\'s name (Font Awesome), e.g. "fa-layer-group".')
    position: int
    created_at: datetime
    _entity: strawberry.Private[domain.ProjectFolder]

    @strawberry.field
    async def project(self, info: Info) -> Project:
        return await _project(info, self._entity.project_id)

    @strawberry.field(description="Its files, by path unless `orderBy` says otherwise; 20 a page, at most 100.")
    async def files(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProjectFileFilter | None = None,
        order_by: ProjectFileOrder | None = None,
    ) -> Connection[ProjectFile]:
        wanted = (filter or ProjectFileFilter()).to_domain()
        order = order_by or ProjectFileOrder()
        window = Window(wanted, order.field, order.direction, make_page_request(first, after, last, before))
        page = await info.context.loaders(file_pages).load(NestedKey(self._entity.id, window))

        async def total() -> int:
            return int(await info.context.loaders(file_counts).load((self._entity.id, wanted)))

        return connection(page, ProjectFile.from_entity, total)

    @strawberry.field(
        description="The songs, sketches and images filed in it, last filed first; 20 a page, at most 100."
    )
    async def assets(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProjectAssetFilter | None = None,
        order_by: ProjectAssetOrder | None = None,
    ) -> Connection[ProjectAsset]:
        wanted = domain.ProjectAssetFilter(kinds=tuple((filter.kinds or ()) if filter else ()))
        order = order_by or ProjectAssetOrder()
        window = Window(wanted, order.field, order.direction, make_page_request(first, after, last, before))
        page = await info.context.loaders(asset_pages).load(NestedKey(self._entity.id, window))

        async def total() -> int:
            return int(await info.context.loaders(asset_counts).load((self._entity.id, wanted)))

        return connection(page, ProjectAsset.from_entity, total)

    @classmethod
    def from_entity(cls, folder: domain.ProjectFolder) -> Self:
        return cls(
            id=strawberry.ID(encode_id("ProjectFolder", folder.id)),
            name=folder.name,
            kind=folder.kind,
            icon=folder.icon,
            position=folder.position,
            created_at=folder.created_at,
            _entity=folder,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        folder = await info.context.loaders(folders_by_id).load(uuid.UUID(key))
        return cls.from_entity(folder) if folder else None


async def _folder(info: Info, folder_id: uuid.UUID) -> ProjectFolder:
    folder = await info.context.loaders(folders_by_id).load(folder_id)
    assert folder is not None  # its files go with it
    return ProjectFolder.from_entity(folder)


@strawberry.type(description="A file in a project's folder; its bytes are in our storage.")
class ProjectFile(Node):
    type_name: ClassVar[str] = "ProjectFile"
    relative_path: str = strawberry.field(description='Its path in the folder, subfolders kept: "Drums/Kick.wav".')
    filename: str = strawberry.field(description="The path's last part.")
    file_type: FileType
    content_type: str
    size_bytes: BigInt
    sha256: str = strawberry.field(description="Hex SHA-256 of its bytes, checked when they were uploaded.")
    created_at: datetime
    updated_at: datetime = strawberry.field(description="Its last upload, move or rename.")
    _entity: strawberry.Private[domain.ProjectFile]

    @strawberry.field
    async def folder(self, info: Info) -> ProjectFolder:
        return await _folder(info, self._entity.folder_id)

    @strawberry.field
    async def project(self, info: Info) -> Project:
        return await _project(info, self._entity.project_id)

    @strawberry.field(
        description="A signed GET of its bytes that expires (SIGNED_URL_TTL_SECONDS); both storages answer byte "
        "ranges (`Range: bytes=…`, 206)."
    )
    async def download_url(self, info: Info) -> str:
        url = await signed_url(info, self._entity.storage_key, self._entity.filename)
        assert url is not None
        return url

    @classmethod
    def from_entity(cls, file: domain.ProjectFile) -> Self:
        return cls(
            id=strawberry.ID(encode_id("ProjectFile", file.id)),
            relative_path=file.relative_path,
            filename=file.filename,
            file_type=file_type(file.relative_path),
            content_type=file.content_type,
            size_bytes=BigInt(file.size_bytes),
            sha256=file.sha256,
            created_at=file.created_at,
            updated_at=file.updated_at,
            _entity=file,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        file = await info.context.loaders(files_by_id).load(uuid.UUID(key))
        return cls.from_entity(file) if file else None


@strawberry.type(description="Where to send one part: PUT exactly `sizeBytes` bytes, from `offset`, to `url`.")
class ProjectUploadPart:
    number: int = strawberry.field(description="From 1.")
    offset: BigInt
    size_bytes: BigInt
    url: str
    method: str
    headers: list[HttpHeader]
    expires_at: datetime

    @classmethod
    def from_request(cls, part: PartRequest) -> Self:
        r = part.request
        return cls(
            number=part.number,
            offset=BigInt(part.offset),
            size_bytes=BigInt(part.size_bytes),
            url=r.url,
            method=r.method,
            headers=[HttpHeader(name=k, value=v) for k, v in r.headers.items()],
            expires_at=r.expires_at,
        )


@strawberry.type(
    description="A file on its way into a folder: send its parts (`parts`), then `projectFileUploadComplete`. "
    "Declaring the same file at the same path again (`projectFileUploadCreate`) answers this same upload, with the "
    "parts storage already holds in `uploadedParts`: an interrupted upload resumes. One not completed "
    "PROJECT_UPLOAD_EXPIRE_HOURS after it was declared (7 days by default) is abandoned: it is removed with its parts."
)
class ProjectFileUpload(Node):
    type_name: ClassVar[str] = "ProjectFileUpload"
    relative_path: str
    size_bytes: BigInt
    sha256: str
    content_type: str
    mode: UploadMode
    part_size: BigInt = strawberry.field(description="Every part has this size but the last (SINGLE: the file's).")
    part_count: int
    created_at: datetime
    _entity: strawberry.Private[domain.ProjectUpload]

    @strawberry.field
    async def folder(self, info: Info) -> ProjectFolder:
        return await _folder(info, self._entity.folder_id)

    @strawberry.field(
        description=f"Signed PUT requests for these parts (numbers from 1; at most {PART_URLS_MAX}); without "
        f"`numbers`, for the first {PART_URLS_MAX} parts storage does not hold yet. They expire; ask again for "
        "new ones."
    )
    async def parts(self, info: Info, numbers: list[int] | None = None) -> list[ProjectUploadPart]:
        try:
            found = await info.context.read(ProjectFileService, lambda s: s.part_requests(self._entity, numbers))
        except DomainError as error:
            raise argument_error(error) from None
        return [ProjectUploadPart.from_request(part) for part in found]

    @strawberry.field(description="The numbers of the parts storage holds (asked of storage each time).")
    async def uploaded_parts(self, info: Info) -> list[int]:
        stored = await info.context.read(ProjectFileService, lambda s: s.stored_parts(self._entity))
        return [part.number for part in stored]

    @classmethod
    def from_entity(cls, upload: domain.ProjectUpload) -> Self:
        return cls(
            id=strawberry.ID(encode_id("ProjectFileUpload", upload.id)),
            relative_path=upload.relative_path,
            size_bytes=BigInt(upload.size_bytes),
            sha256=upload.sha256,
            content_type=upload.content_type,
            mode=upload.mode,
            part_size=BigInt(upload.part_size if upload.mode is UploadMode.MULTIPART else upload.size_bytes),
            part_count=upload.part_count,
            created_at=upload.created_at,
            _entity=upload,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        upload = await info.context.loaders(uploads_by_id).load(uuid.UUID(key))
        return cls.from_entity(upload) if upload else None


@strawberry.type(description="A song, sketch or image filed in a folder; the one field of its kind is set.")
class ProjectAsset:
    kind: AssetKind
    assigned_at: datetime
    _entity: strawberry.Private[domain.ProjectAsset]

    @strawberry.field
    async def folder(self, info: Info) -> ProjectFolder:
        return await _folder(info, self._entity.folder_id)

    @strawberry.field
    async def song(self, info: Info) -> Song | None:
        if self._entity.song_id is None:
            return None
        song = await info.context.loaders(songs_by_id).load(self._entity.song_id)
        return Song.from_entity(song) if song else None

    @strawberry.field
    async def sketch(self, info: Info) -> Sketch | None:
        if self._entity.sketch_id is None:
            return None
        sketch = await info.context.loaders(sketches_by_id).load(self._entity.sketch_id)
        return Sketch.from_entity(sketch) if sketch else None

    @strawberry.field
    async def image(self, info: Info) -> Image | None:
        if self._entity.image_id is None:
            return None
        image = await info.context.loaders(images_by_id).load(self._entity.image_id)
        return Image.from_entity(image) if image else None

    @classmethod
    def from_entity(cls, asset: domain.ProjectAsset) -> Self:
        return cls(kind=asset.kind, assigned_at=asset.created_at, _entity=asset)


@strawberry.type(description="What a PROJECT_DELETE job did.")
class ProjectDeleteResult(JobResult):
    objects_deleted: int

    @classmethod
    def from_result(cls, r: domain.ProjectDeleteResult) -> Self:
        return cls(summary=f"Removed {r.objects_deleted} stored files.", objects_deleted=r.objects_deleted)


# -- mirror plan -------------------------------------------------------------------------------------


@strawberry.type(description="A path of the plan: the client's file (when it has one) and the folder's.")
class ProjectMirrorEntry:
    relative_path: str = strawberry.field(description="In the one form paths are kept in (slashes, NFC).")
    size_bytes: BigInt = strawberry.field(description="The client's file's size (the folder's, for toDelete).")
    sha256: str
    file: ProjectFile | None = strawberry.field(description="The folder's file at this path; null for toUpload.")


def _local(local: domain.LocalFile, file: domain.ProjectFile | None) -> ProjectMirrorEntry:
    return ProjectMirrorEntry(
        relative_path=local.relative_path,
        size_bytes=BigInt(local.size_bytes),
        sha256=local.sha256,
        file=ProjectFile.from_entity(file) if file else None,
    )


def _remote(file: domain.ProjectFile) -> ProjectMirrorEntry:
    return ProjectMirrorEntry(
        relative_path=file.relative_path,
        size_bytes=BigInt(file.size_bytes),
        sha256=file.sha256,
        file=ProjectFile.from_entity(file),
    )


@strawberry.type(
    description="What makes the folder the same as the client's copy, each list by path: upload the new paths "
    "(toUpload) and the changed ones (toUpdate: hash or size differ), delete what only the folder has (toDelete); "
    "unchanged paths are the same on both sides."
)
class ProjectMirrorPlan:
    to_upload: list[ProjectMirrorEntry]
    to_update: list[ProjectMirrorEntry]
    to_delete: list[ProjectMirrorEntry]
    unchanged: list[ProjectMirrorEntry]

    @classmethod
    def from_plan(cls, plan: domain.MirrorPlan) -> Self:
        return cls(
            to_upload=[_local(local, None) for local in plan.to_upload],
            to_update=[_local(local, file) for local, file in plan.to_update],
            to_delete=[_remote(file) for file in plan.to_delete],
            unchanged=[_local(local, file) for local, file in plan.unchanged],
        )


# -- inputs and payloads -----------------------------------------------------------------------------


@strawberry.input
class ProjectFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive text in name or description.")
    tags: list[str] | None = strawberry.field(default=None, description="Projects with any of these tags.")


@strawberry.input(description="The order of projects.")
class ProjectOrder:
    field: ProjectOrderField = strawberry.field(
        default=ProjectOrderField.CREATED_AT, description="CREATED_AT: the default."
    )
    direction: SortDirection = SortDirection.DESC


@strawberry.input(description="A new project, with the ten default folders.")
class ProjectCreateInput:
    name: str = strawberry.field(description="At most 255 characters.")
    tags: list[str] | None = strawberry.field(default=None, description="At most 1000 characters joined.")
    description: str | None = strawberry.field(default=None, description="At most 5000 characters.")


@strawberry.input(description="Fields left out stay as they are; null clears the tags, description or cover.")
class ProjectUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    cover_image_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An image of the viewer's."
    )


@strawberry.input
class ProjectIdInput:
    id: strawberry.ID


@strawberry.input(
    description='A file about to be sent into a folder. Paths keep subfolders ("Drums/Kick.wav"; backslashes '
    "become slashes); '..', '.', empty parts, absolute paths, drive letters, NUL and control characters are refused. "
    "Uploading to a path that has a file replaces it once completed."
)
class ProjectFileUploadCreateInput:
    folder_id: strawberry.ID
    relative_path: str = strawberry.field(description="At most 1024 bytes (UTF-8), each part at most 255.")
    size_bytes: BigInt = strawberry.field(description="Exact; at most PROJECT_FILE_MAX_BYTES.")
    sha256: str = strawberry.field(description="Hex SHA-256 of the bytes; completing checks it.")
    content_type: str | None = strawberry.field(default=None, description="Null: from the path's extension.")


@strawberry.input
class ProjectFileUploadIdInput:
    id: strawberry.ID


@strawberry.input(description="A new path, another folder of the same project, or both.")
class ProjectFileMoveInput:
    id: strawberry.ID
    folder_id: strawberry.ID | None = strawberry.field(default=None, description="Null: the same folder.")
    relative_path: str | None = strawberry.field(default=None, description="Null: the same path.")


@strawberry.input
class ProjectFileIdInput:
    id: strawberry.ID


@strawberry.input
class ProjectFileBulkDeleteInput:
    ids: list[strawberry.ID] = strawberry.field(description="At most 100.")


@strawberry.input(description="A song, sketch or image (its id) and a folder.")
class ProjectAssetInput:
    folder_id: strawberry.ID
    asset_id: strawberry.ID = strawberry.field(description="The id of a Song, a Sketch or an Image of the viewer's.")


@strawberry.input(description="A file as the client has it.")
class ProjectMirrorFileInput:
    relative_path: str
    sha256: str
    size_bytes: BigInt


@strawberry.input
class ProjectFolderMirrorPlanInput:
    folder_id: strawberry.ID
    files: list[ProjectMirrorFileInput] = strawberry.field(
        description=f"Every file of the client's copy (under `prefix`, when given); at most {MIRROR_MAX} (and the "
        "request within MAX_REQUEST_BYTES): plan a large folder a subfolder at a time.",
        directives=[MaxItems(count=MIRROR_MAX)],
    )
    prefix: str | None = strawberry.field(
        default=None,
        description='Compare only this subfolder ("Drums/"): the folder\'s files elsewhere are left out of the plan.',
    )


@strawberry.type
class ProjectPayload:
    project: Project | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectDeletePayload:
    deleted_project_id: strawberry.ID | None = None
    job: Job | None = strawberry.field(default=None, description="PROJECT_DELETE: removes its stored files.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFileUploadPayload:
    upload: ProjectFileUpload | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFileUploadAbortPayload:
    aborted_upload_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFilePayload:
    file: ProjectFile | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFileDeletePayload:
    deleted_file_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFileBulkDeletePayload:
    results: list[BulkDeleteResult] | None = strawberry.field(default=None, description="One per id, in order.")
    deleted_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectAssetPayload:
    folder: ProjectFolder | None = None
    asset: ProjectAsset | None = strawberry.field(default=None, description="Null after projectAssetUnassign.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProjectFolderMirrorPlanPayload:
    plan: ProjectMirrorPlan | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def local_files(files: Sequence[ProjectMirrorFileInput]) -> list[domain.LocalFile]:
    return [
        domain.LocalFile(relative_path=f.relative_path, sha256=f.sha256, size_bytes=int(f.size_bytes)) for f in files
    ]
