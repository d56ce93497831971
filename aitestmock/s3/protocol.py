"""S3's wire format: its errors, its XML (namespace, dates, escaping) and the parsing of request bodies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree
from xml.sax.saxutils import escape

NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
OWNER_NAME = "aitestmock"


class S3Error(Exception):
    """An S3 error answer: `code` and `message` as S3 words them, the HTTP status, and extra elements."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extra: dict[str, Any] = extra

    def with_elements(self, values: Mapping[str, object]) -> S3Error:
        """Adds elements whose names are no Python identifiers (`X-Amz-Expires`)."""
        self.extra.update(values)
        return self


def no_such_bucket(bucket: str) -> S3Error:
    return S3Error(404, "NoSuchBucket", "The specified bucket does not exist", BucketName=bucket)


def no_such_key(key: str) -> S3Error:
    return S3Error(404, "NoSuchKey", "The specified key does not exist.", Key=key)


def no_such_upload(upload_id: str) -> S3Error:
    return S3Error(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted "
        "or completed.",
        UploadId=upload_id,
    )


def invalid_argument(message: str, name: str, value: str | None) -> S3Error:
    return S3Error(400, "InvalidArgument", message, ArgumentName=name, ArgumentValue=value or "")


def malformed_xml() -> S3Error:
    return S3Error(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
    )


def not_implemented(what: str) -> S3Error:
    return S3Error(
        501,
        "NotImplemented",
        "A header or query you provided implies functionality that is not implemented",
        Header=what,
    )


def error_xml(error: S3Error, resource: str, request_id: str, host_id: str) -> bytes:
    elements = {"Code": error.code, "Message": error.message, **error.extra, "Resource": resource}
    body = "".join(f"<{name}>{escape(str(value))}</{name}>" for name, value in elements.items())
    return (f"{DECLARATION}<Error>{body}<RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>").encode()


# -- building XML -----------------------------------------------------------------------------------


def text(value: object) -> str:
    """An element's text: booleans as S3 writes them, everything else escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def element(name: str, value: object) -> str:
    return f"<{name}>{text(value)}</{name}>"


def elements(**values: object) -> str:
    """Elements in the given order; None values are left out."""
    return "".join(element(name, value) for name, value in values.items() if value is not None)


def document(root: str, *children: str | Iterable[str]) -> bytes:
    inner = "".join(child if isinstance(child, str) else "".join(child) for child in children)
    return f'{DECLARATION}<{root} xmlns="{NAMESPACE}">{inner}</{root}>'.encode()


def owner() -> str:
    return f"<Owner>{elements(ID=OWNER_ID, DisplayName=OWNER_NAME)}</Owner>"


def initiator() -> str:
    return f"<Initiator>{elements(ID=OWNER_ID, DisplayName=OWNER_NAME)}</Initiator>"


def iso_time(epoch: float) -> str:
    """XML timestamps: `2024-05-01T12:00:00.000Z`."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def http_time(epoch: float) -> str:
    """Header timestamps: `Wed, 01 May 2024 12:00:00 GMT`."""
    return formatdate(int(epoch), usegmt=True)


def quoted_etag(etag: str) -> str:
    return f'"{etag}"'


def encode_key(value: str, encoding: str | None) -> str:
    """A key (or prefix, delimiter, marker) as a listing with `encoding-type=url` writes it."""
    return quote(value, safe="/") if encoding == "url" else value


# -- reading XML --------------------------------------------------------------------------------------


def parse_xml(body: bytes, root: str) -> ElementTree.Element:
    """A request document whose root element is `root`, with or without S3's namespace."""
    try:
        tree = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise malformed_xml() from exc
    if local_name(tree.tag) != root:
        raise malformed_xml()
    return tree


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(node: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in node if local_name(child.tag) == name]


def child_text(node: ElementTree.Element, name: str) -> str | None:
    found = children(node, name)
    if not found:
        return None
    return found[0].text or ""
