"""The rule pack specifies itself: every rule strips its own ``strip`` examples and leaves its ``keep``
examples alone, files are sorted by id, and malformed rule files are refused with a message that names
the file and the rule."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.boilerplate.lines import core_of, is_sentence
from corpus.boilerplate.rules import (
    CATEGORIES,
    LINE_END_SPACE,
    Rule,
    builtin_rule_files,
    builtin_rules,
    compile_alternation,
    compile_pattern,
    ends_at_line_end,
    has_top_level_branches,
    has_unbounded_dot,
    last_characters,
    load_rule_text,
)
from corpus.errors import RuleError

RULES = builtin_rules()
LINE_RULES = [rule for rule in RULES if rule.scope != "inline"]
INLINE_RULES = [rule for rule in RULES if rule.scope == "inline"]


def _line_removed_by(rule: Rule, example: str) -> bool:
    core = core_of(example)
    if is_sentence(core) and not rule.sentences:
        return False
    return rule.matches_line(core)


def _examples(rules: list[Rule], kind: str) -> list[tuple[Rule, str]]:
    return [(rule, example) for rule in rules for example in getattr(rule, kind)]


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples(LINE_RULES, "strip"),
    ids=[f"{rule.id}:{example[:20]}" for rule, example in _examples(LINE_RULES, "strip")],
)
def test_every_line_rule_removes_its_strip_examples(rule: Rule, example: str) -> None:
    assert _line_removed_by(rule, example), f"{rule.id} does not remove {example!r}"


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples(LINE_RULES, "keep"),
    ids=[f"{rule.id}:{example[:20]}" for rule, example in _examples(LINE_RULES, "keep")],
)
def test_no_line_rule_removes_its_keep_examples(rule: Rule, example: str) -> None:
    assert not _line_removed_by(rule, example), f"{rule.id} removes the hard negative {example!r}"


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples(INLINE_RULES, "strip"),
    ids=[f"{rule.id}:{example[:20]}" for rule, example in _examples(INLINE_RULES, "strip")],
)
def test_every_inline_rule_finds_a_span_in_its_strip_examples(rule: Rule, example: str) -> None:
    assert rule.find_inline(example)


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples(INLINE_RULES, "keep"),
    ids=[f"{rule.id}:{example[:20]}" for rule, example in _examples(INLINE_RULES, "keep")],
)
def test_no_inline_rule_finds_a_span_in_its_keep_examples(rule: Rule, example: str) -> None:
    assert not rule.find_inline(example)


def test_rule_files_are_one_per_category_and_sorted_by_id() -> None:
    names = builtin_rule_files()
    assert {name.removesuffix(".toml") for name in names} == CATEGORIES
    for name in names:
        ids = [rule.id for rule in RULES if rule.file.endswith("/" + name)]
        assert ids == sorted(ids), f"{name} is not sorted by id"
        assert all(rule_id.startswith(name.removesuffix(".toml") + ".") for rule_id in ids)


def test_rule_ids_are_unique_across_the_pack() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


GOOD = """
[[rule]]
id = "nav.demo"
description = "demo"
scope = "line"
patterns = ['^演示$']
strip = ["演示"]
keep = []
"""

INLINE = """
[[rule]]
id = "ad.demo"
description = "demo"
scope = "inline"
ends_line_with = ["）"]
patterns = ['（广告）(?=\\s*$)']
strip = ["本店新开张。（广告） "]
keep = []
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('scope = "line"', 'scope = "line"\npatern = "x"'), "unknown keys ['patern']"),
        (GOOD + GOOD, "duplicate id"),
        (GOOD.replace("'^演示$'", "'^演示($'"), "does not compile"),
        (GOOD.replace("'^演示$'", "'^版权.*所有$'"), "unbounded"),
        (GOOD.replace("'^演示$'", "'版权所有'"), "anchored"),
        (GOOD.replace("'^演示$'", "'^(演示)$'"), "captures"),
        (GOOD.replace("'^演示$'", "'^(?:演示)?$'"), "empty string"),
        (GOOD.replace('"nav.demo"', '"navigation.demo"'), "unknown category"),
        (GOOD.replace('strip = ["演示"]', "strip = []"), "at least one 'strip' example"),
        ("[[rule]\n", "not valid TOML"),
        (GOOD.replace("keep = []", 'keep = []\nends_line_with = ["示"]'), "only inline rules"),
        (INLINE.replace("(?=\\s*$)", ""), "must end the line"),
        (INLINE.replace("（广告）(", "x|（广告）("), "must end the line"),
        (INLINE.replace('["）"]', '["）", ""]'), "non-empty strings"),
        (INLINE.replace('ends_line_with = ["）"]', 'ends_line_with = ["告"]'), "does not end the line"),
        (
            INLINE.replace("（广告）(", "(?:（广告|推广）)(").replace("keep = []", 'keep = ["本店（广告"]'),
            "does not end the line",
        ),
        (INLINE.replace("（广告）(", "（广告）?("), "does not end the line"),
        (
            INLINE.replace("（广告）(", "（广告） (").replace('["）"]', '[" "]'),
            "must not end with white space",
        ),
    ],
    ids=[
        "unknown-key",
        "duplicate-id",
        "bad-pattern",
        "unbounded-dot",
        "unanchored-line-pattern",
        "capturing-group",
        "matches-empty",
        "unknown-category",
        "no-strip-example",
        "bad-toml",
        "line-end-on-a-line-rule",
        "line-end-without-a-tail",
        "line-end-with-a-top-level-branch",
        "line-end-empty-string",
        "line-end-not-what-the-strip-example-ends-with",
        "line-end-with-a-branch-that-ends-otherwise",
        "line-end-after-an-optional-bracket-its-examples-all-have",
        "line-end-with-a-space-the-step-strips",
    ],
)
def test_a_malformed_rule_file_is_refused_naming_file_and_rule(text: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        load_rule_text(text, "user.toml")
    assert "user.toml" in str(caught.value)
    assert message in str(caught.value)
    if message not in ("not valid TOML",):
        assert any(name in str(caught.value) for name in ("nav.demo", "navigation.demo", "ad.demo"))


def test_a_well_formed_rule_file_loads_into_immutable_rules() -> None:
    (rule,) = load_rule_text(GOOD, "user.toml")
    assert rule.id == "nav.demo" and rule.category == "nav" and rule.file == "user.toml"
    with pytest.raises(AttributeError):
        rule.id = "nav.other"  # type: ignore[misc]


def test_the_built_in_rules_pass_every_check_a_user_file_gets() -> None:
    """A process loads the built-in files without the checks that compile each pattern (it
    compiles, captures nothing, matches no empty string: builtin_rules says why); this test is
    where the built-in files get them."""
    assert builtin_rules(compiled_checks=True) == RULES


def test_the_compiled_checks_are_what_loading_without_them_leaves_out() -> None:
    """Loading without the compiled checks accepts a pattern that does not compile; with them (a
    user file always has them) it is refused."""
    broken = GOOD.replace("'^演示$'", "'^演示($'")
    (rule,) = load_rule_text(broken, "user.toml", compiled_checks=False)
    assert rule.patterns == ("^演示($",)
    with pytest.raises(RuleError, match="does not compile"):
        load_rule_text(broken, "user.toml")


def test_a_rules_one_pattern_is_used_as_the_object_the_check_compiled() -> None:
    (rule,) = load_rule_text(GOOD, "user.toml")
    assert rule.pattern() is compile_pattern("^演示$")


SINGLE_PATTERN_RULES = [rule for rule in RULES if len(rule.patterns) == 1]


@pytest.mark.parametrize("rule", SINGLE_PATTERN_RULES, ids=[rule.id for rule in SINGLE_PATTERN_RULES])
def test_a_single_pattern_matches_as_its_pattern_in_a_group_did(rule: Rule) -> None:
    """compile_alternation compiles a rule's one pattern as it is, not wrapped in (?:…) as an
    alternation of one; both match the same text in the same places on every example of the
    pack (fullmatch for line rules, every span for inline rules)."""
    (pattern,) = rule.patterns
    wrapped = regex.compile(f"(?:{pattern})", regex.V0)
    assert rule.pattern().pattern == pattern
    for other in RULES:
        for example in (*other.strip, *other.keep):
            for text in {example, core_of(example)}:
                assert (rule.pattern().fullmatch(text) is None) == (wrapped.fullmatch(text) is None)
                assert [found.span() for found in rule.pattern().finditer(text)] == [
                    found.span() for found in wrapped.finditer(text)
                ]


def test_a_single_pattern_with_an_inline_flag_keeps_its_group() -> None:
    """(?x) makes # begin a comment, which would swallow the closing parenthesis of (?:…); such
    a pattern is compiled as before, in its group, and not shared with the check."""
    assert compile_alternation(("(?x)^a b$",)).pattern == "(?:(?x)^a b$)"
    assert compile_alternation(("^a b$",)) is compile_pattern("^a b$")


def test_an_inline_rule_declaring_its_line_end_keeps_it_and_one_without_declares_none() -> None:
    (declared,) = load_rule_text(INLINE, "user.toml")
    (undeclared,) = load_rule_text(INLINE.replace('ends_line_with = ["）"]\n', ""), "user.toml")
    assert declared.ends_line_with == ("）",)
    assert undeclared.ends_line_with == ()


def test_the_built_in_credit_rules_declare_that_they_end_the_line_with_a_closing_bracket() -> None:
    declared = {rule.id: rule.ends_line_with for rule in INLINE_RULES if rule.ends_line_with}
    assert declared == {"byline.credit-inline": (")", "）"), "source.credit-inline": (")", "）")}


@pytest.mark.parametrize(
    ("pattern", "ends"),
    [
        (r"（广告）$", True),
        (r"（广告）(?=\s*$)", True),
        (r"[（(]广告[)）](?=[\s\u200b-\u200d]*$)", True),
        (r"(?:（广告）|（推广）)$", True),
        (r"（广告）", False),
        (r"（广告）\$", False),
        (r"（广告）[$]", False),
        (r"x|（广告）$", False),
        (r"(?m)（广告）$", False),
        (r"（广告）(?=\s*$)?", False),
        (r"（广告）(?=\S*$)", False),
        (r"(?#(x)a|（广告）$", False),
        (r"[[:alpha:](]|（广告）$", False),
        (r"（广告(?#|)）$", True),
    ],
    ids=[
        "dollar",
        "space-lookahead",
        "space-and-zero-width-lookahead",
        "branches-in-a-group",
        "no-tail",
        "escaped-dollar",
        "dollar-in-a-class",
        "top-level-branch",
        "multiline-flag",
        "optional-lookahead",
        "other-lookahead",
        "top-level-branch-after-a-comment",
        "top-level-branch-after-a-posix-class",
        "bar-in-a-comment",
    ],
)
def test_a_pattern_ends_the_line_only_with_a_line_end_tail_over_all_its_branches(
    pattern: str, ends: bool
) -> None:
    assert ends_at_line_end(pattern) is ends


def test_what_may_follow_a_line_end_match_holds_every_space_the_tails_allow() -> None:
    """LINE_END_SPACE must hold every character a line-end tail lets follow the match (`regex`'s
    \\s, the zero-width spaces); one it lacked would let the step skip a line holding a match."""
    allowed = regex.compile(r"[\s\u200b-\u200d]", regex.V0)
    missing = [
        hex(code) for code in range(0x110000) if allowed.match(chr(code)) and chr(code) not in LINE_END_SPACE
    ]
    assert missing == []


def test_a_comment_is_read_whole_to_its_first_closing_parenthesis() -> None:
    """`regex` ends a comment at its first ``)``, whatever it holds: a ``(`` or ``[`` in it opens
    nothing, so the ``|`` after it is a top-level branch, and a ``.*`` or ``|`` in it is no
    pattern at all."""
    assert has_top_level_branches("(?#(x)a|b") and has_top_level_branches("(?#[)a|b")
    assert not has_top_level_branches("a(?#|)b") and not has_unbounded_dot("a(?#.*)b")
    assert [match.span() for match in compile_pattern("(?#(x)a|b").finditer("ab")] == [(0, 1), (1, 2)]


def test_a_pattern_with_a_posix_like_class_is_taken_to_have_top_level_branches() -> None:
    """`regex` ends ``[[:alpha:](]`` at its last ``]`` (letters and ``(``), so the ``|`` after it is
    a top-level branch, which reading the class to its first ``]`` hides; after an unknown name
    it ends the class at the first ``]``. Neither is read: such a pattern may have branches."""
    assert [m.span() for m in compile_pattern("[[:alpha:](]|a").finditer("(a")] == [(0, 1), (1, 2)]
    assert has_top_level_branches("[[:alpha:](]|a") and has_top_level_branches("[[:alpha:]]x")
    assert not has_top_level_branches("来源[:：]x") and not has_top_level_branches(r"[\[:]x")


@pytest.mark.parametrize(
    ("pattern", "last"),
    [
        (r"（广告）$", "）"),
        (r"[（(]广告[)）](?=[\s\u200b-\u200d]*$)", ")）"),
        (r"（广告\)(?=\s*$)", ")"),
        (r"[（(]广告[]）](?=\s*$)", "]）"),
        (r"（广告）?$", None),
        (r"（广告）+$", None),
        (r"（广告）{1,2}$", None),
        (r"(?:（广告）|（推广）)$", None),
        (r"（广告）(?<=）)$", None),
        (r"（广告[^（]$", None),
        (r"（广告[）-］]$", None),
        (r"（广告[\)）]$", None),
        (r"（广告[[:punct:]]$", None),
        (r"（广告\）$", "）"),
        (r"（广告\x29$", None),
        (r"（广告\N{RIGHT PARENTHESIS}$", None),
        (r"（广告\p{Pe}$", None),
        (r"（广告\pP$", None),
        (r"（广告）", None),
        (r"x|（广告）$", None),
    ],
    ids=[
        "literal",
        "class",
        "escaped-metacharacter",
        "class-opening-with-a-bracket",
        "optional",
        "repeated",
        "counted",
        "group",
        "lookbehind",
        "negated-class",
        "range",
        "escape-in-a-class",
        "posix-class",
        "escaped-full-width-bracket",
        "hex-escape",
        "named-character",
        "property",
        "one-letter-property",
        "no-tail",
        "top-level-branch",
    ],
)
def test_the_last_character_of_a_line_end_pattern_is_read_only_where_it_is_plain(
    pattern: str, last: str | None
) -> None:
    """The loader trusts ends_line_with only where every match's last character can be read off
    the pattern: one literal or one class of literals right before the tail. Every other form is
    refused, including those (optional, property, escape) whose last character varies."""
    assert last_characters(pattern) == (None if last is None else frozenset(last))


READABLE_ENDS = [
    r"（广告）$",
    r"[（(]广告[)）](?=[\s\u200b-\u200d]*$)",
    r"（广告\)(?=\s*$)",
    r"[（(]广告[]）](?=\s*$)",
    *(pattern for rule in INLINE_RULES if rule.ends_line_with for pattern in rule.patterns),
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            ["（", "）", "(", ")", "]", "广告", "来源：", "记者", "某某网", "张三", " ", "\u200b", "x"]
        ),
        max_size=8,
    )
)
def test_every_match_of_a_readable_line_end_pattern_ends_with_a_character_it_reads(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    for pattern in READABLE_ENDS:
        last = last_characters(pattern)
        assert last is not None
        for found in compile_pattern(pattern).finditer(text):
            assert found.group()[-1:] in last, (pattern, text)


def ends_the_line(text: str, end: int, endings: tuple[str, ...]) -> bool:
    """True when a match that ends at ``end`` in ``text`` ends with one of ``endings`` and only
    LINE_END_SPACE follows it (what ``ends_line_with`` promises of every match)."""
    return text.endswith(endings, 0, end) and not text[end:].strip(LINE_END_SPACE)


LINE_END_RULES = [rule for rule in INLINE_RULES if rule.ends_line_with]
LINE_END_PIECES = sorted(
    {example for rule in LINE_END_RULES for example in (*rule.strip, *rule.keep)}
    | {"（", "）", "(", ")", "来源：", "记者", "文/图", "某某网", "张三", "。", " ", "\u200b", "\n", "x"}
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(LINE_END_PIECES), max_size=6))
def test_every_match_of_a_line_end_rule_ends_the_line_as_it_declares(pieces: list[str]) -> None:
    """The loader reads the declaration off the patterns (ends_at_line_end, last_characters); here
    the built-in rules are searched in lines pieced together from their examples, brackets,
    labels and spaces, and every match ends the line with a declared string."""
    text = "".join(pieces)
    for rule in LINE_END_RULES:
        for found in rule.pattern().finditer(text):
            assert ends_the_line(text, found.end(), rule.ends_line_with), (rule.id, text)
