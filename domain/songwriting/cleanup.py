"""Cleanup: a user's rules applied in their order to lyrics, with the list of what each changed, so a client can
show a diff before it takes the result (lyricsCleanup); finalize is cleanup, then structure (lyricsFinalize)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from domain.songwriting.entities import LyricRule, SectionKind
from domain.songwriting.patterns import PatternEngine, PatternTimedOut, compiled, python_template
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
