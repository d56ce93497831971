"""Images through export and import, in both modes: every field, the picture and its thumbnail come back in
another account byte for byte; importing again creates nothing twice; an image the rules refuse names itself."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx

from tests.conftest import Running
from tests.integration.cases.images import OVERLAY_FIELDS, draw, overlay
from tests.support import SECTIONS, follow, import_archive, job_progress, run_import, start_export, upload

GALLERY = """{ images(first: 50, orderBy: {field: TITLE, direction: ASC}) { totalCount nodes {
    title tags userPrompt enhancedPrompt finalPrompt revisedPrompt size quality style artisticStyle composition
    lighting colorPalette detailLevel enhance model status width height cost error { code message }
    createdAt completedAt url thumbnailUrl OVERLAY } } }""".replace(
    "OVERLAY", OVERLAY_FIELDS.replace("id title", "title")
)


async def fetch(url: str) -> bytes:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


async def gallery(api: Any, token: str) -> list[dict[str, Any]]:
    """The images with their pictures' bytes in place of the (signed, per-account) URLs."""
    nodes = (await api.data(GALLERY, token=token))["images"]["nodes"]
    for node in nodes:
        for name in ("url", "thumbnailUrl"):
            node[name] = await fetch(node[name]) if node[name] else None
    return nodes


async def exported_archive(api: Any, token: str) -> tuple[bytes, list[dict[str, Any]]]:
    started = await start_export(api, token, select="id")
    assert (await follow(api, job_progress(), {"id": started["id"]}, token))[-1]["status"] == "SUCCEEDED"
    result = (await api.data(SECTIONS, {"id": started["id"]}, token))["node"]["result"]
    return await fetch(result["downloadUrl"]), result["sections"]


async def test_images_travel_through_export_and_import_with_their_pictures_once(stack: Running) -> None:
    api = stack.api
    alice = await api.user()
    await draw(api, alice, title="Harbour", quality="HD", lighting="night", enhance="OFF")
    await draw(api, alice, title="Dunes", size="LANDSCAPE", enhance="OFF", prompt="dunes at noon")
    refused, _ = await draw(api, alice, title="Refused", prompt="a test 0009 picture", enhance="OFF")
    assert refused["error"]["code"] == "CONTENT_POLICY"
    await api.mutate(
        "imageUpdate",
        "mutation($i: ImageUpdateInput!) { imageUpdate(input: $i) { image { id } userErrors { message } } }",
        {"i": {"id": await _id(api, alice, "Harbour"), "tags": ["sea", "night"]}},
        alice,
    )
    cover = await overlay(
        api,
        alice,
        await _id(api, alice, "Harbour"),
        title="Harbour Nights",
        artist="Mia",
        titlePosition={"x": 0.3, "y": 0.2},
    )
    assert cover["userErrors"] == [], cover
    theirs = await gallery(api, alice)
    assert [i["title"] for i in theirs] == ["Dunes", "Harbour", "Harbour Nights", "Refused"] and theirs[1]["url"]
    assert theirs[2]["source"] == {"title": "Harbour"} and theirs[2]["overlay"]["artist"] == "Mia"

    archive, sections = await exported_archive(api, alice)
    assert {"name": "images", "exported": 4} in sections
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = [n for n in z.namelist() if n.startswith("files/images/")]
        assert len(files) == 3 * 2  # each drawn image's and the overlay's PNG and thumbnail; the refused one has none

    bob = await api.user(admin_token=alice)
    created, response = await upload(api, bob, archive)
    assert response is not None and response.status_code in (200, 201, 204)
    imported = await run_import(api, bob, created["id"], select="id status error { code message }")
    assert imported["status"] == "SUCCEEDED", imported
    done = (await api.data(SECTIONS, {"id": imported["id"]}, bob))["node"]["result"]["sections"]
    assert {"name": "images", "created": 4, "skipped": 0} in done
    assert await gallery(api, bob) == theirs  # every field, the overlay's source, the same bytes behind new URLs

    again = await import_archive(api, bob, archive, select="id status")
    assert again["status"] == "SUCCEEDED"
    done = (await api.data(SECTIONS, {"id": again["id"]}, bob))["node"]["result"]["sections"]
    assert {"name": "images", "created": 0, "skipped": 4} in done

    # An item the rules refuse fails the import and names the image; nothing of the archive is written.
    carol = await api.user(admin_token=alice)
    for change, message in (
        ({"lighting": "candle-light"}, "Image 2: lighting must be one of natural, studio"),
        ({"cost_usd": "-1"}, 'Image 2: cost_usd must be an amount in US$, like "0.040".'),
        ({"title": "t" * 256}, "Image 2: Title must be at most 255 characters."),
        ({"overlay": {"title": "X", "title_color": "red"}}, "Image 2: overlay title_color: "),
        ({"overlay": [1]}, "Image 2: overlay must be the settings of a text overlay."),
    ):
        failed = await import_archive(api, carol, _changed(archive, 1, change), select="status error { message }")
        assert failed["status"] == "FAILED" and failed["error"]["message"].startswith(message), (change, failed)
    assert (await api.data(GALLERY, token=carol))["images"]["totalCount"] == 0


async def _id(api: Any, token: str, title: str) -> str:
    query = "query($s: String) { images(filter: {search: $s}) { nodes { id } } }"
    return str((await api.data(query, {"s": title}, token))["images"]["nodes"][0]["id"])


def _changed(archive: bytes, index: int, change: dict[str, Any]) -> bytes:
    """The archive with one image item changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "images.json":
                items = json.loads(data)
                items[index].update(change)
                data = json.dumps(items).encode()
            target.writestr(info, data)
    return out.getvalue()
