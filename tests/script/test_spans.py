"""Specification of script classification helpers (corpus/script/spans.py)."""

from __future__ import annotations

import re
from unittest import mock

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.script import spans
from corpus.script.spans import FOREIGN_SHARE, HAN, HANGUL, KANA, CharacterSet, foreign_verdict


def verdict_from_full_counts(text: str) -> str | None:
    """The definition of :func:`foreign_verdict`: every Han, kana and Hangul character counted."""
    han = len(HAN.findall(text))
    kana = len(KANA.findall(text))
    if kana and kana >= FOREIGN_SHARE * (kana + han):
        return "japanese"
    hangul = len(HANGUL.findall(text))
    if hangul and hangul >= FOREIGN_SHARE * (hangul + han):
        return "korean"
    return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本語の文章です。ここにかなが多い。", "japanese"),
        ("한국어 문장입니다. 漢字도 있습니다.", "korean"),
        ("中文" * 1500 + "の", None),
        ("中文" * 1100 + "のです" * 40, "japanese"),
        ("中文" * 1100 + "한국" * 40, None),
        ("中文" * 1100 + "한국" * 70, "korean"),
    ],
    ids=[
        "japanese-sentence",
        "korean-sentence",
        "long-chinese-page-with-one-kana",
        "kana-past-the-first-block",
        "hangul-under-the-share",
        "hangul-at-the-share",
    ],
)
def test_foreign_verdict_counts_the_share_of_kana_and_hangul(text: str, expected: str | None) -> None:
    """Kana (Hangul) at 5% of kana + Han characters makes a document Japanese (Korean): 120 kana
    beside 2,200 Han characters are 5.2%; 80 Hangul are 3.5%, 140 are 6.0%."""
    assert foreign_verdict(text) == expected


FOREIGN_ALPHABET = st.sampled_from(list("中文字漢のかナ한국 ，。a"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=FOREIGN_ALPHABET, max_size=200))
def test_counting_han_a_block_at_a_time_gives_the_verdict_of_the_full_count(text: str) -> None:
    """foreign_verdict stops counting Han characters once neither share can be reached; with tiny
    blocks every stopping point is tried, and the verdict must stay that of the full count."""
    with mock.patch.object(spans, "_HAN_BLOCK", 3):
        assert foreign_verdict(text) == verdict_from_full_counts(text)


SET_ALPHABET = st.sampled_from([*"這说著着的台臺，\n", "\U00020000", "\U0002a6a5", "の"])


BMP_ONLY_ALPHABET = st.sampled_from([*"aé中文這", "\U00020000", "\U0001f600"])


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=BMP_ONLY_ALPHABET, max_size=80))
def test_bmp_only_never_claims_a_text_with_an_astral_character(text: str) -> None:
    """bmp_only tells from the string's size alone; a True must mean no character beyond U+FFFF."""
    if spans.bmp_only(text):
        assert all(ord(character) <= 0xFFFF for character in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中文" * 20, True),
        ("é" * 40, True),
        ("plain ascii", True),
        ("中文" * 20 + "\U00020000", False),
        ("\U00020000" * 40, False),
    ],
    ids=["han-page", "latin-1-page", "ascii", "han-page-with-extension-b", "all-astral"],
)
def test_bmp_only_answers_for_a_page_by_its_widest_character(text: str, expected: bool) -> None:
    """A page stored two bytes per character (or fewer) is known to be BMP-only, so scans take the
    short class; one astral character widens the whole string to four bytes per character."""
    assert spans.bmp_only(text) is expected


SET_MEMBERS = "這著台\U00020000"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=SET_ALPHABET, max_size=60),
    start=st.integers(min_value=0, max_value=70),
    end=st.integers(min_value=0, max_value=70),
)
def test_character_set_answers_as_a_scan_of_every_character(text: str, start: int, end: int) -> None:
    """found, search, findall, count and finditer, on BMP-only text (the short class) and on text
    with astral characters (the long class and the exact check), agree with a character-by-character
    definition of the set."""
    chosen = CharacterSet.of(SET_MEMBERS)
    inside = [(i, c) for i, c in enumerate(text) if c in SET_MEMBERS]
    window = [(i, c) for i, c in inside if start <= i < end]
    assert chosen.found(text, start, end) is bool(window)
    match = chosen.search(text, start, end)
    assert (None if match is None else (match.start(), match.group())) == (window[0] if window else None)
    assert sorted(chosen.findall(text)) == sorted(c for _, c in inside)
    assert chosen.count(text, start, end) == len(window)
    assert [(m.start(), m.group()) for m in chosen.finditer(text, start, end)] == window


def test_a_set_of_astral_characters_only_finds_nothing_in_bmp_text() -> None:
    """A set without BMP members has no short class; on a BMP-only page it must find nothing, and on
    a page holding its member find it."""
    chosen = CharacterSet.of("\U00020000")
    assert not chosen.found("中文" * 20)
    assert chosen.findall("中文" * 20) == []
    assert chosen.findall("中文" * 20 + "\U00020000") == ["\U00020000"]
    assert chosen.count("中文" * 20 + "\U00020000") == 1


def test_bmp_only_says_unsure_where_string_sizes_do_not_follow_pep_393() -> None:
    """Outside CPython the size of a string says nothing about its width: bmp_only answers False,
    and the sets scan with their long class, finding the same characters."""
    chosen = CharacterSet.of(SET_MEMBERS)
    text = "這著的" * 10 + "台"
    with mock.patch.object(spans, "_SIZES_TELL_WIDTH", False):
        assert spans.bmp_only(text) is False
        assert chosen.count(text) == 21
        assert chosen.found(text, 29, 31)


def class_of_every_character(codes: list[int]) -> str:
    """The definition of the class pattern: a loop over the code points that closes a run where the
    next one is not one more, escaping each run's ends with :func:`re.escape`."""
    parts: list[str] = []
    run_start = run_end = codes[0]
    for code in [*codes[1:], -1]:
        if code == run_end + 1:
            run_end = code
            continue
        first, last = re.escape(chr(run_start)), re.escape(chr(run_end))
        parts.append(first if run_start == run_end else f"{first}-{last}")
        run_start = run_end = code
    return "[" + "".join(parts) + "]"


CLASS_ALPHABET = st.one_of(
    st.integers(min_value=0, max_value=0x7F),  # every ASCII character, the escaped ones included
    st.integers(min_value=0x4E00, max_value=0x4E40),  # dense: long runs
    st.integers(min_value=0x20000, max_value=0x20010),
    st.integers(min_value=0, max_value=0x10FFFF).filter(lambda code: not 0xD800 <= code < 0xE000),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(CLASS_ALPHABET, min_size=1, max_size=80))
def test_a_class_pattern_is_the_one_a_loop_over_its_characters_writes(codes: list[int]) -> None:
    """The runs found in C and the escaping of ASCII ends only give the same pattern, character for
    character, as closing runs and escaping their ends one by one (fails if a run's end is off by
    one or an escaped character is left bare)."""
    chosen = sorted(set(codes))
    expected = class_of_every_character(chosen)
    assert spans._class_pattern([chr(code) for code in codes]) == re.compile(expected)
    pattern = spans._code_class(chosen)
    assert pattern is not None
    assert pattern.pattern == expected


def test_only_ascii_characters_need_escaping_in_a_class() -> None:
    """:func:`spans._code_class` escapes only below U+0080: :func:`re.escape` leaves every other
    code point as it is (checked over the whole range but the surrogates)."""
    outside_ascii = "".join(chr(code) for code in range(0x80, 0x110000) if not 0xD800 <= code < 0xE000)
    assert re.escape(outside_ascii) == outside_ascii


def test_kana_and_hangul_are_found_block_by_block_as_by_a_match_per_code_point() -> None:
    """The foreign characters (one findall over each block's characters) are the code points a
    match per code point finds, in the same order."""
    compiled = regex.compile(spans.FOREIGN_CHARACTERS)
    expected = [
        chr(code)
        for first, last in spans.KANA_HANGUL_BLOCKS
        for code in range(first, last + 1)
        if compiled.match(chr(code))
    ]
    assert spans._script_characters(spans.FOREIGN_CHARACTERS, spans.KANA_HANGUL_BLOCKS) == expected
    assert len(expected) > 11_000
