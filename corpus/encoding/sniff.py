"""Cheap byte-level evidence taken before any decode: BOMs, magic numbers, NUL layout, control bytes.

Each function looks at raw bytes only and answers one question. :mod:`corpus.encoding.detect` combines
them; nothing here decodes text or scores it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE must be tried before UTF-16 LE: FF FE 00 00 starts with the UTF-16 LE BOM.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""Byte order marks and the Python codec that decodes the file *and drops the mark*."""

TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b\x1a")
"""C0 bytes that real text files contain: whitespace, ESC (ANSI colours, ISO-2022), SUB (DOS EOF)."""

BINARY_CONTROL_RATIO = 0.05
"""Share of NUL and other C0 control bytes above which a file that is not UTF-16/32 is binary.
Random and compressed bytes have about 11% (28 of 256 values); text files have almost none, and a
text file with a handful of stray controls stays far below 5% once it is longer than a line."""

MIN_CONTROLS_FOR_BINARY = 2
"""A single control byte never makes a file binary, however short the file is."""


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """Return the codec named by a leading BOM and the BOM's length, or None.

    >>> sniff_bom(b"\\xef\\xbb\\xbfabc")
    ('utf-8-sig', 3)
    """
    # Most text starts with none of their first bytes: one set lookup instead of five startswith.
    if not data or data[0] not in _BOM_FIRST_BYTES:
        return None
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _ in BOMS)


@functools.cache
def _magic_table() -> tuple[tuple[str, int, bytes], ...]:
    table = resources.files("corpus.encoding").joinpath("data").joinpath("magic.tsv")
    text = table.read_text(encoding="utf-8")
    rows: list[tuple[str, int, bytes]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, offset, hex_bytes = line.split("\t")
        rows.append((name, int(offset), bytes.fromhex(hex_bytes)))
    return tuple(rows)


@functools.cache
def _magic_index() -> dict[int | None, tuple[tuple[str, int, bytes], ...]]:
    """Magic numbers at offset 0 grouped by first byte (None: those at other offsets)."""
    index: dict[int | None, list[tuple[str, int, bytes]]] = {}
    for row in _magic_table():
        key = row[2][0] if row[1] == 0 else None
        index.setdefault(key, []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


def sniff_magic(data: bytes) -> str | None:
    """Name the binary format whose magic number ``data`` starts with, or None.

    >>> sniff_magic(b"\\x89PNG\\r\\n\\x1a\\n....")
    'png'
    """
    if not data:
        return None
    index = _magic_index()
    for name, offset, magic in index.get(data[0], ()) + index.get(None, ()):
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


@dataclass(frozen=True, slots=True)
class ControlCounts:
    """NUL bytes by position modulo 4, and other non-text control bytes, in a sample."""

    length: int
    nul_by_offset: tuple[int, int, int, int]
    other_controls: int

    @property
    def nuls(self) -> int:
        return sum(self.nul_by_offset)

    @property
    def controls(self) -> int:
        """NULs and other control bytes together."""
        return self.nuls + self.other_controls

    @property
    def control_ratio(self) -> float:
        return self.controls / self.length if self.length else 0.0


_BAD_CONTROLS = bytes(b for b in range(1, 0x20) if b not in TEXT_CONTROLS) + b"\x7f"
_ALL_BUT_BAD_CONTROLS = bytes(b for b in range(256) if b not in _BAD_CONTROLS)


def count_controls(sample: bytes) -> ControlCounts:
    """Count NULs at each offset modulo 4 and the other control bytes (C-speed ``bytes.count``)."""
    if b"\x00" not in sample:  # most text: one memchr instead of four strided copies to count in
        nul_by_offset = (0, 0, 0, 0)
    else:
        nul_by_offset = (
            sample[0::4].count(0),
            sample[1::4].count(0),
            sample[2::4].count(0),
            sample[3::4].count(0),
        )
    # What is left after deleting every other byte: text has almost none, so the copy is empty
    # (2.2 us on the heads of the 20 MB bench corpus, where deleting the controls and comparing
    # lengths copied the whole head: 3.3 us).
    other = len(sample.translate(None, _ALL_BUT_BAD_CONTROLS))
    return ControlCounts(len(sample), nul_by_offset, other)


def has_controls(sample: bytes) -> bool:
    """Whether ``sample`` holds a byte that :func:`count_controls` counts (a NUL or another non-text
    control byte), without counting them."""
    # Deleting every other byte leaves an empty copy for text (deleting the controls copied it all).
    return b"\x00" in sample or bool(sample.translate(None, _ALL_BUT_BAD_CONTROLS))


WideGuess = Literal["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"]


def wide_candidates(counts: ControlCounts) -> tuple[WideGuess, ...]:
    """UTF-16/32 layouts that the NUL positions point to, most specific first.

    ASCII in UTF-16 LE is ``x 00``: NULs at odd offsets. Any BMP character in UTF-32 LE is
    ``x x 00 00``. Han text in UTF-16 has no NULs at all, so this finds only text with some ASCII in
    it (newlines, digits, spaces); pure Han UTF-16 is left to the decode-and-score step.
    """
    nuls = counts.nuls
    if nuls < 2 or nuls < counts.length * 0.02:
        return ()
    guesses: list[WideGuess] = []
    units = max(1, counts.length // 4)
    # Half, not 90%: a damaged UTF-32 file (three invalid units in a 28-byte one) must still count.
    if counts.nul_by_offset[3] >= units * 0.5 and counts.nul_by_offset[2] >= units * 0.5:
        guesses.append("utf-32-le")
    if counts.nul_by_offset[0] >= units * 0.5 and counts.nul_by_offset[1] >= units * 0.5:
        guesses.append("utf-32-be")
    # Either UTF-16 byte order: the caller scores both, because the NUL parity misleads for Han text
    # (一 is 00 4E in UTF-16 LE) and for damaged files (a lone surrogate D8 00 adds a NUL).
    guesses += ["utf-16-le", "utf-16-be"]
    return tuple(guesses)


def looks_binary(counts: ControlCounts) -> bool:
    """True when control bytes are too many for a text file that is not UTF-16/32."""
    return counts.controls >= MIN_CONTROLS_FOR_BINARY and counts.control_ratio > BINARY_CONTROL_RATIO
