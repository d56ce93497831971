"""What a job handler raises to say how it ended; the executor turns these into job states."""

from __future__ import annotations


class JobFailed(Exception):
    """A permanent failure the user should see (bad archive, content policy…); never retried."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TransientJobError(Exception):
    """A failure worth retrying (timeout, 503…); retried with backoff up to the job's max attempts."""

    def __init__(self, code: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after


class JobCancelled(Exception):
    """Raised inside a handler when the user cancelled the job."""
