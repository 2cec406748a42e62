"""Patterns rewritten for speed accept exactly the lines their plain forms accept.

Some rule patterns carry a rewrite that makes the `regex` engine faster without changing which line
cores they match: a lookahead listing the characters an alternation can begin with, or a greedy gap
where a lazy one was written. Each case below keeps the plain form the rule had before the rewrite;
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
    r"|商[务務]合作|[广廣]告合作|投稿[邮郵]箱|[热熱][销銷]|[优優]惠券|[优優]惠[卷]|招募[队隊]友"
    r"|[进進]群方式|加入星球|[内內]部圈子|[专專][栏欄]介[绍紹]|[会會][员員]招募|招募中|[抽][奖獎]"
    r"|中[奖獎]|[扫掃][码碼]即可了解|[扫掃][碼]即可了解|[优優]惠[价價]|[团團][购購])"
)
_META_LABELS = (
    r"(?:(?:[发發][布佈表]|更新|[录錄]入|[刊][发發]|[上]?[传傳])?(?:[时時][间間]|日期)|[发發]表于"
    r"|[發]表於|[来來]源|[作]者|[编編][辑輯]|[责責]任[编編][辑輯]|[浏瀏][览覽](?:次[数數]|量)?"
    r"|[阅閱][读讀](?:次[数數]|量)?|[点點]击(?:[数數]|量)?|[點]擊(?:[數]|量)?|字[号號]|所[属屬]分[类類]"
    r"|分[类類]|供稿|撰稿|投稿|出[处處]|[信資][息訊][来來]源|[发發]布|[發]佈|出版|更新|刊登|刊出|[发發]表)"
)
_META_DATE = r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s+)?"

PLAIN: dict[str, tuple[str, ...]] = {
    "ad.promotion-label": (
        r"^[^\n]{0,30}" + _PROMOTION_PHRASES + r"[^\n]{0,120}$",
        r"^[^。\n]{0,12}(?:[进進]入[广廣]告|[广廣]告)$",
    ),
    "source.meta-row": (
        r"^[|｜\s]*"
        + _META_DATE
        + r"(?:"
        + _META_LABELS
        + r"\s*[:：]\s*(?:[^:：\n]|(?<=\d)[:：](?=\d)){0,40}?\s*[|｜丨]?\s*){1,6}$",
    ),
}
"""The plain form of each rewritten rule: its patterns as they were before the speed rewrite."""

FILLER = "的了是我在文章今天很好 ，。！？:：|｜丨/-.0123456789\t年月日　abc"
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
@settings(max_examples=2000, deadline=None)
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


def test_the_promotion_lookahead_lists_exactly_the_first_characters_of_its_phrases() -> None:
    """The lookahead must hold every character a phrase can begin with (else it would refuse a
    line the plain pattern accepts); holding no other keeps it honest as documentation. Asked of
    the engine in partial mode for every code point: a character is a first character exactly
    when, alone, it is the start of a phrase match."""
    phrases = regex.compile(_PROMOTION_PHRASES, regex.V0)
    firsts = {
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and phrases.fullmatch(chr(code), partial=True) is not None
    }
    pattern = _rules()["ad.promotion-label"].patterns[0]
    listed = regex.search(r"\(\?=\[([^\]]+)\]\)", pattern)
    assert listed is not None
    assert set(listed.group(1)) == firsts
