"""Load, validate and compile boilerplate rule files (TOML) into immutable :class:`Rule` objects.

Rules are data, not code: each lives in ``corpus/boilerplate/rules/<category>.toml`` with an id, a scope,
its patterns and two example lists (``strip``: text it must remove; ``keep``: hard negatives it must leave
alone). The loader refuses anything it cannot vouch for, and says which file and which rule is wrong:

* unknown keys (a typo such as ``patern`` would otherwise silently disable a rule);
* duplicate ids, across every file loaded together (ids are stable forever and name events);
* patterns that fail to compile, that capture (the combined matcher relies on named groups only), or
  that match the empty string (an empty alternation would match every line, as trafilatura warns);
* unbounded ``.*`` / ``.+`` anywhere, and line patterns not anchored with ``^`` and ``$``: greedy
  patterns such as ``版权.*所有`` are how other cleaners eat real paragraphs. Bound a gap instead:
  ``[^。]{0,30}``.

Scopes:

``line``
    the pattern must match the whole *core* of a line (see :func:`corpus.boilerplate.lines.core_of`),
    anywhere in the document;
``head`` / ``tail`` / ``edge``
    the same, but only in the head zone (before the first body paragraph), the tail zone (after the last)
    or either; in the body these lines are content (a menu word used in a sentence heading);
``inline``
    the pattern finds a span inside a body line (a ``（来源：X）`` credit at a paragraph's end); only the
    span is removed. An inline rule whose matches always end a line may say so (``ends_line_with``:
    the strings its matches end with), and the step then searches only lines that end so.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

import regex

from corpus.errors import RuleError

Category = Literal[
    "licence",
    "copyright",
    "disclaimer",
    "byline",
    "source",
    "follow",
    "ad",
    "nav",
    "footer",
    "image",
    "markup",
    "pinyin",
]
CATEGORIES: frozenset[str] = frozenset(get_args(Category))

Scope = Literal["line", "head", "tail", "edge", "inline"]
SCOPES: tuple[str, ...] = get_args(Scope)
LINE_SCOPES: frozenset[str] = frozenset({"line", "head", "tail", "edge"})

ALLOWED_KEYS = frozenset(
    {
        "id",
        "description",
        "scope",
        "patterns",
        "strip",
        "keep",
        "sentences",
        "keywords",
        "max_chars",
        "ends_line_with",
    }
)
REQUIRED_KEYS = ("id", "description", "scope", "patterns", "strip", "keep")

_ID = regex.compile(r"^([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$")
_OPEN_REPEAT = regex.compile(r"[*+]|\{\d*,\}")
INLINE_FLAGS = regex.compile(r"\(\?[A-Za-z^-]")
"""An inline flag (``(?i)``, ``(?x)``, ``(?V1)``): in `regex`'s version 0 it applies to the whole
pattern it stands in, wherever it stands, so a pattern that holds one is never joined with others
or rewrapped without care."""

DEFAULT_MAX_CHARS = 200
"""Default longest line (core characters) a rule is tried on: footer rows, menus and credits in the
development set are all shorter (the longest, a licence row, has about 110 characters)."""

DEFAULT_MAX_CHARS_SENTENCES = 400
"""Default for rules that match sentences (notices, disclaimers): the longest seen has about 130."""

LINE_END_SPACE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200E))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""What may follow an ``ends_line_with`` rule's match on its line: every character ``str.isspace``
counts as space (which holds every character `regex`'s ``\\s`` matches, and U+001C–U+001F more)
and the zero-width characters U+200B–U+200D, which pages leave at line ends. The tails such a
pattern may end with (:data:`LINE_END_TAILS`) allow no other character, and the step strips these
from a line's end before it asks how the line ends, so a line it skips cannot hold a match."""

LINE_END_TAILS = ("$", r"(?=\s*$)", r"(?=[\s\u200b-\u200d]*$)")
"""How an ``ends_line_with`` rule's patterns must end: at the end of the line, or before nothing but
white space (and zero-width spaces) up to it; each allows only :data:`LINE_END_SPACE` after the
match."""

BUILTIN_PACKAGE = "corpus.boilerplate"
BUILTIN_DIR = "rules"


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule: what it removes, where, and the examples that prove it.

    ``sentences`` says whether the rule may fire on a sentence-shaped line (one with 。！？ inside it);
    most footer shapes may not, so a paragraph that merely mentions 版权所有 survives even if a pattern
    is looser than intended. Disclaimers and reprint notices are sentences, so their rules opt in.

    ``max_chars`` is the longest line core the rule is tried on (default :data:`DEFAULT_MAX_CHARS`, or
    :data:`DEFAULT_MAX_CHARS_SENTENCES` for sentence rules). Boilerplate lines are short; skipping the
    long paragraphs that make up most of a corpus is what keeps the step fast.

    ``keywords`` (optional) are literal strings of which a line must contain one before the rule's
    patterns are tried at all. Patterns that look for a phrase anywhere in a line
    (``^[^。]{0,100}ICP…``) are expensive to try on every line; a keyword gate lets the step skip them on
    the ordinary paragraphs that make up most of a corpus. Every ``strip`` example must contain a keyword.

    ``ends_line_with`` (optional, inline rules only) are the strings every match of the rule ends
    with, followed by nothing but :data:`LINE_END_SPACE` to the end of the line (a ``（来源：X）``
    credit closes its paragraph). Nearly every body line that holds an opening bracket, which is
    where an inline match may begin, does not end with a closing one, so the step skips the search
    on those (:attr:`corpus.boilerplate.classify.Matcher.inline_last`). The loader checks, from
    the patterns, that every match keeps the promise: each pattern ends at the line's end
    (:func:`ends_at_line_end`) right after one literal character or class of them, each of which
    is one of the strings (:func:`last_characters`), and no string ends with white space, which
    the step strips before it compares. Empty (the default) claims nothing.
    """

    id: str
    category: Category
    description: str
    scope: Scope
    patterns: tuple[str, ...]
    strip: tuple[str, ...]
    keep: tuple[str, ...]
    sentences: bool
    keywords: tuple[str, ...]
    max_chars: int
    file: str
    ends_line_with: tuple[str, ...] = ()

    def __hash__(self) -> int:
        """Hash by id alone: equal rules share their id, and the step looks its compiled matcher up
        by the rule pack for every document, so hashing every example string each time was a
        measurable share of stripping a short document."""
        return hash(self.id)

    def pattern(self) -> regex.Pattern[str]:
        """This rule's patterns as one compiled alternation (cached per process); a rule's one
        pattern is the very object the loader compiled to check it (:func:`compile_pattern`)."""
        return compile_alternation(self.patterns)

    def matches_line(self, core: str) -> bool:
        """True when a line's core is wholly this rule's boilerplate (line-like scopes only)."""
        if len(core) > self.max_chars:
            return False
        if self.keywords and not any(keyword in core for keyword in self.keywords):
            return False
        return self.pattern().fullmatch(core) is not None

    def find_inline(self, line: str) -> list[tuple[int, int]]:
        """Spans (start, end) this inline rule finds in ``line``."""
        return [match.span() for match in self.pattern().finditer(line)]


@functools.cache
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """``pattern`` compiled (`regex`, version 0), once per process.

    The loader's check compiles every pattern (:func:`_check_pattern`), and the matcher needs most
    of them compiled again, alone or as a rule's pattern; compiling is what building the step
    costs (about 4 µs per pattern character, 12,000 characters in the built-in pack), so every
    one of them asks here and shares the check's object instead of compiling its own. Errors are
    not cached: a pattern that does not compile raises on every call.
    """
    return regex.compile(pattern, regex.V0)


@functools.cache
def compile_alternation(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    """``patterns`` as one alternation, compiled. A single pattern without an inline flag is
    compiled as it is (:func:`compile_pattern`, shared with the loader's check): ``(?:p)`` and
    ``p`` match alike, except where an inline flag such as ``(?x)`` changes how the rest reads
    (a comment would swallow the closing parenthesis), and those keep the wrapper."""
    if len(patterns) == 1 and INLINE_FLAGS.search(patterns[0]) is None:
        return compile_pattern(patterns[0])
    return compile_pattern(alternation(patterns))


def alternation(patterns: Iterable[str]) -> str:
    """``patterns`` joined as one alternation, each in a non-capturing group."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _fail(file: str, rule_id: str | None, message: str) -> RuleError:
    where = f"{file}: rule {rule_id!r}" if rule_id else file
    hint = "fix the rule file; its format is in corpus/boilerplate/rules/README.md"
    return RuleError(f"{where}: {message}", hint)


def _string_list(file: str, rule_id: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(file, rule_id, f"{key!r} must be a list of strings")
    return tuple(value)


_ELEMENT = regex.compile(r"\\.?|\[\^?\]?(?:\\.?|[^\]\\])*\]?|\(\?#[^)]*\)?|.", regex.DOTALL | regex.V0)
"""One element of a pattern, as :func:`pattern_elements` reads them: one search in C instead of a
Python loop over every character (reading the 93 built-in patterns once: 2.0 instead of 2.6 ms, best
of 9). Equal to the loop it replaced on all 597,871 strings of up to 6 characters over
``\\[]^(?#)a``, on every built-in pattern and on newlines inside classes, comments and escapes."""


def pattern_elements(pattern: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each element of ``pattern``, read left to right: an escape (a backslash
    and the character after it), a character class (a ``]`` or ``^]`` right after the ``[``
    belongs to it, and an escaped ``]`` does not close it), a comment (``(?#…)``, to its first
    ``)``, whatever it holds), or any other single character. The pattern readers of this package
    read patterns through this one reading; a comment read as characters could hide a top-level
    ``|`` from them (``(?#(x)a|（b）$`` has one: the comment ends at the first ``)``).

    >>> pattern = r"a[b\\]c](d)\\.e"
    >>> print(*(pattern[start:end] for start, end in pattern_elements(pattern)))
    a [b\\]c] ( d ) \\. e
    """
    for found in _ELEMENT.finditer(pattern):
        yield found.span()


def outside_classes(pattern: str) -> Iterator[tuple[int, str]]:
    """``(position, character)`` for each character of ``pattern`` that is neither escaped nor inside
    a character class or a comment (:func:`pattern_elements`' one-character elements). The pattern
    readers of this package (:func:`has_unbounded_dot`, :func:`with_group_depth` and those who use
    it) look only at these.

    >>> "".join(char for _, char in outside_classes(r"a[b\\]c](d)\\.e"))
    'a(d)e'
    """
    for start, end in pattern_elements(pattern):
        char = pattern[start]
        if end - start == 1 and char not in "\\[":
            yield start, char


def with_group_depth(pattern: str) -> Iterator[tuple[int, str, int]]:
    """:func:`outside_classes` with the group depth after each character: 1 after a top-level
    ``(``, 0 again after its ``)``. A ``|`` at depth 0 splits the whole pattern into branches.

    >>> [(char, depth) for _, char, depth in with_group_depth("a(b|c)|d") if char in "()|"]
    [('(', 1), ('|', 1), (')', 0), ('|', 0)]
    """
    depth = 0
    for position, char in outside_classes(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        yield position, char, depth


def has_posix_like_class(pattern: str) -> bool:
    """True when a class of ``pattern`` holds a ``[`` before ``:``, ``.`` or ``=``. `regex` reads
    ``[[:alpha:](]`` as one class (letters and ``(``), which ends at the last ``]``, but
    :func:`pattern_elements` ends it at the first; after an unknown name (``[[:x(:]``) `regex`
    reads the ``[`` as a literal and ends the class at the first ``]`` too. The readers of this
    package cannot tell which, so they do not read such a pattern.

    >>> has_posix_like_class("[[:alpha:](]|a"), has_posix_like_class("[:：]"), has_posix_like_class(r"[\\[]")
    (True, False, False)
    """
    return any(
        pattern[start] == "[" and _POSIX_LIKE.search(pattern, start + 1, end) is not None
        for start, end in pattern_elements(pattern)
    )


_POSIX_LIKE = regex.compile(r"(?<!\\)(?:\\\\)*\[[:.=]")
"""An unescaped ``[`` before ``:``, ``.`` or ``=`` (an even run of backslashes before it)."""


def has_top_level_branches(pattern: str) -> bool:
    """True when ``pattern`` has a ``|`` outside every group and class: another branch may then
    begin or end a match. Also True, since it may, for a pattern with a POSIX-like class
    (:func:`has_posix_like_class`), where the groups and classes are not read with certainty.

    >>> has_top_level_branches("a|b"), has_top_level_branches("(?:a|b)c"), has_top_level_branches("[|]")
    (True, False, False)
    """
    return has_posix_like_class(pattern) or any(
        char == "|" and depth == 0 for _, char, depth in with_group_depth(pattern)
    )


def has_unbounded_dot(pattern: str) -> bool:
    """True when ``pattern`` has a ``.`` outside a character class repeated without bound.

    >>> has_unbounded_dot("版权.*所有"), has_unbounded_dot(r"[\\w.+-]+@"), has_unbounded_dot("a.{0,9}")
    (True, False, False)
    """
    return any(
        char == "." and _OPEN_REPEAT.match(pattern, position + 1)
        for position, char in outside_classes(pattern)
    )


def _check_pattern(file: str, rule_id: str, scope: str, pattern: str, compiled_checks: bool) -> None:
    if has_unbounded_dot(pattern):
        raise _fail(file, rule_id, f"pattern {pattern!r} has an unbounded .* or .+; bound the gap")
    if scope in LINE_SCOPES and not (pattern.startswith("^") and pattern.endswith("$")):
        raise _fail(file, rule_id, f"line pattern {pattern!r} must be anchored with ^ and $")
    if not compiled_checks:
        return
    try:
        compiled = compile_pattern(pattern)
    except regex.error as error:
        raise _fail(file, rule_id, f"pattern {pattern!r} does not compile: {error}") from None
    if compiled.groups:
        raise _fail(file, rule_id, f"pattern {pattern!r} captures; use (?:...) groups")
    if compiled.fullmatch("") is not None or (scope == "inline" and compiled.search("") is not None):
        raise _fail(file, rule_id, f"pattern {pattern!r} matches the empty string")


def ends_at_line_end(pattern: str) -> bool:
    """True when every match of ``pattern`` ends where only :data:`LINE_END_SPACE` is left on its
    line: the pattern ends with one of :data:`LINE_END_TAILS` (not escaped, not in a class), has
    no ``|`` outside a group (the tail would hold for the last branch only) and no inline flag
    (``(?m)`` would let ``$`` stop at any line end).

    >>> ends_at_line_end(r"（来源：[^）]{1,9}）(?=\\s*$)"), ends_at_line_end(r"a|（b）$")
    (True, False)
    >>> ends_at_line_end(r"（b）\\$"), ends_at_line_end(r"(?m)（b）$")
    (False, False)
    """
    if INLINE_FLAGS.search(pattern) or has_top_level_branches(pattern):
        return False
    positions = {position for position, _ in outside_classes(pattern)}
    return any(pattern.endswith(tail) and len(pattern) - len(tail) in positions for tail in LINE_END_TAILS)


_NOT_PLAIN_LAST = frozenset("\\.^$*+?{}[]()|#<>")
"""Characters that, as the last one before a pattern's line-end tail, are not one literal
character: metacharacters, a closing bracket (``[[:punct:]]`` ends a class with it), and the
``>`` and ``}`` that end an escape's payload (``\\g<name>``, ``\\p{Han}``)."""


def last_characters(pattern: str) -> frozenset[str] | None:
    """The characters every match of ``pattern`` ends with, when it ends the line
    (:func:`ends_at_line_end`) and says so plainly: right before its tail stands one literal
    character (an escaped one such as ``\\)`` too) or a class of literal characters
    (``[)）]``), which nothing can make optional, since only the tail follows it. Else ``None``:
    a group, a quantifier, an assertion, a negated class or one with an escape, a range or a
    bracket inside, and an ASCII letter or digit (which may be the payload of an escape such as
    ``\\x29``, read here two characters at a time) are not read.

    >>> sorted(last_characters(r"（来源：[^）]{1,9}[)）](?=\\s*$)")), last_characters(r"（来源）?$")
    ([')', '）'], None)
    """
    if not ends_at_line_end(pattern):
        return None
    body = next(pattern[: -len(tail)] for tail in LINE_END_TAILS if pattern.endswith(tail))
    start = max((start for start, _ in pattern_elements(body)), default=0)
    last = body[start:]
    if last.startswith("["):
        chars = last[1:-1]
        if not chars or chars[0] == "^" or any(char in "\\-[" for char in chars):
            return None
        return frozenset(chars)
    if last.startswith("\\"):
        last = last[1:]  # an escaped character is itself, unless it is a letter or digit (\\d)
    elif last in _NOT_PLAIN_LAST:
        return None
    if len(last) != 1 or (last.isascii() and last.isalnum()):
        return None
    return frozenset(last)


def _check_line_end(file: str, rule_id: str, endings: tuple[str, ...], patterns: tuple[str, ...]) -> None:
    """Refuse an ``ends_line_with`` declaration that some match could break. Read from the patterns,
    not their examples, which need not show every match (``（广告）?$`` ends ``本店（广告`` too)."""
    if any(ending[-1] in LINE_END_SPACE for ending in endings):
        raise _fail(
            file,
            rule_id,
            "ends_line_with strings must not end with white space (the step strips it from the "
            "line's end before it compares)",
        )
    for pattern in patterns:
        if not ends_at_line_end(pattern):
            raise _fail(
                file,
                rule_id,
                f"pattern {pattern!r} must end the line to declare ends_line_with: end with one "
                f"of {list(LINE_END_TAILS)}, with no top-level | and no inline flag",
            )
        last = last_characters(pattern)
        if last is None or not last <= set(endings):
            raise _fail(
                file,
                rule_id,
                f"pattern {pattern!r} does not end the line with one of ends_line_with "
                f"{list(endings)}: before its line-end tail it must have one literal character "
                "or a class of them (not optional, not a group), each one of those strings",
            )


def parse_rules(data: object, file: str, *, compiled_checks: bool = True) -> tuple[Rule, ...]:
    """Validate the parsed TOML of one rule file and build its rules.

    ``compiled_checks`` False leaves out the checks that compile each pattern (it compiles, captures
    nothing, matches no empty string); only :func:`builtin_rules` asks so (it says why)."""
    if not isinstance(data, dict):
        raise _fail(file, None, "not a table")
    unknown_top = set(data) - {"rule"}
    if unknown_top:
        raise _fail(file, None, f"unknown top-level keys {sorted(unknown_top)}; only [[rule]] tables")
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise _fail(file, None, "'rule' must be an array of tables ([[rule]])")
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise _fail(file, None, f"rule #{position} is not a table")
        raw_id = entry.get("id")
        rule_id = raw_id if isinstance(raw_id, str) else f"#{position}"
        unknown = set(entry) - ALLOWED_KEYS
        if unknown:
            raise _fail(file, rule_id, f"unknown keys {sorted(unknown)}")
        missing = [key for key in REQUIRED_KEYS if key not in entry]
        if missing:
            raise _fail(file, rule_id, f"missing keys {missing}")
        match = _ID.match(rule_id)
        if match is None:
            raise _fail(file, rule_id, "id must look like category.slug (lowercase, digits, hyphens)")
        category = match.group(1)
        if category not in CATEGORIES:
            raise _fail(file, rule_id, f"unknown category {category!r}; one of {sorted(CATEGORIES)}")
        if rule_id in seen:
            raise _fail(file, rule_id, "duplicate id")
        seen.add(rule_id)
        scope = entry["scope"]
        if scope not in SCOPES:
            raise _fail(file, rule_id, f"unknown scope {scope!r}; one of {list(SCOPES)}")
        description = entry["description"]
        if not isinstance(description, str) or not description.strip():
            raise _fail(file, rule_id, "description must be a non-empty string")
        patterns = _string_list(file, rule_id, "patterns", entry["patterns"])
        if not patterns:
            raise _fail(file, rule_id, "needs at least one pattern")
        for pattern in patterns:
            _check_pattern(file, rule_id, scope, pattern, compiled_checks)
        strip = _string_list(file, rule_id, "strip", entry["strip"])
        keep = _string_list(file, rule_id, "keep", entry["keep"])
        if not strip:
            raise _fail(file, rule_id, "needs at least one 'strip' example")
        sentences = entry.get("sentences", False)
        if not isinstance(sentences, bool):
            raise _fail(file, rule_id, "'sentences' must be true or false")
        keywords = _string_list(file, rule_id, "keywords", entry.get("keywords", []))
        if any(not keyword for keyword in keywords):
            raise _fail(file, rule_id, "keywords must be non-empty strings")
        if keywords and scope == "inline":
            raise _fail(file, rule_id, "inline rules take no keywords")
        for example in strip:
            if keywords and not any(keyword in example for keyword in keywords):
                raise _fail(file, rule_id, f"strip example {example!r} contains none of the keywords")
        default_max = DEFAULT_MAX_CHARS_SENTENCES if sentences else DEFAULT_MAX_CHARS
        max_chars = entry.get("max_chars", default_max)
        if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 1:
            raise _fail(file, rule_id, "'max_chars' must be a positive integer")
        for example in strip:
            if len(example.strip()) > max_chars:
                raise _fail(file, rule_id, f"strip example {example!r} is longer than max_chars")
        ends_line_with = _string_list(file, rule_id, "ends_line_with", entry.get("ends_line_with", []))
        if any(not ending for ending in ends_line_with):
            raise _fail(file, rule_id, "ends_line_with must hold non-empty strings")
        if ends_line_with:
            if scope != "inline":
                raise _fail(file, rule_id, "only inline rules take ends_line_with")
            _check_line_end(file, rule_id, ends_line_with, patterns)
        rules.append(
            Rule(
                id=rule_id,
                category=category,  # type: ignore[arg-type]  # checked against CATEGORIES above
                description=description.strip(),
                scope=scope,
                patterns=patterns,
                strip=strip,
                keep=keep,
                sentences=sentences,
                keywords=keywords,
                max_chars=max_chars,
                file=file,
                ends_line_with=ends_line_with,
            )
        )
    return tuple(rules)


def load_rule_text(text: str, file: str, *, compiled_checks: bool = True) -> tuple[Rule, ...]:
    """Parse one rule file's text; ``file`` names it in error messages (``compiled_checks``: as
    for :func:`parse_rules`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(file, None, f"not valid TOML: {error}") from None
    return parse_rules(data, file, compiled_checks=compiled_checks)


def load_rule_file(path: str | Path) -> tuple[Rule, ...]:
    """Load a user rule file from disk."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise RuleError(f"cannot read rule file {file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise RuleError(f"rule file {file} is not UTF-8") from None
    return load_rule_text(text, file)


def builtin_rule_files() -> tuple[str, ...]:
    """Names of the built-in rule files, sorted."""
    folder = resources.files(BUILTIN_PACKAGE).joinpath(BUILTIN_DIR)
    return tuple(sorted(item.name for item in folder.iterdir() if item.name.endswith(".toml")))


@functools.cache
def builtin_rules(*, compiled_checks: bool = False) -> tuple[Rule, ...]:
    """Every built-in rule, file by file in name order (cached per process).

    The built-in files ship with the package and are checked in full by the tests
    (``tests/boilerplate/test_rules.py`` loads them with ``compiled_checks=True``), so a process
    does not check them again: compiling is what building the step costs, and a rule with several
    patterns is used as one alternation, so checking compiled each of its patterns once more for
    nothing (6,700 of the pack's 12,000 pattern characters, about 25 ms of the 0.15 s that
    ``pipeline_for`` took). Every other check still runs, and user rule files
    (:func:`load_rule_file`) get every check.
    """
    folder = resources.files(BUILTIN_PACKAGE).joinpath(BUILTIN_DIR)
    rules: list[Rule] = []
    for name in builtin_rule_files():
        text = folder.joinpath(name).read_text(encoding="utf-8")
        rules.extend(load_rule_text(text, f"{BUILTIN_DIR}/{name}", compiled_checks=compiled_checks))
    return check_unique(rules)


def check_unique(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Refuse two rules with one id, even when they come from different files."""
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            raise _fail(rule.file, rule.id, f"duplicate id (also defined in {seen[rule.id].file})")
        seen[rule.id] = rule
    return tuple(seen.values())


@functools.cache
def load_pack(rule_files: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """The built-in rules followed by the rules of each user file, validated together."""
    rules = list(builtin_rules())
    for path in rule_files:
        rules.extend(load_rule_file(path))
    return check_unique(rules)
