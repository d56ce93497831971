"""Projects in the browser: create one, upload a folder (with a nested subfolder and a file large enough to go in
parts) and watch each file's and the total progress, find the files with their sizes, download two and compare their
bytes, file a song made at the Mureka mock in a folder; an upload cut off by a reload continues from the parts
storage holds once the same file is picked again; files are moved, renamed, found and deleted several at once with
an outcome per file; the list searches by name and tags; the pages speak German. Screenshots go to
frontend-client/test-results/."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from infra.settings import Settings
from tests.browser.harness import Account, WebServer, screenshot, use_session
from tests.integration.cases.images import draw
from tests.integration.cases.projects import create_project, put_file
from tests.integration.cases.songs import generate

MIB = 1024 * 1024
PROJECT = """query($id: ID!) { node(id: $id) { ... on Project { id name totalFiles totalSizeBytes
    folders { id name files(first: 50) { nodes { relativePath sizeBytes sha256 } }
      assets { nodes { kind song { id title } } } } } } }"""


@pytest.fixture
def web_settings(web_client: Path, embedded_settings: Settings) -> Settings:
    """Parts of 5 MiB (S3's smallest), so a file of a few MiB is sent in parts."""
    return embedded_settings.replace(web_client_dir=web_client, project_upload_part_bytes=5 * MIB)


def project_of(web: WebServer, account: Account, project_id: str) -> dict[str, Any]:
    return dict(web.run(web.api.data(PROJECT, {"id": project_id}, account.token))["node"])


def folder_named(project: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in project["folders"] if f["name"] == name)


def project_id_of(page: Page) -> str:
    match = re.search(r"/projects/([^/?#]+)", page.url)
    assert match, page.url
    from urllib.parse import unquote

    return unquote(match.group(1))


def throttle(page: Page, bytes_per_second: int) -> Any:
    """A slow uplink (or none with -1), so an upload takes long enough to watch."""
    cdp: Any = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 5, "downloadThroughput": -1, "uploadThroughput": bytes_per_second},
    )
    return cdp


def open_folder(page: Page, name: str) -> None:
    page.get_by_test_id("folder-link").filter(has_text=name).click()
    expect(page.get_by_test_id("folder-title")).to_have_text(name)


def file_row(page: Page, path: str) -> Locator:
    return page.locator(f'[data-testid="file-row"][data-path="{path}"]')


def upload_item(page: Page, path: str) -> Locator:
    return page.locator(f'[data-testid="upload-item"][data-path="{path}"]')


def download(page: Page, path: str, into: Path) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download {path}", exact=True).click()
    target = into / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def progress_of(bar: Locator) -> float:
    return float(bar.get_attribute("aria-valuenow") or 0)


def test_create_a_project_upload_a_folder_download_and_file_a_song(web: WebServer, page: Page, tmp_path: Path) -> None:
    account = web.user(artistName="Mia")
    song, _ = web.run(generate(web.api, account.token, title="Harbor Lights", prompt="synthwave 1s"))
    assert song["status"] == "SUCCEEDED", song
    use_session(page, account)

    page.goto("/projects")
    expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    expect(page.get_by_text("No projects yet")).to_be_visible()
    page.get_by_role("button", name="New project").first.click()
    dialog = page.get_by_role("dialog", name="New project")
    dialog.get_by_role("button", name="Create project").click()
    expect(dialog.get_by_text("Give the project a name.")).to_be_visible()
    dialog.get_by_label("Name").fill("Night Drive")
    tags = dialog.get_by_label("Tags")
    tags.fill("synthwave")
    tags.press("Enter")
    dialog.get_by_label("Description").fill("A drive through the city at night.")
    dialog.get_by_role("button", name="Create project").click()
    expect(page).to_have_url(re.compile(r"/projects/[^/?]+$"))
    expect(page.get_by_test_id("project-name")).to_have_text("Night Drive")
    expect(page.get_by_test_id("folder-link")).to_have_count(10)
    expect(page.get_by_test_id("folder-title")).to_have_text("01 Arrangement")
    expect(page.get_by_test_id("files-empty")).to_have_text("No files in this folder yet.")
    project_id = project_id_of(page)

    # A folder from disk: a file that goes in two parts, one in a subfolder, a small one, and junk left out.
    session = tmp_path / "Session"
    (session / "Drums").mkdir(parents=True)
    mix = os.urandom(7 * MIB + 123)
    kick = os.urandom(200_000)
    (session / "Mix.wav").write_bytes(mix)
    (session / "Drums" / "Kick.wav").write_bytes(kick)
    (session / "notes.txt").write_text("BPM 92, key of F minor\n")
    (session / ".DS_Store").write_bytes(b"junk")

    open_folder(page, "05 Stems")
    throttle(page, 3 * MIB)
    page.get_by_test_id("upload-folder-input").set_input_files(session)
    uploads = page.get_by_role("region", name="Uploads")
    expect(uploads.get_by_test_id("upload-item")).to_have_count(3)
    expect(uploads.get_by_test_id("upload-total")).to_contain_text(re.compile(r"Uploading: \d of 3 files"))
    bar = uploads.get_by_role("progressbar", name="Upload: Session/Mix.wav")
    page.wait_for_function(
        "el => Number(el.getAttribute('aria-valuenow')) > 0 && Number(el.getAttribute('aria-valuenow')) < 100",
        arg=bar.element_handle(),
        timeout=20_000,
    )
    assert 0 <= progress_of(uploads.get_by_role("progressbar", name="All uploads")) < 100
    screenshot(page, "projects-uploading")

    for path in ("Session/Mix.wav", "Session/Drums/Kick.wav", "Session/notes.txt"):
        expect(upload_item(page, path)).to_have_attribute("data-phase", "done", timeout=30_000)
    expect(uploads.get_by_test_id("upload-total")).to_have_text(
        re.compile(r"^3 of 3 files uploaded, 7\.5 MB of 7\.5 MB$")
    )
    expect(page.get_by_test_id("file-row")).to_have_count(3)
    expect(file_row(page, "Session/Drums/Kick.wav").get_by_test_id("file-size")).to_have_text("200 kB")
    expect(file_row(page, "Session/Mix.wav").get_by_test_id("file-size")).to_have_text("7.3 MB")
    expect(page.get_by_test_id("project-totals")).to_contain_text("3 files, 7.5 MB")
    screenshot(page, "projects-files")

    stored = folder_named(project_of(web, account, project_id), "05 Stems")
    by_path = {f["relativePath"]: f for f in stored["files"]["nodes"]}
    assert set(by_path) == {"Session/Mix.wav", "Session/Drums/Kick.wav", "Session/notes.txt"}
    assert by_path["Session/Mix.wav"]["sha256"] == hashlib.sha256(mix).hexdigest()
    assert by_path["Session/Mix.wav"]["sizeBytes"] == str(len(mix))

    # A file dropped on the folder joins them.
    page.get_by_test_id("upload-dropzone").evaluate(
        """zone => {
            const transfer = new DataTransfer();
            transfer.items.add(new File(["Verse 1 lyrics"], "lyrics.txt", { type: "text/plain" }));
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
        }"""
    )
    expect(upload_item(page, "lyrics.txt")).to_have_attribute("data-phase", "done", timeout=20_000)
    expect(page.get_by_test_id("file-row")).to_have_count(4)

    # Downloads are the same bytes, the one uploaded in parts too.
    throttle(page, -1)
    assert download(page, "Session/Drums/Kick.wav", tmp_path) == kick
    assert download(page, "Session/Mix.wav", tmp_path) == mix

    # The song made at the mock is filed in the folder.
    page.get_by_role("button", name="File one here").click()
    dialog = page.get_by_role("dialog", name="File in 05 Stems")
    picker = dialog.get_by_role("textbox", name="Song", exact=True)
    picker.click()
    picker.fill("Harbor")
    page.get_by_role("option", name="Harbor Lights").click()
    dialog.get_by_role("button", name="File it here").click()
    expect(dialog).to_have_count(0)
    asset = page.get_by_test_id("folder-asset")
    expect(asset).to_have_count(1)
    expect(asset).to_have_attribute("data-kind", "SONG")
    expect(asset.get_by_role("link", name="Harbor Lights")).to_have_attribute("href", re.compile(r"^/songs\?song="))
    screenshot(page, "projects-assets")
    stems = folder_named(project_of(web, account, project_id), "05 Stems")
    assert [(a["kind"], a["song"]["title"]) for a in stems["assets"]["nodes"]] == [("SONG", "Harbor Lights")]

    # The CLI's commands for the folder, to copy.
    page.get_by_role("button", name="CLI commands").click()
    commands = page.get_by_test_id("cli-commands")
    expect(commands).to_contain_text("aiproxy upload 'Night Drive' '05 Stems' .")
    expect(commands).to_contain_text("aiproxy mirror 'Night Drive' '05 Stems' . --dry-run")
    page.keyboard.press("Escape")

    # Back in the list the project shows its files and size.
    page.get_by_role("link", name="All projects").click()
    card = page.get_by_test_id("project-card")
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("project-stats")).to_contain_text("4 files, 7.5 MB")


def test_an_upload_cut_off_by_a_reload_continues_from_the_stored_parts(
    web: WebServer, page: Page, tmp_path: Path
) -> None:
    account = web.user()
    project = web.run(create_project(web.api, account.token, name="Resume"))
    use_session(page, account)
    page.goto(f"/projects/{project['id']}")
    open_folder(page, "06 Mix")
    big = tmp_path / "Bounce.wav"
    data = os.urandom(12 * MIB)  # parts of 5, 5 and 2 MiB
    big.write_bytes(data)

    throttle(page, 2 * MIB)
    page.get_by_test_id("upload-files-input").set_input_files(big)
    bar = page.get_by_role("progressbar", name="Upload: Bounce.wav")
    # Past the first part (5 of 12 MiB), then the page is reloaded mid-upload.
    page.wait_for_function(
        "el => Number(el.getAttribute('aria-valuenow')) > 50", arg=bar.element_handle(), timeout=30_000
    )
    # The page asks before it leaves while uploads run; the person leaves all the same.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()
    assert asked == ["beforeunload"]
    notice = page.get_by_test_id("open-uploads")
    expect(notice).to_contain_text("1 upload was interrupted")
    expect(notice.get_by_test_id("open-upload")).to_have_text(re.compile(r"^Bounce\.wav in 06 Mix \(12\.6 MB\)"))
    screenshot(page, "projects-interrupted")

    throttle(page, -1)
    open_folder(page, "06 Mix")
    page.get_by_test_id("upload-files-input").set_input_files(big)
    item = upload_item(page, "Bounce.wav")
    expect(item).to_have_attribute("data-phase", "done", timeout=30_000)
    expect(item).to_have_attribute("data-resumed", "true")
    expect(notice).to_have_count(0)
    assert download(page, "Bounce.wav", tmp_path) == data
    assert page.evaluate("() => localStorage.getItem('aiproxy.projectUploads')") == "[]"

    # An empty file is a file too.
    empty = tmp_path / "Silence.wav"
    empty.write_bytes(b"")
    page.get_by_test_id("upload-files-input").set_input_files(empty)
    expect(upload_item(page, "Silence.wav")).to_have_attribute("data-phase", "done", timeout=20_000)
    expect(file_row(page, "Silence.wav").get_by_test_id("file-size")).to_have_text("0 byte")


def test_files_are_moved_found_and_deleted_several_at_once_and_the_list_searches(web: WebServer, page: Page) -> None:
    account = web.user()
    night = web.run(create_project(web.api, account.token, name="Night Drive", tags=["synthwave"]))
    web.run(create_project(web.api, account.token, name="Morning Coffee", tags=["acoustic"]))
    first = night["folders"][0]["id"]
    for path in ("Drums/Kick.wav", "Drums/Snare.wav", "Bass.wav"):
        web.run(put_file(web.api, account.token, first, path, path.encode() * 100))
    cover, _ = web.run(draw(web.api, account.token, enhance="OFF", title="Neon skyline", prompt="a neon skyline"))
    assert cover["status"] == "SUCCEEDED", cover
    use_session(page, account)

    page.goto("/projects")
    cards = page.get_by_test_id("project-card")
    expect(cards).to_have_count(2)
    page.get_by_role("searchbox", name="Search").fill("night")
    expect(cards).to_have_count(1)
    expect(cards.get_by_test_id("project-name")).to_have_text("Night Drive")
    page.get_by_role("searchbox", name="Search").fill("")
    expect(cards).to_have_count(2)
    tag = page.get_by_role("textbox", name="Tags")
    tag.fill("acoustic")
    tag.press("Enter")
    expect(cards).to_have_count(1)
    expect(cards.get_by_test_id("project-name")).to_have_text("Morning Coffee")
    page.goto("/projects")

    page.get_by_role("link", name="Open Night Drive").click()
    expect(page.get_by_test_id("file-row")).to_have_count(3)
    expect(page.get_by_test_id("project-description")).to_have_text("No description.")
    page.get_by_role("button", name="Edit the description").click()
    page.get_by_role("dialog").get_by_label("Description").fill("Synthwave at 92 BPM.")
    page.get_by_role("dialog").get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("project-description")).to_have_text("Synthwave at 92 BPM.")
    # One of the images as its cover.
    page.get_by_role("button", name="Choose a cover").click()
    picker = page.get_by_role("dialog").get_by_role("textbox", name="Image", exact=True)
    picker.click()
    picker.fill("neon")
    page.get_by_role("option", name="Neon skyline").click()
    page.get_by_role("button", name="Use as cover").click()
    expect(page.get_by_role("img", name="The project's cover")).to_be_visible()
    expect(page.get_by_role("button", name="Change the cover")).to_be_visible()
    # Renamed into another subfolder, then moved to another folder.
    page.get_by_role("button", name="Actions for Bass.wav").click()
    page.get_by_role("menuitem", name="Move or rename").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Path").fill("Low/Bass final.wav")
    dialog.get_by_role("button", name="Move").click()
    expect(file_row(page, "Low/Bass final.wav")).to_have_count(1)
    page.get_by_role("button", name="Actions for Low/Bass final.wav").click()
    page.get_by_role("menuitem", name="Move or rename").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Folder").click()
    page.get_by_role("option", name="07 Master").click()
    dialog.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("file-row")).to_have_count(2)
    open_folder(page, "07 Master")
    expect(file_row(page, "Low/Bass final.wav")).to_have_count(1)
    open_folder(page, "01 Arrangement")

    page.get_by_role("searchbox", name="Find a file").fill("snare")
    expect(page.get_by_test_id("file-row")).to_have_count(1)
    page.get_by_role("searchbox", name="Find a file").fill("")
    expect(page.get_by_test_id("file-row")).to_have_count(2)
    page.get_by_label("Select all shown").check()
    page.get_by_role("button", name="Delete 2 files").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    report = page.get_by_test_id("bulk-report")
    expect(report).to_contain_text("2 deleted, 0 kept")
    expect(report).to_contain_text("Drums/Kick.wav: deleted")
    expect(page.get_by_test_id("files-empty")).to_be_visible()
    expect(page.get_by_test_id("project-totals")).to_contain_text("1 file")

    # German.
    web.viewer_update(account, language="DE")
    page.goto("/projects")
    page.evaluate("() => localStorage.setItem('aiproxy.language', 'de')")
    page.reload()
    expect(page.get_by_role("heading", name="Projekte", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Neues Projekt").first).to_be_visible()
    page.get_by_role("link", name="Night Drive öffnen").click()
    expect(page.get_by_test_id("project-totals")).to_contain_text("1 Datei")
    expect(page.get_by_text("Dateien oder Ordner hier ablegen")).to_be_visible()
    screenshot(page, "projects-de")
