"""Recognize and undo mojibake: UTF-8 text once decoded with the wrong codec and saved again as UTF-8.

Two shapes are common in Chinese corpora. UTF-8 bytes read as GBK turn ``变化`` into ``鍙樺寲``-like
runs of rare Han characters; UTF-8 bytes read as cp1252 or latin-1 turn ``中文`` into ``ä¸­æ–‡``. Both
are undone by encoding the text back with the wrong codec and decoding the bytes as UTF-8.

A repair is accepted only when the round trip decodes as UTF-8 and the result reads much more like
Chinese than the input (scored with :mod:`corpus.encoding.score`). Correct text almost never survives
the round trip: a GBK byte string is valid UTF-8 only by accident, and Western text such as ``café``
gives invalid UTF-8 when encoded back to cp1252. So the false positive this accepts is tiny, and the
false negative is mojibake whose creator dropped bytes (``errors="ignore"``), which cannot be undone.

>>> repair_mojibake("ä¸­æ–‡")
Repair(text='中文', kind='utf8-as-cp1252', replaced=0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from corpus.encoding.score import score_text

RepairKind = Literal["utf8-as-gbk", "utf8-as-cp1252"]

MIN_GAIN = 1.0
"""How much the mean character weight must rise (log10 units) before a repair is accepted. Real
mojibake gains 3 or more; 1.0 keeps clear of text that merely contains a few rare characters."""

MAX_REPLACED_SHARE = 0.2
"""A repair may add at most this share of U+FFFD. A mis-decoder with ``errors="replace"`` loses a byte
pair here and there (Python's gb18030 codec loses about 7% of the characters of UTF-8 prose), and the
rest is still worth repairing; the score gain (:data:`MIN_GAIN`) guards against false repairs."""

GOOD_TEXT_MEAN = 1.0
"""A text whose mean weight is already this high reads as Chinese: GBK mojibake is not tried."""


@dataclass(frozen=True, slots=True)
class Repair:
    text: str
    kind: RepairKind
    replaced: int


def _cp1252_bytes(text: str) -> bytes | None:
    """Encode as cp1252, mapping the five bytes cp1252 leaves undefined through latin-1, as a decoder
    that fell back to latin-1 would have produced them; U+FFFD becomes an invalid byte. None if a
    character fits none of these."""
    out = bytearray()
    for char in text:
        code = ord(char)
        if code < 0x80:
            out.append(code)
            continue
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if code < 0x100:
                out.append(code)
            elif char == "\ufffd":
                out.append(0xFF)
            else:
                return None
    return bytes(out)


def _gbk_bytes(text: str) -> bytes:
    """Encode as GB18030; U+FFFD (bytes the mis-decoder could not read) becomes one invalid byte, so
    the UTF-8 decode shows one U+FFFD where the lost bytes were."""
    if "\ufffd" not in text:  # the common case, without the split and join (1 us of 5.7 on 1,024 Han)
        return text.encode("gb18030", errors="replace")
    return b"\xff".join(part.encode("gb18030", errors="replace") for part in text.split("\ufffd"))


def mojibake_bytes(text: str, kind: RepairKind) -> bytes:
    """The UTF-8 bytes that ``text`` was misread from. Works chunk by chunk, so a stream can be
    repaired by feeding these bytes to an incremental UTF-8 decoder."""
    if kind == "utf8-as-cp1252":
        raw = _cp1252_bytes(text)
        return raw if raw is not None else text.encode("utf-8")
    return _gbk_bytes(text)


def undo_mojibake(text: str, kind: RepairKind) -> str:
    """Apply a repair that :func:`repair_mojibake` recognized on a sample to a whole text."""
    return mojibake_bytes(text, kind).decode("utf-8", errors="replace")


_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_LATIN_LEAD_THEN_CONTINUATION = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")
_OUTSIDE_CP1252 = re.compile(f"[^\u0000-\u00ff{_CP1252_HIGH}]")


def _looks_latin_mojibake(text: str) -> bool:
    """A UTF-8 lead byte read as Â-ô followed by a continuation byte read as cp1252, and nothing
    that cp1252/latin-1 could not have produced."""
    # The second test first: on Chinese text it stops at the first Han character, where the first
    # would scan the whole text for a pair it does not hold.
    return _OUTSIDE_CP1252.search(text) is None and _LATIN_LEAD_THEN_CONTINUATION.search(text) is not None


def _accept(original: str, candidate: str, kind: RepairKind) -> Repair | None:
    replaced = candidate.count("\ufffd") - original.count("\ufffd")
    if candidate == original or replaced > max(0, int(len(candidate) * MAX_REPLACED_SHARE)):
        return None
    before = score_text(original, "utf-8")
    after = score_text(candidate, "utf-8")
    if after.han == 0 or after.mean < before.mean + MIN_GAIN:
        return None
    return Repair(candidate, kind, max(0, replaced))


def _surely_too_damaged(raw: bytes, replaced_before: int) -> bool:
    """Whether the UTF-8 decode of ``raw`` is sure to fail the U+FFFD share test of
    :func:`repair_mojibake`, judged from the decode of its first three eighths, else its first half.

    Real Chinese text re-encoded as GBK is about 0.6 U+FFFD per byte as UTF-8 (the 1,220 UTF-8 files
    of the 20 MB bench corpus: 0.55-0.64), so half of it already holds more than the 20% allowed of
    the whole, and the other half need not be decoded. Exact, not a guess: the decode of a first part
    matches the whole's up to its last character, which the cut can turn into at most one extra
    U+FFFD; so the whole has at least ``found - 1`` of them, and its length is at most ``len(raw)``.
    """
    # Three eighths first: at 0.6 U+FFFD per byte that holds 0.225 per byte of the whole, enough for
    # 1,213 of the 1,309 non-ASCII UTF-8 files there (with a BOM or not, first 1,024 characters); the
    # half is decoded only for the others. A decode full of errors costs about 15 ns per error, so
    # the shorter cut saves a quarter of the decode.
    for cut in (len(raw) * 3 // 8, len(raw) // 2):
        found = raw[:cut].decode("utf-8", errors="replace").count("\ufffd")
        if found - 1 - replaced_before > len(raw) * MAX_REPLACED_SHARE:
            return True
    return False


def repair_mojibake(text: str) -> Repair | None:
    """Return the repaired text and what was undone, or None when the text is not mojibake."""
    if text.isascii():
        return None
    if _looks_latin_mojibake(text):
        raw = _cp1252_bytes(text)
        if raw is not None:
            repaired = _accept(text, raw.decode("utf-8", errors="replace"), "utf8-as-cp1252")
            if repaired is not None:
                return repaired
    # The round trip runs in C and fails at once on real Chinese text, so the scoring in _accept runs
    # only for likely mojibake.
    raw = _gbk_bytes(text)
    replaced_before = text.count("\ufffd")
    if _surely_too_damaged(raw, replaced_before):
        return None
    candidate = raw.decode("utf-8", errors="replace")
    if candidate.count("\ufffd") - replaced_before > len(candidate) * MAX_REPLACED_SHARE:
        return None
    if score_text(text, "utf-8").mean >= GOOD_TEXT_MEAN:
        return None
    return _accept(text, candidate, "utf8-as-gbk")
