"""Split a document into lines with offsets, and compute what the classifier looks at for each line.

The *core* of a line is what rules match against: the line without surrounding whitespace (including
U+3000, NBSP and zero-width characters), without a leading Markdown heading or quote marker, and without
emphasis wrappers (``**编辑：**`` has the core ``编辑：``). Rules therefore never need to spell out
Markdown decoration, and a line whose core is empty but which is not blank is layout residue (``****``,
an empty ``#`` heading).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, repeat
from typing import NamedTuple

import regex

_EDGE_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_EDGE_SPACE_CHARS = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200E))
    + "\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
_OUTER = regex.compile(rf"^[{_EDGE_SPACE}]+|[{_EDGE_SPACE}]+$")
_MARKDOWN_PREFIX = regex.compile(rf"^(?:#{{1,6}}|>)(?:[{_EDGE_SPACE}]+|$)")
_EMPHASIS = regex.compile(rf"^(?:[*_~]{{1,3}}[{_EDGE_SPACE}]*)+|(?:[{_EDGE_SPACE}]*[*_~]{{1,3}})+$")
_DECORATION = frozenset(_EDGE_SPACE_CHARS + "#>*_~")
_SPACES = frozenset(_EDGE_SPACE_CHARS)
_EMPHASIS_MARKS = frozenset("*_~")
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF6),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
)
"""The code points of ``\\p{Han}`` in the `regex` module (2026.11.19), as inclusive ranges: every
extension block, the radicals, 々 〇 and the Hangzhou numerals among them. Counting a line's Han
characters is the commonest pattern call of the step, and the stdlib engine, which has no script
properties, does it about a quarter faster with this class. ``tests/boilerplate/test_lines.py``
checks the table against ``\\p{Han}`` over every code point, so a `regex` release with a newer
Unicode fails there (the test prints the new table) instead of counting differently from the rest
of the step."""

_HAN_RUN = re.compile(
    "["
    + "".join(f"{chr(first)}-{chr(last)}" if last > first else chr(first) for first, last in HAN_RANGES)
    + "]+"
)
_MIDDLE = (0x4000, 0x9FFF)
"""The code points whose UTF-8 lead byte is E4 to E9 (:func:`_han_counts`)."""


def _odd_han_class() -> str:
    """A character class of the BMP code points that make a UTF-8 lead byte count wrong: Han
    outside :data:`_MIDDLE` and non-Han inside it (worked out from :data:`HAN_RANGES`)."""
    first, last = _MIDDLE
    odd: list[tuple[int, int]] = []
    for start, end in HAN_RANGES:
        if start > 0xFFFF:
            continue  # beyond the BMP: found by its lead byte
        end = min(end, 0xFFFF)
        if start < first:
            odd.append((start, min(end, first - 1)))
        if end > last:
            odd.append((max(start, last + 1), end))
    cursor = first
    for start, end in HAN_RANGES:
        if end < first or start > last:
            continue
        if start > cursor:
            odd.append((cursor, start - 1))
        cursor = max(cursor, end + 1)
    if cursor <= last:
        odd.append((cursor, last))
    return "[" + "".join(f"{chr(a)}-{chr(b)}" if b > a else chr(a) for a, b in sorted(odd)) + "]"


_ODD_HAN = re.compile(_odd_han_class())
_BEYOND_BMP_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
"""UTF-8 lead bytes of the code points beyond the BMP (each looked for with ``in``, which is
several times faster than a search for the byte class)."""
_NOT_MIDDLE_HAN_LEADS = bytes(byte for byte in range(256) if byte != 0x0A and not 0xE4 <= byte <= 0xE9)
"""Every byte but the newline and the UTF-8 lead bytes of :data:`_MIDDLE` (E4 to E9)."""
_INNER_EMPHASIS = regex.compile(r"\*{2,}|_{2,}")
_HAN = regex.compile(r"\p{Han}")
_PROSE_STOP = regex.compile(r"[。；]|\.\s")
_SENTENCE_INSIDE = regex.compile(r"。|[！？；](?=.)|[!?;](?=\s+\S)|，[^，\n]{0,80}[，。]")
_SENTENCE_MARK = re.compile("[！？；!?;，]")
"""The marks that begin the alternatives of :data:`_SENTENCE_INSIDE` other than 。."""

PROSE_MIN_HAN = 20
"""A body paragraph has at least this many Han characters. On the development set every kept
paragraph that anchors the body has 25 or more; 20 leaves room for short Traditional paragraphs."""

PROSE_LONG_HAN = 35
"""Without a full stop, a line needs this many Han characters (and a comma) to count as a paragraph;
the longest headline in the development set has 33."""

RULE_MAX_CHARS = 400
"""Line rules are not tried on longer lines: the longest boilerplate line in the development set (a
reprint disclaimer) has about 130 characters, and skipping long paragraphs keeps the step fast."""


class Line(NamedTuple):
    """One line of a document: its span (``end`` includes the newline, if any) and derived features.

    A named tuple rather than a frozen dataclass, the house default for records: a document has one
    per line, and a tuple is built in half the time (the 97,000 lines of the 20 MB bench corpus:
    0.04 s against 0.09 s, about 5% of the step's time there).
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index(), which nothing here calls
    start: int
    end: int
    text: str
    core: str
    han: int

    @property
    def blank(self) -> bool:
        return not self.text.strip(_EDGE_SPACE_CHARS)

    @property
    def residue(self) -> bool:
        """Not blank, but nothing left once whitespace and Markdown decoration are removed."""
        return not self.core and not self.blank


def core_of(text: str) -> str:
    """The part of a line that rules match: no outer space, Markdown prefix or emphasis wrapper.

    >>> core_of("  **编辑：** ")
    '编辑：'
    >>> core_of("## 回顾")
    '回顾'
    """
    if (
        text
        and text[0] not in _DECORATION
        and text[-1] not in _DECORATION
        and "**" not in text
        and "__" not in text
    ):
        return text
    # Each pattern is run only when the edge character it needs is there: _OUTER needs a space at
    # either end (``$`` also matches before a final newline, itself a space), _MARKDOWN_PREFIX a
    # leading # or >, _EMPHASIS a leading or trailing * _ ~ (or a final newline). A pattern that
    # cannot match leaves the line as it is, so skipping it changes nothing; the loop's last,
    # confirming round then costs a few character tests instead of three substitutions.
    core = _OUTER.sub("", text) if text and (text[0] in _SPACES or text[-1] in _SPACES) else text
    if not core:
        return ""
    previous = None
    while previous != core:
        previous = core
        if core[0] in "#>":
            core = _MARKDOWN_PREFIX.sub("", core)
        if core and (core[0] in _EMPHASIS_MARKS or core[-1] in _EMPHASIS_MARKS or core[-1] == "\n"):
            core = _EMPHASIS.sub("", core)
        if core and (core[0] in _SPACES or core[-1] in _SPACES):
            core = _OUTER.sub("", core)
        if not core:
            return ""
    if "**" in core or "__" in core:
        core = _INNER_EMPHASIS.sub("", core)
    return core


def has_emphasis(text: str) -> bool:
    """True when ``text`` holds ``**`` or ``__``; a line can hold them only if its text does.

    Each pair is looked for only where its one character occurs: CPython finds a single character
    several times faster than a two-character string, and most documents hold neither ``*`` nor
    ``_`` (on the 20 MB bench corpus, the test of every whole text took 13 ms before, 4.6 ms so).
    """
    return ("*" in text and "**" in text) or ("_" in text and "__" in text)


def split_lines(text: str, *, emphasis: bool | None = None) -> list[Line]:
    """Every line of ``text`` (split on ``\\n`` only, as the scorer and writers do) with its offsets.

    Built column by column (comprehensions and ``map``), which is faster than one loop that builds
    each line in turn. ``emphasis`` is :func:`has_emphasis` of ``text`` when the caller has asked
    it already (the classifier asks it too), so the text is not scanned twice.
    """
    pieces = text.split("\n")
    decoration = _DECORATION
    # The fast path of core_of, without the call: an empty piece is its own core, and so is one
    # with no decoration at either end and no inner emphasis, which no piece can hold when the
    # text has no ** and no __ (asked once, not of every piece).
    if has_emphasis(text) if emphasis is None else emphasis:
        cores = [
            piece
            if not piece
            or (
                piece[0] not in decoration
                and piece[-1] not in decoration
                and "**" not in piece
                and "__" not in piece
            )
            else core_of(piece)
            for piece in pieces
        ]
    else:
        cores = [
            piece
            if not piece or (piece[0] not in decoration and piece[-1] not in decoration)
            else core_of(piece)
            for piece in pieces
        ]
    hans = _han_counts(text, pieces)
    # Every piece but the last is followed by a newline, which its span includes.
    ends = list(accumulate(map((1).__add__, map(len, pieces))))
    ends[-1] -= 1
    starts = [0, *ends[:-1]]
    # Line._make (tuple.__new__ on the fields), mapped in C: the class's own __new__ is a Python
    # function, a call per line.
    fields = zip(range(len(pieces)), starts, ends, pieces, cores, hans, strict=True)
    lines = list(map(tuple.__new__, repeat(Line), fields))
    if not lines[-1].text and lines[-1].start >= len(text):
        lines.pop()
    return lines


def _han_counts(text: str, pieces: list[str]) -> list[int]:
    """The number of Han characters in each piece of ``text.split("\\n")`` (``pieces``).

    A line's core is its piece less decoration, none of it Han, so both hold the same count.

    Counting with :data:`_HAN_RUN` line by line was a fifth of the step's time. In UTF-8 the lead
    bytes E4 to E9 start exactly the characters U+4000 to U+9FFF, so a text without
    :data:`_ODD_HAN` characters and without characters beyond the BMP (lead bytes F0 to F4) has,
    on each line, as many Han characters as those lead bytes: counted for every line at once by
    deleting every other byte but the newlines (``bytes.translate``) and splitting what is left.
    Any other text (2 of the 2,125 documents of the 20 MB bench corpus, both with emoji) is
    counted line by line with :data:`_HAN_RUN`, as before.
    """
    if text.isascii():
        return [0] * len(pieces)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is no Han character
    if _ODD_HAN.search(text) is None and not any(lead in data for lead in _BEYOND_BMP_LEADS):
        return list(map(len, data.translate(None, _NOT_MIDDLE_HAN_LEADS).split(b"\n")))
    strip_han = _HAN_RUN.sub
    # ASCII holds no Han character, and isascii() is answered without reading the string.
    return [0 if piece.isascii() else len(piece) - len(strip_han("", piece)) for piece in pieces]


def nonblank_indices(lines: list[Line]) -> list[int]:
    """The indices of the lines that are not blank (:attr:`Line.blank`), in order; a line with a
    core is never blank, so only the others are asked."""
    return [line.index for line in lines if line.core or not line.blank]


def line_at(starts: list[int], offset: int) -> int:
    """Index of the line holding ``offset``, given every line's start offset (ascending, from 0)."""
    return bisect.bisect_right(starts, offset) - 1


def han_count(text: str) -> int:
    """Number of Han characters in ``text`` (any extension block: ``\\p{Han}``, :data:`HAN_RANGES`)."""
    return len(text) - len(_HAN_RUN.sub("", text))


def is_sentence(core: str) -> bool:
    """True for a line shaped like running prose: a full stop inside it, or a comma-separated clause.

    Footer shapes (``版权所有 … ICP备…号``) are not sentences, so most rules refuse sentence-shaped lines;
    an article sentence that merely mentions 版权所有 is content.

    Every match of :data:`_SENTENCE_INSIDE` holds one of its marks: a line with 。 is answered at
    once, a line with none of the marks without the pattern.
    """
    if "。" in core:
        return True
    if _SENTENCE_MARK.search(core) is None:
        return False
    return _SENTENCE_INSIDE.search(core) is not None


def is_prose(line: Line) -> bool:
    """A body paragraph: enough Han characters and a full stop, or a long comma-separated sentence.

    Headlines also reach 20 Han characters and often carry ！ ？ or a comma
    (英国美女……转行当美人鱼！每小时收入近千元), but they rarely have a full stop or 35 Han characters;
    Markdown headings are never paragraphs.
    """
    if line.han < PROSE_MIN_HAN or ("#" in line.text and line.text.lstrip().startswith("#")):
        return False
    core = line.core
    # _PROSE_STOP without the pattern call where a plain test answers: 。 or ； is a stop.
    if "。" in core or "；" in core or ("." in core and _PROSE_STOP.search(core)):
        return True
    return line.han >= PROSE_LONG_HAN and ("，" in core or "," in core)
