"""Structured logs: JSON lines in production (LOG_FORMAT=json), readable lines otherwise.

What a log line may carry is decided here and at the few places that log requests and jobs: ids, names,
statuses, durations and error codes — never request bodies or variables, never headers, never SQL parameters
(the engine hides them, infra/db/engine.py), and no terminal colour codes (uvicorn attaches a coloured copy of
some messages as `color_message`; it is dropped, and escape sequences are stripped from whatever remains)."""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# The request being served (api/app.py: AccessLogMiddleware): what its access line will say, filled in by the
# parts that learn it (the signed-in user, the GraphQL operation). One dict per request, shared with the tasks
# the request starts, so it is changed in place, never replaced.
access_var: ContextVar[dict[str, Any] | None] = ContextVar("access", default=None)

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def note_access(**fields: Any) -> None:
    """Add `fields` to the access line of the request being served (nothing outside a request)."""
    record = access_var.get()
    if record is not None:
        record.update(fields)


def plain(value: Any) -> Any:
    """`value` without terminal escape sequences (colours, cursor moves), if it is text."""
    return _ANSI.sub("", value) if isinstance(value, str) else value


def _extra(record: logging.LogRecord) -> dict[str, Any]:
    return {k: plain(v) for k, v in record.__dict__.items() if k not in _RESERVED}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": plain(record.getMessage()),
        }
        if (rid := request_id_var.get()) and "request_id" not in record.__dict__:
            data["request_id"] = rid
        data.update(_extra(record))
        if record.exc_info:
            data["exc"] = plain(self.formatException(record.exc_info))
        return json.dumps(data, default=str)


class ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = _extra(record)
        if (rid := request_id_var.get()) and "request_id" not in extra:
            extra["request_id"] = rid
        stamp = datetime.fromtimestamp(record.created)
        line = f"{stamp:%H:%M:%S} {record.levelname:<7} {record.name}: {plain(record.getMessage())}"
        if extra:
            line += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


# Loggers kept at WARNING or above whatever LOG_LEVEL says: they repeat what the access lines say (uvicorn's
# access log, which would print query strings too), or at DEBUG they would print what must not be logged —
# aiosqlite the SQL with its parameters, websockets and httpx the frames and headers (tokens included).
QUIET = (
    "uvicorn.access",
    "botocore",
    "aiobotocore",
    "aiosqlite",
    "httpx",
    "httpcore",
    "websockets",
    "hpack",
    "asyncio",
)


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else ConsoleFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # At DEBUG, every SQL statement (its parameters hidden by the engine); never the rows it returned, which
    # SQLAlchemy logs only when its logger is at DEBUG itself.
    debug = logging.getLevelName(level) <= logging.DEBUG
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO if debug else logging.WARNING)
