"""Export and import in the browser: an export's Download gives a ZIP with the user's sketches, the same archive
imported into another account shows what it created and skipped, a file that is no export shows the reason the
import failed, and an upload shows its progress and can be stopped."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import SESSION_KEY, Account, WebServer, screenshot, sign_in, use_session
from tests.support import create_sketch

TITLES = ["Grüße aus Köln", "Night drive", "Archived idea"]


def sketches_of(web: WebServer, account: Account) -> list[str]:
    data = web.run(
        web.api.data(
            "{ sketches(first: 100, filter: { workflow: [DRAFT, USED, ARCHIVED] }) { nodes { title } } }",
            None,
            account.token,
        )
    )
    return sorted(n["title"] for n in data["sketches"]["nodes"])


def with_sketches(web: WebServer, account: Account) -> None:
    for title in TITLES:
        workflow = "ARCHIVED" if title.startswith("Archived") else "DRAFT"
        web.run(create_sketch(web.api, account.token, title=title, prompt=f"{title} prompt", workflow=workflow))


def section(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name)


def newest_job(panel: Locator) -> Locator:
    return panel.get_by_test_id("job").first


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def import_rows(job: Locator) -> dict[str, tuple[str, str]]:
    rows = job.get_by_test_id("import-sections").locator("tbody tr")
    out: dict[str, tuple[str, str]] = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("th, td").all_inner_texts()
        out[cells[0]] = (cells[1], cells[2])
    return out


def test_export_download_and_import_into_another_account(web: WebServer, page: Page, tmp_path: Path) -> None:
    mia = web.user(artistName="Mia")
    with_sketches(web, mia)
    sign_in(page, mia, "/data")
    expect(page.get_by_role("heading", name="Export and import", level=1)).to_be_visible()
    exports = section(page, "Export")
    expect(exports.get_by_text("No exports yet.")).to_be_visible()
    screenshot(page, "data")

    exports.get_by_role("button", name="Create the export").click()
    job = newest_job(exports)
    expect(job).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    expect(job.get_by_test_id("job-status")).to_have_text("Done")
    expect(job.get_by_text("Sketches: 3")).to_be_visible()
    expect(job.get_by_test_id("link-expiry")).to_contain_text("The link is valid until")
    # Signed for an hour by default.
    expect(job.get_by_test_id("link-expiry")).to_contain_text(re.compile(r"\(in (1 hour|59 minutes|60 minutes)\)"))
    screenshot(page, "data-exported")

    with page.expect_download() as download_info:
        job.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("aiproxy-export-") and download.suggested_filename.endswith(".zip")
    archive = tmp_path / download.suggested_filename
    download.save_as(archive)
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as zipped:
        assert {"manifest.json", "profile.json", "sketches.json"} <= set(zipped.namelist())
        exported = sorted(item["title"] for item in json.loads(zipped.read("sketches.json")))
    assert exported == sorted(TITLES)

    # Another account imports the same archive through the file picker.
    leo = web.user(artistName="Leo")
    sign_out(page)
    sign_in(page, leo, "/data")
    imports = section(page, "Import")
    expect(imports.get_by_text("No imports yet.")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        imports.get_by_role("button", name="Choose a file…").click()
    chooser.value.set_files(archive)
    expect(imports.get_by_test_id("import-file")).to_contain_text(archive.name)
    imports.get_by_role("button", name="Import", exact=True).click()
    expect(imports.get_by_role("status")).to_contain_text(f"{archive.name} is uploaded")
    job = newest_job(imports)
    expect(job).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    expect(job.get_by_role("columnheader", name="New or updated")).to_be_visible()
    rows = import_rows(job)
    assert rows["Sketches"] == ("3", "0"), rows
    assert "Profile" in rows and "Prompt templates" in rows, rows
    screenshot(page, "data-imported")
    assert sketches_of(web, leo) == sorted(TITLES)

    # Importing it again adds nothing twice: the sketches are already there.
    with page.expect_file_chooser() as chooser:
        imports.get_by_role("button", name="Choose a file…").click()
    chooser.value.set_files(archive)
    imports.get_by_role("button", name="Import", exact=True).click()
    again = imports.locator('[data-testid="job"][data-status="SUCCEEDED"]')
    expect(again).to_have_count(2, timeout=30_000)
    assert import_rows(again.first)["Sketches"] == ("0", "3")
    assert sketches_of(web, leo) == sorted(TITLES)


def drop_file(page: Page, target: Locator, name: str, content: bytes) -> None:
    """Drop a file on `target` as a person dragging it from their desktop would."""
    target.evaluate(
        """(zone, [name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "application/zip" }));
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
        }""",
        [name, list(content)],
    )


def test_a_file_that_is_no_export_shows_why_the_import_failed(web: WebServer, page: Page) -> None:
    use_session(page, web.user())
    page.goto("/data")
    imports = section(page, "Import")
    drop_file(page, imports.get_by_test_id("import-dropzone"), "holiday-photos.zip", b"not a zip at all")
    expect(imports.get_by_test_id("import-file")).to_contain_text("holiday-photos.zip")
    imports.get_by_role("button", name="Import", exact=True).click()
    job = newest_job(imports)
    expect(job).to_have_attribute("data-status", "FAILED", timeout=30_000)
    error = job.get_by_test_id("job-error")
    expect(error).to_contain_text("The archive could not be imported")
    expect(error).to_contain_text("The file is not a readable ZIP archive.")
    screenshot(page, "data-import-failed")

    # The jobs page tells the same.
    page.goto("/jobs?status=FAILED")
    failed = page.get_by_test_id("job")
    expect(failed).to_have_count(1)
    expect(failed.get_by_test_id("job-error")).to_contain_text("The file is not a readable ZIP archive.")


def test_an_upload_shows_its_progress_and_can_be_stopped(web: WebServer, page: Page, tmp_path: Path) -> None:
    use_session(page, web.user())
    page.goto("/data")
    imports = section(page, "Import")
    expect(imports.get_by_text("No imports yet.")).to_be_visible()
    big = tmp_path / "big-export.zip"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    # A slow uplink (about 256 kB/s), so the upload takes long enough to watch.
    cdp: Any = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 256 * 1024},
    )
    imports.locator("input[type=file]").set_input_files(big)
    imports.get_by_role("button", name="Import", exact=True).click()
    phase = imports.get_by_test_id("import-phase")
    expect(phase).to_have_attribute("data-step", "uploading", timeout=20_000)
    expect(phase).to_contain_text(re.compile(r"Uploading: [\d.]+ (kB|MB) of 3\.1 MB"))
    bar = imports.get_by_role("progressbar", name="Upload")
    page.wait_for_function(
        "el => Number(el.getAttribute('aria-valuenow')) > 0", arg=bar.element_handle(), timeout=20_000
    )
    screenshot(page, "data-uploading")

    imports.get_by_role("button", name="Stop").click()
    expect(imports.get_by_test_id("import-problem")).to_have_text("Stopped: nothing was imported.")
    expect(phase).to_have_count(0)
    # Nothing was started: no import job.
    data = web.run(web.api.data("{ jobs { totalCount } }", None, page_token(page)))
    assert data["jobs"]["totalCount"] == 0


def page_token(page: Page) -> str:
    return str(json.loads(page.evaluate(f"() => localStorage.getItem({SESSION_KEY!r})"))["token"])


EQUIPMENT_CREATE = """mutation($i: EquipmentCreateInput!) { equipmentCreate(input: $i) {
    equipment { id } userErrors { field code } } }"""
LICENSE_KEYS = """{ equipment(first: 10) { nodes { id name hasLicenseKey } } }"""
SECRETS = """query($id: ID!) { node(id: $id) { ... on Equipment { secrets { licenseKey } } } }"""


def equipment_of(web: WebServer, account: Account) -> list[dict[str, Any]]:
    return list(web.run(web.api.data(LICENSE_KEYS, None, account.token))["equipment"]["nodes"])


def import_archive(page: Page, archive: Path, passphrase: str | None) -> Locator:
    """Import `archive` on /data (with the export's passphrase, if given); the finished job."""
    imports = section(page, "Import")
    with page.expect_file_chooser() as chooser:
        imports.get_by_role("button", name="Choose a file…").click()
    chooser.value.set_files(archive)
    if passphrase:
        imports.get_by_label("Passphrase (optional)").fill(passphrase)
    imports.get_by_role("button", name="Import", exact=True).click()
    job = newest_job(imports)
    expect(job).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    return job


def test_equipment_secrets_travel_only_with_the_export_passphrase(web: WebServer, page: Page, tmp_path: Path) -> None:
    mia = web.user()
    made = web.run(
        web.api.payload(
            "equipmentCreate",
            EQUIPMENT_CREATE,
            {
                "i": {
                    "type": "PLUGIN",
                    "name": "Valhalla Room",
                    "licenseManagement": "LICENSE_KEY",
                    "licenseKey": "VR-1234",
                }
            },
            mia.token,
        )
    )
    assert made["userErrors"] == [], made
    sign_in(page, mia, "/data")
    exports = section(page, "Export")
    for part in ("Projects", "Equipment"):
        expect(exports.get_by_role("checkbox", name=part)).to_be_checked()
    exports.get_by_label("Passphrase for the secrets (optional)").fill("short")
    exports.get_by_role("button", name="Create the export").click()
    # The server's rule, on the field (the hint beneath it says the same beforehand).
    expect(exports.get_by_text("The passphrase must be at least 8 characters.", exact=True)).to_be_visible()
    exports.get_by_label("Passphrase for the secrets (optional)").fill("river lights 42")
    exports.get_by_role("button", name="Create the export").click()
    job = newest_job(exports)
    expect(job).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    with page.expect_download() as download_info:
        job.get_by_role("link", name="Download").click()
    archive = tmp_path / "export.zip"
    download_info.value.save_as(archive)
    with zipfile.ZipFile(archive) as zipped:
        stored = zipped.read("equipment.json").decode()
    assert "Valhalla Room" in stored and "VR-1234" not in stored  # the key is in it, but only encrypted

    # Without the passphrase the equipment arrives without its key, and the import says why.
    leo = web.user()
    sign_out(page)
    sign_in(page, leo, "/data")
    job = import_archive(page, archive, None)
    expect(job.get_by_test_id("import-notices")).to_contain_text("no passphrase was given")
    assert [(e["name"], e["hasLicenseKey"]) for e in equipment_of(web, leo)] == [("Valhalla Room", False)]

    # With it, the key is back as it was.
    ana = web.user()
    sign_out(page)
    sign_in(page, ana, "/data")
    job = import_archive(page, archive, "river lights 42")
    expect(job.get_by_test_id("import-notices")).to_have_count(0)
    restored = equipment_of(web, ana)
    assert [(e["name"], e["hasLicenseKey"]) for e in restored] == [("Valhalla Room", True)]
    secret = web.run(web.api.data(SECRETS, {"id": restored[0]["id"]}, ana.token))["node"]["secrets"]
    assert secret == {"licenseKey": "VR-1234"}
