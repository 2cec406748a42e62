"""The line classifier: rules plus position, line shape and neighbourhood decide what is boilerplate.

A web page flattened to text has a shape: page chrome and meta lines, the headline, meta lines again,
the body paragraphs, then credits, notices, related lists and the footer. The classifier recovers that
shape before it trusts anything but the strongest rules:

1. **Rule hits.** Every short line is matched against every line rule (any scope). A hit is only a
   candidate until its zone is known.
2. **Body.** Body paragraphs are prose lines (:func:`corpus.boilerplate.lines.is_prose`) that no rule
   hit and that are not bare links. The *head zone* lies before the first of them, the *tail zone*
   after the last; with no body at all, the whole document counts as both.
3. **Zone rules.** ``line`` rules apply everywhere; ``head``/``tail``/``edge`` rules only in their zones,
   so a paragraph about investment risk or copyright law in the middle of an article is never touched.
4. **Structure.** A label with no value (``来源：``) takes the short line after it along; a related-list
   header (``相关阅读``) takes the list below it; the page ``<title>`` (the headline plus a site suffix)
   goes; in the head zone, chrome before the headline goes when it contains a rule hit; runs of short
   menu words and counters that contain a rule hit go; in the tail zone everything after the first
   boilerplate line goes, because nothing after the last paragraph and a credit line is article text.
5. **Inline.** Labelled credits at the end of a body paragraph and pinyin residue are removed as spans.

Each decision carries a rule id: a rule file's id, or one of :data:`STRUCTURAL_RULES` for the
structural steps, so ``--explain`` and the report can say why every line went.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Literal

import regex

from corpus.boilerplate import pinyin
from corpus.boilerplate.lines import (
    PROSE_MIN_HAN,
    RULE_MAX_CHARS,
    Line,
    core_of,
    han_count,
    has_emphasis,
    is_prose,
    is_sentence,
    line_at,
    lines_and_starts,
    nonblank_indices,
)
from corpus.boilerplate.rules import INLINE_FLAGS as _INLINE_FLAGS
from corpus.boilerplate.rules import (
    LINE_END_SPACE,
    Category,
    Rule,
    alternation,
    compile_alternation,
    compile_pattern,
    has_posix_like_class,
    has_top_level_branches,
    pattern_elements,
    with_group_depth,
)
from corpus.document import initialized_through_slots
from corpus.encoding.frequency import load_weights

Zone = Literal["head", "body", "tail", "edge"]
ZoneQuery = Literal["head", "body", "tail", "edge", "any"]
ZONE_QUERIES: tuple[ZoneQuery, ...] = ("head", "body", "tail", "edge", "any")

STRUCTURAL_RULES: dict[str, tuple[Category, str]] = {
    "markup.empty-line": ("markup", "a line that is only Markdown decoration (****, an empty # heading)"),
    "markup.empty-fence": ("markup", "a code fence with nothing inside it"),
    "nav.head-chrome": ("nav", "menu words and counters around the headline, next to other chrome"),
    "nav.related-list": ("nav", "the list of links or headlines below a related-articles header"),
    "nav.site-title": ("nav", "the page <title>: the headline repeated with a site-name suffix"),
    "nav.token-row": ("nav", "a row of three or more short tokens joined by | / · at the edges"),
    "footer.tail-residue": ("footer", "a line after the first boilerplate line that follows the body"),
}
"""Ids of decisions made by structure rather than by a rule file's pattern (stable, like rule ids)."""

WEAK_MAX_CHARS = 8
"""A menu word or account name: at most 8 characters and no punctuation. Headlines in the development
set are 10 or more characters; menu items, account names and counters are 1 to 7."""

MENU_MIN_LINES = 3
"""Three or more menu words before the headline, with nothing else, are a menu; one or two short
lines there may be a poem's title and author, so they stay unless a rule marks them as chrome."""

LIST_MAX_CHARS = 120
"""A related-list item (a headline or a link) is shorter than this and has no full stop."""

CONTINUATION_MAX_CHARS = 80
"""The value line after an empty label (``来源：`` / ``网信青海``, ``**编辑：**`` / names, a URL)."""

TITLE_MIN_HAN = 6
"""A repeated headline has at least 6 Han characters; shorter prefixes (a product name) are not titles."""

TITLE_SUFFIX_MAX_CHARS = 24
"""A site suffix (``_某某网``, `` - 某某频道``) is short; a longer tail is a different sentence."""

INSIDE_ARTICLE = frozenset({"image", "markup"})
"""Categories that also occur inside an article (a picture, a separator), so they do not mark its end."""

ARTICLE_END_RULES = frozenset({"markup.end-marker"})
"""Rules whose line ends the article: paragraphs after （完） or END are the site's promotion."""

NEUTRAL_PINYIN_RULES = frozenset({"pinyin.glued-neutral"})
"""Pinyin rules whose finds only go along with residue that tone-marked finds have established."""

LIST_OPENERS = frozenset({"nav.related-header", "nav.section-chrome", "nav.prev-next"})

CAPTION_MARKS = ("▲", "△", "▼", "▽", "↑", "↓", "⬆", "👆")
"""Marks that open a photo caption on Taiwan and Hong Kong news pages (▲市長出席記者會。（圖／市府提供）)
and in WeChat articles: a credit at the end of such a line is the photo's, and stays with its
caption however long the caption is (held-out Taiwan page: a 21-character caption)."""

REPLY_MIN_HAN = 8
"""A written reply in the tail has two clauses of about four Han characters or more. The lines
with a stop that the tail residue takes in the development set and our fixtures are one-clause
slogans (of the shape 每天进步一点点！ or 专注城市生活服务的本地平台。); a forum thread's last
reply (了解，謝謝分享！我這週就拿去原廠。, 14 Han characters) is shorter than a paragraph but
written the same way."""

_SENTENCE_END = frozenset("。！？!?")
_CLAUSE_BREAK = frozenset("，,；;。！？!?")
_CLOSING = frozenset('”」』’"）)')

_LINK_ONLY = regex.compile(
    r"^(?:[-*+]\s+|\d{1,2}[.、]\s*)?(?:\[[^\]\n]{0,300}\]\([^)\n]{0,1000}\)\s*)+$|^<?https?://\S{1,1000}>?$"
)
_NUMBER = regex.compile(r"^[\d.,:/\-|｜%]+$")
_UNIT_START = regex.compile(r"^[年月日号號时時分秒点點%％个個万萬亿億元，、。；：）)]")
_PUNCTUATION = regex.compile(r"[。，、！？；：:,!?;（）()《》“”\"「」]")
_TOKEN_MARKS = "|｜丨·•/"
_TOKEN_SPLIT = regex.compile(rf"\s*[{_TOKEN_MARKS}]\s*|\s{{2,}}")
_TITLE_SUFFIX = regex.compile(r"^\s*(?:[_|｜\-–—－·]|\s{1,3})")
_DECORATED = regex.compile(r"^\s*(?:#{1,6}\s|\*\*|__)")
_URL_ONLY = regex.compile(r"^(?:\[?<?https?://[^\s\]]{1,1000}>?(?:\]\([^)\s]{1,1000}\))?)$")
_FENCE = regex.compile(r"^`{3,}[\w+-]{0,20}$")
_QUOTED = regex.compile(
    r"「[^「」\n]{1,60}」|『[^『』\n]{1,60}』|“[^“”\n]{1,60}”|\"[^\"\n]{1,60}\"|〈[^〈〉\n]{1,60}〉"
)
_MASK = "…"
_QUOTE_MARK = re.compile('[「『“"〈]')
_LABEL_END = re.compile(r"[:：]$|^(?:[来來]源|出[处處]|[编編][辑輯]|作者)$")
"""An empty label. Literals only, which both engines read alike (``$`` also before a final
newline), so the stdlib one, whose calls cost about a third of `regex`'s on short lines, asks it
(9,233 times on a cold pass over 1/8 of the 200 MB bench corpus)."""


@initialized_through_slots  # one per removed line (8,834 on the 20 MB bench corpus): 369 -> 232 ns
@dataclass(frozen=True, slots=True)
class LineVerdict:
    """A whole line to remove: its index, the rule that decided it, and the rule's category."""

    index: int
    rule: str
    category: Category


@initialized_through_slots
@dataclass(frozen=True, slots=True)
class SpanVerdict:
    """A span inside a kept line to remove."""

    start: int
    end: int
    rule: str
    category: Category


@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier decided for one document."""

    lines: tuple[Line, ...]
    removed_lines: tuple[LineVerdict, ...]
    removed_spans: tuple[SpanVerdict, ...]
    first_body: int | None
    last_body: int | None


class Matcher:
    """The rule pack compiled for speed: ungated rules chosen by zone, sentence shape, line-length
    bucket and first character; keyword-gated rules behind a search of each line for their keywords,
    entered only at the keywords' rarest characters (anchors), which says which rules to try and
    which of their keywords to look for. The ungated rules' patterns and starter probes, the
    keyword gates and the inline patterns are compiled in the constructor. The rest is worked out
    on first use and cached: the keyword-gated rules' patterns (:meth:`_gated_pattern`), the
    probes sorted for asking (:class:`StarterProbes`, which joins the narrow rules' probes after
    :data:`JOIN_NARROW_AFTER` first characters), the rules each first character or opening can
    start, and the patterns to try for each bucket; :meth:`warm` does the common part of it at
    once. Two threads may both work out one entry; both get an equal value, so that race is
    harmless, and one matcher can be shared by threads.

    Rules keep their order: the first rule that matches wins. A line is tried only against the
    ungated rules whose matches can begin with its first character (:meth:`_starters_for`); most
    lines begin with a character that only one or two rules can start with. A few such rules are
    tried one by one (each pattern compiled once); more than :data:`SMALL_SET` are combined into one
    alternation, whose named group that matched says which rule it was. (The `regex` engine tries
    every alternative of a long alternation at the start of every line, so one pattern of all the
    ungated rules cost more than the few that can start there, tried in turn.)

    If an ungated pattern carries inline flags, which in `regex` apply to the whole combined
    pattern, the rules are not split by first character: every line is tried against the one
    combined pattern of its zone, shape and length, as before the split, so the flags reach the
    same rules.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.known_lines: dict[str, LineVerdictMemo] = {}
        """What :func:`classify`'s first pass found for short line texts it has met before: the
        first rule in any zone, the subject and gated rules it was matched with, the line's shape
        and whether it is a body paragraph. All of it follows from the line's text alone (see
        :data:`LineVerdictMemo`), so a page's chrome repeated across a corpus (the same share bar,
        licence row or menu words) is matched once per process."""
        self.line_rules = tuple(rule for rule in self.rules if rule.scope != "inline")
        self.inline_rules = tuple(
            rule for rule in self.rules if rule.scope == "inline" and rule.category != "pinyin"
        )
        self.pinyin_rules = tuple(
            rule for rule in self.rules if rule.scope == "inline" and rule.category == "pinyin"
        )
        self._ungated = [(index, rule) for index, rule in enumerate(self.line_rules) if not rule.keywords]
        # Lines are bucketed by length at the distinct max_chars values, so that the ungated rules
        # tried for a bucket are exactly those that may be tried on a line of that length.
        self._limits = sorted({rule.max_chars for rule in self.line_rules})
        # The bucket (its limit) of every line length some rule may be tried on, looked up by length.
        self._limit_of = [
            self._limits[bisect.bisect_left(self._limits, size)]
            for size in range(self._limits[-1] + 1 if self._limits else 0)
        ]
        self._eligible = {
            (zone, sentence, limit): tuple(
                index
                for index, rule in self._ungated
                if _applies(rule, zone) and (rule.sentences or not sentence) and rule.max_chars >= limit
            )
            for zone in ZONE_QUERIES
            for sentence in (False, True)
            for limit in self._limits
        }
        """The ungated rules (indices, in order) that may be tried in each zone on a line of each
        shape and length bucket; :meth:`_combined_for` keeps those the first character can start
        (:meth:`warm` asks it about 6,000 times, and testing every rule's zone, shape and length
        each time was most of warming)."""
        self._combined = _Compiled(self._combined_for)
        self._subsets: dict[tuple[int, ...], Tries] = {}
        self._split = not any(
            _INLINE_FLAGS.search(pattern) for _, rule in self._ungated for pattern in rule.patterns
        )
        self._starters: dict[str, tuple[int, ...]] = {}
        self._narrow_first: set[str] = set()
        """First characters whose starters include a narrow rule (:meth:`_starters_for`)."""
        self._prefix_starters: dict[str, tuple[int, ...]] = {}
        """The starters of an opening (:meth:`_starters_of`): its first :data:`PREFIX_CHARS`
        characters, or up to a space within :data:`SPACE_WITHIN`."""
        self._begins: dict[tuple[str, int], bool] = {}
        """Whether a gated rule can begin with an opening (:meth:`_may_begin`)."""
        self._any_start = frozenset(
            index for index, rule in self._ungated if _rule_probes(rule.patterns) is None
        )
        self.sentence_ungated = any(rule.sentences for _, rule in self._ungated)
        """Whether some ungated rule accepts sentence-shaped lines (no built-in one does)."""
        self._ungated_fit = {
            (sentence, limit): any(
                (rule.sentences or not sentence) and rule.max_chars >= limit for _, rule in self._ungated
            )
            for sentence in (False, True)
            for limit in self._limits
        }
        self._by_keyword: dict[str, tuple[int, ...]] = {}
        for index, rule in enumerate(self.line_rules):
            for keyword in rule.keywords:
                self._by_keyword[keyword] = (*self._by_keyword.get(keyword, ()), index)
        keywords = sorted(self._by_keyword, key=len, reverse=True)
        # The scan below finds non-overlapping keywords, so a found keyword also triggers the rules of
        # every keyword inside it (版权 contains 版) or overlapping its end (a scan that takes 转载 can
        # hide 载请); each triggered rule then checks its own keywords, so the gate is exact.
        self._triggers = _triggers(self._by_keyword)
        # The stdlib engine scans a literal alternation several times faster than `regex` does.
        self._gate = re.compile("|".join(map(re.escape, keywords))) if keywords else None
        # The anchor of a keyword is its rarest character. Sentence-shaped lines only ever try rules
        # that accept sentences, so they are scanned for those rules' anchors only.
        self._anchor_scans = {
            sentence: _anchor_scan(
                {
                    keyword: tuple(index for index in indices if self.line_rules[index].sentences)
                    if sentence
                    else indices
                    for keyword, indices in self._by_keyword.items()
                }
            )
            for sentence in (False, True)
        }
        # The anchors whose finder alternatives look for one keyword only: finding such an anchor
        # means the line holds that keyword (_keyword_finder), so what gated_rules lists for a
        # line whose anchors are all of them depends on the anchors alone, and is remembered.
        self._single_keyword_anchors = {
            sentence: frozenset(
                anchor
                for anchor, rules in by_anchor.items()
                if len({keyword for _, keywords in rules for keyword in keywords}) == 1
            )
            for sentence, (by_anchor, _) in self._anchor_scans.items()
        }
        self._gated_by_anchors: dict[bool, dict[frozenset[str], Gated]] = {False: {}, True: {}}
        # Keywords never hold the ellipsis that mask_quotes writes, so a keyword found in a masked
        # subject lies in one unmasked piece of the core: the anchor scan of the line text sees it.
        self._anchors_exact = not any(_MASK in keyword for keyword in self._by_keyword)
        # A keyword with a newline could span two lines of a document; none of ours has one.
        self._scan_documents = self._anchors_exact and not any(
            "\n" in keyword for keyword in self._by_keyword
        )
        self._patterns: list[regex.Pattern[str] | None] = [
            None if rule.keywords else rule.pattern() for rule in self.line_rules
        ]
        """Each line rule's pattern (:meth:`Rule.pattern`). An ungated rule's is compiled now (its
        starter probes share it); a keyword-gated rule's by :meth:`warm` or on first use
        (:meth:`_gated_pattern`), since only lines that hold its keywords try it: compiling them
        all took about 30 ms, which ``corpus strip`` on a short text (a matcher not warmed)
        mostly no longer pays."""
        self._max_chars = tuple(rule.max_chars for rule in self.line_rules)
        # The rules that may be tried in each zone on a line of each shape.
        self._allowed = {
            (zone, sentence): frozenset(
                index
                for index, rule in enumerate(self.line_rules)
                if _applies(rule, zone) and (rule.sentences or not sentence)
            )
            for zone in ZONE_QUERIES
            for sentence in (False, True)
        }
        self._inline = _combine(list(enumerate(self.inline_rules)))
        # Every inline match begins with one of these characters (when every inline pattern says
        # which: leading_characters), so a line without any of them needs no search.
        firsts = [leading_characters(pattern) for rule in self.inline_rules for pattern in rule.patterns]
        self.inline_first: tuple[str, ...] | None = None
        """The characters inline matches can begin with (``None``: any character)."""
        if firsts and all(chars is not None for chars in firsts):
            self.inline_first = tuple(
                sorted({char for chars in firsts if chars is not None for char in chars})
            )
        self.inline_last: tuple[str, ...] | None = None
        """The strings inline matches can end their line with, before :data:`LINE_END_SPACE`
        (``None``: any), when every inline rule declares them (``ends_line_with``). :func:`_inline`
        skips the search of a line that does not end so: 5,518 of the 10,760 lines of the 20 MB
        bench corpus's body stretches that hold an opening bracket (searching all of them took
        13.6 ms, the 5,242 others 7.9 ms; news paragraphs often end with a photo credit)."""
        if self.inline_rules and all(rule.ends_line_with for rule in self.inline_rules):
            self.inline_last = tuple(
                sorted({ending for rule in self.inline_rules for ending in rule.ends_line_with})
            )
        self._pinyin = _combine(list(enumerate(self.pinyin_rules)))
        # Each pinyin pattern alone, to tell quickly whether a document has any candidate; only
        # patterns without inline flags, which in a combined pattern would reach the others.
        pinyin_patterns = [pattern for rule in self.pinyin_rules for pattern in rule.patterns]
        self._pinyin_probes = (
            tuple(
                (
                    None if firsts is None else "".join(sorted(firsts)),
                    compile_pattern(pattern).search,
                )
                for pattern in pinyin_patterns
                for firsts in (consumed_first_characters(pattern),)
            )
            if not any(_INLINE_FLAGS.search(pattern) for pattern in pinyin_patterns)
            else None
        )

    def remember(self, line: str, verdict: LineVerdictMemo) -> None:
        """Keep what :func:`classify`'s first pass found for a line's text (:attr:`known_lines`).

        At most :data:`REMEMBER_LINES` texts are kept; when full, the memory starts again empty
        (a dict cleared while another thread reads it only makes that reader work the line out).
        """
        if len(self.known_lines) >= REMEMBER_LINES:
            self.known_lines.clear()
        self.known_lines[line] = verdict

    def forget_lines(self) -> None:
        """Empty :attr:`known_lines` and the other memories of line texts met (the gated rules
        listed for a set of anchors, the rules an opening can begin), so that a benchmark pass
        starts as a fresh process would; what :meth:`warm` works out is kept."""
        self.known_lines.clear()
        for listed in self._gated_by_anchors.values():
            listed.clear()
        self._prefix_starters.clear()
        self._begins.clear()

    def warm(self) -> Matcher:
        """Do now what a process that meets many documents does sooner or later: work out the
        ungated rules to try for the common first characters (:data:`WARM_FIRST` and the first
        character of every ungated rule's ``strip`` examples), compiling any combined pattern they
        need, join the narrow rules' starter probes (:meth:`StarterProbes.join`) and compile every
        keyword-gated rule's pattern (:meth:`_gated_pattern`). The pipeline does this once in the
        process that forks the workers, so they inherit the work instead of each doing its own; a
        matcher that is not warmed (``corpus strip`` on one text) does each only if and when it
        needs it, and a rarer first character is worked out on first use either way."""
        firsts = set(WARM_FIRST)
        for _, rule in self._ungated:
            firsts.update(core[0] for example in rule.strip if (core := core_of(example)))
        for starters in {self._starters_for(first) for first in sorted(firsts)}:
            for zone in ZONE_QUERIES:
                for sentence in (False, True):
                    for limit in self._limits:
                        self._combined[(zone, sentence, limit, starters)]  # worked out on first use
        self._starter_probes.join()
        for index, pattern in enumerate(self._patterns):
            if pattern is None:
                self._gated_pattern(index)
        return self

    def _combined_for(self, key: CombinedKey) -> Tries:
        """The patterns to try, in order, on a line of this zone, shape, length and first character:
        each with the index of its rule, or ``None`` for a combined pattern (the named group says)."""
        zone, sentence, limit, starters = key
        chosen = tuple(index for index in self._eligible[(zone, sentence, limit)] if index in starters)
        tries = self._subsets.get(chosen)
        if tries is None:
            if self._split and len(chosen) <= SMALL_SET:
                tries = tuple((self.line_rules[index].pattern(), index) for index in chosen)
            else:
                combined = _combine([(index, self.line_rules[index]) for index in chosen])
                tries = () if combined is None else ((combined, None),)
            self._subsets[chosen] = tries
        return tries

    def _starters_for(self, first: str) -> tuple[int, ...]:
        """The ungated rules (indices) with a match that can begin with the character ``first``.

        Asked of the `regex` engine: a pattern in partial mode (``fullmatch(first, partial=True)``)
        answers whether ``first`` alone is a match or the start of one. That is exact for patterns
        that pass :func:`first_char_decidable`. A pattern with word boundaries (``<img\\b``) is
        asked without them (:func:`without_assertions`): that pattern matches wherever the
        original does, so a character it cannot start with cannot start the original either. The
        patterns left (inline flags, fuzzy constraints) are listed for every character. The empty
        string lists every rule. Cached per character; the probes are asked as
        :class:`StarterProbes` says, which saves most of the asking, not any answer.
        """
        starters = self._starters.get(first)
        if starters is None:
            if not first or not self._split:
                starters = tuple(index for index, _ in self._ungated)
            else:
                probes = self._starter_probes
                starters = tuple(sorted(self._any_start.union(probes.starting(first))))
                if not probes.narrow_indices.isdisjoint(starters):
                    self._narrow_first.add(first)
            self._starters[first] = starters
        return starters

    @functools.cached_property
    def _starter_probes(self) -> StarterProbes:
        """The probed ungated rules' starter probes, arranged for asking (:class:`StarterProbes`);
        built on first use, by the first :meth:`_starters_for` that needs them."""
        return StarterProbes(
            [
                (index, probes)
                for index, rule in self._ungated
                if (probes := _rule_probes(rule.patterns)) is not None
            ]
        )

    def _starters_of(self, core: str) -> tuple[tuple[int, ...], str]:
        """The ungated rules with a match that can begin as ``core`` begins, and the opening they
        were asked about (the first character, or the opening :data:`PREFIX_CHARS` characters,
        or up to and with a space among the first :data:`SPACE_WITHIN` after the first).

        First by the first character (:meth:`_starters_for`). Where that leaves narrow rules (a
        digit starts page numbers, dates, counters and phone numbers), they are asked again, of
        the opening: ``3楼 孙军：…``, a forum post, asked as ``"3楼 "``, can begin none of them,
        though its 3 can begin all of them (nor a phone number or an e-mail address, which a
        space cannot continue). Exact for the same reason as the first character: in partial
        mode the engine follows, on the opening characters, the path it follows on the whole core
        until it needs the next character, and then reports a partial match; a rule is dropped
        only when its probes refuse the opening. Openings are asked about only after a first
        character that can begin a narrow rule: after a Han character they are too varied for the
        answers to be reused. Cached per opening, at most :data:`REMEMBER_LINES` of them, and
        emptied when full.
        """
        first = core[:1]
        starters = self._starters.get(first)
        if starters is None:
            starters = self._starters_for(first)
        if len(core) < 2 or first not in self._narrow_first:
            return starters, first
        # PREFIX_CHARS and SPACE_WITHIN: "3楼 孙军" is asked as "3楼 ", "652楼 孙军" as "652楼 ".
        space = core.find(" ", 1, SPACE_WITHIN)
        opening = core[: space + 1] if space > 0 else core[:PREFIX_CHARS]
        refined = self._prefix_starters.get(opening)
        if refined is None:
            refined = self._starter_probes.kept(starters, opening)
            if len(self._prefix_starters) >= REMEMBER_LINES:
                self._prefix_starters.clear()
            self._prefix_starters[opening] = refined
        return refined, opening

    def _may_begin(self, opening: str, index: int) -> bool:
        """Whether keyword-gated rule ``index`` has a match that can begin with ``opening`` (the
        first character or opening characters of a core, :meth:`_starters_of`).

        Asked of the rule's starter probes as for ungated rules, and exact for the same reason;
        a rule with a pattern that has no probe can begin anything. A gated rule is tried on a
        line that holds its keyword wherever it stands, so the full-width colon of a forum post
        (3楼 张三：…) sent it to byline.text-by and source.meta-row, neither of which a post can
        begin. Cached per (opening, rule), at most :data:`REMEMBER_LINES` pairs, emptied when full.

        An opening of several characters is first asked by its first character (cached, and far
        more often met again): no match can begin with the opening if none begins with its first
        character. On a cold pass over 1/8 of the 200 MB bench corpus that first answer refused
        2,834 of the 5,535 openings of several characters, each a probe of about 2 µs saved.
        """
        key = (opening, index)
        known = self._begins.get(key)
        if known is None:
            probes = _rule_probes(self.line_rules[index].patterns)
            known = probes is None or (
                (len(opening) == 1 or self._may_begin(opening[:1], index)) and _accepts(probes, opening)
            )
            if len(self._begins) >= REMEMBER_LINES:
                self._begins.clear()
            self._begins[key] = known
        return known

    def gated_rules(self, line: str, sentence: bool, emphasis: bool = True) -> Gated:
        """The keyword-gated rules worth trying on a line, in rule order, with the keywords to check.

        Every keyword is filed under its *anchor*, its rarest character. The line is scanned with
        :func:`_keyword_finder`, which is entered only at anchors and reports, in C, each anchor at
        which one of its keywords occurs; most lines hold none and are answered by that one call.
        The rules filed under the reported anchors are listed with those of their keywords that
        the line holds. (A plain alternation of a few hundred keywords was slower than all the rest
        of the step: the stdlib engine re-enters it at every common character, and 不, 有, 在 start
        keywords.) A sentence-shaped line is scanned only for the keywords of rules that accept
        sentences, the only rules :meth:`match` tries on it.

        Why this is exact: a gated rule is only ever tried on a subject that contains one of its
        keywords, and a keyword in the subject is in the line text (the core is a slice of the line
        and :func:`mask_quotes` only cuts pieces out), so the finder reports its anchor and the rule
        is listed with that keyword among the ones to check; keywords the line text lacks are
        dropped, and a rule left with none is not listed.

        The one exception is a core that lost inner ``**``/``__`` emphasis, which can join a keyword
        that the line text does not hold; those lines keep the keyword scan of the line text, so
        they are tried exactly as before. ``emphasis`` False says the line's document holds no
        ``**`` or ``__`` (:func:`has_emphasis`, which the classifier asks once per document), so
        no line of it does and the line is not asked again.
        """
        if (emphasis and has_emphasis(line)) or not self._anchors_exact:
            if self._gate is None:
                return ()
            found = set(self._gate.findall(line))
            return self._all_keywords(self._gated(found)) if found else ()
        by_anchor, finder = self._anchor_scans[sentence]
        if finder is None:
            return ()
        anchors = finder.findall(line)  # each match is the anchor of a keyword the line holds
        if not anchors:
            return ()
        distinct = frozenset(anchors)
        known = self._gated_by_anchors[sentence].get(distinct)
        if known is not None:
            return known
        # An anchor files several keywords (入 files 入市 and 加入); keep only those the line text
        # holds, which is what a keyword in the subject needs. Most rules file one keyword under
        # an anchor, which is kept as it is when the line holds it.
        present: list[tuple[int, tuple[str, ...]]] = []
        for anchor in distinct:
            for index, keywords in by_anchor[anchor]:
                if len(keywords) == 1:
                    if keywords[0] in line:
                        present.append((index, keywords))
                elif held := tuple([keyword for keyword in keywords if keyword in line]):
                    present.append((index, held))
        if len(distinct) > 1:
            present.sort()
        gated = tuple(present)
        if distinct <= self._single_keyword_anchors[sentence]:
            # Each anchor found stands for its one keyword, which the line therefore holds: the
            # answer follows from the anchors alone, and the next line with them is answered here.
            remembered = self._gated_by_anchors[sentence]
            if len(remembered) >= REMEMBER_LINES:
                remembered.clear()
            remembered[distinct] = gated
        return gated

    def sentence_keyword_lines(self, text: str, starts: list[int]) -> set[int] | None:
        """Indices of the lines of ``text`` (their start offsets ``starts``) that hold a keyword of a
        rule that accepts sentences, found in one scan of the whole text; ``None`` when the scan
        cannot stand in for the scan of each line.

        A sentence-shaped line whose index is missing holds none of those keywords, so
        :meth:`gated_rules` would list nothing for it (unless it holds ``**`` or ``__``, which
        :meth:`gated_rules` treats apart). Most sentence-shaped lines hold none, and most documents
        have only a few that do, so this one scan replaces a scan of each such line.

        Exact: the finder's matches are the anchors of keyword occurrences (:func:`_keyword_finder`);
        a keyword has no newline, so an occurrence in the text lies within one line, and its
        lookarounds read only the keyword's own characters, so it is found in the text exactly
        where it is found in the line.
        """
        finder = self._anchor_scans[True][1]
        if not self._scan_documents:
            return None
        if finder is None:
            return set()
        return {line_at(starts, found.start()) for found in finder.finditer(text)}

    def _all_keywords(self, indices: Iterable[int]) -> Gated:
        return tuple((index, self.line_rules[index].keywords) for index in indices)

    def may_match(self, size: int, sentence: bool) -> bool:
        """False when no ungated rule can match a line of this length and shape.

        A cheap test that lets the classifier skip building the subject (:func:`mask_quotes`) of
        the many paragraphs that no rule may match, asked where no gated rule is listed (with one
        listed, :meth:`match` is tried): sentence-shaped lines have no ungated rule.
        """
        if size >= len(self._limit_of):
            return False
        return self._ungated_fit[(sentence, self._limit_of[size])]

    def _gated(self, found: set[str]) -> tuple[int, ...]:
        if len(found) == 1:
            return self._triggers[next(iter(found))]
        return tuple(sorted({index for keyword in found for index in self._triggers[keyword]}))

    def match(self, core: str, zone: ZoneQuery, sentence: bool, gated: Gated | None = None) -> Rule | None:
        """The first line rule that removes a line with this core in this zone, if any.

        Zone ``any`` asks whether some rule would remove the line in *some* zone (a candidate).
        ``gated`` are the keyword-gated rules to try (:meth:`gated_rules`); ``None`` means find them
        here by scanning ``core`` for keywords.
        """
        if gated is None:
            keywords = set(self._gate.findall(core)) if self._gate is not None else set()
            gated = self._all_keywords(self._gated(keywords)) if keywords else ()
        best: int | None = None
        size = len(core)
        if size >= len(self._limit_of):
            return None
        limit = self._limit_of[size]
        opening = core[:1]
        starters = self._starters.get(opening)
        if starters is None or (size > 1 and opening in self._narrow_first):
            # A new first character, or one that is not enough: _starters_of asks the opening.
            starters, opening = self._starters_of(core)
        if starters:
            for pattern, rule_index in self._combined[(zone, sentence, limit, starters)]:
                found = pattern.fullmatch(core)
                if found is not None:
                    if rule_index is not None:
                        best = rule_index
                    elif found.lastgroup is not None:
                        best = int(found.lastgroup[1:])
                    break
        if not gated:
            return None if best is None else self.line_rules[best]
        tried = -1
        allowed, max_chars, patterns = self._allowed[(zone, sentence)], self._max_chars, self._patterns
        known_begins = self._begins
        for index, listed in gated:
            if best is not None and index > best:
                break
            if index == tried:
                continue
            if index not in allowed or size > max_chars[index]:
                continue
            if not (listed[0] in core if len(listed) == 1 else any(keyword in core for keyword in listed)):
                continue
            begins = known_begins.get((opening, index))
            if begins is None:
                begins = self._may_begin(opening, index)
            if not begins:
                continue
            compiled = patterns[index]
            if compiled is None:
                compiled = self._gated_pattern(index)
            if compiled.fullmatch(core) is not None:
                best = index
                break
            tried = index
        return None if best is None else self.line_rules[best]

    def _gated_pattern(self, index: int) -> regex.Pattern[str]:
        """Compile keyword-gated rule ``index``'s pattern and keep it (:attr:`_patterns`); two
        threads may both compile it, and both get an equal pattern."""
        pattern = self._patterns[index] = self.line_rules[index].pattern()
        return pattern

    def candidate(self, core: str, sentence: bool, gated: Gated | None = None) -> bool:
        """True when some line rule, in some zone, would remove a line with this core."""
        return self.match(core, "any", sentence, gated) is not None

    def inline_spans(self, text: str) -> list[tuple[int, int, Rule]]:
        """Spans of inline (non-pinyin) rules in one line.

        Nearly every body line has none; one ``search`` answers those without the iterator and the
        list, and the rare line with a span is scanned again in full.
        """
        if self._inline is None or self._inline.search(text) is None:
            return []
        return [
            (found.start(), found.end(), self.inline_rules[int(str(found.lastgroup)[1:])])
            for found in self._inline.finditer(text)
        ]

    def pinyin_candidates(self, text: str) -> list[tuple[int, int, Rule]]:
        """Spans of pinyin-rule candidates in the whole text.

        Nearly every document has none. The `regex` engine searches one pattern that starts with a
        literal far faster than an alternation of them, so each pattern is first searched alone;
        the combined pattern matches somewhere exactly when one of them does. A pattern whose
        matches all begin with one of a few characters (:func:`consumed_first_characters`) is
        not searched in a text without any of them: 2,683 of the 2,909 documents of 1/8 of the
        200 MB bench corpus have no ``(``, and ``in`` asked that of all of them in 4.0 ms where
        each of the two patterns that need one took 7.7 ms to search.
        """
        if self._pinyin is None:
            return []
        if self._pinyin_probes is not None:
            # Two of the built-in patterns need the same ``(``: the text is asked once for it.
            # A single character (each built-in pattern's) is looked for without a generator.
            held: dict[str, bool] = {}
            for firsts, search in self._pinyin_probes:
                if firsts is not None:
                    present = held.get(firsts)
                    if present is None:
                        present = held[firsts] = (
                            firsts in text if len(firsts) == 1 else any(char in text for char in firsts)
                        )
                    if not present:
                        continue
                if search(text) is not None:
                    break
            else:
                return []
        return [
            (found.start(), found.end(), self.pinyin_rules[int(str(found.lastgroup)[1:])])
            for found in self._pinyin.finditer(text)
        ]


LineVerdictMemo = tuple["Rule | None", str, "Gated", bool, bool]
"""What :func:`classify`'s first pass finds for one line: the first rule in any zone (or
``None``), the subject it was matched with, the gated rules, whether the line is sentence-shaped
and whether it is a body paragraph (prose, no rule hit, not a bare link). Each is a function of
the line's text: its core, shape, Han count and keywords are read from the text, and the one
document-wide input, :meth:`Matcher.sentence_keyword_lines`, only stands in for what
:meth:`Matcher.gated_rules` would answer on the line itself."""

REMEMBER_MAX_CHARS = 80
"""Lines whose core is at most this long are remembered (:attr:`Matcher.known_lines`). On the 20 MB
bench corpus, 13,347 of the 13,360 rule-matched lines whose text had been seen before were this
short; body paragraphs, longer, are seldom repeated."""

REMEMBER_LINES = 1 << 14
"""At most this many line texts are remembered per rule pack and process: a pass over the 20 MB
bench corpus remembers 16,150, which hold 5.5 MB (tracemalloc), so a full memory costs a
process about that much."""

CombinedKey = tuple[ZoneQuery, bool, int, tuple[int, ...]]
"""Zone, sentence shape, length bucket (its limit) and the ungated rules the first character can start."""

Tries = tuple[tuple["regex.Pattern[str]", int | None], ...]
"""Ungated patterns to try in order: a rule's own pattern with its index, or a combined pattern of
several rules with ``None`` (its named group says which rule matched)."""

SMALL_SET = 6
"""Up to this many ungated rules are tried one by one, more as one combined pattern. A built-in
rule's pattern fails on an ordinary line in about 0.2-0.5 µs; the first characters of the bench
corpora start at most six rules at once."""


COMMON_FIRST = "的一是不了人在有我他这中大来上国个到说们为和你地出也时年"
"""Common Han characters, standing in for the thousands of first characters that no rule names.
They only sort the probes of :class:`StarterProbes` into those asked one by one and those asked
together; every answer is the same either way."""


Probe = tuple[int, tuple["regex.Pattern[str]", ...]]
"""An ungated rule's index and its patterns' starter probes (:func:`_rule_probes`)."""


JOIN_NARROW_AFTER = 500
"""New first characters :class:`StarterProbes` asks of the narrow rules' probes one by one before
it compiles them as one alternation (4,000 pattern characters of the built-in pack), unless
:meth:`Matcher.warm` compiles it first, as the pipeline does before its workers fork (they
inherit it). Measured on a fresh matcher, its gated patterns not compiled (3 runs each):
building it and asking the 212 first characters :meth:`Matcher.warm` asks took 25 ms with the
alternation compiled at once, 9-12 ms without; over the 1,268 new first characters of a cold
pass over the 20 MB bench corpus, asking took about 15 µs a character one by one and 5.6 µs
with the alternation. So ``corpus strip`` on a short text (a matcher that is not warmed
and meets a few hundred first characters) never pays for the compile, and a matcher that is
not warmed and meets more than 500 pays at most 500 x 9.4 µs, about 5 ms, more than compiling
at once would have (the alternation pays for itself only after about 2,700). The answers are
the same either way."""


class StarterProbes:
    """The starter probes of the ungated rules, arranged so that a first character is asked of few.

    Most lines begin with a Han character, and most Han characters can begin a match of only the
    rules whose patterns open with a broad class (``[\\w.+-]``, ``\\p{Han}``): asking each of the
    forty-odd probes one by one cost 40 µs per new first character, a twentieth of the first pass
    over the 20 MB bench corpus. So the probes of the *broad* rules (those a common Han character
    can begin with most of :data:`COMMON_FIRST`) are asked one by one, and, once
    :data:`JOIN_NARROW_AFTER` characters have been asked or :meth:`join` is called, those of the
    other, *narrow* rules first all together, as one alternation (:meth:`either`), and one by one
    only when it accepts.

    Exact: an alternation in partial mode accepts a character whenever one of its alternatives
    does (the engine tries each alternative in turn, and one that reaches the end of the character
    is a partial match of the whole), so when :meth:`either` refuses a character no narrow probe
    accepts it; every rule that is listed was accepted by its own probes, as before. (Checked over
    every BMP character for the built-in pack: the same rules as asking every probe.)

    Not a frozen record: it counts the characters asked and compiles the alternation when they
    reach the limit (or when asked to). Two threads may both compile it; both get an equal
    pattern, so that race is harmless, as for :class:`Matcher`'s caches.
    """

    __slots__ = (
        "_asked",
        "_either",
        "_join_after",
        "_join_tried",
        "_single",
        "broad",
        "by_index",
        "narrow",
        "narrow_indices",
    )

    def __init__(self, probes: Sequence[Probe], join_after: int = JOIN_NARROW_AFTER) -> None:
        """Sort the rules' ``probes`` (:func:`_rule_probes`, by rule index) into broad and narrow;
        the narrow ones are joined after ``join_after`` characters have been asked."""
        self.broad: tuple[Probe, ...] = tuple(item for item in probes if _broad(item))
        self.narrow: tuple[Probe, ...] = tuple(item for item in probes if not _broad(item))
        self.by_index: dict[int, tuple[regex.Pattern[str], ...]] = dict(probes)
        """Every rule's probes by rule index."""
        self.narrow_indices = frozenset(index for index, _ in self.narrow)
        """The narrow rules' indices."""
        self._join_after = join_after
        self._asked = 0
        self._join_tried = False
        self._either: regex.Pattern[str] | None = None
        self._single = {index: each[0].fullmatch for index, each in probes if len(each) == 1}
        """The partial-match call of each rule with one (joined) probe, the common case."""

    def either(self) -> regex.Pattern[str] | None:
        """All the narrow rules' probes as one alternation, once ``join_after`` characters have
        been asked or :meth:`join` was called (compiled then); ``None`` before, when there are no
        narrow rules, or when it does not compile, and then each narrow rule is asked one by
        one."""
        if not self._join_tried and self._asked >= self._join_after:
            self._join_tried = True
            if self.narrow:
                self._either = _joined([probe for _, each in self.narrow for probe in each])
        return self._either

    def join(self) -> None:
        """Compile the narrow rules' probes as one alternation now, whatever the count
        (:meth:`Matcher.warm`, before workers fork)."""
        self._join_after = 0
        self.either()

    def kept(self, indices: Iterable[int], opening: str) -> tuple[int, ...]:
        """The rules of ``indices`` that a match beginning with ``opening`` may be of: those
        without probes, and those whose probes accept it (:func:`_accepts`).

        A rule with one probe is asked through its partial-match call directly, as
        :func:`_partially` asks it, not through :func:`_accepts` and :func:`_partially`: the
        Python calls cost more than the engine's answer on a short
        opening (the 2,844 openings of a cold pass over the 20 MB bench corpus, 9,600 probes:
        about 13 -> 10.5 ms, best of 7)."""
        single, by_index = self._single, self.by_index
        kept: list[int] = []
        for index in indices:
            fullmatch = single.get(index)
            if fullmatch is not None:
                if fullmatch(opening, None, None, None, True) is not None:
                    kept.append(index)
            elif index not in by_index or _accepts(by_index[index], opening):
                kept.append(index)
        return tuple(kept)

    def starting(self, first: str) -> set[int]:
        """The rules (indices) that a match beginning with the character ``first`` may be of."""
        found = {index for index, probes in self.broad if _accepts(probes, first)}
        either = self.either()
        self._asked += 1
        if either is None or _partially(either, first) is not None:
            found.update(index for index, probes in self.narrow if _accepts(probes, first))
        return found


def _partially(probe: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """``probe.fullmatch(text, partial=True)``: a match, a partial match (``text`` is the start of
    a match) or ``None``.

    Asked with the arguments by position (string, pos, endpos, concurrent, partial), as the
    `regex` module's C function lists them: parsing the keyword cost as much as the match itself
    on a short opening (about 0.98 against 0.50 µs a call over the ungated rules' probes and six
    openings). ``tests/boilerplate/test_matcher.py`` checks both forms agree on every probe, so a
    release that reordered them fails there.
    """
    return probe.fullmatch(text, None, None, None, True)


def _accepts(probes: tuple[regex.Pattern[str], ...], first: str) -> bool:
    # Most rules have one (joined) probe, asked without building a generator for any(), which
    # cost about as much as the probe itself on a short opening.
    if len(probes) == 1:
        return _partially(probes[0], first) is not None
    return any(_partially(probe, first) is not None for probe in probes)


def _broad(probe: Probe) -> bool:
    """Whether a rule's matches can begin with most of :data:`COMMON_FIRST` (a rule that names some
    of them, 上一篇 or 中, is still narrow: the characters it names are few)."""
    accepted = sum(_accepts(probe[1], char) for char in COMMON_FIRST)
    return accepted * 2 > len(COMMON_FIRST)


PREFIX_CHARS = 4
"""How many opening characters :meth:`Matcher._starters_of` asks narrow rules about. Forum posts
open with a floor number and a space (``12楼 ``), which four characters cover. On the first 60 MB
of the 200 MB bench corpus, 3,337 openings were asked about, and the ungated patterns tried fell
from 220,634 to 69,031.

An opening with a space after its first character ends at that space: after ``3楼 `` comes a
poster's name, which made nearly every single-digit floor's opening new (``3楼 孙``, ``3楼 许``),
each asked of the probes again, in :meth:`Matcher._starters_of` and :meth:`Matcher._may_begin`.
Exact either way: a shorter opening can only leave more rules to try (a probe that refuses an
opening refuses every longer one), and a rule tried in vain does not change which rule matches
first. On a cold pass over the 20 MB bench corpus the probes asked fell from 17,888 to 15,616, and
classifying its forum pages took about 5% less (9 interleaved fresh processes)."""

SPACE_WITHIN = 6
"""An opening (:meth:`Matcher._starters_of`) ends at a space at any of a core's second to sixth
characters, even past :data:`PREFIX_CHARS`: posts on floors 100 to 9999 (``652楼 孙军：…``,
``1026楼 孙军：…``) are asked as ``652楼 `` and ``1026楼 ``, which neither an ungated rule nor a
colon-gated one (byline.text-by, source.meta-row) can begin, where ``652楼`` could still begin an
e-mail address (footer.bare-contact), and ``1026`` that, a date, a counter and source.meta-row,
each tried on every such post. Exact too: the engine's partial answer on any prefix of the core,
longer or shorter, refuses a rule only where no match can begin so. On a cold pass over the 20 MB
bench corpus (in-process, forget_lines before each pass) the patterns tried fell from 18,614 to
14,417 (footer.bare-contact 10,160 -> 7,072, source.meta-row 1,165 -> 604) with as many probes
asked (15,593 -> 15,613), and the pass took about 1% less (6 interleaved processes, best of 3
passes each: median 0.526 -> 0.520 s)."""


class _Compiled(dict[CombinedKey, Tries]):
    """The patterns to try for each (zone, sentence, length bucket, first-character rules), worked
    out (and compiled where combined) on first use.

    The keys depend on the first characters a corpus has, so they cannot all be listed up front, and
    ``corpus strip`` on one short text needs only a few. Two threads asking for the same key at once
    may both work it out; both get equal patterns, so that race is harmless.
    """

    def __init__(self, build: Callable[[CombinedKey], Tries]) -> None:
        super().__init__()
        self.build = build

    def __missing__(self, key: CombinedKey) -> Tries:
        tries = self[key] = self.build(key)
        return tries


WARM_FIRST = (
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "（）【】「」『』《》“”‘’〈〉［］｛｝〔〕！？。，、；：…—–·•｜丨／＜＞１２３４５６７８９０"
    "的一是不了人在有我他这中大来上国个到说们为子和你地出道也时年作者来源编辑记者本文版权"
)
"""First characters for which :meth:`Matcher.warm` works out the ungated rules to try: digits,
ASCII, common Chinese punctuation and the commonest Han characters (speed only: other first
characters are worked out on first use)."""

_SPECIAL = frozenset("\\.^$*+?{}[]()|#")
_OPTIONAL = frozenset("?*{")


def leading_characters(pattern: str) -> frozenset[str] | None:
    """The characters every match of ``pattern`` begins with, when the pattern says so plainly:
    it opens with one literal character (an escaped metacharacter such as ``\\(`` is one too) or
    a class of literal characters (``[（(]``), not made optional by ``?``, ``*`` or ``{``, and has
    no ``|`` outside groups and classes (which would let another branch begin the match) and no
    inline flag (``(?i)`` would widen the class). Else ``None``. A class with an escape, a range,
    a negation or a nested class is not read (``None``), nor is any other escape (``\\d``).

    >>> sorted(leading_characters("[（(](?:文|图)[)）]")), leading_characters("[（(]?来源|x")
    (['(', '（'], None)
    """
    if not pattern or _INLINE_FLAGS.search(pattern):
        return None
    if pattern[0] == "\\" and pattern[1:2] and pattern[1] in _SPECIAL:
        rest = 2
        first = frozenset(pattern[1])
    elif pattern[0] == "[":
        close = pattern.find("]", 1)
        chars = pattern[1:close] if close > 1 else ""
        if not chars or chars[0] == "^" or any(char in "\\-[" for char in chars):
            return None
        rest = close + 1
        first = frozenset(chars)
    elif pattern[0] not in _SPECIAL:
        rest = 1
        first = frozenset(pattern[0])
    else:
        return None
    if pattern[rest : rest + 1] in _OPTIONAL and rest < len(pattern):
        return None
    if has_top_level_branches(pattern):
        return None
    return first


_PEEKING = regex.compile(r"\\[bBmMG]|\(\?[A-Za-z]|(?<!\\[pPN])\{[^\d,}]")


def consumed_first_characters(pattern: str) -> frozenset[str] | None:
    """:func:`leading_characters` of ``pattern`` read past one opening lookbehind (``(?<=…)`` or
    ``(?<!…)``): a lookbehind consumes nothing, so the first character of a match is the first
    one the rest of the pattern consumes. ``None`` where that is not plain.

    The pinyin patterns open so (``(?<=\\p{Han})\\(…``): a text without an opening parenthesis
    holds no match of them, which ``in`` answers far faster than the `regex` engine's search.

    >>> sorted(consumed_first_characters(r"(?<=\\p{Han})\\([a-z]{1,6}\\)"))
    ['(']
    """
    if not pattern.startswith(("(?<=", "(?<!")) or _INLINE_FLAGS.search(pattern):
        return leading_characters(pattern)
    if has_posix_like_class(pattern):
        return None  # where the lookbehind ends is not read with certainty
    for position, char, depth in with_group_depth(pattern):
        if char == ")" and depth == 0:
            return leading_characters(pattern[position + 1 :])
    return None


def first_char_decidable(pattern: str) -> bool:
    """True when partial matching on a line's first character alone says exactly whether the pattern
    can match a line that starts with it.

    A core the pattern matches starts with some character ``c``. Run on ``c`` alone in partial mode,
    the engine follows the same path as on the whole core until it needs the second character, and
    then reports a partial match; lookaheads that run into the end of ``c`` are reported as partial
    too. The only steps that can fail on ``c`` alone yet succeed on the whole core are tests of the
    next character that do not read it as text: word boundaries (``\\b``, ``\\B``, ``\\m``,
    ``\\M``) and ``\\G``. Patterns with those, and patterns with inline flags (``(?i)``) or
    fuzzy constraints (``{e<=1}``), whose partial behaviour we do not rely on, are refused here and
    then tried on every line. The test is on the pattern's text and errs towards refusing (an
    escaped backslash before ``b`` is refused too).

    >>> first_char_decidable(r"^作者\\p{Han}{2,4}$"), first_char_decidable(r"^(?:<img\\b[^>]{0,9}>)+$")
    (True, False)
    """
    return _PEEKING.search(pattern) is None


_ASSERTIONS = frozenset("bBmMG")
_QUANTIFIERS = frozenset("?*+{")


def without_assertions(pattern: str) -> str | None:
    """``pattern`` without its word-boundary and ``\\G`` assertions, or ``None`` where removing
    them could change what the rest means.

    An assertion consumes nothing, so the pattern without it matches every string the original
    matches (and perhaps more). Refused: an assertion followed by a quantifier (removing it would
    hand the quantifier to what precedes it) and a POSIX-like class (``[[:alpha:]]``,
    :func:`has_posix_like_class`), whose end is not read with certainty. Read element by element
    (:func:`pattern_elements`): inside a class ``\\b`` is a backspace, not an assertion, and a
    comment is kept as it is.

    >>> without_assertions(r"^(?:<img\\b[^>]{0,9}>)+$"), without_assertions(r"^a\\b?c$")
    ('^(?:<img[^>]{0,9}>)+$', None)
    """
    kept: list[str] = []
    for start, end in pattern_elements(pattern):
        element = pattern[start:end]
        if element[0] == "\\" and element[1:] in _ASSERTIONS:
            if pattern[end : end + 1] in _QUANTIFIERS:
                return None
            continue
        if element[0] == "[" and has_posix_like_class(element):
            return None
        kept.append(element)
    return "".join(kept)


@functools.cache
def _starter_probe(pattern: str) -> regex.Pattern[str] | None:
    """The pattern :meth:`Matcher._starters_for` asks about a first character: ``pattern``
    without assertions (:func:`without_assertions`), compiled, if partial matching on one
    character is then exact for it (:func:`first_char_decidable`); else ``None``."""
    relaxed = without_assertions(pattern)
    if relaxed is None or not first_char_decidable(relaxed):
        return None
    try:
        return compile_pattern(relaxed)
    except regex.error:
        return None


@functools.cache
def _rule_probes(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...] | None:
    """The starter probes of a rule's ``patterns`` (:func:`_starter_probe`), or ``None`` where one
    of them has none: the rule may then begin with any character.

    Several probes are joined into one alternation, asked in one call: a partial match of a few
    characters costs the `regex` engine about 0.7 µs whether it accepts or not, and a rule with
    nine patterns (source.datetime-stamp) cost 6.7 µs per new opening one by one, 3.2 µs joined.
    Exact for the reason :class:`StarterProbes` gives for its alternation (an alternation in
    partial mode accepts whenever one of its alternatives does), and rule patterns have no
    capturing groups (the loader refuses them), so joining them renumbers nothing.

    Where no pattern changes without its assertions and each passes :func:`first_char_decidable`
    (every built-in rule), the joined probe is the rule's own pattern (:meth:`Rule.pattern`, the
    same alternation of the same texts), and the patterns are not each compiled on the way: the
    loader compiled them (a user file's) or the tests did (the built-in ones), so each compiles.
    """
    if len(patterns) > 1 and all(
        without_assertions(pattern) == pattern and first_char_decidable(pattern) for pattern in patterns
    ):
        with contextlib.suppress(regex.error):
            return (compile_alternation(patterns),)
    probes = [_starter_probe(pattern) for pattern in patterns]
    if any(probe is None for probe in probes):
        return None
    found = tuple(probe for probe in probes if probe is not None)
    if len(found) > 1 and (joined := _joined(found)) is not None:
        return (joined,)
    return found


def _joined(probes: Sequence[regex.Pattern[str]]) -> regex.Pattern[str] | None:
    """``probes`` as one alternation, which in partial mode accepts what one of them accepts
    (:class:`StarterProbes` says why); ``None`` when it does not compile."""
    try:
        return compile_pattern(alternation(probe.pattern for probe in probes))
    except regex.error:
        return None


def _triggers(by_keyword: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """For each keyword, the rules to try when a scan finds it: the rules of every keyword inside it or
    overlapping its end (a proper suffix of it that is a proper prefix of the other keyword).

    Looked up by the found keyword's substrings and suffixes rather than by testing every pair of
    keywords (about 130,000 pair tests for the built-in pack, a quarter of building the matcher).
    """
    by_prefix: dict[str, set[str]] = {}
    for keyword in by_keyword:
        for end in range(1, len(keyword)):
            by_prefix.setdefault(keyword[:end], set()).add(keyword)
    triggers: dict[str, tuple[int, ...]] = {}
    for found in by_keyword:
        related = {
            found[start:end]
            for start in range(len(found))
            for end in range(start + 1, len(found) + 1)
            if found[start:end] in by_keyword
        }
        for cut in range(1, len(found)):
            related |= by_prefix.get(found[cut:], set())
        triggers[found] = tuple(sorted({index for keyword in related for index in by_keyword[keyword]}))
    return triggers


Gated = tuple[tuple[int, tuple[str, ...]], ...]
"""Gated rules to try on a line, in rule order: each rule's index and the keywords worth looking for.
A rule whose keywords have different anchors can be listed once per anchor; :meth:`Matcher.match`
tries it once."""


AnchorScan = tuple[dict[str, Gated], re.Pattern[str] | None]


def _anchor_scan(by_keyword: dict[str, tuple[int, ...]]) -> AnchorScan:
    """The rules (with the keywords anchored there) listed under each anchor, and the keyword
    finder (:func:`_keyword_finder`) of those keywords."""
    keywords_at: dict[str, dict[int, list[str]]] = {}
    anchored: dict[str, str] = {}  # each keyword some rule is filed under, and its anchor
    for keyword, indices in by_keyword.items():
        anchor = min(keyword, key=_commonness)
        for index in indices:
            keywords_at.setdefault(anchor, {}).setdefault(index, []).append(keyword)
            anchored[keyword] = anchor
    by_anchor = {
        anchor: tuple((index, tuple(rules[index])) for index in sorted(rules))
        for anchor, rules in keywords_at.items()
    }
    if not by_anchor:
        return by_anchor, None
    return by_anchor, _keyword_finder(anchored)


def _keyword_finder(anchored: dict[str, str]) -> re.Pattern[str]:
    """A pattern that finds the keywords at their anchors: each match is the anchor character of an
    occurrence of a keyword (the rest of the keyword is checked around it, not consumed).

    A plain alternation of a few hundred keywords is slow in the stdlib engine because it tries the
    alternatives at every character that starts one (不, 有, 在). Here every alternative starts with
    its keyword's anchor and checks the rest of the keyword with a lookbehind and a lookahead
    (``表(?<=代表)(?=作者)`` for 代表作者 anchored at 表), so the engine skips, in C, every character
    that is no anchor, and at an anchor rejects the other anchors' alternatives on their first
    literal. Anchors are ordered commonest first, where most of the attempts are decided.

    Exact: an alternative matches at a position exactly when the keyword occurs there (the
    lookarounds are fixed literal strings), and a match consumes only the anchor, so ``findall``
    reports the anchor of every occurrence of every keyword, and nothing else.
    """
    by_anchor: dict[str, list[str]] = {}
    for keyword, anchor in anchored.items():
        cut = keyword.index(anchor)
        before = f"(?<={re.escape(keyword[: cut + 1])})" if cut else ""
        after = f"(?={re.escape(keyword[cut + 1 :])})" if cut + 1 < len(keyword) else ""
        by_anchor.setdefault(anchor, []).append(before + after)
    alternatives = []
    for anchor in sorted(by_anchor, key=lambda char: (-_commonness(char), char)):
        checks = sorted(set(by_anchor[anchor]))
        rest = "" if "" in checks else "(?:" + "|".join(checks) + ")"
        alternatives.append(re.escape(anchor) + rest)
    return re.compile("|".join(alternatives))


ASCII_COMMONNESS = 4.0
"""ASCII is not in the Chinese frequency lists; a letter or a colon is about as common in web text
as the commonest Han characters (weight 4 and up), so a keyword is never anchored on it by choice."""


def _commonness(char: str) -> float:
    """How common a character is in Chinese text (the encoding detector's log-frequency weights).

    Only the speed of the anchor scan depends on it: an anchor found on every line makes the scan
    report a hit per line, an anchor of a rare character almost none. Unlisted non-ASCII characters
    are rare.
    """
    if char.isascii():
        return ASCII_COMMONNESS
    weights = load_weights()
    return max(weights.simplified.get(char, -99.0), weights.traditional.get(char, -99.0))


def _applies(rule: Rule, zone: str) -> bool:
    if rule.scope == "line" or zone == "any":
        return True
    if zone == "edge":
        return rule.scope in ("head", "tail", "edge")
    if zone == "head":
        return rule.scope in ("head", "edge")
    if zone == "tail":
        return rule.scope in ("tail", "edge")
    return False


def _combine(chosen: list[tuple[int, Rule]]) -> regex.Pattern[str] | None:
    if not chosen:
        return None
    parts = [f"(?P<r{index}>{'|'.join(f'(?:{p})' for p in rule.patterns)})" for index, rule in chosen]
    return regex.compile("|".join(parts), regex.V0)


@functools.cache
def matcher_for(rules: tuple[Rule, ...]) -> Matcher:
    """The compiled matcher for a rule pack, built once per process."""
    return Matcher(rules)


def mask_quotes(core: str) -> str:
    """Replace quoted passages with an ellipsis, so a sentence that *quotes* a notice is not the notice.

    An article about copyright may write 很多网站加上「未经授权不得转载」: the quoted words are its
    subject, not its boilerplate. Sentence-shaped lines are matched with their quotations masked.

    >>> mask_quotes("加上「未經授權不得轉載」的聲明")
    '加上…的聲明'
    """
    if _QUOTE_MARK.search(core) is None:
        return core
    return _QUOTED.sub(_MASK, core)


def _link_only(core: str) -> bool:
    """A line that is only Markdown links or one bare URL (:data:`_LINK_ONLY`).

    Every match holds ``](`` (a Markdown link) or ``http`` (a URL), so the many paragraphs without
    either are answered without running the pattern.
    """
    if "](" not in core and "http" not in core:
        return False
    return _LINK_ONLY.match(core) is not None


def _is_paragraph(line: Line, links: bool) -> bool:
    """Whether a line that no rule hit is a body paragraph: prose
    (:func:`corpus.boilerplate.lines.is_prose`) and not a bare link (asked only where the document
    holds a link: ``links``)."""
    return is_prose(line) and not (links and _link_only(line.core))


VERSE_MIN_CHARS = 5
"""Classical verse lines have five or seven characters, couplets seven to nine, and free verse in the
bench corpus five to eight; menu words and account names have two to four."""

VERSE_SHARE = 0.75
"""Share of the lines that must be that long: a couplet's four-character banner, or a short line of a
free-verse poem, may be among them."""

_ALL_HAN = regex.compile(r"\p{Han}+")


def _verse(lines: list[Line]) -> bool:
    """True when short unpunctuated lines are verse: all pure Han, most of them 5 characters or more.

    Head chrome (three or more menu words before the headline) and chrome runs (menu words next to
    a credit line) are told by short lines without punctuation. A poem or a page of couplets looks the
    same (on the 200 MB bench corpus, 25 documents of New Year couplets under a source line were
    emptied) except for its regular length, which menus do not have.
    """
    cores = [line.core for line in lines if line.core]
    if len(cores) < 2 or not all(_ALL_HAN.fullmatch(core) for core in cores):
        return False
    return sum(len(core) >= VERSE_MIN_CHARS for core in cores) >= len(cores) * VERSE_SHARE


def _weak(line: Line) -> bool:
    """A menu word, account name or counter: short, no punctuation, not a heading.

    A line decorated as a heading (``## 封面图``, ``**行业动态**``) is a heading, never a menu word, and a
    single character is a fragment of a sentence broken over lines, never chrome.
    """
    core = line.core
    if not core or len(core) > WEAK_MAX_CHARS or _PUNCTUATION.search(core):
        return False
    if _DECORATED.match(line.text):
        return False
    if _NUMBER.match(core):
        return True
    return len(core) >= 2


def _is_number(line: Line) -> bool:
    """A counter or a date: digits and separators only, so no Han character (Han script has no
    decimal digits: ``\\d`` is ``\\p{Nd}``, and no Han character is in :data:`_NUMBER`)."""
    return bool(line.core) and _NUMBER.match(line.core) is not None


_TOKEN_MARK = regex.compile(rf"[{_TOKEN_MARKS}\s]")
"""What every match of :data:`_TOKEN_SPLIT` holds (one of :data:`_TOKEN_MARKS` or a space); a core
without any is one token. The same engine as the split, so ``\\s`` means the same characters."""


def _token_row(line: Line) -> bool:
    """A row of three or more short tokens (``首页 | 新闻 | 体育``).

    Most cores asked (every undecided line at the edges of a page, and a page without a body is all
    edge) hold no mark and no space: 5,364 of the 6,312 of a cold pass over 1/8 of the 200 MB
    bench corpus. One search for those refuses them before the sentence test and the split."""
    core = line.core
    if len(core) > 200 or _TOKEN_MARK.search(core) is None or is_sentence(core):
        return False
    tokens = [token for token in _TOKEN_SPLIT.split(core) if token]
    return len(tokens) >= 3 and all(len(token) <= WEAK_MAX_CHARS * 2 for token in tokens)


def _plain_lines(
    lines: list[Line], keyword_lines: set[int] | None, emphasis: bool, sentence_ungated: bool
) -> tuple[list[Line], list[Line]]:
    """The *plain* lines of a document and the others, each in line order.

    A plain line has a 。 in its core (so it is sentence-shaped: :func:`is_sentence`) and no rule
    can be tried on it: its core is longer than :data:`RULE_MAX_CHARS`, or it holds no keyword of a
    rule that accepts sentences (:meth:`Matcher.sentence_keyword_lines`), no ``**`` or ``__``, and
    no ungated rule accepts sentences. For such a line :func:`classify`'s loop finds no rule and
    remembers nothing (it matched nothing), so all it decides is whether the line is a body
    paragraph. Such lines are most of a document's lines (on the 20 MB bench corpus 51,440 of
    94,844), so they are picked out here instead of by the loop's tests.
    """
    # Every line with a 。 first, in C (most lines are plain); then the few with one that may be
    # tried lose their flag: the lines that hold a keyword (without the keyword lines, or with an
    # ungated rule to try on sentences, every line is taken to hold one, and only a core too long
    # for every rule is then certain to go untried) and those with ** or __. The comprehension this
    # replaces asked every line all of it: 23 -> 19 ms over the 20 MB bench corpus (best of 7).
    flags = list(map(operator.contains, map(_CORE, lines), repeat("。")))
    if keyword_lines is None or sentence_ungated:
        for line in list(compress(lines, flags)):
            if len(line.core) <= RULE_MAX_CHARS:
                flags[line.index] = False
    else:
        for index in keyword_lines:
            if flags[index] and len(lines[index].core) <= RULE_MAX_CHARS:
                flags[index] = False
        if emphasis:
            for line in list(compress(lines, flags)):
                if len(line.core) <= RULE_MAX_CHARS and has_emphasis(line.text):
                    flags[line.index] = False
    plain = list(compress(lines, flags))
    if not plain:
        return plain, lines
    return plain, list(compress(lines, map(operator.not_, flags)))


_CORE = operator.attrgetter("core")
"""A :class:`Line`'s core, for reading the cores of a list of lines in C."""

_INDEX = operator.itemgetter(0)
"""A :class:`Line`'s index (its first field), for bisecting lists of lines in C."""


class _Body:
    """The body paragraphs of one document (:func:`classify`, step 2), asked of lines only where
    an answer is needed.

    A line that no rule hit is a body paragraph when it is prose and not a bare link
    (:func:`_is_paragraph`). The classifier's loop knows that answer for the lines it remembers
    (``known``: the paragraphs among them), but for the others, ``unasked`` (the plain lines,
    :func:`_plain_lines`, and the loop's lines that it does not remember, each list ascending), it
    needs only the first and last body paragraph (the zones) and whether the few lines that may hold
    an inline match are body paragraphs, not the verdict on every line. So those lines are asked
    from the start until the first paragraph, from the end (or from before an article end,
    :meth:`cut`) until the last, and one by one for :meth:`holds`. Exact: each answer is the one a
    pass over every line would have given it.
    """

    __slots__ = ("_firsts", "_known", "_links", "_unasked", "first", "last")

    def __init__(self, count: int, unasked: tuple[list[Line], ...], known: list[int], links: bool) -> None:
        self._unasked = unasked
        self._known = known
        self._links = links
        # Per group, the position of its first paragraph (its length when it has none): a scan
        # back from the end stops there, so no line is asked twice and a group without a paragraph
        # (a forum page of short posts) is read once.
        self._firsts = [
            next(
                (position for position, line in enumerate(group) if _is_paragraph(line, self._links)),
                len(group),
            )
            for group in unasked
        ]
        firsts = [
            group[position].index
            for group, position in zip(unasked, self._firsts, strict=True)
            if position < len(group)
        ]
        if known:
            firsts.append(known[0])
        self.first: int | None = min(firsts) if firsts else None
        """The first body paragraph's index (``None``: no body)."""
        self.last: int | None = None if self.first is None else self._last_before(count)
        """The last body paragraph's index (``None``: no body)."""

    def _last_before(self, end: int) -> int | None:
        """The last body paragraph before line ``end``."""
        lasts: list[int] = []
        for group, first in zip(self._unasked, self._firsts, strict=True):
            found = next(
                (
                    group[position].index
                    for position in range(bisect.bisect_left(group, end, key=_INDEX) - 1, first - 1, -1)
                    if position == first or _is_paragraph(group[position], self._links)
                ),
                None,
            )
            if found is not None:
                lasts.append(found)
        position = bisect.bisect_left(self._known, end)
        if position:
            lasts.append(self._known[position - 1])
        return max(lasts) if lasts else None

    def cut(self, end: int) -> None:
        """Drop the body paragraphs from line ``end`` on (an article end, which is after the first)."""
        self.last = self._last_before(end)

    def holds(self, index: int) -> bool:
        """Whether line ``index`` is a body paragraph."""
        if self.first is None or self.last is None or not self.first <= index <= self.last:
            return False
        position = bisect.bisect_left(self._known, index)
        if position < len(self._known) and self._known[position] == index:
            return True
        for group in self._unasked:
            position = bisect.bisect_left(group, index, key=_INDEX)
            if position < len(group) and group[position].index == index:
                return _is_paragraph(group[position], self._links)
        return False


def classify(text: str, matcher: Matcher, *, head: bool = True, tail: bool = True) -> Classification:
    """Decide which lines and spans of ``text`` are boilerplate.

    ``head`` and ``tail`` say whether ``text`` has the start and the end of a document. A chunk from
    the middle of a split file (:mod:`corpus.io.split`) has neither: its first lines are the middle of
    the file, not a page header, so no line of it is in a head or tail zone, and only the rules that
    apply anywhere can remove lines there. Without this, a block of short lines (a couplet) that
    happened to open a chunk was taken for a menu and removed.
    """
    # Asked of the whole text once instead of each line: a line holds ``**``, ``__``, ``](`` or
    # ``http`` only if the text does, and most documents hold none of them.
    emphasis = has_emphasis(text)
    # Each string is looked for only where its first character occurs (has_emphasis says why).
    links = ("]" in text and "](" in text) or ("h" in text and "http" in text)
    lines, starts = lines_and_starts(text, emphasis=emphasis)
    count = len(lines)
    # The lines some rule hit in some zone, in line order: the first rule in any zone, the
    # subject and gated rules it was matched with and the line's shape, kept for the zone
    # decision below.
    hits: dict[int, tuple[Rule, str, Gated, bool]] = {}
    # Body paragraphs are prose lines that no rule hit and that are not bare links: the loop
    # collects those among the lines it remembers (whose memory holds the answer) and leaves the
    # other lines no rule hit to _Body, as the plain lines; the residue lines (decoration only)
    # are collected in the same pass.
    rest_body: list[int] = []
    unasked: list[Line] = []
    residue: list[int] = []
    gated_rules, may_match, match = matcher.gated_rules, matcher.may_match, matcher.match
    keyword_lines = matcher.sentence_keyword_lines(text, starts)
    sentence_ungated = matcher.sentence_ungated
    known_lines, remember = matcher.known_lines, matcher.remember
    nonblank = nonblank_indices(lines)
    plain, rest = _plain_lines(lines, keyword_lines, emphasis, sentence_ungated)
    for line in rest:
        core = line.core
        index = line.index
        if not core:
            if not line.blank:
                residue.append(index)
            continue
        size = len(core)
        known = known_lines.get(line.text) if size <= REMEMBER_MAX_CHARS else None
        if known is None:
            shaped = is_sentence(core)
            first: Rule | None = None
            subject = core
            gated: Gated = ()
            matched = False
            if size <= RULE_MAX_CHARS:
                if (
                    shaped
                    and keyword_lines is not None
                    and index not in keyword_lines
                    and not (emphasis and has_emphasis(line.text))
                ):
                    # gated_rules would list nothing (sentence_keyword_lines), so only ungated
                    # rules that accept sentences could match, and most packs have none.
                    tryable = sentence_ungated and may_match(size, shaped)
                else:
                    gated = gated_rules(line.text, shaped, emphasis)
                    # With a gated rule listed, match is tried: its refusal of a core too long for
                    # every rule is the only one may_match would have added.
                    tryable = bool(gated) or may_match(size, shaped)
                    matched = True
                if tryable:
                    subject = mask_quotes(core) if shaped else core
                    first = match(subject, "any", shaped, gated)
                    matched = True
            if not (matched and size <= REMEMBER_MAX_CHARS):
                # Not remembered, so whether the line is a body paragraph is left to _Body.
                if first is not None:
                    hits[index] = (first, subject, gated, shaped)
                else:
                    unasked.append(line)
                continue
            prose = first is None and _is_paragraph(line, links)
            remember(line.text, (first, subject, gated, shaped, prose))
        else:
            first, subject, gated, shaped, prose = known
        if first is not None:
            hits[index] = (first, subject, gated, shaped)
        elif prose:
            rest_body.append(index)

    # Fence lines, found once: every fence line holds three backticks, and few documents any.
    fences = _fence_positions(lines, nonblank) if "```" in text else []
    if fences and (hits or residue):
        code = _inside_fences(nonblank, fences)
        for index in code:
            hits.pop(index, None)
        residue = [index for index in residue if index not in code]

    def zone_match(index: int, zone: ZoneQuery) -> Rule | None:
        """The rule for a candidate line in a zone: the first rule in any zone when it applies
        there (it is then also the first among the zone's rules), else the zone's own first rule."""
        first, subject, gated, shaped = hits[index]
        if _applies(first, zone):
            return first
        return matcher.match(subject, zone, shaped, gated)

    body = _Body(count, (plain, unasked), rest_body, links)
    if body.first is not None:
        ends = [
            index
            for index in hits  # the candidates, in line order
            if index > body.first
            and (rule := zone_match(index, "body")) is not None
            and rule.id in ARTICLE_END_RULES
        ]
        if ends:
            body.cut(ends[0])
    first_body, last_body = body.first, body.last
    if not head:
        first_body = 0
        last_body = count - 1 if last_body is None else last_body
    if not tail:
        last_body = count - 1
        first_body = count if first_body is None else first_body

    def zone_of(index: int) -> Zone:
        if first_body is None or last_body is None:
            return "edge"
        if index < first_body:
            return "head"
        if index > last_body:
            return "tail"
        return "body"

    # Only the lines in hits (a rule hit them in some zone) and residue lines are decided here;
    # every later reader of decided sorts it or asks it about single lines, so the order in which
    # the two groups are entered does not matter.
    decided: dict[int, tuple[str, Category]] = {}
    for index in hits:
        rule = zone_match(index, zone_of(index))
        if rule is not None:
            decided[index] = (rule.id, rule.category)
    for index in residue:
        decided[index] = ("markup.empty-line", "markup")

    if fences:
        _empty_fences(nonblank, fences, decided)
    _continuations(lines, nonblank, decided)
    _related_lists(lines, nonblank, decided)
    _edges(lines, nonblank, decided, first_body, last_body)

    removed = tuple(LineVerdict(index, rule, category) for index, (rule, category) in sorted(decided.items()))
    spans = _inline(text, lines, starts, decided, matcher, body)
    return Classification(tuple(lines), removed, spans, first_body, last_body)


def _fence_positions(lines: list[Line], nonblank: list[int]) -> list[int]:
    """Positions in ``nonblank`` (ascending) of the code fence lines. A fence starts with three
    backticks, so only those lines are matched against :data:`_FENCE`."""
    return [
        position
        for position, index in enumerate(nonblank)
        if lines[index].core.startswith("```") and _FENCE.match(lines[index].core)
    ]


def _inside_fences(nonblank: list[int], fences: list[int]) -> set[int]:
    """The lines between an opening and a closing code fence (``fences``: :func:`_fence_positions`):
    code, which no rule judges.

    A Lua or Ruby block closes its functions with a line ``end``, the end marker's shape, and a
    marker ends the article, so everything after such a block went as tail residue; a ``-----`` or
    ``#`` line in a shell or YAML block is code too. A fence left open does not count (a page cut
    short would otherwise shield its footer).

    >>> from corpus.boilerplate.lines import split_lines
    >>> lines = split_lines("文字\\n```lua\\nfunction f()\\nend\\n```\\n```\\n")
    >>> nonblank = nonblank_indices(lines)
    >>> sorted(_inside_fences(nonblank, _fence_positions(lines, nonblank)))
    [2, 3]
    """
    inside: set[int] = set()
    for opening, closing in zip(fences[::2], fences[1::2], strict=False):
        inside.update(nonblank[opening + 1 : closing])
    return inside


def _empty_fences(nonblank: list[int], fences: list[int], decided: dict[int, tuple[str, Category]]) -> None:
    """Two fence lines in a row (nonblank neighbours) are an empty code block (``fences``:
    :func:`_fence_positions`)."""
    known = set(fences)
    for position in fences:
        if position + 1 in known:
            decided.setdefault(nonblank[position], ("markup.empty-fence", "markup"))
            decided.setdefault(nonblank[position + 1], ("markup.empty-fence", "markup"))


def _decided_positions(nonblank: list[int], decided: dict[int, tuple[str, Category]]) -> list[int]:
    """Positions in ``nonblank`` (ascending line indices) of the decided lines, in order."""
    positions = []
    for index in decided:
        position = bisect.bisect_left(nonblank, index)
        if position < len(nonblank) and nonblank[position] == index:
            positions.append(position)
    positions.sort()
    return positions


def _continuations(lines: list[Line], nonblank: list[int], decided: dict[int, tuple[str, Category]]) -> None:
    """An empty label (``来源：``) takes the short value line after it; a source line takes a URL line
    after it.

    Only a decided line can take the next one, and a line taken is decided in its turn and may take
    the next (a label, a value that is itself a label, ...). So each pass starts at the decided
    lines, in order, and follows such chains; that visits exactly the lines a pass over every line
    would act on, in the same order, without reading the many undecided ones.
    """
    last = len(nonblank) - 1
    for position in _decided_positions(nonblank, decided):
        while position < last:
            index = nonblank[position]
            if not _LABEL_END.search(lines[index].core):
                break
            following = lines[nonblank[position + 1]]
            if following.index in decided or not following.core:
                break
            if not (
                _URL_ONLY.match(following.core)
                or (len(following.core) <= CONTINUATION_MAX_CHARS and not is_sentence(following.core))
            ):
                break
            decided[following.index] = decided[index]
            position += 1
    for position in _decided_positions(nonblank, decided):
        while position < last:
            index = nonblank[position]
            if decided[index][1] != "source":
                break
            following = lines[nonblank[position + 1]]
            if following.index in decided or not _URL_ONLY.match(following.core):
                break
            decided[following.index] = decided[index]
            position += 1


def _related_lists(lines: list[Line], nonblank: list[int], decided: dict[int, tuple[str, Category]]) -> None:
    """Below a related-articles header, links and headlines up to the next paragraph are navigation.

    A list ends at the next header at the latest, and marking its items never makes a header, so
    each header's list is read on its own, header by header in order.
    """
    openers = [
        position
        for position in _decided_positions(nonblank, decided)
        if decided[nonblank[position]][0] in LIST_OPENERS
    ]
    for opener in openers:
        position = opener + 1
        while position < len(nonblank):
            item = lines[nonblank[position]]
            if item.index in decided:
                if decided[item.index][0] in LIST_OPENERS:
                    break
                position += 1
                continue
            core = item.core
            if "。" in core or len(core) > LIST_MAX_CHARS * (3 if _LINK_ONLY.match(core) else 1):
                break
            decided[item.index] = ("nav.related-list", "nav")
            position += 1


def _edges(
    lines: list[Line],
    nonblank: list[int],
    decided: dict[int, tuple[str, Category]],
    first_body: int | None,
    last_body: int | None,
) -> None:
    """Head chrome, chrome runs, token rows, the page title and the tail after the first credit."""
    if first_body is None or last_body is None:
        head = nonblank
        tail: list[int] = []
    else:
        head = nonblank[: bisect.bisect_left(nonblank, first_body)]  # nonblank is ascending
        tail = nonblank[bisect.bisect_right(nonblank, last_body) :]
    for index in head + tail:
        if index not in decided and _token_row(lines[index]):
            decided[index] = ("nav.token-row", "nav")
    _site_title(lines, head, decided)
    if first_body is not None:
        title = next(
            (index for index in head if index not in decided and not _weak(lines[index])),
            None,
        )
        before = [index for index in head if title is None or index < title]
        menu = (
            len(before) >= MENU_MIN_LINES
            and all(_weak(lines[index]) for index in before)
            and not _verse([lines[index] for index in before])
        )
        if menu or any(index in decided for index in before):
            for index in before:
                decided.setdefault(index, ("nav.head-chrome", "nav"))
    _chrome_runs(lines, nonblank, decided, first_body, last_body)
    if tail:
        hits = [
            index
            for index in tail
            if index in decided
            and (decided[index][1] not in INSIDE_ARTICLE or decided[index][0] in ARTICLE_END_RULES)
        ]
        if hits:
            # After an end marker ((完), END) the article has said it is over: what follows is the
            # site's promotion however it is written, so no reply is spared there.
            end = next((index for index in hits if decided[index][0] in ARTICLE_END_RULES), None)
            for index in tail:
                if (
                    index > hits[0]
                    and index not in decided
                    and ((end is not None and index > end) or not _written_reply(lines[index].core))
                ):
                    decided[index] = ("footer.tail-residue", "footer")


def _written_reply(core: str) -> bool:
    """A line of two clauses or more that ends a sentence: a short reply or remark, not chrome.

    The tail residue takes every line after the first boilerplate line below the body, and a forum
    thread puts its post controls (引用 | 回覆 | 檢舉) between the replies, so a last reply too short
    to count as a paragraph followed them out. Such a line is spared, unless an end marker came
    before it; a one-clause slogan is not (:data:`REPLY_MIN_HAN`).

    >>> _written_reply("了解，謝謝分享！我這週就拿去原廠。"), _written_reply("每天进步一点点！")
    (True, False)
    """
    body = core[:-1] if core and core[-1] in _CLOSING else core
    return (
        len(body) > 1
        and body[-1] in _SENTENCE_END
        and not _CLAUSE_BREAK.isdisjoint(body[:-1])
        and han_count(core) >= REPLY_MIN_HAN
    )


def _site_title(lines: list[Line], head: list[int], decided: dict[int, tuple[str, Category]]) -> None:
    """A head line that is another head line (a title: :data:`TITLE_MIN_HAN` Han characters or
    more) followed by a short site suffix (``_某某网``) is the page ``<title>``.

    The suffix is at most :data:`TITLE_SUFFIX_MAX_CHARS` characters, so only the line's prefixes
    that leave such a suffix can be titles: each is looked up among the other lines' cores, of
    the lengths they have, instead of comparing every pair of head lines (a page with no body has
    every line in its head, and a forum page has hundreds). A title's Han characters are counted
    only when it is found there.
    """
    cores = [(index, lines[index].core) for index in head if index not in decided]
    texts = {core for _, core in cores}
    lengths = sorted({len(core) for core in texts})
    enough_han: dict[str, bool] = {}
    for index, core in cores:
        size = len(core)
        low = bisect.bisect_left(lengths, max(size - TITLE_SUFFIX_MAX_CHARS, TITLE_MIN_HAN))
        for length in lengths[low : bisect.bisect_left(lengths, size)]:
            title = core[:length]
            if title not in texts or not _TITLE_SUFFIX.match(core[length:]):
                continue
            known = enough_han.get(title)
            if known is None:
                known = enough_han[title] = han_count(title) >= TITLE_MIN_HAN
            if known:
                decided[index] = ("nav.site-title", "nav")
                break


def _chrome_runs(
    lines: list[Line],
    nonblank: list[int],
    decided: dict[int, tuple[str, Category]],
    first_body: int | None,
    last_body: int | None,
) -> None:
    """Menu words and counters next to rule hits go; a short word right before text is a heading.

    Menu words are only chrome outside the body (between paragraphs a short line is a heading or a
    caption). A number is not chrome when the next line continues it (``8`` / ``月``: a sentence broken
    over lines) or when a heading word follows it (``01`` / ``行业动态``: a section number).
    """
    # Outside the body means before first_body or after last_body; with no body, everywhere.
    body_start, body_end = len(lines), -1
    if first_body is not None and last_body is not None:
        body_start, body_end = first_body, last_body
    last = len(nonblank) - 1

    def chrome(position: int) -> bool:
        index = nonblank[position]
        line = lines[index]
        if index in decided:
            return True
        if _is_number(line):
            following = lines[nonblank[position + 1]] if position < last else None
            return following is None or not (
                _UNIT_START.match(following.core)
                or (following.index not in decided and (_weak(following) or _DECORATED.match(following.text)))
            )
        return (index < body_start or index > body_end) and _weak(line)

    # A run is a maximal stretch of chrome lines (positions in nonblank), and only runs that hold
    # a decided line can change anything, so the runs are grown outwards from the decided lines
    # (in order, each run once) instead of testing every nonblank line. All runs are found before
    # any is acted on, as the runs of a pass over every line would be.
    runs: list[list[int]] = []
    reached = -1
    for position in _decided_positions(nonblank, decided):
        if position <= reached:
            continue
        start = position
        while start > reached + 1 and chrome(start - 1):
            start -= 1
        end = position
        while end < last and chrome(end + 1):
            end += 1
        runs.append(list(range(start, end + 1)))
        reached = end
    for run in runs:  # each holds the decided line it was grown from
        if len(run) < 2:
            continue
        undecided = [lines[nonblank[position]] for position in run if nonblank[position] not in decided]
        if _verse(undecided):
            continue  # a poem or couplets under a credit line, not menu words
        for position in run:
            index = nonblank[position]
            if index in decided:
                continue
            heading = position == run[-1] and not _is_number(lines[index])
            if heading and position + 1 < len(nonblank) and nonblank[position + 1] not in decided:
                continue
            decided[index] = ("nav.head-chrome", "nav")


def _inline_lines(
    text: str, lines: list[Line], starts: list[int], first: tuple[str, ...] | None, body: _Body
) -> list[int]:
    """The lines (ascending) from the first to the last body paragraph that may hold an inline
    match: with ``first`` (the characters every inline match begins with,
    :attr:`Matcher.inline_first`), only those that hold one of them. Whether each is a body
    paragraph is left to the caller, which asks it (:meth:`_Body.holds`) of the few lines with a
    match.

    Found with ``str.find`` over the body's stretch of the text, which skips in C to the next such
    character (most paragraphs hold none; 15,000 of the 20 MB bench corpus's 7.5 million characters
    are brackets), jumping to the next line after each hit, instead of testing each line for each
    character. A line holds a character exactly when ``find`` reports a position inside its span.
    """
    if body.first is None or body.last is None:
        return []
    if first is None:
        return list(range(body.first, body.last + 1))
    find = text.find
    start, end = lines[body.first].start, lines[body.last].end
    holding: set[int] = set()
    for char in first:
        position = find(char, start, end)
        while position >= 0:
            index = line_at(starts, position)
            holding.add(index)
            position = find(char, lines[index].end, end)
    return sorted(holding)


def _inline(
    text: str,
    lines: list[Line],
    starts: list[int],
    decided: dict[int, tuple[str, Category]],
    matcher: Matcher,
    body: _Body,
) -> tuple[SpanVerdict, ...]:
    spans: list[SpanVerdict] = []
    inline_search = matcher._inline.search if matcher._inline is not None else None
    if inline_search is not None:
        last = matcher.inline_last
        for index in _inline_lines(text, lines, starts, matcher.inline_first, body):
            if index in decided:
                continue
            line = lines[index]
            if last is not None and not line.text.rstrip(LINE_END_SPACE).endswith(last):
                continue  # no match can end this line (ends_line_with); most lines end so
            if inline_search(line.text) is None:
                continue  # what inline_spans answers for nearly every line, without the call
            if not body.holds(index) or line.core.startswith(CAPTION_MARKS):
                continue
            for start, end, rule in matcher.inline_spans(line.text):
                # A credit ends a paragraph only if a paragraph is left without it; a caption with a
                # credit (市民在图书馆看书。（图／某某）) stays whole.
                if han_count(line.text[:start] + line.text[end:]) < PROSE_MIN_HAN:
                    continue
                spans.append(SpanVerdict(line.start + start, line.start + end, rule.id, rule.category))
    found = matcher.pinyin_candidates(text)
    if found:
        by_span: dict[tuple[int, int], Rule] = {}
        items: list[pinyin.Candidate] = []
        for start, end, rule in found:
            line_index = line_at(starts, start)
            if line_index in decided:
                continue
            items.append(pinyin.Candidate(start, end, line_index, rule.id in NEUTRAL_PINYIN_RULES))
            by_span[(start, end)] = rule
        # With fewer candidates than residue needs, residue answers none whatever the topic lines
        # are, so the text is not scanned for them.
        topic = pinyin.topic_lines(text, starts) if len(items) >= pinyin.MIN_RESIDUE else set()
        for item in pinyin.residue(text, items, topic):
            rule = by_span[(item.start, item.end)]
            spans.append(SpanVerdict(item.start, item.end, rule.id, rule.category))
    spans.sort(key=lambda span: span.start)
    return tuple(spans)
