"""Line splitting keeps exact offsets, and the core strips decoration but never words."""

from __future__ import annotations

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from corpus.boilerplate.lines import (
    _EMPHASIS,
    _INNER_EMPHASIS,
    _MARKDOWN_PREFIX,
    _OUTER,
    HAN_RANGES,
    PROSE_LONG_HAN,
    PROSE_MIN_HAN,
    _at_least_han,
    core_of,
    han_count,
    has_emphasis,
    is_prose,
    line_at,
    split_lines,
)


@pytest.mark.parametrize(
    ("line", "core"),
    [
        ("  **编辑：** ", "编辑："),
        ("## 回顾", "回顾"),
        ("> 原文标题：某某", "原文标题：某某"),
        ("关注**中****科天齐**", "关注中科天齐"),
        ("****", ""),
        ("#   ", ""),
        ("\u3000\u3000正文第一段。", "正文第一段。"),
    ],
    ids=["bold-label", "heading", "quote", "inner-emphasis", "stars", "empty-heading", "ideographic-indent"],
)
def test_the_core_drops_space_and_markdown_decoration(line: str, core: str) -> None:
    assert core_of(line) == core


@given(st.text(alphabet=st.sampled_from("ab中文\n\r 　*#"), max_size=60))
def test_lines_cover_the_text_exactly(text: str) -> None:
    lines = split_lines(text)
    assert "".join(text[line.start : line.end] for line in lines) == text
    for line in lines:
        assert text[line.start : line.start + len(line.text)] == line.text


def test_a_headline_is_not_prose_but_a_paragraph_is() -> None:
    (headline, paragraph) = split_lines(
        "小镇青年在工厂加班太辛苦，辞职回乡养蜂！三年收入翻了十倍\n"
        "他说流水线上的工作实在太过单调，让他难以坚持，于是回到老家学养蜂。\n"
    )
    assert not is_prose(headline)
    assert is_prose(paragraph)


def _prose_by_definition(text: str) -> bool:
    """is_prose as its docstring defines it, each count taken in full: not a heading, and 20 Han
    characters and a stop (。, ； or a . before a space), or 35 and a comma."""
    core = core_of(text)
    if text.lstrip().startswith("#"):
        return False
    stop = "。" in core or "；" in core or regex.search(r"\.\s", core) is not None
    comma = "，" in core or "," in core
    han = han_count(core)
    return (han >= PROSE_MIN_HAN and stop) or (han >= PROSE_LONG_HAN and comma)


@given(st.text(alphabet=st.sampled_from("中文a 。；，,.#\t"), min_size=1, max_size=60))
# On each side of the two thresholds: random text seldom holds 20 to 35 Han characters.
@example("中" * 19 + "。")
@example("中" * 20 + "。")
@example("中" * 25 + "，")
@example("中" * 34 + "，")
@example("中" * 35 + "，")
def test_prose_is_its_definition_whichever_test_is_asked_first(text: str) -> None:
    """is_prose asks the punctuation first and counts Han characters only to the threshold its
    branch needs; the answer is the definition's, counts taken in full."""
    (line,) = split_lines(text)
    assert is_prose(line) == _prose_by_definition(text)


@given(st.text(alphabet=st.sampled_from("ab中\n"), max_size=40))
def test_line_at_finds_the_line_that_holds_each_offset(text: str) -> None:
    lines = split_lines(text)
    starts = [line.start for line in lines]
    for line in lines:
        for offset in range(line.start, line.end):
            assert line_at(starts, offset) == line.index


def test_the_han_table_is_exactly_the_regex_modules_han_property() -> None:
    """The stdlib pattern that counts Han characters is built from HAN_RANGES; the rest of the step
    uses ``\\p{Han}``. Both must mean the same code points, over the whole code space."""
    every = "".join(map(chr, range(0x110000)))
    found = tuple((run.start(), run.end() - 1) for run in regex.finditer(r"\p{Han}+", every))
    assert found == HAN_RANGES, f"regenerate HAN_RANGES in corpus/boilerplate/lines.py: {found}"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("中文 text，𠀀〇々", 5),
        ("⺀⼀ ㊀", 2),
        ("ｈｅｌｌｏ１２３", 0),
        ("", 0),
    ],
    ids=["extension-b-and-marks", "radicals-not-circled", "fullwidth-latin", "empty"],
)
def test_han_count_counts_every_han_block_and_nothing_else(text: str, count: int) -> None:
    assert han_count(text) == count


def test_the_at_least_pattern_counts_every_han_code_point_and_nothing_else() -> None:
    """Over every code point at once: the pattern that is_prose asks for "at least n Han
    characters" accepts exactly the count han_count gives, and refuses one more."""
    every = "".join(chr(code) for code in range(0x110000) if code != 0x0A)
    count = han_count(every)
    assert _at_least_han(count).match(every) is not None
    assert _at_least_han(count + 1).match(every) is None


@given(
    st.text(
        alphabet=st.sampled_from("a 。，“”…中文〇々〆㐀䶿䷀䷿一鿿ꀀ豈﩮隆⺀⺚⼀⿕〡〸〻\ud800𠀀𰀀😀\u3000*#"),
        max_size=80,
    ),
    st.sampled_from([1, PROSE_MIN_HAN, PROSE_LONG_HAN]),
)
def test_the_at_least_pattern_agrees_with_the_han_count(text: str, count: int) -> None:
    assert (_at_least_han(count).match(text) is not None) == (han_count(text) >= count)


@given(st.text(alphabet=st.sampled_from("a中 　*_#>~\n\t"), max_size=60))
def test_each_lines_core_is_core_of_its_text(text: str) -> None:
    assert [line.core for line in split_lines(text)] == [core_of(line.text) for line in split_lines(text)]


@given(st.text(alphabet=st.sampled_from("a中 *_#\n"), max_size=60))
def test_splitting_with_the_emphasis_answer_given_gives_the_same_lines(text: str) -> None:
    """The classifier asks has_emphasis once and hands the answer to split_lines; a line holds
    ** or __ only when the text does, so the lines are the same."""
    lines = split_lines(text, emphasis=has_emphasis(text))
    assert lines == split_lines(text)
    assert has_emphasis(text) >= any("**" in line.text or "__" in line.text for line in lines)


def _core_by_definition(text: str) -> str:
    """core_of as first written: every substitution in every round, until nothing changes."""
    core = _OUTER.sub("", text)
    previous = None
    while previous != core:
        previous = core
        core = _OUTER.sub("", _EMPHASIS.sub("", _MARKDOWN_PREFIX.sub("", core)))
    return _INNER_EMPHASIS.sub("", core) if "**" in core or "__" in core else core


@given(st.text(alphabet=st.sampled_from("a中 　\u200b\n\r*_~#>"), max_size=24))
def test_core_of_gives_what_every_substitution_in_every_round_gives(text: str) -> None:
    assert core_of(text) == _core_by_definition(text)
