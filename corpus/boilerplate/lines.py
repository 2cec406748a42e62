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
_DECORATION_CHARS = "".join(sorted(_DECORATION))
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
extension block, the radicals, 々 〇 and the Hangzhou numerals among them. Asking whether a line
has enough Han characters (:func:`is_prose`) is a common pattern call of the step, and the stdlib
engine, which has no script properties, counts about a quarter faster with this class than `regex`
with ``\\p{Han}``. ``tests/boilerplate/test_lines.py`` checks the table against ``\\p{Han}`` over
every code point, so a `regex` release with a newer Unicode fails there (the test prints the new
table) instead of counting differently from the rest of the step."""

_HAN_CLASS = "".join(
    f"{chr(first)}-{chr(last)}" if last > first else chr(first) for first, last in HAN_RANGES
)
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")


def _at_least_han(count: int) -> re.Pattern[str]:
    """A pattern that matches the start of a text with at least ``count`` Han characters.

    It reads the text only up to the ``count``-th Han character, where counting them all reads the
    whole line and builds a copy without them; the possessive ``*+`` gives nothing back, so a text
    with fewer is refused in one pass too."""
    return re.compile(f"(?:[^{_HAN_CLASS}]*+[{_HAN_CLASS}]){{{count}}}")


_INNER_EMPHASIS = regex.compile(r"\*{2,}|_{2,}")
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

_PROSE_MIN = _at_least_han(PROSE_MIN_HAN)
_PROSE_LONG = _at_least_han(PROSE_LONG_HAN)

RULE_MAX_CHARS = 400
"""Line rules are not tried on longer lines: the longest boilerplate line in the development set (a
reprint disclaimer) has about 130 characters, and skipping long paragraphs keeps the step fast."""


class Line(NamedTuple):
    """One line of a document: its span (``end`` includes the newline, if any) and its core.

    A named tuple rather than a frozen dataclass, the house default for records: a document has one
    per line, and a tuple is built in half the time (the 97,000 lines of the 20 MB bench corpus:
    0.04 s against 0.09 s, about 5% of the step's time there).
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index(), which nothing here calls
    start: int
    end: int
    text: str
    core: str

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
    return lines_and_starts(text, emphasis=emphasis)[0]


def lines_and_starts(text: str, *, emphasis: bool | None = None) -> tuple[list[Line], list[int]]:
    """:func:`split_lines` and every line's start offset (``[line.start for line in lines]``).

    The starts are a column the split builds anyway; the classifier needs them as a list (to find
    the line of an offset), and reading them back from the lines cost a comprehension over every
    line (2% of the step on a cold pass over 1/8 of the 200 MB bench corpus).
    """
    pieces = text.split("\n")
    # The fast path of core_of, without the call: a piece with no decoration at either end (an
    # empty one too) and no inner emphasis is its own core, and no piece holds inner emphasis when
    # the text has no ** and no __ (asked once, not of every piece). str.strip returns the string
    # itself when it strips nothing, that is when neither end is decoration: asked so, in one
    # call, instead of taking out (and, for a Han character, allocating) both end characters. (A
    # strip that returned a copy would only send the piece to core_of, which gives the same core.)
    if has_emphasis(text) if emphasis is None else emphasis:
        cores = [
            piece
            if piece.strip(_DECORATION_CHARS) is piece and "**" not in piece and "__" not in piece
            else core_of(piece)
            for piece in pieces
        ]
    else:
        cores = [piece if piece.strip(_DECORATION_CHARS) is piece else core_of(piece) for piece in pieces]
    # Every piece but the last is followed by a newline, which its span includes.
    ends = list(accumulate(map((1).__add__, map(len, pieces))))
    ends[-1] -= 1
    starts = [0, *ends[:-1]]
    # Line._make (tuple.__new__ on the fields), mapped in C: the class's own __new__ is a Python
    # function, a call per line.
    fields = zip(range(len(pieces)), starts, ends, pieces, cores, strict=True)
    lines = list(map(tuple.__new__, repeat(Line), fields))
    if not lines[-1].text and lines[-1].start >= len(text):
        lines.pop()
        starts.pop()
    return lines, starts


def nonblank_indices(lines: list[Line]) -> list[int]:
    """The indices of the lines that are not blank (:attr:`Line.blank`), in order; a line with a
    core is never blank, so only the others are asked."""
    return [line.index for line in lines if line.core or not line.blank]


def line_at(starts: list[int], offset: int) -> int:
    """Index of the line holding ``offset``, given every line's start offset (ascending, from 0)."""
    return bisect.bisect_right(starts, offset) - 1


def han_count(text: str) -> int:
    """Number of Han characters in ``text`` (any extension block: ``\\p{Han}``, :data:`HAN_RANGES`).

    ASCII holds none, and ``isascii()`` is answered without reading the string."""
    if text.isascii():
        return 0
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
    (小镇青年……辞职回乡养蜂！三年收入翻了十倍), but they rarely have a full stop or 35 Han characters;
    Markdown headings are never paragraphs.
    """
    core = line.core
    # The core holds the line's Han characters and maybe more, so a short one is answered uncounted;
    # the core holds as many Han characters as the text (decoration is never Han).
    if len(core) < PROSE_MIN_HAN or ("#" in line.text and line.text.lstrip().startswith("#")):
        return False
    # The punctuation is asked before the Han characters are counted, and each branch counts only
    # to its own threshold: 35 Han characters include the 20, so a line without a stop is counted
    # once, not twice, and one without a comma either is not counted at all (forum posts and
    # headlines, the commonest lines that reach here without a stop: 2.5 -> 0.5 µs a line).
    # _PROSE_STOP without the pattern call where a plain test answers: 。 or ； is a stop.
    if "。" in core or "；" in core or ("." in core and _PROSE_STOP.search(core)):
        return _PROSE_MIN.match(core) is not None
    return (
        len(core) >= PROSE_LONG_HAN and ("，" in core or "," in core) and _PROSE_LONG.match(core) is not None
    )
