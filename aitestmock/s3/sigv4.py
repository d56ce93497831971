"""AWS Signature Version 4 as S3 checks it, from the Authorization header or from presigned query parameters.

The canonical request is rebuilt from what arrived (method, path, query, the signed headers, the payload hash),
signed again with the secret of the access key named in the credential scope, and compared in constant time.
https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote

from aitestmock.s3.protocol import S3Error, iso_time

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
MAX_SKEW_SECONDS = 15 * 60
MAX_EXPIRES_SECONDS = 7 * 24 * 3600
_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

Query = Sequence[tuple[str, str]]
Headers = Sequence[tuple[str, str]]  # names in lower case, in the order they came


@dataclass(frozen=True)
class Authorized:
    access_key: str
    region: str
    # What the signature covered for the body: a hex SHA-256 the bytes must match, or UNSIGNED-PAYLOAD.
    payload_hash: str
    presigned: bool


def parse_query(raw: bytes) -> list[tuple[str, str]]:
    """The query string's pairs, percent-decoded, in order; `?uploads` gives ("uploads", "")."""
    pairs: list[tuple[str, str]] = []
    for item in raw.decode("latin-1").split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return pairs


def _uri_encode(value: str, safe: str = "") -> str:
    # Everything but the unreserved characters A-Z a-z 0-9 - _ . ~ (and `safe`), UTF-8, upper-case hex.
    return quote(value, safe=safe)


def canonical_uri(raw_path: bytes) -> str:
    """S3 encodes the path once (no double encoding, no dot-segment removal)."""
    return _uri_encode(unquote(raw_path.decode("latin-1")), safe="/") or "/"


def canonical_query(query: Query, exclude: str | None = None) -> str:
    encoded = sorted((_uri_encode(name), _uri_encode(value)) for name, value in query if name != exclude)
    return "&".join(f"{name}={value}" for name, value in encoded)


def canonical_headers(headers: Headers, signed: Sequence[str]) -> str:
    values: dict[str, list[str]] = {}
    for name, value in headers:
        values.setdefault(name, []).append(" ".join(value.split()))
    return "".join(f"{name}:{','.join(values.get(name, []))}\n" for name in signed)


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def amz_time(value: str) -> float:
    return float(calendar.timegm(time.strptime(value, "%Y%m%dT%H%M%SZ")))


def _header(headers: Headers, name: str) -> str | None:
    for key, value in headers:
        if key == name:
            return value
    return None


def _scope(credential: str, amz_date: str, malformed: type[_Malformed]) -> tuple[str, str, str]:
    parts = credential.split("/")
    if len(parts) != 5 or not parts[0]:
        raise malformed('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".')
    access_key, date, region, service, terminal = parts
    if date != amz_date[:8]:
        raise malformed(f'Invalid credential date "{date}". This date is not the same as X-Amz-Date: "{amz_date[:8]}".')
    if service != "s3":
        raise malformed(f"the service '{service}' is wrong; expecting 's3'")
    if terminal != "aws4_request":
        raise malformed(f"the terminal '{terminal}' is wrong; expecting 'aws4_request'")
    return access_key, date, region


class _Malformed(S3Error):
    code_name = "AuthorizationHeaderMalformed"

    def __init__(self, detail: str) -> None:
        super().__init__(400, self.code_name, f"The authorization header is malformed; {detail}")


class _MalformedQuery(_Malformed):
    code_name = "AuthorizationQueryParametersError"

    def __init__(self, detail: str) -> None:
        S3Error.__init__(self, 400, self.code_name, f"Error parsing the X-Amz-Credential parameter; {detail}")


def verify(
    method: str,
    raw_path: bytes,
    query: Query,
    headers: Headers,
    credentials: Mapping[str, str],
    now: float,
) -> Authorized:
    """Who signed this request, or the S3Error S3 would answer (403 for a signature that does not hold)."""
    names = {name for name, _ in query}
    authorization = _header(headers, "authorization")
    presigned = "X-Amz-Algorithm" in names or "X-Amz-Signature" in names or "X-Amz-Credential" in names
    if authorization is not None and presigned:
        raise S3Error(
            400,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
            "parameter or the Authorization header should be specified",
            ArgumentName="Authorization",
            ArgumentValue=authorization,
        )
    if presigned:
        return _verify_query(method, raw_path, query, headers, credentials, now)
    if authorization is not None:
        return _verify_header(method, raw_path, query, headers, authorization, credentials, now)
    if "Signature" in names or "AWSAccessKeyId" in names:
        raise S3Error(
            400,
            "InvalidRequest",
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
        )
    raise S3Error(403, "AccessDenied", "Access Denied")


def _verify_header(
    method: str,
    raw_path: bytes,
    query: Query,
    headers: Headers,
    authorization: str,
    credentials: Mapping[str, str],
    now: float,
) -> Authorized:
    algorithm, _, rest = authorization.strip().partition(" ")
    if algorithm != ALGORITHM:
        if algorithm == "AWS":
            raise S3Error(
                400,
                "InvalidRequest",
                "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
            )
        raise S3Error(400, "InvalidArgument", "Unsupported Authorization Type", ArgumentName="Authorization")
    fields: dict[str, str] = {}
    for item in rest.split(","):
        name, sep, value = item.strip().partition("=")
        if sep:
            fields[name] = value
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if name not in fields]
    if missing:
        raise _Malformed(f"missing {', '.join(missing)}")
    amz_date = _header(headers, "x-amz-date")
    if amz_date is None or not _AMZ_DATE.match(amz_date):
        raise S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
    access_key, date, region = _scope(fields["Credential"], amz_date, _Malformed)
    payload_hash = _header(headers, "x-amz-content-sha256")
    if payload_hash is None:
        raise S3Error(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
    if payload_hash != UNSIGNED_PAYLOAD and not _SHA256_HEX.match(payload_hash):
        if payload_hash.startswith("STREAMING-"):
            raise S3Error(
                501,
                "NotImplemented",
                "A header you provided implies functionality that is not implemented (aws-chunked bodies)",
                Header="x-amz-content-sha256",
            )
        raise S3Error(
            400,
            "InvalidArgument",
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 "
            "value.",
            ArgumentName="x-amz-content-sha256",
            ArgumentValue=payload_hash,
        )
    signed = fields["SignedHeaders"].split(";")
    _check_signed_headers(signed, headers, _Malformed)
    signed_at = amz_time(amz_date)
    if abs(now - signed_at) > MAX_SKEW_SECONDS:
        raise S3Error(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            RequestTime=amz_date,
            ServerTime=iso_time(now),
            MaxAllowedSkewMilliseconds=str(MAX_SKEW_SECONDS * 1000),
        )
    secret = _secret(credentials, access_key)
    _compare(
        method,
        raw_path,
        canonical_query(query),
        headers,
        signed,
        payload_hash,
        amz_date,
        access_key,
        date,
        region,
        secret,
        fields["Signature"],
    )
    return Authorized(access_key=access_key, region=region, payload_hash=payload_hash, presigned=False)


def _verify_query(
    method: str,
    raw_path: bytes,
    query: Query,
    headers: Headers,
    credentials: Mapping[str, str],
    now: float,
) -> Authorized:
    params = dict(query)
    missing = [
        name
        for name in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")
        if name not in params
    ]
    if missing or params.get("X-Amz-Algorithm") != ALGORITHM:
        raise S3Error(
            400,
            "AuthorizationQueryParametersError",
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
            "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
        )
    amz_date = params["X-Amz-Date"]
    if not _AMZ_DATE.match(amz_date):
        raise S3Error(
            400,
            "AuthorizationQueryParametersError",
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
        )
    expires_text = params.get("X-Amz-Expires", "")
    if not expires_text.isdigit():
        raise S3Error(
            400, "AuthorizationQueryParametersError", "X-Amz-Expires should be a number", ArgumentValue=expires_text
        )
    expires = int(expires_text)
    if expires > MAX_EXPIRES_SECONDS:
        raise S3Error(
            400,
            "AuthorizationQueryParametersError",
            "X-Amz-Expires must be less than a week (in seconds) that is 604800",
        )
    access_key, date, region = _scope(params["X-Amz-Credential"], amz_date, _MalformedQuery)
    signed_at = amz_time(amz_date)
    if now > signed_at + expires:
        raise S3Error(403, "AccessDenied", "Request has expired").with_elements(
            {"X-Amz-Expires": expires_text, "Expires": iso_time(signed_at + expires), "ServerTime": iso_time(now)}
        )
    if signed_at - now > MAX_SKEW_SECONDS:
        raise S3Error(403, "AccessDenied", "Request is not valid yet")
    signed = params["X-Amz-SignedHeaders"].split(";")
    _check_signed_headers(signed, headers, _MalformedQuery)
    payload_hash = params.get("X-Amz-Content-Sha256", UNSIGNED_PAYLOAD)
    if payload_hash != UNSIGNED_PAYLOAD and not _SHA256_HEX.match(payload_hash):
        raise S3Error(400, "InvalidArgument", "X-Amz-Content-Sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value.")
    secret = _secret(credentials, access_key)
    _compare(
        method,
        raw_path,
        canonical_query(query, exclude="X-Amz-Signature"),
        headers,
        signed,
        payload_hash,
        amz_date,
        access_key,
        date,
        region,
        secret,
        params["X-Amz-Signature"],
    )
    return Authorized(access_key=access_key, region=region, payload_hash=payload_hash, presigned=True)


def _check_signed_headers(signed: Sequence[str], headers: Headers, malformed: type[_Malformed]) -> None:
    if "host" not in signed or any(name != name.lower() or not name for name in signed):
        raise malformed("SignedHeaders must name 'host', in lower case")
    unsigned = sorted({name for name, _ in headers if name.startswith("x-amz-") and name not in signed})
    if unsigned:
        raise S3Error(
            403,
            "AccessDenied",
            "There were headers present in the request which were not signed",
            HeadersNotSigned=", ".join(unsigned),
        )


def _secret(credentials: Mapping[str, str], access_key: str) -> str:
    secret = credentials.get(access_key)
    if secret is None:
        raise S3Error(
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
            AWSAccessKeyId=access_key,
        )
    return secret


def _compare(
    method: str,
    raw_path: bytes,
    query: str,
    headers: Headers,
    signed: Sequence[str],
    payload_hash: str,
    amz_date: str,
    access_key: str,
    date: str,
    region: str,
    secret: str,
    provided: str,
) -> None:
    canonical = "\n".join(
        [
            method,
            canonical_uri(raw_path),
            query,
            canonical_headers(headers, signed),
            ";".join(signed),
            payload_hash,
        ]
    )
    scope = f"{date}/{region}/s3/aws4_request"
    string_to_sign = "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    expected = hmac.new(signing_key(secret, date, region, "s3"), string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), provided.encode()):
        raise S3Error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and "
            "signing method.",
            AWSAccessKeyId=access_key,
            StringToSign=string_to_sign,
            SignatureProvided=provided,
            CanonicalRequest=canonical,
        )
