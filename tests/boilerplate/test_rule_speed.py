"""Patterns rewritten for speed accept exactly the lines their plain forms accept.

Some rule patterns carry a rewrite that makes the `regex` engine faster without changing which line
cores they match: a lookahead listing the characters an alternation can begin with, a greedy gap
where a lazy one was written, or an atomic group where giving characters back can never help. (Not
a lazy gap where a greedy one was written: in partial mode, which the matcher asks of openings,
`regex` reports ``0！`` as the start of a match of ``^[^。！？]{0,100}?ICP`` though no match can
begin so, and its greedy form does not.) Each case below keeps the plain form the rule had before the rewrite;
the tests compare the two on the rule's own examples and on generated lines built from the
characters the pattern reads, where matches and near misses are common.
"""

from __future__ import annotations

import functools

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.boilerplate.lines import core_of
from corpus.boilerplate.rules import Rule, builtin_rules

_PROMOTION_PHRASES = (
    r"(?:[试試]用地址|征文[启啟]事|徵文[啟]事|征稿[启啟]事|知[识識]星球|[领領]取[资資]料|[领領][资資]料"
    r"|[扫掃][码碼][领領]|限[时時][优優]惠|立即[购購][买買]|免[费費][领領]取|[报報]名[咨諮][询詢]"
    r"|商[务務]合作|[广廣]告合作|投稿[邮郵]箱|[热熱][销銷](?:[^\n]{0,6}(?:[产產]品|商品)|榜)|[优優]惠[券卷](?=\s*\d)|(?:[领領]|送|[抢搶])[^\n]{0,2}[优優]惠[券卷]"
    r"|招募[队隊]友|[进進]群方式|加入星球|[内內]部圈子|[专專][栏欄]介[绍紹]|[会會][员員]招募"
    r"|招募中|[抽][奖獎](?:送|[福][利])|[转轉][发發]抽[奖獎]|留言抽[奖獎]|(?:天天|保[证證]|必)中[奖獎]"
    r"|[扫掃][码碼]即可了解|[扫掃][碼]即可了解|[优優]惠[价價](?!格)|[团團][购購](?:[价價]|群|[链鏈]接)|拼[团團])"
)
_META_LABELS = (
    r"(?:(?:[发發][布佈表]|[发發]文|成文|更新|[录錄]入|[刊][发發]|[上]?[传傳])?(?:[时時][间間]|日期)|[发發]表于"
    r"|[發]表於|[来來]源|[作]者|[编編][辑輯]|[责責]任[编編][辑輯]|[浏瀏][览覽](?:次[数數]|量)?"
    r"|[阅閱][读讀](?:次[数數]|量)?|[点點]击(?:[数數]|量)?|[點]擊(?:[數]|量)?|[点點][阅閱](?:次[数數])?"
    r"|[點][閱](?:次[數])?|字[号號]|所[属屬]分[类類]|主[题題]分[类類]|分[类類]|索引[号號]|[发發]文字?[号號]"
    r"|[发發][布佈](?:机构|機構|[单單]位|者)|[张張][贴貼]者|供稿|撰稿|投稿|出[处處]|[信資][息訊][来來]源|[发發]布|[發]佈|出版|更新|刊登|刊出|[发發]表)"
)
_META_DATE = r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s+)?"

_PAGE_CONTROLS = (
    r"^(?:[\[【(（]?(?:打印(?:本[页頁]|此[页頁])?|[关關][闭閉](?:窗口|本[页頁])?|返回(?:[顶頂]部|首[页頁]|列表"
    r"|上[一]?[级級页頁])?|回到[顶頂]部|字[号號体體级級]|字[体體]大小|列印|友善列印|[调調]整字[体體]|放大字[体體]|[缩縮]小字[体體]"
    r"|[大中小]|超大|[标標]准|[標]準|默[认認]|A\+|A-|收藏|[纠糾][错錯]|我要[纠糾][错錯]|我要反[馈饋]|反[馈饋]|搜索|搜[寻尋]"
    r"|[检檢]索|登[录錄]|注[册冊]|退出|一[键鍵]登[录錄]|[设設][为為]首[页頁]|[设設]置首[页頁]|加入收藏|[网網]站地[图圖]"
    r"|[网網]站[导導]航|无障碍|無障礙|English|ENGLISH|[繁简簡][体體]|手[机機]版|RSS|X|×|更多|更多>>|查看更多|展[开開]"
    r"|[隐隱]藏[边邊]栏|[隱]藏[邊]欄|上一[页頁]|下一[页頁]|(?:新[闻聞])?首[页頁]|尾[页頁]|[发發]送|[发發]布|取消|[确確]定|表情"
    r"|[刷][新]|[换換]一[换換]|加[载載]更多|正在加[载載]|goback|forward|[我][知][道]了|允[许許]"
    r"|[删刪]除|归档|歸檔|分[类類]|[关關][于於]|[标標][签籤]|商品(?:[详詳]情|[评評][价價])|[规規]格[参參][数數]"
    r"|售[后後]保障|包[装裝]清[单單]|下[载載]|分享)[\]】)）]?\s*[:：|｜/]?\s*){1,8}$"
)

PLAIN: dict[str, tuple[str, ...]] = {
    "ad.promotion-label": (
        r"^[^\n]{0,30}" + _PROMOTION_PHRASES + r"[^\n]{0,120}$",
        r"^[^。\n]{0,12}(?:[进進]入[广廣]告|[广廣]告)$",
    ),
    "nav.page-controls": (_PAGE_CONTROLS,),
    "source.meta-row": (
        r"^[|｜\s]*"
        + _META_DATE
        + r"(?:"
        + _META_LABELS
        + r"\s*[:：]\s*(?:[^:：\n]|(?<=\d)[:：](?=\d)){0,40}?\s*[|｜丨]?\s*){1,6}$",
    ),
    "footer.bare-contact": (
        r"^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}$",
        r"^(?:\+?\d{2,4}[-\s])?\d{3,4}[-\s]?\d{3,4}[-\s]?\d{3,4}$",
    ),
}
"""The plain form of each rewritten rule: its patterns as they were before the speed rewrite."""

FILLER = "的了是我在文章今天很好 ，。！？:：|｜丨/-.0123456789\t年月日　abc@"
"""Characters of ordinary lines, separators and dates, mixed into generated lines."""


@functools.cache
def _rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in builtin_rules()}


def _compiled(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{pattern})" for pattern in patterns), regex.V0)


def _alphabet(patterns: tuple[str, ...]) -> str:
    """The characters the patterns spell out (their literals and class members), plus filler."""
    spelled = {char for pattern in patterns for char in pattern if not char.isascii()}
    return "".join(sorted(spelled | set(FILLER)))


@pytest.mark.parametrize("rule_id", sorted(PLAIN), ids=sorted(PLAIN))
def test_a_rewritten_rule_accepts_the_same_examples_as_its_plain_form(rule_id: str) -> None:
    rule = _rules()[rule_id]
    assert rule.patterns != PLAIN[rule_id], "the rule is not rewritten: drop its case here"
    fast, plain = _compiled(rule.patterns), _compiled(PLAIN[rule_id])
    for example in rule.strip + rule.keep:
        core = core_of(example)
        assert (fast.fullmatch(core) is None) == (plain.fullmatch(core) is None), example


@pytest.mark.parametrize("rule_id", sorted(PLAIN), ids=sorted(PLAIN))
@settings(max_examples=1000, deadline=None)
@given(data=st.data())
def test_a_rewritten_rule_accepts_the_same_generated_lines_as_its_plain_form(
    rule_id: str, data: st.DataObject
) -> None:
    rule = _rules()[rule_id]
    alphabet = _alphabet(PLAIN[rule_id])
    pieces = data.draw(
        st.lists(
            st.one_of(
                st.text(alphabet=st.sampled_from(alphabet), max_size=12),
                st.sampled_from(rule.strip + rule.keep).map(core_of),
            ),
            max_size=4,
        )
    )
    line = "".join(pieces)
    fast, plain = _compiled(rule.patterns), _compiled(PLAIN[rule_id])
    assert (fast.fullmatch(line) is None) == (plain.fullmatch(line) is None)


@pytest.mark.parametrize("rule_id", sorted(PLAIN), ids=sorted(PLAIN))
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_a_rewritten_rule_can_begin_as_its_plain_form_can(rule_id: str, data: st.DataObject) -> None:
    """The matcher asks a rule's pattern in partial mode whether a line's opening (up to six
    characters) can begin a match (Matcher._starters_of, Matcher._may_begin); the rewrite must
    answer every opening as the plain form does, on openings of its examples and generated ones."""
    rule = _rules()[rule_id]
    opening = data.draw(
        st.one_of(
            st.text(alphabet=st.sampled_from(_alphabet(PLAIN[rule_id])), min_size=1, max_size=6),
            st.tuples(st.sampled_from(rule.strip + rule.keep), st.integers(1, 6)).map(
                lambda pair: core_of(pair[0])[: pair[1]]
            ),
        ).filter(bool)
    )
    fast, plain = _compiled(rule.patterns), _compiled(PLAIN[rule_id])
    assert (fast.fullmatch(opening, partial=True) is None) == (plain.fullmatch(opening, partial=True) is None)


def _group_at(pattern: str, start: int) -> str:
    """The parenthesised group of ``pattern`` that opens at ``start``."""
    depth = 0
    position = start
    while True:
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return pattern[start : position + 1]
        position += 1


LOOKAHEADS = [("ad.promotion-label", 0), ("nav.page-controls", 0)]
"""Rule patterns (rule id, pattern index) with a first-character lookahead before a group."""


@pytest.mark.parametrize(("rule_id", "index"), LOOKAHEADS, ids=[rule for rule, _ in LOOKAHEADS])
def test_a_first_character_lookahead_lists_exactly_the_first_characters_of_its_group(
    rule_id: str, index: int
) -> None:
    """The lookahead must hold every character a match of the group after it can begin with (else
    it would refuse a line the plain pattern accepts); holding no other keeps it honest as
    documentation. Asked of the engine in partial mode for every code point: a character is a
    first character exactly when, alone, it is the start of a match of the group."""
    pattern = _rules()[rule_id].patterns[index]
    listed = regex.search(r"\(\?=\[((?:\\.|[^\]\\])+)\]\)", pattern)
    assert listed is not None
    group = regex.compile(_group_at(pattern, listed.end()), regex.V0)
    firsts = {
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and group.fullmatch(chr(code), partial=True) is not None
    }
    assert set(regex.sub(r"\\(.)", r"\1", listed.group(1))) == firsts


@pytest.mark.parametrize(("rule_id", "index"), LOOKAHEADS, ids=[rule for rule, _ in LOOKAHEADS])
def test_a_first_character_lookahead_leaves_the_characters_a_line_can_start_with_alone(
    rule_id: str, index: int
) -> None:
    """The matcher tries an ungated rule only on lines that begin with a character its pattern can
    start with, asked in partial mode (Matcher._starters_for); the rewrite must answer as before."""
    fast = regex.compile(_rules()[rule_id].patterns[index], regex.V0)
    plain = regex.compile(PLAIN[rule_id][index], regex.V0)
    differ = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (fast.fullmatch(chr(code), partial=True) is None)
        != (plain.fullmatch(chr(code), partial=True) is None)
    ]
    assert differ == []
