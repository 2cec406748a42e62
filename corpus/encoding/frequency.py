"""Per-character weights that say how much a decoded character looks like real Chinese text.

A wrong decode of Chinese bytes is not random noise: GB18030 reads almost any byte pair as *some*
character, so a Big5 file read as GB18030 decodes "successfully" into characters real text rarely uses.
Summing log-frequencies over the decode therefore ranks decodes, even at 16 bytes (8 characters).

The weight of a character is ``log10(frequency) + OFFSET``, taken from the lists that
``scripts/build_charfreq.py`` builds (one Simplified, one Traditional; a character gets the better of its
two weights, so Traditional text stored in GBK scores as well as Simplified text does). Characters missing
from the lists get a fixed weight by Unicode class (:func:`class_weight`), so that misdecodes into the
private use area, Hangul, kana, C1 controls or U+FFFD cost more than a merely rare Han character.

>>> weights = load_weights()
>>> weights.simplified["的"] > weights.simplified["鍙"]
True
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from importlib import resources
from itertools import repeat

OFFSET = 5.0
"""Added to ``log10(p)`` so that a character of median rank (p about 1e-5, rank ~2500) weighs 0:
the most frequent (的, p ~ 0.04) weigh about +3.6, and real prose averages about +2 per character."""

FLOOR = -1.0
"""Lowest weight for a listed character; the rarest listed ones would otherwise fall below unlisted Han."""

RARE_HAN = -2.0
"""A Han character in neither list: real text has a few, wrong decodes are made of them."""

REPLACEMENT = -6.0
"""U+FFFD: a byte sequence the codec could not decode. Costs three rare Han characters, so that one
stray byte in a long UTF-8 file does not hand the file to GB18030, but a decode full of them loses."""

GARBAGE = -5.0
"""Private use, surrogates, unassigned code points and C0/C1 controls: never in real text."""

FOREIGN_SCRIPT = -3.0
"""Hangul syllables and kana. A GB decode of Korean or Japanese bytes lands in these rows; genuine
Chinese text almost never contains them."""

CJK_PUNCTUATION = 1.0
"""Full-width punctuation not in the lists (「」 are rare in the mainland corpus but common in Taiwan)."""

OTHER_SYMBOL = -1.5
"""Latin-1 letters, Greek, Cyrillic, box drawing: the GB rows A6-A9 that a Big5 file decodes into."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of listed characters, one table per script."""

    simplified: dict[str, float]
    traditional: dict[str, float]


def _read_list(name: str) -> dict[str, float]:
    text = resources.files("corpus.encoding").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        if line.startswith("# total\t"):
            total = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            char, count = line.split("\t")
            counts[char] = int(count)
    if total <= 0 or not counts:
        raise ValueError(f"frequency list {name} has no total or no entries")
    return {char: max(FLOOR, math.log10(count / total) + OFFSET) for char, count in counts.items()}


@functools.cache
def load_weights() -> Weights:
    """Load both lists once per process; the tables are never mutated afterwards."""
    return Weights(_read_list("charfreq-hans.tsv"), _read_list("charfreq-hant.tsv"))


@functools.cache
def bmp_weights() -> tuple[float, ...]:
    """The weight of every BMP code point, indexed by ``ord``: the better of the two lists, else the
    class weight. Scoring then runs as ``sum(map(table.__getitem__, map(ord, text)))``, all in C, about
    ten times faster than counting characters in Python (built once per process, about 15 ms)."""
    weights = load_weights()
    table = _bmp_class_weights()
    simplified, traditional = weights.simplified, weights.traditional
    listed = [char for char in set(simplified) | set(traditional) if char <= "\uffff"]
    best = map(max, map(simplified.get, listed, repeat(FLOOR)), map(traditional.get, listed, repeat(FLOOR)))
    for code, weight in zip(map(ord, listed), best, strict=True):
        table[code] = weight
    return tuple(table)


_FOREIGN_SCRIPT_RANGES = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0x3040, 0x30FF))
_GARBAGE_CATEGORIES = ("Co", "Cs", "Cn", "Cc")
_CJK_PUNCTUATION_RANGES = ((0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2010, 0x2027))
"""The ranges and classes :func:`_class_weight` tests, as :func:`_bmp_class_weights` writes them."""


def _bmp_class_weights() -> list[float]:
    """:func:`_class_weight` of every BMP code point (surrogates: :data:`GARBAGE`), built a block
    at a time rather than by a call per code point: one ``unicodedata.category`` each, in C, gives
    the weight by class alone, and the ranges that :func:`_class_weight` tests first are then
    written over it, the later rules first: :func:`bmp_weights` took 21 ms, now 14 (min of 5
    runs), paid at every start of the tool.
    ``tests/encoding/test_score.py`` checks the table against :func:`_class_weight` itself.
    """
    categories = list(map(unicodedata.category, map(chr, range(0x10000))))
    garbage = dict.fromkeys(_GARBAGE_CATEGORIES, GARBAGE)
    table = list(map({**garbage, "Zs": 0.0}.get, categories, repeat(OTHER_SYMBOL)))
    for first, last in _CJK_PUNCTUATION_RANGES:
        table[first : last + 1] = map(garbage.get, categories[first : last + 1], repeat(CJK_PUNCTUATION))
    # Rare Han only where the class is Lo; elsewhere in the range the class weight stands.
    han = slice(0x3400, 0xA000)
    table[han] = map({"Lo": RARE_HAN}.get, categories[han], table[han])
    for first, last in _FOREIGN_SCRIPT_RANGES:
        table[first : last + 1] = repeat(FOREIGN_SCRIPT, last + 1 - first)
    table[0xFFFD] = _class_weight("\ufffd")
    table[:0x80] = map(_class_weight, map(chr, range(0x80)))
    table[0xD800:0xE000] = repeat(GARBAGE, 0x800)
    return table


def char_weight(char: str) -> float:
    """The weight of one character (any plane), as :func:`bmp_weights` gives it for the BMP."""
    code = ord(char)
    if code < 0x10000:
        return bmp_weights()[code]
    weights = load_weights()
    listed = max(weights.simplified.get(char, -99.0), weights.traditional.get(char, -99.0))
    return listed if listed > -99.0 else class_weight(char)


def _class_weight(char: str) -> float:
    """Weight of a character that is in neither list, by its Unicode class."""
    code = ord(char)
    if code < 0x80:
        return 0.0 if (code >= 0x20 and code != 0x7F) or char in "\t\n\r\f\v\x1b\x1a" else GARBAGE
    if char == "\ufffd":
        return 0.0  # charged per run of U+FFFD by corpus.encoding.score, not per character
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return FOREIGN_SCRIPT
    if 0x3040 <= code <= 0x30FF:
        return FOREIGN_SCRIPT
    category = unicodedata.category(char)
    if category in ("Co", "Cs", "Cn", "Cc"):
        return GARBAGE
    if category == "Lo" and ("\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f"):
        return RARE_HAN
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027:
        return CJK_PUNCTUATION
    if category == "Zs":
        return 0.0
    return OTHER_SYMBOL


class_weight = functools.lru_cache(maxsize=4096)(_class_weight)
""":func:`_class_weight`, cached: for characters outside the BMP (the BMP ones are in :func:`bmp_weights`)."""
