"""The shapes of the cases each area declares for the conventions every area keeps
(tests/integration/test_api_conventions.py gathers them from tests/integration/cases/<area>.py):

- a builder for each of its Node types: ownership (node and nodes resolve for the owner, null for anyone else);
- bad inputs for each of its mutations: answered with userErrors, never a server error;
- list queries whose SQL statement count must not grow with the number of items they return.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from api.ids import encode_id
from tests.support.builders import ERRORS
from tests.support.client import Api

LONG = "x" * 100_001  # longer than any text field takes


class Expect(Enum):
    USER_ERRORS = "the mutation runs and answers with userErrors, every other payload field null"
    INVALID_REQUEST = "GraphQL refuses the request itself: a required argument missing, null or of the wrong type"
    SUCCEEDS = "an input with nothing to get wrong (every field optional): the mutation runs and succeeds"


@dataclass(frozen=True)
class BadInput:
    input: Any  # the value of `input:` (None: null, which only an optional input accepts)
    expect: Expect = Expect.USER_ERRORS


def user_errors(*inputs: Any) -> list[BadInput]:
    """Inputs the mutation must answer with userErrors."""
    return [BadInput(i, Expect.USER_ERRORS) for i in inputs]


def invalid_request(*inputs: Any) -> list[BadInput]:
    """Inputs GraphQL must refuse before the mutation runs."""
    return [BadInput(i, Expect.INVALID_REQUEST) for i in inputs]


@dataclass(frozen=True)
class Objects:
    """One object of every Node type (type name → global id) of the caller (`mine`) and of another user
    (`theirs`), built by every area's node builders."""

    mine: Mapping[str, str]
    theirs: Mapping[str, str]

    def ids(self, key: str, type_name: str, **rest: Any) -> list[BadInput]:
        """The ids a `type_name` id field `key` must answer with userErrors — garbage, ids of no object, of
        every other type (the caller's and the other user's) and the other user's `type_name` — and `key` left
        out or null, which GraphQL refuses. `rest` are the input's other fields."""
        values = [
            "",
            "garbage",
            encode_id("Sketch", uuid.uuid4()),
            encode_id(type_name, "not-a-uuid"),
            encode_id(type_name, uuid.uuid4()),
            *(global_id for other_type, global_id in self.mine.items() if other_type != type_name),
            *self.theirs.values(),
        ]
        return [*user_errors(*({key: v, **rest} for v in values)), *invalid_request(rest, {key: None, **rest})]


@dataclass(frozen=True)
class MutationCases:
    """A mutation and the bad inputs it must survive. `input_type` is its `input:` argument's type (every mutation
    takes exactly one argument, `input`), `selection` the payload's fields besides userErrors; `inputs` gets the
    objects built for the run (ids to point at) and returns the cases."""

    name: str
    input_type: str
    selection: str
    inputs: Callable[[Objects], Sequence[BadInput]]

    @property
    def document(self) -> str:
        return f"mutation($i: {self.input_type}) {{ {self.name}(input: $i) {{ {self.selection} {ERRORS} }} }}"


# Makes one object of a Node type, owned by the token's user; returns its global id.
NodeBuilder = Callable[[Api, str], Awaitable[str]]


@dataclass(frozen=True)
class ListCase:
    """A list query (`$n`: how many items the page holds) whose number of SQL statements must be the same for
    every size in `sizes`. `seed(api, token, n)` gives the token's user `n` items (and what nests in them);
    `check(data, n)` asserts the answer really holds them — nested lists included, so that a constant count
    means something."""

    name: str
    query: str
    seed: Callable[[Api, str, int], Awaitable[None]]
    check: Callable[[Any, int], None]
    sizes: tuple[int, ...] = (1, 5, 20)


@dataclass(frozen=True)
class AreaCases:
    """What one area declares for the conventions test, as `CASES` in tests/integration/cases/<area>.py."""

    nodes: Mapping[str, NodeBuilder] = field(default_factory=dict)
    mutations: Sequence[MutationCases] = ()
    lists: Sequence[ListCase] = ()
