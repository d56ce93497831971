"""Opaque global ids: base64url of "Type:key". Clients treat them as strings and never parse them."""

from __future__ import annotations

import base64
import binascii
import uuid

from domain.common.errors import not_found


def encode_id(type_name: str, key: uuid.UUID | str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode_id(global_id: str) -> tuple[str, str] | None:
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, key = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (type_name, key) if type_name and key else None


def decode_uuid(global_id: str, type_name: str) -> uuid.UUID | None:
    """The uuid inside an id of the given type; None for anything else (malformed, other type)."""
    decoded = decode_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    try:
        return uuid.UUID(decoded[1])
    except ValueError:
        return None


def node_uuid(global_id: str, type_name: str, *field: str) -> uuid.UUID:
    """The uuid inside a global id of `type_name`, as a mutation argument: anything else (malformed, another
    type) is simply not found — a user error on `field` (the snake_case input path)."""
    value = decode_uuid(global_id, type_name)
    if value is None:
        raise not_found(type_name, *field)
    return value
