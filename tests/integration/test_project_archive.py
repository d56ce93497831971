"""Projects in export and import, through the real API in both modes: projects with their folders, files (their
bytes streamed into the archive and out again), stats and filed assets come back in another account, once."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from tests.conftest import Running
from tests.integration.cases.projects import ASSIGN, PROJECT, create_project, put_file
from tests.support import Api, create_sketch, export, http_client, import_archive

MiB = 1024 * 1024
SECTIONS = """id status error { code message } result { __typename summary
    ... on DataExport { downloadUrl sizeBytes sections { name exported } }
    ... on DataImportResult { sections { name created skipped } } }"""
PROJECTS = """{ projects(first: 10) { nodes { id name tags description totalFiles totalSizeBytes
    folders { name kind files(first: 10) { nodes { relativePath sizeBytes sha256 downloadUrl } }
        assets(first: 10) { nodes { kind sketch { title } } } } } } }"""


def counts(sections: list[dict[str, Any]], *names: str) -> dict[str, tuple[int, ...]]:
    return {s["name"]: tuple(v for k, v in s.items() if k != "name") for s in sections if s["name"] in names}


async def fetch(url: str) -> bytes:
    async with http_client() as client:
        response = await client.get(url)
    assert response.status_code == 200, response.text
    return response.content


async def test_projects_move_to_another_account_with_their_files_once(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    project = await create_project(api, token, name="Night Drive", tags=["synthwave"], description="city lights")
    stems, master = project["folders"][4]["id"], project["folders"][6]["id"]
    big = os.urandom(11 * MiB + 7)  # in parts
    await put_file(api, token, stems, "Drums/Kick.wav", b"kick")
    await put_file(api, token, master, "Night Drive (master).wav", big)
    sketch = await create_sketch(api, token, title="Idea", select="id")
    await api.mutate("projectAssetAssign", ASSIGN, {"i": {"folderId": stems, "assetId": sketch["id"]}}, token)

    done = await export(api, token, select=SECTIONS)
    assert counts(done["result"]["sections"], "projects", "project_files", "project_assets") == {
        "projects": (1,),
        "project_files": (2,),
        "project_assets": (1,),
    }
    archive = await fetch(done["result"]["downloadUrl"])
    left_out = await export(api, token, select=SECTIONS, options={"includeProjects": False})
    assert counts(left_out["result"]["sections"], "projects", "project_files") == {
        "projects": (0,),
        "project_files": (0,),
    }

    other = await api.user(admin_token=token)
    imported = await import_archive(api, other, archive, select=SECTIONS)
    assert imported["status"] == "SUCCEEDED", imported
    assert counts(imported["result"]["sections"], "projects", "project_files", "project_assets") == {
        "projects": (1, 0),
        "project_files": (2, 0),
        "project_assets": (1, 0),
    }
    [copy] = (await api.data(PROJECTS, token=other))["projects"]["nodes"]
    assert (copy["name"], copy["tags"], copy["description"]) == ("Night Drive", ["synthwave"], "city lights")
    assert (copy["totalFiles"], copy["totalSizeBytes"]) == (2, str(4 + len(big)))
    assert copy["id"] != project["id"] and len(copy["folders"]) == 10
    by_name = {f["name"]: f for f in copy["folders"]}
    [kick] = by_name["05 Stems"]["files"]["nodes"]
    [mastered] = by_name["07 Master"]["files"]["nodes"]
    assert kick["relativePath"] == "Drums/Kick.wav" and await fetch(kick["downloadUrl"]) == b"kick"
    assert mastered["sha256"] == hashlib.sha256(big).hexdigest() and await fetch(mastered["downloadUrl"]) == big
    assert [a["sketch"]["title"] for a in by_name["05 Stems"]["assets"]["nodes"]] == ["Idea"]

    again = await import_archive(api, other, archive, select=SECTIONS)
    assert counts(again["result"]["sections"], "projects", "project_files", "project_assets") == {
        "projects": (0, 1),
        "project_files": (0, 2),
        "project_assets": (0, 1),
    }
    [still] = (await api.data(PROJECTS, token=other))["projects"]["nodes"]
    assert (still["totalFiles"], still["totalSizeBytes"]) == (2, str(4 + len(big)))
    # The source account's project is untouched by all this.
    original = (await api.data(PROJECT, {"id": project["id"]}, token))["node"]
    assert (original["totalFiles"], original["totalSizeBytes"]) == (2, str(4 + len(big)))


async def test_an_archive_from_the_same_account_restores_nothing_twice(api: Api) -> None:
    token = await api.user()
    project = await create_project(api, token)
    await put_file(api, token, project["folders"][0]["id"], "a.txt", b"a")
    archive = await fetch((await export(api, token, select=SECTIONS))["result"]["downloadUrl"])
    imported = await import_archive(api, token, archive, select=SECTIONS)
    assert counts(imported["result"]["sections"], "projects", "project_files") == {
        "projects": (0, 1),
        "project_files": (0, 1),
    }
    assert len((await api.data(PROJECTS, token=token))["projects"]["nodes"]) == 1
