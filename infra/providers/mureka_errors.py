"""How Mureka's error answers (and those of servers that speak its API) map to ProviderErrorCodes.

Mureka answers `{"error": {"message"}, "trace_id"}` with 400 (bad parameters, or an unknown task: "Invalid
Request, The corresponding task was not found."), 401 ("Invalid Authentication"), 402 (insufficient
balance), 403 (unsupported region), 429 (too fast, or out of quota), 500 and 503 (overloaded). Compatible
servers have also sent a flat `{"error": "…", "message": "…", "code": …, "type": "…"}` (read by `ErrorDetail`)
and errors inside an HTTP 200 (`status` None here): those end the task, they are never "ask again".

A 429 is out of quota when its words say so (the replaced system's rule: quota, exceeded, credits, billing),
except that "rate limit … exceeded" is a rate limit; any other 429 is a rate limit, retried after Retry-After.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.common.provider_errors import ProviderError, ProviderErrorCode
from infra.providers.http import (
    ErrorAnswer,
    ErrorDetail,
    by_status,
    invalid_key,
    out_of_quota,
    provider_words,
    rate_limited,
    refused,
    says_out_of_quota,
)

LABEL = "Mureka"
NO_TASK = f"{LABEL} answered without a task (neither an id nor a status)."

_QUOTA = re.compile(r"quota|credit|billing|balance", re.IGNORECASE)
_RATE = re.compile(r"rate.?limit|too (many|quickly|fast)|pace your requests|slow down", re.IGNORECASE)
_AUTH = re.compile(r"authenticat|unauthori[sz]ed|api.?key|invalid.?key", re.IGNORECASE)
_NO_TASK = re.compile(r"not found|no such task|unknown task", re.IGNORECASE)


def says_quota(text: str) -> bool:
    """Out of credit rather than too fast: quota/credit/billing words, or "exceeded" without "rate limit"."""
    if _QUOTA.search(text) or says_out_of_quota(text):
        return True
    return "exceeded" in text.lower() and not _RATE.search(text)


def task_not_found(task_id: str, words: str = "") -> ProviderError:
    said = f": {words}" if words else "."
    return ProviderError(ProviderErrorCode.BAD_REQUEST, f"{LABEL} does not know the task {task_id}{said}")


def classify(
    status: int | None,
    detail: ErrorDetail,
    *,
    retry_after: float | None = None,
    secrets: Sequence[str] = (),
    task_id: str | None = None,
    billed: bool = False,
) -> ProviderError:
    """`status` None: an error inside an HTTP 200. `task_id`: the answer to a query of that task (a 404 there
    means the task is unknown, not that the base URL is wrong). `billed`: the answer to a generation or a stem
    split, where a 5xx other than 503 may have started the work, so it must not be sent again."""
    words = provider_words(detail.message, secrets)
    marker = f"{detail.code} {detail.type} {detail.message}"
    if status == 401 or (status is None and _AUTH.search(marker)):
        return invalid_key(LABEL, status)
    if status == 402 or (status in (429, None) and says_quota(marker)):
        return out_of_quota(LABEL, status, words)
    if status == 429:
        return rate_limited(LABEL, status, retry_after)
    if task_id is not None and (status == 404 or (status in (None, 400) and _NO_TASK.search(marker))):
        return task_not_found(task_id, words)
    if status is None:  # an error inside a 200 (or no task at all): it ends the task, never "ask again"
        return refused(LABEL, None, words) if words else ProviderError(ProviderErrorCode.BAD_REQUEST, NO_TASK)
    if status == 403:  # an unsupported region: the provider's words say which
        return refused(LABEL, status, words)
    if billed and status >= 500 and status != 503:
        said = f" ({words})" if words else ""
        return ProviderError(
            ProviderErrorCode.PROVIDER_UNAVAILABLE,
            f"{LABEL} failed (HTTP {status}){said}; it may have started the work, so it is not sent again.",
        )
    return by_status(LABEL, status, words, retry_after=retry_after)


def error_from_answer(
    answer: ErrorAnswer, *, secrets: Sequence[str] = (), task_id: str | None = None, billed: bool = False
) -> ProviderError:
    """An HTTP error answer: Mureka's envelope, a flat body, or a proxy's text or HTML page."""
    return classify(
        answer.status,
        ErrorDetail.from_body(answer.body),
        retry_after=answer.retry_after,
        secrets=secrets,
        task_id=task_id,
        billed=billed,
    )
