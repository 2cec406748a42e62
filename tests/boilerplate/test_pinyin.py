"""Pinyin residue is removed where it is systematic; pinyin given on purpose stays."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from corpus.boilerplate.lines import han_count
from corpus.boilerplate.pinyin import _TOPIC, is_syllable, is_topic_line, topic_lines
from corpus.boilerplate.strip import strip_text


def test_systematic_residue_glued_inside_words_is_removed_and_nothing_else() -> None:
    text = "新款手機昨天正式發(fā)布，廠商在會(huì)上介紹了三項新功能，現(xiàn)場反應熱烈，下月開(kāi)賣。\n"
    result = strip_text(text)
    assert result.text == "新款手機昨天正式發布，廠商在會上介紹了三項新功能，現場反應熱烈，下月開賣。\n"
    assert {removal.rule for removal in result.removals} == {"pinyin.glued-syllable"}
    assert all(not removal.whole_line for removal in result.removals)


def test_numbered_tones_are_residue_too() -> None:
    text = "今年国(guo2)庆假期，不少游客去郊外赏(shang3)叶，拍(pai1)照的人很多，记得看天气预(yu4)报。\n"
    assert strip_text(text).text == "今年国庆假期，不少游客去郊外赏叶，拍照的人很多，记得看天气预报。\n"


def test_a_lesson_on_tones_keeps_every_reading() -> None:
    text = (
        "普通话有四个声调，请跟着老师读下面四个字，注意音高的变化，读完以后再听一遍录音。\n"
        "妈(mā)、麻(má)、马(mǎ)、骂(mà)\n"
        "练习：书(shū)、读(dú)、写(xiě)、字(zì)，每个字读三遍，然后同桌之间互相检查。\n"
    )
    assert strip_text(text).text == text


def test_a_single_gloss_in_running_text_is_kept() -> None:
    text = "很多年轻人不知道它的读音，其实这个字读作“囧(jiǒng)”，本义是光明，后来才被网友用来表示尴尬。\n"
    assert strip_text(text).text == text


@pytest.mark.parametrize(
    ("reading", "expected"),
    [("fā", True), ("guó", True), ("guo2", True), ("lüè", True), ("gpu", False), ("cpu", False)],
    ids=["fa1", "guo2-marked", "guo2-numbered", "lve4", "gpu", "cpu"],
)
def test_only_real_syllables_count(reading: str, expected: bool) -> None:
    assert is_syllable(reading) is expected


def test_a_line_about_pinyin_is_recognised() -> None:
    assert is_topic_line("注音寫成ㄇㄚ，拼音寫成mā")
    assert not is_topic_line("廠商在會上介紹了三項新功能")


def test_toneless_syllables_go_only_with_established_residue() -> None:
    residue = "網友們(men)對這(zhè)款手機(jī)的討論一直沒(méi)有停過(guò)，我們(men)整理了幾個(gè)重點。\n"
    assert strip_text(residue).text == "網友們對這款手機的討論一直沒有停過，我們整理了幾個重點。\n"
    english = "粉絲(fan)們在現場排隊，樂隊主唱(sing)了三首歌，大家(all)都很開心，演出持續(long)兩小時。\n"
    assert strip_text(english).text == english


def test_every_topic_word_is_han_only_so_a_match_stays_inside_one_line() -> None:
    """topic_lines scans the whole text; that gives the lines is_topic_line finds only while every
    character the pattern can match is Han (no newline, nothing that needs context)."""
    assert all(regex.fullmatch(r"\p{Han}", char) for char in set(_TOPIC.pattern) - set("|[]"))


@given(
    st.lists(
        st.text(alphabet="拼音声调读作多第一二三四平的字 a\n", max_size=10).map(
            lambda line: line.replace("\n", "")
        )
    )
)
def test_one_scan_finds_the_lines_about_pinyin(lines: list[str]) -> None:
    text = "\n".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:index]) for index in range(len(lines))]
    assert topic_lines(text, starts) == {
        index for index, line in enumerate(lines) if han_count(line) and is_topic_line(line)
    }
