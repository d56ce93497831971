"""The `aiproxy` command-line client, installed and run as a user runs it, against the real app in both modes:
signing in and out, listing projects and folders, uploading a tree (ignore files, parts, nothing sent twice),
downloading and cloning byte for byte, mirroring with a plan and a confirmed delete, resuming a transfer killed
halfway (and after Ctrl-C, or with a partial file that is stale), never writing through a symlink out of the target,
HTTPS with a private CA, and examples in every --help; also sessions that expire or are revoked, lists longer than
a page of the API, and signed URLs that expire during a slow transfer.

What is checked is what a user notices: exit codes, messages, files on disk, files on the server (through GraphQL)
and the counts of --json.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import signal
import ssl
import time
import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.http import server_options
from infra.settings import Settings
from tests.conftest import Running, serve
from tests.integration.cases.projects import FOLDER_NAMES, create_project, put_file, start_upload
from tests.support import PASSWORD, Api, free_port, serving
from tests.support.cli import (
    PART_FILE_SUFFIX,
    Cli,
    MiB,
    Result,
    Started,
    digests,
    mode,
    private_ca,
    tree_of,
    write_tree,
)

PART = 5 * MiB  # the tests' PROJECT_UPLOAD_PART_BYTES
NEW_PASSWORD = "another horse battery"
FILES = """query($id: ID!, $after: String) { node(id: $id) { ... on ProjectFolder {
    files(first: 100, after: $after) { nodes { relativePath sizeBytes sha256 } pageInfo { endCursor hasNextPage } }
    } } }"""


# --------------------------------------------------------------------------- helpers


def ok(result: Result) -> Result:
    assert result.code == 0, str(result)
    return result


async def signed_in(running: Running, home: Path) -> tuple[Cli, str]:
    """A new account, signed in on the command line (`aiproxy login`) and through GraphQL (the token)."""
    api = running.api
    user = await api.register()
    token = await api.login(user["email"])
    cli = Cli(home)
    ok(await cli.login(api.base_url, user["email"]))
    return cli, token


async def remote_files(api: Api, token: str, folder_id: str) -> dict[str, tuple[str, int]]:
    """The folder's files as the server lists them: path → (sha256, size)."""
    found: dict[str, tuple[str, int]] = {}
    after = None
    while True:
        page = (await api.data(FILES, {"id": folder_id, "after": after}, token))["node"]["files"]
        found.update({f["relativePath"]: (f["sha256"], int(f["sizeBytes"])) for f in page["nodes"]})
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def seed(api: Api, token: str, folder_id: str, files: dict[str, bytes]) -> None:
    """Files put into a folder through the API, as another client (the web app) would."""
    for path, data in files.items():
        await put_file(api, token, folder_id, path, data)


def folder_id(project: dict[str, Any], name: str) -> str:
    return next(str(f["id"]) for f in project["folders"] if f["name"] == name)


def part_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(PART_FILE_SUFFIX)]


def rnd(size: int) -> bytes:
    return os.urandom(size)


def nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


# --------------------------------------------------------------------------- 1. signing in and out


async def test_login_whoami_a_wrong_password_and_logout(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    email = (await api.register())["email"]
    cli = Cli(tmp_path)

    wrong = await cli.login(api.base_url, email, password="not my password")
    assert wrong.code == 3, str(wrong)
    assert "Invalid email or password." in wrong.output, str(wrong)

    ok(await cli.login(api.base_url, email))
    # The token is a secret: the file is the user's alone, and so is its folder. No password is kept.
    assert cli.config_file.is_file()
    assert mode(cli.config_file) == 0o600, oct(mode(cli.config_file))
    assert mode(cli.config_dir) == 0o700, oct(mode(cli.config_dir))
    assert PASSWORD not in cli.config_file.read_text()

    me = ok(await cli.run("whoami", "--json")).json
    assert me["email"] == email
    assert me["apiUrl"].rstrip("/") == api.base_url
    assert me["expiresAt"]
    assert ok(await cli.run("projects", "--json")).json == []

    # A password change (on the web) ends every older session, the CLI's too.
    await api.mutate(
        "passwordChange",
        "mutation($i: PasswordChangeInput!) { passwordChange(input: $i) { token userErrors { code message } } }",
        {"i": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}},
        await api.login(email),
    )
    revoked = await cli.run("projects", "--json")
    assert revoked.code == 3, str(revoked)
    assert re.search(r"log\s?in", revoked.output, re.IGNORECASE), str(revoked)
    ok(await cli.login(api.base_url, email, password=NEW_PASSWORD))
    assert ok(await cli.run("projects", "--json")).json == []

    ok(await cli.run("logout"))
    after = await cli.run("projects")
    assert after.code == 3, str(after)
    assert re.search(r"log\s?in", after.output, re.IGNORECASE), str(after)

    # A token from the environment (a CI job) is used instead of a stored one.
    token = await api.login(email, NEW_PASSWORD)
    from_env = Cli(tmp_path, extra_env={"AIPROXY_API_URL": api.base_url, "AIPROXY_TOKEN": token})
    assert ok(await from_env.run("projects", "--json")).json == []


async def test_a_server_that_does_not_answer_is_exit_5(tmp_path: Path) -> None:
    result = await Cli(tmp_path).login(f"http://127.0.0.1:{free_port()}", "someone@example.com")
    assert result.code == 5, str(result)


async def test_login_without_a_terminal_asks_for_password_stdin(tmp_path: Path) -> None:
    """No terminal to prompt on (a script, CI): a usage error that names the way, before any request."""
    result = await Cli(tmp_path).run("login", "--api-url", f"http://127.0.0.1:{free_port()}")
    assert result.code == 2, str(result)
    assert "--password-stdin" in result.stderr, str(result)


async def test_an_expired_session_says_to_log_in_again(embedded_settings: Settings, tmp_path: Path) -> None:
    async with serve(embedded_settings.replace(jwt_ttl_seconds=3)) as running:
        cli, _ = await signed_in(running, tmp_path / "cli")
        ok(await cli.run("projects", "--json"))
        await asyncio.sleep(3.5)
        expired = await cli.run("projects", "--json")
        assert expired.code == 3, str(expired)
        assert re.search(r"log\s?in", expired.output, re.IGNORECASE), str(expired)


# --------------------------------------------------------------------------- 2. projects and folders


async def test_projects_and_folders_by_id_and_by_name(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path)
    night = await create_project(api, token, name="Night Drive", tags=["synthwave"])
    cafe = await create_project(api, token, name="Café Müller")

    listed = ok(await cli.run("projects", "--json")).json
    assert {p["id"]: p["name"] for p in listed} == {night["id"]: "Night Drive", cafe["id"]: "Café Müller"}
    entry = next(p for p in listed if p["id"] == night["id"])
    assert entry["tags"] == ["synthwave"]
    assert (entry["totalFiles"], int(entry["totalSizeBytes"])) == (0, 0)
    assert entry["updatedAt"]

    found = ok(await cli.run("projects", "--search", "café", "--json")).json
    assert [p["name"] for p in found] == ["Café Müller"]

    expected = [(f["id"], f["name"], f["kind"].lower(), f["position"]) for f in night["folders"]]
    assert [f[1] for f in expected] == FOLDER_NAMES
    for ref in (night["id"], "Night Drive"):
        folders = ok(await cli.run("folders", ref, "--json")).json
        assert [(f["id"], f["name"], str(f["kind"]).lower(), f["position"]) for f in folders] == expected, ref

    unknown = await cli.run("folders", "No Such Project", "--json")
    assert unknown.code == 4, str(unknown)
    (tmp_path / "empty").mkdir()
    no_folder = await cli.run("upload", "Night Drive", "99 Nowhere", tmp_path / "empty")
    assert no_folder.code == 4, str(no_folder)
    await create_project(api, token, name="Demo")
    await create_project(api, token, name="Demo")
    ambiguous = await cli.run("folders", "Demo", "--json")
    assert ambiguous.code == 4, str(ambiguous)

    no_path = await cli.run("upload", "Night Drive", "stems", tmp_path / "no such folder")
    assert no_path.code == 2, str(no_path)
    bad_rate = await cli.run("upload", "Night Drive", "stems", tmp_path / "empty", "--limit-rate", "fast")
    assert bad_rate.code == 2, str(bad_rate)


# --------------------------------------------------------------------------- 3. upload


async def test_upload_a_tree_with_ignore_files_then_nothing_twice(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    stems = folder_id(project, "05 Stems")

    src = tmp_path / "src"
    wanted = {
        "Drums/Kick.wav": rnd(3_000),
        "Drums/Loops/a.wav": rnd(70_000),
        "Vocals/Lead.wav": rnd(200_000),
        "Vocals/Chœur été.wav": rnd(1_234),  # non-ASCII, with a space
        "Vocals/Cafe\u0301.wav": rnd(2_345),  # NFD, as macOS names it: the server keeps "Café.wav" (NFC)
        "Bass/Bass.wav": rnd(12 * MiB + 4_321),  # three parts
        "keep.tmp": b"a .tmp file its folder's .aiproxyignore un-ignores",
        "Notes/empty.txt": b"",
    }
    ignored = {
        ".DS_Store": b"\0\0\0\1Bud1",
        "Drums/.DS_Store": b"\0\0\0\1Bud1",
        "x.tmp": b"scratch",
        "node_modules/left-pad/index.js": b"module.exports = 1",
        "Vocals/Lead.reapeaks": b"peaks",  # Vocals/.aiproxyignore
        "Drums/Kick.wav.asd": b"ableton analysis",  # the global ignore file
    }
    write_tree(src, {**wanted, **ignored})
    write_tree(src, {".aiproxyignore": b"# un-ignore one default\n!keep.tmp\n"})
    write_tree(src, {"Vocals/.aiproxyignore": b"# peak files\n*.reapeaks\n"})
    cli.global_ignore.parent.mkdir(parents=True, exist_ok=True)
    cli.global_ignore.write_text("# Ableton\n*.asd\n")
    ignore_files = {".aiproxyignore", "Vocals/.aiproxyignore"}
    local_count = len(tree_of(src))

    first = ok(await cli.run("upload", "Night Drive", "stems", src, "--json")).json
    remote = await remote_files(api, token, stems)
    # Exactly the wanted files (the .aiproxyignore files themselves may go along), byte for byte.
    assert set(remote) - ignore_files == {nfc(path) for path in wanted}, sorted(remote)
    for path, data in wanted.items():
        assert remote[nfc(path)] == (hashlib.sha256(data).hexdigest(), len(data)), path
    assert first["project"] == {"id": project["id"], "name": "Night Drive"}
    assert first["folder"]["id"] == stems and first["folder"]["name"] == "05 Stems"
    assert first["dryRun"] is False
    assert (first["uploaded"], first["updated"], first["unchanged"], first["deleted"]) == (len(remote), 0, 0, 0)
    assert (first["failed"], first["errors"]) == (0, [])
    assert first["ignored"] == local_count - len(remote), first
    assert first["bytesSent"] == sum(size for _, size in remote.values())

    listed = ok(await cli.run("projects", "--json")).json
    assert (listed[0]["totalFiles"], int(listed[0]["totalSizeBytes"])) == (
        len(remote),
        sum(size for _, size in remote.values()),
    )

    again = ok(await cli.run("upload", project["id"], stems, src, "--json")).json
    assert (again["uploaded"], again["updated"], again["failed"]) == (0, 0, 0), again
    assert again["unchanged"] == len(remote)
    assert again["bytesSent"] == 0
    assert await remote_files(api, token, stems) == remote

    # One file changed here (same size): it alone is sent again, and counted as updated.
    changed = rnd(70_000)
    (src / "Drums/Loops/a.wav").write_bytes(changed)
    third = ok(await cli.run("upload", "Night Drive", "05 STEMS", src, "--json")).json
    assert (third["uploaded"], third["updated"], third["unchanged"]) == (0, 1, len(remote) - 1), third
    assert third["bytesSent"] == len(changed)
    assert (await remote_files(api, token, stems))["Drums/Loops/a.wav"] == (hashlib.sha256(changed).hexdigest(), 70_000)


# --------------------------------------------------------------------------- 4. download

DOWNLOADED = {
    "Drums/Kick.wav": 3_000,
    "Drums/Loops/a.wav": 70_000,
    "Vocals/Chœur été.wav": 1_234,
    "Bass.wav": 12 * MiB + 99,  # uploaded and downloaded in parts
    "Notes/empty.txt": 0,
}


async def test_download_a_folder_byte_for_byte_then_nothing_twice(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    files = {path: rnd(size) for path, size in DOWNLOADED.items()}
    await seed(api, token, folder_id(project, "06 Mix"), files)

    dest = tmp_path / "dest"
    dest.mkdir()
    first = ok(await cli.run("download", project["id"], "06 mix", dest, "--json")).json
    assert tree_of(dest) == files
    assert (first["downloaded"], first["unchanged"], first["failed"], first["errors"]) == (len(files), 0, 0, [])
    assert first["bytesReceived"] == sum(DOWNLOADED.values())
    assert first["folder"]["name"] == "06 Mix"
    assert part_files(dest) == []

    again = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert (again["downloaded"], again["unchanged"], again["failed"]) == (0, len(files), 0), again
    assert again["bytesReceived"] == 0
    assert tree_of(dest) == files

    # A file changed here (same size) is not the server's: it is downloaded again.
    (dest / "Drums/Kick.wav").write_bytes(rnd(3_000))
    third = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert (third["downloaded"], third["unchanged"]) == (1, len(files) - 1), third
    assert tree_of(dest) == files


# --------------------------------------------------------------------------- 5. clone


async def test_clone_makes_every_folder_and_file(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    content = {
        "01 Arrangement": {"notes.txt": b"intro, verse, chorus"},
        "05 Stems": {"Drums/Kick.wav": rnd(5_000), "Vocals/Chœur.wav": rnd(2_000)},
        "10 Archive": {"Old/v1/mix.wav": rnd(9_000)},
    }
    for name, files in content.items():
        await seed(api, token, folder_id(project, name), files)
    expected = {f"{name}/{path}": data for name, files in content.items() for path, data in files.items()}

    target = tmp_path / "clone"
    result = ok(await cli.run("clone", "Night Drive", target, "--json")).json
    assert sorted(p.name for p in target.iterdir() if p.is_dir()) == FOLDER_NAMES
    assert tree_of(target) == expected
    assert (result["downloaded"], result["failed"], result["foldersCreated"]) == (4, 0, 10), result

    # -d: the project's own directory inside PATH (here the current directory, PATH left out).
    work = tmp_path / "work"
    work.mkdir()
    ok(await cli.run("clone", "-d", project["id"], "--json", cwd=work))
    assert [p.name for p in work.iterdir()] == ["Night Drive"]
    cloned = work / "Night Drive"
    assert sorted(p.name for p in cloned.iterdir() if p.is_dir()) == FOLDER_NAMES
    assert tree_of(cloned) == expected

    again = ok(await cli.run("clone", "Night Drive", target, "--json")).json
    assert (again["downloaded"], again["unchanged"], again["failed"]) == (0, 4, 0), again
    assert tree_of(target) == expected


# --------------------------------------------------------------------------- 6. mirror


async def test_mirror_plans_uploads_updates_and_deletes_only_when_confirmed(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    master = folder_id(project, "07 Master")
    start = {"a.wav": rnd(10_000), "Mix/b.wav": rnd(20_000), "Mix/c.wav": rnd(30_000)}
    await seed(api, token, master, start)
    before = await remote_files(api, token, master)

    src = tmp_path / "src"
    write_tree(src, start)
    write_tree(src, {"New/d.wav": rnd(40_000)})  # added
    (src / "Mix/b.wav").write_bytes(rnd(20_000))  # changed (same size)
    (src / "Mix/c.wav").unlink()  # deleted
    local = tree_of(src)

    plan = ok(await cli.run("mirror", "Night Drive", "master", "--dry-run", "--json", cwd=src)).json
    assert plan["dryRun"] is True
    assert [e["path"] for e in plan["plan"]["upload"]] == ["New/d.wav"]
    assert [e["path"] for e in plan["plan"]["update"]] == ["Mix/b.wav"]
    assert [e["path"] for e in plan["plan"]["delete"]] == ["Mix/c.wav"]
    assert plan["plan"]["unchanged"] == 1
    assert await remote_files(api, token, master) == before

    # Without --delete: new and changed files go up, counted apart; the remote-only file stays.
    done = ok(await cli.run("mirror", "Night Drive", "master", "--json", cwd=src)).json
    assert done["uploaded"] == 1, done
    assert done["updated"] == 1, done
    assert (done["kept"], done["deleted"], done["unchanged"], done["failed"]) == (1, 0, 1, 0), done
    assert await remote_files(api, token, master) == {**digests(local), "Mix/c.wav": before["Mix/c.wav"]}

    # --delete without --yes and without a terminal to confirm on: refused, nothing deleted.
    refused = await cli.run("mirror", "Night Drive", "master", "--delete", cwd=src)
    assert refused.code == 1, str(refused)
    assert "--yes" in refused.output, str(refused)  # says how to go on
    assert "Mix/c.wav" in await remote_files(api, token, master)

    deleted = ok(await cli.run("mirror", "Night Drive", "master", "--delete", "--yes", "--json", cwd=src)).json
    assert (deleted["deleted"], deleted["kept"], deleted["uploaded"], deleted["updated"]) == (1, 0, 0, 0), deleted
    assert deleted["unchanged"] == 3
    assert await remote_files(api, token, master) == digests(local)


async def test_mirror_sees_remote_files_outside_the_local_subfolders(embedded: Running, tmp_path: Path) -> None:
    """A local tree of subfolders only (no file at its top): what the folder has elsewhere, at its top or in a
    subfolder the tree no longer has, is still the folder's only, to keep or to delete."""
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    stems = folder_id(project, "05 Stems")
    local = {"Drums/Kick.wav": rnd(1_000), "Vocals/Lead.wav": rnd(2_000)}
    await seed(api, token, stems, {**local, "Old Mix.wav": rnd(3_000), "Old/Snare.wav": rnd(4_000)})
    src = tmp_path / "src"
    write_tree(src, local)

    plan = ok(await cli.run("mirror", "Night Drive", "stems", src, "--dry-run", "--json")).json
    assert sorted(e["path"] for e in plan["plan"]["delete"]) == ["Old Mix.wav", "Old/Snare.wav"], plan["plan"]
    kept = ok(await cli.run("upload", "Night Drive", "stems", src, "--json")).json
    assert (kept["unchanged"], kept["kept"]) == (2, 2), kept
    done = ok(await cli.run("mirror", "Night Drive", "stems", src, "--delete", "--yes", "--json")).json
    assert done["deleted"] == 2, done
    assert await remote_files(api, token, stems) == digests(local)


async def test_a_tree_larger_than_one_plan_request_is_planned_in_pieces(embedded: Running, tmp_path: Path) -> None:
    """The API plans at most 5000 files a request: 5511 local files are asked about in pieces (a subfolder at a
    time), and the plan is still the whole tree's: every new file, the one unchanged, and the one only the folder
    has."""
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    stems = folder_id(project, "05 Stems")
    same = rnd(100)
    local = {f"Takes/take-{n:04}.txt": str(n).encode() for n in range(3000)}
    local |= {f"Comps/comp-{n:04}.txt": f"c{n}".encode() for n in range(2500)}
    local |= {f"top-{n}.txt": f"t{n}".encode() for n in range(10)}
    local["Takes/kept.wav"] = same
    await seed(api, token, stems, {"Takes/kept.wav": same, "Old/Snare.wav": rnd(200)})
    src = tmp_path / "src"
    write_tree(src, local)

    plan = ok(await cli.run("mirror", "Night Drive", "stems", src, "--dry-run", "--json")).json["plan"]
    assert len(plan["upload"]) == len(local) - 1, len(plan["upload"])
    assert {e["path"] for e in plan["upload"]} == set(local) - {"Takes/kept.wav"}
    assert (plan["update"], plan["unchanged"]) == ([], 1), plan["update"][:3]
    assert [e["path"] for e in plan["delete"]] == ["Old/Snare.wav"]


# --------------------------------------------------------------------------- 7-8. resuming


async def until_partial(running: Started, partial: Path, size: int) -> None:
    """Waits (60 s at most) until the running download's partial file holds more than `size` bytes."""
    deadline = time.monotonic() + 60
    while not (partial.exists() and partial.stat().st_size > size):
        assert running.process.returncode is None, f"ended before it was stopped\n{running.output()}"
        assert time.monotonic() < deadline, f"no {partial.name} of {size} bytes after 60 s\n{running.output()}"
        await asyncio.sleep(0.05)


async def test_an_upload_killed_halfway_resumes_from_the_parts_sent(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    stems = folder_id(project, "05 Stems")
    data = rnd(40 * MiB + 777)
    digest = hashlib.sha256(data).hexdigest()
    src = tmp_path / "src"
    write_tree(src, {"Big.wav": data})

    running = await cli.start("upload", project["id"], stems, src, "--jobs", "1", "--limit-rate", "4M")
    try:
        deadline = time.monotonic() + 60
        while True:
            assert running.process.returncode is None, f"ended before it was killed\n{running.output()}"
            assert time.monotonic() < deadline, f"fewer than 2 parts stored after 60 s\n{running.output()}"
            # Declaring the same file again answers the upload under way, with the parts storage holds.
            declared = await start_upload(api, token, stems, "Big.wav", len(data), digest)
            if len(declared["upload"]["uploadedParts"]) >= 2:
                break
            await asyncio.sleep(0.2)
    finally:
        await running.kill()
    assert "Big.wav" not in await remote_files(api, token, stems)

    resumed = ok(await cli.run("upload", project["id"], stems, src, "--json")).json
    assert resumed["resumedParts"] >= 2, resumed
    assert (resumed["uploaded"], resumed["failed"]) == (1, 0), resumed
    assert 0 < resumed["bytesSent"] <= len(data) - 2 * PART, resumed
    assert await remote_files(api, token, stems) == {"Big.wav": (digest, len(data))}


async def test_a_download_killed_halfway_resumes_from_the_part_file(stack: Running, tmp_path: Path) -> None:
    api = stack.api
    cli, token = await signed_in(stack, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    data = rnd(40 * MiB + 555)
    await seed(api, token, folder_id(project, "06 Mix"), {"Big.wav": data})
    dest = tmp_path / "dest"
    dest.mkdir()
    partial = dest / f"Big.wav{PART_FILE_SUFFIX}"

    running = await cli.start("download", "Night Drive", "mix", dest, "--limit-rate", "4M")
    try:
        await until_partial(running, partial, 8 * MiB)
    finally:
        await running.kill()
    assert not (dest / "Big.wav").exists(), "a partial download must not look like the file"

    resumed = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert resumed["resumedBytes"] > 0, resumed
    assert (resumed["downloaded"], resumed["failed"]) == (1, 0), resumed
    assert resumed["bytesReceived"] == len(data) - resumed["resumedBytes"], resumed
    assert tree_of(dest) == {"Big.wav": data}
    assert part_files(dest) == []


async def test_a_stale_part_file_never_ends_up_in_the_file(embedded: Running, tmp_path: Path) -> None:
    """A partial download of bytes the server no longer has (the file was replaced since) must not be continued
    into a file that mixes old and new bytes."""
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    mix = folder_id(project, "06 Mix")
    await seed(api, token, mix, {"Big.wav": rnd(40 * MiB)})
    dest = tmp_path / "dest"
    dest.mkdir()
    partial = dest / f"Big.wav{PART_FILE_SUFFIX}"
    running = await cli.start("download", "Night Drive", "mix", dest, "--limit-rate", "4M")
    try:
        await until_partial(running, partial, 8 * MiB)
    finally:
        await running.kill()

    # Meanwhile the file was replaced on the server (same size, other bytes); and an older crash left a partial
    # file larger than the file the server now has.
    replaced = {"Big.wav": rnd(40 * MiB), "Small.wav": rnd(MiB)}
    await seed(api, token, mix, replaced)
    (dest / f"Small.wav{PART_FILE_SUFFIX}").write_bytes(rnd(3 * MiB))

    result = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert (result["downloaded"], result["failed"]) == (2, 0), result
    assert tree_of(dest) == replaced
    assert part_files(dest) == []
    # The CLI knew the partial file held another version of Big.wav: it was not continued (nor fetched twice).
    assert result["resumedBytes"] == 0, result
    assert result["bytesReceived"] == 41 * MiB, result


async def test_a_stale_part_file_of_a_file_emptied_since(embedded: Running, tmp_path: Path) -> None:
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    await seed(api, token, folder_id(project, "06 Mix"), {"Empty.wav": b"", "Other.wav": b"other"})
    dest = tmp_path / "dest"
    write_tree(dest, {f"Empty.wav{PART_FILE_SUFFIX}": rnd(1_000)})  # left by a download of its older bytes

    result = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert (result["downloaded"], result["failed"]) == (2, 0), result
    assert tree_of(dest) == {"Empty.wav": b"", "Other.wav": b"other"}


async def test_ctrl_c_stops_with_130_and_keeps_what_was_downloaded(embedded: Running, tmp_path: Path) -> None:
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    data = rnd(30 * MiB)
    await seed(api, token, folder_id(project, "06 Mix"), {"Big.wav": data})
    dest = tmp_path / "dest"
    dest.mkdir()
    partial = dest / f"Big.wav{PART_FILE_SUFFIX}"
    running = await cli.start("download", "Night Drive", "mix", dest, "--limit-rate", "4M")
    try:
        await until_partial(running, partial, 4 * MiB)
        os.killpg(running.process.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole process group
        code = await asyncio.wait_for(running.process.wait(), 15)
    finally:
        await running.kill()
    assert code == 130, running.output()
    assert partial.stat().st_size > 4 * MiB, "the bytes received before Ctrl-C are kept for the rerun"

    resumed = ok(await cli.run("download", "Night Drive", "mix", dest, "--json")).json
    assert resumed["resumedBytes"] > 4 * MiB, resumed
    assert tree_of(dest) == {"Big.wav": data}


async def test_ctrl_c_stops_an_upload_with_130_and_a_rerun_continues(embedded: Running, tmp_path: Path) -> None:
    """Ctrl-C while many files and parts are under way (a full queue of declared files): the command ends at once
    with 130 and says how to go on; the rerun sends only what storage does not hold yet."""
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    stems = folder_id(project, "05 Stems")
    files = {"Big.wav": rnd(30 * MiB)} | {f"Takes/take-{n:02}.wav": rnd(64 * 1024) for n in range(40)}
    src = tmp_path / "src"
    write_tree(src, files)
    digest = hashlib.sha256(files["Big.wav"]).hexdigest()

    running = await cli.start("upload", "Night Drive", "stems", src, "--jobs", "2", "--limit-rate", "4M")
    try:
        deadline = time.monotonic() + 60
        while True:
            assert running.process.returncode is None, f"ended before it was interrupted\n{running.output()}"
            assert time.monotonic() < deadline, f"no part of Big.wav stored after 60 s\n{running.output()}"
            declared = await start_upload(api, token, stems, "Big.wav", len(files["Big.wav"]), digest)
            if declared["upload"]["uploadedParts"]:
                break
            await asyncio.sleep(0.2)
        os.killpg(running.process.pid, signal.SIGINT)
        code = await asyncio.wait_for(running.process.wait(), 15)
    finally:
        await running.kill()
    assert code == 130, running.output()
    assert "again" in running.output(), running.output()

    resumed = ok(await cli.run("upload", "Night Drive", "stems", src, "--json")).json
    assert resumed["resumedParts"] >= 1, resumed
    assert resumed["failed"] == 0, resumed
    assert resumed["uploaded"] + resumed["unchanged"] == len(files), resumed
    assert resumed["bytesSent"] < sum(len(b) for b in files.values()), resumed
    assert await remote_files(api, token, stems) == digests(files)


# --------------------------------------------------------------------------- long lists, slow lines


async def test_more_than_a_page_of_projects_and_of_files(embedded: Running, tmp_path: Path) -> None:
    """The API answers lists a page at a time (20 projects, at most 100 files); the commands list them all."""
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    for i in range(24):
        await create_project(api, token, name=f"Song {i:02}")
    project = await create_project(api, token, name="Night Drive")
    listed = ok(await cli.run("projects", "--json")).json
    assert len(listed) == 25 and {p["name"] for p in listed} >= {"Song 00", "Song 23", "Night Drive"}

    files = {f"Takes/take {i:03}.wav": f"take {i}".encode() for i in range(110)}
    src, dest = tmp_path / "src", tmp_path / "dest"
    write_tree(src, files)
    uploaded = ok(await cli.run("upload", "Night Drive", "vocal", src, "--jobs", "8", "--json")).json
    assert (uploaded["uploaded"], uploaded["failed"]) == (110, 0), uploaded
    assert set(await remote_files(api, token, folder_id(project, "04 Vocal"))) == set(files)
    again = ok(await cli.run("mirror", "Night Drive", "vocal", src, "--json")).json
    assert (again["unchanged"], again["uploaded"], again["kept"]) == (110, 0, 0), again
    dest.mkdir()
    downloaded = ok(await cli.run("download", "Night Drive", "vocal", dest, "--jobs", "8", "--json")).json
    assert downloaded["downloaded"] == 110, downloaded
    assert tree_of(dest) == files


async def test_signed_urls_that_expire_during_a_slow_transfer_are_asked_for_again(
    any_mode_settings: Settings, tmp_path: Path
) -> None:
    """Signed URLs live SIGNED_URL_TTL_SECONDS (here 3 s): parts and files sent or fetched later than that, on a slow
    line, need new ones. (--limit-rate lets a second's worth go at once, then holds to the rate.)"""
    async with serve(any_mode_settings.replace(signed_url_ttl_seconds=3)) as running:
        api = running.api
        cli, token = await signed_in(running, tmp_path / "cli")
        project = await create_project(api, token, name="Night Drive")
        big = {"Big.wav": rnd(4 * PART + 1_000)}  # five parts at 4 MiB/s: the fifth starts 4 s after the first
        src = tmp_path / "src"
        write_tree(src, big)
        files = {f"{i}.wav": rnd(3 * MiB // 2) for i in range(4)}  # at 1 MiB/s: the fourth starts after 3.5 s
        await seed(api, token, folder_id(project, "06 Mix"), files)
        dest = tmp_path / "dest"
        dest.mkdir()

        up, down = await asyncio.gather(
            cli.run("upload", "Night Drive", "stems", src, "--jobs", "1", "--limit-rate", "4M", "--json"),
            cli.run("download", "Night Drive", "mix", dest, "--jobs", "1", "--limit-rate", "1M", "--json"),
        )
        assert (ok(up).json["uploaded"], up.json["failed"]) == (1, 0), str(up)
        assert await remote_files(api, token, folder_id(project, "05 Stems")) == digests(big)
        assert (ok(down).json["downloaded"], down.json["failed"]) == (4, 0), str(down)
        assert tree_of(dest) == files


# --------------------------------------------------------------------------- 9. safety


async def test_download_never_writes_through_a_symlink_out_of_the_target(embedded: Running, tmp_path: Path) -> None:
    api = embedded.api
    cli, token = await signed_in(embedded, tmp_path / "cli")
    project = await create_project(api, token, name="Night Drive")
    remote = {"Drums/Kick.wav": rnd(4_000), "Vocals/Lead.wav": rnd(6_000), "Mix.wav": rnd(3_000)}
    await seed(api, token, folder_id(project, "06 Mix"), remote)

    outside = tmp_path / "outside"
    write_tree(outside, {"keep.txt": b"not yours", "victim.wav": b"my own mix"})
    before = tree_of(outside)
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "Drums").symlink_to(outside, target_is_directory=True)  # a subfolder pointing out of the target
    (dest / "Mix.wav").symlink_to(outside / "victim.wav")  # a file pointing out of the target

    result = await cli.run("download", "Night Drive", "mix", dest, "--json")
    assert result.code == 1, str(result)
    assert "Drums/Kick.wav" in result.output, str(result)
    report = result.json
    assert report["failed"] >= 1 and any("Drums/Kick.wav" in e["path"] for e in report["errors"]), report
    assert tree_of(outside) == before, "nothing may be written outside the target"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt", "victim.wav"]
    assert (dest / "Vocals/Lead.wav").read_bytes() == remote["Vocals/Lead.wav"]


# --------------------------------------------------------------------------- 10. HTTPS with a private CA


async def test_https_with_a_private_ca_needs_the_bundle_once(embedded_settings: Settings, tmp_path: Path) -> None:
    certs = private_ca(tmp_path / "tls")
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    settings = embedded_settings.replace(port=port, public_url=url)
    app = create_app(settings)
    tls = {"ssl_certfile": str(certs.cert), "ssl_keyfile": str(certs.key)}
    async with serving(app, port, lifespan="on", timeout_graceful_shutdown=2, **tls, **server_options(settings)):
        api = Api(url)
        await api.http.aclose()
        api.http = httpx.AsyncClient(base_url=url, timeout=60, verify=ssl.create_default_context(cafile=str(certs.ca)))
        try:
            email = (await api.register())["email"]
            token = await api.login(email)
            cli = Cli(tmp_path / "cli")

            untrusted = await cli.login(url, email)
            assert untrusted.code == 5, str(untrusted)
            assert "certificate" in untrusted.output.lower(), str(untrusted)

            # As a user types it: the bundle named relative to where they are; later commands run elsewhere.
            ok(
                await cli.run(
                    "login",
                    "--api-url",
                    url,
                    "--email",
                    email,
                    "--password-stdin",
                    "--ca-bundle",
                    "ca.pem",
                    input=PASSWORD,
                    cwd=certs.ca.parent,
                )
            )
            # Later commands use the stored bundle, for the API and for the signed URLs it hands out.
            assert ok(await cli.run("projects", "--json")).json == []
            project = await create_project(api, token, name="Night Drive")
            src, dest = tmp_path / "src", tmp_path / "dest"
            files = {"Kick.wav": rnd(6_000), "Loops/a.wav": rnd(7 * MiB)}
            write_tree(src, files)
            uploaded = ok(await cli.run("upload", project["id"], "stems", src, "--json")).json
            assert uploaded["uploaded"] == 2, uploaded
            dest.mkdir()
            ok(await cli.run("download", project["id"], "stems", dest, "--json"))
            assert tree_of(dest) == files

            # AIPROXY_CA_BUNDLE does what --ca-bundle does.
            other = Cli(tmp_path / "other", extra_env={"AIPROXY_CA_BUNDLE": str(certs.ca)})
            ok(await other.login(url, email))
        finally:
            await api.close()


# --------------------------------------------------------------------------- 11. --help

COMMANDS = ["login", "logout", "whoami", "projects", "folders", "upload", "download", "clone", "mirror"]


async def test_the_help_lists_every_command(tmp_path: Path) -> None:
    result = ok(await Cli(tmp_path).run("--help"))
    for command in COMMANDS:
        assert re.search(rf"\b{command}\b", result.stdout), command
    assert "Exit codes" in result.stdout, result.stdout
    version = ok(await Cli(tmp_path).run("--version"))
    assert re.fullmatch(r"aiproxy \d+\.\d+\.\d+\S*\n", version.stdout), version.stdout


@pytest.mark.parametrize("command", COMMANDS)
async def test_every_command_has_examples_in_its_help(command: str, tmp_path: Path) -> None:
    result = ok(await Cli(tmp_path).run(command, "--help"))
    assert "Examples" in result.stdout, str(result)
    assert f"aiproxy {command}" in result.output, str(result)
