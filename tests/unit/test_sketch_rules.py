"""Sketch rules and paging rules without I/O: the service over an in-memory repository (a test double of
its port), PageRequest validation and in-memory keyset paging."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest

from domain.common.errors import DomainError, ErrorCode
from domain.common.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Page,
    PageRequest,
    PageRequestError,
    SortDirection,
    page_in_memory,
)
from domain.llm.catalogue import CatalogueModel, ModelOrderField, ordered_models
from domain.sketches.entities import Sketch, SketchFilter, SketchOrderField, SketchWorkflow
from domain.sketches.service import (
    DESCRIPTION_LONG_MAX,
    DESCRIPTION_SHORT_MAX,
    INFO_MAX,
    LYRICS_MAX,
    PROMPT_MAX,
    TAGS_MAX,
    TITLE_MAX,
    SketchFields,
    SketchService,
)
from tests.unit.fakes import MemoryOwnedRepository


class MemorySketches(MemoryOwnedRepository[Sketch]):
    """The SketchRepository port over the shared in-memory fake; enough for the service's use cases."""

    async def page(
        self,
        user_id: uuid.UUID,
        filter: SketchFilter,
        order_by: SketchOrderField,
        direction: SortDirection,
        page: PageRequest,
    ) -> Page[Sketch]:
        items = sorted(await self.list_all(user_id), key=lambda s: (s.created_at, str(s.id)))
        return page_in_memory(items, lambda s: str(s.id), page)

    async def count(self, user_id: uuid.UUID, filter: SketchFilter) -> int:
        return len(await self.list_all(user_id))

    async def list_all(self, user_id: uuid.UUID) -> list[Sketch]:
        return self.owned_by(user_id)

    async def find_existing_origins(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        mine = await self.list_all(user_id)
        return {i for i in ids if any(i in (s.id, s.origin_id) for s in mine)}


USER = uuid.uuid4()
OTHER = uuid.uuid4()


@pytest.fixture
def repo() -> MemorySketches:
    return MemorySketches()


class Service:
    """The service, called with plain dicts of fields (the tests read better that way)."""

    def __init__(self, repo: MemorySketches) -> None:
        self.inner = SketchService(repo)

    async def create(self, user_id: uuid.UUID, fields: dict[str, Any]) -> Sketch:
        return await self.inner.create(user_id, SketchFields(**fields))

    async def update(self, user_id: uuid.UUID, sketch_id: uuid.UUID, changes: dict[str, Any]) -> Sketch:
        return await self.inner.update(user_id, sketch_id, SketchFields(**changes))

    async def delete(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        return await self.inner.delete(user_id, sketch_id)

    async def duplicate(self, user_id: uuid.UUID, sketch_id: uuid.UUID) -> Sketch:
        return await self.inner.duplicate(user_id, sketch_id)


@pytest.fixture
def service(repo: MemorySketches) -> Service:
    return Service(repo)


def errors_of(error: pytest.ExceptionInfo[DomainError]) -> list[tuple[tuple[str, ...] | None, ErrorCode]]:
    return sorted(((e.field, e.code) for e in error.value.errors), key=str)


def snapshot(sketch: Sketch) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in vars(sketch).items() if not k.startswith("_")}


# --- create -----------------------------------------------------------------------------------------------------


async def test_create_keeps_every_field_and_stores_the_sketch(service: Service, repo: MemorySketches) -> None:
    fields = {
        "title": "Title",
        "lyrics": "Lyrics",
        "prompt": "Prompt",
        "tags": ["a", "b"],
        "description_long": "Long",
        "description_short": "Short",
        "description_tags": ["c"],
        "info": "Info",
        "workflow": SketchWorkflow.USED,
    }
    sketch = await service.create(USER, fields)
    assert {k: getattr(sketch, k) for k in fields} == fields
    assert sketch.user_id == USER
    assert sketch.created_at == sketch.updated_at
    assert sketch.created_at.tzinfo is not None
    assert sketch.origin_id is None
    assert repo.rows == {sketch.id: sketch}


async def test_create_cleans_text_and_tags(service: Service) -> None:
    sketch = await service.create(
        USER,
        {
            "prompt": "  lo-fi \n",
            "title": "   ",
            "lyrics": "",
            "info": None,
            "tags": [" Rock ", "rock", "", "  ", "ROCK", "Pop", "pop "],
            "description_tags": None,
        },
    )
    assert sketch.prompt == "lo-fi"
    assert (sketch.title, sketch.lyrics, sketch.info) == (None, None, None)
    assert sketch.tags == ["Rock", "Pop"]  # first spelling kept, order kept
    assert sketch.description_tags == []
    assert sketch.workflow is SketchWorkflow.DRAFT


async def test_create_with_a_null_workflow_is_a_draft(service: Service) -> None:
    assert (await service.create(USER, {"prompt": "p", "workflow": None})).workflow is SketchWorkflow.DRAFT


@pytest.mark.parametrize("fields", [{}, {"prompt": None}, {"prompt": ""}, {"prompt": " \t\n"}, {"title": "t"}])
async def test_create_requires_a_prompt(service: Service, repo: MemorySketches, fields: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as error:
        await service.create(USER, fields)
    assert errors_of(error) == [(("prompt",), ErrorCode.REQUIRED)]
    assert repo.rows == {}


LIMITS = {
    "title": ("title", TITLE_MAX),
    "lyrics": ("lyrics", LYRICS_MAX),
    "prompt": ("prompt", PROMPT_MAX),
    "description_long": ("description_long", DESCRIPTION_LONG_MAX),
    "description_short": ("description_short", DESCRIPTION_SHORT_MAX),
    "info": ("info", INFO_MAX),
}


def test_the_limits_are_the_documented_ones() -> None:
    assert (TITLE_MAX, PROMPT_MAX, DESCRIPTION_SHORT_MAX) == (500, 1024, 150)


@pytest.mark.parametrize("name", sorted(LIMITS))
async def test_text_limits(service: Service, repo: MemorySketches, name: str) -> None:
    path, limit = LIMITS[name]
    base = {"prompt": "p"}
    at_limit = await service.create(USER, {**base, name: "x" * limit})
    assert len(getattr(at_limit, name)) == limit
    # Blanks around the text are trimmed before measuring.
    padded = await service.create(USER, {**base, name: "  " + "x" * limit + "  "})
    assert len(getattr(padded, name)) == limit

    with pytest.raises(DomainError) as error:
        await service.create(USER, {**base, name: "x" * (limit + 1)})
    assert errors_of(error) == [((path,), ErrorCode.TOO_LONG)]
    assert str(limit) in error.value.errors[0].message

    with pytest.raises(DomainError) as error:
        await service.update(USER, at_limit.id, {name: "y" * (limit + 1)})
    assert errors_of(error) == [((path,), ErrorCode.TOO_LONG)]
    assert getattr(repo.rows[at_limit.id], name) == "x" * limit


@pytest.mark.parametrize(("name", "path"), [("tags", "tags"), ("description_tags", "description_tags")])
async def test_tag_lists_are_limited_by_their_joined_length(service: Service, name: str, path: str) -> None:
    # 100 tags of 8 characters, joined by ", ": 100 * 8 + 99 * 2 = 998 characters.
    fits = [f"tag{i:05}" for i in range(100)]
    assert len(", ".join(fits)) == 998 <= TAGS_MAX
    sketch = await service.create(USER, {"prompt": "p", name: fits})
    assert getattr(sketch, name) == fits
    with pytest.raises(DomainError) as error:
        await service.create(USER, {"prompt": "p", name: [*fits, "xy"]})
    assert errors_of(error) == [((path,), ErrorCode.TOO_LONG)]


async def test_every_problem_is_reported_at_once(service: Service, repo: MemorySketches) -> None:
    with pytest.raises(DomainError) as error:
        await service.create(
            USER,
            {"prompt": None, "title": "t" * (TITLE_MAX + 1), "description_short": "s" * (DESCRIPTION_SHORT_MAX + 1)},
        )
    assert errors_of(error) == [
        (("description_short",), ErrorCode.TOO_LONG),
        (("prompt",), ErrorCode.REQUIRED),
        (("title",), ErrorCode.TOO_LONG),
    ]
    assert repo.rows == {}


# --- update -----------------------------------------------------------------------------------------------------


async def test_update_touches_only_the_given_fields(service: Service) -> None:
    sketch = await service.create(USER, {"prompt": "p", "title": "t", "lyrics": "l", "tags": ["a"], "info": "i"})
    sketch.updated_at -= timedelta(seconds=1)
    before = snapshot(sketch)
    updated = await service.update(USER, sketch.id, {"lyrics": "  new  "})
    assert updated is sketch
    after = snapshot(updated)
    assert after.pop("lyrics") == "new"
    assert after.pop("updated_at") > before.pop("updated_at")
    before.pop("lyrics")
    assert after == before


async def test_update_with_null_clears_and_tags_become_empty(service: Service) -> None:
    sketch = await service.create(
        USER, {"prompt": "p", "title": "t", "tags": ["a"], "description_tags": ["b"], "description_long": "d"}
    )
    await service.update(
        USER, sketch.id, {"title": None, "tags": None, "description_tags": None, "description_long": "   "}
    )
    assert sketch.title is None
    assert sketch.tags == []
    assert sketch.description_tags == []
    assert sketch.description_long is None
    assert sketch.prompt == "p"


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"prompt": None}, "prompt"), ({"prompt": "  "}, "prompt"), ({"workflow": None}, "workflow")],
)
async def test_update_cannot_clear_required_fields(service: Service, changes: dict[str, Any], path: str) -> None:
    sketch = await service.create(USER, {"prompt": "keep", "title": "keep too"})
    before = snapshot(sketch)
    with pytest.raises(DomainError) as error:
        await service.update(USER, sketch.id, {**changes, "title": "changed"})
    assert errors_of(error) == [((path,), ErrorCode.REQUIRED)]
    assert snapshot(sketch) == before  # nothing applied when any field is at fault


async def test_an_empty_update_changes_nothing(service: Service) -> None:
    sketch = await service.create(USER, {"prompt": "p"})
    before = snapshot(sketch)
    await service.update(USER, sketch.id, {})
    assert snapshot(sketch) == before


async def test_update_can_archive(service: Service) -> None:
    sketch = await service.create(USER, {"prompt": "p"})
    await service.update(USER, sketch.id, {"workflow": SketchWorkflow.ARCHIVED})
    assert sketch.workflow is SketchWorkflow.ARCHIVED


# --- ownership, delete, duplicate -------------------------------------------------------------------------------


async def test_another_users_sketch_is_not_found(service: Service, repo: MemorySketches) -> None:
    sketch = await service.create(OTHER, {"prompt": "theirs", "title": "theirs"})
    before = snapshot(sketch)
    for action in (
        lambda: service.update(USER, sketch.id, {"title": "mine"}),
        lambda: service.delete(USER, sketch.id),
        lambda: service.duplicate(USER, sketch.id),
        lambda: service.update(USER, uuid.uuid4(), {"title": "x"}),
    ):
        with pytest.raises(DomainError) as error:
            await action()
        assert errors_of(error) == [(("id",), ErrorCode.NOT_FOUND)]
    assert snapshot(sketch) == before
    assert list(repo.rows) == [sketch.id]


async def test_delete_removes_only_that_sketch(service: Service, repo: MemorySketches) -> None:
    doomed = await service.create(USER, {"prompt": "a"})
    kept = await service.create(USER, {"prompt": "b"})
    assert await service.delete(USER, doomed.id) is doomed
    assert list(repo.rows) == [kept.id]
    with pytest.raises(DomainError):
        await service.delete(USER, doomed.id)


async def test_duplicate_is_an_independent_draft_copy(service: Service, repo: MemorySketches) -> None:
    source = await service.create(
        USER,
        {
            "prompt": "p",
            "title": "Song",
            "lyrics": "l",
            "tags": ["a"],
            "description_tags": ["d"],
            "description_long": "long",
            "description_short": "short",
            "info": "i",
            "workflow": SketchWorkflow.ARCHIVED,
        },
    )
    source.origin_id = uuid.uuid4()  # as if imported
    copy = await service.duplicate(USER, source.id)
    assert copy.id != source.id and set(repo.rows) == {source.id, copy.id}
    assert copy.title == "Song (copy)"
    assert copy.workflow is SketchWorkflow.DRAFT
    assert copy.origin_id is None
    assert copy.user_id == USER
    assert copy.created_at >= source.created_at and copy.updated_at == copy.created_at
    for name in ("prompt", "lyrics", "tags", "description_tags", "description_long", "description_short", "info"):
        assert getattr(copy, name) == getattr(source, name), name
    copy.tags.append("b")
    copy.description_tags.clear()
    assert source.tags == ["a"] and source.description_tags == ["d"]


async def test_duplicate_titles(service: Service) -> None:
    untitled = await service.create(USER, {"prompt": "p"})
    assert (await service.duplicate(USER, untitled.id)).title is None
    longest = await service.create(USER, {"prompt": "p", "title": "t" * TITLE_MAX})
    copy = await service.duplicate(USER, longest.id)
    assert copy.title is not None and len(copy.title) == TITLE_MAX
    copy_of_copy = await service.duplicate(USER, (await service.duplicate(USER, untitled.id)).id)
    assert copy_of_copy.title is None


# --- SketchFilter -----------------------------------------------------------------------------------------------


def test_the_default_filter_leaves_out_archived_sketches() -> None:
    assert set(SketchFilter().effective_workflows) == {SketchWorkflow.DRAFT, SketchWorkflow.USED}
    assert set(SketchFilter(workflows=()).effective_workflows) == {SketchWorkflow.DRAFT, SketchWorkflow.USED}
    assert SketchFilter(workflows=(SketchWorkflow.ARCHIVED,)).effective_workflows == (SketchWorkflow.ARCHIVED,)


# --- PageRequest ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"first": MAX_PAGE_SIZE + 1},
        {"last": MAX_PAGE_SIZE + 1},
        {"first": -1},
        {"last": -1},
        {"first": 1, "last": 1},
        {"first": 0, "last": 0},
    ],
)
def test_impossible_page_requests_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(PageRequestError):
        PageRequest(**kwargs)


def test_page_request_limits_and_direction() -> None:
    assert PageRequest(first=0).limit == 0
    assert PageRequest(first=MAX_PAGE_SIZE).limit == MAX_PAGE_SIZE == 100
    assert PageRequest(last=MAX_PAGE_SIZE).limit == 100

    default = PageRequest()
    assert (default.backwards, default.limit) == (False, DEFAULT_PAGE_SIZE)
    assert PageRequest(first=5, after=("k",)).backwards is False
    assert PageRequest(last=5).backwards is True
    only_before = PageRequest(before=("k",))
    assert (only_before.backwards, only_before.limit) == (True, DEFAULT_PAGE_SIZE)
    # `first` with `before`: the first items of the window before the cursor.
    assert PageRequest(first=2, before=("k",)).backwards is False


# --- page_in_memory ---------------------------------------------------------------------------------------------

ITEMS = [f"k{i:02}" for i in range(10)]


def window(page: Page[str]) -> tuple[list[str], bool, bool]:
    assert page.cursors == [(item,) for item in page.items]
    return page.items, page.has_previous_page, page.has_next_page


def test_page_in_memory_walks_forward_without_gaps_or_overlap() -> None:
    seen: list[str] = []
    after = None
    while True:
        page = page_in_memory(ITEMS, str, PageRequest(first=4, after=after))
        items, has_previous, has_next = window(page)
        assert has_previous is (after is not None)
        seen += items
        if not has_next:
            break
        after = page.cursors[-1]
    assert seen == ITEMS


def test_page_in_memory_walks_backward_without_gaps_or_overlap() -> None:
    seen: list[str] = []
    before = None
    sizes = []
    while True:
        page = page_in_memory(ITEMS, str, PageRequest(last=4, before=before))
        items, has_previous, has_next = window(page)
        assert has_next is (before is not None)
        sizes.append(len(items))
        seen = items + seen
        if not has_previous:
            break
        before = page.cursors[0]
    assert sizes == [4, 4, 2]
    assert seen == ITEMS


def test_page_in_memory_windows() -> None:
    assert window(page_in_memory(ITEMS, str, PageRequest())) == (ITEMS, False, False)
    assert window(page_in_memory(ITEMS, str, PageRequest(first=3))) == (ITEMS[:3], False, True)
    assert window(page_in_memory(ITEMS, str, PageRequest(first=0))) == ([], False, True)
    assert window(page_in_memory(ITEMS, str, PageRequest(last=0))) == ([], True, False)
    assert window(page_in_memory(ITEMS, str, PageRequest(last=3))) == (ITEMS[-3:], True, False)
    assert window(page_in_memory(ITEMS, str, PageRequest(first=3, after=("k08",)))) == (["k09"], True, False)
    assert window(page_in_memory(ITEMS, str, PageRequest(first=3, after=("k09",)))) == ([], True, False)
    assert window(page_in_memory(ITEMS, str, PageRequest(last=3, before=("k01",)))) == (["k00"], False, True)
    assert window(page_in_memory(ITEMS, str, PageRequest(last=3, before=("k00",)))) == ([], False, True)
    # Both bounds: the items strictly between them.
    between = PageRequest(first=10, after=("k02",), before=("k06",))
    assert page_in_memory(ITEMS, str, between).items == ["k03", "k04", "k05"]
    assert page_in_memory([], str, PageRequest(first=5)).items == []


def test_page_in_memory_keeps_its_place_when_the_cursor_item_is_gone() -> None:
    records = [{"key": k} for k in ("a", "b", "d", "e")]  # "c" was on the page before and has gone since
    key = lambda r: str(r["key"])  # noqa: E731
    after = page_in_memory(records, key, PageRequest(first=5, after=("c",)))
    assert [r["key"] for r in after.items] == ["d", "e"] and after.has_previous_page
    before = page_in_memory(records, key, PageRequest(last=5, before=("c",)))
    assert [r["key"] for r in before.items] == ["a", "b"] and before.has_next_page


def test_page_in_memory_descending_with_sort_values_in_the_cursor() -> None:
    # (sort value, unique key), in descending order: the cursor carries both, and paging walks the same order.
    records = [("2024-03", "b"), ("2024-03", "a"), ("2024-02", "c"), ("", "e"), ("", "d")]
    seen, after = [], None
    while True:
        page = page_in_memory(records, lambda r: r, PageRequest(first=2, after=after), SortDirection.DESC)
        assert page.cursors == page.items
        seen += page.items
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    assert seen == records
    before = page_in_memory(records, lambda r: r, PageRequest(last=2, before=("2024-02", "c")), SortDirection.DESC)
    assert before.items == records[:2] and before.has_next_page and not before.has_previous_page
    # A cursor of another shape (another order's) is refused, not misread.
    with pytest.raises(PageRequestError):
        page_in_memory(records, lambda r: r, PageRequest(first=2, after=("b",)), SortDirection.DESC)


def test_ordered_models_keep_the_offered_order_or_sort_by_name_or_window() -> None:
    models = [CatalogueModel("b", 4096, False), CatalogueModel("c", 128, True), CatalogueModel("a", 4096, False)]

    def names(order: ModelOrderField, direction: SortDirection = SortDirection.ASC) -> list[str]:
        return [m.name for _, m in ordered_models(models, order, direction)]

    assert names(ModelOrderField.OFFERED) == ["b", "c", "a"]
    assert names(ModelOrderField.OFFERED, SortDirection.DESC) == ["a", "c", "b"]
    assert names(ModelOrderField.NAME) == ["a", "b", "c"]
    assert names(ModelOrderField.CONTEXT_WINDOW) == ["c", "a", "b"]  # 128 before 4096, whatever the digits
    assert names(ModelOrderField.CONTEXT_WINDOW, SortDirection.DESC) == ["b", "a", "c"]
