"""The CLI's one HTTP client: GraphQL requests to the API, and the transfers to and from the signed URLs it hands
out. TLS is always verified: against the system's CAs (certifi), plus a private CA's bundle when given."""

from __future__ import annotations

import asyncio
import os
import random
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import certifi
import httpx

from cli.errors import EXIT_AUTH, EXIT_FAILED, EXIT_UNREACHABLE, CliError

DEFAULT_API_URL = "http://127.0.0.1:8000"
# The API answers RATE_LIMITED without Retry-After: wait 1, 2, 4 … 30 s (jittered), at most this many times.
RATE_LIMIT_TRIES = 8
NETWORK_TRIES = 4
REFUSED_TRIES = 2


def tls_context(ca_bundle: str | None) -> ssl.SSLContext:
    """certifi's CAs, and the private CA's too when a bundle is given (never instead: public hosts keep working)."""
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle:
        bundle = Path(ca_bundle).expanduser()
        try:
            context.load_verify_locations(cafile=str(bundle))
        except (OSError, ssl.SSLError) as exc:
            raise CliError(f"Cannot read the CA bundle {bundle}: {exc}", EXIT_UNREACHABLE) from exc
    return context


def normalise_api_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url.endswith("/graphql"):
        url = url[: -len("/graphql")]
    if not url.startswith(("http://", "https://")):
        raise CliError(f"The API URL must start with https:// (or http:// on your own machine): {url!r}", 2)
    return url


def transport_failure(url: str, exc: httpx.TransportError) -> CliError:
    """A connection failure as the user can act on it; an untrusted certificate says how to trust it."""
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(exc.__cause__, ssl.SSLCertVerificationError):
        return CliError(
            f"The TLS certificate of {url} is not trusted ({text}). If the server uses a private CA, pass its "
            "certificate with --ca-bundle FILE (or set AIPROXY_CA_BUNDLE).",
            EXIT_UNREACHABLE,
        )
    return CliError(f"Cannot reach {url}: {text or type(exc).__name__}", EXIT_UNREACHABLE)


def backoff(attempt: int, cap: float = 30.0) -> float:
    return random.uniform(0.5, 1.0) * min(cap, 2.0**attempt)


class Connection:
    """GraphQL at `<api_url>/graphql` with the user's token, and the signed URLs (no token: they carry their own
    signature). One connection pool serves both; `jobs` transfers at once need that many connections."""

    def __init__(self, api_url: str, token: str | None, ca_bundle: str | None, *, connections: int = 8) -> None:
        self.api_url = normalise_api_url(api_url)
        self.token = token
        limits = httpx.Limits(max_connections=connections + 4, max_keepalive_connections=connections + 4)
        # Timeouts: connecting and each read or write may take a minute; a whole part may take as long as it needs.
        timeout = httpx.Timeout(60.0, connect=15.0)
        self.http = httpx.AsyncClient(
            verify=tls_context(ca_bundle), timeout=timeout, limits=limits, trust_env=True, follow_redirects=False
        )

    async def __aenter__(self) -> Connection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.aclose()

    async def graphql(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of one request. Top-level errors become CliErrors (UNAUTHENTICATED: exit 3); RATE_LIMITED
        and network failures are retried with backoff (every operation the CLI sends is safe to repeat: declaring
        the same upload answers the same upload, completing a completed one is a user error it reads)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body = {"query": query, "variables": dict(variables or {})}
        network_failures = 0
        for attempt in range(RATE_LIMIT_TRIES):
            try:
                response = await self.http.post(f"{self.api_url}/graphql", json=body, headers=headers)
            except httpx.TransportError as exc:
                failure = transport_failure(self.api_url, exc)
                network_failures += 1
                # Refused outright (nothing listens there): once more, then say so; a timeout or a reset, more.
                tries = REFUSED_TRIES if isinstance(exc, httpx.ConnectError) else NETWORK_TRIES
                if "not trusted" in failure.message or network_failures >= tries:
                    raise failure from exc
                await asyncio.sleep(backoff(network_failures, 8))
                continue
            payload = self._json(response)
            errors = payload.get("errors") or []
            codes = {(e.get("extensions") or {}).get("code") for e in errors}
            if "RATE_LIMITED" in codes and attempt + 1 < RATE_LIMIT_TRIES:
                await asyncio.sleep(backoff(attempt))
                continue
            if response.status_code >= 500 and not errors and attempt + 1 < NETWORK_TRIES:
                await asyncio.sleep(backoff(attempt, 8))
                continue
            if errors:
                raise self._error(errors)
            data = payload.get("data")
            if not isinstance(data, dict):
                raise CliError(f"The server answered HTTP {response.status_code} without data.")
            return data
        raise CliError("The server kept answering RATE_LIMITED; try again in a minute.")

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            payload = response.json()
        except ValueError:
            snippet = " ".join(response.text.split())[:200]
            raise CliError(
                f"{self.api_url}/graphql answered HTTP {response.status_code} that is not GraphQL: {snippet!r}. "
                "Is the API URL right?"
            ) from None
        if not isinstance(payload, dict):
            raise CliError(f"The server answered HTTP {response.status_code} with {type(payload).__name__}.")
        return payload

    @staticmethod
    def _error(errors: list[dict[str, Any]]) -> CliError:
        first = errors[0]
        extensions = first.get("extensions") or {}
        message = str(first.get("message") or "The server refused the request.")
        if extensions.get("code") == "UNAUTHENTICATED":
            return CliError(f"{message} Run `aiproxy login`.", EXIT_AUTH)
        if extensions.get("requestId"):
            message += f" (request id {extensions['requestId']})"
        return CliError(message, EXIT_FAILED)


def environment_api_url() -> str | None:
    return os.environ.get("AIPROXY_API_URL") or None
