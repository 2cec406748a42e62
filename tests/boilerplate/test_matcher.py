"""The compiled matcher gives the same answer as trying every rule in order, however it skips work.

The matcher gates keyword rules behind a search for their keywords entered at rare characters,
and tries only the other rules that fit the line's zone, length bucket and first character. These
tests compare it with the plain definition (the first rule, in pack order, that fits the line's
length, shape and zone, holds one of its keywords and matches) on lines made from the rules' own
examples.

One case stays outside the comparison on purpose: emphasis *inside* a line (``版**权所有``) is removed
from the core, which can join a keyword that the line as written does not hold; the step looks for
keywords in the line as written, so such a line is not a candidate for that keyword's rules.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.boilerplate.classify import (
    JOIN_NARROW_AFTER,
    ZONE_QUERIES,
    Matcher,
    StarterProbes,
    ZoneQuery,
    _accepts,
    _applies,
    _commonness,
    _joined,
    _keyword_finder,
    _partially,
    _rule_probes,
    _starter_probe,
    _triggers,
    consumed_first_characters,
    first_char_decidable,
    leading_characters,
    mask_quotes,
    matcher_for,
    without_assertions,
)
from corpus.boilerplate.lines import core_of, has_emphasis, is_sentence
from corpus.boilerplate.rules import Rule, load_pack, load_rule_text

RULES = load_pack(())
MATCHER = matcher_for(RULES)
EXAMPLES = sorted({example for rule in RULES for example in (*rule.strip, *rule.keep)})
KEYWORDS = sorted({keyword for rule in MATCHER.line_rules for keyword in rule.keywords})
FILLER = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会。，、：:|（）「」 "
)


def probes_accept(probes: StarterProbes, index: int, opening: str) -> bool:
    """Whether rule ``index`` may begin as ``opening`` by asking each of its probes: kept when it
    has none (the reference the matcher's shortcuts are checked against)."""
    return index not in probes.by_index or _accepts(probes.by_index[index], opening)


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
    # As the classifier asks it of a document of this one line: whether the document holds ** or __.
    gated = MATCHER.gated_rules(line, sentence, has_emphasis(line))
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


def test_lines_whose_anchors_each_stand_for_one_keyword_are_listed_from_the_anchors() -> None:
    """Every anchor of 3楼 张三：写得好 and 5楼 李四：不错 (the full-width colon) looks for one
    keyword only, so the second line's rules are those remembered for the first; the answers are
    those of a matcher that has met neither line."""
    seasoned = Matcher(RULES)
    first = seasoned.gated_rules("3楼 张三：写得好", False)
    assert first
    assert frozenset("：") in seasoned._gated_by_anchors[False]
    for line in ("5楼 李四：不错", "3楼 张三：写得好"):
        assert seasoned.gated_rules(line, False) == Matcher(RULES).gated_rules(line, False)


def test_a_line_with_an_anchor_of_several_keywords_is_listed_from_its_own_keywords() -> None:
    """入 anchors both 入市 (disclaimer.viewpoint) and 加入 (footer.link-row), and each of 今天入市
    and 他加入了球队 has 入 as its only anchor: the second lists footer.link-row alone, as a fresh
    matcher does, although the first, met before, listed disclaimer.viewpoint."""
    by_anchor = MATCHER._anchor_scans[False][0]
    assert {keyword for _, keywords in by_anchor["入"] for keyword in keywords} == {"入市", "加入"}
    seasoned = Matcher(RULES)
    before = seasoned.gated_rules("今天入市", False)
    assert {seasoned.line_rules[index].id for index, _ in before} == {"disclaimer.viewpoint"}
    listed = seasoned.gated_rules("他加入了球队", False)
    assert {seasoned.line_rules[index].id for index, _ in listed} == {"footer.link-row"}
    assert listed == Matcher(RULES).gated_rules("他加入了球队", False)


def test_a_forum_post_opening_with_a_floor_number_is_not_tried_as_page_numbers_or_dates() -> None:
    """3 can begin page numbers, counters and dates, so those rules are tried on lines that open
    with it; 3楼 张三： can begin none of them (asked of the opening characters), a date can."""
    by_first = {MATCHER.line_rules[index].id for index in MATCHER._starters_for("3")}
    assert {"nav.page-numbers", "source.counter", "source.datetime-stamp"} <= by_first
    post = {MATCHER.line_rules[index].id for index in MATCHER._starters_of("3楼 张三：写得好")[0]}
    assert not post & {"nav.page-numbers", "source.counter", "source.datetime-stamp"}
    date = {MATCHER.line_rules[index].id for index in MATCHER._starters_of("2031-05-20 08:30")[0]}
    assert "source.datetime-stamp" in date


def test_forum_posts_of_one_floor_are_asked_one_opening_whoever_posted_them() -> None:
    """The opening ends at a space after its first character (PREFIX_CHARS), so posts by
    different people on floor 3 share the opening 3楼 and its answers; it leaves no rule the
    four-character opening left out, so the post is tried against the same rules and more."""
    matcher = Matcher(RULES)
    sun, sun_opening = matcher._starters_of("3楼 孙军：写得好")
    xu, xu_opening = matcher._starters_of("3楼 许静：不错")
    assert sun_opening == xu_opening == "3楼 "
    assert sun == xu
    probes = matcher._starter_probes
    for opening in ("3楼 孙", "3楼 许"):
        by_four = {index for index in matcher._starters_for("3") if probes_accept(probes, index, opening)}
        assert by_four <= set(sun)
    assert matcher._starters_of("2031年5月")[1] == "2031"
    assert matcher._starters_of("1 2 3 下一页")[1] == "1 "


@pytest.mark.parametrize(
    ("post", "opening", "four"),
    [
        ("652楼 孙军：写得好", "652楼 ", {"footer.bare-contact"}),
        (
            "1026楼 许静：不错",
            "1026楼 ",
            {"footer.bare-contact", "nav.post-floor", "source.counter", "source.datetime-stamp"},
        ),
    ],
    ids=["floor-with-three-digits", "floor-with-four-digits"],
)
def test_a_post_on_a_floor_with_more_digits_is_asked_up_to_the_space_and_begins_no_rule(
    post: str, opening: str, four: set[str]
) -> None:
    """The opening ends at a space among the first six characters (SPACE_WITHIN), past the four
    of PREFIX_CHARS: 652楼 could still begin an e-mail address (footer.bare-contact, whose
    [\\w.+-] takes 楼) and 1026 a date, a counter or a floor number (1026#) too, but no rule,
    ungated or colon-gated, can begin with the floor and the space, so none is tried on the post."""
    matcher = Matcher(RULES)
    starters, asked = matcher._starters_of(post)
    assert asked == opening
    assert starters == ()
    probes = matcher._starter_probes
    by_four = {
        matcher.line_rules[index].id
        for index in matcher._starters_for(post[0])
        if probes_accept(probes, index, post[:4])
    }
    assert by_four == four
    index = {rule.id: position for position, rule in enumerate(matcher.line_rules)}
    assert not matcher._may_begin(opening, index["byline.text-by"])
    assert not matcher._may_begin(opening, index["source.meta-row"])
    assert matcher.match(post, "any", False, matcher.gated_rules(post, False)) is None


def test_every_ungated_rule_can_begin_as_each_of_its_strip_examples_does() -> None:
    """An ungated rule dropped for the opening of one of its own examples (however long the
    opening is) would miss it."""
    for position, rule in enumerate(MATCHER.line_rules):
        if rule.keywords:
            continue
        for example in rule.strip:
            starters, opening = MATCHER._starters_of(core_of(example))
            assert position in starters, (rule.id, example, opening)


@pytest.mark.parametrize(
    ("met", "line", "opening", "expected"),
    [
        ("2031-05-20 08:30", "2031-06-01 12:00", "2031", "source.datetime-stamp"),
        ("3楼 张三：写得好", "3楼 张三：不错", "3楼 ", None),
        ("3楼 张三：写得好", "3楼 李四：不错", "3楼 ", None),
    ],
    ids=["a-date-after-a-date", "a-forum-post-after-a-post", "a-forum-post-by-another-poster"],
)
def test_a_line_whose_opening_was_met_before_is_matched_as_by_a_fresh_matcher(
    met: str, line: str, opening: str, expected: str | None
) -> None:
    """A second line with an opening met before is tried against the rules remembered for that
    opening (_starters_of's cache): a second line opening with 2031 is still a date stamp, and a
    second post on floor 3 (by the same poster or another: the opening ends at the space) still no
    rule, as a matcher that has met neither line answers."""
    seasoned = Matcher(RULES)
    seasoned.match(met, "any", False, seasoned.gated_rules(met, False))
    assert opening in seasoned._prefix_starters
    rule = seasoned.match(line, "any", False, seasoned.gated_rules(line, False))
    assert (rule.id if rule is not None else None) == expected
    fresh = Matcher(RULES)
    assert rule == fresh.match(line, "any", False, fresh.gated_rules(line, False))


def test_forgetting_lines_empties_every_memory_of_the_line_texts_met() -> None:
    """bench_strip forgets before each pass so that a pass starts as a fresh process would: the
    line verdicts, the rules listed for a set of anchors and what openings can begin all go."""
    matcher = Matcher(RULES)
    for line in ("3楼 张三：写得好", "2031-05-20 08:30"):
        gated = matcher.gated_rules(line, False)
        matcher.match(line, "any", False, gated)
        matcher.remember(line, (None, line, gated, False, False))
    memories = (
        matcher.known_lines,
        matcher._gated_by_anchors[False],
        matcher._prefix_starters,
        matcher._begins,
    )
    assert all(memories)
    matcher.forget_lines()
    assert not any(memories)


def test_a_gated_rule_is_not_tried_on_a_line_it_cannot_begin_though_it_holds_the_keyword() -> None:
    """byline.text-by and source.meta-row are gated by the colon that every forum post
    (3楼 张三：写得好) holds, but neither can begin as a post does; both can begin as their own
    examples do."""
    index = {rule.id: position for position, rule in enumerate(MATCHER.line_rules)}
    _, opening = MATCHER._starters_of("3楼 张三：写得好")
    assert opening == "3楼 "
    assert not MATCHER._may_begin(opening, index["byline.text-by"])
    assert not MATCHER._may_begin(opening, index["source.meta-row"])
    for rule_id in ("byline.text-by", "source.meta-row"):
        for example in MATCHER.line_rules[index[rule_id]].strip:
            _, opening = MATCHER._starters_of(core_of(example))
            assert MATCHER._may_begin(opening, index[rule_id]), example


def test_every_gated_rule_may_begin_as_each_of_its_strip_examples_does() -> None:
    """A gated rule dropped for the opening of one of its own examples would miss it."""
    for position, rule in enumerate(MATCHER.line_rules):
        if not rule.keywords:
            continue
        for example in rule.strip:
            _, opening = MATCHER._starters_of(core_of(example))
            assert MATCHER._may_begin(opening, position), (rule.id, example)


GATED_OPENINGS = sorted(
    {
        core[:length]
        for rule in RULES
        if rule.keywords
        for example in (*rule.strip, *rule.keep)
        if (core := core_of(example))
        for length in range(1, 5)
    }
)


@settings(max_examples=300, deadline=None)
@given(
    opening=st.one_of(
        st.sampled_from(GATED_OPENINGS),
        st.text(alphabet=FILLER + "0123456789楼 -/年月日【】[]", min_size=1, max_size=4),
    )
)
def test_a_gated_rules_answer_for_an_opening_is_its_probes_answer_though_its_first_character_is_asked_first(
    opening: str,
) -> None:
    """_may_begin asks an opening's first character before the opening (cached, and met far
    more often); a fresh matcher answers each (opening, rule) exactly as the rule's probes do."""
    matcher = Matcher(RULES)
    for index, rule in enumerate(matcher.line_rules):
        if not rule.keywords:
            continue
        probes = _rule_probes(rule.patterns)
        expected = probes is None or any(probe.fullmatch(opening, partial=True) for probe in probes)
        assert matcher._may_begin(opening, index) == expected, (rule.id, opening)


ALL_PROBES = [
    probe
    for rule in RULES
    if rule.scope != "inline" and (probes := _rule_probes(rule.patterns)) is not None
    for probe in probes
]


@settings(max_examples=200, deadline=None)
@given(
    opening=st.one_of(
        st.sampled_from(GATED_OPENINGS),
        st.text(alphabet=FILLER + "0123456789楼 -/年月日【】[]@.", min_size=1, max_size=4),
    )
)
def test_a_probe_asked_by_position_answers_as_asked_with_the_partial_keyword(opening: str) -> None:
    """_partially passes partial=True by position (the keyword's parsing cost as much as the
    match); a `regex` release that reordered the arguments would answer differently here."""
    for probe in ALL_PROBES:
        by_keyword = probe.fullmatch(opening, partial=True)
        by_position = _partially(probe, opening)
        assert (by_keyword is None) == (by_position is None), (probe.pattern, opening)
        if by_keyword is not None and by_position is not None:
            assert (by_keyword.span(), by_keyword.partial) == (by_position.span(), by_position.partial)


def test_every_ungated_rule_is_tried_on_the_opening_of_each_of_its_strip_examples() -> None:
    """A rule left out for the opening characters of one of its own examples would miss it."""
    for index, rule in UNGATED:
        for example in rule.strip:
            core = core_of(example)
            assert index in MATCHER._starters_of(core)[0], (rule.id, example)


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


UNGATED = [(index, rule) for index, rule in enumerate(MATCHER.line_rules) if not rule.keywords]


def test_every_ungated_rule_is_tried_on_the_first_character_of_each_of_its_strip_examples() -> None:
    """The combined pattern for a line holds only the rules its first character can start; a rule
    left out for the first character of one of its own examples would miss that example."""
    for index, rule in UNGATED:
        for example in rule.strip:
            core = core_of(example)
            assert index in MATCHER._starters_for(core[0]), (rule.id, example)


def test_a_han_character_starts_only_the_rules_that_can_begin_with_it() -> None:
    """作 can begin 作者王五 (byline.author-bare) but no separator, date or page control."""
    starters = {MATCHER.line_rules[index].id for index in MATCHER._starters_for("作")}
    assert "byline.author-bare" in starters
    assert not starters & {"markup.separator", "source.datetime-stamp", "nav.page-controls"}


def _every_probe_starters(matcher: Matcher, first: str) -> tuple[int, ...]:
    """The starters of ``first`` by asking every probe of every ungated rule, one by one."""
    return tuple(
        index
        for index, rule in UNGATED
        if index in matcher._any_start
        or any(
            probe.fullmatch(first, partial=True) is not None
            for pattern in rule.patterns
            if (probe := _starter_probe(pattern)) is not None
        )
    )


PROBED_CHARACTERS = sorted(
    {chr(code) for code in range(0x20, 0xFFFF, 13) if not 0xD800 <= code < 0xE000}
    | {char for rule in MATCHER.line_rules for pattern in rule.patterns for char in pattern}
    | {char for rule in MATCHER.line_rules for example in rule.strip for char in example}
)


def test_asking_the_narrow_rules_together_lists_the_same_starters_as_asking_every_probe() -> None:
    """StarterProbes asks the narrow rules' probes as one alternation first; for every character
    named in a pattern or an example, and every 13th one besides, the rules it lists are those
    that asking each probe alone lists: with the alternation from the first character on, after
    the default count (JOIN_NARROW_AFTER, fewer than the characters asked) and never."""
    for join_after in (0, JOIN_NARROW_AFTER, len(PROBED_CHARACTERS) + 1):
        fresh = Matcher(RULES)
        fresh._starter_probes = StarterProbes(
            [(index, probes) for index, rule in UNGATED if (probes := _rule_probes(rule.patterns))],
            join_after,
        )
        for first in PROBED_CHARACTERS:
            assert fresh._starters_for(first) == _every_probe_starters(fresh, first), repr(first)
        joined = fresh._starter_probes.either()
        assert (joined is not None) == (join_after <= len(PROBED_CHARACTERS)), join_after


def test_the_rules_kept_for_an_opening_are_those_whose_probes_accept_it() -> None:
    """StarterProbes.kept asks a rule with one probe through its partial-match call directly; it
    keeps what asking each rule's probes (probes_accept) keeps, for rules with one probe, with several
    (a user pack could have one) and without any (kept whatever the opening)."""
    single = [(index, probes) for index, rule in UNGATED if (probes := _rule_probes(rule.patterns))]
    several = (regex.compile(r"^\d{4}年$"), regex.compile(r"^第\d+页$"))
    probes = StarterProbes([*single, (len(RULES), several)])
    indices = [*(index for index, _ in single), len(RULES), len(RULES) + 1]
    for opening in ("3楼 ", "652楼 ", "2031", "第3", "第三", "1", "下一", "http", "（完）"):
        expected = tuple(index for index in indices if probes_accept(probes, index, opening))
        assert probes.kept(indices, opening) == expected, opening
        assert len(RULES) + 1 in expected
    assert len(RULES) in probes.kept(indices, "2031") and len(RULES) in probes.kept(indices, "第3")
    assert len(RULES) not in probes.kept(indices, "3楼 ")


def test_the_narrow_probes_are_compiled_as_one_alternation_only_after_enough_characters() -> None:
    """StarterProbes asks the narrow probes one by one for the first join_after characters (a
    matcher that is not warmed, as for one short text, never pays for compiling the
    alternation), and compiles it once that many have been asked, or when warm() asks it to
    (before a pipeline's workers fork)."""
    probes = StarterProbes(
        [(index, probes) for index, rule in UNGATED if (probes := _rule_probes(rule.patterns))], 3
    )
    for first in "一二三":
        assert probes.either() is None
        probes.starting(first)
    joined = probes.either()
    assert joined is not None and probes.either() is joined
    assert _partially(joined, "1") is not None and _partially(joined, "的") is None
    fresh = Matcher(RULES)
    for first in "一二三":
        fresh._starters_for(first)
    assert fresh._starter_probes.either() is None
    assert fresh.warm()._starter_probes.either() is not None


def test_a_rules_joined_probe_is_what_joining_its_patterns_probes_one_by_one_gives() -> None:
    """_rule_probes takes a rule's own pattern as its joined probe where no pattern changes without
    its assertions, instead of compiling each pattern's probe and joining them; for every line
    rule it lists a probe exactly where every pattern has one, and with several patterns the same
    text as joining the one-by-one probes (the user rule below has an assertion, so it is joined
    the long way)."""
    (bounded,) = load_rule_text(
        """
[[rule]]
id = "nav.bounded"
description = "demo"
scope = "line"
patterns = ['^<img\\b[^>]{0,9}>$', '^图$']
strip = ["<img a>"]
keep = []
""",
        "user.toml",
    )
    shortcuts = 0
    for rule in (*MATCHER.line_rules, bounded):
        alone = [_starter_probe(pattern) for pattern in rule.patterns]
        joined = _rule_probes(rule.patterns)
        assert (joined is None) == any(probe is None for probe in alone), rule.id
        if joined is None or len(alone) < 2:
            continue
        long_way = _joined([probe for probe in alone if probe is not None])
        assert long_way is not None
        assert [probe.pattern for probe in joined] == [long_way.pattern], rule.id
        shortcuts += joined[0] is rule.pattern()
    assert shortcuts >= 10
    assert _rule_probes(bounded.patterns) != (bounded.pattern(),)


def test_a_rules_joined_probe_accepts_exactly_the_openings_one_of_its_patterns_probes_accepts() -> None:
    """_rule_probes joins a rule's probes into one alternation; for every rule with several
    probed patterns, every character named in a pattern or an example (and every 13th one), and
    the one- to four-character openings of every rule's examples, it accepts what asking each
    pattern's probe alone accepts."""
    openings = set(PROBED_CHARACTERS) | {
        core[:size]
        for rule in MATCHER.line_rules
        for example in (*rule.strip, *rule.keep)
        if (core := core_of(example))
        for size in range(1, 5)
    }
    joined_rules = 0
    for rule in MATCHER.line_rules:
        alone = [_starter_probe(pattern) for pattern in rule.patterns]
        joined = _rule_probes(rule.patterns)
        if joined is None or len(alone) < 2:
            continue
        joined_rules += 1
        assert len(joined) == 1, rule.id
        for opening in openings:
            expected = any(
                probe is not None and probe.fullmatch(opening, partial=True) is not None for probe in alone
            )
            assert (joined[0].fullmatch(opening, partial=True) is not None) == expected, (
                rule.id,
                opening,
            )
    assert joined_rules >= 10


def test_only_a_rule_that_most_common_han_characters_can_begin_is_asked_alone() -> None:
    """footer.bare-contact opens with [\\w.+-], which every Han character can begin; a rule that
    names a few Han characters (nav.prev-next: 上一篇) is asked with the other narrow rules."""
    MATCHER._starters_for("中")
    probes = MATCHER._starter_probes
    broad = {MATCHER.line_rules[index].id for index, _ in probes.broad}
    narrow = {MATCHER.line_rules[index].id for index, _ in probes.narrow}
    assert broad == {"footer.bare-contact"}
    assert {"nav.prev-next", "nav.page-controls", "markup.separator"} <= narrow


@pytest.mark.parametrize(
    ("pattern", "decidable"),
    [
        (r"^作者\p{Han}{2,4}$", True),
        (r"^(?:[-=_~]\s?){4,}$", True),
        (r"^[（(]?完[)）]?$", True),
        (r"^(?:<img\b[^>\n]{0,100}>\s*)+$", False),
        (r"^-\Bx$", False),
        (r"^(?i)end$", False),
        (r"^(?:end){e<=1}$", False),
    ],
    ids=[
        "han-property",
        "bounded-repeat",
        "optional-brackets",
        "word-boundary",
        "not-boundary",
        "inline-flag",
        "fuzzy",
    ],
)
def test_only_patterns_without_lookahead_by_assertion_are_filtered_by_first_character(
    pattern: str, decidable: bool
) -> None:
    assert first_char_decidable(pattern) is decidable


def test_a_word_boundary_right_after_the_first_character_defeats_partial_matching() -> None:
    """Why first_char_decidable refuses word boundaries: on ``-`` alone the engine sees no word
    after the hyphen and rejects, although ``-x`` matches."""
    pattern = regex.compile(r"-\bx")
    assert pattern.fullmatch("-x") is not None
    assert pattern.fullmatch("-", partial=True) is None


@settings(max_examples=300, deadline=None)
@given(
    chosen=st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=8, unique=True),
    text=st.text(alphabet=FILLER + "".join(KEYWORDS), max_size=40),
)
def test_the_keyword_finder_reports_the_anchor_of_every_keyword_the_text_holds_and_no_other(
    chosen: list[str], text: str
) -> None:
    anchored = {keyword: min(keyword, key=_commonness) for keyword in chosen}
    reported = set(_keyword_finder(anchored).findall(text))
    assert reported == {anchored[keyword] for keyword in chosen if keyword in text}


def test_a_pack_with_an_inline_flag_in_an_ungated_pattern_keeps_one_combined_pattern() -> None:
    """In `regex`, an inline flag applies to the whole pattern it sits in, so in the combined
    pattern it reaches every ungated rule. Such a pack is not split by first character: every line
    meets the same combined pattern as before the split, and the flag reaches the same rules."""
    (shouting,) = load_rule_text(
        """
[[rule]]
id = "nav.shouted-menu"
description = "A menu word written in any case."
scope = "line"
patterns = ['''^(?i)menu$''']
strip = ["MENU"]
keep = ["menus"]
""",
        "user.toml",
    )
    matcher = Matcher((*RULES, shouting))
    ungated = tuple(index for index, rule in enumerate(matcher.line_rules) if not rule.keywords)
    assert matcher._starters_for("x") == ungated
    tries = matcher._combined[("any", False, 10, ungated)]
    assert len(tries) == 1 and tries[0][1] is None  # one combined pattern, the group names the rule
    assert matcher.match("MENU", "any", False, ()) == shouting


SENTENCE_KEYWORDS = sorted(
    {keyword for rule in MATCHER.line_rules if rule.sentences for keyword in rule.keywords}
)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.text(alphabet=FILLER + "".join(SENTENCE_KEYWORDS) + "\n", max_size=30).map(
            lambda line: line.replace("\n", "")
        ),
        max_size=8,
    )
)
def test_one_scan_of_a_document_finds_the_lines_that_hold_a_sentence_rule_keyword(lines: list[str]) -> None:
    text = "\n".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:index]) for index in range(len(lines))]
    found = MATCHER.sentence_keyword_lines(text, starts)
    assert found == {
        index for index, line in enumerate(lines) if any(keyword in line for keyword in SENTENCE_KEYWORDS)
    }


def test_a_found_keyword_triggers_the_keywords_inside_it_and_those_overlapping_its_end() -> None:
    triggers = _triggers({"版权": (0,), "版": (1,), "转载": (2,), "载请": (3,), "请": (4,)})
    assert triggers["版权"] == (0, 1)  # 版 is inside 版权
    assert triggers["转载"] == (2, 3)  # a scan that takes 转载 can hide the 载请 that follows
    assert triggers["载请"] == (3, 4)  # 请 is inside 载请
    assert triggers["版"] == (1,)


def test_a_rule_with_a_word_boundary_is_tried_only_on_lines_its_pattern_can_start() -> None:
    """image.markdown-only has ``<img\\b``; it can begin with ! [ < and the brackets of its
    placeholder pattern, never with a Han character or a digit."""
    rule = "image.markdown-only"
    starts = {first for first in "![<【(（作2a" if rule in _starter_ids(first)}
    assert starts == {"!", "[", "<", "【", "(", "（"}


def _starter_ids(first: str) -> set[str]:
    return {MATCHER.line_rules[index].id for index in MATCHER._starters_for(first)}


@pytest.mark.parametrize(
    ("pattern", "relaxed"),
    [
        (r"^(?:<img\b[^>\n]{0,9}>\s*)+$", r"^(?:<img[^>\n]{0,9}>\s*)+$"),
        (r"^\Gx\By\m\M$", r"^xy$"),
        (r"^[\b]x$", r"^[\b]x$"),
        (r"^[]\b]\b$", r"^[]\b]$"),
        (r"^[^]\b]\b$", r"^[^]\b]$"),
        (r"^\\b$", r"^\\b$"),
        (r"^a\b?c$", None),
        (r"^a\b{2}c$", None),
        (r"^[a[:digit:]]\b$", None),
        (r"^[:：]\b$", r"^[:：]$"),
        (r"^[[.a.]x]\b$", None),
        (r"^a(?#\b)\bc$", r"^a(?#\b)c$"),
    ],
    ids=[
        "word-boundary",
        "every-assertion",
        "backspace-in-class",
        "bracket-first-in-class",
        "bracket-first-in-negated-class",
        "escaped-backslash",
        "quantified-assertion",
        "counted-assertion",
        "posix-class",
        "colon-class",
        "posix-like-class",
        "comment",
    ],
)
def test_assertions_are_removed_only_where_the_rest_keeps_its_meaning(
    pattern: str, relaxed: str | None
) -> None:
    assert without_assertions(pattern) == relaxed


@settings(max_examples=300, deadline=None)
@given(line=st.sampled_from(EXAMPLES), prefix=st.sampled_from(["", "<", "!", "[", "作", "-", "1", "a"]))
def test_every_ungated_rule_that_matches_a_line_is_a_starter_of_its_first_character(
    line: str, prefix: str
) -> None:
    core = core_of(prefix + line)
    if not core:
        return
    starters = MATCHER._starters_for(core[0])
    for index, rule in MATCHER._ungated:
        if rule.pattern().fullmatch(core) is not None:
            assert index in starters, rule.id


@pytest.mark.parametrize(
    ("pattern", "characters"),
    [
        ("[（(](?:文|[图圖])[)）]", "(（"),
        ("来源[:：]", "来"),
        ("a+b", "a"),
        ("x[|]y(?:a|b)", "x"),
        ("[（(]?来源", None),
        ("来?源", None),
        ("a{0,2}b", None),
        ("a|b", None),
        ("(?:a|b)c", None),
        ("[a-z]x", None),
        ("[^a]x", None),
        ("[\\w]x", None),
        (".x", None),
        ("\\(x", "("),
        ("\\dx", None),
        ("(?i)ax", None),
        ("[]a]x", None),
        ("（b(?#()|x", None),
    ],
    ids=[
        "class",
        "literal",
        "repeated-literal",
        "alternation-inside-a-group",
        "optional-class",
        "optional-literal",
        "counted-from-zero",
        "top-level-alternation",
        "group-first",
        "range",
        "negated-class",
        "escape-in-class",
        "dot",
        "escaped-metacharacter",
        "escape-class",
        "inline-flag",
        "bracket-first-in-class",
        "top-level-alternation-after-a-comment",
    ],
)
def test_the_characters_a_match_must_begin_with_are_read_only_from_plain_openings(
    pattern: str, characters: str | None
) -> None:
    assert leading_characters(pattern) == (None if characters is None else frozenset(characters))


@pytest.mark.parametrize(
    ("pattern", "characters"),
    [
        (r"(?<=\p{Han})\([a-z]{1,6}\)", "("),
        (r"(?<!x)（a", "（"),
        (r"(?<=(?:a|b))c", "c"),
        (r"(?<=[)(])x", "x"),
        (r"(?<=a)b|c", None),
        (r"(?<=a)(?=b)b", None),
        (r"(?=a)a", None),
        (r"(?<n>a)b", None),
        (r"[（(]来源", "(（"),
        (r"(?<=[[:alpha:])])x", None),
    ],
    ids=[
        "lookbehind-then-escaped-parenthesis",
        "negative-lookbehind",
        "group-inside-the-lookbehind",
        "parenthesis-inside-a-class",
        "top-level-alternation",
        "lookahead-after-the-lookbehind",
        "lookahead-first",
        "named-group-is-no-lookbehind",
        "no-lookbehind",
        "posix-class-in-the-lookbehind",
    ],
)
def test_a_match_begins_with_what_the_pattern_consumes_first_after_an_opening_lookbehind(
    pattern: str, characters: str | None
) -> None:
    assert consumed_first_characters(pattern) == (None if characters is None else frozenset(characters))


PINYIN_EXAMPLES = sorted({example for rule in MATCHER.pinyin_rules for example in (*rule.strip, *rule.keep)})


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(PINYIN_EXAMPLES),
            st.text(alphabet=FILLER + "()（）aāóǔ1\n", max_size=8),
        ),
        max_size=6,
    )
)
def test_pinyin_candidates_skips_no_pattern_that_has_a_match(pieces: list[str]) -> None:
    """A pinyin pattern is not searched in a text without the characters its matches begin with;
    the candidates equal those of the combined pattern searched regardless."""
    text = "".join(pieces)
    assert MATCHER._pinyin is not None
    expected = [
        (found.start(), found.end(), MATCHER.pinyin_rules[int(str(found.lastgroup)[1:])])
        for found in MATCHER._pinyin.finditer(text)
    ]
    assert MATCHER.pinyin_candidates(text) == expected


INLINE_EXAMPLES = sorted({example for rule in MATCHER.inline_rules for example in (*rule.strip, *rule.keep)})


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(st.sampled_from(INLINE_EXAMPLES), st.text(alphabet=FILLER + "（）()文图：/", max_size=8)),
        max_size=6,
    )
)
def test_every_line_with_an_inline_span_holds_a_character_inline_matches_begin_with(
    pieces: list[str],
) -> None:
    line = "".join(pieces)
    assert MATCHER.inline_first is not None
    if MATCHER.inline_spans(line):
        assert any(char in line for char in MATCHER.inline_first)


def test_an_inline_rule_that_may_begin_anywhere_turns_the_character_test_off() -> None:
    (rule,) = load_rule_text(
        """
        [[rule]]
        id = "source.trailing-site"
        description = "a site name in brackets at a paragraph's end"
        scope = "inline"
        patterns = ['\\p{Han}{2,6}网(?=$)']
        strip = ["好。某某网"]
        keep = ["某某网站"]
        """,
        "test.toml",
    )
    assert Matcher((*RULES, rule)).inline_first is None


def test_a_gated_rules_pattern_is_compiled_only_when_a_line_tries_it() -> None:
    """Matcher compiles an ungated rule's pattern when it is built, a keyword-gated rule's when
    a line that holds its keyword and may begin as it does tries it (the answer is the same as
    from the rule's own pattern) or when warm() compiles them all (before workers fork)."""
    fresh = Matcher(RULES)
    gated = [index for index, rule in enumerate(fresh.line_rules) if rule.keywords]
    assert gated and all(fresh._patterns[index] is None for index in gated)
    assert all(
        fresh._patterns[index] is rule.pattern()
        for index, rule in enumerate(fresh.line_rules)
        if not rule.keywords
    )
    editor = next(index for index in gated if fresh.line_rules[index].id == "byline.editor-line")
    core = "责任编辑：王小明"
    found = fresh.match(core, "any", False, fresh.gated_rules(core, False))
    assert found is fresh.line_rules[editor]
    assert fresh._patterns[editor] is fresh.line_rules[editor].pattern()
    assert sum(fresh._patterns[index] is not None for index in gated) < len(gated)
    fresh.warm()
    assert all(fresh._patterns[index] is fresh.line_rules[index].pattern() for index in gated)
