"""Songs over the real API, in both modes, against the built-in Mureka mock over real HTTP: a sketch becomes a
song whose audio downloads from our storage, progress streams live, cancel writes CANCELLED, stems download as a
ZIP, the provider's failures end in the right status and code, and the library's edits and deletes."""

from __future__ import annotations

import asyncio
import io
import itertools
import zipfile
from typing import Any

import httpx
import pytest

from aitestmock.text import lyrics_sections
from tests.conftest import Running
from tests.integration.cases.songs import (
    FAST_STYLE,
    LYRICS,
    SONG,
    SYNCED_LYRICS,
    generate,
    start_song,
)
from tests.support import ERRORS, Api, create_sketch, follow, job_progress

UPDATE = (
    f"""mutation($i: SongUpdateInput!) {{ songUpdate(input: $i) {{ song {{ id title tags workflow }} {ERRORS} }} }}"""
)
CANCEL = f"""mutation($i: SongIdInput!) {{ songCancel(input: $i) {{ song {{ id status }} {ERRORS} }} }}"""
DELETE = f"""mutation($i: SongIdInput!) {{ songDelete(input: $i) {{ deletedSongId {ERRORS} }} }}"""
BULK = f"""mutation($i: SongBulkDeleteInput!) {{ songBulkDelete(input: $i) {{
    results {{ id deleted error {{ code message field }} }} deletedCount {ERRORS} }} }}"""
RATE = f"""mutation($i: ChoiceRateInput!) {{ choiceRate(input: $i) {{ choice {{ id rating }} {ERRORS} }} }}"""
STEMS = (
    f"""mutation($i: ChoiceIdInput!) {{ choiceStemsCreate(input: $i) {{ choice {{ id }} job {{ id }} {ERRORS} }} }}"""
)
LIST = """query($filter: SongFilter, $orderBy: SongOrder) { songs(first: 50, filter: $filter, orderBy: $orderBy) {
    totalCount nodes { id title status workflow instrumental } } }"""
ACCOUNT = "{ murekaAccount { balance totalRecharge totalSpending concurrentRequestLimit currency } }"


async def download(url: str) -> bytes:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:200])
    return response.content


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


# --- the whole way: sketch → song → stored audio → stems -------------------------------------------------------


async def test_a_sketch_becomes_a_song_whose_audio_downloads_from_our_storage(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    sketch = await create_sketch(api, token, select="id workflow", title="Rain", lyrics=LYRICS, prompt=FAST_STYLE)
    assert sketch["workflow"] == "DRAFT"
    created = await start_song(api, token, sketchId=sketch["id"])
    assert created["userErrors"] == []
    assert created["song"]["status"] == "QUEUED" and created["job"]["kind"] == "SONG_GENERATION"
    assert created["song"]["job"]["id"] == created["job"]["id"]

    events = await follow(api, job_progress(), {"id": created["job"]["id"]}, token)
    assert events[-1]["status"] == "SUCCEEDED", events
    messages = [e["message"] or "" for e in events]
    assert any(m.startswith("Mureka: ") for m in messages), messages  # the provider's status, live
    fractions = [e["progress"] for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0

    song = (await api.data(SONG, {"id": created["song"]["id"]}, token))["node"]
    assert song["status"] == "SUCCEEDED" and song["providerStatus"] == "succeeded"
    assert song["model"].startswith("mureka-")  # the model Mureka used, not "auto"
    assert song["completedAt"] and song["error"] is None
    assert song["sketch"] == {"id": sketch["id"], "workflow": "USED"}
    choices = song["choices"]["nodes"]
    assert song["choices"]["totalCount"] == len(choices) == 2
    assert [c["index"] for c in choices] == [0, 1]
    for choice in choices:
        assert choice["stored"] and choice["duration"] > 10
        ours = await download(choice["mp3Url"])
        assert ours == await download(choice["providerFiles"]["mp3Url"])  # a copy of Mureka's file
        assert choice["mp3Url"] != choice["providerFiles"]["mp3Url"]
        assert await download(choice["flacUrl"]) == await download(choice["providerFiles"]["flacUrl"])
        if choice["providerFiles"]["imageUrl"]:
            assert len(await download(choice["imageUrl"])) > 0
        else:
            assert choice["imageUrl"] is None

    stems = await api.mutate("choiceStemsCreate", STEMS, {"i": {"id": choices[0]["id"]}}, token)
    assert stems["userErrors"] == []
    done = await follow(api, job_progress(), {"id": stems["job"]["id"]}, token)
    assert done[-1]["status"] == "SUCCEEDED", done
    song = (await api.data(SONG, {"id": created["song"]["id"]}, token))["node"]
    with zipfile.ZipFile(io.BytesIO(await download(song["choices"]["nodes"][0]["stemsUrl"]))) as archive:
        assert archive.namelist()  # a real ZIP of stems


async def test_an_instrumental_has_no_lyrics_and_is_filtered_as_such(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    done, _ = await generate(api, token, instrumental=True, lyrics=None, title="Drift")
    assert done["status"] == "SUCCEEDED" and done["instrumental"] and done["lyrics"] is None
    await generate(api, token, title="Sung")
    listed = (await api.data(LIST, {"filter": {"instrumental": True}}, token))["songs"]
    assert [n["title"] for n in listed["nodes"]] == ["Drift"]


async def test_cancel_writes_cancelled_and_stops_the_job(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    created = await start_song(api, token, prompt="slow ballad 30s")
    song_id = created["song"]["id"]

    async def cancel_once_running(event: dict[str, Any]) -> None:
        await poll_running(api, token, song_id)
        answer = await api.mutate("songCancel", CANCEL, {"i": {"id": song_id}}, token)
        assert answer["userErrors"] == []

    events = await follow(api, job_progress(), {"id": created["job"]["id"]}, token, on_first=cancel_once_running)
    assert events[-1]["status"] == "CANCELLED", events
    song = (await api.data(SONG, {"id": song_id}, token))["node"]
    assert song["status"] == "CANCELLED" and song["choices"]["totalCount"] == 0
    again = await api.payload("songCancel", CANCEL, {"i": {"id": song_id}}, token)
    assert codes(again) == [(["input", "id"], "INVALID")]


async def poll_running(api: Api, token: str, song_id: str) -> None:
    from tests.support import poll

    async def running() -> bool:
        return (await api.data(SONG, {"id": song_id}, token))["node"]["status"] == "RUNNING"

    await poll(running, 30)


# --- synced lyrics ---------------------------------------------------------------------------------------------

TIMELINE = """query($id: ID!) { node(id: $id) { ... on Song { choices { nodes { index duration
    lyricsTimeline { firstVocal sections { type position number start end duration
        lines { start end text words { start end text } } } }
    lyricsDiff { identical askedLines sungLines keptLines changes { kind asked sung askedLine start } } } } } } }"""
ANSWER = """query($id: ID!) { node(id: $id) { ... on Job {
    result { ... on SongGenerationResult { providerAnswer } } } } }"""


def seconds(entry: dict[str, Any]) -> tuple[float, float, str]:
    return entry["start"] / 1000, entry["end"] / 1000, entry["text"]


async def test_choices_keep_mureka_word_timings_and_name_the_lines_they_dropped(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    done, _ = await generate(api, token, lyrics=SYNCED_LYRICS)
    assert done["status"] == "SUCCEEDED", done
    choices = (await api.data(TIMELINE, {"id": done["id"]}, token))["node"]["choices"]["nodes"]
    assert len(choices) == 2
    for choice in choices:
        # What the mock sent for this choice (the worker's own mock in production mode: the same answer).
        sent = lyrics_sections(SYNCED_LYRICS, round(choice["duration"] * 1000), drop_line=choice["index"] == 1)
        timeline = choice["lyricsTimeline"]
        sections = timeline["sections"]
        # Every section, line and word as Mureka sent it, in seconds.
        assert [s["type"] for s in sections] == [s["section_type"].upper() for s in sent]
        lines = [line for s in sections for line in s["lines"]]
        mureka_lines = [line for s in sent for line in s["lines"]]
        assert [(x["start"], x["end"], x["text"]) for x in lines] == [seconds(x) for x in mureka_lines]
        assert [[(w["start"], w["end"], w["text"]) for w in x["words"]] for x in lines] == [
            [seconds(w) for w in x["words"]] for x in mureka_lines
        ]
        # Section lengths and places, and where the singing starts.
        assert [(s["type"], s["position"], s["number"]) for s in sections] == [
            ("VERSE", 1, 1),
            ("CHORUS", 2, 1),
            ("VERSE", 3, 2),
            ("CHORUS", 4, 2),
        ]
        assert all(s["duration"] == pytest.approx(s["end"] - s["start"]) and s["duration"] > 0 for s in sections)
        assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(sections))
        assert 0 < timeline["firstVocal"] == lines[0]["start"] < sections[-1]["end"] <= choice["duration"]

    # The provider's answer as it arrived stays on the job's result, its timings included.
    answer = (await api.data(ANSWER, {"id": done["job"]["id"]}, token))["node"]["result"]["providerAnswer"]
    assert answer["status"] == "succeeded" and len(answer["choices"]) == 2
    for choice in choices:
        raw = answer["choices"][choice["index"]]  # the mock's choices carry no index: their place is theirs
        sung = [line["text"] for section in raw["lyrics_sections"] for line in section["lines"]]
        assert sung == [line["text"] for s in choice["lyricsTimeline"]["sections"] for line in s["lines"]]

    kept, dropped = (c["lyricsDiff"] for c in choices)
    assert kept == {"identical": True, "askedLines": 9, "sungLines": 9, "keptLines": 9, "changes": []}
    assert dropped == {
        "identical": False,
        "askedLines": 9,
        "sungLines": 8,
        "keptLines": 8,
        "changes": [
            {"kind": "DROPPED", "asked": "The harbor lights are low", "sung": None, "askedLine": 4, "start": None}
        ],
    }

    instrumental, _ = await generate(api, token, instrumental=True, lyrics=None)
    choices = (await api.data(TIMELINE, {"id": instrumental["id"]}, token))["node"]["choices"]["nodes"]
    assert [(c["lyricsTimeline"], c["lyricsDiff"]) for c in choices] == [(None, None)] * 2


# --- rules -----------------------------------------------------------------------------------------------------


async def test_song_rules_are_user_errors(api: Api) -> None:
    token = await api.user()
    archived = await create_sketch(api, token, select="id", prompt="x", workflow="ARCHIVED")
    cases = [
        ({"title": "  "}, [(["input", "title"], "REQUIRED")]),
        ({"prompt": "x" * 1025}, [(["input", "prompt"], "TOO_LONG")]),
        ({"lyrics": None}, [(["input", "lyrics"], "REQUIRED")]),
        ({"lyrics": "la " * 1001}, [(["input", "lyrics"], "TOO_LONG")]),
        ({"instrumental": True}, [(["input", "lyrics"], "INVALID")]),
        ({"model": "mureka-unknown"}, [(["input", "model"], "INVALID")]),
        ({"sketchId": archived["id"]}, [(["input", "sketchId"], "INVALID")]),
    ]
    for change, expected in cases:
        assert codes(await start_song(api, token, **change)) == expected, change
    assert (await api.data(LIST, {}, token))["songs"]["totalCount"] == 0  # nothing was written


async def test_update_rate_and_deletes_with_the_in_use_protection(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    first, _ = await generate(api, token, title="Keep")
    second, _ = await generate(api, token, title="Drop")
    changed = await api.mutate(
        "songUpdate",
        UPDATE,
        {"i": {"id": first["id"], "title": " Kept ", "tags": ["a", "A", "b"], "workflow": "IN_USE"}},
        token,
    )
    assert changed["song"] == {"id": first["id"], "title": "Kept", "tags": ["a", "b"], "workflow": "IN_USE"}

    choice_id = first["choices"]["nodes"][1]["id"]
    rated = await api.mutate("choiceRate", RATE, {"i": {"id": choice_id, "rating": "UP"}}, token)
    assert rated["choice"] == {"id": choice_id, "rating": "UP"}
    cleared = await api.mutate("choiceRate", RATE, {"i": {"id": choice_id, "rating": None}}, token)
    assert cleared["choice"]["rating"] is None

    refused = await api.payload("songBulkDelete", BULK, {"i": {"ids": [first["id"], second["id"], "garbage"]}}, token)
    assert [(r["deleted"], r["error"] and r["error"]["code"]) for r in refused["results"]] == [
        (False, "CONFLICT"),
        (True, None),
        (False, "NOT_FOUND"),
    ]
    assert refused["results"][0]["error"]["field"] == ["input", "ids", "0"]
    assert refused["deletedCount"] == 1
    forced = await api.mutate("songBulkDelete", BULK, {"i": {"ids": [first["id"]], "force": True}}, token)
    assert forced["deletedCount"] == 1
    assert (await api.data(LIST, {}, token))["songs"]["totalCount"] == 0
    # The stored audio went with the songs.
    for choice in first["choices"]["nodes"]:
        async with httpx.AsyncClient(timeout=30) as client:
            assert (await client.get(choice["mp3Url"])).status_code in (403, 404)  # S3 answers 403 for a missing key


async def test_the_mureka_account_reads_in_currency_units(api: Api) -> None:
    token = await api.user()
    account = (await api.data(ACCOUNT, token=token))["murekaAccount"]
    assert account == {
        "balance": "25.44",
        "totalRecharge": "30",
        "totalSpending": "4.56",
        "concurrentRequestLimit": 1,
        "currency": "USD",
    }


# --- what Mureka-compatible servers really send (aitestmock's triggers, in the lyrics) ---------------------------

FAILURES = {
    "0002": "INVALID_API_KEY",  # 401 on submit
    "0003": "GENERATION_FAILED",  # the task ends `failed` with a reason
    "0008": "QUOTA_EXCEEDED",  # 429 with quota wording: never retried
    "0012": "INVALID_API_KEY",  # HTTP 200 {"error": {"message": "Invalid Authentication"}}
    "0013": "BAD_REQUEST",  # every query: HTTP 200 "the corresponding task was not found"
    "0014": "BAD_REQUEST",  # every query: HTTP 200 with neither id nor status
    "0015": "BAD_REQUEST",  # the submit answers HTTP 200 with no task
    "0016": "RATE_LIMITED",  # 429 on every submit, no Retry-After: given up after MUREKA_RATE_LIMIT_SECONDS
    "0019": "GENERATION_FAILED",  # the task ends `timeouted` (the replaced system kept waiting)
    "0025": "QUOTA_EXCEEDED",  # 402 insufficient balance on submit
    "0026": "BAD_REQUEST",  # 403 region refusal
}
RECOVERS = ("0018", "0020", "0023")  # 429 once; an unknown status; loose answers


async def test_every_failure_ends_the_song_failed_with_its_code(api: Api) -> None:
    token = await api.user()
    for number, code in FAILURES.items():
        done, events = await generate(api, token, lyrics=f"{LYRICS}\ntest {number}", title=f"Fails {number}")
        assert (done["status"], done["error"] and done["error"]["code"]) == ("FAILED", code), (number, done)
        assert (events[-1]["status"], events[-1]["error"]["code"]) == ("FAILED", code), number
        assert done["error"]["message"] and done["choices"]["totalCount"] == 0
    done, _ = await generate(api, token, lyrics=f"{LYRICS}\ntest 0019", title="Timeouted")
    assert "timeouted" in done["error"]["message"] or done["providerStatus"] == "timeouted", done


async def test_what_recovers_ends_succeeded_with_its_choices(api: Api) -> None:
    token = await api.user()
    for number in RECOVERS:
        done, events = await generate(api, token, lyrics=f"{LYRICS}\ntest {number}", title=f"Recovers {number}")
        assert done["status"] == "SUCCEEDED", (number, done, events[-3:])
        assert done["choices"]["totalCount"] == 2 and all(c["stored"] for c in done["choices"]["nodes"]), number


async def test_a_gateway_error_on_submit_is_never_sent_again_and_gateway_errors_while_polling_are_waited_out(
    api: Api,
) -> None:
    token = await api.user()
    lyrics = f"{LYRICS}\ntest 0024"  # a 502 page once per submit body; the task's first queries 502, 503, 504
    first, _ = await generate(api, token, lyrics=lyrics)
    # The submit may have reached Mureka (and been billed): the song fails, saying so, and is not sent again.
    assert (first["status"], first["error"]["code"]) == ("FAILED", "PROVIDER_UNAVAILABLE"), first
    again, events = await generate(api, token, lyrics=lyrics)  # the user asks again, knowingly
    assert again["status"] == "SUCCEEDED", (again, events[-3:])
    assert any("not answering" in (e["message"] or "") for e in events), [e["message"] for e in events]
    async with httpx.AsyncClient() as client:
        counts = (await client.get(f"{api.base_url}/mock/_aitestmock/mureka/submissions")).json()
    assert counts["song"] == 2  # one per songCreate, none by a retry


async def test_a_query_rate_limited_for_ever_ends_at_the_deadline(embedded_settings: Any) -> None:
    from tests.conftest import serve

    settings = embedded_settings.replace(mureka=embedded_settings.mureka.replace(deadline_seconds=3))
    async with serve(settings) as running:
        token = await running.api.user()
        done, events = await generate(running.api, token, lyrics=f"{LYRICS}\ntest 0017")
    assert (done["status"], done["error"]["code"]) == ("FAILED", "TIMEOUT"), done
    assert any("not answering" in (e["message"] or "") for e in events), events  # it said why it waited


async def test_files_mureka_cannot_serve_leave_the_song_with_its_provider_urls(api: Api) -> None:
    token = await api.user()
    for number in ("0021", "0022"):  # result URLs that 404; a host nobody answers on
        done, _ = await generate(api, token, lyrics=f"{LYRICS}\ntest {number}", title=f"Files {number}")
        assert done["status"] == "SUCCEEDED", (number, done)
        for choice in done["choices"]["nodes"]:
            assert not choice["stored"] and choice["mp3Url"] is None, number
            assert choice["providerFiles"]["mp3Url"], number  # kept, for the player and for the retry
    kinds = (await api.data("{ jobs(first: 50) { nodes { kind } } }", token=token))["jobs"]["nodes"]
    assert [k["kind"] for k in kinds].count("SONG_FILES") == 2  # the follow-up copy, one per song


async def test_an_empty_mureka_balance_refuses_the_song_before_anything_is_written(embedded_settings: Any) -> None:
    from aitestmock.app import create_app as create_mock
    from aitestmock.config import MockConfig
    from tests.conftest import serve
    from tests.support import serving

    async with serving(create_mock(MockConfig())) as mock_url:
        mureka = embedded_settings.mureka.replace(base_url=mock_url, api_key="sk-0025")
        async with serve(embedded_settings.replace(mureka=mureka)) as running:
            token = await running.api.user()
            refused = await start_song(running.api, token)
            async with httpx.AsyncClient() as client:
                submissions = (await client.get(f"{mock_url}/_aitestmock/mureka/submissions")).json()
            listed = (await running.api.data(LIST, {}, token))["songs"]["totalCount"]
    assert codes(refused) == [(["input"], "INSUFFICIENT_BALANCE")], refused
    assert submissions["song"] == 0 and listed == 0


async def test_songs_beyond_the_accounts_concurrency_wait_their_turn_and_say_so(any_mode_settings: Any) -> None:
    from tests.conftest import serve

    # 0: the account's concurrent_request_limit, which the mock's billing says is 1.
    settings = any_mode_settings.replace(mureka=any_mode_settings.mureka.replace(concurrency=0))
    async with serve(settings) as running:
        api = running.api
        token = await api.user()
        first = await start_song(api, token, prompt="warm pop 2s", title="First")
        second = await start_song(api, token, prompt="warm pop 1s", title="Second")
        # Either may take the one slot first (the worker runs both at once); the other waits for it.
        both = await asyncio.gather(
            *(follow(api, job_progress(), {"id": song["job"]["id"]}, token) for song in (first, second))
        )
    assert [events[-1]["status"] for events in both] == ["SUCCEEDED", "SUCCEEDED"]
    messages = [e["message"] or "" for events in both for e in events]
    assert any(m.startswith("Waiting for a free Mureka slot (1 of 1 in use)") for m in messages), messages


# --- export and import -----------------------------------------------------------------------------------------

LIBRARY = """{ songs(first: 10, orderBy: {field: TITLE, direction: ASC}) { nodes {
    title lyrics prompt model instrumental status workflow tags createdAt completedAt error { code } sketch { title }
    choices(first: 3) { nodes { index title duration rating stored mp3Url flacUrl stemsUrl
        lyricsTimeline { firstVocal sections { type start end lines { start end text words { start end text } } } }
        lyricsDiff { keptLines changes { kind asked } } } } } } }"""


def comparable(library: dict[str, Any]) -> list[dict[str, Any]]:
    """Every field but the signed URLs (they name each account's own copies)."""
    songs = library["songs"]["nodes"]
    for song in songs:
        for choice in song["choices"]["nodes"]:
            for name in ("mp3Url", "flacUrl", "stemsUrl"):
                choice[name] = bool(choice[name])
    return songs


async def test_songs_travel_through_export_and_import_with_their_audio_once(stack: Running) -> None:
    from tests.support import SECTIONS, import_archive, run_import, start_export, upload

    api = stack.api
    alice = await api.user()
    sketch = await create_sketch(api, alice, select="id", title="Rain sketch", lyrics=LYRICS, prompt=FAST_STYLE)
    song, _ = await generate(api, alice, sketchId=sketch["id"], title="A rain song")
    await generate(api, alice, instrumental=True, lyrics=None, title="B drift")
    first = song["choices"]["nodes"][0]
    await api.mutate("choiceRate", RATE, {"i": {"id": first["id"], "rating": "DOWN"}}, alice)
    await api.mutate("songUpdate", UPDATE, {"i": {"id": song["id"], "workflow": "IN_USE", "tags": ["rain"]}}, alice)
    stems = await api.mutate("choiceStemsCreate", STEMS, {"i": {"id": first["id"]}}, alice)
    assert (await follow(api, job_progress(), {"id": stems["job"]["id"]}, alice))[-1]["status"] == "SUCCEEDED"
    theirs = comparable(await api.data(LIBRARY, token=alice))
    timed = [c["lyricsTimeline"] is not None for s in theirs for c in s["choices"]["nodes"]]
    assert timed == [True, True, False, False]  # the song's choices have their timings; the instrumental's none

    started = await start_export(api, alice, select="id")
    assert (await follow(api, job_progress(), {"id": started["id"]}, alice))[-1]["status"] == "SUCCEEDED"
    exported = (await api.data(SECTIONS, {"id": started["id"]}, alice))["node"]["result"]
    assert {"name": "songs", "exported": 2} in exported["sections"]
    archive = await download(exported["downloadUrl"])
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = [n for n in z.namelist() if n.startswith("files/songs/")]
        assert len(files) == 2 * 2 * 4 + 1  # mp3, flac, wav and cover of each of two songs' two choices; a stems ZIP
        assert all(z.getinfo(n).compress_type == zipfile.ZIP_STORED for n in files)

    bob = await api.user(admin_token=alice)
    created, response = await upload(api, bob, archive)
    assert response is not None and response.status_code in (200, 201, 204)
    imported = await run_import(api, bob, created["id"], select="id status error { code message }")
    assert imported["status"] == "SUCCEEDED", imported
    sections = (await api.data(SECTIONS, {"id": imported["id"]}, bob))["node"]["result"]["sections"]
    assert {"name": "songs", "created": 2, "skipped": 0} in sections
    mine = comparable(await api.data(LIBRARY, token=bob))
    assert mine == theirs  # every field, the rating, workflow, sketch and the stored files
    bob_song = (await api.data(LIST, {"filter": {"search": "A rain song"}}, bob))["songs"]["nodes"][0]
    bob_full = (await api.data(SONG, {"id": bob_song["id"]}, bob))["node"]
    assert await download(bob_full["choices"]["nodes"][0]["mp3Url"]) == await download(first["mp3Url"])

    again = await import_archive(api, bob, archive, select="id status")
    assert again["status"] == "SUCCEEDED"
    sections = (await api.data(SECTIONS, {"id": again["id"]}, bob))["node"]["result"]["sections"]
    assert {"name": "songs", "created": 0, "skipped": 2} in sections
    assert (await api.data(LIST, {}, bob))["songs"]["totalCount"] == 2


async def test_a_song_whose_job_ended_without_it_is_ended_by_the_sweep(embedded: Running) -> None:
    """A worker lost for good (its job FAILED WORKER_LOST by recovery) leaves its song RUNNING; the sweep that every
    process runs ends the song as its job ended."""
    from api.ids import decode_uuid, encode_id
    from domain.common.clock import utcnow
    from domain.jobs.entities import Job, JobStatus
    from domain.songs.entities import Song, SongStatus
    from domain.songs.provider import SongKind
    from domain.songs.service import SONG_GENERATION

    api = embedded.api
    token = await api.user()
    user_id = decode_uuid((await api.data("{ viewer { id } }", token=token))["viewer"]["id"], "User")
    assert user_id is not None
    container = embedded.app.state.container
    now = utcnow()
    job = Job(user_id=user_id, kind=SONG_GENERATION.kind, created_at=now, updated_at=now, status=JobStatus.FAILED)
    job.error_code, job.error_message = "WORKER_LOST", "The worker stopped."
    song = Song(
        user_id=user_id, title="Orphan", prompt="p", model="auto", kind=SongKind.SONG, created_at=now, updated_at=now
    )
    song.status, song.job_id = SongStatus.RUNNING, job.id
    async with container.uow() as uow:
        await uow.jobs.add(job)
        await uow.songs.add(song)
        await uow.commit()
    assert await container.executor.sweep() >= 1
    swept = (await api.data(SONG, {"id": f"{encode_id('Song', song.id)}"}, token))["node"]
    assert (swept["status"], swept["error"]) == ("FAILED", {"code": "WORKER_LOST", "message": "The worker stopped."})
    assert swept["completedAt"]
