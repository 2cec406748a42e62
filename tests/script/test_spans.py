"""Specification of script classification helpers (corpus/script/spans.py)."""

from __future__ import annotations

from unittest import mock

import pytest
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


LOCATE_ALPHABET = st.sampled_from([*"這说著着的台臺，\n", "\U00020000", "\U0002a6a5", "の"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=LOCATE_ALPHABET, max_size=60))
def test_locate_gives_every_character_of_the_set_with_its_position(text: str) -> None:
    """locate takes characters and positions from one finditer; they must be the positions a scan
    over every character finds, astral characters outside the set left out."""
    chosen = CharacterSet.of("這著台\U00020000")
    expected = [(c, i) for i, c in enumerate(text) if c in "這著台\U00020000"]
    characters, positions = chosen.locate(text)
    assert list(zip(characters, positions, strict=True)) == expected
