"""What any outside AI provider (chat models, images, songs) can fail with, as codes users understand.

Adapters raise ProviderError; use cases turn it into a job failure or a user error with the same code."""

from __future__ import annotations

from enum import StrEnum


class ProviderErrorCode(StrEnum):
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"  # cannot connect, 5xx, overloaded
    MODEL_NOT_FOUND = "MODEL_NOT_FOUND"
    INVALID_API_KEY = "INVALID_API_KEY"
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"  # out of credit: never retried
    RATE_LIMITED = "RATE_LIMITED"  # too fast: retried after Retry-After
    CONTENT_POLICY = "CONTENT_POLICY"
    TIMEOUT = "TIMEOUT"
    BAD_REQUEST = "BAD_REQUEST"  # the provider refused the request as malformed
    NOT_CONFIGURED = "NOT_CONFIGURED"  # this server lacks what the call needs (a key): nothing was sent


class ProviderError(Exception):
    def __init__(
        self, code: ProviderErrorCode, message: str, *, retry_after: float | None = None, transient: bool = False
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.transient = transient  # worth trying again later (the adapter already retried what it safely could)
