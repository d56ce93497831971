"""Syllables per line, a rhyme key per line and a rhyme scheme per section (lyricsStats), for English and German.

English: the CMU Pronouncing Dictionary (through `pronouncing`, infra/songwriting.py) gives a word's phonemes;
its syllables are its vowels, its rhyme key the phonemes from the last stressed vowel on (stress marks dropped:
"night" and "light" both end in `AY T`). A word the dictionary lacks is first tried in its usual spellings
("dreamin'" → "dreaming", "love's" → "love"); failing that its syllables are estimated from its vowel groups and its
rhyme key is its spelling from the last vowel group on (marked `~`), so it rhymes only with words spelled alike.

German: the hyphenation patterns of `pyphen` split a word where syllables meet across vowels ("Feu-er",
"ge-ehrt"), and each part counts one syllable per vowel group — a vowel, or one of the diphthongs and long
spellings ei, ai, ey, ay, au, eu, äu, ie, aa, ee, oo. The rhyme key runs from the stressed vowel to the end:
German stresses the stem, so from the end backwards unstressed endings are passed over — syllables whose vowel
is a lone e (the schwa of Lie-be, Her-zen, ge-hen) and light suffixes (-ig, -lich, -isch, -ung, -chen, -lein,
-nis, -ling, -in) — and foreign words stressed at the end (-ion, -tät, -ie, -ier, -ur, -ent …) keep their
last vowel. The key is then spelled as it sounds: length marks dropped (h after a vowel, doubled vowels, ie),
ä as e, äu and eu alike, ei and ai alike, ck, tz, ph, v, doubled consonants simplified, and the final b, d, g
devoiced (Rad and Rat rhyme). Heavy suffixes keep their own vowel (-keit, -heit, -bar, -los), as songs rhyme
"Zeit" with "Ewigkeit".

A line's scheme letter is shared by the lines of its section with the same key, in order of first appearance
(AABB, ABAB, ABCB); a line without words is "-". The measured accuracy on tests/unit/lyrics_data/ is in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from domain.songwriting.entities import Language
from domain.songwriting.structure import label_of, normalise_newlines, parse


class Pronunciations(Protocol):
    def phones(self, word: str) -> str | None:
        """The CMU phonemes of a lowercase word's first pronunciation ("F AY1 ER0"), None when unknown."""
        ...


class Hyphenation(Protocol):
    def parts(self, word: str) -> list[str]:
        """A German word split at its hyphenation points ("Feuer" → ["Feu", "er"])."""
        ...


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*['’]?|['’][^\W\d_]+")


@dataclass(frozen=True)
class WordSound:
    syllables: int
    rhyme_key: str | None
    known: bool  # from the dictionary; False: estimated


def words_of(line: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(line)]


# --------------------------------------------------------------------------- English


def _rhyming_part(phones: str) -> str:
    parts = phones.split()
    stressed = [i for i, p in enumerate(parts) if p[-1] in "12"]
    vowels = [i for i, p in enumerate(parts) if p[-1].isdigit()]
    start = stressed[-1] if stressed else (vowels[-1] if vowels else 0)
    return " ".join(p.rstrip("012") for p in parts[start:])


def _english_guess(word: str) -> WordSound:
    letters = re.sub(r"[^a-z]", "", word)
    if not letters:
        return WordSound(0, None, False)
    trimmed = letters
    if len(letters) > 3:
        trimmed = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group()[0], letters)
        trimmed = re.sub(r"^y", "", trimmed)
    groups = re.findall(r"[aeiouy]+", trimmed)
    tail = re.search(r"[aeiouy]+[^aeiouy]*$", trimmed)
    return WordSound(max(1, len(groups)), "~" + (tail.group() if tail else letters), False)


def english_word(word: str, dictionary: Pronunciations) -> WordSound:
    lower = word.lower().strip("'")
    candidates = [word.lower(), lower]
    if lower.endswith("in") and word.endswith("'"):
        candidates.append(lower + "g")  # dreamin' → dreaming
    extra = 0
    if lower.endswith("'s"):
        base = lower[:-2]
        candidates.append(base)
        extra = 1 if re.search(r"(?:s|x|z|ch|sh|ce|ge)$", base) else 0
    for n, candidate in enumerate(candidates):
        phones = dictionary.phones(candidate)
        if phones:
            count = sum(p[-1].isdigit() for p in phones.split())
            added = extra if n == len(candidates) - 1 and lower.endswith("'s") else 0
            key = _rhyming_part(phones) + (" Z" if lower.endswith("'s") and n == len(candidates) - 1 else "")
            return WordSound(count + added, key, True)
    if "-" in lower:
        parts = [english_word(p, dictionary) for p in lower.split("-") if p]
        return WordSound(sum(p.syllables for p in parts), parts[-1].rhyme_key, all(p.known for p in parts))
    return _english_guess(lower)


# --------------------------------------------------------------------------- German

_DE_VOWELS = "aeiouyäöü"
_DE_GROUPS = ("äu", "eu", "ei", "ai", "ey", "ay", "au", "ie", "aa", "ee", "oo")
_LIGHT_SUFFIXES = ("ig", "lich", "isch", "ung", "chen", "lein", "nis", "ling", "in")
_INFLECTIONS = ("", "e", "en", "er", "es", "em", "n", "s")
# Endings of (mostly borrowed) words stressed on them, with the inflections that may follow.
_FINAL_STRESS = re.compile(r"(?:ion|tät|ie|ier|ur|eur|ent|ant|enz|anz|ell|ett|ei|ee)(?:en|e|n|s|es)?$")


def _nuclei(part: str) -> list[tuple[int, int]]:
    found, i = [], 0
    while i < len(part):
        if part[i] in _DE_VOWELS:
            pair = part[i : i + 2]
            glide = pair == "io" and part[i + 2 : i + 3] == "n" and i > 0 and part[i - 1] in "tsx"  # Nation
            size = 2 if pair in _DE_GROUPS or glide else 1
            found.append((i, i + size))
            i += size
        else:
            i += 1
    return found


def _german_nuclei(word: str, hyphenation: Hyphenation) -> list[tuple[int, int]]:
    """Vowel groups of the whole (lowercase) word as (start, end), never joined across a hyphenation point (but
    -tion, -sion: the patterns split "ti-on", spoken as one syllable)."""
    parts: list[str] = []
    for part in hyphenation.parts(word) or [word]:
        if parts and part.startswith("on") and re.search(r"[tsx]i$", parts[-1]):
            parts[-1] += part
        else:
            parts.append(part)
    spans, offset = [], 0
    for part in parts:
        spans += [(offset + a, offset + b) for a, b in _nuclei(part)]
        offset += len(part)
    return spans


def _light(word: str, spans: list[tuple[int, int]], n: int) -> bool:
    """Whether vowel group n is the vowel of a light suffix the word ends in (König, Hoffnung, herrliche)."""
    start, before = spans[n][0], spans[n - 1][1]
    for suffix in _LIGHT_SUFFIXES:
        for inflection in _INFLECTIONS:
            ending = suffix + inflection
            if word.endswith(ending) and before <= len(word) - len(ending) <= start:
                return True
    return False


def _stressed(word: str, spans: list[tuple[int, int]]) -> int:
    """Which vowel group carries the rhyme: see the module's docstring."""
    last = len(spans) - 1
    if last == 0:
        return 0
    final = _FINAL_STRESS.search(word)
    if final:
        return next((n for n, (start, _) in enumerate(spans) if start >= final.start()), last)
    n = last
    if word[spans[n][0] : spans[n][1]] == "e":  # the final schwa syllable: Lie-be, Her-zen, Him-mel
        n -= 1
        if n > 0 and re.search(r"e[lr]e[nrsm]?$", word):  # an-de-ren, Wan-de-rer
            n -= 1
    while n > 0 and _light(word, spans, n):
        n -= 1
    return n


_SOUNDS = {"äu": "oi", "eu": "oi", "ei": "ai", "ey": "ai", "ay": "ai", "ie": "i", "ä": "e", "y": "ü", "ß": "s"}
_SOUND = re.compile("|".join(sorted(_SOUNDS, key=len, reverse=True)))


def german_sound_spelling(tail: str) -> str:
    """A German word's ending spelled as it sounds (see the module's docstring)."""
    s = _SOUND.sub(lambda m: _SOUNDS[m.group()], tail)
    s = re.sub(r"(?<=[aeiouöü])h(?![aeiouöü])", "", s)  # the length mark (sehnt), not a spoken h (ge-hen)
    s = re.sub(r"([aeo])\1", r"\1", s)
    for a, b in (("sch", "S"), ("ch", "X"), ("ck", "k"), ("tz", "z"), ("dt", "t"), ("th", "t"), ("ph", "f")):
        s = s.replace(a, b)
    s = s.replace("qu", "kw").replace("v", "f")
    s = re.sub(r"([bdfgklmnprstz])\1", r"\1", s)
    s = re.sub(r"ig$", "iX", s)
    return re.sub(r"[bdg](?=s?t?$)", lambda m: {"b": "p", "d": "t", "g": "k"}[m.group()], s)


def german_word(word: str, hyphenation: Hyphenation) -> WordSound:
    lower = word.lower().strip("'")
    if not lower:
        return WordSound(0, None, False)
    spans = _german_nuclei(lower, hyphenation)
    if not spans:
        return WordSound(1, "~" + lower, False)
    start = spans[_stressed(lower, spans)][0]
    return WordSound(len(spans), german_sound_spelling(lower[start:]), True)


# --------------------------------------------------------------------------- lines and sections


@dataclass(frozen=True)
class LineStats:
    line: int  # 1-based line of the text
    text: str
    section: int | None  # index in lyricsParse's sections; None for labels and blank lines between sections
    is_label: bool
    syllables: int  # 0 for labels and blank lines
    rhyme_key: str | None  # the last word's; None without words
    letter: str | None  # its place in the section's scheme
    estimated: list[str]  # words whose sound was estimated (not in the dictionary)


@dataclass(frozen=True)
class SectionStats:
    index: int
    label: str | None
    scheme: str  # a letter per sung line ("-" for a line without words)
    syllables: list[int]  # per sung line


@dataclass(frozen=True)
class LyricsStats:
    language: Language
    lines: list[LineStats]
    sections: list[SectionStats]


@dataclass(frozen=True)
class Dictionaries:
    english: Pronunciations
    german: Hyphenation

    def word(self, word: str, language: Language) -> WordSound:
        if language is Language.DE:
            return german_word(word, self.german)
        return english_word(word, self.english)


def line_sound(line: str, language: Language, dictionaries: Dictionaries) -> tuple[int, str | None, list[str]]:
    """(syllables, rhyme key of the last word, words estimated) of one sung line."""
    sounds = [(w, dictionaries.word(w, language)) for w in words_of(line)]
    syllables = sum(s.syllables for _, s in sounds)
    key = sounds[-1][1].rhyme_key if sounds else None
    return syllables, key, [w for w, s in sounds if not s.known]


def scheme_letters(keys: list[str | None]) -> list[str]:
    """A letter per line: the same for lines with the same key, in order of first appearance; "-" without one."""
    letters: dict[str, str] = {}
    out = []
    for key in keys:
        if key is None:
            out.append("-")
            continue
        if key not in letters:
            n = len(letters)
            letters[key] = chr(ord("A") + n) if n < 26 else f"A{n - 25}"
        out.append(letters[key])
    return out


def lyrics_stats(text: str, language: Language, dictionaries: Dictionaries) -> LyricsStats:
    """Blocking (dictionary look-ups): callers on the event loop run it in a thread."""
    rows = normalise_newlines(text).split("\n")
    sections = parse(text)
    section_of: dict[int, int] = {}
    for number, section in enumerate(sections):
        for n in range(section.start_line, section.end_line + 1):
            section_of[n] = number
    lines: list[LineStats] = []
    per_section: dict[int, list[tuple[int, str | None]]] = {}
    for n, row in enumerate(rows, start=1):
        is_label = label_of(row) is not None
        index = section_of.get(n)
        if is_label or not row.strip():
            lines.append(LineStats(n, row, index, is_label, 0, None, None, []))
            continue
        syllables, key, estimated = line_sound(row, language, dictionaries)
        lines.append(LineStats(n, row, index, False, syllables, key, None, estimated))
        if index is not None:
            per_section.setdefault(index, []).append((len(lines) - 1, key))
    result_sections = []
    for index, section in enumerate(sections):
        sung = per_section.get(index, [])
        letters = scheme_letters([key for _, key in sung])
        for (at, _), letter in zip(sung, letters, strict=True):
            old = lines[at]
            lines[at] = LineStats(
                old.line, old.text, old.section, False, old.syllables, old.rhyme_key, letter, old.estimated
            )
        result_sections.append(
            SectionStats(index, section.label, "".join(letters), [lines[at].syllables for at, _ in sung])
        )
    return LyricsStats(language, lines, result_sections)
