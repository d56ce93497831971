"""Sketches: the Sketch node; sketchCreate, sketchUpdate, sketchDelete, sketchDuplicate; the sketches list with
each sketch's owner."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support import LONG, Api, AreaCases, ListCase, MutationCases, create_sketch, invalid_request, user_errors


async def sketch(api: Api, token: str) -> str:
    return (await create_sketch(api, token, select="id", prompt="lo-fi piano", title="Idea"))["id"]


async def seed_sketches(api: Api, token: str, n: int) -> None:
    await asyncio.gather(*(create_sketch(api, token, select="id", title=f"Idea {i}") for i in range(n)))


def check_sketches(data: Any, n: int) -> None:
    nodes = data["sketches"]["nodes"]
    assert len(nodes) == n
    assert len({s["owner"]["email"] for s in nodes}) == 1


CASES = AreaCases(
    nodes={"Sketch": sketch},
    mutations=[
        MutationCases(
            "sketchCreate",
            "SketchCreateInput!",
            "sketch { id }",
            lambda o: [
                *user_errors(
                    {},
                    {"prompt": "   "},
                    {"prompt": None, "title": None, "tags": None, "workflow": None},
                    {"prompt": "ok", "title": LONG},
                    {"prompt": "ok", "tags": [f"a long tag {i}" for i in range(100)]},  # 1000+ chars joined
                ),
                *invalid_request(
                    {"prompt": "ok", "workflow": "SHREDDED"},
                    {"prompt": "ok", "tags": [f"tag {i}" for i in range(101)]},  # over the list bound
                ),
            ],
        ),
        MutationCases(
            "sketchUpdate",
            "SketchUpdateInput!",
            "sketch { id }",
            lambda o: [
                *o.ids("id", "Sketch", title="x"),
                *user_errors(
                    {"id": "", "prompt": None},
                    {"id": o.mine["Sketch"], "prompt": None},
                    {"id": o.mine["Sketch"], "workflow": None, "title": LONG},
                ),
            ],
        ),
        MutationCases("sketchDelete", "SketchIdInput!", "deletedSketchId", lambda o: o.ids("id", "Sketch")),
        MutationCases("sketchDuplicate", "SketchIdInput!", "sketch { id }", lambda o: o.ids("id", "Sketch")),
    ],
    lists=[
        ListCase(
            "sketches { owner }",
            "query($n: Int!) { sketches(first: $n) { nodes { title owner { email } } } }",
            seed_sketches,
            check_sketches,
            sizes=(1, 10, 50),
        ),
    ],
)
