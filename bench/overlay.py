"""Overlay previews: how fast `imageOverlayPreview` follows a slider on a 1024 × 1024 source (target: 150 ms).

The source is an image drawn through the mock whose stored PNG is then replaced by a textured one (noise and a
gradient: detail everywhere, as a photograph has; the mock's own is one flat colour, which encodes far faster).
One client sends the previews one after another, each with the title a little further along and its size
changed, as a slider does (so fonts of new sizes load as they would), at the default width of 512. Printed: p50 and
p95 through GraphQL over HTTP (`python -m api`, the signed-in user, the image read, the render, the JPEG and its
base64), the same render alone in the bench's process (the text drawn on the cached downscaled source, and the
JPEG), the first preview (the source decoded and downscaled, then kept), and the floor: Pillow scaling the same
decoded source to 512 and encoding it as the same JPEG, without text, which is what a preview costs without the
cache. Ours ÷ floor is the machine-independent figure."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageFilter

from api.ids import decode_uuid
from bench.server import Running
from bench.stats import percentile
from domain.common.validation import Checks
from domain.images.generation import once
from domain.images.overlay import OverlayPosition, OverlaySettings, check_overlay, overlay_layout, preview_size
from infra.overlay import decode, preview_of, save_jpeg
from tests.support import Api

TARGET_MS = 150.0
SOURCE = 1024
WIDTH = 512
WARMUP = 3
CREATE = """mutation { imageCreate(input: {prompt: "a lighthouse for the bench", enhance: OFF}) {
    image { id } job { id } userErrors { message } } }"""
PROGRESS = "subscription($id: ID!) { jobProgress(id: $id) { status } }"
PREVIEW = """query($i: ImageOverlayPreviewInput!) { imageOverlayPreview(input: $i) {
    preview { dataUrl width height } userErrors { field message } } }"""


@dataclass(frozen=True)
class OverlayFigures:
    previews: int
    source: int
    width: int
    graphql_p50_ms: float
    graphql_p95_ms: float
    render_p50_ms: float  # the text and the JPEG on the cached source, in the bench's process
    render_p95_ms: float
    first_ms: float  # the first preview through GraphQL: the source decoded, downscaled and kept
    floor_p50_ms: float  # Pillow: the decoded source scaled to the width and encoded, no text
    preview_bytes: int  # the data URL's length

    @property
    def ratio(self) -> float:
        return self.graphql_p50_ms / self.floor_p50_ms

    def as_dict(self) -> dict[str, Any]:
        return {
            "previews": self.previews,
            "source": f"{self.source}x{self.source}",
            "width": self.width,
            "graphql_p50_ms": round(self.graphql_p50_ms, 2),
            "graphql_p95_ms": round(self.graphql_p95_ms, 2),
            "render_p50_ms": round(self.render_p50_ms, 2),
            "render_p95_ms": round(self.render_p95_ms, 2),
            "first_ms": round(self.first_ms, 2),
            "floor_p50_ms": round(self.floor_p50_ms, 2),
            "ratio": round(self.ratio, 2),
            "target_ms": TARGET_MS,
            "preview_bytes": self.preview_bytes,
        }


def textured_png(edge: int = SOURCE) -> bytes:
    noise = Image.effect_noise((edge, edge), 70).filter(ImageFilter.GaussianBlur(1.5))
    gradient = Image.linear_gradient("L").resize((edge, edge))
    picture = Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.ROTATE_90)))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


async def prepare_source(running: Running, token: str) -> tuple[str, bytes]:
    """An image of the token's user, drawn through the mock, its stored PNG replaced by a textured one of the same
    size: (its global id, the PNG)."""
    api = running.api
    created = (await api.data(CREATE, token=token))["imageCreate"]
    assert not created["userErrors"], created
    async with api.subscribe(PROGRESS, {"id": created["job"]["id"]}, token) as subscription:
        while (item := await subscription.next(60)) is not None:
            status = item["jobProgress"]["status"]
            if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
                assert status == "SUCCEEDED", item
                break
    user_id = decode_uuid((await api.data("{ viewer { id } }", token=token))["viewer"]["id"], "User")
    image_id = decode_uuid(created["image"]["id"], "Image")
    assert user_id is not None and image_id is not None
    container = running.app.state.container
    async with container.uow() as uow:
        image = await uow.images.get(user_id, image_id)
    assert image is not None and image.storage_key and (image.width, image.height) == (SOURCE, SOURCE), image
    png = textured_png()
    await container.storage.write(image.storage_key, once(png), "image/png")
    return created["image"]["id"], png


def slider(image_id: str, n: int, of: int) -> dict[str, Any]:
    """The n-th of `of` previews: the title moving across, its size stepping, the artist below it."""
    x = 0.1 + 0.8 * n / max(1, of - 1)
    return {
        "imageId": image_id,
        "title": "Midnight Train",
        "artist": "The Rovers",
        "titlePosition": {"x": round(x, 4), "y": 0.8},
        "titleSize": 60 + (n % 9) * 10,
        "width": WIDTH,
    }


def _settings(fields: dict[str, Any]) -> OverlaySettings:
    position = fields["titlePosition"]
    checks = Checks()
    settings = check_overlay(
        OverlaySettings(
            title=fields["title"],
            artist=fields["artist"],
            title_position=OverlayPosition(x=position["x"], y=position["y"]),
            title_size=fields["titleSize"],
        ),
        checks,
    )
    assert not checks.errors, checks.errors
    return settings


def _milliseconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure_alone(png: bytes, previews: int) -> tuple[list[float], list[float]]:
    """(the render alone, the floor) in milliseconds, each `previews` times. Blocking."""
    source = decode(png)
    size = preview_size(SOURCE, SOURCE, WIDTH)
    cached = source.resize(size, Image.Resampling.LANCZOS)
    layouts = [overlay_layout(_settings(slider("", n, previews)), SOURCE, SOURCE) for n in range(previews)]
    render = [_milliseconds(lambda layout=layout: preview_of(cached, layout)) for layout in layouts]
    floor = [
        _milliseconds(lambda: save_jpeg(source.resize(size, Image.Resampling.LANCZOS), io.BytesIO()))
        for _ in range(previews)
    ]
    return render, floor


async def measure_overlays(api: Api, token: str, image_id: str, png: bytes, previews: int) -> OverlayFigures:
    async def one(fields: dict[str, Any]) -> tuple[float, int]:
        started = time.perf_counter()
        answer = (await api.data(PREVIEW, {"i": fields}, token))["imageOverlayPreview"]
        elapsed = (time.perf_counter() - started) * 1000
        assert not answer["userErrors"] and answer["preview"]["width"] == WIDTH, answer
        return elapsed, len(answer["preview"]["dataUrl"])

    first, _ = await one(slider(image_id, 0, previews))
    for n in range(WARMUP):
        await one(slider(image_id, n, previews))
    timed = [await one(slider(image_id, n, previews)) for n in range(previews)]
    graphql = [ms for ms, _ in timed]
    render, floor = await asyncio.to_thread(measure_alone, png, previews)
    return OverlayFigures(
        previews=previews,
        source=SOURCE,
        width=WIDTH,
        graphql_p50_ms=percentile(graphql, 50),
        graphql_p95_ms=percentile(graphql, 95),
        render_p50_ms=percentile(render, 50),
        render_p95_ms=percentile(render, 95),
        first_ms=first,
        floor_p50_ms=percentile(floor, 50),
        preview_bytes=max(size for _, size in timed),
    )
