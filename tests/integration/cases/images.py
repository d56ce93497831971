"""Images: the Image node; imageCreate, imagePromptTool, imageUpdate, imageDelete, imageBulkDelete; the images
list with each image's job. Builders the images tests share live here too."""

from __future__ import annotations

import asyncio
from typing import Any

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
    ],
)
