"""Cleanup: a user's rules applied in their order to lyrics, with the list of what each changed, so a client can
show a diff before it takes the result (lyricsCleanup); finalize is cleanup, then structure (lyricsFinalize); a rule
being edited, not yet saved, tried on a text with its matches (lyricRulePreview), so the rules editor previews
through the same engine."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from domain.common.errors import DomainError, ErrorCode
from domain.common.validation import Checks
from domain.songwriting.entities import LyricRule, SectionKind
from domain.songwriting.patterns import PatternEngine, PatternMatch, PatternTimedOut, compiled, python_template
from domain.songwriting.rules import check_rule_values
from domain.songwriting.structure import Structured, apply_structure, normalise_newlines


@dataclass(frozen=True)
class Change:
    rule: LyricRule
    line: int  # 1-based, in the text as it was when the rule ran
    before: str  # the line(s) before (lines joined by "\n"; "" where lines were added)
    after: str  # what the rule made of them ("" where lines were removed)


@dataclass(frozen=True)
class RuleFailure:
    rule: LyricRule
    message: str


@dataclass(frozen=True)
class Cleaned:
    text: str
    changes: list[Change]
    failures: list[RuleFailure]  # rules that could not run (out of time); they changed nothing


def _changes(rule: LyricRule, before: str, after: str) -> list[Change]:
    old, new = before.split("\n"), after.split("\n")
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:  # line for line: one change each
            found += [Change(rule, i1 + k + 1, old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        else:
            found.append(Change(rule, i1 + 1, "\n".join(old[i1:i2]), "\n".join(new[j1:j2])))
    return found


def cleanup(text: str, rules: Sequence[LyricRule], engine: PatternEngine) -> Cleaned:
    """Each rule in turn over the whole text (so a rule may join or split lines). Blocking: CPU work, bounded by
    the engine's time limit per rule; callers off the event loop run it in a thread."""
    current = normalise_newlines(text)
    changes: list[Change] = []
    failures: list[RuleFailure] = []
    for rule in rules:
        try:
            template = python_template(rule.replacement, compiled(rule.pattern).groups)
            result = engine.substitute(rule.pattern, template, current)
        except PatternTimedOut:
            failures.append(RuleFailure(rule, "The rule ran out of time on this text and changed nothing."))
            continue
        except ValueError as error:  # re.error is a ValueError: a rule stored before a check it fails
            failures.append(RuleFailure(rule, f"The rule cannot be used: {error}."))
            continue
        if result != current:
            changes += _changes(rule, current, result)
            current = result
    return Cleaned(current, changes, failures)


@dataclass(frozen=True)
class Finalized:
    cleaned: Cleaned
    structured: Structured


def finalize(
    text: str, rules: Sequence[LyricRule], engine: PatternEngine, sections: Sequence[SectionKind]
) -> Finalized:
    cleaned = cleanup(text, rules, engine)
    return Finalized(cleaned, apply_structure(cleaned.text, sections))


PREVIEW_MATCHES_MAX = 1_000


@dataclass(frozen=True)
class RulePreview:
    text: str  # the text after the rule (line breaks as "\n")
    matches: list[PatternMatch]  # the first PREVIEW_MATCHES_MAX, with spans in the text as given (line breaks "\n")
    match_count: int  # all of them


def preview_rule(pattern: str, replacement: str, text: str, engine: PatternEngine) -> RulePreview:
    """One rule as it is being edited applied to `text`, with where it matched: the checks a saved rule passes
    (a pattern that does not compile is INVALID on `pattern`, saying where), then the engine, with its time limit
    (running out of it is INVALID on `pattern`). Blocking, like cleanup."""
    checks = Checks()
    check_rule_values({"pattern": pattern, "replacement": replacement}, checks)
    checks.raise_if_any()
    current = normalise_newlines(text)
    template = python_template(replacement, compiled(pattern).groups)
    try:
        found, count = engine.matches(pattern, template, current, PREVIEW_MATCHES_MAX)
        after = engine.substitute(pattern, template, current)
    except PatternTimedOut:
        raise DomainError.single(
            ErrorCode.INVALID, "The pattern ran out of time on this text: it would change nothing.", "pattern"
        ) from None
    except ValueError as error:
        raise DomainError.single(ErrorCode.INVALID, f"The rule cannot be used: {error}.", "replacement") from None
    return RulePreview(after, found, count)
