"""The songwriting area's adapters to libraries: rules applied with a time limit (`regex`), English phonemes
(the CMU Pronouncing Dictionary through `pronouncing`), German hyphenation (`pyphen`)."""

from __future__ import annotations

import functools
import threading

import pronouncing
import pyphen
import regex

from domain.songwriting.patterns import PatternMatch, PatternTimedOut


class TimedPatternEngine:
    """Applies a rule with the `regex` library, which can stop a match after a time limit (Python's `re` cannot),
    in its version-0 mode, compatible with `re`. It releases the GIL while it matches (`concurrent`)."""

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds

    @staticmethod
    @functools.lru_cache(maxsize=512)
    def _compiled(pattern: str) -> regex.Pattern[str]:
        return regex.compile(pattern, regex.MULTILINE | regex.VERSION0)

    def substitute(self, pattern: str, template: str, text: str) -> str:
        try:
            compiled = self._compiled(pattern)
        except regex.error as error:
            raise ValueError(str(error)) from error
        try:
            return str(compiled.sub(template, text, timeout=self.timeout_seconds, concurrent=True))
        except TimeoutError as error:
            raise PatternTimedOut() from error
        except (regex.error, IndexError) as error:
            raise ValueError(str(error)) from error

    def matches(self, pattern: str, template: str, text: str, limit: int) -> tuple[list[PatternMatch], int]:
        try:
            compiled = self._compiled(pattern)
        except regex.error as error:
            raise ValueError(str(error)) from error
        found: list[PatternMatch] = []
        count = 0
        try:
            # One time limit for the whole search, as `substitute` has.
            for match in compiled.finditer(text, timeout=self.timeout_seconds, concurrent=True):
                count += 1
                if len(found) < limit:
                    found.append(PatternMatch(match.start(), match.end(), match.group(0), match.expand(template)))
        except TimeoutError as error:
            raise PatternTimedOut() from error
        except (regex.error, IndexError) as error:
            raise ValueError(str(error)) from error
        return found, count


class CmuPronunciations:
    """The CMU Pronouncing Dictionary (134 000 words), read once per process on first use (about a second)."""

    _lock = threading.Lock()

    def phones(self, word: str) -> str | None:
        with self._lock:  # the first call reads the dictionary; no second thread should read it again meanwhile
            found = pronouncing.phones_for_word(word)
        return str(found[0]) if found else None


class PyphenHyphenation:
    """German hyphenation patterns (LibreOffice's, shipped with pyphen)."""

    def __init__(self) -> None:
        self._dictionary = pyphen.Pyphen(lang="de_DE")

    def parts(self, word: str) -> list[str]:
        return [str(part) for part in self._dictionary.inserted(word).split("-") if part]
