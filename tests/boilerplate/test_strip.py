"""The strip step: removals are events whose replay gives the output, and kept categories stay."""

from __future__ import annotations

import dataclasses

import pytest

from corpus.boilerplate.classify import ZONE_QUERIES, LineVerdict, SpanVerdict, matcher_for
from corpus.boilerplate.rules import load_pack
from corpus.boilerplate.strip import BoilerplateStripper, Removal, strip_text
from corpus.document import Document, Source, apply_events

ARTICLE = (
    "首页 > 新闻 > 正文\n"
    "市图书馆延长夜间开放时间\n"
    "来源：某某日报\n"
    "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间由晚上八点推迟到十点，方便下班后的读者借阅。\n"
    "馆方表示，延长开放所需的人手将通过招募志愿者解决，目前已有一百多人报名，首批志愿者已开始培训。\n"
    "责任编辑：王小明\n"
    "版权所有 某某日报社 京ICP备12345678号-1\n"
)


def _document(text: str) -> Document:
    return Document(id="a", text=text, source=Source.of("a.txt", text.encode()))


def test_an_article_loses_its_chrome_credits_and_licence_but_keeps_headline_and_paragraphs() -> None:
    result = strip_text(ARTICLE)
    assert result.text == (
        "市图书馆延长夜间开放时间\n"
        "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间由晚上八点推迟到十点，方便下班后的读者借阅。\n"
        "馆方表示，延长开放所需的人手将通过招募志愿者解决，目前已有一百多人报名，首批志愿者已开始培训。\n"
    )
    assert [removal.category for removal in result.removals] == [
        "nav",
        "source",
        "byline",
        "copyright",
    ]


def test_the_step_records_events_that_replay_to_its_output() -> None:
    step = BoilerplateStripper.from_config(frozenset(), ())
    document = step(_document(ARTICLE))
    events = document.events_of("strip")
    assert events and all(event.action == "removed" and event.rule for event in events)
    assert apply_events(ARTICLE, events) == document.text
    assert events[0].excerpt == "首页 > 新闻 > 正文"


def test_kept_categories_are_left_in_place() -> None:
    result = strip_text(ARTICLE, keep_categories=frozenset({"byline"}))
    assert "责任编辑：王小明\n" in result.text
    assert "来源：某某日报" not in result.text


def test_pinyin_residue_glued_to_hanzi_is_removed_from_a_residue_document() -> None:
    text = (
        "新款手機昨天正式發(fā)布，廠商在會(huì)上介紹了三項新功能，"
        "現(xiàn)場觀眾反應熱烈，預計下個月開(kāi)始供貨。\n"
    )
    expected = "新款手機昨天正式發布，廠商在會上介紹了三項新功能，現場觀眾反應熱烈，預計下個月開始供貨。\n"
    assert strip_text(text).text == expected


def test_the_step_is_built_once_per_configuration() -> None:
    first = BoilerplateStripper.from_config(frozenset({"nav"}), ())
    assert BoilerplateStripper.from_config(frozenset({"nav"}), ()) is first
    assert first.name == "strip"


# A four-line poem in the classical form (seven characters a line), written for these tests.
POEM = "晨光初照小桥东\n细柳垂丝拂水中\n村口老翁扶杖立\n笑看孩童放纸鸢\n"
PROSE = (
    "这首小诗写的是春天的早晨，作者在村口看见老人和孩子，觉得日子过得安稳又热闹，于是随手记了下来。\n"
    "后面几段讲的是村里这些年修路、建学校的经过，文字朴素，读起来很亲切。\n"
)


def test_a_poem_that_opens_a_text_is_not_taken_for_a_menu() -> None:
    assert strip_text(POEM + "\n" + PROSE).text == POEM + "\n" + PROSE


def test_menu_words_that_open_a_page_are_still_removed() -> None:
    menu = "首页\n新闻\n体育\n财经频道\n\n"
    assert strip_text(menu + PROSE).text == "\n" + PROSE  # the blank line after the menu stays


def _chunk(text: str, part: int, parts: int) -> Document:
    source = Source("big.txt", size=10_000_000, sha256="0" * 64, part=part, parts=parts, offset=0)
    return Document(id=f"big.txt#{part}", text=text, source=source)


def test_a_chunk_from_the_middle_of_a_split_file_has_no_head_or_tail_zone() -> None:
    """Short lines at a chunk's start are the middle of the file, not a page header; footer-shaped
    rules that apply anywhere (a licence line) still fire."""
    text = "首页\n新闻\n体育\n" + PROSE + "京ICP备12345678号-1\n"
    step = BoilerplateStripper.from_config(frozenset(), ())
    middle = step(_chunk(text, part=1, parts=3))
    assert middle.text == "首页\n新闻\n体育\n" + PROSE
    first = step(_chunk(text, part=0, parts=3))
    assert first.text == PROSE


def test_couplets_under_a_credit_line_are_kept_and_the_credit_goes() -> None:
    # Couplet lines written for this test: seven characters each, no punctuation, like menu words.
    couplets = "门迎百福家家乐\n户纳千祥事事兴\n瑞雪纷飞丰年兆\n春风送暖万象新\n"
    assert strip_text("来源：某某日报\n" + couplets).text == couplets


def test_free_verse_of_uneven_lines_under_a_credit_line_is_kept() -> None:
    poem = "冬天的窗口\n映着一盏小小的灯\n母亲还在灯下缝补\n远方的孩子就要回家\n"
    assert strip_text("来源：某某日报\n" + poem).text == poem


def test_the_pipeline_step_compiles_the_common_combined_patterns_before_workers_fork() -> None:
    matcher_for.cache_clear()  # a fresh matcher compiles its combined patterns only when asked
    assert len(matcher_for(load_pack(()))._combined) == 0
    matcher_for.cache_clear()
    vars(BoilerplateStripper)["from_config"].__func__.cache_clear()
    step = BoilerplateStripper.from_config(frozenset(), ())
    matcher = matcher_for(step.rules)
    # A digit, a Han character and a bracket begin most short lines (dates, bylines, credits).
    for first in ("2", "来", "【"):
        starters = matcher._starters_for(first)
        for zone in ZONE_QUERIES:
            for limit in matcher._limits:
                assert (zone, False, limit, starters) in matcher._combined


def test_removals_and_verdicts_built_through_their_slots_stay_frozen_records() -> None:
    """Removal, LineVerdict and SpanVerdict get initialized_through_slots' __init__ (built by the
    thousand per corpus); they still take their fields by position or name, compare and hash by
    value and refuse assignment."""
    removal = Removal(0, 5, "nav.tags", "nav", 2, True, "标签：")
    assert removal == Removal(
        start=0, end=5, rule="nav.tags", category="nav", line=2, whole_line=True, excerpt="标签："
    )
    assert (removal.start, removal.line, removal.excerpt) == (0, 2, "标签：")
    verdicts = (LineVerdict(3, "nav.tags", "nav"), SpanVerdict(4, 9, "byline.credit-inline", "byline"))
    assert len({*verdicts, LineVerdict(index=3, rule="nav.tags", category="nav")}) == 2
    for record in (removal, *verdicts):
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.rule = "x"  # type: ignore[misc]
