"""The compiled matcher gives the same answer as trying every rule in order, however it skips work.

The matcher gates keyword rules behind a scan for rare characters and combines the other rules into
one pattern per zone and length bucket. These tests compare it with the plain definition (the first
rule, in pack order, that fits the line's length, shape and zone, holds one of its keywords and
matches) on lines made from the rules' own examples.

One case stays outside the comparison on purpose: emphasis *inside* a line (``版**权所有``) is removed
from the core, which can join a keyword that the line as written does not hold; the step looks for
keywords in the line as written, so such a line is not a candidate for that keyword's rules.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.boilerplate.classify import ZONE_QUERIES, ZoneQuery, _applies, mask_quotes, matcher_for
from corpus.boilerplate.lines import core_of, is_sentence
from corpus.boilerplate.rules import Rule, load_pack

RULES = load_pack(())
MATCHER = matcher_for(RULES)
EXAMPLES = sorted({example for rule in RULES for example in (*rule.strip, *rule.keep)})
KEYWORDS = sorted({keyword for rule in MATCHER.line_rules for keyword in rule.keywords})
FILLER = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会。，、：:|（）「」 "
)


def _reference(core: str, zone: ZoneQuery, sentence: bool) -> Rule | None:
    """The first line rule that removes the core in the zone, trying every rule in pack order."""
    for rule in MATCHER.line_rules:
        if len(core) > rule.max_chars or (sentence and not rule.sentences) or not _applies(rule, zone):
            continue
        if rule.keywords and not any(keyword in core for keyword in rule.keywords):
            continue
        if rule.pattern().fullmatch(core) is not None:
            return rule
    return None


lines = st.builds(
    lambda before, example, keyword, after, decoration: decoration.format(before + example + keyword + after),
    st.text(alphabet=FILLER, max_size=6),
    st.sampled_from(EXAMPLES),
    st.sampled_from(["", *KEYWORDS]),
    st.text(alphabet=FILLER, max_size=6),
    st.sampled_from(["{}", "**{}**", "## {}", "{}**", "「{}」", "  {}  "]),
)


@settings(max_examples=400, deadline=None)
@given(line=lines, zone=st.sampled_from(ZONE_QUERIES))
def test_the_matcher_picks_the_same_rule_as_trying_every_rule_in_order(line: str, zone: ZoneQuery) -> None:
    core = core_of(line)
    sentence = bool(core) and is_sentence(core)
    subject = mask_quotes(core) if sentence else core
    gated = MATCHER.gated_rules(line, sentence)
    assert MATCHER.match(subject, zone, sentence, gated) == _reference(subject, zone, sentence)


@settings(max_examples=200, deadline=None)
@given(
    keyword=st.sampled_from(KEYWORDS),
    before=st.text(alphabet=FILLER, max_size=30),
    after=st.text(alphabet=FILLER, max_size=30),
    sentence=st.booleans(),
)
def test_every_rule_whose_keyword_a_line_holds_is_listed_for_it(
    keyword: str, before: str, after: str, sentence: bool
) -> None:
    line = before + keyword + after
    listed: dict[int, set[str]] = {}
    for index, keywords in MATCHER.gated_rules(line, sentence):
        listed.setdefault(index, set()).update(keywords)
    for index, rule in enumerate(MATCHER.line_rules):
        if keyword in rule.keywords and (rule.sentences or not sentence):
            assert keyword in listed[index]


def test_a_footer_row_of_fifteen_links_is_answered_at_once_and_left_to_the_other_rules() -> None:
    """footer.link-row takes rows of at most 14 links. A longer row once sent it backtracking through
    every way of splitting ' | ' between two links (minutes for this row); now it fails at once."""
    links = (
        "关于我们 联系我们 网站地图 隐私政策 服务条款 广告服务 人才招聘 帮助中心"
        " 友情链接 法律顾问 意见反馈 客服中心 投诉建议 商务合作 加入我们"
    )
    row = " | ".join(links.split())
    (rule,) = [rule for rule in RULES if rule.id == "footer.link-row"]
    assert not rule.matches_line(row)
    assert rule.matches_line(" | ".join(links.split()[:14]))


def test_a_share_row_of_ten_buttons_is_answered_at_once_and_left_to_the_other_rules() -> None:
    """follow.share-bar takes rows of at most 6 buttons. With two spaces between buttons, a longer row
    once sent it through every way of sharing the spaces among the \\s runs around each button (a
    fifth of a second for this row, seconds for longer ones); now the spaces are read once."""
    buttons = ["分享", "收藏", "点赞", "在看", "微博", "微信", "QQ空间", "朋友圈", "新浪微博", "微信好友"]
    (rule,) = [rule for rule in RULES if rule.id == "follow.share-bar"]
    assert not rule.matches_line("  ".join(buttons))
    assert rule.matches_line("  ".join(buttons[:6]))
    assert rule.matches_line("点击  在看 ：12 ，  点赞 3、 进行分享")
