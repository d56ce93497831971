"""Jobs in the browser: a running job's progress moves on the jobs page and in the header's tray without a reload,
it can be cancelled (after confirming), and the jobs page filters by status and kind and pages with "Load more".

A slow job is a data export whose handler, registered in the running app's executor, reports a step and waits for
the test before the next: the real queue, executor, events and `jobProgress` carry it to the page."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from domain.data_transfer.service import DATA_EXPORT
from tests.browser.harness import WebServer, screenshot, use_session
from tests.support import export, import_archive, start_export


class SlowExports:
    """Exports that report 25 %, wait for `next_step()`, report 60 %, then wait until cancelled."""

    def __init__(self, web: WebServer) -> None:
        self._web = web

        async def make() -> asyncio.Event:
            return asyncio.Event()

        self._gate = web.run(make())
        gate = self._gate

        async def handler(ctx: Any) -> None:
            await ctx.progress(0.25, "Packing the first half")
            await gate.wait()
            await ctx.progress(0.6, "Packing the second half")
            await asyncio.Event().wait()  # until the job is cancelled

        web.running.app.state.container.executor.handlers[DATA_EXPORT.kind] = handler

    def next_step(self) -> None:
        async def release() -> None:
            self._gate.set()

        self._web.run(release())


def job_card(page: Page, job_id: str) -> Locator:
    return page.locator(f'[data-testid="job"][data-job-id="{job_id}"]')


def expect_progress(card: Locator, percent: int, step: str) -> None:
    expect(card.get_by_test_id("job-percent")).to_have_text(f"{percent}%")
    expect(card.get_by_text(step)).to_be_visible()
    expect(card.get_by_role("progressbar", name="Progress: Data export")).to_have_attribute(
        "aria-valuenow", str(percent)
    )


def test_a_running_job_shows_its_progress_live_and_can_be_cancelled(web: WebServer, page: Page) -> None:
    account = web.user(artistName="Mia")
    slow = SlowExports(web)
    use_session(page, account)
    page.goto("/jobs")
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    tray = page.get_by_test_id("jobs-tray")
    expect(tray).to_have_attribute("aria-label", "Jobs: nothing running")

    job = web.run(start_export(web.api, account.token, select="id"))
    # The page did not start it: Refresh (or the tray's next look) brings it in; from then on it is live.
    page.get_by_role("button", name="Refresh").click()
    card = job_card(page, job["id"])
    expect(card).to_have_attribute("data-status", "RUNNING")
    expect(card.get_by_test_id("job-status")).to_have_text("Running")
    expect_progress(card, 25, "Packing the first half")

    tray.click()  # opening the tray looks again: one running
    expect(tray).to_have_attribute("aria-label", "Jobs: 1 running")
    expect(page.get_by_test_id("jobs-tray-count")).to_have_text("1")
    in_tray = page.get_by_role("dialog").locator(f'[data-job-id="{job["id"]}"]')
    expect_progress(in_tray, 25, "Packing the first half")
    screenshot(page, "jobs-tray")

    slow.next_step()  # no reload: the tray and the page follow the job
    expect_progress(in_tray, 60, "Packing the second half")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect_progress(card, 60, "Packing the second half")
    expect(card).to_contain_text(re.compile(r"running for \d+"))
    screenshot(page, "jobs-running")

    card.get_by_role("button", name="Cancel job: Data export").click()
    dialog = page.get_by_role("dialog", name="Cancel this job?")
    expect(dialog).to_contain_text("“Data export” stops at its next step")
    dialog.get_by_role("button", name="Keep it").click()
    expect(card).to_have_attribute("data-status", "RUNNING")

    card.get_by_role("button", name="Cancel job: Data export").click()
    page.get_by_role("dialog", name="Cancel this job?").get_by_role("button", name="Cancel the job").click()
    expect(card).to_have_attribute("data-status", "CANCELLED")
    expect(card.get_by_test_id("job-status")).to_have_text("Cancelled")
    expect(card.get_by_role("button", name="Cancel job: Data export")).to_have_count(0)
    expect(tray).to_have_attribute("aria-label", "Jobs: nothing running")
    state = web.run(
        web.api.data("query($id: ID!) { node(id: $id) { ... on Job { status } } }", {"id": job["id"]}, account.token)
    )
    assert state["node"]["status"] == "CANCELLED"


def test_the_jobs_page_filters_by_status_and_kind_and_pages(web: WebServer, page: Page) -> None:
    account = web.user()
    web.viewer_update(account, pageSize=10)
    for _ in range(9):
        web.run(export(web.api, account.token, select="id status"))
    for _ in range(3):
        failed = web.run(import_archive(web.api, account.token, b"not a zip at all", select="id status"))
        assert failed["status"] == "FAILED"

    use_session(page, account)
    page.goto("/jobs")
    cards = page.get_by_test_id("job")
    expect(cards).to_have_count(10)
    expect(page.get_by_text("10 of 12")).to_be_visible()
    # Newest first: the three failed imports lead.
    expect(cards.first).to_have_attribute("data-status", "FAILED")
    expect(cards.first.get_by_test_id("job-error")).to_contain_text("The file is not a readable ZIP archive.")
    expect(cards.nth(3).get_by_role("link", name=re.compile(r"^Download aiproxy-export-.*\.zip$"))).to_be_visible()
    screenshot(page, "jobs")
    page.get_by_role("button", name="Load more").click()
    expect(cards).to_have_count(12)
    expect(page.get_by_text("12 of 12")).to_be_visible()

    page.get_by_role("textbox", name="Status").click()
    page.get_by_role("option", name="Failed").click()
    page.keyboard.press("Escape")
    expect(cards).to_have_count(3)
    assert "status=FAILED" in page.url
    for i in range(3):
        expect(cards.nth(i)).to_have_attribute("data-status", "FAILED")

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_role("textbox", name="Kind").click()
    page.get_by_role("option", name="Data export").click()
    page.keyboard.press("Escape")
    expect(cards).to_have_count(9)
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)

    # The filters live in the address: a reload keeps them.
    page.goto("/jobs?status=FAILED&kind=DATA_IMPORT&order=oldest")
    expect(cards).to_have_count(3)
    page.goto("/jobs?status=QUEUED,RUNNING")
    expect(page.get_by_text("No job matches these filters.")).to_be_visible()

    # In German.
    page.get_by_text("DE", exact=True).click()
    expect(page.get_by_role("heading", name="Aufträge", level=1)).to_be_visible()
    expect(page.get_by_text("Kein Auftrag passt zu diesen Filtern.")).to_be_visible()
