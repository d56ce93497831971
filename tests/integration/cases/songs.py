"""Songs: the Song and SongChoice nodes; songCreate, songUpdate, songCancel, songDelete, songBulkDelete,
choiceRate, choiceStemsCreate; the songs list with each song's choices, sketch and job. Builders the songs
tests share live here too."""

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

LYRICS = "[Verse]\nRain on the window\n[Chorus]\nWe sing it anyway"
# Lyrics with labelled sections, a repeated chorus and lines sung once: the mock's second take leaves out
# "The harbor lights are low" (the last line sung only once in the first section of two or more lines).
SYNCED_LYRICS = """[Verse 1]
Raindrops on the window
I hear you call
The harbor lights are low

**Chorus**
Oh, the river light
Hold on tonight

[Verse 2]
Paper boats are sailing
Down the empty street

[Chorus]
Oh the river light
Hold on tonight"""
# The mock renders a song in the seconds its style prompt names (`0.4s`), polled every 0.1 s by the tests' settings.
FAST_STYLE = "dream pop, airy vocals 0.4s"
SONG_FIELDS = """id title lyrics prompt model instrumental status providerStatus workflow tags createdAt completedAt
    error { code message } job { id kind status }"""
CHOICE_FIELDS = """id index title tags duration rating mp3Url flacUrl wavUrl imageUrl stemsUrl stored
    providerFiles { mp3Url flacUrl imageUrl }"""
CREATE = f"""mutation($i: SongCreateInput!) {{ songCreate(input: $i) {{
    song {{ {SONG_FIELDS} }} job {{ id kind status }} {ERRORS} }} }}"""
SONG = f"""query($id: ID!) {{ node(id: $id) {{ ... on Song {{ {SONG_FIELDS}
    sketch {{ id workflow }} choices {{ totalCount nodes {{ {CHOICE_FIELDS} }} }} }} }} }}"""


def song_input(**overrides: Any) -> dict[str, Any]:
    return {"title": "Rain Song", "prompt": FAST_STYLE, "lyrics": LYRICS, "model": "auto", **overrides}


async def start_song(api: Api, token: str, **overrides: Any) -> dict[str, Any]:
    """songCreate: the payload (song and job, as queued, or the userErrors)."""
    return await api.payload("songCreate", CREATE, {"i": song_input(**overrides)}, token)


async def generate(api: Api, token: str, **overrides: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A song generated to its end: the song as read afterwards, and the job's progress events."""
    created = await start_song(api, token, **overrides)
    assert created["userErrors"] == [], created
    events = await follow(api, job_progress(), {"id": created["job"]["id"]}, token)
    return (await api.data(SONG, {"id": created["song"]["id"]}, token))["node"], events


async def song(api: Api, token: str) -> str:
    done, events = await generate(api, token)
    assert done["status"] == "SUCCEEDED", (done, events)
    return str(done["id"])


async def choice(api: Api, token: str) -> str:
    done, _ = await generate(api, token)
    return str(done["choices"]["nodes"][0]["id"])


async def seed_songs(api: Api, token: str, n: int) -> None:
    await asyncio.gather(*(generate(api, token, title=f"Song {i}") for i in range(n)))


def check_songs(data: Any, n: int) -> None:
    nodes = data["songs"]["nodes"]
    assert len(nodes) == n
    assert all(len(s["choices"]["nodes"]) == 2 and s["job"]["status"] == "SUCCEEDED" for s in nodes), nodes
    assert all(c["lyricsDiff"]["keptLines"] for s in nodes for c in s["choices"]["nodes"]), nodes


CASES = AreaCases(
    nodes={"Song": song, "SongChoice": choice},
    mutations=[
        MutationCases(
            "songCreate",
            "SongCreateInput!",
            "song { id } job { id }",
            lambda o: [
                *user_errors(
                    song_input(title="  "),
                    song_input(prompt=""),
                    song_input(prompt="x" * 1025),
                    song_input(lyrics=None),
                    song_input(lyrics="la " * 1001),
                    song_input(instrumental=True),  # an instrumental with lyrics
                    song_input(model="mureka-unknown"),
                    song_input(title=LONG),
                    song_input(sketchId=o.theirs["Sketch"]),
                    song_input(sketchId="garbage"),
                ),
                *invalid_request({"prompt": "x", "lyrics": "la"}, song_input(title=None)),
            ],
        ),
        MutationCases(
            "songUpdate",
            "SongUpdateInput!",
            "song { id }",
            lambda o: [
                *o.ids("id", "Song", title="x"),
                *user_errors(
                    {"id": o.mine["Song"], "title": None},
                    {"id": o.mine["Song"], "title": LONG},
                    {"id": o.mine["Song"], "tags": [f"a long tag {i}" for i in range(100)]},
                ),
                *invalid_request({"id": o.mine["Song"], "workflow": "SHREDDED"}),
            ],
        ),
        MutationCases(
            "songCancel",
            "SongIdInput!",
            "song { id }",
            lambda o: [*o.ids("id", "Song"), *user_errors({"id": o.mine["Song"]})],  # already ended
        ),
        MutationCases("songDelete", "SongIdInput!", "deletedSongId", lambda o: o.ids("id", "Song")),
        MutationCases(
            "songBulkDelete",
            "SongBulkDeleteInput!",
            "results { id deleted }",
            lambda o: [*user_errors({"ids": []}), *invalid_request({"ids": None}, {"ids": [o.mine["Song"]] * 101})],
        ),
        MutationCases(
            "choiceRate",
            "ChoiceRateInput!",
            "choice { id }",
            lambda o: [
                *o.ids("id", "SongChoice", rating="UP"),
                *invalid_request({"id": o.mine["SongChoice"], "rating": "MEH"}),
            ],
        ),
        MutationCases(
            "choiceStemsCreate", "ChoiceIdInput!", "choice { id } job { id }", lambda o: o.ids("id", "SongChoice")
        ),
    ],
    lists=[
        ListCase(
            "songs { choices sketch job }",
            """query($n: Int!) { songs(first: $n) { nodes { title sketch { id } job { status error { code message } }
                choices { nodes { index mp3Url song { id } lyricsDiff { keptLines } } } } } }""",
            seed_songs,
            check_songs,
            sizes=(1, 4, 8),
        ),
    ],
)
