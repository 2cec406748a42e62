"""The rule pack specifies itself: every rule strips its own ``strip`` examples and leaves its ``keep``
examples alone, files are sorted by id, and malformed rule files are refused with a message that names
the file and the rule."""

from __future__ import annotations

import pytest

from corpus.boilerplate.lines import core_of, is_sentence
from corpus.boilerplate.rules import (
    CATEGORIES,
    Rule,
    builtin_rule_files,
    builtin_rules,
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
    ],
)
def test_a_malformed_rule_file_is_refused_naming_file_and_rule(text: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        load_rule_text(text, "user.toml")
    assert "user.toml" in str(caught.value)
    assert message in str(caught.value)
    if message not in ("not valid TOML",):
        assert "nav.demo" in str(caught.value) or "navigation.demo" in str(caught.value)


def test_a_well_formed_rule_file_loads_into_immutable_rules() -> None:
    (rule,) = load_rule_text(GOOD, "user.toml")
    assert rule.id == "nav.demo" and rule.category == "nav" and rule.file == "user.toml"
    with pytest.raises(AttributeError):
        rule.id = "nav.other"  # type: ignore[misc]
