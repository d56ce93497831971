"""Images: the Image node; imageCreate, imagePromptTool, imageUpdate, imageDelete, imageBulkDelete,
imageOverlayCreate; the images list with each image's job, and overlays with their source. Builders the images
tests share live here too."""

from __future__ import annotations

import asyncio
import base64
import io
from typing import Any

from PIL import Image as Picture
from PIL import ImageChops

from tests.support import (
    ERRORS,
    LONG,
    Api,
    AreaCases,
    ListCase,
    MutationCases,
    follow,
    invalid_request,
    job_progress,
    user_errors,
)

IMAGE_FIELDS = """id title tags userPrompt enhancedPrompt finalPrompt revisedPrompt size quality style artisticStyle
    composition lighting colorPalette detailLevel enhance model status width height cost url thumbnailUrl
    error { code message } createdAt completedAt job { id kind status }"""
CREATE = f"""mutation($i: ImageCreateInput!) {{ imageCreate(input: $i) {{
    image {{ {IMAGE_FIELDS} }} job {{ id kind status }} {ERRORS} }} }}"""
IMAGE = f"query($id: ID!) {{ node(id: $id) {{ ... on Image {{ {IMAGE_FIELDS} }} }} }}"
POSITION = "{ grid x y }"
OVERLAY_FIELDS = f"""overlay {{ title artist font titlePosition {POSITION} titleSize titleColor titleOutlineColor
    artistPosition {POSITION} artistSize artistColor artistOutlineColor artistFont }} source {{ id title }}"""
OVERLAY = f"""mutation($i: ImageOverlayInput!) {{ imageOverlayCreate(input: $i) {{
    image {{ {IMAGE_FIELDS} {OVERLAY_FIELDS} }} {ERRORS} }} }}"""


async def start_image(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    """imageCreate: the payload (image and job, as queued, or the userErrors)."""
    return await api.payload("imageCreate", CREATE, {"i": {"prompt": "a lighthouse in a storm", **fields}}, token)


async def draw(api: Api, token: str, **fields: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An image drawn to its end: the image as read afterwards, and the job's progress events."""
    created = await start_image(api, token, **fields)
    assert created["userErrors"] == [], created
    events = await follow(api, job_progress(), {"id": created["job"]["id"]}, token)
    return (await api.data(IMAGE, {"id": created["image"]["id"]}, token))["node"], events


async def image(api: Api, token: str) -> str:
    done, events = await draw(api, token, enhance="OFF")
    assert done["status"] == "SUCCEEDED", (done, events)
    return str(done["id"])


async def overlay(api: Api, token: str, image_id: str, **fields: Any) -> dict[str, Any]:
    """imageOverlayCreate on `image_id`: the payload (the new image, or the userErrors)."""
    return await api.payload("imageOverlayCreate", OVERLAY, {"i": {"imageId": image_id, **fields}}, token)


def from_data_url(url: str) -> Picture.Image:
    """An overlay preview's picture (imageOverlayPreview's `dataUrl`, a JPEG)."""
    head, _, data = url.partition(",")
    assert head == "data:image/jpeg;base64", head
    with Picture.open(io.BytesIO(base64.b64decode(data))) as jpeg:
        assert jpeg.format == "JPEG"
        return jpeg.convert("RGB")


def agreement(preview: Picture.Image, full: Picture.Image) -> tuple[float, float]:
    """(mean absolute difference as a share of 255, share of pixels off by more than 40) between the preview and
    the full render scaled down to the preview's size."""
    scaled = full.resize(preview.size, Picture.Resampling.LANCZOS)
    diff = ImageChops.difference(preview, scaled).convert("L")
    histogram = diff.histogram()
    pixels = preview.width * preview.height
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels / 255
    return mean, sum(histogram[41:]) / pixels


async def seed_overlays(api: Api, token: str, n: int) -> None:
    source = await image(api, token)
    for i in range(n):
        made = await overlay(api, token, source, title=f"Cover {i}", artist="The Band")
        assert made["userErrors"] == [], made


def check_overlays(data: Any, n: int) -> None:
    nodes = data["images"]["nodes"]
    assert len(nodes) == n
    assert all(i["overlay"]["artist"] == "The Band" and i["source"]["id"] for i in nodes), nodes


async def seed_images(api: Api, token: str, n: int) -> None:
    await asyncio.gather(*(draw(api, token, title=f"Image {i}", enhance="OFF") for i in range(n)))


def check_images(data: Any, n: int) -> None:
    nodes = data["images"]["nodes"]
    assert len(nodes) == n
    assert all(i["job"]["status"] == "SUCCEEDED" and i["thumbnailUrl"] for i in nodes), nodes


CASES = AreaCases(
    nodes={"Image": image},
    mutations=[
        MutationCases(
            "imageCreate",
            "ImageCreateInput!",
            "image { id } job { id }",
            lambda o: [
                *user_errors(
                    {"prompt": "  "},
                    {"prompt": "x" * 2501},
                    {"prompt": "ok", "title": LONG},
                    {"prompt": "ok", "lighting": "candle-light"},
                    {"prompt": "ok", "artisticStyle": "cubism", "composition": "diagonal"},
                ),
                *invalid_request({"title": "no prompt"}, {"prompt": "ok", "size": "512x512"}),
            ],
        ),
        MutationCases(
            "imagePromptTool",
            "ImagePromptToolInput!",
            "generation { id }",
            lambda o: [
                *user_errors(
                    {"tool": "ENHANCE", "text": "  "},
                    {"tool": "TRANSLATE", "text": "x" * 10_001},
                    {"tool": "ENHANCE", "text": "ok", "composition": "diagonal"},
                ),
                *invalid_request({"text": "no tool"}, {"tool": "PAINT", "text": "ok"}),
            ],
        ),
        MutationCases(
            "imageUpdate",
            "ImageUpdateInput!",
            "image { id }",
            lambda o: [
                *o.ids("id", "Image", title="x"),
                *user_errors(
                    {"id": o.mine["Image"], "title": LONG},
                    {"id": o.mine["Image"], "tags": [f"a long tag {i}" for i in range(100)]},
                ),
            ],
        ),
        MutationCases("imageDelete", "ImageIdInput!", "deletedImageId", lambda o: o.ids("id", "Image")),
        MutationCases(
            "imageOverlayCreate",
            "ImageOverlayInput!",
            "image { id }",
            lambda o: [
                *o.ids("imageId", "Image", title="x"),
                *user_errors(
                    *(
                        {"imageId": o.mine["Image"], "title": "Cover", **bad}
                        for bad in (
                            {"title": "  "},
                            {"title": LONG},
                            {"artist": LONG},
                            {"titleColor": "red"},
                            {"artistOutlineColor": "#12345"},
                            {"titleSize": 0},
                            {"artistSize": 1001},
                            {"titlePosition": {"grid": "CENTER", "x": 0.5}},
                            {"titlePosition": {}},
                            {"artistPosition": {"x": 0.2}},
                        )
                    )
                ),
                *invalid_request(
                    {"imageId": o.mine["Image"]},
                    {"imageId": o.mine["Image"], "title": "x", "font": "COMIC"},
                    {"imageId": o.mine["Image"], "title": "x", "titlePosition": {"grid": "SOMEWHERE"}},
                    {"imageId": o.mine["Image"], "title": "x", "titleSize": "big"},
                ),
            ],
        ),
        MutationCases(
            "imageBulkDelete",
            "ImageBulkDeleteInput!",
            "results { id deleted }",
            lambda o: [*user_errors({"ids": []}), *invalid_request({"ids": None}, {"ids": [o.mine["Image"]] * 101})],
        ),
    ],
    lists=[
        ListCase(
            "images { job }",
            "query($n: Int!) { images(first: $n) { nodes { title thumbnailUrl job { status } } } }",
            seed_images,
            check_images,
            sizes=(1, 4),
        ),
        ListCase(
            "images { overlay source }",
            """query($n: Int!) { images(first: $n, filter: {hasOverlay: true}) {
                nodes { overlay { artist } source { id } } } }""",
            seed_overlays,
            check_overlays,
            sizes=(1, 4),
        ),
    ],
)
