"""The shipped rules on their examples, the rule checks (patterns, replacements in both group syntaxes), cleanup's
list of changes, and the time limit on a runaway pattern."""

from __future__ import annotations

import time

import pytest

from domain.common.errors import DomainError
from domain.common.validation import Checks
from domain.songwriting.cleanup import cleanup, finalize, preview_rule
from domain.songwriting.entities import LyricRule, RuleKind
from domain.songwriting.entities import SectionKind as K
from domain.songwriting.patterns import check_pattern, check_replacement, python_template
from domain.songwriting.rule_defaults import DEFAULT_RULES, DefaultRule
from domain.songwriting.rules import check_rule_values, merged
from infra.songwriting import TimedPatternEngine

ENGINE = TimedPatternEngine(0.25)
SHIPPED = merged([])


def rule(pattern: str, replacement: str, name: str = "test") -> LyricRule:
    return LyricRule(name, name, None, pattern, replacement, RuleKind.CLEANUP, True, 0, False, True, None)


@pytest.mark.parametrize("default", DEFAULT_RULES, ids=[d.key for d in DEFAULT_RULES])
def test_each_shipped_rule_does_what_its_example_says(default: DefaultRule) -> None:
    shipped = next(r for r in SHIPPED if r.key == default.key)
    before, after = default.example
    assert cleanup(before, [shipped], ENGINE).text == after


def test_the_shipped_rules_are_eleven_in_their_order_and_pass_their_own_checks() -> None:
    assert [r.name for r in SHIPPED] == [d.name for d in DEFAULT_RULES] and len(SHIPPED) == 11
    assert [r.position for r in SHIPPED] == list(range(11))
    assert [r.kind for r in SHIPPED].count(RuleKind.SECTION) == 1
    for r in SHIPPED:
        checks = Checks()
        check_rule_values({"name": r.name, "pattern": r.pattern, "replacement": r.replacement}, checks)
        assert checks.errors == [], r.name


MESSY = (
    "I walk alone, through the city lights at night  \nShe said \u201cstay\u201d\u2014don\u2019t go\u2026"
    "\n\n\n\nWait. Now"
)


def test_cleanup_with_every_shipped_cleanup_rule_lists_each_change() -> None:
    rules = [r for r in SHIPPED if r.kind is RuleKind.CLEANUP]
    done = cleanup(MESSY, rules, ENGINE)
    assert done.text == (
        'I walk alone,\nthrough the city lights at night\nShe said "stay" - don\'t go...\n\nWait.\nNow'
    )
    seen = [(c.rule.key, c.line, c.before, c.after) for c in done.changes]
    assert seen[0] == (
        "comma-line-breaks",
        1,
        "I walk alone, through the city lights at night  ",
        "I walk alone,\nthrough the city lights at night  ",
    )
    trimmed = "through the city lights at night"
    assert ("remove-trailing-spaces", 2, trimmed + "  ", trimmed) in seen
    assert {c.rule.key for c in done.changes} == {
        "comma-line-breaks",
        "remove-trailing-spaces",
        "normalize-smart-quotes-double",
        "normalize-smart-quotes-single",
        "line-break-after-period-capital",
        "normalize-em-dash",
        "normalize-ellipsis",
        "reduce-blank-lines",
    }
    assert done.failures == []


def test_finalize_is_cleanup_then_structure() -> None:
    rules = [r for r in SHIPPED if r.kind is RuleKind.CLEANUP]
    done = finalize("First line  \n\n\n\nSecond line\u2026", rules, ENGINE, [K.VERSE, K.CHORUS])
    assert done.structured.text == "**VERSE1**\nFirst line\n\n**CHORUS**\nSecond line..."


def test_both_group_syntaxes_and_escapes_in_replacements() -> None:
    assert python_template("$1-$2 $& $$ $<w> \\1 \\n", groups=2) == "\\g<1>-\\g<2> \\g<0> $ \\g<w> \\1 \\n"
    assert python_template("$12", groups=2) == "\\g<1>2" and python_template("$12", groups=12) == "\\g<12>"
    swap = cleanup("John Smith", [rule(r"(\w+) (\w+)", "$2, \\1")], ENGINE)
    assert swap.text == "Smith, John"
    named = cleanup("ab", [rule(r"(?P<x>a)(b)", "[$<x>|\\g<2>|$&]\\n\\\\")], ENGINE)
    assert named.text == "[a|b|ab]\n\\"
    assert cleanup("cost", [rule("cost", "$$5")], ENGINE).text == "$5"


def test_a_pattern_that_does_not_compile_says_where() -> None:
    checks = Checks()
    assert check_pattern("(ab", checks) is None
    assert checks.errors[0].message == "Pattern does not compile at position 0: missing ), unterminated subpattern."
    checks = Checks()
    check_pattern("ok\n[b", checks)
    assert "position 3 (line 2, column 1)" in checks.errors[0].message


def test_a_replacement_naming_a_missing_group_or_a_bad_escape_is_refused_with_its_position() -> None:
    for replacement, expected in (
        ("x $2", "position 2"),
        ("\\q", "position 0"),
        ("$<nope>", "group"),
        ("ends \\", "position 5"),
    ):
        checks = Checks()
        check_replacement(replacement, check_pattern("(a)", Checks()), checks)
        assert checks.errors and expected in checks.errors[0].message, (replacement, checks.errors)


def test_rule_values_are_bounded() -> None:
    checks = Checks()
    check_rule_values({"name": "n" * 101, "pattern": "a" * 501, "replacement": "b" * 501, "kind": None}, checks)
    assert sorted(e.field[0] for e in checks.errors if e.field) == ["kind", "name", "pattern", "replacement"]
    with pytest.raises(DomainError):
        checks.raise_if_any()


def test_a_runaway_pattern_runs_out_of_time_and_the_other_rules_still_run() -> None:
    runaway = rule(r"(a|aa)+$", "", "runaway")
    started = time.monotonic()
    done = cleanup("a" * 60 + "b  ", [runaway, rule(r"[ \t]+$", "", "trim")], ENGINE)
    assert time.monotonic() - started < 3
    assert [f.rule.name for f in done.failures] == ["runaway"] and done.text == "a" * 60 + "b"


def test_a_rule_being_edited_is_previewed_with_its_matches_and_what_it_makes() -> None:
    shown = preview_rule(r"(\w+)\+(\w+)", "$2\\n\\1", "rock+roll\r\nsalt+pepper 🎸 x+y", ENGINE)
    assert shown.text == "roll\nrock\npepper\nsalt 🎸 y\nx"
    assert [(m.start, m.end, m.text, m.replacement) for m in shown.matches] == [
        (0, 9, "rock+roll", "roll\nrock"),
        (10, 21, "salt+pepper", "pepper\nsalt"),
        (24, 27, "x+y", "y\nx"),  # code points: the guitar is one character
    ]
    assert shown.match_count == 3
    assert preview_rule("x", "", "abc", ENGINE).match_count == 0


def test_a_preview_refuses_what_a_saved_rule_would_be_refused_for() -> None:
    with pytest.raises(DomainError) as broken:
        preview_rule("(ab|c", "", "abc", ENGINE)
    assert [(e.field, e.code) for e in broken.value.errors] == [(("pattern",), "INVALID")]
    assert "position 0" in broken.value.errors[0].message
    with pytest.raises(DomainError) as group:
        preview_rule("(a)", "$2", "abc", ENGINE)
    assert [e.field for e in group.value.errors] == [("replacement",)]
    with pytest.raises(DomainError) as runaway:
        preview_rule(r"(a|aa)+$", "", "a" * 40 + "b", ENGINE)
    assert [e.field for e in runaway.value.errors] == [("pattern",)]
    assert "ran out of time" in runaway.value.errors[0].message


def test_a_preview_lists_at_most_a_thousand_matches_and_counts_them_all() -> None:
    shown = preview_rule("a", "-", "a" * 1500, ENGINE)
    assert len(shown.matches) == 1000 and shown.match_count == 1500
    assert shown.matches[-1].start == 999 and shown.text == "-" * 1500
