"""The committed SDL (api/schema/schema.graphql) is what the code builds: clients and reviewers read that file."""

from __future__ import annotations

import difflib

from api.schema.export import SDL_PATH, sdl


def test_committed_schema_file_matches_the_code() -> None:
    built = sdl()
    committed = SDL_PATH.read_text() if SDL_PATH.exists() else ""
    if committed != built:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                built.splitlines(keepends=True),
                fromfile="api/schema/schema.graphql (committed)",
                tofile="schema built from the code",
                n=2,
            )
        )
        raise AssertionError(
            "api/schema/schema.graphql is out of date: run `make schema` "
            f"(python -m api.schema.export) and commit the result.\n{diff[:4000]}"
        )
