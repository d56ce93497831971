"""Projects: the Project, ProjectFolder, ProjectFile and ProjectFileUpload nodes; their mutations; the projects
list with folders, and each folder's files and assets. Builders the projects tests share live here too: a project,
and a file sent the way a client sends it (declared, its parts PUT to the signed URLs, completed)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from tests.support import ERRORS, LONG, Api, AreaCases, ListCase, MutationCases, invalid_request, user_errors
from tests.support.client import http_client

# The folders every project starts with, in their order.
FOLDER_NAMES = [
    "01 Arrangement",
    "02 AI",
    "03 Pictures",
    "04 Vocal",
    "05 Stems",
    "06 Mix",
    "07 Master",
    "08 Promotion",
    "09 Release",
    "10 Archive",
]


FOLDER_FIELDS = "id name kind icon position"
PROJECT_FIELDS = f"""id name tags description totalFiles totalSizeBytes createdAt updatedAt coverImage {{ id }}
    folders {{ {FOLDER_FIELDS} }}"""
FILE_FIELDS = """id relativePath filename fileType contentType sizeBytes sha256 downloadUrl createdAt updatedAt
    folder { id } project { id }"""
UPLOAD_FIELDS = """id relativePath sizeBytes sha256 contentType mode partSize partCount uploadedParts
    parts { number offset sizeBytes url method headers { name value } expiresAt }"""
CREATE = f"""mutation($i: ProjectCreateInput!) {{ projectCreate(input: $i) {{
    project {{ {PROJECT_FIELDS} }} {ERRORS} }} }}"""
PROJECT = f"query($id: ID!) {{ node(id: $id) {{ ... on Project {{ {PROJECT_FIELDS} }} }} }}"
UPLOAD_CREATE = f"""mutation($i: ProjectFileUploadCreateInput!) {{ projectFileUploadCreate(input: $i) {{
    upload {{ {UPLOAD_FIELDS} }} {ERRORS} }} }}"""
UPLOAD_NODE = """query($id: ID!, $numbers: [Int!]) { node(id: $id) { ... on ProjectFileUpload {
    id uploadedParts parts(numbers: $numbers) { number offset sizeBytes url method headers { name value } }
    } } }"""
COMPLETE = f"""mutation($i: ProjectFileUploadIdInput!) {{ projectFileUploadComplete(input: $i) {{
    file {{ {FILE_FIELDS} }} {ERRORS} }} }}"""
ASSIGN = f"""mutation($i: ProjectAssetInput!) {{ projectAssetAssign(input: $i) {{
    folder {{ id }} asset {{ kind assignedAt song {{ id }} sketch {{ id }} image {{ id }} }} {ERRORS} }} }}"""

# Reads `size` bytes of the file from `offset` (a test's bytes, a sparse file on disk, …).
Reader = Callable[[int, int], bytes]


async def create_project(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    """A project of the token's user (ProjectCreateInput; the name is filled in when left out)."""
    fields.setdefault("name", "Night Drive")
    return (await api.mutate("projectCreate", CREATE, {"i": fields}, token))["project"]


async def folder_of(api: Api, token: str, **fields: Any) -> str:
    """The id of the first folder (01 Arrangement) of a new project."""
    return str((await create_project(api, token, **fields))["folders"][0]["id"])


async def start_upload(
    api: Api, token: str, folder_id: str, path: str, size: int, sha256: str, **extra: Any
) -> dict[str, Any]:
    """projectFileUploadCreate's payload (the upload with its first parts' requests, or the userErrors)."""
    fields = {"folderId": folder_id, "relativePath": path, "sizeBytes": str(size), "sha256": sha256, **extra}
    return await api.payload("projectFileUploadCreate", UPLOAD_CREATE, {"i": fields}, token)


async def _body(read: Reader, offset: int, size: int, chunk: int = 1024 * 1024) -> AsyncIterator[bytes]:
    done = 0
    while done < size:
        n = min(chunk, size - done)
        yield await asyncio.to_thread(read, offset + done, n)
        done += n


async def put_part(part: dict[str, Any], read: Reader) -> int:
    """PUTs one part's bytes to its signed request (streamed a MiB at a time); the HTTP status."""
    offset, size = int(part["offset"]), int(part["sizeBytes"])
    headers = {h["name"]: h["value"] for h in part["headers"]} | {"content-length": str(size)}
    async with http_client() as client:
        response = await client.request(part["method"], part["url"], content=_body(read, offset, size), headers=headers)
    assert response.status_code in (200, 204), (response.status_code, response.text[:500])
    return response.status_code


async def parts_of(api: Api, token: str, upload_id: str, numbers: list[int] | None = None) -> dict[str, Any]:
    return (await api.data(UPLOAD_NODE, {"id": upload_id, "numbers": numbers}, token))["node"]


async def send_parts(
    api: Api, token: str, upload: dict[str, Any], read: Reader, *, only: int | None = None, at_once: int = 4
) -> None:
    """Sends the parts storage does not hold yet (`only`: that many of them), `at_once` at a time."""
    sent = 0
    while True:
        pending = (await parts_of(api, token, upload["id"]))["parts"]
        if only is not None:
            pending = pending[: only - sent]
        if not pending:
            return
        for start in range(0, len(pending), at_once):
            await asyncio.gather(*(put_part(part, read) for part in pending[start : start + at_once]))
        sent += len(pending)
        if only is not None and sent >= only:
            return


async def complete(api: Api, token: str, upload_id: str) -> dict[str, Any]:
    """projectFileUploadComplete's payload (the file, or the userErrors)."""
    return await api.payload("projectFileUploadComplete", COMPLETE, {"i": {"id": upload_id}}, token)


def of_bytes(data: bytes) -> Reader:
    return lambda offset, size: data[offset : offset + size]


async def put_file(api: Api, token: str, folder_id: str, path: str, data: bytes, **extra: Any) -> dict[str, Any]:
    """A file sent as a client sends it: declared, its parts PUT, completed. The file as completed."""
    started = await start_upload(api, token, folder_id, path, len(data), hashlib.sha256(data).hexdigest(), **extra)
    assert started["userErrors"] == [], started
    await send_parts(api, token, started["upload"], of_bytes(data))
    done = await complete(api, token, started["upload"]["id"])
    assert done["userErrors"] == [], done
    return dict(done["file"])


# -- the conventions test's objects ------------------------------------------------------------------


async def project(api: Api, token: str) -> str:
    return str((await create_project(api, token))["id"])


async def folder(api: Api, token: str) -> str:
    return await folder_of(api, token)


async def project_file(api: Api, token: str) -> str:
    return str((await put_file(api, token, await folder_of(api, token), "Drums/Kick.wav", b"kick"))["id"])


async def upload(api: Api, token: str) -> str:
    started = await start_upload(
        api, token, await folder_of(api, token), "Mix.wav", 3, hashlib.sha256(b"mix").hexdigest()
    )
    return str(started["upload"]["id"])


SHA = "0" * 64


async def seed_projects(api: Api, token: str, n: int) -> None:
    for i in range(n):
        await create_project(api, token, name=f"Project {i}")


def check_projects(data: Any, n: int) -> None:
    nodes = data["projects"]["nodes"]
    assert len(nodes) == n and all(len(p["folders"]) == 10 for p in nodes), nodes


async def seed_files(api: Api, token: str, n: int) -> None:
    """`n` projects, each with two files in its first folder and a sketch filed there."""
    from tests.support import create_sketch

    for i in range(n):
        folder_id = await folder_of(api, token, name=f"Project {i}")
        for name in ("a.wav", "b.wav"):
            await put_file(api, token, folder_id, f"{i}/{name}", f"{i}{name}".encode())
        sketch = await create_sketch(api, token, title=f"Sketch {i}", select="id")
        made = await api.payload(
            "projectAssetAssign", ASSIGN, {"i": {"folderId": folder_id, "assetId": sketch["id"]}}, token
        )
        assert made["userErrors"] == [], made


def check_files(data: Any, n: int) -> None:
    nodes = data["projects"]["nodes"]
    assert len(nodes) == n
    for p in nodes:
        first = p["folders"][0]
        assert first["files"]["totalCount"] == 2 and len(first["files"]["nodes"]) == 2, first
        assert all(f["folder"]["id"] == first["id"] and f["project"]["id"] == p["id"] for f in first["files"]["nodes"])
        assert [a["sketch"]["title"] for a in first["assets"]["nodes"]] == [f"Sketch {p['name'].split()[-1]}"], first


CASES = AreaCases(
    nodes={"Project": project, "ProjectFolder": folder, "ProjectFile": project_file, "ProjectFileUpload": upload},
    mutations=[
        MutationCases(
            "projectCreate",
            "ProjectCreateInput!",
            "project { id }",
            lambda o: [
                *user_errors({"name": "  "}, {"name": "x" * 256}, {"name": "ok", "description": LONG}),
                *user_errors({"name": "ok", "tags": [f"a long tag {i}" for i in range(100)]}),
                *invalid_request({"description": "no name"}, {"name": None}),
            ],
        ),
        MutationCases(
            "projectUpdate",
            "ProjectUpdateInput!",
            "project { id }",
            lambda o: [
                *o.ids("id", "Project", name="x"),
                *user_errors(
                    {"id": o.mine["Project"], "name": None},
                    {"id": o.mine["Project"], "name": " "},
                    {"id": o.mine["Project"], "coverImageId": o.mine["Sketch"]},
                    {"id": o.mine["Project"], "coverImageId": o.theirs["Image"]},
                ),
            ],
        ),
        MutationCases("projectDelete", "ProjectIdInput!", "deletedProjectId", lambda o: o.ids("id", "Project")),
        MutationCases(
            "projectFileUploadCreate",
            "ProjectFileUploadCreateInput!",
            "upload { id }",
            lambda o: [
                *o.ids("folderId", "ProjectFolder", relativePath="a.wav", sizeBytes="1", sha256=SHA),
                *user_errors(
                    *(
                        {
                            "folderId": o.mine["ProjectFolder"],
                            "relativePath": "a.wav",
                            "sizeBytes": "1",
                            "sha256": SHA,
                            **bad,
                        }
                        for bad in (
                            {"relativePath": "../a.wav"},
                            {"relativePath": "/etc/passwd"},
                            {"relativePath": "C:\\Music\\a.wav"},
                            {"relativePath": "a\n.wav"},
                            {"relativePath": "a//b.wav"},
                            {"relativePath": ""},
                            {"relativePath": "x" * 2000},
                            {"sizeBytes": "-1"},
                            {"sizeBytes": str(2**62)},
                            {"sha256": "abc"},
                            {"contentType": "not a type"},
                        )
                    )
                ),
                *invalid_request(
                    # NUL (and control characters but tab, newline and carriage return) never pass the edge.
                    {
                        "folderId": o.mine["ProjectFolder"],
                        "relativePath": "a\u0000.wav",
                        "sizeBytes": "1",
                        "sha256": SHA,
                    },
                    {"folderId": o.mine["ProjectFolder"], "relativePath": "a", "sha256": SHA},
                    {"folderId": o.mine["ProjectFolder"], "relativePath": "a", "sizeBytes": "1.5", "sha256": SHA},
                    {"folderId": o.mine["ProjectFolder"], "relativePath": "a", "sizeBytes": str(2**64), "sha256": SHA},
                ),
            ],
        ),
        MutationCases(
            "projectFileUploadComplete",
            "ProjectFileUploadIdInput!",
            "file { id }",
            lambda o: [*o.ids("id", "ProjectFileUpload"), *user_errors({"id": o.mine["ProjectFileUpload"]})],
        ),
        MutationCases(
            "projectFileUploadAbort",
            "ProjectFileUploadIdInput!",
            "abortedUploadId",
            lambda o: o.ids("id", "ProjectFileUpload"),
        ),
        MutationCases(
            "projectFileMove",
            "ProjectFileMoveInput!",
            "file { id }",
            lambda o: [
                *o.ids("id", "ProjectFile", relativePath="b.wav"),
                *user_errors(
                    {"id": o.mine["ProjectFile"], "relativePath": "../b.wav"},
                    {"id": o.mine["ProjectFile"], "folderId": o.theirs["ProjectFolder"]},
                    {"id": o.mine["ProjectFile"], "folderId": o.mine["ProjectFolder"]},  # another project's
                ),
            ],
        ),
        MutationCases(
            "projectFileDelete", "ProjectFileIdInput!", "deletedFileId", lambda o: o.ids("id", "ProjectFile")
        ),
        MutationCases(
            "projectFileBulkDelete",
            "ProjectFileBulkDeleteInput!",
            "results { id deleted }",
            lambda o: [
                *user_errors({"ids": []}),
                *invalid_request({"ids": None}, {"ids": [o.mine["ProjectFile"]] * 101}),
            ],
        ),
        *(
            MutationCases(
                name,
                "ProjectAssetInput!",
                "folder { id }",
                lambda o: [
                    *o.ids("folderId", "ProjectFolder", assetId=o.mine["Song"]),
                    *user_errors(
                        *(
                            {"folderId": o.mine["ProjectFolder"], "assetId": bad}
                            for bad in ("", "garbage", o.mine["Project"], o.theirs["Song"], o.theirs["Image"])
                        )
                    ),
                    *invalid_request({"folderId": o.mine["ProjectFolder"]}),
                ],
            )
            for name in ("projectAssetAssign", "projectAssetUnassign")
        ),
    ],
    lists=[
        ListCase(
            "projects { folders }",
            f"""query($n: Int!) {{ projects(first: $n) {{ nodes {{ id
                folders {{ {FOLDER_FIELDS} project {{ id }} }} }} }} }}""",
            seed_projects,
            check_projects,
            sizes=(1, 4),
        ),
        ListCase(
            "projects { folders { files assets } }",
            """query($n: Int!) { projects(first: $n) { nodes { id name folders { id
                files(first: 5) { totalCount nodes { id sizeBytes downloadUrl folder { id } project { id } } }
                assets(first: 5) { totalCount nodes { kind sketch { title } song { id } image { id } } } } } } }""",
            seed_files,
            check_files,
            sizes=(1, 3),
        ),
    ],
)
