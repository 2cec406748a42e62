"""Tests for corpus.encoding.score: the sum that ranks decodes is the plain sum of character weights.

The scorer takes shortcuts for speed (ASCII and U+FFFD are left out of the sum, the characters outside
the BMP are weighed apart). These tests recompute every total the slow, obvious way, one character at
a time, and require the same float to the last bit: a verdict (codec, confidence rounded to three
places) must not depend on the shortcut.
"""

from __future__ import annotations

import codecs
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.encoding.frequency import GARBAGE, REPLACEMENT, bmp_weights, char_weight, load_weights
from corpus.encoding.score import (
    BOUND_SLACK,
    RESYNC,
    RESYNC_AT_MOST,
    count_han,
    decode_counted,
    decode_tolerant,
    has_stray_after_lead,
    heaviest_total_at_most,
    is_cut_character,
    replacement_runs,
    score_candidate,
    score_candidate_unless_below,
    score_text,
    total_at_most,
    utf16_total_at_most,
)
from tests.encoding.texts import SIMPLIFIED, TRADITIONAL

CONTROL_CODES = (*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F)
CONTROL_CHARACTERS = "".join(map(chr, CONTROL_CODES))

PIECES = [
    "的",
    "中文",
    "鍙樺",
    "\ufffd",
    "\ufffd\ufffd\ufffd",
    " ",
    "a,",
    "\n",
    "\x01",
    "\x7f",
    "ä¸­",
    "한국",
    "かな",
    "\ue000",
    "\U00020000",
    "\U0001f600",
    "\u3000",
    "，",
]


def reference_total(text: str) -> float:
    """What the score means: the weights of the non-ASCII BMP characters summed in text order, then
    those of the characters beyond the BMP, then a penalty per C0 control and per run of U+FFFD."""
    total = sum(char_weight(char) for char in text if 0x80 <= ord(char) < 0x10000)
    astral = [char for char in text if ord(char) >= 0x10000]
    if astral:
        total += sum(char_weight(char) for char in astral)
    total += sum(1 for char in text if char in CONTROL_CHARACTERS) * GARBAGE
    runs = sum(1 for key, _ in itertools.groupby(text) if key == "\ufffd")
    return total + runs * REPLACEMENT


texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_total_is_the_plain_sum_of_character_weights_to_the_last_bit(text: str) -> None:
    scored = score_text(text, "utf-8")
    assert scored.total.hex() == reference_total(text).hex()
    assert scored.replaced == text.count("\ufffd")
    assert scored.scored_chars == sum(1 for char in text if ord(char) >= 0x80 or char in CONTROL_CHARACTERS)


def test_a_wrong_codecs_decode_that_is_mostly_replacement_characters_keeps_its_exact_total() -> None:
    """GB18030 bytes read as UTF-8 are one long run of U+FFFD with a few accidental characters: the
    case where leaving U+FFFD out of the sum saves the most."""
    data = ("今天早上下了一场大雨，学校门口的积水很深" * 10).encode("gb18030")
    scored = score_candidate(data, "utf-8")
    assert scored.replaced > len(scored.text) // 2
    assert scored.total.hex() == reference_total(scored.text).hex()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\ufffd", "\ufffd\ufffd", "a", "中", ""]), max_size=30).map("".join))
def test_runs_of_replacement_characters_are_counted_as_maximal_runs(text: str) -> None:
    expected = sum(1 for key, _ in itertools.groupby(text) if key == "\ufffd")
    assert replacement_runs(text) == expected
    assert score_text(text, "utf-8").error_runs == expected


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=64),
    st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
)
def test_the_direct_decode_matches_the_incremental_decoder(data: bytes, codec: str) -> None:
    """decode_tolerant calls the C function behind these codecs' incremental decoders directly."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    expected = decoder.decode(data, final=False)
    assert decode_tolerant(data, codec, "replace") == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [0x00, 0x0A, 0x30, 0x39, 0x41, 0x81, 0x84, 0xA0, 0xA1, 0xB0, 0xC4, 0xD8, 0xEF, 0xFE, 0xFF]
        )
        | st.integers(0, 255),
        max_size=40,
    ).map(bytes),
    st.sampled_from(["gb18030", "cp950", "big5hkscs", "utf-8-sig", "utf-16", "utf-32"]),
    st.sampled_from(["replace", RESYNC]),
    st.booleans(),
)
def test_a_decode_is_the_incremental_decode_less_a_character_cut_off_at_the_end(
    data: bytes, codec: str, errors: str, little_endian: bool
) -> None:
    """What decode_tolerant promises, spelled out with the incremental decoder: the bytes it holds
    back at the end are dropped when they start a character, decoded (replaced) otherwise. UTF-16
    and UTF-32 (the BOM codecs) get a BOM, as the detector gives them only bytes that have one."""
    boms = {
        "utf-16": (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE),
        "utf-32": (codecs.BOM_UTF32_BE, codecs.BOM_UTF32_LE),
    }
    if codec in boms:
        data = boms[codec][little_endian] + data
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    expected = decoder.decode(data, final=False)
    if not is_cut_character(decoder.getstate()[0], codec):
        expected += decoder.decode(b"", final=True)
    assert decode_tolerant(data, codec, errors) == expected


wide_texts = st.lists(
    st.sampled_from(PIECES) | st.text(st.characters(codec="utf-8"), max_size=4), max_size=80
).map("".join)


@settings(max_examples=500, deadline=None)
@given(wide_texts)
def test_the_cheap_bound_is_never_below_the_total(text: str) -> None:
    assert total_at_most(text) >= score_text(text, "utf-8").total


@pytest.mark.parametrize(
    "codec", ["gb18030", "cp950", "utf-8", "utf-16-le", "utf-16-be", "big5hkscs"], ids=str
)
def test_the_bound_holds_for_every_decode_of_chinese_bytes(codec: str) -> None:
    for data in (SIMPLIFIED.encode("gb18030"), TRADITIONAL.encode("cp950"), SIMPLIFIED.encode("utf-16-le")):
        text = decode_tolerant(data, codec, "replace")
        assert total_at_most(text) >= score_text(text, codec).total


def test_a_utf16_decode_of_gb18030_bytes_is_bounded_below_the_gb18030_decode() -> None:
    """The case the bound is for: it must be tight enough to leave that decode unsummed."""
    data = SIMPLIFIED.encode("gb18030")
    gb18030 = score_candidate(data, "gb18030").total
    assert score_candidate_unless_below(data, "utf-16-le", gb18030) is None
    assert score_candidate_unless_below(data, "utf-16-le", -1e9) == score_candidate(data, "utf-16-le")


cjk_bytes = st.lists(
    st.sampled_from([0x0A, 0x41, 0x81, 0x9F, 0xA0, 0xA1, 0xA4, 0xB0, 0xC4, 0xF9, 0xFE, 0xFF, 0x30, 0x39])
    | st.integers(0, 255),
    max_size=80,
).map(bytes)


@settings(max_examples=1000, deadline=None)
@given(cjk_bytes, st.sampled_from(["gb18030", "cp950", "big5hkscs"]))
def test_a_sample_is_decoded_as_if_every_few_error_decode_were_resynchronised(
    data: bytes, codec: str
) -> None:
    """decode_counted skips the resynchronising decode where no lead byte is followed by a stray
    byte; the text must be what that decode gives."""
    replaced = decode_tolerant(data, codec, "replace")
    expected = replaced
    if 0 < replaced.count("\ufffd") <= RESYNC_AT_MOST:
        expected = decode_tolerant(data, codec, RESYNC)
    assert decode_counted(data, codec) == (expected, expected.count("\ufffd"))


@settings(max_examples=1000, deadline=None)
@given(cjk_bytes, st.sampled_from(["gb18030", "cp950", "big5hkscs"]))
def test_a_stray_after_a_lead_is_found_where_the_pair_pattern_finds_one(data: bytes, codec: str) -> None:
    """The pair is a lead byte 81-FE followed by FF, or in Big5 by 80-A0 as well."""
    stray = rb"\xff" if codec == "gb18030" else rb"[\x80-\xa0\xff]"
    expected = re.search(rb"[\x81-\xfe]" + stray, data) is not None
    assert has_stray_after_lead(data, codec) == expected


SPACING_PIECES = ["中", "㐀", "鿿", "㏿", "ꀀ", " ", ",", ".", "!", "?", ";", ":", "a", "\n", "ア"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(SPACING_PIECES), max_size=30).map("".join))
def test_spaced_han_and_han_before_ascii_punctuation_are_counted_as_han_first_patterns_find_them(
    text: str,
) -> None:
    """The counts behind the Korean and Western tests of detect._looks_foreign, written as the
    patterns read: a Han character, then a space and another Han character (or ASCII punctuation and
    a space)."""
    scored = score_text(text, "gb18030")
    assert scored.spaced_han == len(re.findall(r"[\u3400-\u9fff] (?=[\u3400-\u9fff])", text))
    assert scored.han_ascii_punctuation == len(re.findall(r"[\u3400-\u9fff][,.;:!?] ", text))


HAN_PIECES = ["中", "㐀", "䶵", "䷀", "䶿", "\U00020000", "\U0001f600", "𠀀", "。", "a", " ", "\ufffd"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HAN_PIECES) | st.text(max_size=2), max_size=40).map("".join))
def test_han_characters_are_counted_as_the_han_pattern_finds_them(text: str) -> None:
    assert count_han(text) == len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]", text))


utf16_bytes = st.lists(
    st.sampled_from([b"\x00", b"\xd8", b"\xdc", b"\xb0\xa1", b"\x4e", b"\xff", b"\xfd", b"\x30", b"\x0a"])
    | st.binary(max_size=3),
    max_size=120,
).map(b"".join)


@settings(max_examples=1000, deadline=None)
@given(utf16_bytes, st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_the_bound_from_utf16_bytes_is_never_below_the_total(data: bytes, codec: str) -> None:
    bound = utf16_total_at_most(data, codec)
    if bound is not None:
        assert score_candidate(data, codec).total <= bound + BOUND_SLACK


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["中".encode(), "é".encode(), "\U00020000".encode(), b"\xb0\xa1", b"\xe4\xb8"])
        | st.binary(max_size=4),
        max_size=60,
    ).map(b"".join)
)
def test_the_coarse_bound_from_utf8_bytes_is_never_below_the_total(data: bytes) -> None:
    assert score_candidate(data, "utf-8").total <= heaviest_total_at_most(data, "utf-8") + BOUND_SLACK


@settings(max_examples=1000, deadline=None)
@given(utf16_bytes, st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_the_coarse_bound_from_utf16_bytes_is_never_below_the_total(data: bytes, codec: str) -> None:
    assert score_candidate(data, codec).total <= heaviest_total_at_most(data, codec) + BOUND_SLACK


def test_every_character_that_weighs_more_than_zero_is_charged_by_the_coarse_bounds() -> None:
    """The coarse bounds leave out only what weighs 0 or less, so each character of positive weight,
    three times over, must stay within them (beyond the BMP: the listed characters)."""
    weights = bmp_weights()
    listed = load_weights()
    chars = [chr(code) for code in range(0x80, 0x10000) if weights[code] > 0.0]
    chars += [char for char in {*listed.simplified, *listed.traditional} if ord(char) > 0xFFFF]
    assert len(chars) > 1000
    for char in chars:
        for codec in ("utf-8", "utf-16-le", "utf-16-be"):
            data = (char * 3).encode(codec, "surrogatepass")
            total = score_candidate(data, codec).total
            assert total <= heaviest_total_at_most(data, codec) + BOUND_SLACK, (char, codec)
