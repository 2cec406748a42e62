"""Decode a sample with one candidate codec and score how much the result reads like Chinese.

The score of a decode is the sum of :mod:`corpus.encoding.frequency` weights over its characters. Sums
are compared *per input byte*, because candidates turn the same bytes into different numbers of
characters (UTF-8 spends 3 bytes on a Han character, GB18030 and UTF-16 spend 2).

Speed matters here (the detector must be several times faster than chardet), so the sum runs in C
(``map`` over a list indexed by code point), and the finer evidence that only the winning decode needs
(Han count, kana and Hangul, Korean-style spacing) is computed on demand with regular expressions.
The sum is a plain float sum in text order; every shortcut taken for speed (characters of weight 0.0
left out, decodes sure to fall below those a ranking needs not summed at all) gives the same totals
to the last bit, which ``tests/encoding/test_score.py`` checks against a character-by-character sum.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
import sys
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress

from corpus.document import initialized_through_slots
from corpus.encoding.frequency import (
    GARBAGE,
    RARE_HAN,
    REPLACEMENT,
    bmp_weights,
    char_weight,
    load_weights,
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3]")
# Both patterns start at the space or the punctuation and look back for the Han character: a pattern
# that starts with the Han class tries a match at every character of Chinese text (2.4 and 3.2 us on
# 250 Han characters), one that starts with a rarer character skips to it in C (0.2 and 0.8 us). The
# counts are the same: each match of the Han-first form holds exactly one such space (or punctuation
# mark and space).
_HAN_SPACE_HAN = re.compile(r" (?<=[\u3400-\u9fff] )(?=[\u3400-\u9fff])")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII_RUNS = re.compile("[\x00-\x7f]+")
_HAN_ASCII_PUNCTUATION = re.compile(r"[,.;:!?](?<=[\u3400-\u9fff][,.;:!?]) ")


@initialized_through_slots  # built two to four times per ranked file: 0.79 -> 0.47 us a construction
@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate's decode of a sample, and the evidence about it."""

    codec: str
    text: str
    total: float
    """Sum of character weights (log10 units)."""
    scored_chars: int
    """Characters that carry evidence: everything except ASCII."""
    replaced: int
    """U+FFFD in the decode (bytes the codec could not read)."""
    error_runs: int
    """Runs of consecutive U+FFFD: about one per damaged spot, whatever the codec."""
    controls: int
    """C0 controls other than whitespace: the same in every ASCII-compatible decode."""

    @property
    def mean(self) -> float:
        """Mean weight per evidence-carrying character (about +2 for real Chinese prose)."""
        return self.total / self.scored_chars if self.scored_chars else 0.0

    @property
    def text_mean(self) -> float:
        """:attr:`mean` leaving out C0 control characters, which say nothing about the codec when the
        bytes are ASCII-compatible (a Big5 file with a few stray control bytes is still Big5)."""
        scored = self.scored_chars - self.controls
        return (self.total - self.controls * GARBAGE) / scored if scored > 0 else 0.0

    @property
    def clean_mean(self) -> float:
        """Mean weight of the characters that did decode: no U+FFFD, no C0 controls. Says whether what
        the codec *could* read reads like Chinese; the damage is judged apart, by :attr:`replaced`."""
        scored = self.scored_chars - self.controls - self.replaced
        if scored <= 0:
            return 0.0
        return (self.total - self.controls * GARBAGE - self.error_runs * REPLACEMENT) / scored

    @property
    def han(self) -> int:
        return count_han(self.text)

    @property
    def kana_hangul(self) -> int:
        return len(_KANA_HANGUL.findall(self.text))

    @property
    def han_ascii_punctuation(self) -> int:
        """'Han, ASCII comma (or period ...), space': Chinese uses full-width punctuation, so this is
        Russian or Western text read as GB."""
        return len(_HAN_ASCII_PUNCTUATION.findall(self.text))

    @property
    def spaced_han(self) -> int:
        """Occurrences of 'Han, space, Han': rare in Chinese, the norm in Korean or Russian read as GB."""
        return len(_HAN_SPACE_HAN.findall(self.text)) if " " in self.text else 0


def count_han(text: str) -> int:
    """Han characters in ``text``, as ``len(_HAN.findall(text))`` counts them but without a string
    per character: most text has its Han characters in UTF-16 rows that hold nothing else
    (3400-4CFF, 4E00-9FFF), which one ``bytes.translate`` counts; text with a character in a row
    that is only partly Han (4D00-4DFF) or beyond the BMP is counted with the regular expression.

    >>> count_han("中文 abc 𠀀")
    3
    """
    rows = _utf16_rows(text)
    if len(rows.translate(None, _PARTLY_HAN_ROWS)) != len(rows):
        return len(_HAN.findall(text))
    return len(rows) - len(rows.translate(None, _HAN_ROWS))


def _utf16_rows(text: str) -> bytes:
    """The high byte of each UTF-16 code unit of ``text`` (its row: the 256 code points that share
    it), one byte per unit, made in C; a character beyond the BMP gives its two surrogate rows."""
    return text.encode("utf-16-be", "surrogatepass")[::2]


_HAN_ROWS = bytes(range(0x34, 0x4D)) + bytes(range(0x4E, 0xA0))
_PARTLY_HAN_ROWS = b"\x4d\xd8\xd9\xda\xdb"
"""Row 4D (Han up to 4DBF, Yijing hexagrams after) and the high surrogates (characters beyond the BMP,
some of them Han)."""


RESYNC = "corpus-resync"
"""Name of the error handler that :func:`_resync` registers; use it wherever a CJK codec decodes with
replacement."""

_PAIRED_CODECS = frozenset({"gb18030", "cp950", "big5hkscs"})


def _resync(error: UnicodeError) -> tuple[str, int]:
    r"""Replace an undecodable byte, keeping GB18030 and Big5 byte pairs aligned.

    A stray byte between the two bytes of a character makes the codec reject the lead byte, skip the
    stray byte, and then pair the orphaned trail byte with the next lead byte: every character up to the
    next ASCII byte decodes wrong. When the bytes after a lead cannot be a trail, this handler pairs the
    lead with the first byte after them instead (and marks the spot with one U+FFFD); otherwise it
    behaves like ``errors="replace"``.

    >>> b"\xb0\xa1\xb7\xff\xbf\xbc\xdb".decode("gb18030", errors=RESYNC) == "啊\ufffd房价"
    True
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start = error.object, error.start
    codec = _codec_name(error.encoding)
    if codec in _PAIRED_CODECS and 0x81 <= data[start] <= 0xFE:
        trail = start + 1
        while trail < len(data) and trail - start <= MAX_STRAY_RUN and _is_stray(data[trail], codec):
            trail += 1
        if trail > start + 1 and trail < len(data):
            try:
                char = bytes((data[start], data[trail])).decode(codec)
            except UnicodeDecodeError:
                return "\ufffd", error.end
            return "\ufffd" + char, trail + 1
    return "\ufffd", error.end


@functools.cache
def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


MAX_STRAY_RUN = 3
"""Most stray bytes skipped between a lead byte and its trail byte (the damage this project is asked to
survive is one to three stray bytes)."""


def _is_stray(byte: int, codec: str) -> bool:
    """A high byte that cannot be a trail byte: FF everywhere, 80-A0 in Big5. An ASCII byte after a
    lead byte is left alone: it is far more likely a real character (a newline after a cut-off
    character) than debris, so there the lead byte is the damage."""
    return byte == 0xFF or (codec != "gb18030" and 0x80 <= byte <= 0xA0)


codecs.register_error(RESYNC, _resync)


RESYNC_AT_MOST = 12
"""The resynchronizing handler runs in Python, once per error; a wrong codec's decode can have hundreds
of errors. So a sample is first decoded with the C ``replace`` handler, and decoded again with
:data:`RESYNC` only when it has a few errors (damage), never when it has many (a wrong codec)."""


def is_cut_character(pending: bytes, codec: str) -> bool:
    """True when the bytes an incremental decoder holds back at the end are the start of a character
    (a file cut mid-character), False when they are damage it is merely waiting to judge.

    Python's GB18030 decoder holds back any tail that *might* start a 4-byte sequence, even ``FF 39``;
    dropping such a tail as 'truncated' would hide stray bytes at the end of a file."""
    if not pending:
        return True
    if codec == "gb18030":
        lead = 0x81 <= pending[0] <= 0xFE
        if len(pending) == 1:
            return lead
        digit = 0x30 <= pending[1] <= 0x39
        if len(pending) == 2:
            return lead and digit
        return len(pending) == 3 and lead and digit and 0x81 <= pending[2] <= 0xFE
    if codec in _PAIRED_CODECS:
        return len(pending) == 1 and 0x81 <= pending[0] <= 0xFE
    return True


_STATELESS_DECODERS: dict[str, Callable[[bytes, str, bool], tuple[str, int]]] = {
    "utf-8": codecs.utf_8_decode,
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}
"""The C functions behind the incremental decoders of these codecs (their ``_buffer_decode``), called
directly: the same decode without the Python-level decoder object around it."""


_TWO_BYTE_CODECS = frozenset({"cp950", "big5hkscs"})
"""The paired codecs whose characters are one or two bytes (GB18030 also has four-byte ones)."""

_ONE_SHOT_CODECS = _PAIRED_CODECS | {"utf-8-sig"}
"""Codecs that :func:`decode_tolerant` decodes in one shot first: the CJK codecs (one C decoder, no
state between characters) and UTF-8 with a BOM (its incremental decoder drops a leading BOM, as the
one-shot decode does)."""

_WIDE_BOMS: dict[str, tuple[bytes, ...]] = {
    "utf-16": (b"\xff\xfe", b"\xfe\xff"),
    "utf-32": (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"),
}
"""UTF-16 and UTF-32 are decoded in one shot first only when they start with a BOM (as every input
:func:`corpus.encoding.detect` gives them does): without one, their incremental decoders refuse
the bytes, where the one-shot decode assumes the machine's byte order."""


def decode_tolerant(data: bytes, codec: str, errors: str) -> str:
    """Decode all of ``data``; a character cut off at the very end is dropped, other debris replaced."""
    stateless = _STATELESS_DECODERS.get(codec)
    if stateless is not None:
        # What these decoders hold back at the end is always the start of a character cut off there
        # (:func:`is_cut_character` is True for them), so it is dropped without a final decode.
        return stateless(data, errors, False)[0]
    if errors != "strict" and (codec in _ONE_SHOT_CODECS or data.startswith(_WIDE_BOMS.get(codec, ()))):
        # The one-shot decode runs the same C loop as the incremental decoder below and differs from
        # it only at bytes left incomplete at the very end, which it replaces with U+FFFD where the
        # incremental decoder holds them back: a text that does not end in U+FFFD held nothing back.
        # It saves the decoder object (0.5 us on a 512-byte sample; 2 us on a UTF-8 file with a BOM,
        # whose incremental decoder is written in Python).
        text = data.decode(codec, errors)
        if not text.endswith("\ufffd"):
            return text
        if codec in _TWO_BYTE_CODECS or (codec == "gb18030" and not _digit_in_last_two(data)):
            # These decoders take a high byte and the byte after it, or one byte (ASCII, or a high
            # byte they cannot pair: one U+FFFD, the next byte read afresh); only a high byte with
            # nothing after it is held back, and the one-shot decode replaces it with one U+FFFD. So
            # a text ending in U+FFFD held back exactly the last byte, which is a cut-off character
            # when it is a lead byte. GB18030 also holds back the start of a four-byte sequence (a
            # high byte, a digit 30-39, perhaps one more byte) and decodes 84 31 A4 37 to U+FFFD
            # itself: neither can end a sample whose last two bytes are not digits. A sample cut at
            # 512 bytes ends inside a character about two times in five; this saves the incremental
            # decode there (3 us).
            return text[:-1] if 0x81 <= data[-1] <= 0xFE else text
    decoder = _incremental_decoder(codec)(errors=errors)
    text = decoder.decode(data, final=False)
    pending = decoder.getstate()[0]
    if is_cut_character(pending, codec):
        return text
    return text + decoder.decode(b"", final=True)


def _digit_in_last_two(data: bytes) -> bool:
    return any(0x30 <= byte <= 0x39 for byte in data[-2:])


@functools.cache
def _incremental_decoder(codec: str) -> Callable[..., codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder``, looked up once per codec name."""
    return codecs.getincrementaldecoder(codec)


def decode_counted(sample: bytes, codec: str) -> tuple[str, int]:
    """Decode with replacement, leaving out a multibyte character cut off at the sample's end; and
    the count of U+FFFD in the text, which every caller needs and which is counted here anyway for
    the CJK codecs (once more costs 1 us on a 5 KiB GB18030 file)."""
    text = decode_tolerant(sample, codec, "replace")
    replaced = text.count("\ufffd")
    if codec in _PAIRED_CODECS and 0 < replaced <= RESYNC_AT_MOST and has_stray_after_lead(sample, codec):
        text = decode_tolerant(sample, codec, RESYNC)
        replaced = text.count("\ufffd")
    return text, replaced


def has_stray_after_lead(data: bytes, codec: str) -> bool:
    """Whether ``data`` holds a lead byte (81-FE) followed by a byte that :func:`_is_stray` calls
    stray for ``codec`` (FF; in Big5 also 80-A0).

    :func:`_resync` differs from ``errors="replace"`` only at such a pair; bytes without one decode
    the same either way, so the second decode (a Python call per error) is skipped. A CP950 decode of
    GB18030 bytes has a few errors but rarely such a pair. The test runs in C without a regular
    expression (:func:`_pairs_marked`, leads marked first and strays second). A regular expression
    that starts with the lead class tries a match at almost every byte of GB or Big5 text: 8.7 us
    on the 512-byte samples of the GB18030 files of the 20 MB bench corpus, this 1.4 us.

    >>> has_stray_after_lead(b"\\xb0\\xa1\\xa4\\x80", "cp950"), has_stray_after_lead(b"\\xb0\\xa1", "cp950")
    (True, False)
    """
    if codec == "gb18030":
        if b"\xff" not in data:
            return False
        strays = _GB18030_STRAY_BITS
    else:
        # No byte 80-A0 or FF at all, the common case (GB2312 and Big5 use none): deleting every
        # other byte leaves an empty copy (0.2 us on 512 bytes; the pair test below costs 1.4 us).
        if not data.translate(None, _NOT_BIG5_STRAY):
            return False
        strays = _BIG5_STRAY_BITS
    return _pairs_marked(data, _LEAD_BITS, strays) != 0


def _pairs_marked(data: bytes, first: bytes, second: bytes) -> int:
    """Bit 8i set where byte i of ``data`` is marked in the table ``first`` and byte i + 1 in
    ``second`` (each table maps a byte value to 1 if marked, else 0). Made in C: each table turns
    the bytes into an integer with bit 8i set where byte i is marked; shifting the second down by
    one byte lines each byte up with the one before it."""
    marked = int.from_bytes(data.translate(first), "little")
    return marked & (int.from_bytes(data.translate(second), "little") >> 8)


_LEAD_BITS = bytes(1 if 0x81 <= byte <= 0xFE else 0 for byte in range(256))
_GB18030_STRAY_BITS = bytes(1 if byte == 0xFF else 0 for byte in range(256))
_BIG5_STRAY_BITS = bytes(1 if byte == 0xFF or 0x80 <= byte <= 0xA0 else 0 for byte in range(256))
_NOT_BIG5_STRAY = bytes(byte for byte in range(256) if not _BIG5_STRAY_BITS[byte])


_HIGH_BYTES = bytes(range(0x80, 0x100))


def drop_high_bytes(data: bytes) -> bytes:
    """HZ-GB-2312 is 7-bit, so a byte above 0x7F is damage. Python's ``hz`` decoder loses the pairing of
    every following byte in GB mode when it meets one, turning the rest of the line into garbage;
    dropping the stray bytes first keeps the pairs aligned."""
    return data.translate(None, _HIGH_BYTES)


def decode_hz(data: bytes) -> tuple[str, int]:
    """Decode HZ with stray 8-bit bytes dropped; return the text and how many bytes were dropped."""
    clean = drop_high_bytes(data)
    return clean.decode("hz", errors="replace"), len(data) - len(clean)


_UTF32_NATIVE = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_FOUR_BYTE_ARRAY = array("I").itemsize == 4


_PLANE_BYTE = 2 if sys.byteorder == "little" else 1
"""The byte of a native UTF-32 code unit that holds bits 16-23: not 0 exactly beyond the BMP."""


def _code_points(text: str) -> Iterable[int]:
    """The code points of ``text``, as ``map(ord, text)`` gives them but made in one C call (encode to
    UTF-32, view as unsigned ints): the weight sum over a sample runs about 25% faster. Surrogates
    (which a decode should not produce) pass through as their code points, as ``ord`` gives them."""
    if not _FOUR_BYTE_ARRAY:
        return map(ord, text)
    return array("I", text.encode(_UTF32_NATIVE, "surrogatepass"))


def _bmp_code_points(text: str) -> Iterable[int] | None:
    """:func:`_code_points`, or None when ``text`` has a character beyond the BMP. The test reads the
    UTF-32 bytes that the code points are made of anyway (0.35 us on 263 Han characters, where
    searching the text for such a character took 0.9 us)."""
    if not _FOUR_BYTE_ARRAY:
        return None if _ASTRAL.search(text) else map(ord, text)
    units = text.encode(_UTF32_NATIVE, "surrogatepass")
    if units[_PLANE_BYTE::4].translate(None, b"\x00"):
        return None
    return array("I", units)


@functools.cache
def _weight_of() -> Callable[[int], float]:
    """``list.__getitem__`` over :func:`corpus.encoding.frequency.bmp_weights` with ASCII (controls
    included) at 0.0: the score leaves ASCII out (controls are charged apart), and adding 0.0 leaves a
    float sum unchanged to the last bit, so ASCII may be summed or removed, whichever costs less. A
    list's lookup runs about a third faster under ``map`` than a tuple's (8.4 against 12.3 us for 256
    Han characters)."""
    table = list(bmp_weights())
    if table[0xFFFD] != 0.0:
        raise ValueError("U+FFFD must weigh 0.0: score_text leaves it out of the sum")
    table[:0x80] = [0.0] * 0x80
    return table.__getitem__


def score_text(text: str, codec: str, *, controls: bool = True) -> Scored:
    """Score an already decoded text as Chinese. ``controls=False`` promises that the text has no C0
    controls (the caller saw none in the bytes), which skips counting them."""
    replaced = text.count("\ufffd")
    return _score_text(text, codec, controls, replaced, replacement_runs(text) if replaced else 0)


def _score_text(text: str, codec: str, controls: bool, replaced: int, runs: int) -> Scored:
    """:func:`score_text` with the count of U+FFFD and of their runs already made."""
    # ASCII weighs 0 (controls aside, counted below), so only the non-ASCII characters count: in HTML
    # or code with some Chinese in it, that is a small part of the text.
    if text.isascii():
        summed, non_ascii = "", 0
    else:
        ascii_count = len(text.encode("ascii", errors="ignore"))
        non_ascii = len(text) - ascii_count
        # Characters that weigh 0.0 are summed when few (a lookup each) and removed when many (one
        # C pass): both give the same total to the last bit. U+FFFD weighs 0.0 too (charged per run
        # below); a wrong codec's decode is mostly U+FFFD.
        summed = _ASCII_RUNS.sub("", text) if ascii_count * 4 > len(text) else text
        if replaced * 4 > len(summed):
            summed = summed.replace("\ufffd", "")
    code_points = _bmp_code_points(summed)
    if code_points is not None:
        total = sum(map(_weight_of(), code_points))
    else:  # characters outside the BMP: weigh those apart, the rest as usual
        astral = _ASTRAL.findall(summed)
        total = sum(map(_weight_of(), _code_points(_ASTRAL.sub("", summed))))
        total += sum(map(char_weight, astral))
    control_count = len(_CONTROLS.findall(text)) if controls else 0
    total += control_count * GARBAGE
    total += runs * REPLACEMENT
    return Scored(codec, text, total, non_ascii + control_count, replaced, runs, control_count)


def replacement_runs(text: str) -> int:
    """Runs of consecutive U+FFFD in ``text``: each U+FFFD less those that follow another, which split
    shows as empty pieces between two separators (twice as fast as a regex's list of runs).

    >>> replacement_runs("a\ufffd\ufffdb\ufffd")
    2
    """
    pieces = text.split("\ufffd")
    if len(pieces) == 1:
        return 0
    following = pieces.count("") - (pieces[0] == "") - (pieces[-1] == "")
    return len(pieces) - 1 - following


HOPELESS_RUNS = 8
"""A decode with at least this many runs of U+FFFD, making up at least a fifth of its characters,
cannot win the ranking (each run costs :data:`corpus.encoding.frequency.REPLACEMENT`), so it is not
summed: its score is the pessimistic estimate below. Eight, well above the one to three stray bytes this
project is asked to survive, so that a damaged short file is always scored in full."""


def score_candidate(sample: bytes, codec: str, *, controls: bool = True) -> Scored:
    """Decode ``sample`` with ``codec`` and score the result."""
    text, replaced = decode_counted(sample, codec)
    return _score_decode(text, codec, controls, replaced)


def score_candidate_unless_below(
    sample: bytes, codec: str, floor: float, *, controls: bool = True
) -> Scored | None:
    """:func:`score_candidate`, or None when the total is sure to be below ``floor``.

    A ranking needs the exact totals of its first two decodes only (without exact runner-up, only
    of those within :data:`corpus.encoding.detect.CERTAIN_MARGIN` of the first); the caller's
    ``floor`` says where that ends, and a decode that cannot reach it need not be summed. Three
    upper bounds judge that, cheapest first: :func:`heaviest_total_at_most` from the bytes (only
    where the floor is positive: it is never negative), :func:`utf16_total_at_most` from the bytes
    of a UTF-16 candidate, and :func:`total_at_most` on the decode, which costs a quarter of the sum
    (a UTF-16 decode of GB18030 bytes, Hangul and private use throughout, always falls far below the
    GB18030 and CP950 decodes)."""
    # The coarse bound first where it can decide (it is never negative): 0.6 us against 2.2 for the
    # row bound of a UTF-16 decode, 2 against 12 for the UTF-8 decode and its row bound.
    if floor > BOUND_SLACK and heaviest_total_at_most(sample, codec) + BOUND_SLACK < floor:
        return None
    if codec in ("utf-16-le", "utf-16-be"):
        before_decoding = utf16_total_at_most(sample, codec)
        if before_decoding is not None and before_decoding + BOUND_SLACK < floor:
            return None
    text, replaced = decode_counted(sample, codec)
    # Counting the runs of U+FFFD exactly (a split) costs as much as the bound on a decode that is
    # mostly U+FFFD, so the bound takes a lower limit on them: a run of n holds n - 1 adjacent pairs,
    # and str.count finds at least half of those (n // 2).
    fewest_runs = max(1, replaced - 2 * text.count("\ufffd\ufffd")) if replaced else 0
    ascii_count = len(text.encode("ascii", errors="ignore"))
    at_most = _total_at_most(text, replaced, fewest_runs, ascii_count)
    if replaced >= HOPELESS_RUNS:  # the decode may get the pessimistic estimate instead of a sum
        non_ascii = len(text) - ascii_count
        at_most = max(at_most, fewest_runs * REPLACEMENT + (non_ascii - replaced) * RARE_HAN)
    if at_most + BOUND_SLACK < floor:
        return None
    return _score_decode(text, codec, controls, replaced)


def _score_decode(text: str, codec: str, controls: bool, replaced: int) -> Scored:
    """The score of a candidate's decode, ``replaced`` its count of U+FFFD: the pessimistic estimate
    where :data:`HOPELESS_RUNS` applies, else the full sum."""
    runs = replacement_runs(text) if replaced else 0
    hopeless = _hopeless(text, codec, replaced, runs)
    if hopeless is not None:
        return hopeless
    return _score_text(text, codec, controls, replaced, runs)


BOUND_SLACK = 0.01
"""Kept between :func:`total_at_most` and the floor it is compared with. The bound holds for exact
sums; a float sum of 16,384 weights in text order can stray from its exact value by at most about
1.5e-4 (16,384 additions, each off by half an ulp of a partial sum below 82,000 in size)."""


def _hopeless(text: str, codec: str, replaced: int, runs: int) -> Scored | None:
    """The pessimistic estimate of :data:`HOPELESS_RUNS` for a decode that qualifies (the runs are
    never more than the U+FFFD, so their test implies the same test on the U+FFFD), else None."""
    if runs >= HOPELESS_RUNS and runs * 5 >= len(text):
        non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
        total = runs * REPLACEMENT + (non_ascii - replaced) * RARE_HAN
        return Scored(codec, text, total, non_ascii, replaced, runs, 0)
    return None


@dataclass(frozen=True, slots=True)
class _RowBounds:
    """For each high byte of a UTF-16 code unit, the highest weight of the 256 characters it starts,
    rounded up to half units and stored as bytes (``half + offset``) for ``bytes.translate``."""

    table: bytes
    offset: int
    ascii_half: int


@functools.cache
def _row_bounds() -> _RowBounds:
    weights = bmp_weights()
    astral = _listed_weights(astral_only=True)
    halves = []
    for row in range(256):
        if 0xD8 <= row <= 0xDF:
            # A character beyond the BMP is two surrogate units: each gets half of its highest weight
            # (every class weight there is negative), and a lone one decodes to U+FFFD, weight 0.
            halves.append(math.ceil(max([0.0, *astral])))
            continue
        row_weights = weights[row << 8 : (row + 1) << 8]
        if row == 0:  # ASCII weighs 0 in the sum; the Latin-1 characters count
            row_weights = (0.0, *row_weights[0x80:])
        halves.append(math.ceil(2 * max(row_weights)))
    offset = -min(halves)
    if max(halves) + offset > 255:
        raise ValueError("weight bounds do not fit in a byte")
    return _RowBounds(bytes(half + offset for half in halves), offset, halves[0])


def _listed_weights(*, astral_only: bool = False) -> list[float]:
    """The weights of both lists' characters, or of those beyond the BMP only, picked in C
    (``compress``): 16,000 entries, read at every start of the tool."""
    weights = load_weights()
    values = [*weights.simplified.values(), *weights.traditional.values()]
    if not astral_only:
        return values
    characters = [*weights.simplified, *weights.traditional]
    return list(compress(values, map("\uffff".__lt__, characters)))


def total_at_most(text: str) -> float:
    """An upper bound on :func:`score_text`'s total for ``text``, computed in C.

    Each character is charged the highest weight of its UTF-16 row (the 256 code points that share
    its high byte), in half units: one ``bytes.translate`` and one ``sum`` over the high bytes instead
    of a float lookup per character. ASCII and U+FFFD are charged 0 as in the score, runs of U+FFFD
    their full cost; C0 controls (which only lower the score) are left out.

    >>> text = "今天下雨" * 10
    >>> score_text(text, "gb18030").total <= total_at_most(text)
    True
    """
    replaced = text.count("\ufffd")
    ascii_count = len(text.encode("ascii", errors="ignore"))
    return _total_at_most(text, replaced, replacement_runs(text) if replaced else 0, ascii_count)


def utf16_total_at_most(sample: bytes, codec: str) -> float | None:
    """An upper bound on the total of ``score_candidate(sample, codec)`` for UTF-16, from the bytes
    alone: the high byte of every code unit is a byte of ``sample``, so the row bounds of
    :func:`total_at_most` apply without decoding. A surrogate unit is charged its row's bound whether
    it pairs (a character beyond the BMP) or not (U+FFFD, weight 0). None when a fifth or more of the
    units are surrogates: the decode might then get the pessimistic estimate instead of a sum."""
    high = _utf16_high_bytes(sample, codec)
    units = len(high)
    surrogates = units - len(high.translate(None, _SURROGATE_ROWS))
    # At most this many U+FFFD, in a text of at least units - 1 - surrogates // 2 characters (pairs
    # make one character of two units; a high surrogate at the very end is dropped as cut off).
    if surrogates * 5 >= units - 1 - surrogates // 2:
        return None
    bounds = _row_bounds()
    return (sum(high.translate(bounds.table)) - bounds.offset * units) / 2


def _utf16_high_bytes(sample: bytes, codec: str) -> bytes:
    """The high byte of each whole UTF-16 code unit in ``sample`` (``codec`` is ``utf-16-le`` or
    ``utf-16-be``): the rows that :func:`_row_bounds` bounds, without decoding; an odd last byte,
    which is no unit, is left out."""
    if codec == "utf-16-le":
        return sample[1::2]
    return sample[0 : len(sample) // 2 * 2 : 2]


_SURROGATE_ROWS = bytes(range(0xD8, 0xE0))


def heaviest_total_at_most(sample: bytes, codec: str) -> float:
    """An upper bound on the total of ``score_candidate(sample, codec)`` for UTF-8 or UTF-16, from the
    bytes alone and coarser than :func:`utf16_total_at_most`: every character that may weigh more
    than 0 is charged :func:`heaviest_weight`, the rest (ASCII, U+FFFD, controls, characters of
    rows that weigh 0 or less, and the runs of U+FFFD) nothing.

    In UTF-8 such a character is a lead byte C2-F4 with a continuation byte 80-BF right after it,
    counted in C by :func:`_pairs_marked`; in UTF-16 it is a unit whose high byte is a row
    with a positive bound in :func:`total_at_most` (a character beyond the BMP is two units, each
    charged). Never negative, so it can only leave a decode out below a positive floor, as a ranking
    without exact runner-up sets (:func:`corpus.encoding.detect.detect_decoded`). The 512-byte
    samples of the bench corpus's GB18030 and Big5 files hold 0.19 and 0.13 such UTF-8 pairs per
    byte (medians), a bound of 0.65 and 0.44 per byte, where their own decodes score 1.0 per byte;
    their UTF-16 units fall in Hangul, private-use and other rows that weigh less than 0.

    >>> heaviest_total_at_most("中".encode("utf-8"), "utf-8") == heaviest_weight()
    True
    """
    if codec == "utf-8":
        pairs = _pairs_marked(sample, _UTF8_LEAD_BITS, _UTF8_CONTINUATION_BITS)
        return pairs.bit_count() * heaviest_weight()
    high = _utf16_high_bytes(sample, codec)
    return len(high.translate(None, _weightless_rows())) * heaviest_weight()


@functools.cache
def _weightless_rows() -> bytes:
    """The UTF-16 rows (high bytes) whose bound in :func:`total_at_most` is 0 or less."""
    bounds = _row_bounds()
    return bytes(row for row in range(256) if bounds.table[row] <= bounds.offset)


_UTF8_LEAD_BITS = bytes(1 if 0xC2 <= byte <= 0xF4 else 0 for byte in range(256))
_UTF8_CONTINUATION_BITS = bytes(1 if 0x80 <= byte <= 0xBF else 0 for byte in range(256))


@functools.cache
def heaviest_weight() -> float:
    """The highest weight any character has (the BMP table, the listed characters beyond it; the
    class weights there are at most 0), rounded up to a half unit so that a count times it is exact
    (3.5: the top weight is 3.31)."""
    heaviest = max(0.0, max(bmp_weights()), max(_listed_weights(), default=0.0))
    return math.ceil(2 * heaviest) / 2


def _total_at_most(text: str, replaced: int, runs: int, ascii_count: int) -> float:
    """:func:`total_at_most` with the count of U+FFFD, of their runs and of ASCII characters
    already made."""
    bounds = _row_bounds()
    rows = _utf16_rows(text)
    half = sum(rows.translate(bounds.table)) - bounds.offset * len(rows)
    # U+FFFD is charged 0 (its runs are charged below): take back what its row, FF, was charged, in
    # whole half units, rather than delete the U+FFFD first (4 us on a UTF-8 decode of 512 GB18030
    # bytes, three quarters of it U+FFFD).
    half -= replaced * (bounds.table[0xFF] - bounds.offset)
    half -= ascii_count * bounds.ascii_half
    return half / 2 + runs * REPLACEMENT
