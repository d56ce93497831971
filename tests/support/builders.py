"""Builders: what tests of more than one area make through the API as a client would — sketches, templates,
conversations and answered messages, exports, uploads and imports.

Each builder returns what it made; where tests read different fields, `select` picks them (the defaults select
every field of the object). Field lists that several modules select live here too."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.support.client import Api, http_client
from tests.support.streams import follow, joined, poll

ERRORS = "userErrors { field message code }"

# -- sketches ------------------------------------------------------------------------------------------

SKETCH_FIELDS = """id title lyrics prompt tags descriptionLong descriptionShort descriptionTags info workflow
    createdAt updatedAt"""
SKETCH = f"{SKETCH_FIELDS} owner {{ id email artistName }}"


async def create_sketch(api: Api, token: str, *, select: str = SKETCH, **fields: Any) -> dict[str, Any]:
    """A sketch of the token's user from `fields` (SketchCreateInput; `prompt` is filled in when left out)."""
    fields.setdefault("prompt", "a prompt")
    document = f"""mutation($i: SketchCreateInput!) {{ sketchCreate(input: $i) {{
        sketch {{ {select} }} {ERRORS} }} }}"""
    return (await api.mutate("sketchCreate", document, {"i": fields}, token))["sketch"]


# -- prompt templates ----------------------------------------------------------------------------------

TEMPLATE_FIELDS = """id category action preCondition postCondition description version model temperature maxTokens
    active isDefault isModified updatedAt"""


def template_input(**overrides: Any) -> dict[str, Any]:
    """A PromptTemplateCreateInput for a template of the user's own (mine/hook-writer), with `overrides`."""
    return {
        "category": "mine",
        "action": "hook-writer",
        "preCondition": "Write a catchy hook.",
        "postCondition": "Return only the hook.",
        **overrides,
    }


async def create_template(api: Api, token: str, *, select: str = TEMPLATE_FIELDS, **overrides: Any) -> dict[str, Any]:
    """A prompt template of the user's own: `template_input(**overrides)`."""
    document = f"""mutation($i: PromptTemplateCreateInput!) {{ promptTemplateCreate(input: $i) {{
        promptTemplate {{ {select} }} {ERRORS} }} }}"""
    return (await api.mutate("promptTemplateCreate", document, {"i": template_input(**overrides)}, token))[
        "promptTemplate"
    ]


# -- chat ----------------------------------------------------------------------------------------------

CONVERSATION_FIELDS = """id title model provider systemContext archived pinned contextWindow tokenCount tokenUsage
    createdAt updatedAt messageCount"""
MESSAGE_FIELDS = "id role content status tokenCount isSummary archived superseded error { code message }"
SEND = f"""mutation($i: MessageSendInput!) {{ messageSend(input: $i) {{
    userMessage {{ {MESSAGE_FIELDS} }} assistantMessage {{ {MESSAGE_FIELDS} }}
    conversation {{ {CONVERSATION_FIELDS} }} {ERRORS} }} }}"""
MESSAGE_STREAM = f"""subscription($id: ID!) {{ messageStream(messageId: $id) {{
    delta status errorCode message {{ {MESSAGE_FIELDS} }} }} }}"""


async def create_conversation(
    api: Api, token: str, *, select: str = CONVERSATION_FIELDS, **fields: Any
) -> dict[str, Any]:
    """A conversation of the token's user from `fields` (ConversationCreateInput; the model defaults to
    llama3.2:3b)."""
    fields.setdefault("model", "llama3.2:3b")
    document = f"""mutation($i: ConversationCreateInput!) {{ conversationCreate(input: $i) {{
        conversation {{ {select} }} {ERRORS} }} }}"""
    return (await api.mutate("conversationCreate", document, {"i": fields}, token))["conversation"]


async def send_message(api: Api, token: str, conversation_id: str, content: str) -> dict[str, Any]:
    """messageSend's payload: the stored question, the assistant's message (STREAMING) and the conversation."""
    return await api.mutate("messageSend", SEND, {"i": {"conversationId": conversation_id, "content": content}}, token)


async def exchange(api: Api, token: str, conversation_id: str, content: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send and follow the answer to its end: (the send payload, the final stream event). The streamed deltas
    add up to exactly the stored text."""
    sent = await send_message(api, token, conversation_id, content)
    events = await follow(api, MESSAGE_STREAM, {"id": sent["assistantMessage"]["id"]}, token)
    final = events[-1]
    assert joined(events) == final["message"]["content"]
    return sent, final


# -- jobs: export, upload, import ----------------------------------------------------------------------

JOB_STATE = "id kind status progress message error { code message }"
# An export's or import's job with what it did per section.
SECTIONS = """query($id: ID!) { node(id: $id) { ... on Job { status error { code message } result {
    ... on DataExport { downloadUrl sections { name exported } }
    ... on DataImportResult { sections { name created skipped } } } } } }"""
UPLOAD_FIELDS = "id filename contentType sizeBytes sha256 url method headers { name value } expiresAt"


async def settle(api: Api, token: str, timeout: float = 30) -> None:
    """Wait until none of the user's jobs is queued or running (an answer's job still names its conversation
    after the stream has ended, say)."""
    query = "{ jobs(filter: {status: [QUEUED, RUNNING]}) { totalCount } }"

    async def idle() -> bool:
        return (await api.data(query, token=token))["jobs"]["totalCount"] == 0

    await poll(idle, timeout)


def job_progress(select: str = JOB_STATE) -> str:
    """The jobProgress subscription of one job (`$id`), selecting `select` (which must include `status`)."""
    return f"subscription($id: ID!) {{ jobProgress(id: $id) {{ {select} }} }}"


async def start_export(
    api: Api, token: str, *, select: str = JOB_STATE, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """dataExportCreate (with `options`, a DataExportCreateInput, when given): the new DATA_EXPORT job, as it is
    when queued."""
    document = f"""mutation($i: DataExportCreateInput) {{ dataExportCreate(input: $i) {{
        job {{ {select} }} {ERRORS} }} }}"""
    return (await api.mutate("dataExportCreate", document, {"i": options}, token))["job"]


async def export(
    api: Api, token: str, *, select: str = JOB_STATE, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Export the user's data (what `options` includes, all by default) and follow the job to its end; the job's
    final state, which must be SUCCEEDED."""
    job = await start_export(api, token, select="id kind", options=options)
    assert job["kind"] == "DATA_EXPORT", job
    final = (await follow(api, job_progress(select), {"id": job["id"]}, token))[-1]
    assert final["status"] == "SUCCEEDED", final
    return final


async def create_upload(api: Api, token: str, fields: dict[str, Any]) -> dict[str, Any]:
    """uploadCreate's payload for `fields` (UploadCreateInput), userErrors and all."""
    document = f"""mutation($i: UploadCreateInput!) {{ uploadCreate(input: $i) {{
        upload {{ {UPLOAD_FIELDS} }} {ERRORS} }} }}"""
    return await api.payload("uploadCreate", document, {"i": fields}, token)


async def upload(
    api: Api, token: str, body: bytes, *, declared: bytes | None = None, send: bool = True
) -> tuple[dict[str, Any], httpx.Response | None]:
    """Declare `declared` (default: `body`) with uploadCreate, then send `body` to the returned URL as
    instructed (unless not `send`): (the upload, the storage's response)."""
    declared = body if declared is None else declared
    payload = await create_upload(
        api,
        token,
        {
            "filename": "aiproxy-export.zip",
            "contentType": "application/zip",
            "sizeBytes": len(declared),
            "sha256": hashlib.sha256(declared).hexdigest(),
        },
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    created = payload["upload"]
    assert created["sizeBytes"] == str(len(declared))  # a BigInt: a string of digits
    if not send:
        return created, None
    async with http_client() as http:
        response = await http.request(
            created["method"],
            created["url"],
            headers={h["name"]: h["value"] for h in created["headers"]},
            content=body,
        )
    return created, response


async def run_import(api: Api, token: str, upload_id: str, *, select: str = JOB_STATE) -> dict[str, Any]:
    """dataImportCreate of an upload, followed to its end: the DATA_IMPORT job's final state."""
    document = f"""mutation($i: DataImportCreateInput!) {{ dataImportCreate(input: $i) {{
        job {{ id kind }} {ERRORS} }} }}"""
    job = (await api.mutate("dataImportCreate", document, {"i": {"uploadId": upload_id}}, token))["job"]
    assert job["kind"] == "DATA_IMPORT", job
    return (await follow(api, job_progress(select), {"id": job["id"]}, token))[-1]


async def import_archive(api: Api, token: str, body: bytes, *, select: str = JOB_STATE) -> dict[str, Any]:
    """Upload `body` and import it: the DATA_IMPORT job's final state."""
    created, response = await upload(api, token, body)
    assert response is not None and response.status_code in (200, 201, 204), response and response.text
    return await run_import(api, token, created["id"], select=select)
