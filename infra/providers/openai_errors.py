"""How OpenAI's error answers (and those of OpenAI-compatible servers and proxies) map to ProviderErrorCodes.

Shared by every adapter that speaks to OpenAI (chat now, images next). The envelope is
`{"error": {"message", "type", "param", "code"}}`, but a proxy may answer in plain text or with an HTML page,
so the codes are read first and the wording and the status decide the rest:

- `invalid_api_key` / `invalid_authentication`, or 401/403, or a 400 (or an error inside a 200) whose wording
  says the key was rejected — OpenAI-compatible image servers answer so, even as an HTML page: a rejected key
  (its message, which quotes the key, is never shown);
- `content_policy_violation` (and `content_filter`, `moderation_blocked`) as code or type: a refusal to show;
- 402, `insufficient_quota`, or a 429 whose wording says the quota is spent: out of credit, never retried —
  unlike a plain 429, which is a rate limit carrying Retry-After;
- `model_not_found`, or a 400/404 (or an error inside a 200) saying the model does not exist;
- anything else by its status (`by_status`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from domain.common.provider_errors import ProviderError
from infra.providers.http import (
    ErrorAnswer,
    ErrorDetail,
    by_status,
    content_refused,
    invalid_key,
    model_not_found,
    out_of_quota,
    provider_words,
    rate_limited,
    says_model_unknown,
    says_out_of_quota,
)

LABEL = "OpenAI"

_AUTH_CODES = frozenset({"invalid_api_key", "invalid_authentication"})
_POLICY_CODES = frozenset({"content_policy_violation", "content_filter", "moderation_blocked"})
_RATE_CODES = frozenset({"rate_limit_exceeded", "rate_limit"})
_KEY_REJECTED = re.compile(
    r"incorrect api key|invalid[ _]api[ _]key|invalid[ _]authentication|(didn't|did not) provide (a valid|an) api key",
    re.IGNORECASE,
)


def says_key_rejected(text: str) -> bool:
    """The wording of a rejected key, entities decoded first (a page may write "didn&#39;t")."""
    return _KEY_REJECTED.search(html.unescape(text)) is not None


def classify(
    status: int | None,
    detail: ErrorDetail,
    *,
    label: str = LABEL,
    model: str | None = None,
    retry_after: float | None = None,
    secrets: Sequence[str] = (),
) -> ProviderError:
    """`status` is None for an error reported inside a 200 answer."""
    words = provider_words(detail.message, secrets)
    if (
        status in (401, 403)
        or detail.code in _AUTH_CODES
        or (status in (400, None) and says_key_rejected(detail.message))
    ):
        return invalid_key(label, status)
    if detail.code in _POLICY_CODES or detail.type in _POLICY_CODES:
        return content_refused(label, words)
    marker = f"{detail.code} {detail.type} {detail.message}"
    if status == 402 or detail.code == "insufficient_quota" or (status == 429 and says_out_of_quota(marker)):
        return out_of_quota(label, status, words)
    if status == 429 or detail.code in _RATE_CODES:
        return rate_limited(label, status, retry_after)
    if detail.code == "model_not_found" or (status in (400, 404, None) and says_model_unknown(detail.message)):
        return model_not_found(label, model, words)
    return by_status(label, status, words, retry_after=retry_after)


def error_from_answer(answer: ErrorAnswer, *, label: str = LABEL, secrets: Sequence[str] = ()) -> ProviderError:
    """An HTTP error answer: JSON in OpenAI's envelope, or a proxy's text or HTML page."""
    return classify(
        answer.status,
        ErrorDetail.from_body(answer.body),
        label=label,
        model=answer.model,
        retry_after=answer.retry_after,
        secrets=secrets,
    )


def error_from_payload(
    error: Any, *, label: str = LABEL, model: str | None = None, secrets: Sequence[str] = ()
) -> ProviderError:
    """An error reported inside a 200 answer: an SSE event `{"error": …}` or a whole answer carrying one."""
    return classify(None, ErrorDetail.from_value(error), label=label, model=model, secrets=secrets)
