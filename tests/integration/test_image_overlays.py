"""Text overlays over the real API, in both modes: a drawn image and a title (and artist) become a new image with
the text where it was placed and the settings recorded, the source kept; the preview is that image drawn small
(compared pixel by pixel); bad settings are userErrors on their fields; another user's image is not found; the
gallery tells overlays from drawn images."""

from __future__ import annotations

import io
from typing import Any

import httpx
from PIL import Image as Picture
from PIL import ImageChops

from tests.conftest import Running
from tests.integration.cases.images import IMAGE, agreement, draw, from_data_url, image, overlay
from tests.support import ERRORS, Api

PREVIEW = f"""query($i: ImageOverlayPreviewInput!) {{ imageOverlayPreview(input: $i) {{
    preview {{ dataUrl width height }} {ERRORS} }} }}"""
LIST = """query($filter: ImageFilter) { images(first: 50, filter: $filter) { nodes { id title source { id } } } }"""
DELETE = f"""mutation($i: ImageIdInput!) {{ imageDelete(input: $i) {{ deletedImageId {ERRORS} }} }}"""


async def picture(url: str) -> Picture.Image:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(url)
    assert response.status_code == 200, response.text
    with Picture.open(io.BytesIO(response.content)) as png:
        assert png.format == "PNG"
        return png.convert("RGB")


async def preview(api: Api, token: str, image_id: str, **fields: Any) -> dict[str, Any]:
    return await api.payload("imageOverlayPreview", PREVIEW, {"i": {"imageId": image_id, **fields}}, token)


def ink(made: Picture.Image, source: Picture.Image) -> tuple[int, int, int, int]:
    """The box of every pixel the overlay changed."""
    box = ImageChops.difference(made, source).convert("L").point(lambda v: 255 if v > 8 else 0).getbbox()
    assert box is not None, "the overlay changed nothing"
    return box


def near(value: float, expected: float, tolerance: float = 3) -> bool:
    return abs(value - expected) <= tolerance


async def test_an_overlay_is_a_new_image_with_the_text_where_it_was_placed(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source, _ = await draw(api, token, title="Storm", enhance="OFF", lighting="dramatic", composition="album-cover")
    made = await overlay(
        api, token, source["id"], title=" Midnight Train ", artist="The Rovers", titlePosition={"grid": "TOP_CENTER"}
    )
    assert made["userErrors"] == [], made
    new = made["image"]
    assert new["id"] != source["id"] and new["source"] == {"id": source["id"], "title": "Storm"}
    assert (new["status"], new["cost"], new["job"], new["title"]) == ("SUCCEEDED", None, None, "Midnight Train")
    copied = ("userPrompt", "finalPrompt", "size", "quality", "style", "model", "lighting", "composition", "width")
    assert {k: new[k] for k in copied} == {k: source[k] for k in copied}
    assert new["overlay"] == {
        "title": "Midnight Train",
        "artist": "The Rovers",
        "font": "BOLD",
        "titlePosition": {"grid": "TOP_CENTER", "x": 0.5, "y": 0.1},
        "titleSize": 0.08,
        "titleColor": "#FFFFFF",
        "titleOutlineColor": "#000000",
        "artistPosition": None,
        "artistSize": 0.05,
        "artistColor": None,
        "artistOutlineColor": None,
        "artistFont": None,
    }

    before, after = await picture(source["url"]), await picture(new["url"])
    assert after.size == before.size == (1024, 1024)
    left, top, right, bottom = ink(after, before)
    # The title's top at 10 % of the height, centred; the artist below it, 1.2 × the title's size lower.
    assert near(top, 102.4) and near((left + right) / 2, 512, 4), (left, top, right, bottom)
    assert bottom > 102 + int(0.08 * 1024 * 1.2) and bottom < 400, bottom
    assert after.crop((0, 450, 1024, 1024)).tobytes() == before.crop((0, 450, 1024, 1024)).tobytes()
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.get(new["thumbnailUrl"])).status_code == 200

    kept = (await api.data(IMAGE, {"id": source["id"]}, token))["node"]
    assert kept["status"] == "SUCCEEDED" and kept["url"]
    assert (await picture(kept["url"])).tobytes() == before.tobytes()


async def test_custom_positions_and_sizes_in_pixels_or_as_a_share_of_the_height(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source_id = await image(api, token)
    source = await picture((await api.data(IMAGE, {"id": source_id}, token))["node"]["url"])

    async def placed(**fields: Any) -> tuple[dict[str, Any], Picture.Image]:
        made = await overlay(api, token, source_id, title="Echo", **fields)
        assert made["userErrors"] == [], made
        return made["image"], await picture(made["image"]["url"])

    # At (0.9, 0.9) the text ends there: its box's right and bottom edges (the last letter's side bearing aside).
    corner, pixels = await placed(titlePosition={"x": 0.9, "y": 0.9}, titleSize=100, font="ELEGANT")
    left, top, right, bottom = ink(pixels, source)
    assert 906 <= right <= 923 and near(bottom, 921.6), (left, top, right, bottom)
    assert corner["overlay"]["titlePosition"] == {"grid": None, "x": 0.9, "y": 0.9}
    assert corner["overlay"]["titleSize"] == 100 and corner["overlay"]["font"] == "ELEGANT"

    # 100 px and 100/1024 of the height are the same size; 50 px is half as tall.
    _, as_share = await placed(titlePosition={"x": 0.9, "y": 0.9}, titleSize=100 / 1024, font="ELEGANT")
    assert as_share.tobytes() == pixels.tobytes()
    _, half = await placed(titlePosition={"x": 0.9, "y": 0.9}, titleSize=50, font="ELEGANT")
    half_box = ink(half, source)
    assert near(half_box[3] - half_box[1], (bottom - top) / 2, 4), (half_box, (left, top, right, bottom))

    # Positions outside the picture are clamped to its edges: at (0, 0) the text starts in the top-left corner.
    clamped, pixels = await placed(titlePosition={"x": -0.5, "y": -2}, artist="Duo", artistPosition={"x": 0.5, "y": 2})
    assert clamped["overlay"]["titlePosition"] == {"grid": None, "x": 0.0, "y": 0.0}
    assert clamped["overlay"]["artistPosition"] == {"grid": None, "x": 0.5, "y": 1.0}
    left, top, right, bottom = ink(pixels, source)
    assert left <= 6 and top == 0 and bottom == 1024, (left, top, right, bottom)  # a side bearing aside

    # A grid position on the left starts the text at 10 % of the width; the artist can have its own colours.
    grid, pixels = await placed(
        titlePosition={"grid": "MIDDLE_LEFT"}, artist="Duo", artistColor="f00", artistFont="LIGHT", titleColor="#00ff00"
    )
    assert (grid["overlay"]["artistColor"], grid["overlay"]["titleColor"]) == ("#FF0000", "#00FF00")
    assert near(ink(pixels, source)[0], 102.4)
    colours = {colour for _, colour in pixels.getcolors(1024 * 1024) or []}
    assert (255, 0, 0) in colours and (0, 255, 0) in colours


async def test_bad_settings_are_user_errors_on_their_fields(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source_id = await image(api, token)
    bad = {
        "title": " ",
        "titleColor": "white",
        "artistOutlineColor": "#GGGGGG",
        "titleSize": 1500,
        "titlePosition": {"grid": "CENTER", "y": 0.4},
        "artistPosition": {"y": 0.4},
    }
    expected = {
        (("input", "title"), "REQUIRED"),
        (("input", "titleColor"), "INVALID"),
        (("input", "artistOutlineColor"), "INVALID"),
        (("input", "titleSize"), "INVALID"),
        (("input", "titlePosition"), "INVALID"),
        (("input", "artistPosition", "x"), "REQUIRED"),
    }
    refused = await overlay(api, token, source_id, **bad)
    assert refused["image"] is None
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == expected
    shown = await preview(api, token, source_id, **bad, width=20)
    assert shown["preview"] is None
    assert {(tuple(e["field"]), e["code"]) for e in shown["userErrors"]} == {*expected, (("input", "width"), "INVALID")}
    # Nothing was made.
    assert [n["id"] for n in (await api.data(LIST, {}, token))["images"]["nodes"]] == [source_id]


async def test_another_users_image_is_not_found_and_an_undrawn_one_has_no_picture(stack: Running) -> None:
    api = stack.api
    owner = await api.user()
    other = await api.user(admin_token=owner)
    source_id = await image(api, owner)
    for answer in (
        await overlay(api, other, source_id, title="Mine now"),
        await preview(api, other, source_id, title="Mine now"),
    ):
        assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [(["input", "imageId"], "NOT_FOUND")]
    failed, _ = await draw(api, owner, prompt="a test 0009 picture", enhance="OFF")
    assert failed["status"] == "FAILED"
    undrawn = (await overlay(api, owner, failed["id"], title="X"), await preview(api, owner, failed["id"], title="X"))
    for answer in undrawn:
        assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [(["input", "imageId"], "CONFLICT")]


async def test_the_gallery_tells_overlays_from_drawn_images_and_a_deleted_source_leaves_them(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    source_id = await image(api, token)
    made = (await overlay(api, token, source_id, title="Cover"))["image"]

    async def ids(**filter: Any) -> list[str]:
        return [n["id"] for n in (await api.data(LIST, {"filter": filter}, token))["images"]["nodes"]]

    assert await ids(hasOverlay=True) == [made["id"]]
    assert await ids(hasOverlay=False) == [source_id]
    assert await ids() == [made["id"], source_id]
    assert (await api.payload("imageDelete", DELETE, {"i": {"id": source_id}}, token))["userErrors"] == []
    kept = (await api.data(LIST, {"filter": {"hasOverlay": True}}, token))["images"]["nodes"]
    assert kept == [{"id": made["id"], "title": "Cover", "source": None}]


async def test_the_preview_is_the_created_image_drawn_small(stack: Running) -> None:
    """What the web client shows while the user edits (imageOverlayPreview) and the PNG imageOverlayCreate stores
    agree at the preview's size, within JPEG's and antialiasing's small differences."""
    api = stack.api
    token = await api.user()
    square = await image(api, token)
    wide, _ = await draw(api, token, size="LANDSCAPE", enhance="OFF")
    settings: list[tuple[str, dict[str, Any]]] = [
        (square, {"title": "Midnight Train", "artist": "The Rovers", "titlePosition": {"grid": "BOTTOM_LEFT"}}),
        (
            square,
            {
                "title": "Echoes",
                "artist": "Duo",
                "font": "ELEGANT",
                "artistFont": "LIGHT",
                "titleSize": 120,
                "titleColor": "#FFD700",
                "titlePosition": {"x": 0.37, "y": 0.42},
                "artistPosition": {"x": 0.63, "y": 0.8},
                "artistColor": "#00AAFF",
            },
        ),
        (wide["id"], {"title": "Wide Open Sky", "artist": "Band", "titleSize": 0.12}),
    ]
    for source_id, fields in settings:
        made = await overlay(api, token, source_id, **fields)
        full = await picture(made["image"]["url"])
        for width in (512, 256):
            shown = await preview(api, token, source_id, **fields, width=width)
            assert shown["userErrors"] == [], shown
            small = from_data_url(shown["preview"]["dataUrl"])
            assert small.size == (width, round(full.height * width / full.width))
            assert (shown["preview"]["width"], shown["preview"]["height"]) == small.size
            mean, off = agreement(small, full)
            assert mean < 1.5 / 255 and off < 0.002, (fields, width, mean, off)
        # The preview is never larger than the image: asking for more gives the image's width.
        assert (await preview(api, token, source_id, **fields, width=1024))["preview"]["width"] == min(1024, full.width)
        last = full
    # The comparison tells: the last title a hundredth of the width further right no longer agrees.
    source_id, fields = settings[-1]
    nudged = await preview(api, token, source_id, **fields, titlePosition={"x": 0.51, "y": 0.5})
    assert agreement(from_data_url(nudged["preview"]["dataUrl"]), last)[1] > 0.002
