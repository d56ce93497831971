"""The shipped entry points as separate processes: `python -m api` (twice) and `python -m workers`
against PostgreSQL, Redis and S3; and `python -m api` alone in the embedded default."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from aitestmock.app import create_app as create_mock
from aitestmock.config import MockConfig
from tests.support import (
    Api,
    create_conversation,
    create_sketch,
    follow,
    free_port,
    job_progress,
    joined,
    send_message,
    serving,
    start_export,
    upload,
)
from tests.support.processes import ROOT, process

SKETCH = "id title prompt tags lyrics workflow"
JOB = """id status progress result {
    ... on DataExport { downloadUrl sizeBytes sha256 }
    ... on DataImportResult { sketchesCreated sketchesSkipped } }"""
PROGRESS = job_progress(JOB)
BY_TITLE = "orderBy: {field: TITLE, direction: ASC}"


async def studio_flow(first: Api, second: Api) -> str:
    """register → login → sketches (create, list, page, filter, update, clear, duplicate, delete) → export
    → download → import into a second account; `first` and `second` may be different processes."""
    admin = await first.user()
    created = []
    for i in range(5):
        fields = {"title": f"Song {i}", "prompt": "warm analog pop", "tags": ["pop", f"t{i}"], "lyrics": "la la"}
        created.append(await create_sketch(first, admin, select=SKETCH, **fields))
    page1 = await second.data(
        f"{{ sketches(first: 2, {BY_TITLE}) {{ totalCount nodes {{ title }} pageInfo {{ endCursor hasNextPage }} }} }}",
        token=admin,
    )
    assert page1["sketches"]["totalCount"] == 5
    assert [n["title"] for n in page1["sketches"]["nodes"]] == ["Song 0", "Song 1"]
    cursor = page1["sketches"]["pageInfo"]["endCursor"]
    page2 = await second.data(
        f"query($c: String) {{ sketches(first: 2, after: $c, {BY_TITLE}) {{ nodes {{ title }} }} }}",
        {"c": cursor},
        admin,
    )
    assert [n["title"] for n in page2["sketches"]["nodes"]] == ["Song 2", "Song 3"]
    found = await second.data('{ sketches(filter: {tags: ["T3"]}) { nodes { title } } }', token=admin)
    assert [n["title"] for n in found["sketches"]["nodes"]] == ["Song 3"]
    updated = await second.mutate(
        "sketchUpdate",
        f"""mutation($i: SketchUpdateInput!) {{ sketchUpdate(input: $i) {{
            sketch {{ {SKETCH} }} userErrors {{ code }} }} }}""",
        {"i": {"id": created[0]["id"], "title": "Renamed", "lyrics": None}},
        admin,
    )
    assert updated["sketch"]["title"] == "Renamed" and updated["sketch"]["lyrics"] is None
    await first.mutate(
        "sketchDuplicate",
        "mutation($i: SketchIdInput!) { sketchDuplicate(input: $i) { sketch { id } userErrors { code } } }",
        {"i": {"id": created[1]["id"]}},
        admin,
    )
    await first.mutate(
        "sketchDelete",
        "mutation($i: SketchIdInput!) { sketchDelete(input: $i) { deletedSketchId userErrors { code } } }",
        {"i": {"id": created[2]["id"]}},
        admin,
    )
    export = await start_export(first, admin, select="id")
    done = (await follow(second, PROGRESS, {"id": export["id"]}, admin, timeout=60))[-1]
    assert done["status"] == "SUCCEEDED", done
    async with httpx.AsyncClient() as client:
        archive = (await client.get(done["result"]["downloadUrl"])).content
    assert str(len(archive)) == done["result"]["sizeBytes"]
    assert hashlib.sha256(archive).hexdigest() == done["result"]["sha256"]

    other = await first.user(admin_token=admin)
    uploaded, sent = await upload(second, other, archive)
    assert sent is not None and sent.status_code in (200, 204), sent and sent.text
    for expected_created in (5, 0):  # the second import of the same archive creates nothing
        job = await second.mutate(
            "dataImportCreate",
            """mutation($i: DataImportCreateInput!) {
                dataImportCreate(input: $i) { job { id } userErrors { code message } } }""",
            {"i": {"uploadId": uploaded["id"]}},
            other,
        )
        result = (await follow(first, PROGRESS, {"id": job["job"]["id"]}, other, timeout=60))[-1]
        assert result["status"] == "SUCCEEDED", result
        assert result["result"]["sketchesCreated"] == expected_created
    mine = await first.data("{ sketches(first: 50) { totalCount nodes { title } } }", token=other)
    theirs = await first.data("{ sketches(first: 50) { totalCount nodes { title } } }", token=admin)
    assert sorted(n["title"] for n in mine["sketches"]["nodes"]) == sorted(
        n["title"] for n in theirs["sketches"]["nodes"]
    )
    # Ids stay private across accounts.
    assert (await second.data("query($id: ID!) { node(id: $id) { id } }", {"id": created[1]["id"]}, other))[
        "node"
    ] is None
    return admin


STREAM = "subscription($m: ID!) { messageStream(messageId: $m) { delta status errorCode message { content status } } }"


async def chat_flow(first: Api, second: Api, token: str) -> None:
    """An answer streams to a subscriber on `first` while one on `second` joins halfway: both end with
    exactly the stored text. Then stop keeps a partial answer and regenerate writes a new one."""
    conversation = await create_conversation(first, token, select="id", title="e2e")
    answer = (await send_message(first, token, conversation["id"], "Tell me a story"))["assistantMessage"]
    early = asyncio.create_task(follow(first, STREAM, {"m": answer["id"]}, token, timeout=60))
    await asyncio.sleep(0.5)  # the answer is under way: ~150 tokens at 10 ms
    late_events = await follow(second, STREAM, {"m": answer["id"]}, token, timeout=60)
    early_events = await early
    stored = late_events[-1]["message"]["content"]
    assert late_events[-1]["status"] == early_events[-1]["status"] == "COMPLETE"
    assert joined(early_events) == stored
    assert joined(late_events) == stored
    assert late_events[0]["delta"] and len(late_events[0]["delta"]) < len(stored), "the late one joined halfway"

    stopped = (await send_message(first, token, conversation["id"], "And another"))["assistantMessage"]
    under_way = asyncio.Event()  # set once the watcher has the first event (the text so far)
    watcher = asyncio.create_task(
        follow(second, STREAM, {"m": stopped["id"]}, token, timeout=60, on_first=lambda _: under_way.set())
    )
    await under_way.wait()
    await asyncio.sleep(0.3)
    await first.mutate(
        "messageStop",
        "mutation($m: ID!) { messageStop(input: {id: $m}) { message { id } userErrors { code message } } }",
        {"m": stopped["id"]},
        token,
    )
    events = await watcher
    assert events[-1]["status"] == "STOPPED"
    partial = events[-1]["message"]["content"]
    assert partial and joined(events) == partial and len(partial) < len(stored)

    regenerated = (
        await second.mutate(
            "messageRegenerate",
            """mutation($c: ID!) {
                messageRegenerate(input: {conversationId: $c}) { message { id } userErrors { code } } }""",
            {"c": conversation["id"]},
            token,
        )
    )["message"]
    final = await follow(first, STREAM, {"m": regenerated["id"]}, token, timeout=60)
    assert final[-1]["status"] == "COMPLETE" and final[-1]["message"]["content"]

    failing = (await send_message(second, token, conversation["id"], "test 0002 please"))["assistantMessage"]
    failed = await follow(first, STREAM, {"m": failing["id"]}, token, timeout=60)
    assert (failed[-1]["status"], failed[-1]["errorCode"]) == ("FAILED", "INVALID_API_KEY")

    compressed = await second.mutate(
        "conversationCompress",
        """mutation($c: ID!) { conversationCompress(input: {id: $c, keepRecent: 1}) {
            archivedCount summary { content } userErrors { code } } }""",
        {"c": conversation["id"]},
        token,
    )
    assert compressed["archivedCount"] >= 4 and compressed["summary"]["content"].startswith("[Summary: ")
    exported = await first.data(
        """query($c: ID!) { node(id: $c) { ... on Conversation {
            markdown: export(format: MARKDOWN) full: export(format: JSON, includeArchived: true) } } }""",
        {"c": conversation["id"]},
        token,
    )
    assert "[Summary: " in exported["node"]["markdown"]
    contents = [m["content"] for m in json.loads(exported["node"]["full"])["messages"]]
    assert "Tell me a story" in contents and "test 0002 please" in contents  # nothing stored was lost
    restored = await first.mutate(
        "conversationRestore",
        "mutation($c: ID!) { conversationRestore(input: {id: $c}) { restoredCount userErrors { code } } }",
        {"c": conversation["id"]},
        token,
    )
    assert restored["restoredCount"] == compressed["archivedCount"]


async def song_flow(first: Api, second: Api, token: str, mock_url: str) -> None:
    """A sketch becomes a song through one API while the other follows it; both workers take the jobs; its stems
    download as a ZIP from S3; Mureka saw one submission per song."""
    from tests.integration.cases.songs import SONG, song_input

    sketch = await create_sketch(first, token, select="id", prompt="dream pop 3s", lyrics="la la")
    songs = [
        await first.mutate(
            "songCreate",
            "mutation($i: SongCreateInput!) { songCreate(input: $i) { song { id } job { id } userErrors { code } } }",
            {"i": song_input(sketchId=sketch["id"], prompt="dream pop 3s", title=f"Song {n}")},
            token,
        )
        for n in range(3)
    ]
    for created in songs:
        final = await follow(second, job_progress(), {"id": created["job"]["id"]}, token, timeout=60)
        assert final[-1]["status"] == "SUCCEEDED", final
    song = (await second.data(SONG, {"id": songs[0]["song"]["id"]}, token))["node"]
    choice = song["choices"]["nodes"][0]
    stems = await second.mutate(
        "choiceStemsCreate",
        "mutation($i: ChoiceIdInput!) { choiceStemsCreate(input: $i) { job { id } userErrors { code } } }",
        {"i": {"id": choice["id"]}},
        token,
    )
    assert (await follow(first, job_progress(), {"id": stems["job"]["id"]}, token, timeout=60))[-1][
        "status"
    ] == "SUCCEEDED"
    song = (await first.data(SONG, {"id": songs[0]["song"]["id"]}, token))["node"]
    async with httpx.AsyncClient(timeout=30) as client:
        audio = await client.get(choice["mp3Url"])
        zipped = await client.get(song["choices"]["nodes"][0]["stemsUrl"])
        counts = (await client.get(f"{mock_url}/_aitestmock/mureka/submissions")).json()
    assert audio.status_code == 200 and audio.content
    assert zipped.status_code == 200 and zipped.content.startswith(b"PK")
    assert counts == {"song": 3, "instrumental": 0, "stem": 1}


@pytest.mark.slow
async def test_production_mode_two_api_processes_and_two_workers(
    tmp_path: Path, postgres_url: str, redis_available: str, s3_endpoint: str
) -> None:
    env = {
        "DATABASE_URL": postgres_url,
        "REDIS_URL": redis_available,
        "REDIS_KEY_PREFIX": f"aiproxy-e2e-{uuid.uuid4().hex[:8]}:",
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT": s3_endpoint,
        "S3_ACCESS_KEY": "test",
        "S3_SECRET_KEY": "test",
        "S3_BUCKET": f"aiproxy-e2e-{uuid.uuid4().hex[:8]}",
        "JWT_SECRET": uuid.uuid4().hex,
        "BCRYPT_ROUNDS": "4",
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_FORMAT": "json",
        "AITESTMOCK_TOKEN_DELAY_MS": "10",
        "AITESTMOCK_TOKENS": "150",
    }
    ports = free_port(), free_port()
    # Mureka: a mock outside the workers, so that each worker's jobs reach the same one, as they would Mureka.
    async with serving(create_mock(MockConfig())) as mock_url:
        env |= {"MUREKA_BASE_URL": mock_url, "MUREKA_API_KEY": "sk-e2e", "MUREKA_POLL_INTERVALS": "0.3"}
        async with (
            process("workers", env, tmp_path / "worker1.log", None),
            process("workers", env, tmp_path / "worker2.log", None),
            process(
                "api", {**env, "PORT": str(ports[0])}, tmp_path / "api1.log", f"http://127.0.0.1:{ports[0]}/readyz"
            ),
            process(
                "api", {**env, "PORT": str(ports[1])}, tmp_path / "api2.log", f"http://127.0.0.1:{ports[1]}/readyz"
            ),
        ):
            first, second = Api(f"http://127.0.0.1:{ports[0]}"), Api(f"http://127.0.0.1:{ports[1]}")
            try:
                ready = (await first.http.get("/readyz")).json()
                assert ready["mode"] == {"database": "postgresql", "jobs": "arq", "events": "redis", "storage": "s3"}
                assert ready["providers"] == {"ollama": "mock", "openai": "mock", "mureka": "configured"}
                admin = await studio_flow(first, second)
                await chat_flow(first, second, admin)
                await song_flow(first, second, admin, mock_url)
            finally:
                await first.close()
                await second.close()
    logs = [(tmp_path / f"worker{n}.log").read_text() for n in (1, 2)]
    assert all('"msg": "job started"' in log for log in logs), "a worker process ran no job"


async def test_embedded_default_needs_only_data_dir_and_port(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        "BCRYPT_ROUNDS": "4",
        "REDIS_URL": "",
        "DATABASE_URL": "",
        "AITESTMOCK_TOKEN_DELAY_MS": "10",
        "AITESTMOCK_TOKENS": "150",
    }
    async with process("api", env, tmp_path / "api.log", f"http://127.0.0.1:{port}/readyz"):
        api = Api(f"http://127.0.0.1:{port}")
        try:
            ready = (await api.http.get("/readyz")).json()
            assert ready["mode"] == {"database": "sqlite", "jobs": "in-process", "events": "memory", "storage": "local"}
            page = await api.http.get("/graphql", headers={"accept": "text/html"})
            assert page.status_code == 200 and "graphiql" in page.text.lower()
            await chat_flow(api, api, await studio_flow(api, api))
        finally:
            await api.close()
    secret = tmp_path / "data" / "jwt_secret"
    assert secret.exists() and secret.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data" / "aiproxy.db").exists()


def test_invalid_settings_stop_each_entry_point_naming_the_variables(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "PORT": "abc", "STORAGE_BACKEND": "ftp"}
    for module in ("api", "workers"):
        done = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 1, done.stderr
        assert "not started: invalid settings: " in done.stderr and "Traceback" not in done.stderr
        assert "PORT: " in done.stderr and "STORAGE_BACKEND: " in done.stderr
    assert not (tmp_path / "data").exists()  # refused before anything is touched
