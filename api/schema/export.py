"""`python -m api.schema.export` writes the SDL to api/schema/schema.graphql (a test checks it is current)."""

from __future__ import annotations

from pathlib import Path

from api.schema.root import build_schema

SDL_PATH = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    return build_schema().as_str().strip() + "\n"


if __name__ == "__main__":
    SDL_PATH.write_text(sdl())
    print(f"wrote {SDL_PATH}")
