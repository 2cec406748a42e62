"""Classify Han text by script: which characters prove Simplified, which prove Traditional, which region.

OpenCC has no script detection (its issue #666 asks for it), and running a reverse config over text that
is already in the target script is not a no-op (s2tw turns 台北 into 臺北 and 一出戲 into 一齣戲; older
t2s releases turned 坏 into 坯, OpenCC #1390). So the step decides *per span* whether a conversion is
needed, from evidence characters:

* a **Simplified-only** character (这, 们, 说) is one that OpenCC's s2t rewrites, that no forward config
  ever writes, and that no reverse config rewrites;
* a **Traditional-only** character (這, 們, 說) is the mirror image.

Both sets are generated from OpenCC's own dictionaries by ``scripts/build_script_tables.py`` and stored
in ``data/script_chars.json``. Their construction gives two properties the step relies on: a reverse
config never alters a Simplified-only character (so converting a mixed clause cannot damage its
Simplified part), and no config ever *writes* an evidence character of the script it converts from (so
a second pass finds nothing left to convert: idempotence).

Characters that are neither (的, 是, 台, 著, 里) are **ambiguous**: a span made only of them takes its
decision from the document around it.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import sys
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import compress, repeat
from typing import Final, Literal

import regex

Verdict = Literal["hans", "hant", "mixed", "ambiguous", "non-chinese", "japanese", "korean"]
"""What a span or a document is. ``mixed`` means both Simplified-only and Traditional-only characters."""

Region = Literal["tw", "hk"]

HAN = regex.compile(r"\p{Han}")
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
"""Kana by script property: U+30FB (・, used in Chinese for foreign names) and U+30FC are Common, not
Katakana, so they are not counted as evidence of Japanese."""
HANGUL = regex.compile(r"\p{Hangul}")
FOREIGN_CHARACTERS = "[\\p{Hiragana}\\p{Katakana}\\p{Hangul}]"
"""Kana or Hangul: a span holding either is never converted (its Han characters are kanji or hanja)."""

FOREIGN_SHARE = 0.05
"""Kana (or Hangul) at 5% or more of the kana + Han characters makes a document Japanese (Korean).

Modern Japanese prose runs at roughly half kana, and even kanji-dense headlines stay well above a tenth;
Chinese text borrows kana a few times per document at most (の for 的, a Japanese title). The threshold
sits between the two; a Chinese document under it still never converts the sentences holding kana."""

SENTENCE = re.compile(r"[^。！？!?；;…\n]*(?:[。！？!?；;…]+[”’」』）)]*|\n|$)")
"""A sentence: up to and including its end punctuation and any closing quotes or brackets after it."""

CLAUSE = re.compile(r"[^，,、：:。！？!?；;…\n]*(?:[，,、：:。！？!?；;…]+[”’」』）)]*|\n|$)")
"""A clause: like a sentence, but commas, enumeration commas and colons end it too."""

LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction to a config's output (``[[correction]]`` in ``data/overrides.toml``).

    Either ``pattern`` (over the text before conversion, its match replaced by ``replacement`` of the
    same length) or ``written`` (a literal the config writes, replaced in its output).
    """

    id: str
    configs: frozenset[str]
    pattern: re.Pattern[str] | None
    anchor: str | None
    """The pattern's first character, which every match starts with."""
    written: str | None
    replacement: str


CORRECTION_KEYS = frozenset(
    {"id", "configs", "pattern", "written", "replacement", "reason", "convert", "keep", "target"}
)


def _corrections(entries: list[dict[str, object]]) -> tuple[Correction, ...]:
    """Validate and compile the corrections; a malformed entry is a ValueError naming it."""
    corrections = []
    for entry in entries:
        name = entry.get("id")
        unknown = set(entry) - CORRECTION_KEYS
        if unknown:
            raise ValueError(f"correction {name}: unknown keys {sorted(unknown)}")
        pattern, written = entry.get("pattern"), entry.get("written")
        replacement = entry.get("replacement")
        if (pattern is None) == (written is None):
            raise ValueError(f"correction {name}: give exactly one of pattern or written")
        if not isinstance(replacement, str):
            raise ValueError(f"correction {name}: give the replacement")
        configs = entry["configs"]
        if not isinstance(configs, list):
            raise ValueError(f"correction {name}: configs must be a list")
        compiled = None if pattern is None else re.compile(str(pattern))
        anchor = None if pattern is None else str(pattern)[:1]
        if anchor is not None and (not anchor or re.escape(anchor) != anchor or not anchor.isalpha()):
            raise ValueError(f"correction {name}: the pattern must start with the character it corrects")
        corrections.append(
            Correction(
                id=str(name),
                configs=frozenset(str(config) for config in configs),
                pattern=compiled,
                anchor=anchor,
                written=None if written is None else str(written),
                replacement=replacement,
            )
        )
    return tuple(corrections)


@dataclass(frozen=True, slots=True)
class ScriptTables:
    """The evidence sets and the compatibility map, compiled for matching."""

    simplified_only: CharacterSet
    simplified_only_in_traditional_characters: frozenset[str]
    """Simplified-only minus the characters Taiwan's orthography also writes (``overrides.toml``):
    the evidence used inside a mostly Traditional document, for the Traditional targets only
    (compiled on first use: :func:`simplified_only_in_traditional`)."""
    traditional_only: CharacterSet
    traditional_only_characters: frozenset[str]
    traditional_leaning: CharacterSet
    """Not evidence alone (於, 乾, 著: Simplified keeps them in names and set phrases), but in a mixed
    document an ambiguous clause holding one is taken as Traditional (``build_script_tables.py``)."""
    regional: CharacterSet
    """Taiwan and Hong Kong markers together: one scan finds both."""
    taiwan_characters: frozenset[str]
    hongkong_characters: frozenset[str]
    tofu_risk_characters: frozenset[str]
    """Keys of the dictionary the reverse configs mark ``may_output_tofu`` (TSCharactersExt): text
    without them can be converted without it (:func:`corpus.script.engine.lean_converter`)."""
    taiwan_against: frozenset[str]
    """Standard forms that Taiwan's table replaces (着, 裏, 爲): their presence argues against Taiwan."""
    hongkong_against: frozenset[str]
    taiwan_weight: dict[str, int]
    """Per regional character: +1 for a Taiwan marker, -1 for a standard form Taiwan replaces."""
    hongkong_weight: dict[str, int]
    compatibility: CharacterSet
    compatibility_map: dict[int, str]
    foreign: CharacterSet
    to_simplified_trigger: CharacterSet
    """Traditional-only, kana/Hangul or compatibility ideographs: without any, a document needs no work
    for the Simplified target. One scan instead of three (``scripts/bench_convert.py``)."""
    to_simplified_blocker: CharacterSet
    """Simplified-only, kana/Hangul or compatibility ideographs: without any, a document that needs work
    for the Simplified target is converted whole, in one call."""
    to_simplified_blocker_characters: frozenset[str]
    to_simplified_screen_characters: frozenset[str]
    """The blocker's characters and the regional markers together: the screen's findall
    (:func:`corpus.script.convert.whole_screen`) tells whether a document is Traditional only and,
    if so, its region (:func:`region_of`)."""
    to_traditional_trigger: CharacterSet
    to_traditional_blocker: CharacterSet
    corrections: tuple[Correction, ...]
    tw2s_particle: RegionalParticle
    reverse_changes: dict[str, str]
    """Per reverse config, the characters other than Traditional-only ones that it can change."""
    special_characters: frozenset[str]
    """Kana, Hangul and compatibility ideographs: the characters no whole-text shortcut handles."""
    regional_characters: frozenset[str]
    reverse_differ_characters: dict[str, str]
    """``reverse_differs`` as plain strings."""
    reverse_differs: dict[str, CharacterSet]
    """For tw2s and hk2s: the characters on which their output differs from t2s (著 for tw2s, 衞 for
    hk2s); text without them is converted with the faster t2s, with the same result."""
    source: str


@dataclass(frozen=True, slots=True)
class RegionalParticle:
    """tw2s's one frequent difference from t2s, made cheap: it writes ``written`` (着) for ``character``
    (著) unless the character sits in one of a few phrases (``tw2s_particle`` in ``script_chars.json``,
    from ``scripts/build_script_tables.py``). ``needs_config`` finds what only tw2s itself can convert:
    the other characters where tw2s and t2s differ, and 著 beside a neighbour it has in those phrases."""

    character: str
    written: str
    needs_config: re.Pattern[str]
    others: frozenset[str]
    """The other characters where tw2s and t2s differ."""
    neighbours: frozenset[str]
    """The characters that, beside the particle, may put it in a phrase."""


def _regional_particle(particle: dict[str, str], differs: str) -> RegionalParticle:
    character = particle["character"]
    others = _class_pattern(sorted(c for c in differs if c != character))
    before, after = _class_pattern(sorted(particle["before"])), _class_pattern(sorted(particle["after"]))
    if others is None or before is None or after is None:
        raise ValueError("tw2s_particle: empty neighbour sets; rebuild the script tables")
    # Every match starts with one character of a plain class, so ``re`` skips ahead at bitmap speed;
    # the conditions on the neighbours are lookarounds tried only there.
    first = _class_pattern(sorted({*differs}))
    if first is None:
        raise ValueError("tw2s_particle: no differing characters; rebuild the script tables")
    escaped = re.escape(character)
    return RegionalParticle(
        character=character,
        written=particle["written"],
        needs_config=re.compile(
            f"{first.pattern}(?:(?<={others.pattern})|(?<={before.pattern}{escaped})|(?={after.pattern}))"
        ),
        others=frozenset(differs) - {character},
        neighbours=frozenset(particle["before"] + particle["after"]),
    )


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether ``text`` holds a character beyond U+FFFF (Extension B and later, some kana).

    Told by the length of its UTF-16 form, which only those characters make longer than two bytes
    each: encoding a page takes a third of the time of scanning it with :data:`ASTRAL` (1.0 against
    3.0 us for a 940-character page of ``scripts/bench_convert.py``'s mixed documents).

    >>> has_astral("漢字"), has_astral("𠀀字")
    (False, True)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


_SIZES_TELL_WIDTH: Final = sys.implementation.name == "cpython"
"""Only CPython's string sizes follow PEP 393 (PyPy's ``sys.getsizeof`` raises)."""
_SMALLEST_HEADER: Final = sys.getsizeof("") - 1 if _SIZES_TELL_WIDTH else 0
"""Bytes of the smallest ``str`` object before its characters (CPython's ASCII header)."""


def bmp_only(text: str) -> bool:
    """True when ``text`` certainly holds no character beyond U+FFFF, told in constant time.

    CPython stores a string with one, two or four bytes per code point, four only when one of them
    lies beyond U+FFFF (PEP 393), and ``sys.getsizeof`` reports that storage: a string smaller than
    the smallest header plus four bytes per code point (and its terminator) cannot be stored four
    bytes wide. A scan for a :class:`CharacterSet` with astral members may then skip the astral
    range, which every character not in the set is otherwise tested against: a quarter of the scan
    (3.9 against 5.2 ns per character of ``scripts/bench_convert.py``'s mixed documents). When
    unsure (a short non-ASCII string, whose larger header outweighs the width: up to 7 Latin-1
    characters or 11 two-byte ones; one carrying a cached UTF-8 copy; a ``str`` subclass; a Python
    other than CPython) the answer is False and the caller scans as before, so the answer is never
    wrong.

    >>> bmp_only("漢字" * 20), bmp_only("𠀀字" * 20)
    (True, False)
    """
    return (
        _SIZES_TELL_WIDTH
        and type(text) is str
        and sys.getsizeof(text) < _SMALLEST_HEADER + 4 * (len(text) + 1)
    )


_NO_MATCH: Final = re.compile("(?!)")


@dataclass(frozen=True, slots=True)
class CharacterSet:
    """A set of characters to find or count in text, fast whatever the set holds.

    Python's ``re`` compiles a class of Basic Multilingual Plane characters into a bitmap, but a class
    with even one character beyond U+FFFF into a list it tries item by item: a class of the 1,141
    Extension B characters of the Simplified-only set scans at about 0.6 M characters per second, 400
    times slower than the same set without them (measured with scripts/bench_convert.py's corpus). So
    the two halves are kept apart: ``first`` finds a character of the BMP half *or any* astral
    character in one bitmap-speed scan, and only an astral hit is checked against the astral half.
    """

    bmp: re.Pattern[str] | None
    astral: re.Pattern[str] | None
    first: re.Pattern[str]

    @classmethod
    def of(cls, characters: Iterable[str]) -> CharacterSet:
        # Code points, not one-character strings: integers sort and compare faster, and the sets
        # run to 15,000 characters (the screens), built at every start of the tool.
        codes = sorted(set(map(ord, characters)))
        if not codes:
            raise ValueError("an empty character set would match nothing; rebuild the script tables")
        split = bisect_right(codes, 0xFFFF)
        bmp_pattern, astral_pattern = _code_class(codes[:split]), _code_class(codes[split:])
        if bmp_pattern is None:
            first = ASTRAL
        elif astral_pattern is None:
            first = bmp_pattern
        else:
            # One class, not an alternation: re scans a class at bitmap speed, an alternation
            # position by position (four times slower on a page of text).
            first = re.compile(f"[{bmp_pattern.pattern[1:-1]}{ASTRAL.pattern[1:-1]}]")
        return cls(bmp_pattern, astral_pattern, first)

    def search(self, text: str, start: int = 0, end: int = sys.maxsize) -> re.Match[str] | None:
        """The first character of the set in ``text[start:end]``."""
        astral = self.astral
        if astral is None:
            return self.first.search(text, start, end)
        if bmp_only(text):
            return (self.bmp or _NO_MATCH).search(text, start, end)
        match = self.first.search(text, start, end)
        # A hit beyond U+FFFF may be an astral character outside the set: look on after it.
        while match is not None and match.group() > "\uffff" and astral.match(match.group()) is None:
            match = self.first.search(text, match.end(), end)
        return match

    def found(self, text: str, start: int = 0, end: int = sys.maxsize) -> bool:
        """Whether ``text[start:end]`` holds a character of the set; the step asks this a dozen times
        per document, mostly of sets without astral members, so those take one C call."""
        if self.astral is None:
            return self.first.search(text, start, end) is not None
        return self.search(text, start, end) is not None

    def findall(self, text: str) -> list[str]:
        """Every character of the set in ``text`` (the astral ones after the others)."""
        if self.astral is None or bmp_only(text):
            return self.bmp.findall(text) if self.bmp is not None else []
        # One scan finds the BMP members and any astral character; astral ones are rare in text,
        # and only they are checked against the astral half.
        found = self.first.findall(text)
        if max(found, default="") > "\uffff":  # any astral character, compared in C
            bmp = [c for c in found if ord(c) <= 0xFFFF]
            return bmp + [c for c in found if ord(c) > 0xFFFF and self.astral.match(c)]
        return found

    def count(self, text: str, start: int = 0, end: int = sys.maxsize) -> int:
        total = len(self.bmp.findall(text, start, end)) if self.bmp is not None else 0
        if (
            self.astral is not None
            and not bmp_only(text)
            and has_astral(text if start == 0 else text[start:end])
        ):
            total += len(self.astral.findall(text, start, end))
        return total

    def finditer(self, text: str, start: int = 0, end: int = sys.maxsize) -> list[re.Match[str]]:
        """Matches in text order, from one scan (astral characters outside the set dropped)."""
        if self.astral is None or bmp_only(text):
            return list((self.bmp or _NO_MATCH).finditer(text, start, end))
        matches = list(self.first.finditer(text, start, end))
        if not matches:
            return matches
        if max(map(re.Match.group, matches)) <= "\uffff":
            return matches
        astral = self.astral
        return [m for m in matches if ord(m.group()) <= 0xFFFF or astral.match(m.group())]


def _class_pattern(characters: list[str]) -> re.Pattern[str] | None:
    """A character class of ranges (runs of consecutive code points), or None for no characters."""
    return _code_class(sorted(set(map(ord, characters))))


def _code_class(codes: list[int]) -> re.Pattern[str] | None:
    """:func:`_class_pattern` of code points given sorted and distinct.

    The runs end where the next code point is not one more, found in C (``map`` over
    ``operator.sub``) rather than by a loop over every character, and only ASCII characters are
    escaped (:func:`re.escape` changes no other); the pattern is the one a loop over the characters,
    escaping each run's ends, writes (``tests/script/test_spans.py``)."""
    if not codes:
        return None
    last = len(codes) - 1
    ends = [*compress(range(last), map((1).__ne__, map(operator.sub, codes[1:], codes))), last]
    parts: list[str] = []
    start = 0
    for end in ends:
        first, final = codes[start], codes[end]
        parts.append(_escaped(first) if first == final else f"{_escaped(first)}-{_escaped(final)}")
        start = end + 1
    return re.compile("[" + "".join(parts) + "]")


def _escaped(code: int) -> str:
    return re.escape(chr(code)) if code < 0x80 else chr(code)


def _script_characters(pattern: str, blocks: tuple[tuple[int, int], ...]) -> list[str]:
    """Every code point of ``blocks`` that ``pattern`` (a class of single characters, by Unicode
    property) matches: one ``findall`` over each block's characters in a row, rather than a match
    call per code point (14,000 of them)."""
    compiled = regex.compile(pattern)
    return [
        character
        for first, last in blocks
        for character in compiled.findall("".join(map(chr, range(first, last + 1))))
    ]


KANA_HANGUL_BLOCKS = (
    (0x1100, 0x11FF),
    (0x3000, 0x33FF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xFF00, 0xFFEF),
    (0x1AFF0, 0x1B2FF),
    (0x1F200, 0x1F2FF),
)
"""The blocks where Unicode puts every Hiragana, Katakana and Hangul character (Scripts.txt)."""


@functools.cache
def tables() -> ScriptTables:
    """Load ``data/script_chars.json`` and ``data/overrides.toml`` once per process."""
    folder = resources.files("corpus.script").joinpath("data")
    data = json.loads(folder.joinpath("script_chars.json").read_text(encoding="utf-8"))
    overrides = tomllib.loads(folder.joinpath("overrides.toml").read_text(encoding="utf-8"))
    traditional_usage = {entry["character"] for entry in overrides["traditional_usage"]}
    compatibility: dict[str, str] = data["compatibility"]
    simplified_only: str = data["simplified_only"]
    traditional_only: str = data["traditional_only"]
    foreign = _script_characters(FOREIGN_CHARACTERS, KANA_HANGUL_BLOCKS)
    special = [*foreign, *compatibility]
    regional_characters = (
        data["taiwan"] + data["hongkong"] + data["taiwan_against"] + data["hongkong_against"]
    )
    # The trigger of one direction is the blocker of the other: each set is built once.
    traditional_or_special = CharacterSet.of([*traditional_only, *special])
    simplified_or_special = CharacterSet.of([*simplified_only, *special])
    return ScriptTables(
        simplified_only=CharacterSet.of(simplified_only),
        simplified_only_in_traditional_characters=frozenset(simplified_only) - traditional_usage,
        traditional_only=CharacterSet.of(traditional_only),
        traditional_only_characters=frozenset(traditional_only),
        traditional_leaning=CharacterSet.of(data["traditional_leaning"]),
        regional=CharacterSet.of(regional_characters),
        taiwan_characters=frozenset(data["taiwan"]),
        hongkong_characters=frozenset(data["hongkong"]),
        tofu_risk_characters=frozenset(data["tofu_risk"]),
        taiwan_against=frozenset(data["taiwan_against"]),
        hongkong_against=frozenset(data["hongkong_against"]),
        taiwan_weight=_weights(data["taiwan"], data["taiwan_against"]),
        hongkong_weight=_weights(data["hongkong"], data["hongkong_against"]),
        compatibility=CharacterSet.of(compatibility),
        compatibility_map={ord(key): value for key, value in compatibility.items()},
        foreign=CharacterSet.of(foreign),
        to_simplified_trigger=traditional_or_special,
        to_simplified_blocker=simplified_or_special,
        to_simplified_blocker_characters=frozenset([*simplified_only, *special]),
        to_simplified_screen_characters=frozenset([*simplified_only, *special, *regional_characters]),
        to_traditional_trigger=simplified_or_special,
        to_traditional_blocker=traditional_or_special,
        corrections=_corrections(overrides["correction"]),
        reverse_changes=dict(data["reverse_changes"]),
        special_characters=frozenset(special),
        regional_characters=frozenset(regional_characters),
        reverse_differ_characters=dict(data["reverse_differs"]),
        tw2s_particle=_regional_particle(data["tw2s_particle"], data["reverse_differs"]["tw2s"]),
        reverse_differs={name: CharacterSet.of(chars) for name, chars in data["reverse_differs"].items()},
        source=data["source"],
    )


@functools.cache
def simplified_only_in_traditional() -> CharacterSet:
    """:attr:`ScriptTables.simplified_only_in_traditional_characters` compiled, once per process
    and only when a Traditional target asks: the Simplified target never does, and the set's three
    patterns cost some 7 ms to compile (the sets of :func:`tables` were 60 ms in all)."""
    return CharacterSet.of(tables().simplified_only_in_traditional_characters)


def _weights(markers: str, against: str) -> dict[str, int]:
    return {c: (c in markers) - (c in against) for c in set(markers) | set(against)}


def foreign_verdict(text: str) -> Literal["japanese", "korean"] | None:
    """``japanese``/``korean`` when kana/Hangul reach :data:`FOREIGN_SHARE` of the script letters.

    The Han characters are counted a block at a time, and only until there are too many for either
    share to be reached: a Chinese page with one stray kana is settled by its first block, where
    counting all of a 100,000-character page cost 15 ms (``findall`` builds a string per match).
    Each share only falls as the count grows, so the verdict is the one of the full count.
    """
    kana = len(KANA.findall(text))
    hangul = len(HANGUL.findall(text))
    if not kana and not hangul:
        return None

    def japanese(han: int) -> bool:
        return bool(kana) and kana >= FOREIGN_SHARE * (kana + han)

    def korean(han: int) -> bool:
        return bool(hangul) and hangul >= FOREIGN_SHARE * (hangul + han)

    han = 0
    for start in range(0, len(text), _HAN_BLOCK):
        han += len(HAN.findall(text, start, start + _HAN_BLOCK))
        if not japanese(han) and not korean(han):
            return None
    if japanese(han):
        return "japanese"
    if korean(han):
        return "korean"
    return None


_HAN_BLOCK = 2048


MIXED_SHARE = 0.05
"""The minority script must reach 5% of the evidence characters for a document to be called ``mixed``
in the report; one stray character (a slip of an earlier converter) leaves it ``hans`` or ``hant``.
Only the reported verdict depends on this: the conversion itself is decided span by span."""


def document_verdict(simplified: int, traditional: int) -> Verdict:
    if not simplified and not traditional:
        return "ambiguous"
    if min(simplified, traditional) >= MIXED_SHARE * (simplified + traditional):
        return "mixed"
    return "hans" if simplified > traditional else "hant"


def infer_region(traditional_text: str) -> Region | None:
    """The region of Traditional text by its variant characters: Taiwan (裡, 著, 床), Hong Kong
    (説, 户, 衞), or ``None`` when neither outweighs the other.

    Each region scores its markers minus the standard forms its table would have replaced: OpenCC's
    standard Traditional (what s2t writes) has 著 in 著名 but 着 for the particle, so it scores low
    for Taiwan, and tw2s, which turns 見微知著 into 见微知着, is kept away from it. Call this on the
    Traditional spans only: several markers (床, 户, 温) are also ordinary Simplified.

    >>> infer_region("我在這裡看著你")
    'tw'
    >>> infer_region("他看着這本著名的書") is None
    True
    """
    return region_of(tables().regional.findall(traditional_text))


def region_of(characters: Iterable[str]) -> Region | None:
    """The region that the characters found in Traditional text point to (see :func:`infer_region`);
    characters that are not regional markers are ignored."""
    table = tables()
    found = characters if isinstance(characters, list) else list(characters)
    # map() over dict.get keeps the per-character work in C: a Taiwan page holds dozens of 著.
    taiwan = sum(map(table.taiwan_weight.get, found, repeat(0)))
    hongkong = sum(map(table.hongkong_weight.get, found, repeat(0)))
    if taiwan > 0 and taiwan > hongkong:
        return "tw"
    if hongkong > 0 and hongkong > taiwan:
        return "hk"
    return None


def pieces(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-empty line/sentence/clause within ``text[start:end]``."""
    for match in pattern.finditer(text, start, end):
        if match.end() > match.start():
            yield match.start(), match.end()
