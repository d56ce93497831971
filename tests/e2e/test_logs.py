"""What `python -m api` logs, read from a real server's stderr with LOG_FORMAT=json (at LOG_LEVEL=DEBUG, where the
most is said): one JSON object a line, no terminal colours; an access line for every request and for every
WebSocket's connect and disconnect; an end line for every job; SQL statements without their parameters — and
nowhere a password, a token, a query's variables or text a user wrote."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from api.ids import decode_uuid
from tests.e2e.test_processes import process
from tests.support import (
    ERRORS,
    MESSAGE_STREAM,
    PASSWORD,
    Api,
    create_conversation,
    export,
    follow,
    free_port,
    send_message,
)

SECRET_TITLE = "needle-title-" + uuid.uuid4().hex[:8]  # a sketch title: user data, in variables and in SQL
SECRET_VARIABLE = "needle-get-" + uuid.uuid4().hex[:8]  # a variable sent in a GET request's query string
WHO = "query Who($s: String) { viewer { id } sketches(filter: {search: $s}) { totalCount } }"
SKETCH = f"""mutation NewSketch($i: SketchCreateInput!) {{ sketchCreate(input: $i) {{ sketch {{ id }} {ERRORS} }} }}"""


def lines(log: Path) -> list[dict[str, Any]]:
    text = log.read_text()
    assert "\x1b" not in text and "\\u001b" not in text.lower(), "a terminal escape code reached the logs"
    parsed = []
    for line in text.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)  # every line is one JSON object
        assert {"ts", "level", "logger", "msg"} <= set(record), record
        assert "color_message" not in record, record
        parsed.append(record)
    return parsed


def access(records: list[dict[str, Any]], method: str, path: str) -> list[dict[str, Any]]:
    return [r for r in records if r["logger"] == "aiproxy.access" and r.get("method") == method and r["path"] == path]


async def test_a_real_server_logs_requests_sockets_jobs_and_sql_without_secrets(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        "BCRYPT_ROUNDS": "4",
        "REDIS_URL": "",
        "DATABASE_URL": "",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
        "AITESTMOCK_TOKEN_DELAY_MS": "2",
        "AITESTMOCK_TOKENS": "20",
    }
    log = tmp_path / "api.log"
    async with process("api", env, log, f"http://127.0.0.1:{port}/readyz"):
        api = Api(f"http://127.0.0.1:{port}")
        try:
            token = await api.user()
            viewer = (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]
            await api.mutate("sketchCreate", SKETCH, {"i": {"prompt": "rain", "title": SECRET_TITLE}}, token)
            get = await api.http.get(
                "/graphql",
                params={"query": WHO, "variables": json.dumps({"s": SECRET_VARIABLE})},
                headers={"authorization": f"Bearer {token}", "accept": "application/json"},
            )
            assert get.status_code == 200 and get.json().get("data"), get.text
            assert get.json()["data"]["viewer"]["id"] == viewer
            await export(api, token)  # followed over a WebSocket to its end
            conversation = await create_conversation(api, token, select="id")
            failing = await send_message(api, token, conversation["id"], "0003 please fail")
            events = await follow(api, MESSAGE_STREAM, {"id": failing["assistantMessage"]["id"]}, token)
            assert events[-1]["status"] == "FAILED" and events[-1]["errorCode"], events[-1]
        finally:
            await api.close()
    records = lines(log)
    user_id = str(decode_uuid(viewer, "User"))

    # Nothing secret, anywhere: not the password, the token, a variable, or what the user wrote.
    text = log.read_text()
    for secret in (PASSWORD, token, SECRET_TITLE, SECRET_VARIABLE):
        assert secret not in text, f"{secret!r} was logged"

    # uvicorn's own lines come through the JSON formatter without their coloured copies.
    assert any(r["logger"] == "uvicorn.error" and r["msg"].startswith("Started server process") for r in records)

    # An access line per request: method, path without its query string, status, duration, request id; the user
    # when signed in; for GraphQL the operation's name, type and root fields.
    [created] = [r for r in access(records, "POST", "/graphql") if r.get("operation") == "NewSketch"]
    assert created["status"] == 200 and created["user_id"] == user_id and created["request_id"]
    assert created["operation_type"] == "mutation" and created["fields"] == ["sketchCreate"]
    assert isinstance(created["duration_ms"], int | float) and created["duration_ms"] >= 0
    assert created["msg"] == "POST /graphql 200"
    [asked] = [r for r in access(records, "GET", "/graphql") if r.get("operation") == "Who"]
    assert asked["status"] == 200 and asked["user_id"] == user_id and asked["operation_type"] == "query"
    assert asked["fields"] == ["viewer", "sketches"] and asked["path"] == "/graphql"
    signed_out = [r for r in access(records, "POST", "/graphql") if r.get("fields") == ["register"]]
    assert signed_out and all("user_id" not in r for r in signed_out)
    assert access(records, "GET", "/readyz")  # every request, not only GraphQL
    for record in access(records, "POST", "/graphql") + access(records, "GET", "/graphql"):
        assert not {"query", "variables", "headers", "authorization"} & set(record), record

    # A WebSocket: when it opens, and when it closes, for whom and after how long.
    opened = [r for r in records if r["msg"] == "websocket connected"]
    closed = [r for r in records if r["msg"] == "websocket disconnected"]
    assert opened and len(closed) == len(opened), (opened, closed)
    assert all(r["path"] == "/graphql" and r["request_id"] for r in opened + closed)
    assert all(r["user_id"] == user_id and r["close_code"] and r["duration_ms"] >= 0 for r in closed), closed

    # Every job's end: its kind, how long it took, and for a failure the error code.
    [finished] = [r for r in records if r["msg"] == "job finished" and r["kind"] == "DATA_EXPORT"]
    assert finished["status"] == "SUCCEEDED" and finished["duration_ms"] >= 0 and finished["job_id"]
    [failed] = [r for r in records if r["msg"] == "job failed" and r["kind"] == "CHAT_REPLY"]
    assert failed["error_code"] == events[-1]["errorCode"] and failed["duration_ms"] >= 0

    # At DEBUG, SQL statements are logged — with their parameters hidden.
    statements = [r["msg"] for r in records if r["logger"].startswith("sqlalchemy.engine")]
    assert any(s.startswith("INSERT INTO sketches") for s in statements), statements[:20]
    assert any("parameters hidden" in s for s in statements)
