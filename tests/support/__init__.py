"""Shared test support; import from here (`from tests.support import Api, follow, create_sketch`).

- client: the GraphQL client (HTTP and graphql-transport-ws), serving an ASGI app, plain HTTP.
- streams: `follow` a subscription to its end (job progress and text streams), `poll` a condition.
- builders: the objects tests of several areas make (sketches, templates, conversations, exports, uploads).
- cases: the shapes of each area's cases for the conventions test (tests/integration/cases/).
- statements: counting the SQL statements an app runs.
- load: a figure measured while other clients keep the server busy (`under_load`), and `p95`.
"""

from tests.support.builders import (
    CONVERSATION_FIELDS,
    ERRORS,
    JOB_STATE,
    MESSAGE_FIELDS,
    MESSAGE_STREAM,
    SECTIONS,
    SEND,
    SKETCH,
    SKETCH_FIELDS,
    TEMPLATE_FIELDS,
    UPLOAD_FIELDS,
    create_conversation,
    create_sketch,
    create_template,
    create_upload,
    exchange,
    export,
    import_archive,
    job_progress,
    run_import,
    send_message,
    settle,
    start_export,
    template_input,
    upload,
)
from tests.support.cases import (
    LONG,
    AreaCases,
    BadInput,
    Expect,
    ListCase,
    MutationCases,
    NodeBuilder,
    Objects,
    invalid_request,
    user_errors,
)
from tests.support.client import PASSWORD, Api, GraphQLError, Subscription, error_codes, free_port, http_client, serving
from tests.support.load import p95, under_load
from tests.support.statements import counting_statements
from tests.support.streams import FINAL, ON_THE_WAY, follow, joined, poll

__all__ = [
    "CONVERSATION_FIELDS",
    "ERRORS",
    "FINAL",
    "JOB_STATE",
    "LONG",
    "MESSAGE_FIELDS",
    "MESSAGE_STREAM",
    "ON_THE_WAY",
    "PASSWORD",
    "SECTIONS",
    "SEND",
    "SKETCH",
    "SKETCH_FIELDS",
    "TEMPLATE_FIELDS",
    "UPLOAD_FIELDS",
    "Api",
    "AreaCases",
    "BadInput",
    "Expect",
    "GraphQLError",
    "ListCase",
    "MutationCases",
    "NodeBuilder",
    "Objects",
    "Subscription",
    "counting_statements",
    "create_conversation",
    "create_sketch",
    "create_template",
    "create_upload",
    "error_codes",
    "exchange",
    "export",
    "follow",
    "free_port",
    "http_client",
    "import_archive",
    "invalid_request",
    "job_progress",
    "joined",
    "p95",
    "poll",
    "run_import",
    "send_message",
    "serving",
    "settle",
    "start_export",
    "template_input",
    "under_load",
    "upload",
    "user_errors",
]
