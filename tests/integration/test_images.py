"""Images over the real API, in both modes, against the built-in OpenAI mock over real HTTP: a prompt becomes an
image as a job with its phases, stored with a thumbnail and its cost; the gallery searches, filters, sorts both
ways, renames, tags and deletes (one by one and in bulk, per id); DALL-E's refusals end the image with their code."""

from __future__ import annotations

import io
from typing import Any

import httpx
from PIL import Image as Picture

from tests.conftest import Running
from tests.integration.cases.images import IMAGE, draw, start_image
from tests.support import ERRORS, Api, follow, joined

UPDATE = f"""mutation($i: ImageUpdateInput!) {{ imageUpdate(input: $i) {{ image {{ id title tags }} {ERRORS} }} }}"""
DELETE = f"""mutation($i: ImageIdInput!) {{ imageDelete(input: $i) {{ deletedImageId {ERRORS} }} }}"""
BULK = f"""mutation($i: ImageBulkDeleteInput!) {{ imageBulkDelete(input: $i) {{
    results {{ id deleted error {{ code field }} }} deletedCount {ERRORS} }} }}"""
LIST = """query($filter: ImageFilter, $orderBy: ImageOrder) { images(first: 50, filter: $filter, orderBy: $orderBy) {
    totalCount nodes { id title } } }"""


async def fetch(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as client:
        return await client.get(url)


async def titles(api: Api, token: str, **args: Any) -> list[str | None]:
    return [n["title"] for n in (await api.data(LIST, args, token))["images"]["nodes"]]


async def test_a_prompt_becomes_a_stored_image_with_its_phases_thumbnail_and_cost(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    done, events = await draw(
        api, token, title="Storm", quality="HD", style="NATURAL", lighting="dramatic", colorPalette="cool"
    )
    assert done["status"] == "SUCCEEDED" and done["error"] is None, done
    # The phases in their order (a subscriber that joins late sees the latest first, so some may be skipped).
    phases = ["Queued", "Running", "Enhancing the prompt", "DALL-E is drawing", "Storing the image", "Done"]
    messages = list(dict.fromkeys(e["message"] for e in events))  # repeats (record_external_id's event) once
    assert messages[-1] == "Done" and [m for m in phases if m in messages] == messages, messages
    # A style was chosen: AUTO enhances nothing, and the fragments follow the user's prompt in their order.
    assert done["enhancedPrompt"] is None
    assert done["finalPrompt"] == (
        "a lighthouse in a storm, dramatic lighting, strong shadows, moody atmosphere, chiaroscuro, "
        "cool color palette, blues and greens, calming tones"
    )
    assert (done["size"], done["quality"], done["style"], done["model"]) == ("SQUARE", "HD", "NATURAL", "dall-e-3")
    assert done["cost"] == "0.0800"
    picture = await fetch(done["url"])
    assert picture.status_code == 200
    with Picture.open(io.BytesIO(picture.content)) as png:
        assert png.format == "PNG" and png.size == (1024, 1024) == (done["width"], done["height"])
    small = await fetch(done["thumbnailUrl"])
    with Picture.open(io.BytesIO(small.content)) as thumb:
        assert max(thumb.size) <= 256


async def test_enhancing_and_album_covers_follow_the_templates(fast_mock: None, api: Api) -> None:
    token = await api.user()
    enhanced, _ = await draw(api, token, enhance="QUALITY")
    assert enhanced["enhancedPrompt"] and enhanced["enhancedPrompt"] != enhanced["userPrompt"]
    assert enhanced["finalPrompt"] == enhanced["enhancedPrompt"]
    cover, _ = await draw(api, token, composition="album-cover", size="LANDSCAPE")
    assert cover["size"] == "SQUARE"  # a cover is square
    assert cover["title"] and cover["enhancedPrompt"]  # titled and written by the cover template


TOOL = f"""mutation($i: ImagePromptToolInput!) {{ imagePromptTool(input: $i) {{
    generation {{ id category action status text }} {ERRORS} }} }}"""
GENERATION_STREAM = "subscription($id: ID!) { generationStream(id: $id) { delta status } }"


async def test_the_prompt_tools_run_their_templates_and_stream(fast_mock: None, api: Api) -> None:
    token = await api.user()
    asked = {
        ("ENHANCE", None, "AUTO"): ("image", "enhance"),
        ("ENHANCE", None, "OFF"): ("image", "enhance"),  # the button was pressed: it enhances
        ("ENHANCE", "portrait", "FAST"): ("image", "enhance-fast"),
        ("ENHANCE", "album-cover", "FAST"): ("image", "enhance-cover"),  # a cover always has its own template
        ("TRANSLATE", None, "AUTO"): ("image", "translate"),
        ("INTERPRET_LYRICS", None, "AUTO"): ("image", "interpret-lyric"),
        ("TITLE", "album-cover", "AUTO"): ("titel", "generate"),
    }
    for (tool, composition, enhance), template in asked.items():
        ask = {"tool": tool, "text": "ein Leuchtturm im Sturm", "composition": composition, "enhance": enhance}
        done = await api.payload("imagePromptTool", TOOL, {"i": {**ask, "wait": True}}, token)
        generation = done["generation"]
        assert (generation["category"], generation["action"]) == template, (ask, generation)
        assert generation["status"] == "COMPLETE" and generation["text"], generation
    # Without wait the generation streams like templateGenerate's.
    started = await api.payload("imagePromptTool", TOOL, {"i": {"tool": "TRANSLATE", "text": "Nebel"}}, token)
    events = await follow(api, GENERATION_STREAM, {"id": started["generation"]["id"]}, token)
    assert events[-1]["status"] == "COMPLETE" and joined(events).strip()
    refused = await api.payload(
        "imagePromptTool", TOOL, {"i": {"tool": "ENHANCE", "text": "x", "composition": "odd"}}, token
    )
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "composition"], "INVALID")]


async def test_dalles_refusals_end_the_image_with_their_code(api: Api) -> None:
    token = await api.user()
    for number, code in (("0002", "INVALID_API_KEY"), ("0009", "CONTENT_POLICY")):
        done, events = await draw(api, token, prompt=f"a test {number} picture", enhance="OFF")
        assert (done["status"], done["error"]["code"]) == ("FAILED", code), (number, done)
        assert events[-1]["error"]["code"] == code and done["url"] is None


async def test_the_gallery_searches_sorts_both_ways_renames_tags_and_deletes(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    made = {}
    for title in ("Beta", "alpha", "Gamma"):
        image, _ = await draw(api, token, title=title, enhance="OFF", prompt=f"{title} over the sea")
        made[title] = image["id"]
    untitled, _ = await draw(api, token, enhance="OFF", prompt="no title at all")
    assert await titles(api, token, orderBy={"field": "TITLE", "direction": "ASC"}) == [None, "alpha", "Beta", "Gamma"]
    assert await titles(api, token, orderBy={"field": "TITLE", "direction": "DESC"}) == ["Gamma", "Beta", "alpha", None]
    assert await titles(api, token, filter={"search": "GAMMA over"}) == ["Gamma"]

    renamed = await api.mutate(
        "imageUpdate", UPDATE, {"i": {"id": made["Beta"], "title": " Delta ", "tags": ["sea", "Sea", "blue"]}}, token
    )
    assert renamed["image"] == {"id": made["Beta"], "title": "Delta", "tags": ["sea", "blue"]}
    assert await titles(api, token, filter={"tags": ["sea"]}) == ["Delta"]

    assert (await api.mutate("imageDelete", DELETE, {"i": {"id": made["alpha"]}}, token))["deletedImageId"]
    bulk = await api.payload(
        "imageBulkDelete", BULK, {"i": {"ids": [made["Gamma"], made["alpha"], untitled["id"]]}}, token
    )
    assert [(r["deleted"], r["error"] and r["error"]["code"]) for r in bulk["results"]] == [
        (True, None),
        (False, "NOT_FOUND"),
        (True, None),
    ]
    assert bulk["results"][1]["error"]["field"] == ["input", "ids", "1"] and bulk["deletedCount"] == 2
    assert await titles(api, token) == ["Delta"]
    gone = (await api.data(IMAGE, {"id": made["alpha"]}, token))["node"]
    assert gone is None


async def test_image_rules_are_user_errors(api: Api) -> None:
    token = await api.user()
    refused = await start_image(api, token, lighting="candle-light", prompt=" ")
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "prompt"), "REQUIRED"),
        (("input", "lighting"), "INVALID"),
    }
    assert (await api.data(LIST, {}, token))["images"]["totalCount"] == 0


async def test_a_job_run_again_after_dalle_may_have_drawn_never_asks_again(embedded: Running) -> None:
    """A worker lost while DALL-E drew leaves the job marked as calling it; the run that recovery starts ends the
    image FAILED INTERRUPTED instead of paying again (the mock counts every request it got)."""
    from api.ids import decode_uuid, encode_id
    from domain.common.clock import utcnow
    from domain.images.entities import Image as ImageRow
    from domain.images.generation import CALLING
    from domain.images.service import IMAGE_GENERATION
    from domain.jobs.entities import Job
    from tests.support import follow, job_progress

    api = embedded.api
    token = await api.user()
    user_id = decode_uuid((await api.data("{ viewer { id } }", token=token))["viewer"]["id"], "User")
    assert user_id is not None
    container = embedded.app.state.container
    now = utcnow()
    image = ImageRow(user_id=user_id, user_prompt="a lost lighthouse", created_at=now, updated_at=now)
    job = Job(user_id=user_id, kind=IMAGE_GENERATION.kind, created_at=now, updated_at=now)
    job.payload, job.external_ids, job.attempts = {"image_id": str(image.id)}, {CALLING: now.isoformat()}, 1
    image.job_id = job.id
    async with container.uow() as uow:
        await uow.jobs.add(job)
        await uow.images.add(image)
        await uow.commit()
    await container.queue.enqueue(job.id)
    events = await follow(api, job_progress(), {"id": encode_id("Job", job.id)}, token)
    assert (events[-1]["status"], events[-1]["error"]["code"]) == ("FAILED", "INTERRUPTED"), events
    done = (await api.data(IMAGE, {"id": encode_id("Image", image.id)}, token))["node"]
    assert (done["status"], done["error"]["code"]) == ("FAILED", "INTERRUPTED")
    counted = await fetch(f"{api.base_url}/mock/_aitestmock/openai/images")
    assert counted.json()["images"] == 0
