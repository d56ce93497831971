from __future__ import annotations

from datetime import timedelta

from domain.jobs.service import JobService
from domain.projects.archive import ProjectAssetsArchive, ProjectFilesArchive, ProjectsArchive
from domain.projects.files import ProjectFileService
from domain.projects.ports import (
    AssetRepository,
    FolderRepository,
    ProjectFileRepository,
    ProjectRepository,
    UploadRepository,
)
from domain.projects.service import PROJECT_DELETE, ProjectDeleteHandler, ProjectService
from domain.projects.uploads import AbandonedUploads
from domain.songs.ports import SongPlacements
from infra.areas.base import Area, JobRegistration
from infra.db import projects as db
from infra.db.uow import Implements
from infra.settings import Settings


def upload_expiry(settings: Settings) -> timedelta:
    return timedelta(hours=settings.project_upload_expire_hours)


AREA = Area(
    name="projects",
    map_entities=db.map_entities,
    repositories={
        "projects": Implements[ProjectRepository](db.SqlProjectRepository),
        "project_folders": Implements[FolderRepository](db.SqlFolderRepository),
        "project_files": Implements[ProjectFileRepository](db.SqlProjectFileRepository),
        "project_uploads": Implements[UploadRepository](db.SqlProjectUploadRepository),
        "project_assets": Implements[AssetRepository](db.SqlAssetRepository),
        # The songs area's port: a song made from a sketch filed in a project lands in the same folder.
        "song_placements": Implements[SongPlacements](db.SqlSongPlacements),
    },
    services={
        ProjectService: lambda s: ProjectService(s.uow, s.get(JobService)),
        ProjectFileService: lambda s: ProjectFileService(
            s.uow,
            s.container.storage,
            s.container.storage_deletions,
            max_bytes=s.container.settings.project_file_max_bytes,
            part_bytes=s.container.settings.project_upload_part_bytes,
            expire_after=upload_expiry(s.container.settings),
            url_ttl_seconds=s.container.settings.signed_url_ttl_seconds,
        ),
    },
    jobs=(
        JobRegistration(
            PROJECT_DELETE,
            lambda c: ProjectDeleteHandler(c.storage),
        ),
    ),
    sweeps=(lambda c: AbandonedUploads(c.uow, c.storage, upload_expiry(c.settings)),),
    archive_sections=(ProjectsArchive(), ProjectFilesArchive(), ProjectAssetsArchive()),
)
