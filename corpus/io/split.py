"""Split a large file into chunks at paragraph boundaries, so one huge file is many tasks.

A 5 GB dump is one file but must not be one task: it would serialize the run on one core and need
gigabytes of memory. Files larger than the split size are cut into byte ranges after their encoding has
been detected on the first bytes. Every cut falls just after a blank line (or, failing that, a line break)
found near the target offset, encoded in the file's own encoding and aligned to its code units, so that no
chunk starts inside a character:

* In UTF-8, GB18030, CP950/Big5-HKSCS, Shift_JIS and EUC encodings, the byte 0x0A only ever means a line
  feed: none of them uses it as a trail byte. A cut after ``\\n`` is always a character boundary.
* In UTF-16 and UTF-32, a line feed is a 2- or 4-byte unit, searched for at offsets aligned to the unit.
* HZ-GB-2312 keeps shift state across bytes, and unknown encodings might too: such files are not split.

Each chunk is then decoded on its own with the file's codec (without BOM handling after the first chunk).
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.document import pickled_by_fields
from corpus.io.locations import Location

SPLIT_SEARCH_WINDOW = 1 << 20
"""Bytes scanned after a target offset for a blank line before settling for a plain line break."""

ASCII_COMPATIBLE = frozenset(
    {
        "utf-8",
        "utf-8-sig",
        "ascii",
        "gb18030",
        "gbk",
        "gb2312",
        "cp950",
        "big5",
        "big5hkscs",
        "cp932",
        "shift_jis",
        "euc_jp",
        "euc_kr",
        "cp949",
        "cp1252",
        "latin-1",
        "koi8_r",
    }
)

WIDE = {
    "utf-16-le": (2, b"\n\x00"),
    "utf-16-be": (2, b"\x00\n"),
    "utf-32-le": (4, b"\n\x00\x00\x00"),
    "utf-32-be": (4, b"\x00\x00\x00\n"),
}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Chunk:
    """Bytes ``[start, end)`` of a file, decoded with ``codec``; ``part`` counts from 0."""

    part: int
    parts: int
    start: int
    end: int
    codec: str


def _normalize(codec: str) -> str:
    return codec.lower().replace("_", "-") if codec.lower().startswith("utf") else codec.lower()


def wide_codec(codec: str, head: bytes) -> str | None:
    """The explicit-endian codec of a UTF-16/32 file (a BOM codec is resolved from the BOM itself)."""
    name = _normalize(codec)
    if name in WIDE:
        return name
    if name == "utf-16":
        return "utf-16-be" if head.startswith(b"\xfe\xff") else "utf-16-le"
    if name == "utf-32":
        return "utf-32-be" if head.startswith(b"\x00\x00\xfe\xff") else "utf-32-le"
    return None


def continuation_codec(codec: str, head: bytes) -> str | None:
    """The codec for chunks after the first, or None when the encoding cannot be split safely."""
    name = _normalize(codec)
    wide = wide_codec(codec, head)
    if wide is not None:
        return wide
    if name == "utf-8-sig":
        return "utf-8"
    if name.replace("-", "_") in ASCII_COMPATIBLE or name in ASCII_COMPATIBLE:
        return codec
    return None


SENTENCE_ENDS = ("。", "！", "？")
"""Where a file with no line break near a cut is cut instead: after a full-width sentence end."""

SELF_SYNCHRONIZING = ("utf-8", *WIDE)
"""Continuation codecs in which a character's bytes, found at a unit-aligned offset, are that
character, so a sentence end can be searched for as bytes. In GB18030 and Big5 a trail byte followed
by a lead byte can spell it by accident, so those files are cut at line breaks only."""


def _sentence_ends(codec: str) -> tuple[bytes, ...]:
    if codec not in SELF_SYNCHRONIZING:
        return ()
    return tuple(mark.encode(codec) for mark in SENTENCE_ENDS)


def _find_cut(
    location: Location,
    target: int,
    size: int,
    unit: int,
    newline: bytes,
    sentence_ends: tuple[bytes, ...] = (),
) -> int | None:
    """First offset at or after ``target`` just past a blank line (else a line break, else a
    sentence end where the encoding allows it), unit-aligned. The last resort keeps a file that is one
    long line (a minified dump) from becoming one task whose memory grows with the file."""
    window = location.read(target, SPLIT_SEARCH_WINDOW)
    for pattern in (newline * 2, newline, *sentence_ends):
        index = window.find(pattern)
        while index != -1 and (target + index) % unit != 0:
            index = window.find(pattern, index + 1)
        if index != -1:
            cut = target + index + len(pattern)
            return cut if cut < size else None
    return None


def plan_chunks(
    location: Location, size: int, codec: str, split_bytes: int, head: bytes
) -> list[Chunk] | None:
    """Byte ranges for a file larger than ``split_bytes``, or None when it should not be split."""
    if size <= split_bytes:
        return None
    later = continuation_codec(codec, head)
    if later is None:
        return None
    wide = WIDE.get(later)
    unit, newline = wide if wide is not None else (1, b"\n")
    cuts = [0]
    target = split_bytes
    while target < size:
        cut = _find_cut(location, target, size, unit, newline, _sentence_ends(later))
        if cut is None:
            break
        cuts.append(cut)
        target = cut + split_bytes
    if len(cuts) == 1:
        return None
    cuts.append(size)
    parts = len(cuts) - 1
    return [
        Chunk(
            part=index,
            parts=parts,
            start=cuts[index],
            end=cuts[index + 1],
            codec=codec if index == 0 else later,
        )
        for index in range(parts)
    ]
