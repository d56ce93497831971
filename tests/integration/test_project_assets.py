"""Projects' mirror plans and filed assets over the real API: the plan compares paths, hashes and sizes; songs,
sketches and images are filed in folders (an image in several projects), listed per folder, and a song made from a
filed sketch lands in the sketch's folder."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.conftest import Running
from tests.integration.cases.images import image
from tests.integration.cases.projects import ASSIGN, create_project, put_file
from tests.integration.cases.songs import start_song
from tests.support import ERRORS, Api, create_sketch, settle

PLAN = f"""query($i: ProjectFolderMirrorPlanInput!) {{ projectFolderMirrorPlan(input: $i) {{
    plan {{
        toUpload {{ relativePath sizeBytes sha256 file {{ id }} }}
        toUpdate {{ relativePath sizeBytes file {{ id relativePath sha256 }} }}
        toDelete {{ relativePath sizeBytes file {{ id }} }}
        unchanged {{ relativePath file {{ id }} }}
    }} {ERRORS} }} }}"""
UNASSIGN = f"""mutation($i: ProjectAssetInput!) {{ projectAssetUnassign(input: $i) {{ folder {{ id }} {ERRORS} }} }}"""
ASSETS = """query($id: ID!) { node(id: $id) { ... on ProjectFolder { assets(first: 20) { totalCount
    nodes { kind song { id title } sketch { id } image { id } folder { id } } } } } }"""


def entry(path: str, data: bytes) -> dict[str, Any]:
    return {"relativePath": path, "sha256": hashlib.sha256(data).hexdigest(), "sizeBytes": len(data)}


async def plan(api: Api, token: str, folder_id: str, files: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return dict(
        await api.payload(
            "projectFolderMirrorPlan", PLAN, {"i": {"folderId": folder_id, "files": files, **extra}}, token
        )
    )


def paths(entries: list[dict[str, Any]]) -> list[str]:
    return [e["relativePath"] for e in entries]


async def test_the_mirror_plan_compares_paths_hashes_and_sizes(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    folder_id = (await create_project(api, token))["folders"][4]["id"]
    same = await put_file(api, token, folder_id, "Drums/Kick.wav", b"kick")
    changed = await put_file(api, token, folder_id, "Bass.wav", b"bass v1")
    gone = await put_file(api, token, folder_id, "Old/Pad.wav", b"pad")
    await put_file(api, token, folder_id, "Keep/Other.wav", b"other")

    local = [
        entry("Drums\\Kick.wav", b"kick"),  # the same file, a Windows path
        entry("Bass.wav", b"bass v2"),
        entry("Vocals/Lead.wav", b"lead"),
        entry("Keep/Other.wav", b"other"),
    ]
    answer = await plan(api, token, folder_id, local)
    assert answer["userErrors"] == [], answer
    found = answer["plan"]
    assert paths(found["toUpload"]) == ["Vocals/Lead.wav"] and found["toUpload"][0]["file"] is None
    assert [(e["relativePath"], e["file"]["id"], e["sizeBytes"]) for e in found["toUpdate"]] == [
        ("Bass.wav", changed["id"], "7")
    ]
    assert [(e["relativePath"], e["file"]["id"]) for e in found["toDelete"]] == [("Old/Pad.wav", gone["id"])]
    assert [(e["relativePath"], e["file"]["id"]) for e in found["unchanged"]] == [
        ("Drums/Kick.wav", same["id"]),
        ("Keep/Other.wav", found["unchanged"][1]["file"]["id"]),
    ]
    # Same hash, other size: changed too (sizes are compared as well).
    liar = {**entry("Drums/Kick.wav", b"kick"), "sizeBytes": 5}
    assert paths((await plan(api, token, folder_id, [liar]))["plan"]["toUpdate"]) == ["Drums/Kick.wav"]
    # A subfolder at a time: what is elsewhere in the folder is left out.
    sub = (await plan(api, token, folder_id, [entry("Drums/Snare.wav", b"snare")], prefix="Drums"))["plan"]
    assert paths(sub["toUpload"]) == ["Drums/Snare.wav"] and paths(sub["toDelete"]) == ["Drums/Kick.wav"]
    assert sub["toUpdate"] == [] and sub["unchanged"] == []

    bad = await plan(
        api,
        token,
        folder_id,
        [entry("../x", b"x"), {**entry("a", b"a"), "sha256": "nope"}, entry("b", b"b"), entry("b", b"b")],
    )
    assert bad["plan"] is None
    assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [
        (["input", "files", "0", "relativePath"], "INVALID"),
        (["input", "files", "1", "sha256"], "INVALID"),
        (["input", "files", "3", "relativePath"], "INVALID"),
    ]
    outside = await plan(api, token, folder_id, [entry("Bass.wav", b"b")], prefix="Drums/")
    assert [e["field"] for e in outside["userErrors"]] == [["input", "files", "0", "relativePath"]]


async def test_a_plan_takes_thousands_of_files_in_one_request(api: Api) -> None:
    token = await api.user()
    folder_id = (await create_project(api, token))["folders"][0]["id"]
    await put_file(api, token, folder_id, "f0001.wav", b"1")
    local = [entry(f"f{i:04}.wav", str(i).encode()) for i in range(1, 3001)]
    found = (await plan(api, token, folder_id, local))["plan"]
    assert len(found["toUpload"]) == 2999 and paths(found["unchanged"]) == ["f0001.wav"]


async def test_songs_sketches_and_images_are_filed_in_folders(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    first = await create_project(api, token, name="First")
    second = await create_project(api, token, name="Second")
    ai, pictures = first["folders"][1]["id"], first["folders"][2]["id"]
    other_pictures = second["folders"][2]["id"]
    sketch = await create_sketch(api, token, title="Idea", select="id")
    picture = await image(api, token)

    async def assign(folder_id: str, asset_id: str) -> dict[str, Any]:
        return dict(
            await api.mutate("projectAssetAssign", ASSIGN, {"i": {"folderId": folder_id, "assetId": asset_id}}, token)
        )

    filed = await assign(ai, sketch["id"])
    assert filed["asset"]["kind"] == "SKETCH" and filed["asset"]["sketch"]["id"] == sketch["id"]
    await assign(pictures, picture)
    await assign(other_pictures, picture)  # an image may be in several projects
    await assign(ai, picture)  # … and moves within one
    listed = (await api.data(ASSETS, {"id": ai}, token))["node"]["assets"]
    assert listed["totalCount"] == 2 and [a["kind"] for a in listed["nodes"]] == ["IMAGE", "SKETCH"]  # last filed first
    assert (await api.data(ASSETS, {"id": pictures}, token))["node"]["assets"]["totalCount"] == 0
    assert (await api.data(ASSETS, {"id": other_pictures}, token))["node"]["assets"]["totalCount"] == 1

    # A song made from the filed sketch lands in the sketch's folder.
    made = await start_song(api, token, sketchId=sketch["id"], title="From the idea")
    assert made["userErrors"] == [], made
    song_id = made["song"]["id"]
    songs = [a for a in (await api.data(ASSETS, {"id": ai}, token))["node"]["assets"]["nodes"] if a["kind"] == "SONG"]
    assert [a["song"]["id"] for a in songs] == [song_id]
    # A song or sketch is in one folder at most: filing it elsewhere moves it.
    await assign(second["folders"][0]["id"], song_id)
    kinds = [a["kind"] for a in (await api.data(ASSETS, {"id": ai}, token))["node"]["assets"]["nodes"]]
    assert sorted(kinds) == ["IMAGE", "SKETCH"]

    out = await api.mutate("projectAssetUnassign", UNASSIGN, {"i": {"folderId": ai, "assetId": picture}}, token)
    assert out["folder"]["id"] == ai
    again = await api.payload("projectAssetUnassign", UNASSIGN, {"i": {"folderId": ai, "assetId": picture}}, token)
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]
    assert (await api.data(ASSETS, {"id": other_pictures}, token))["node"]["assets"]["totalCount"] == 1
    await settle(api, token)
