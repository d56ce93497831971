"""The trigger rules: which scenario a request plays, read from its own text.

Users (and the project's tests) steer the mock by writing a test number such as `0002` into a prompt or
lyrics, and a duration such as `30s` into a style prompt. Only numbers starting with 0 count, so years
(2024) and ports (3080, 8080) in ordinary text never trigger anything.
"""

from __future__ import annotations

import hashlib
import re

SUCCESS = "0001"
INVALID_AUTH = "0002"
GENERATION_FAILS = "0003"
OVERLOADED_ONCE = "0004"
MID_STREAM_ERROR = "0005"
SLOW_FIRST_TOKEN = "0006"
RATE_LIMITED_ONCE = "0007"
QUOTA_EXCEEDED = "0008"
CONTENT_POLICY = "0009"
QUERY_OVERLOADED_ONCE = "0010"
QUERY_RATE_LIMITED_ONCE = "0011"
# Mureka: what Mureka-compatible servers have been seen to send (see the table in aitestmock/__init__.py).
AUTH_ERROR_IN_200 = "0012"
TASK_NOT_FOUND_IN_200 = "0013"
QUERY_WITHOUT_TASK = "0014"
ANSWER_WITHOUT_TASK = "0015"
RATE_LIMITED_ALWAYS = "0016"
QUERY_RATE_LIMITED_ALWAYS = "0017"
RATE_LIMITED_ONCE_BARE = "0018"
GENERATION_TIMEOUTED = "0019"
UNKNOWN_STATUS = "0020"
FILES_GONE = "0021"
FILES_UNREACHABLE = "0022"
SLOPPY_ANSWERS = "0023"
GATEWAY_ERRORS = "0024"
INSUFFICIENT_BALANCE = "0025"
REGION_REFUSED = "0026"
# OpenAI images: what OpenAI-compatible image servers have been seen to send.
IMAGE_AS_URL = "0027"
AUTH_PAGE_400 = "0028"
AUTH_MESSAGE_400 = "0029"
NO_IMAGE_DATA = "0030"
NO_IMAGE_IN_DATA = "0031"

SLOW_FIRST_TOKEN_SECONDS = 3.0
MAX_DURATION_SECONDS = 300.0

_TEST_NUMBER = re.compile(r"(?<!\d)0\d{3}(?!\d)")
_DURATION = re.compile(r"(?<![\w.])(\d{1,6}(?:\.\d{1,3})?)s\b")


def find_test_number(text: str | None) -> str:
    """The first standalone 4-digit number starting with 0 in `text`; `0001` (success) when there is none."""
    match = _TEST_NUMBER.search(text or "")
    return match.group(0) if match else SUCCESS


def duration_seconds(text: str | None, default: float) -> float:
    """The first `<N>s` in `text` (e.g. "30s", "0.5s"), capped at 300 s; `default` when there is none."""
    match = _DURATION.search(text or "")
    if not match:
        return default
    return min(float(match.group(1)), MAX_DURATION_SECONDS)


class OneShotFaults:
    """Remembers which requests already got their one-shot fault, so the retry of the same body succeeds.

    Kept per app instance: two mock apps in one process must not share fault memory.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def first_time(self, *parts: str | bytes) -> bool:
        """True the first time this exact key (e.g. route + body) is seen, False afterwards."""
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        key = digest.hexdigest()
        if key in self._seen:
            return False
        self._seen.add(key)
        return True
