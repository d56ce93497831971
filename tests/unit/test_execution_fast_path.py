"""The fast path for plain leaf fields answers exactly what graphql-core's standard executor answers:
values, nulls, and the errors of nulls in non-null fields and of values a scalar refuses."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import strawberry

from api.execution import LeafFastPathExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    tags: list[str]
    maybe_tags: list[str | None] | None
    colour: Colour
    at: datetime
    required_but_missing: str

    @strawberry.field
    def computed(self) -> str:
        return self.name.upper()


def items() -> list[Item]:
    at = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    good = Item(
        name="a",
        note=None,
        count=3,
        tags=["x", "y"],
        maybe_tags=["p", None],
        colour=Colour.RED,
        at=at,
        required_but_missing="here",
    )
    broken = Item(
        name="b",
        note="n",
        count="not a number",
        tags=["z"],
        maybe_tags=None,
        colour=Colour.BLUE,
        at=at,  # type: ignore[arg-type]
        required_but_missing=None,  # type: ignore[arg-type]
    )
    return [good, broken]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return items()  # type: ignore[return-value]  # a list of items is a list of optional items


QUERY = """{ items { name note count tags maybeTags colour at requiredButMissing computed
    alias: name __typename } }"""


def run(execution_context_class: Any) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, execution_context_class=execution_context_class)
    result = schema.execute_sync(QUERY)
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return {"data": result.data, "errors": errors}


def test_the_fast_path_answers_what_the_standard_executor_answers() -> None:
    standard = run(None)
    fast = run(LeafFastPathExecutionContext)
    assert fast == standard
    assert standard["data"]["items"][0]["at"] == "2026-12-01T08:30:00+00:00"
    assert standard["data"]["items"][1] is None  # a refused value nulls its (nullable) item, as the spec says
    assert standard["errors"]
