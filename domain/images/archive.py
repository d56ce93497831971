"""Images in the export archive: `images.json`, one item per image, and its PNG and thumbnail beside it as
`files/images/<image id>.png` and `…-thumb.png` (see domain/data_transfer/sections.py).

An imported image keeps its archive id as `origin_id`: importing the same archive again creates nothing twice.
An image still being drawn when it was exported comes back FAILED (its job is not in the archive). An overlay
keeps its settings and its source, when the account has the source (the export writes sources first: an image
is always made after its source)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.common.validation import Checks
from domain.data_transfer import items
from domain.data_transfer.sections import ArchiveError, ArchiveFiles, Item, Restored
from domain.images.entities import EnhanceMode, Image, ImageStatus
from domain.images.generation import image_key
from domain.images.overlay import check_overlay, overlay_from_record, overlay_record
from domain.images.ports import ImagesUnitOfWork
from domain.images.provider import ImageQuality, ImageSize, ImageStyle
from domain.images.service import PROMPT_MAX, check_image_fields
from domain.images.styles import FRAGMENTS

PAGE = 500  # images read per query while exporting
PROMPT_TEXT_MAX = 20_000  # the enhanced, final and revised prompts: the model's, not typed, so only bounded
_TEXT = ("enhanced_prompt", "final_prompt", "revised_prompt", "error_message")
_ENUMS = {"size": ImageSize, "quality": ImageQuality, "style": ImageStyle, "enhance": EnhanceMode}
_KEYS = {
    "id",
    "title",
    "tags",
    "user_prompt",
    *_TEXT,
    *_ENUMS,
    *FRAGMENTS,
    "model",
    "status",
    "width",
    "height",
    "cost_usd",
    "error_code",
    "files",
    "overlay",
    "source_id",
    "created_at",
    "updated_at",
    "completed_at",
}
FILES = {"image": "", "thumbnail": "-thumb"}  # an item's stored files → the suffix of their keys
INTERRUPTED = ("INTERRUPTED", "The image was still being drawn when it was exported.")


def image_item(image: Image) -> Item:
    item: Item = {name: getattr(image, name) for name in ("title", "user_prompt", *_TEXT, *FRAGMENTS, "model")}
    item.update({name: getattr(image, name).value for name in _ENUMS})
    item.update(
        id=str(image.id),
        tags=list(image.tags),
        status=image.status.value,
        width=image.width,
        height=image.height,
        cost_usd=str(image.cost_usd) if image.cost_usd is not None else None,
        error_code=image.error_code,
        overlay=image.overlay,
        source_id=str(image.source_id) if image.source_id else None,
        files={
            name: key
            for name, key in (("image", image.storage_key), ("thumbnail", image.thumbnail_key))
            if key is not None
        },
        created_at=items.iso(image.created_at),
        updated_at=items.iso(image.updated_at),
        completed_at=items.iso(image.completed_at),
    )
    return item


def file_name(key: str) -> str:
    """A stored file's name in the archive: the key's last part (`<image id>.png`, `<image id>-thumb.png`)."""
    return key.rsplit("/", 1)[-1]


def _cost(item: dict[str, Any], where: str) -> Decimal | None:
    value = items.text(item, "cost_usd", where)
    if value is None:
        return None
    try:
        cost = Decimal(value)
    except InvalidOperation:
        cost = Decimal(-1)
    if not cost.is_finite() or not Decimal(0) <= cost < Decimal(1_000_000):
        raise ArchiveError(f'{where}: cost_usd must be an amount in US$, like "0.040".')
    return cost


def _overlay(item: dict[str, Any], where: str) -> dict[str, Any] | None:
    """The overlay's settings, checked by the rules imageOverlayCreate applies."""
    record = item.get("overlay")
    if record is None:
        return None
    checks = Checks()
    try:
        if not isinstance(record, dict):
            raise TypeError(record)
        settings = check_overlay(overlay_from_record(record), checks)
    except (KeyError, TypeError, ValueError):
        raise ArchiveError(f"{where}: overlay must be the settings of a text overlay.") from None
    if checks.errors:
        error = checks.errors[0]
        raise ArchiveError(f"{where}: overlay {'.'.join(error.field or ())}: {error.message}")
    return overlay_record(settings)


def _size(item: dict[str, Any], name: str, where: str) -> int | None:
    value = items.whole_number(item, name, where)
    if value is not None and not 0 < value <= 100_000:
        raise ArchiveError(f"{where}: {name} must be a whole number of pixels from 1 to 100000.")
    return value


class ImagesArchive:
    name = "images"
    label = "images"
    version = 1
    item_max = 100_000

    async def export(self, uow: ImagesUnitOfWork, user_id: uuid.UUID) -> AsyncIterator[Sequence[Item]]:
        after: Image | None = None
        while page := await uow.images.list_after(user_id, after, PAGE):
            yield [image_item(image) for image in page]
            after = page[-1]

    def files(self, item: Item) -> Sequence[tuple[str, str]]:
        return [(file_name(key), key) for key in item["files"].values()]

    def check(self, item: Any, n: int, version: int) -> dict[str, Any]:
        """Keyword arguments for `Image` (all but `user_id`), with `files`: the archived keys of its files."""
        where = f"Image {n}"
        item = items.json_object(item, _KEYS, where)
        checks = Checks()
        values = check_image_fields(
            {"title": items.text(item, "title", where), "tags": items.text_list(item, "tags", where)}, checks
        )
        if checks.errors:
            raise ArchiveError(f"{where}: {checks.errors[0].message}")
        values["tags"] = values["tags"] or []
        values["user_prompt"] = items.bounded_text(item, "user_prompt", where, PROMPT_MAX)
        values["model"] = items.bounded_text(item, "model", where, 100)
        if not values["user_prompt"] or not values["model"]:
            raise ArchiveError(f"{where}: an image needs its user_prompt and model.")
        for name in _TEXT:
            values[name] = items.bounded_text(item, name, where, PROMPT_TEXT_MAX)
        for name, enum in _ENUMS.items():
            values[name] = items.member_of(enum, item, name, where)
        for option, table in FRAGMENTS.items():
            value = items.text(item, option, where)
            if value is not None and value not in table:
                raise ArchiveError(f"{where}: {option} must be one of {', '.join(table)}.")
            values[option] = value
        status = items.member_of(ImageStatus, item, "status", where)
        error = (items.bounded_text(item, "error_code", where, 50), values["error_message"])
        if not status.is_final:  # its job is not in the archive: nothing will finish it
            status, error = ImageStatus.FAILED, INTERRUPTED
        values.update(status=status, error_code=error[0], error_message=error[1])
        values["width"], values["height"] = _size(item, "width", where), _size(item, "height", where)
        values["cost_usd"] = _cost(item, where)
        values["overlay"] = _overlay(item, where)
        values["source_origin"] = items.optional(uuid.UUID, item, "source_id", where, "a UUID")
        values["files"] = items.stored_files(item, FILES, where)
        return values | items.origin_and_times(item, where, "completed_at")

    def restorer(self, uow: ImagesUnitOfWork, user_id: uuid.UUID, files: ArchiveFiles | None = None) -> ImagesRestorer:
        return ImagesRestorer(uow, user_id, files)


@dataclass
class ImagesRestorer:
    uow: ImagesUnitOfWork
    user_id: uuid.UUID
    files: ArchiveFiles | None  # None: the images come back without their pictures
    have: set[uuid.UUID] = field(default_factory=set)
    # The archive's image ids → the account's images (restored by this import, or the account's own).
    sources: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    async def prepare(self, batch: Sequence[dict[str, Any]]) -> None:
        self.have |= await self.uow.images.find_existing_origins(self.user_id, [v["origin_id"] for v in batch])

    async def restore(self, batch: Sequence[dict[str, Any]]) -> Restored:
        wanted = {v["source_origin"] for v in batch if v["source_origin"] is not None} - set(self.sources)
        if wanted:  # sources this import has not restored: the account's own, or imported before
            self.sources |= await self.uow.images.ids_for_origins(self.user_id, list(wanted))
        created = 0
        for values in batch:
            if values["origin_id"] in self.have:
                continue
            self.have.add(values["origin_id"])
            image = Image(
                user_id=self.user_id,
                source_id=self.sources.get(values["source_origin"]),
                **{k: v for k, v in values.items() if k not in ("files", "source_origin")},
            )
            self.sources[values["origin_id"]] = image.id
            for name, old_key in values["files"].items():
                key = image_key(image, FILES[name])
                if self.files is not None and await self.files.store(file_name(old_key), key, "image/png"):
                    setattr(image, "storage_key" if name == "image" else "thumbnail_key", key)
            await self.uow.images.add(image)
            created += 1
        return Restored(created=created, skipped=len(batch) - created)
