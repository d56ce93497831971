"""The log formatters: JSON lines without terminal colours, whatever a library hands them."""

from __future__ import annotations

import json
import logging

from infra.logging import ConsoleFormatter, JsonFormatter, access_var, note_access


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.makeLogRecord({"name": "uvicorn.error", "levelno": logging.INFO, "levelname": "INFO"})
    made.msg, made.args = msg, args
    made.__dict__.update(extra)
    return made


def test_colour_codes_never_reach_a_log_line() -> None:
    # uvicorn attaches a coloured copy of its start-up lines; a library may colour the message itself.
    coloured = record(
        "Started \x1b[1mserver\x1b[0m process [%d]", 42, color_message="Started server process [\x1b[36m%d\x1b[0m]"
    )
    line = JsonFormatter().format(coloured)
    assert "\x1b" not in line and "\\u001b" not in line
    data = json.loads(line)
    assert data["msg"] == "Started server process [42]" and "color_message" not in data
    assert "\x1b" not in ConsoleFormatter().format(coloured) and "color_message" not in ConsoleFormatter().format(
        coloured
    )
    styled = record("plain", status="\x1b[32m200 OK\x1b[0m")
    assert json.loads(JsonFormatter().format(styled))["status"] == "200 OK"


def test_access_fields_are_noted_only_within_a_request() -> None:
    note_access(user_id="nobody")  # outside a request: nothing to note, nothing fails
    fields: dict[str, object] = {}
    token = access_var.set(fields)
    try:
        note_access(user_id="u1", operation="Q")
    finally:
        access_var.reset(token)
    assert fields == {"user_id": "u1", "operation": "Q"}
