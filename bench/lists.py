"""The bench's sketches, the queries read them with, and the SQL statements each request sends.

The statement counts come from the app in this process (a SQLAlchemy listener on its engine), over the same
database the separately started servers then serve. A list's count must not grow with its page size: the
owners come from one batched query (a DataLoader), not one per sketch (an N+1 query).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.server import Running
from tests.support import counting_statements

FIELDS = (
    "id title lyrics prompt tags descriptionLong descriptionShort descriptionTags info workflow createdAt updatedAt"
)
LIST_QUERY = f"query($n: Int!) {{ sketches(first: $n) {{ nodes {{ {FIELDS} }} }} }}"
NODE_QUERY = f"query($id: ID!) {{ node(id: $id) {{ ... on Sketch {{ {FIELDS} }} }} }}"
OWNER_QUERY = "query($n: Int!) { sketches(first: $n) { nodes { id title owner { id email } } } }"
CREATE = """mutation($i: SketchCreateInput!) {
    sketchCreate(input: $i) { sketch { id } userErrors { field message code } } }"""


def sketch_input(i: int, lyrics_lines: int = 40) -> dict[str, Any]:
    """A sketch with every field filled, its lyrics `lyrics_lines` lines long."""
    return {
        "title": f"Sketch {i:03d}: rain over the harbour",
        "lyrics": "\n".join(
            f"Line {line:02d} of song {i}: the rain keeps falling on the empty street" for line in range(lyrics_lines)
        ),
        "prompt": f"dreamy synth pop, slow tempo, female vocals, take {i}",
        "tags": ["bench", f"tag{i % 7}", "synth pop"],
        "descriptionLong": (
            f"Song {i} starts quiet, with a lone piano under the rain, and builds through two verses to a "
            "chorus carried by layered synths and a steady drum machine; the bridge strips back to voice and "
            "bass before the last chorus returns twice as wide."
        ),
        "descriptionShort": f"Rainy synth pop, take {i}",
        "descriptionTags": ["rain", "night", "longing"],
        "info": f"Written for the bench; take {i}. Key of A minor, 92 bpm.",
        "workflow": "USED" if i % 3 == 0 else "DRAFT",
    }


async def seed_sketches(running: Running, token: str, count: int, lyrics_lines: int = 40) -> list[str]:
    """Creates `count` sketches through GraphQL; returns their ids, newest first (as lists show them)."""
    ids = []
    for i in range(count):
        payload = await running.api.mutate("sketchCreate", CREATE, {"i": sketch_input(i, lyrics_lines)}, token)
        ids.append(payload["sketch"]["id"])
    return ids[::-1]


@dataclass(frozen=True)
class Statements:
    """The distinct statement counts seen per request, by page size for the lists (one count each when equal)."""

    lists: dict[int, list[int]]
    owner: dict[int, list[int]]
    node: list[int]

    @property
    def equal(self) -> bool:
        """Each list's requests, of every page size, sent one and the same number of statements."""
        return all(len({c for counts in by_size.values() for c in counts}) == 1 for by_size in (self.lists, self.owner))

    def as_dict(self) -> dict[str, Any]:
        def one(counts: list[int]) -> int | list[int]:
            return counts[0] if len(counts) == 1 else counts

        return {
            "equal": self.equal,
            "list_all_fields": {str(n): one(c) for n, c in self.lists.items()},
            "list_with_owner": {str(n): one(c) for n, c in self.owner.items()},
            "node_by_id": one(self.node),
        }


async def count_statements(
    running: Running, token: str, sizes: Sequence[int], node_ids: Sequence[str], repeats: int = 3
) -> Statements:
    """Statements of `repeats` requests of each kind and page size, counted on the app's engine."""
    engine = running.app.state.container.engine.sync_engine

    async def counts(query: str, variables: dict[str, Any], check: Any) -> list[int]:
        seen = set()
        for _ in range(repeats):
            with counting_statements(engine) as statements:
                data = await running.api.data(query, variables, token)
            check(data)
            seen.add(len(statements))
        return sorted(seen)

    def page_of(n: int) -> Any:
        def check(data: Any) -> None:
            nodes = data["sketches"]["nodes"]
            if len(nodes) != n:
                raise AssertionError(f"sketches(first: {n}) returned {len(nodes)} sketches; seed at least {n}")

        return check

    def found(data: Any) -> None:
        assert data["node"] is not None, "node(id:) found no sketch"

    lists = {n: await counts(LIST_QUERY, {"n": n}, page_of(n)) for n in sizes}
    owner = {n: await counts(OWNER_QUERY, {"n": n}, page_of(n)) for n in sizes}
    node = sorted({c for node_id in node_ids for c in await counts(NODE_QUERY, {"id": node_id}, found)})
    return Statements(lists=lists, owner=owner, node=node)
