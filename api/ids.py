"""Opaque global ids: base64url of "Type:key". Clients treat them as strings and never parse them."""

from __future__ import annotations

import base64
import binascii
import uuid


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
