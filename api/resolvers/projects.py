"""Projects over GraphQL: decode the input, call ProjectService or ProjectFileService, map the result."""

from __future__ import annotations

import uuid

import strawberry

from api.context import Info
from api.ids import decode_id, decode_uuid, node_uuid
from api.resolvers.common import answer, mutate, viewer_list
from api.schema.common import Connection, bulk_results, command, page_request, user_errors
from api.schema.jobs import Job
from api.schema.part import SchemaPart
from api.schema.projects import (
    Project,
    ProjectAsset,
    ProjectAssetInput,
    ProjectAssetPayload,
    ProjectCreateInput,
    ProjectDeletePayload,
    ProjectDeleteResult,
    ProjectFile,
    ProjectFileBulkDeleteInput,
    ProjectFileBulkDeletePayload,
    ProjectFileDeletePayload,
    ProjectFileIdInput,
    ProjectFileMoveInput,
    ProjectFilePayload,
    ProjectFileUpload,
    ProjectFileUploadAbortPayload,
    ProjectFileUploadCreateInput,
    ProjectFileUploadIdInput,
    ProjectFileUploadPayload,
    ProjectFilter,
    ProjectFolder,
    ProjectFolderMirrorPlanInput,
    ProjectFolderMirrorPlanPayload,
    ProjectIdInput,
    ProjectMirrorPlan,
    ProjectOrder,
    ProjectPayload,
    ProjectUpdateInput,
    local_files,
)
from domain.common.errors import not_found
from domain.projects import entities as domain
from domain.projects.entities import AssetKind
from domain.projects.files import Completed, ProjectFileService
from domain.projects.service import PROJECT_DELETE, ProjectChanges, ProjectFields, ProjectService
from infra.container import Services

_KINDS = {"Song": AssetKind.SONG, "Sketch": AssetKind.SKETCH, "Image": AssetKind.IMAGE}


def _asset(global_id: str) -> tuple[AssetKind, uuid.UUID]:
    """The kind and id of a Song, Sketch or Image id; anything else is not found (a user error on assetId)."""
    decoded = decode_id(global_id)
    kind = _KINDS.get(decoded[0]) if decoded else None
    asset_id = decode_uuid(global_id, decoded[0]) if decoded and kind else None
    if kind is None or asset_id is None:
        raise not_found("Song, sketch or image", "asset_id")
    return kind, asset_id


def _filter(value: ProjectFilter | None) -> domain.ProjectFilter:
    if value is None:
        return domain.ProjectFilter()
    return domain.ProjectFilter(search=value.search, tags=tuple(value.tags or ()))


def _completed(done: Completed) -> ProjectFilePayload:
    if done.refused is not None:
        return ProjectFilePayload(user_errors=user_errors(done.refused))
    assert done.file is not None
    return ProjectFilePayload(file=ProjectFile.from_entity(done.file))


def _changes(input: ProjectUpdateInput) -> ProjectChanges:
    cover = input.cover_image_id
    if cover is strawberry.UNSET:
        return command(ProjectChanges, input, exclude=("id", "cover_image_id"))
    cover_id = node_uuid(cover, "Image", "cover_image_id") if cover is not None else None
    return command(ProjectChanges, input, exclude=("id",), cover_image_id=cover_id)


@strawberry.type
class ProjectQuery:
    @strawberry.field(
        description="The viewer's projects, by default newest first; 20 a page unless `first`/`last` say otherwise, "
        "at most 100."
    )
    async def projects(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProjectFilter | None = None,
        order_by: ProjectOrder | None = None,
    ) -> Connection[Project]:
        request = page_request(first, after, last, before)
        return await viewer_list(
            info, ProjectService, _filter(filter), order_by or ProjectOrder(), request, Project.from_entity
        )

    @strawberry.field(
        description="Compare a folder with the client's copy of it (paths, SHA-256 and sizes): what to upload, "
        "upload again, delete, and what is the same. Changes nothing; bad input is userErrors."
    )
    async def project_folder_mirror_plan(
        self, info: Info, input: ProjectFolderMirrorPlanInput
    ) -> ProjectFolderMirrorPlanPayload:
        return await answer(
            info,
            ProjectFolderMirrorPlanPayload,
            ProjectService,
            lambda s, viewer: s.mirror_plan(
                viewer.id,
                node_uuid(input.folder_id, "ProjectFolder", "folder_id"),
                local_files(input.files),
                input.prefix,
            ),
            lambda plan: ProjectFolderMirrorPlanPayload(plan=ProjectMirrorPlan.from_plan(plan)),
        )


@strawberry.type
class ProjectMutation:
    @strawberry.mutation(description="A new project with the ten default folders (01 Arrangement … 10 Archive).")
    async def project_create(self, info: Info, input: ProjectCreateInput) -> ProjectPayload:
        return await mutate(
            info,
            ProjectPayload,
            lambda s, viewer: s.get(ProjectService).create(viewer.id, command(ProjectFields, input)),
            lambda project: ProjectPayload(project=Project.from_entity(project)),
        )

    @strawberry.mutation(description="Rename, describe, tag or cover a project; nothing moves in storage.")
    async def project_update(self, info: Info, input: ProjectUpdateInput) -> ProjectPayload:
        return await mutate(
            info,
            ProjectPayload,
            lambda s, viewer: s.get(ProjectService).update(
                viewer.id, node_uuid(input.id, "Project", "id"), _changes(input)
            ),
            lambda project: ProjectPayload(project=Project.from_entity(project)),
        )

    @strawberry.mutation(
        description="Delete a project with its folders, files and uploads under way, at once; its stored files "
        "(and only its own) are removed by the returned PROJECT_DELETE job. Songs, sketches and images filed in it "
        "stay, unfiled."
    )
    async def project_delete(self, info: Info, input: ProjectIdInput) -> ProjectDeletePayload:
        return await mutate(
            info,
            ProjectDeletePayload,
            lambda s, viewer: s.get(ProjectService).delete(viewer.id, node_uuid(input.id, "Project", "id")),
            lambda done: ProjectDeletePayload(deleted_project_id=input.id, job=Job.from_entity(done[1])),
        )

    @strawberry.mutation(
        description="Declare a file for a folder and get where to send it: one signed PUT (SINGLE) or parts "
        "(MULTIPART), straight to storage. The same file (size and SHA-256) at the same path again answers the "
        "upload under way, to resume it; other bytes there start over, and so does an upload abandoned (declared "
        "more than PROJECT_UPLOAD_EXPIRE_HOURS ago)."
    )
    async def project_file_upload_create(
        self, info: Info, input: ProjectFileUploadCreateInput
    ) -> ProjectFileUploadPayload:
        return await mutate(
            info,
            ProjectFileUploadPayload,
            lambda s, viewer: s.get(ProjectFileService).create_upload(
                viewer.id,
                domain.UploadRequest(
                    folder_id=node_uuid(input.folder_id, "ProjectFolder", "folder_id"),
                    relative_path=input.relative_path,
                    size_bytes=int(input.size_bytes),
                    sha256=input.sha256,
                    content_type=input.content_type,
                ),
            ),
            lambda upload: ProjectFileUploadPayload(upload=ProjectFileUpload.from_entity(upload)),
        )

    @strawberry.mutation(
        description="Finish an upload once every part is sent: storage joins the parts, the bytes are checked "
        "against the declared size and SHA-256, and the file takes its path (replacing the file there, never "
        "doubling it). A part missing is a userError naming it; bytes that do not match end the upload "
        "(a userError; send the file again)."
    )
    async def project_file_upload_complete(self, info: Info, input: ProjectFileUploadIdInput) -> ProjectFilePayload:
        return await mutate(
            info,
            ProjectFilePayload,
            lambda s, viewer: s.get(ProjectFileService).complete(
                viewer.id, node_uuid(input.id, "ProjectFileUpload", "id")
            ),
            _completed,
        )

    @strawberry.mutation(description="Give up an upload under way; the parts sent are dropped.")
    async def project_file_upload_abort(
        self, info: Info, input: ProjectFileUploadIdInput
    ) -> ProjectFileUploadAbortPayload:
        return await mutate(
            info,
            ProjectFileUploadAbortPayload,
            lambda s, viewer: s.get(ProjectFileService).abort(
                viewer.id, node_uuid(input.id, "ProjectFileUpload", "id")
            ),
            lambda _: ProjectFileUploadAbortPayload(aborted_upload_id=input.id),
        )

    @strawberry.mutation(description="Move or rename a file within its project; nothing moves in storage.")
    async def project_file_move(self, info: Info, input: ProjectFileMoveInput) -> ProjectFilePayload:
        return await mutate(
            info,
            ProjectFilePayload,
            lambda s, viewer: s.get(ProjectFileService).move(
                viewer.id,
                node_uuid(input.id, "ProjectFile", "id"),
                node_uuid(input.folder_id, "ProjectFolder", "folder_id") if input.folder_id is not None else None,
                input.relative_path,
            ),
            lambda file: ProjectFilePayload(file=ProjectFile.from_entity(file)),
        )

    @strawberry.mutation(description="Delete a file and its bytes.")
    async def project_file_delete(self, info: Info, input: ProjectFileIdInput) -> ProjectFileDeletePayload:
        return await mutate(
            info,
            ProjectFileDeletePayload,
            lambda s, viewer: s.get(ProjectFileService).delete(viewer.id, node_uuid(input.id, "ProjectFile", "id")),
            lambda _: ProjectFileDeletePayload(deleted_file_id=input.id),
        )

    @strawberry.mutation(description="Delete up to 100 files; each id gets its own result.")
    async def project_file_bulk_delete(
        self, info: Info, input: ProjectFileBulkDeleteInput
    ) -> ProjectFileBulkDeletePayload:
        return await mutate(
            info,
            ProjectFileBulkDeletePayload,
            lambda s, viewer: s.get(ProjectFileService).bulk_delete(
                viewer.id, [decode_uuid(i, "ProjectFile") for i in input.ids]
            ),
            lambda outcomes: ProjectFileBulkDeletePayload(
                results=bulk_results(input.ids, outcomes), deleted_count=outcomes.count(None)
            ),
        )

    @strawberry.mutation(
        description="File a song, sketch or image in a folder. A song or a sketch is in one folder at most (it moves "
        "here); an image may be in several projects, in one folder of each. A song made later from a filed sketch "
        "lands in the sketch's folder."
    )
    async def project_asset_assign(self, info: Info, input: ProjectAssetInput) -> ProjectAssetPayload:
        async def assign(s: Services, viewer_id: uuid.UUID) -> tuple[domain.ProjectFolder, domain.ProjectAsset]:
            kind, asset_id = _asset(input.asset_id)
            folder_id = node_uuid(input.folder_id, "ProjectFolder", "folder_id")
            return await s.get(ProjectService).assign(viewer_id, folder_id, kind, asset_id)

        return await mutate(
            info,
            ProjectAssetPayload,
            lambda s, viewer: assign(s, viewer.id),
            lambda done: ProjectAssetPayload(
                folder=ProjectFolder.from_entity(done[0]), asset=ProjectAsset.from_entity(done[1])
            ),
        )

    @strawberry.mutation(description="Take a song, sketch or image out of a folder (it is not deleted).")
    async def project_asset_unassign(self, info: Info, input: ProjectAssetInput) -> ProjectAssetPayload:
        async def unassign(s: Services, viewer_id: uuid.UUID) -> domain.ProjectFolder:
            kind, asset_id = _asset(input.asset_id)
            folder_id = node_uuid(input.folder_id, "ProjectFolder", "folder_id")
            return await s.get(ProjectService).unassign(viewer_id, folder_id, kind, asset_id)

        return await mutate(
            info,
            ProjectAssetPayload,
            lambda s, viewer: unassign(s, viewer.id),
            lambda folder: ProjectAssetPayload(folder=ProjectFolder.from_entity(folder)),
        )


schema = SchemaPart(
    query=ProjectQuery,
    mutation=ProjectMutation,
    types=(Project, ProjectFolder, ProjectFile, ProjectFileUpload, ProjectDeleteResult),
    job_results={PROJECT_DELETE.kind: ProjectDeleteResult.from_result},
)
