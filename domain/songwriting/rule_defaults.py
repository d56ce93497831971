"""The lyric parsing rules that ship with aiproxy (original-system.md §4.2), in their shipped order.

Patterns are Python regular expressions run with MULTILINE (`^` and `$` match at every line); replacements are
Python `re.sub` templates, where `$1`-style references are accepted too (rules.python_template). Each rule's
example (`examples`) is checked by tests/unit/test_lyrics_cleanup.py and documented in the README.

Where the original's rule did harm it is mended, and said so:
- the comma and period rules match spaces and tabs, never a line break: matching `\\s` they also took the blank
  line after a line ending in a comma, merging two paragraphs;
- "Reduce Blank Lines" leaves one blank line (three or more newlines become two): a single newline, as the
  original wrote it, joined paragraphs into one, which lyricsFinalize (cleanup, then structure) relies on;
- the dash rules take the spaces around the dash with them, so "a — b" becomes "a - b", not "a  -  b".
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.songwriting.entities import RuleKind


@dataclass(frozen=True)
class DefaultRule:
    key: str
    name: str
    description: str
    pattern: str
    replacement: str
    kind: RuleKind
    example: tuple[str, str]  # (text, the text after this rule alone)


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(
        "comma-line-breaks",
        "Comma Line Breaks",
        "Breaks a line after a comma when at least five more words follow on it.",
        r",[ \t]+(?=(?:[^\s,]+[ \t]+){4}[^\s,]+)",
        ",\n",
        RuleKind.CLEANUP,
        ("I walk alone, through the city lights at night", "I walk alone,\nthrough the city lights at night"),
    ),
    DefaultRule(
        "line-break-after-comma-capital",
        "Line Break After Comma + Capital",
        "Breaks a line after a comma that a capitalised word follows.",
        r",[ \t]+(?=[A-ZÄÖÜ])",
        ",\n",
        RuleKind.CLEANUP,
        ("Hold on, Tonight we run", "Hold on,\nTonight we run"),
    ),
    DefaultRule(
        "section-label-detection",
        "Section Label Detection",
        "Finds a line that is only a bold section label (**Intro**, **Verse 2**, **Pre-chorus** …) and removes "
        "it. A section rule: it runs only when asked for by id.",
        r"^\*\*(?:Intro|Verse(?:[ _-]?\d+)?|Chorus|Bridge|Outro|Pre[ _-]chorus|Post[ _-]chorus)\*\*[ \t]*$",
        "",
        RuleKind.SECTION,
        ("**Verse 1**\nFirst line", "\nFirst line"),
    ),
    DefaultRule(
        "remove-trailing-spaces",
        "Remove Trailing Spaces",
        "Removes spaces and tabs at the end of every line.",
        r"[ \t]+$",
        "",
        RuleKind.CLEANUP,
        ("First line  \nSecond line\t", "First line\nSecond line"),
    ),
    DefaultRule(
        "normalize-smart-quotes-double",
        "Normalize Smart Quotes (Double)",
        "Replaces typographic double quotes (“ ”) with plain ones.",
        "[\u201c\u201d]",
        '"',
        RuleKind.CLEANUP,
        ("She said \u201cstay\u201d", 'She said "stay"'),
    ),
    DefaultRule(
        "normalize-smart-quotes-single",
        "Normalize Smart Quotes (Single)",
        "Replaces typographic single quotes and apostrophes (‘ ’) with plain ones.",
        "[\u2018\u2019]",
        "'",
        RuleKind.CLEANUP,
        ("Don\u2019t stop", "Don't stop"),
    ),
    DefaultRule(
        "line-break-after-period-capital",
        "Line Break After Period + Capital",
        "Breaks a line after a full stop that a capitalised word follows.",
        r"\.[ \t]+(?=[A-ZÄÖÜ])",
        ".\n",
        RuleKind.CLEANUP,
        ("The night is long. We carry on", "The night is long.\nWe carry on"),
    ),
    DefaultRule(
        "normalize-em-dash",
        "Normalize Em Dash",
        "Replaces an em dash (—) and the spaces around it with a spaced hyphen.",
        "[ \t]*\u2014[ \t]*",
        " - ",
        RuleKind.CLEANUP,
        ("Wait\u2014listen", "Wait - listen"),
    ),
    DefaultRule(
        "normalize-ellipsis",
        "Normalize Ellipsis",
        "Replaces the ellipsis character (…) with three full stops.",
        "\u2026",
        "...",
        RuleKind.CLEANUP,
        ("And then\u2026", "And then..."),
    ),
    DefaultRule(
        "normalize-en-dash",
        "Normalize En Dash",
        "Replaces an en dash (–) and the spaces around it with a spaced hyphen.",
        "[ \t]*\u2013[ \t]*",
        " - ",
        RuleKind.CLEANUP,
        ("Day \u2013 night", "Day - night"),
    ),
    DefaultRule(
        "reduce-blank-lines",
        "Reduce Blank Lines",
        "Leaves at most one blank line between paragraphs.",
        r"\n{3,}",
        "\n\n",
        RuleKind.CLEANUP,
        ("Verse line\n\n\n\nChorus line", "Verse line\n\nChorus line"),
    ),
)

DEFAULT_RULES_BY_KEY: dict[str, DefaultRule] = {rule.key: rule for rule in DEFAULT_RULES}
SHIPPED_POSITION: dict[str, int] = {rule.key: n for n, rule in enumerate(DEFAULT_RULES)}
