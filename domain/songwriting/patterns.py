"""A rule's pattern and replacement: the checks they pass before they are stored, and the one place where a
`$1`-style replacement becomes Python's.

Patterns are Python regular expressions (`re` syntax) run with MULTILINE. A pattern must compile; the error says
where it fails ("Pattern does not compile at position 3 (line 1, column 4): missing ), unterminated subpattern").

Replacements are `re.sub` templates, and JavaScript's `$` references are accepted too, since the original
system's rules (and most regex tutorials) write them so:

| write | means |
|---|---|
| `\\1`, `\\g<1>`, `$1` (`$1`…`$99`) | group 1 |
| `\\g<name>`, `$<name>` | the group named `name` |
| `\\g<0>`, `$&` | the whole match |
| `$$` | one `$` (any other `$` is itself) |
| `\\n`, `\\t`, a real line break | a line break, a tab |
| `\\\\` | one backslash (a lone backslash before a letter is an error: `\\q`) |

A replacement is stored exactly as sent (line breaks, backslashes and `$` included) and read back byte for byte.

Runaway patterns: a pattern such as `(a|aa)+$` can take exponential time on some lines. Input is bounded
(lyrics at most 10 000 characters, patterns and replacements at most 500), but that alone does not bound the time,
so every application of a rule has a time limit (`LYRICS_RULE_TIMEOUT_MS`, the `regex` library's timeout,
infra/songwriting.py): a rule that runs out of time changes nothing and is reported, the others still run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from domain.common.errors import ErrorCode
from domain.common.validation import Checks

PATTERN_MAX = 500
REPLACEMENT_MAX = 500


class PatternTimedOut(Exception):
    """A rule ran out of its time on a text (a runaway pattern)."""


@dataclass(frozen=True)
class PatternMatch:
    """Where a pattern matched: `start` and `end` count characters (Unicode code points) of the text."""

    start: int
    end: int
    text: str
    replacement: str  # what the template makes of this match


class PatternEngine(Protocol):
    """Applies one rule to a text within a time limit (infra/songwriting.py: the `regex` library)."""

    def substitute(self, pattern: str, template: str, text: str) -> str:
        """`text` with every match of `pattern` (MULTILINE) replaced by the Python template; raises
        PatternTimedOut when the time limit passes, ValueError when the pattern cannot be used."""
        ...

    def matches(self, pattern: str, template: str, text: str, limit: int) -> tuple[list[PatternMatch], int]:
        """The first `limit` matches `substitute` replaces, each with its replacement, and how many there are in
        all; raises as `substitute` does."""
        ...


def python_template(replacement: str, groups: int = 99) -> str:
    """The replacement as a Python `re.sub` template: `$n`, `$<name>`, `$&` and `$$` converted; everything
    else — backslash escapes included — as written. `groups` (the pattern's group count) decides whether `$12` is
    group 12 or group 1 and a "2", as JavaScript does."""
    return _converted(replacement, groups)[0]


def _converted(replacement: str, groups: int) -> tuple[str, list[int]]:
    """The template and, for each of its characters, the position in `replacement` it came from."""
    out: list[str] = []
    origin: list[int] = []

    def emit(text: str, at: int) -> None:
        out.append(text)
        origin.extend([at] * len(text))

    i, n = 0, len(replacement)
    while i < n:
        char = replacement[i]
        if char == "\\" and i + 1 < n:
            emit(replacement[i : i + 2], i)
            i += 2
            continue
        if char == "$" and i + 1 < n:
            nxt = replacement[i + 1]
            if nxt == "$":
                emit("$", i)
                i += 2
                continue
            if nxt == "&":
                emit(r"\g<0>", i)
                i += 2
                continue
            if nxt.isdigit():
                two = replacement[i + 1 : i + 3]
                number = two if len(two) == 2 and two.isdigit() and int(two) <= groups else nxt
                emit(rf"\g<{int(number)}>", i)
                i += 1 + len(number)
                continue
            if nxt == "<":
                end = replacement.find(">", i + 2)
                if end != -1:
                    emit(rf"\g<{replacement[i + 2 : end]}>", i)
                    i = end + 1
                    continue
        emit(char, i)
        i += 1
    return "".join(out), origin


def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def check_pattern(pattern: str | None, checks: Checks, field: str = "pattern") -> re.Pattern[str] | None:
    """The compiled pattern, or None with the problem added (where it fails, when it does not compile)."""
    if not checks.required(field, pattern, "Pattern"):
        return None
    assert pattern is not None
    if len(pattern) > PATTERN_MAX:
        checks.max_length(field, pattern, PATTERN_MAX, "Pattern")
        return None
    try:
        return compiled(pattern)
    except re.error as error:
        where = f"position {error.pos}" if error.pos is not None else "its end"
        if "\n" in pattern:
            where += f" (line {error.lineno}, column {error.colno})"
        checks.add(field, ErrorCode.INVALID, f"Pattern does not compile at {where}: {error.msg}.")
        return None


def check_replacement(
    replacement: str | None, pattern: re.Pattern[str] | None, checks: Checks, field: str = "replacement"
) -> None:
    """A replacement may be empty; it must be at most REPLACEMENT_MAX long and, against its pattern, name only
    groups the pattern has and use only escapes `re.sub` knows."""
    if replacement is None:
        checks.add(field, ErrorCode.REQUIRED, "Replacement is required (it may be empty).")
        return
    if len(replacement) > REPLACEMENT_MAX:
        checks.max_length(field, replacement, REPLACEMENT_MAX, "Replacement")
        return
    if pattern is None:
        return
    template, origin = _converted(replacement, pattern.groups)
    # A pattern with the same groups (numbers and names) that matches the empty text: substituting with it parses
    # the whole template the way applying the rule will, through public API only.
    names = {index: name for name, index in pattern.groupindex.items()}
    stand_in = re.compile("".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1)))
    try:
        stand_in.sub(template, "")
    except re.error as error:
        at = origin[error.pos] if error.pos is not None and error.pos < len(origin) else len(replacement)
        checks.add(field, ErrorCode.INVALID, f"Replacement is not valid at position {at}: {error.msg}.")
    except IndexError as error:  # an unknown group name (Python 3.11 raises IndexError for it)
        checks.add(field, ErrorCode.INVALID, f"Replacement names a group the pattern does not have: {error}.")
