"""Specification of the character weights (corpus/encoding/frequency.py)."""

from __future__ import annotations

from corpus.encoding import frequency
from corpus.encoding.frequency import FLOOR, GARBAGE, bmp_weights, load_weights


def test_the_bmp_class_table_is_the_class_weight_of_every_code_point() -> None:
    """The table built a block at a time gives every BMP code point what :func:`_class_weight`
    gives it alone (surrogates: GARBAGE): fails if a range is off by one or a rule is written in
    the wrong order (U+3000 is a space, but weighs as CJK punctuation; U+3040 is unassigned, but
    weighs as kana)."""
    expected = [
        GARBAGE if 0xD800 <= code < 0xE000 else frequency._class_weight(chr(code)) for code in range(0x10000)
    ]
    table = frequency._bmp_class_weights()
    assert len(table) == 0x10000
    assert [code for code in range(0x10000) if table[code] != expected[code]] == []
    assert table[0x3000] == frequency.CJK_PUNCTUATION
    assert table[0x3040] == frequency.FOREIGN_SCRIPT


def test_a_listed_character_weighs_the_better_of_its_two_lists() -> None:
    """Every BMP character of either list gets the higher of its two weights (the missing one
    counted as FLOOR); every other code point keeps its class weight."""
    weights = load_weights()
    table = bmp_weights()
    classes = frequency._bmp_class_weights()
    listed = {ord(char) for char in {*weights.simplified, *weights.traditional}}
    for code in range(0x10000):
        char = chr(code)
        if code in listed:
            best = max(weights.simplified.get(char, FLOOR), weights.traditional.get(char, FLOOR))
            assert table[code] == best, char
        else:
            assert table[code] == classes[code], char
