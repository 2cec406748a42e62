"""The script conversion step: convert exactly the spans that are in the other script.

Every pipeline we looked at runs one OpenCC config over the whole document (data-juicer's
``chinese_convert_mapper``, FlagData). That is wrong for real scrapes: a config is not a no-op on text
already in its target script (s2tw: 台北的一出戲不准 -> 臺北的一齣戲不準, OpenCC 1.4.2), s2t is not
idempotent (岳 -> 嶽 on a second pass), and every engine rewrites the kanji of Japanese text (東 -> 东).
This step instead:

1. leaves documents without Han characters, Japanese documents and Korean documents untouched
   (:func:`corpus.script.spans.foreign_verdict`);
2. maps CJK compatibility ideographs (U+F900-FAFF) to the unified ideographs they stand for;
3. converts the whole document in one OpenCC call when it holds evidence of the other script only
   (the common case, and the fast one); otherwise walks lines, then sentences, then clauses, and
   converts each piece that holds evidence of the other script (a clause holding both included),
   leaves each piece that holds evidence of the target script only, and decides pieces of ambiguous
   characters by the document's majority; pieces with kana or Hangul
   are never converted; evidence of the other script that is only one or two distinct characters in
   a document of the target script (三塚, 朱文榘; Hokkien 麻糍) is kept (:data:`LONE_DISTINCT`).
   :func:`convert` reaches the same text for a mixed document by converting it whole and undoing
   the few changes that fall in kept pieces (:func:`_mixed_to_simplified`); the step does the same
   and splits only the changed lines into pieces, to place its events (:func:`_mixed_conversion`);
   :func:`analyze` decides every piece, as it reports them;
4. for the Simplified target, picks the reverse config from the region of the Traditional text: tw2s
   for Taiwan usage (it turns the particle 著 into 着, which t2s leaves), hk2s for Hong Kong, t2s else;
   then applies the corrections of ``data/overrides.toml`` (想像 -> 想象; 論著 stays 论著 under tw2s).

Because no OpenCC config writes an evidence character of the script it converts from
(``scripts/build_script_tables.py``), and no correction does either (tested), a second run finds
nothing to convert: the step is idempotent.

>>> convert("他說：「這裡的软件很好」")
'他说：「这里的软件很好」'
"""

from __future__ import annotations

import functools
import math
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from typing import Final, Literal, NamedTuple, overload

from corpus.config import TARGETS, Target
from corpus.document import Document, Event, ScriptInfo, initialized_through_slots
from corpus.errors import UsageError
from corpus.script import spans as script_spans
from corpus.script.engine import OpenCCConfig, converter, lean_converter, unified_converter
from corpus.script.spans import (
    CLAUSE,
    LINE,
    SENTENCE,
    CharacterSet,
    Correction,
    Region,
    Verdict,
    tables,
)

STEP: Final = "convert"

FORWARD: Final[dict[str, OpenCCConfig]] = {"t": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}
"""The config that writes each Traditional target from Simplified text."""

REVERSE: Final[dict[Region | None, OpenCCConfig]] = {None: "t2s", "tw": "tw2s", "hk": "hk2s"}
"""The config that reads Traditional text of each region into Simplified. tw2sp/hk2sp are not used:
they also swap vocabulary (軟體 -> 软件), which changes words, not script."""


@initialized_through_slots  # one or more per document
@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text the step received, what it is, and the config that converted it (or None)."""

    start: int
    end: int
    verdict: Verdict
    config: OpenCCConfig | None


@initialized_through_slots  # one per document
@dataclass(frozen=True, slots=True)
class Conversion:
    """The converted text and the evidence for it: per-span verdicts, the region, the configs used.

    ``events`` are :class:`Event` records over the input text, replayable with
    :func:`corpus.document.apply_events`; ``changed_chars`` counts characters that differ.
    """

    text: str
    target: Target
    verdict: Verdict
    region: Region | None
    configs: tuple[OpenCCConfig, ...]
    spans: tuple[Span, ...]
    events: tuple[Event, ...]
    changed_chars: int


def _check_target(to: str) -> Target:
    if to not in TARGETS:
        raise UsageError(f"unknown target script {to!r}", f"choose one of {', '.join(TARGETS)}")
    return to  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class _Plan:
    verdict: Verdict
    region: Region | None
    config: OpenCCConfig | None
    spans: tuple[Span, ...]


def _plan(text: str, target: Target) -> _Plan:
    """Decide, without converting anything, which spans of ``text`` to convert and with which config."""
    whole = len(text)
    if script_spans.HAN.search(text) is None:
        return _Plan("non-chinese", None, None, (Span(0, whole, "non-chinese", None),))
    table = tables()
    foreign = table.foreign.found(text)
    if foreign:
        language = script_spans.foreign_verdict(text)
        if language is not None:
            return _Plan(language, None, None, (Span(0, whole, language, None),))
    to_simplified = target == "s"
    wrong, right = (
        (table.traditional_only, table.simplified_only)
        if to_simplified
        else (table.simplified_only, table.traditional_only)
    )
    target_verdict: Verdict = "hans" if to_simplified else "hant"
    source_verdict: Verdict = "hant" if to_simplified else "hans"
    if not wrong.found(text):
        verdict: Verdict = target_verdict if right.found(text) else "ambiguous"
        return _Plan(verdict, None, None, (Span(0, whole, verdict, None),))
    if not foreign and not right.found(text):
        region = script_spans.infer_region(text) if to_simplified else None
        config = REVERSE[region] if to_simplified else FORWARD[target]
        return _Plan(source_verdict, region, config, (Span(0, whole, source_verdict, config),))

    wrong_count, right_count = compared_counts(text, wrong, right)
    if not to_simplified and right_count > wrong_count:
        wrong = script_spans.simplified_only_in_traditional()
        if not wrong.found(text):
            return _Plan(target_verdict, None, None, (Span(0, whole, target_verdict, None),))
    if _only_lone_characters(text, wrong, right):
        return _Plan(target_verdict, None, None, (Span(0, whole, target_verdict, None),))
    simplified, traditional = (right_count, wrong_count) if to_simplified else (wrong_count, right_count)
    decided: list[tuple[int, int, Verdict, bool]] = []
    verdict = script_spans.document_verdict(simplified, traditional)
    # In a document that mixes both scripts, an ambiguous clause holding 於 or 著 most likely comes
    # from the Traditional side; in a Simplified document with a stray Traditional character it does
    # not (People's Daily keeps 於 in names), so the hint is used for mixed documents only.
    leaning = table.traditional_leaning if to_simplified and verdict == "mixed" else None
    _decide(
        text,
        0,
        whole,
        0,
        (wrong, right, table.foreign if foreign else None),
        wrong_count > right_count,
        leaning,
        decided,
    )
    region = None
    if to_simplified:
        region = script_spans.infer_region("\n".join(text[s:e] for s, e, _, convert in decided if convert))
    config = REVERSE[region] if to_simplified else FORWARD[target]
    return _Plan(
        verdict,
        region,
        config,
        _merge(decided, config),
    )


LONE_DISTINCT: Final = 2
"""A document in the target script whose other-script evidence is at most two distinct characters keeps
them: they are names and deliberate variants (三塚博, 朱文榘 in People's Daily, where t2s would write
三冢, 朱文矩) or regional usage (猫, 糍, 疱 in Taiwanese Hokkien text, which s2tw would write 貓, 餈, 皰).
A real sentence of the other script brings more: of the People's Daily sentences of eight characters or
more, 93% hold three or more distinct Simplified-only characters (``scripts/eval_convert.py``'s corpus).
The trade-off: a stray slip (one 這 in a Simplified page) is left as it is, not converted."""


def _only_lone_characters(
    text: str,
    wrong: CharacterSet,
    right: CharacterSet,
    pieces: Iterable[tuple[int, int]] = ((0, sys.maxsize),),
) -> bool:
    """True when the other script's evidence in ``text`` is a few lone characters (:data:`LONE_DISTINCT`)
    and the target script's evidence has more distinct characters than that. The other script's
    evidence is looked for in ``pieces`` (``(start, end)`` ranges) only: the caller may know that it
    lies nowhere else."""
    other: set[str] = set()
    for start, end in pieces:
        other |= _distinct(wrong, text, LONE_DISTINCT + 1, start, end)
        if len(other) > LONE_DISTINCT:
            return False
    return len(_distinct(right, text, len(other) + 1)) > len(other)


_LEVELS: Final = (LINE, SENTENCE, CLAUSE)


def _decide(
    text: str,
    start: int,
    end: int,
    level: int,
    evidence: tuple[CharacterSet, CharacterSet, CharacterSet | None],
    convert_ambiguous: bool,
    leaning: CharacterSet | None,
    decided: list[tuple[int, int, Verdict, bool]],
) -> None:
    """Split ``text[start:end]`` at ``_LEVELS[level]`` and decide each piece, descending when a piece
    holds kana/Hangul or both scripts' evidence. ``evidence`` is the other script's set, the target
    script's, and the kana/Hangul set, or None for a document without kana or Hangul (no piece of it
    needs the scan)."""
    wrong, right, foreign_set = evidence
    to_simplified = right is tables().simplified_only
    can_split = level + 1 < len(_LEVELS)
    # Each piece asks every set; the bitmap search answers in C, and only a hit beyond U+FFFF (which
    # the bitmap takes for any astral character) goes to the exact check.
    search_wrong, search_right = wrong.first.search, right.first.search
    for piece in _LEVELS[level].finditer(text, start, end):
        piece_start, piece_end = piece.span()
        if piece_start == piece_end:
            continue
        hit = search_wrong(text, piece_start, piece_end)
        has_wrong = hit is not None and (hit.group() <= "\uffff" or wrong.found(text, piece_start, piece_end))
        hit = search_right(text, piece_start, piece_end)
        has_right = hit is not None and (hit.group() <= "\uffff" or right.found(text, piece_start, piece_end))
        foreign = False
        if foreign_set is not None:
            hit = foreign_set.first.search(text, piece_start, piece_end)
            foreign = hit is not None and (
                hit.group() <= "\uffff" or foreign_set.found(text, piece_start, piece_end)
            )
        if (foreign or (has_wrong and has_right)) and can_split:
            _decide(text, piece_start, piece_end, level + 1, evidence, convert_ambiguous, leaning, decided)
            continue
        verdict = _verdict(to_simplified, has_wrong, has_right)
        if foreign:
            decided.append((piece_start, piece_end, verdict, False))
        elif has_wrong:
            # A clause with both scripts' evidence is converted too: that is safe for the evidence
            # itself, as no reverse (forward) config rewrites a Simplified-only (Traditional-only)
            # character. Characters that Taiwan's orthography shares with Simplified (个, 庄) are
            # not counted as evidence in a mostly Traditional document (data/overrides.toml).
            decided.append((piece_start, piece_end, verdict, True))
        elif has_right:
            decided.append((piece_start, piece_end, verdict, False))
        elif script_spans.HAN.search(text, piece_start, piece_end) is None:
            decided.append((piece_start, piece_end, "non-chinese", False))
        else:
            convert = convert_ambiguous or (
                leaning is not None and leaning.found(text, piece_start, piece_end)
            )
            decided.append((piece_start, piece_end, "ambiguous", convert))


def _verdict(to_simplified: bool, has_wrong: bool, has_right: bool) -> Verdict:
    simplified, traditional = (has_right, has_wrong) if to_simplified else (has_wrong, has_right)
    if simplified and traditional:
        return "mixed"
    if simplified:
        return "hans"
    if traditional:
        return "hant"
    return "ambiguous"


def _merge(decided: list[tuple[int, int, Verdict, bool]], config: OpenCCConfig) -> tuple[Span, ...]:
    """Join neighbouring pieces with the same verdict and decision into one span.

    The span being joined is kept in plain variables and made a :class:`Span` once complete: a
    Traditional page of the 20 MB bench corpus with two kana (113,922 characters) decides 1,381
    pieces, nearly all joined into one span, and a frozen dataclass built for each of them cost
    0.81 ms, against 0.07 now (medians of 21)."""
    if not decided:
        return ()
    merged: list[Span] = []
    run_start, run_end, run_verdict, convert = decided[0]
    run_config = config if convert else None
    for start, end, verdict, convert in decided[1:]:
        used = config if convert else None
        if verdict == run_verdict and used == run_config:
            run_end = end
            continue
        merged.append(Span(run_start, run_end, run_verdict, run_config))
        run_start, run_end, run_verdict, run_config = start, end, verdict, used
    merged.append(Span(run_start, run_end, run_verdict, run_config))
    return tuple(merged)


def _converted_runs(spans: tuple[Span, ...]) -> list[tuple[int, int]]:
    """Neighbouring spans to convert, joined: one OpenCC call per run keeps phrase context and is cheap."""
    runs: list[tuple[int, int]] = []
    for span in spans:
        if span.config is None:
            continue
        if runs and runs[-1][1] == span.start:
            runs[-1] = (runs[-1][0], span.end)
        else:
            runs.append((span.start, span.end))
    return runs


def changed_characters(old: str, new: str) -> int:
    """How many characters differ between two versions of a span.

    Equal lengths (nearly every OpenCC rewrite) are compared position by position at C speed, by
    XOR-ing the UTF-32 code units; unequal lengths count the longer side, an upper bound. The bytes
    of each unit are then OR-ed together (by a shift, or through strided slices), so counting the
    unchanged units is one ``bytes.count`` (``array.count`` boxes every unit: five times slower on
    a page).

    >>> changed_characters("這裡有書", "这里有书")
    3
    """
    if len(old) != len(new):
        return max(len(old), len(new))
    if old == new:
        return 0
    old_bytes = old.encode("utf-16-le", "surrogatepass")
    new_bytes = new.encode("utf-16-le", "surrogatepass")
    if len(old_bytes) == len(new_bytes) == 2 * len(old):
        # Nothing beyond U+FFFF on either side (the usual case): UTF-16 units are code points,
        # and half as many bytes go through the integers (a quarter less time on a page). Shifted
        # down a byte and OR-ed in, each unit's high byte lands on its low byte, so a unit is
        # unchanged exactly when its low byte is zero. Folded on down to its lowest bit, a unit
        # is changed exactly when that bit is set, and the bits are counted in the integer
        # itself (int.bit_count), where turning it back into bytes, slicing out the low bytes
        # and counting their zeros cost more: the 543 Traditional documents of the 20 MB bench
        # corpus, 21.8 against 18.4 ms (medians of 15).
        delta = int.from_bytes(old_bytes, "little") ^ int.from_bytes(new_bytes, "little")
        delta |= delta >> 8
        delta |= delta >> 4
        delta |= delta >> 2
        delta |= delta >> 1
        return (delta & _unit_bits(len(old))).bit_count()
    old_units = int.from_bytes(old.encode("utf-32-le", "surrogatepass"), "little")
    new_units = int.from_bytes(new.encode("utf-32-le", "surrogatepass"), "little")
    difference = (old_units ^ new_units).to_bytes(4 * len(old), "little")
    # The fourth byte of a code point (at most U+10FFFF) is always zero, so three slices suffice.
    merged = (
        int.from_bytes(difference[0::4], "little")
        | int.from_bytes(difference[1::4], "little")
        | int.from_bytes(difference[2::4], "little")
    )
    return len(old) - merged.to_bytes(len(old), "little").count(0)


_CACHED_UNIT_BITS: Final = 1 << 20
"""Units up to which :func:`_unit_bits` keeps its masks (each 2 bytes a unit: 2 MiB at most)."""


def _unit_bits(units: int) -> int:
    """An integer with the lowest bit of each of at least ``units`` 16-bit units set: AND-ed with a
    shorter integer, it keeps that integer's units' lowest bits (the result is as long as the
    shorter side). Masks come in powers of two and are kept up to :data:`_CACHED_UNIT_BITS`."""
    if units > _CACHED_UNIT_BITS:
        return int.from_bytes(b"\x01\x00" * units, "little")
    return _power_of_two_unit_bits(max(units - 1, 0).bit_length())


@functools.cache
def _power_of_two_unit_bits(exponent: int) -> int:
    return int.from_bytes(b"\x01\x00" * (1 << exponent), "little")


def _line_events(original: str, start: int, end: int, new: str, events: list[Event]) -> None:
    """Events for one converted run: one per changed line, or one for the run if lines do not align."""
    old = original[start:end]
    if old == new:
        return
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    if len(old_lines) != len(new_lines):
        events.append(Event(STEP, "converted", start, end, new, excerpt=old))
        return
    # Nearly every line of a Traditional document changes (24,110 of its 25,998 lines over the 20 MB
    # bench corpus): the loop builds an event per line, with every field given by position (about
    # 80 ns less per event than with a keyword: initialized_through_slots) and the list's append
    # bound once.
    position = start
    append = events.append
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        if old_line != new_line:
            append(
                Event(STEP, "converted", position, position + len(old_line), new_line, None, None, old_line)
            )
        position += len(old_line) + 1


def _normalized_events(original: str, start: int, end: int, events: list[Event]) -> None:
    table = tables()
    for match in table.compatibility.finditer(original, start, end):
        events.append(
            Event(
                STEP,
                "normalized",
                match.start(),
                match.end(),
                match.group().translate(table.compatibility_map),
                excerpt=match.group(),
            )
        )


@overload
def _run(
    text: str,
    target: Target,
    record: bool,
    spans_needed: bool = True,
    text_only: Literal[False] = False,
) -> Conversion: ...


@overload
def _run(
    text: str, target: Target, record: bool, spans_needed: bool, text_only: Literal[True]
) -> Conversion | str: ...


def _run(
    text: str, target: Target, record: bool, spans_needed: bool = True, text_only: bool = False
) -> Conversion | str:
    """Plan and convert; with ``record`` also build events and count changed characters.

    The common documents take shortcuts decided by one scan each: nothing to do (no evidence of the
    other script, no kana, no compatibility ideograph), or everything to do (evidence of the other
    script only), which is one OpenCC call over the whole text. Without ``spans_needed`` (the step
    reports none) a mixed document to Simplified takes :func:`_mixed_conversion`. With
    ``text_only`` (:func:`convert`) a mixed document to Simplified comes back as its text alone: a
    :class:`Conversion` costs a microsecond to build, some 1.5% of the document's time.
    """
    whole = len(text)
    if script_spans.HAN.search(text) is None:
        spans = (Span(0, whole, "non-chinese", None),)
        return Conversion(text, target, "non-chinese", None, (), spans, (), 0)
    table = tables()
    to_simplified = target == "s"
    trigger, blocker = (
        (table.to_simplified_trigger, table.to_simplified_blocker)
        if to_simplified
        else (table.to_traditional_trigger, table.to_traditional_blocker)
    )
    if not trigger.found(text):
        right = table.simplified_only if to_simplified else table.traditional_only
        verdict: Verdict = ("hans" if to_simplified else "hant") if right.found(text) else "ambiguous"
        return Conversion(text, target, verdict, None, (), (Span(0, whole, verdict, None),), (), 0)
    has_compatibility = False
    source = text
    screened: list[str] | None = None
    present: frozenset[str] | None = None
    where = None
    if to_simplified and blocker.search(text, 0, _SCREEN_PROBE) is None:
        # The scan costs per match; a document with Simplified-only characters near its start (a
        # mixed one) has many, and goes the other way without it.
        screened = whole_screen().findall(text)
        present = frozenset(screened)
        where = _where(text, present, screened)
    if (
        table.to_simplified_blocker_characters.isdisjoint(present)
        if present is not None
        else not to_simplified and not blocker.found(text)
    ):
        region = script_spans.region_of(screened) if screened is not None else None
        config = REVERSE[region] if to_simplified else FORWARD[target]
        verdict = "hant" if to_simplified else "hans"
        # The whole document is one run: convert it without the bookkeeping of many runs.
        converted_text = convert_run(text, config, present, None, where)
        spans = (Span(0, whole, verdict, config),)
        if not record:
            return Conversion(converted_text, target, verdict, region, (config,), spans, (), 0)
        whole_events: list[Event] = []
        _line_events(text, 0, whole, converted_text, whole_events)
        return Conversion(
            converted_text,
            target,
            verdict,
            region,
            (config,),
            spans,
            tuple(whole_events),
            changed_characters(text, converted_text),
        )
    else:
        # The mixed way gives up on kana, Hangul and compatibility ideographs, which the whole
        # screen, when it ran, has already looked for: a Traditional page with two kana then skips
        # the mixed way's own screen (its scan of the whole text).
        mixed_way = present is None or table.special_characters.isdisjoint(present)
        if to_simplified and not record and mixed_way:
            fast = _mixed_to_simplified(text)
            if fast is not None:
                # convert() reads only the text: the per-span verdicts are what this way skips.
                if text_only:
                    return fast.text
                return Conversion(fast.text, target, "mixed", None, (), (), (), 0)
        if to_simplified and record and not spans_needed and mixed_way:
            conversion = _mixed_conversion(text)
            if conversion is not None:
                return conversion
        plan = _plan(text, target)
        if plan.verdict in ("japanese", "korean"):
            return Conversion(text, target, plan.verdict, None, (), plan.spans, (), 0)
        has_compatibility = table.compatibility.found(text)
        if has_compatibility:
            # Compatibility ideographs are mapped first, so that spans are classified (and a second
            # run sees) the unified form; one code point maps to one, so offsets do not move.
            source = text.translate(table.compatibility_map)
            plan = _plan(source, target)
    runs = _converted_runs(plan.spans)
    if not runs and not has_compatibility:
        return Conversion(text, target, plan.verdict, plan.region, (), plan.spans, (), 0)
    pieces: list[str] = []
    events: list[Event] = []
    cursor = 0
    changed = 0
    converted = _convert_runs(source, runs, plan.config) if plan.config else []
    for (start, end), new in zip(runs, converted, strict=True):
        pieces.append(source[cursor:start])
        if record and has_compatibility:
            _normalized_events(text, cursor, start, events)
        pieces.append(new)
        if record:
            _line_events(text, start, end, new, events)
            changed += changed_characters(text[start:end], new)
        cursor = end
    pieces.append(source[cursor:])
    if record and has_compatibility:
        _normalized_events(text, cursor, whole, events)
    changed += sum(1 for event in events if event.action == "normalized")
    configs: tuple[OpenCCConfig, ...] = (plan.config,) if runs and plan.config else ()
    return Conversion(
        "".join(pieces), target, plan.verdict, plan.region, configs, plan.spans, tuple(events), changed
    )


_SCREEN_PROBE: Final = 256
"""How far :func:`_run` looks for a Simplified-only character before screening the whole text."""


class _Mixed(NamedTuple):
    """What :func:`_mixed_to_simplified` found: the text, the decisions (None when the other script's
    evidence was only lone characters: then nothing is converted) and the screened characters
    with their ``where`` (:func:`_where`), which the step reuses for its region
    (:func:`_mixed_conversion`), and, when only some lines were converted (each keeping its length),
    their starts and ends: no other line can have changed. A named tuple, not a frozen dataclass:
    it is built for every mixed document, and a frozen dataclass sets each field through
    ``object.__setattr__`` (1.2 against 0.3 us to build)."""

    text: str
    decisions: _Decisions | None
    characters: list[str]
    where: Callable[[frozenset[str]], list[int]]
    lines: tuple[list[int], list[int]] | None = None
    region: Region | Literal[False] | None = False
    """The region :meth:`_Decisions.region` scored from ``characters``, or False when the text
    held no character on which the reverse configs differ and it was not scored."""


def _mixed_to_simplified(text: str, counted: bool = False) -> _Mixed | None:
    """``convert(text, to="s")`` (as ``.text``) for a document holding both scripts' evidence, without
    deciding every line, sentence and clause; None when the document needs the planned way (kana,
    Hangul or a compatibility ideograph in it, or a conversion that changed the length).

    The planned way decides some forty pieces of a ten-paragraph mixed document one by one, which
    costs several times the conversion itself. The decisions matter at few places, though:

    * every Traditional-only character lies in a piece that is converted (a piece holding one is
      either converted or split further, down to a clause, which is converted);
    * a reverse config changes nothing else but the characters of ``reverse_changes`` (built from its
      dictionaries) and the corrections' anchors: only where one of those changed does the piece
      around it have to be decided, and the change undone if that piece is kept;
    * the region matters only when the text holds a character on which tw2s, hk2s and t2s differ; it
      is then scored from the regional markers, each counted if its piece is converted.

    So the whole text is converted in one call, as the planned way would convert its runs, and the
    few changes inside kept pieces are undone. ``tests/script/test_convert.py`` checks the two ways
    agree; on the documents of ``scripts/eval_convert.py`` they give the same text.

    With ``counted`` (the step, which counts the evidence for its verdict anyway), a document whose
    ambiguous pieces are kept (Simplified majority, not mixed) converts only its lines holding a
    Traditional-only character (:func:`_convert_lines`): no other piece is converted. A Simplified
    page with a few Traditional lines is mostly lines that OpenCC would convert only for the
    changes to be undone: the 50 Simplified documents of the 20 MB bench corpus that take this way
    (1.31 M characters, 10,337 of them on Traditional lines) cost the step 62.5 ms before, 44.8
    after (CPU, medians of 9 interleaved passes). :func:`convert` does not count, and keeps
    converting the whole text: counting there took those 50 documents from 44.8 to 33.0 ms but
    the 122 mixed ones from 43.0 to 50.0, where the counts are otherwise seldom needed.
    """
    table = tables()
    # One scan finds every character this way looks at (not the evidence, which is everywhere).
    characters = _mixed_screen().findall(text)
    present = frozenset(characters)
    if not table.special_characters.isdisjoint(present):
        return None
    where = _where(text, present, characters)
    wrong, right = table.traditional_only, table.simplified_only
    # The screen holds some Traditional-only characters (說, 裡, 臺): enough distinct ones among
    # those found settle the lone-character question without another scan.
    screened_traditional = table.traditional_only_characters.intersection(present)
    # The step counts the evidence anyway, and its lines, in a document that reads as Simplified,
    # answer the lone-character question too (:meth:`_Decisions.only_lone_characters`).
    decide = _Decisions(text)
    if len(screened_traditional) <= LONE_DISTINCT and (
        decide.only_lone_characters() if counted else _only_lone_characters(text, wrong, right)
    ):
        return _Mixed(text, None, characters, where)
    scored: Region | Literal[False] | None = False
    if not _region_dependent_characters().isdisjoint(present) and decide.any_converted(
        where(_region_dependent_characters())
    ):
        scored = decide.region(characters, where)
    config = REVERSE[scored or None]
    # Changes in kept pieces are undone below, so their clauses need no regional config.
    lines = decide.traditional_lines() if counted and decide.ambiguous_kept() else None
    converted = None if lines is None else _convert_lines(text, lines, config, present, decide.converted)
    if converted is None:
        lines = None
        converted = convert_run(text, config, present, decide.converted, where)
    if len(converted) != len(text):
        return None
    candidates = where(_kept_change_characters(config))
    changed = compress(
        candidates, map(str.__ne__, map(converted.__getitem__, candidates), map(text.__getitem__, candidates))
    )
    changed_positions = list(changed)
    undone = set(filter(decide.converted, decide.maybe_converted(changed_positions)))
    kept = [position for position in changed_positions if position not in undone]
    if not kept:
        return _Mixed(converted, decide, characters, where, lines, scored)
    pieces: list[str] = []
    cursor = 0
    for position in kept:
        pieces.append(converted[cursor:position])
        pieces.append(text[position])
        cursor = position + 1
    pieces.append(converted[cursor:])
    return _Mixed("".join(pieces), decide, characters, where, lines, scored)


def _mixed_conversion(text: str) -> Conversion | None:
    """What the planned way gives the step for a mixed document, Simplified target, but its spans:
    the text of :func:`_mixed_to_simplified`, the verdict from the evidence counts, the region
    scored over the converted pieces, and the events, for which only the lines that changed are
    split into pieces (by :func:`_decide` itself, with the document's own settings) to find where
    their converted runs start and end. None when the planned way is needed.

    A ten-paragraph mixed page: the planned way decides and converts every piece and builds the
    events run by run; this way converts once and decides the changed lines only
    (``scripts/bench_convert.py``'s ``ScriptConverter`` rows; the same output and events on the
    documents of ``scripts/eval_convert.py`` and the bench corpora). A changed line that is one
    converted piece (:meth:`_Decisions.decide`) is its own event, and the changed characters are
    counted over the changed lines only: on the 20 MB bench corpus's 122 mixed documents the step
    took 77.4 ms before these two, 69.3 after, and on its 50 Simplified documents that take this
    way (a page of 25,000 characters with a few Traditional lines) 62.4 against 56.5 ms (CPU,
    medians of 9 interleaved passes).
    """
    mixed = _mixed_to_simplified(text, counted=True)
    if mixed is None:
        return None
    decisions = mixed.decisions
    if decisions is None:  # only lone characters of the other script: nothing is converted
        return Conversion(text, "s", "hans", None, (), (), (), 0)
    output = mixed.text
    changed_lines = _changed_lines(text, output, mixed.lines)
    if changed_lines is None:
        return None
    table = tables()
    wrong, right = table.traditional_only, table.simplified_only
    wrong_count, right_count = decisions.counts()
    verdict = script_spans.document_verdict(right_count, wrong_count)
    convert_ambiguous, leaning = decisions.ambiguous_rule()
    # Scored already when the conversion depended on it (the same characters, the same decisions).
    region = decisions.region(mixed.characters, mixed.where) if mixed.region is False else mixed.region
    config = REVERSE[region]
    events: list[Event] = []
    changed_old: list[str] = []
    changed_new: list[str] = []
    for line_start, old_line, new_line in changed_lines:
        line_end = line_start + len(old_line)
        changed_old.append(old_line)
        changed_new.append(new_line)
        piece_end = min(line_end + 1, len(text))
        # A changed line nearly always holds Traditional-only evidence alone (3,139 of the 3,266
        # changed lines of the 20 MB bench corpus's mixed documents): one converted piece, whose
        # event is the whole line, decided without building its piece list and walking the runs.
        whole = decisions.decide(line_start, piece_end, can_split=True)
        if whole is None:
            decided: list[tuple[int, int, Verdict, bool]] = []
            evidence = (wrong, right, None)
            _decide(text, line_start, piece_end, 0, evidence, convert_ambiguous, leaning, decided)
            _changed_run_events(text, output, decided, line_end, events)
        elif whole:
            events.append(Event(STEP, "converted", line_start, line_end, new_line, excerpt=old_line))
    # Unchanged lines add nothing to the count: when every changed line kept its length (so the
    # lines stay aligned), the changed lines alone are compared.
    if list(map(len, changed_old)) == list(map(len, changed_new)):
        changed = changed_characters("".join(changed_old), "".join(changed_new))
    else:
        changed = changed_characters(text, output)
    return Conversion(output, "s", verdict, region, (config,), (), tuple(events), changed)


def _changed_lines(
    text: str, output: str, lines: tuple[list[int], list[int]] | None
) -> list[tuple[int, str, str]] | None:
    """Start, old text and new text of every line that differs between ``text`` and ``output``;
    None when they do not have the same number of lines. With ``lines`` (the only lines that were
    converted, each keeping its length; see :class:`_Mixed`) only those are compared: a Simplified
    page of 25,000 characters has some 300 lines, and splitting both texts to compare them all
    cost more than converting its few Traditional lines: the step over the 20 MB bench corpus's
    50 Simplified documents that take the mixed way, 44.0 ms comparing all lines, 40.5 comparing
    those (CPU, medians of 11 interleaved passes)."""
    if lines is not None:
        changed: list[tuple[int, str, str]] = []
        for start, end in zip(*lines, strict=True):
            old_line, new_line = text[start:end], output[start:end]
            if old_line != new_line:
                changed.append((start, old_line, new_line))
        return changed
    old_lines, new_lines = text.split("\n"), output.split("\n")
    if len(old_lines) != len(new_lines):
        return None
    changed = []
    line_start = 0
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        if old_line != new_line:
            changed.append((line_start, old_line, new_line))
        line_start += len(old_line) + 1
    return changed


def _convert_lines(
    text: str,
    lines: tuple[list[int], list[int]],
    config: OpenCCConfig,
    present: frozenset[str],
    regional_at: Callable[[int], bool],
) -> str | None:
    """``text`` with the lines given (starts and ends, ascending, line breaks excluded) converted as
    :func:`convert_run` converts them in the whole text, the rest left as it is; None if the lines
    did not come back whole or one changed its length (the caller then converts the whole text,
    and :func:`_changed_lines` may take every line as keeping its place).

    The lines go through one call, joined by newlines: OpenCC's phrases, the corrections' contexts
    and the regional clauses all stop at a line break (see :func:`_convert_pieces`), so each line
    comes out as it would in the whole text. ``present`` (the whole text's screen) may hold more
    than these lines: it only spares scans; ``regional_at`` is asked about positions in ``text``."""
    starts, ends = lines
    pieces = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    joined_starts = list(accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=0))

    def joined_regional_at(position: int) -> bool:
        line = bisect_right(joined_starts, position) - 1
        return regional_at(starts[line] + position - joined_starts[line])

    converted = _convert_pieces(
        lambda joined: convert_run(joined, config, present, joined_regional_at), pieces
    )
    if converted is None or list(map(len, converted)) != list(map(len, pieces)):
        return None
    out: list[str] = []
    cursor = 0
    for start, end, line in zip(starts, ends, converted, strict=True):
        out.append(text[cursor:start])
        out.append(line)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _changed_run_events(
    text: str,
    output: str,
    decided: list[tuple[int, int, Verdict, bool]],
    line_end: int,
    events: list[Event],
) -> None:
    """The events :func:`_line_events` gives one line: one per run of neighbouring converted pieces
    that changed, cut at the line break (``line_end``)."""
    run_start: int | None = None
    run_end = 0
    for start, end, _, convert in [*decided, (line_end, line_end, "ambiguous", False)]:
        if convert:
            if run_start is None:
                run_start = start
            run_end = end
            continue
        if run_start is not None:
            cut = min(run_end, line_end)
            if text[run_start:cut] != output[run_start:cut]:
                events.append(
                    Event(
                        STEP, "converted", run_start, cut, output[run_start:cut], excerpt=text[run_start:cut]
                    )
                )
            run_start = None


def _where(
    text: str, present: frozenset[str], characters: list[str]
) -> Callable[[frozenset[str]], list[int]]:
    """``where`` for :func:`convert_run`: the positions, ascending, of the characters of the set
    asked for, among those a screen found in ``text`` (``characters``, its finds, and ``present``,
    the set of them).

    Each character asked for and present is looked up with ``str.find`` (at ``memchr`` speed) the
    first time, and a page holds few distinct ones (著, 於, 像); so the screen needs no positions,
    and its ``findall`` builds no match objects, a quarter less than ``finditer`` with the
    positions and characters taken from its matches (71,000 against 94,000 instructions for a
    mixed page of ``scripts/bench_convert.py``, under callgrind). Net of the lookups,
    :func:`convert` on those pages: 505 against 498 M instructions per 1,000; on the Taiwan pages
    516 against 504.

    When several characters are asked for the first time at once (the mixed way asks for the
    regional markers and for what the config may change: a Simplified page of 26,000 characters
    holds a dozen of them), a ``find`` loop per character would read the whole text once each.
    Instead they are found in one pass: the screen's finds list every occurrence of them in text
    order (those of the Basic Multilingual Plane, at least: ``CharacterSet.findall`` puts astral
    finds last), so each occurrence is the first one of its character after the occurrence
    before it, and ``find`` reads on from there. That pass costs per find of the screen, the
    ``find`` loops per character of the text: it is taken when the text is long against the
    screen's finds (:data:`_ONE_PASS`)."""

    found: dict[str, list[int]] = {}
    # The one pass pays when more characters than this are asked for, and only on a long text
    # (below :data:`_ONE_PASS_TEXT` the find loops are cheaper than setting the pass up: the
    # mixed pages of bench_convert, 940 characters, took 2.2 ms longer per 1,000 with it);
    # computed once per text, as where() is asked often (1,122 times over the 20 MB bench
    # corpus, for 2.0 characters on average).
    least = _ONE_PASS * len(characters) / len(text) if len(text) >= _ONE_PASS_TEXT else math.inf

    def where(wanted: frozenset[str]) -> list[int]:
        asked = wanted.intersection(present)
        missing = (
            {character for character in asked if character <= "\uffff" and character not in found}
            if len(asked) > least
            else ()
        )
        if len(missing) > 1 and len(missing) > least:
            lists: dict[str, list[int]] = {character: [] for character in missing}
            found.update(lists)
            position = -1
            for character in filter(missing.__contains__, characters):
                position = text.find(character, position + 1)
                lists[character].append(position)
        positions: list[int] = []
        for character in asked:
            known = found.get(character)
            if known is None:
                known = found[character] = []
                position = text.find(character)
                while position >= 0:
                    known.append(position)
                    position = text.find(character, position + 1)
            positions += known
        positions.sort()
        return positions

    return where


_ONE_PASS: Final = 256
""":func:`_where` finds several characters in one pass along the screen's finds when the text is
longer than this many times the screen's finds per character asked. Chosen on the 20 MB bench
corpus (``where`` alone, CPU, three runs each): at 32 the Traditional pages, whose few asked
characters ``str.find`` reads past quickly, took 3.9 ms against 3.2 with the ``find`` loops only;
at 256 they take 3.5 against 3.4, while the documents of the mixed way take 5.5 against 8.3."""


_ONE_PASS_TEXT: Final = 8192
"""The shortest text on which :func:`_where` takes its one pass (see :data:`_ONE_PASS`). On shorter
texts the ``find`` loops cost less than setting the pass up: with the pass on every text,
``convert()`` on bench_convert's mixed pages (about 940 characters) was 3% slower (55.7 -> 57.5 ms
per 1,000, in-process against the version before the pass)."""


COUNT_BLOCK: Final = 2048
"""Characters per block when counting evidence a block at a time (:func:`compared_counts`)."""


def _count_outcome(first: int, second: int) -> tuple[Verdict, Verdict, bool, bool]:
    """Everything the step reads from two evidence counts: the document verdict either way round,
    and which count is larger."""
    return (
        script_spans.document_verdict(first, second),
        script_spans.document_verdict(second, first),
        first > second,
        second > first,
    )


def compared_counts(
    text: str, first: CharacterSet, second: CharacterSet, heads: tuple[int, int] | None = None
) -> tuple[int, int]:
    """How many characters of each set ``text`` holds, or two counts that compare the same way.

    The step reads the counts only through :func:`_count_outcome` (the verdict, the majority), and a
    count costs per match: a Traditional page of 12,000 characters with a few Simplified ones has
    some 3,600 Traditional-only characters to count. So the set that is rarer in the first block is
    counted whole, and the other a block at a time until every value it could still reach (each
    character not yet read being one more) gives the same outcome; its count so far is returned.
    The outcome, as a function of one count with the other fixed, runs through its values in one
    order without coming back to any (majority one side, mixed, majority the other side), so equal
    outcomes at the least and the most reachable count hold for every count between. ``heads``,
    when the caller has them, are the two counts of the first block.

    >>> compared_counts("這是说的", tables().traditional_only, tables().simplified_only)
    (1, 1)
    """
    head = min(len(text), COUNT_BLOCK)
    first_head, second_head = heads or (first.count(text, 0, head), second.count(text, 0, head))
    swapped = second_head < first_head
    exact, partial = (second, first) if swapped else (first, second)
    exact_count = (second_head if swapped else first_head) + exact.count(text, head)
    partial_count = first_head if swapped else second_head
    return _settled_counts(text, exact_count, partial, partial_count, swapped)


def _settled_counts(
    text: str, exact_count: int, partial: CharacterSet, partial_count: int, swapped: bool
) -> tuple[int, int]:
    """:func:`compared_counts` once one set's whole count (``exact_count``) is known and the other's
    over the first block (``partial_count``): the other is counted on a block at a time until the
    outcome is settled. The counts come back first set first; ``swapped`` tells that the exact
    count is the second set's."""
    position = min(len(text), COUNT_BLOCK)
    while position < len(text):
        low = (partial_count, exact_count) if swapped else (exact_count, partial_count)
        remaining = len(text) - position
        high = (
            (partial_count + remaining, exact_count) if swapped else (exact_count, partial_count + remaining)
        )
        if _count_outcome(*low) == _count_outcome(*high):
            break
        end = position + COUNT_BLOCK
        partial_count += partial.count(text, position, end)
        position = end
    return (partial_count, exact_count) if swapped else (exact_count, partial_count)


def _distinct(
    characters: CharacterSet, text: str, enough: int, start: int = 0, end: int = sys.maxsize
) -> set[str]:
    """Distinct characters of the set in ``text[start:end]``, stopping once ``enough`` are found."""
    found: set[str] = set()
    position = start
    # CharacterSet.search, inlined (this runs for every mixed document): a hit beyond U+FFFF is
    # any astral character, and only a member of the set's astral half counts.
    search, astral = characters.first.search, characters.astral
    while len(found) < enough:
        match = search(text, position, end)
        if match is None:
            break
        character = match.group()
        position = match.end()
        if character > "\uffff" and (astral is None or astral.match(character) is None):
            continue
        found.add(character)
    return found


class _Listed:
    """The pieces of one long stretch read so far (starts and ends, ascending) and the rest to read."""

    __slots__ = ("ends", "rest", "starts")

    def __init__(self, rest: Iterator[tuple[int, int]]) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.rest = rest


class _Decisions:
    """The planned way's decision (:func:`_decide`) for the piece around one position, on demand.

    Lines, then sentences, then clauses, exactly as :func:`_decide` splits them: a piece holding both
    scripts' evidence is split further; one holding Traditional-only characters is converted, one
    holding Simplified-only characters is kept, and one holding neither follows the document's
    majority or, in a mixed document, the Traditional-leaning characters. Pieces are remembered, as
    several positions fall into the same one, and so are positions: the region, tw2s's clauses and
    the changes to undo ask about the same 著 (a Taiwan-region page asks some seven times, four of
    them about a position already asked). Only for documents without kana or Hangul."""

    __slots__ = (
        "_ambiguous",
        "_clauses",
        "_counts",
        "_ends",
        "_ends_from",
        "_heads",
        "_lines",
        "_memo",
        "_pieces",
        "_positions",
        "_simplified",
        "_simplified_search",
        "_text",
        "_traditional",
        "_traditional_characters",
        "_traditional_search",
    )

    def __init__(self, text: str) -> None:
        self._text = text
        self._clauses: dict[int, bool] = {}
        self._ends: list[int] = []
        self._ends_from: dict[int, int] = {}
        self._pieces: dict[tuple[re.Pattern[str], int, int], _Listed] = {}
        self._positions: dict[int, bool] = {}
        self._memo: dict[tuple[int, int], tuple[int, bool | None]] = {}
        self._ambiguous: tuple[bool, CharacterSet | None] | None = None
        self._counts: tuple[int, int] | None = None
        self._heads: tuple[int, int] | None = None
        self._lines: tuple[list[int], list[int]] | None = None
        table = tables()
        self._traditional = table.traditional_only
        self._simplified = table.simplified_only
        self._traditional_characters = table.traditional_only_characters
        self._traditional_search = table.traditional_only.first.search
        self._simplified_search = table.simplified_only.first.search

    def converted(self, position: int) -> bool:
        known = self._positions.get(position)
        if known is not None:
            return known
        decision = self._converted(position)
        self._positions[position] = decision
        return decision

    def _converted(self, position: int) -> bool:
        text = self._text
        # A Traditional-only character right beside it is in its clause (no such character ends a
        # clause), which is then converted (see below); in Traditional text one usually is.
        traditional = self._traditional_characters
        if text[position + 1 : position + 2] in traditional or (
            position and text[position - 1] in traditional
        ):
            return True
        # The clause around the position: if it holds Traditional-only characters it is converted
        # whatever the pieces above it hold, and if it holds Simplified-only ones only it is kept
        # (every piece above holds them too, so is kept or split down to this clause). Its end
        # comes first (the line break ends a clause too, so the clause never runs past the line),
        # and its part after the position: in a converted clause a Traditional-only character
        # usually lies there, and then its start is not needed.
        clause_end = self._clause_end(position)
        known = self._clauses.get(clause_end)
        if known is not None:
            return known
        if self._has_traditional(position, clause_end):
            self._clauses[clause_end] = True
            return True
        # Looked for in a window before the position first: ``.*`` runs from where the match
        # starts, and a web page's line can hold thousands of characters. A clause end found in
        # the window is the clause's start on any line; only without one is the line's start
        # looked up.
        window = max(0, position - _CLAUSE_WINDOW)
        before = _LAST_CLAUSE_END.match(text, window, position)
        if before is not None:
            clause_start = before.end()
        else:
            clause_start = text.rfind("\n", 0, position) + 1
            if window > clause_start:
                before = _LAST_CLAUSE_END.match(text, clause_start, window)
                if before is not None:
                    clause_start = before.end()
        if self._has_traditional(clause_start, position):
            decision = True
        elif (hit := self._simplified_search(text, clause_start, clause_end)) is not None and (
            hit.group() <= "\uffff" or self._simplified.found(text, clause_start, clause_end)
        ):
            decision = False
        else:
            end = text.find("\n", position)
            line_start = text.rfind("\n", 0, position) + 1
            decision = self._by_pieces(position, line_start, len(text) if end < 0 else end + 1)
        self._clauses[clause_end] = decision
        return decision

    def _clause_end(self, position: int) -> int:
        """Where the clause holding ``position`` ends: the next clause end at or after it, else the
        end of the text.

        Each search is remembered as a stretch with no clause end in it, from where it started to
        the end it found, and a position inside a known stretch is answered from it. Without this,
        a text with no clause end for a long way (a file of Han characters without punctuation or
        line breaks) was searched to its end again for every position asked about: quadratic, 4.3 s
        for 400,000 random Han characters and more than 14 minutes for 17 million. ``_CLAUSE_END``
        is one character class, so a search from inside a stretch finds the same end.
        """
        ends = self._ends
        index = bisect_left(ends, position)
        if index < len(ends) and self._ends_from[ends[index]] <= position:
            return ends[index]
        after = _CLAUSE_END.search(self._text, position)
        clause_end = after.start() if after is not None else len(self._text)
        known_from = self._ends_from.get(clause_end)
        if known_from is None:
            ends.insert(bisect_left(ends, clause_end), clause_end)
            self._ends_from[clause_end] = position
        elif position < known_from:
            self._ends_from[clause_end] = position
        return clause_end

    def _has_traditional(self, start: int, end: int) -> bool:
        """``traditional_only.found`` over ``text[start:end]``, inlined: only a hit beyond U+FFFF
        needs the exact check."""
        hit = self._traditional_search(self._text, start, end)
        return hit is not None and (
            hit.group() <= "\uffff" or self._traditional.found(self._text, start, end)
        )

    def _by_pieces(self, position: int, start: int, end: int) -> bool:
        for level in range(len(_LEVELS)):
            if level:
                start, end = self._piece(_LEVELS[level], start, end, position)
            key = (level, start)
            if key not in self._memo:
                self._memo[key] = (end, self.decide(start, end, level + 1 < len(_LEVELS)))
            decision = self._memo[key][1]
            if decision is not None:
                return decision
        return True  # unreachable: the last level always decides

    def _piece(self, pattern: re.Pattern[str], start: int, end: int, position: int) -> tuple[int, int]:
        """The piece of ``text[start:end]`` (split by ``pattern``) that holds ``position``.

        A long stretch has its pieces listed as they are read and is then asked by bisection:
        reading from its start for every position made a long line without line breaks quadratic
        (3 million characters of alternating Simplified and Traditional sentences on one line: 7 s,
        6 million: 25 s, nearly all in this loop). Short ones, nearly every line, are read as before.
        """
        if end - start > _LISTED_PIECES:
            return self._listed_piece(pattern, start, end, position)
        for piece_start, piece_end in script_spans.pieces(pattern, self._text, start, end):
            if piece_end > position:
                return piece_start, piece_end
        return start, end

    def _listed_piece(self, pattern: re.Pattern[str], start: int, end: int, position: int) -> tuple[int, int]:
        key = (pattern, start, end)
        listed = self._pieces.get(key)
        if listed is None:
            listed = self._pieces[key] = _Listed(script_spans.pieces(pattern, self._text, start, end))
        index = bisect_right(listed.ends, position)
        if index < len(listed.ends):
            return listed.starts[index], listed.ends[index]
        for piece_start, piece_end in listed.rest:
            listed.starts.append(piece_start)
            listed.ends.append(piece_end)
            if piece_end > position:
                return piece_start, piece_end
        return start, end

    def decide(self, start: int, end: int, can_split: bool) -> bool | None:
        """:func:`_decide`'s decision for the piece ``text[start:end]`` of a document without kana or
        Hangul: whether it is converted; None when it holds both scripts' evidence and ``can_split``
        (it is then split further). A piece without Han characters is kept, as :func:`_decide`
        keeps it."""
        # The simplified search inlined as in _has_traditional: the step asks this for every
        # changed line of a mixed document (2,809 calls over the 172 documents of the 20 MB bench
        # corpus that take the mixed way).
        text = self._text
        has_wrong = self._has_traditional(start, end)
        hit = self._simplified_search(text, start, end)
        has_right = hit is not None and (hit.group() <= "\uffff" or self._simplified.found(text, start, end))
        if has_wrong and has_right and can_split:
            return None
        if has_wrong or has_right:
            return has_wrong
        if script_spans.HAN.search(text, start, end) is None:
            return False
        convert_ambiguous, leaning = self.ambiguous_rule()
        return convert_ambiguous or (leaning is not None and leaning.found(text, start, end))

    def counts(self) -> tuple[int, int]:
        """:func:`compared_counts` of the Traditional-only and Simplified-only characters, once.

        In a document that reads as Simplified (:meth:`reads_simplified`) the Traditional-only
        characters are counted on their lines only (:meth:`traditional_lines`, which such a
        document needs anyway), instead of by a scan of the whole text for them."""
        if self._counts is None:
            text = self._text
            if len(text) <= COUNT_BLOCK:  # the first block is the whole text: its counts are exact
                self._counts = self._head_counts()
            elif self.reads_simplified():
                starts, ends = self.traditional_lines()
                total = sum(map(self._traditional.count, repeat(text), starts, ends))
                self._counts = _settled_counts(text, total, self._simplified, self._head_counts()[1], False)
            else:
                self._counts = compared_counts(text, self._traditional, self._simplified, self._head_counts())
        return self._counts

    def _head_counts(self) -> tuple[int, int]:
        """The Traditional-only and Simplified-only characters of the first :data:`COUNT_BLOCK`."""
        if self._heads is None:
            head = min(len(self._text), COUNT_BLOCK)
            self._heads = (
                self._traditional.count(self._text, 0, head),
                self._simplified.count(self._text, 0, head),
            )
        return self._heads

    def reads_simplified(self) -> bool:
        """Whether the first block's evidence makes a Simplified document with a stray Traditional
        character (:func:`corpus.script.spans.document_verdict` says ``hans``): then the
        Traditional-only characters are likely few, on a few lines, and the questions about them
        (how many, which, on which lines) are answered from one scan that finds their lines.
        Only a guess, which costs time when wrong, never a different answer. The 50 Simplified
        documents of the 20 MB bench corpus that take the mixed way have 121 such lines in all,
        and each of them scanned the whole text for these characters three times: for the
        lone-character check, the count and the lines."""
        traditional, simplified = self._head_counts()
        return script_spans.document_verdict(simplified, traditional) == "hans"

    def only_lone_characters(self) -> bool:
        """:func:`_only_lone_characters` of the document (Traditional-only evidence, Simplified
        target); in a document that reads as Simplified the distinct Traditional-only characters
        are looked for on their lines only."""
        if not self.reads_simplified():
            return _only_lone_characters(self._text, self._traditional, self._simplified)
        lines = zip(*self.traditional_lines(), strict=True)
        return _only_lone_characters(self._text, self._traditional, self._simplified, lines)

    def ambiguous_rule(self) -> tuple[bool, CharacterSet | None]:
        if self._ambiguous is None:
            table = tables()
            wrong_count, right_count = self.counts()
            mixed = script_spans.document_verdict(right_count, wrong_count) == "mixed"
            self._ambiguous = (
                wrong_count > right_count,
                table.traditional_leaning if mixed else None,
            )
        return self._ambiguous

    def region(self, characters: list[str], where: Callable[[frozenset[str]], list[int]]) -> Region | None:
        """The region scored over the regional markers among ``characters`` (a screen's finds, whose
        positions ``where`` gives) that lie in converted pieces, as :func:`_plan` does.

        Markers that are Traditional-only count for sure; the others are decided one by one, only
        until the outcome cannot change: the Taiwan outcome holds on the whole range of possible
        scores if it holds at the lowest Taiwan and highest Hong Kong score, and so on, as each
        outcome is a set closed under raising its own score and lowering the other. The sums are
        taken in C (``map`` over the weights), as a page holds dozens of markers.
        """
        weights = _region_weights()
        sure = list(compress(characters, map(weights.sure.__contains__, characters)))
        taiwan = sum(map(weights.taiwan.__getitem__, sure))
        hongkong = sum(map(weights.hongkong.__getitem__, sure))
        open_positions = self.maybe_converted(where(weights.open))
        open_characters = list(map(self._text.__getitem__, open_positions))
        # What the open markers not yet decided can still add, at least and at most, per region.
        low_tw = sum(map(weights.taiwan_low.__getitem__, open_characters))
        high_tw = sum(map(weights.taiwan_high.__getitem__, open_characters))
        low_hk = sum(map(weights.hongkong_low.__getitem__, open_characters))
        high_hk = sum(map(weights.hongkong_high.__getitem__, open_characters))
        for position, character in zip(open_positions, open_characters, strict=True):
            settled = _settled_region(taiwan, hongkong, (low_tw, high_tw, low_hk, high_hk))
            if settled is not False:
                return settled
            low_tw -= weights.taiwan_low[character]
            high_tw -= weights.taiwan_high[character]
            low_hk -= weights.hongkong_low[character]
            high_hk -= weights.hongkong_high[character]
            if self.converted(position):
                taiwan += weights.taiwan[character]
                hongkong += weights.hongkong[character]
        return _region_of_scores(taiwan, hongkong)

    def any_converted(self, positions: list[int]) -> bool:
        """Whether any of ``positions`` is in a converted piece."""
        return any(map(self.converted, self.maybe_converted(positions)))

    def maybe_converted(self, positions: list[int]) -> list[int]:
        """``positions`` less some that cannot be in a converted piece, when there are more than
        :data:`_MANY_OPEN_MARKERS` and that is cheap to tell: in a document where ambiguous pieces
        are kept (Simplified majority, not mixed), a piece is converted only if it holds a
        Traditional-only character, so a position on a line without one is in a kept piece. A
        mostly Simplified web page holds hundreds of open markers (床, 户, 温) or of 么 and a
        handful of such lines; each position decided cost a clause lookup. ``positions`` are
        ascending (every caller takes them from :func:`_where`), and so is the answer."""
        if len(positions) <= _MANY_OPEN_MARKERS:
            return positions
        if not self.ambiguous_kept():
            return positions
        starts, ends = self.traditional_lines()
        kept: list[int] = []
        if len(starts) < len(positions):
            # The usual case (hundreds of markers, a handful of lines): each line's positions are
            # one slice of the ascending list, found by two bisections, instead of a bisection of
            # the lines per position (9,668 positions a pass over the 50 Simplified documents of
            # the 20 MB bench corpus that take the mixed way).
            for start, end in zip(starts, ends, strict=True):
                kept += positions[bisect_left(positions, start) : bisect_left(positions, end)]
            return kept
        for position in positions:
            line = bisect_right(starts, position) - 1
            if line >= 0 and position < ends[line]:
                kept.append(position)
        return kept

    def ambiguous_kept(self) -> bool:
        """Whether the document keeps its ambiguous pieces (then only pieces holding a
        Traditional-only character are converted); costs the evidence counts."""
        convert_ambiguous, leaning = self.ambiguous_rule()
        return not convert_ambiguous and leaning is None

    def traditional_lines(self) -> tuple[list[int], list[int]]:
        """Start and end (its line break, or the text's end) of every line holding a
        Traditional-only character, in text order: one search per such line."""
        if self._lines is None:
            text = self._text
            starts: list[int] = []
            ends: list[int] = []
            match = self._traditional.search(text)
            while match is not None:
                position = match.start()
                newline = text.find("\n", position)
                starts.append(text.rfind("\n", 0, position) + 1)
                ends.append(len(text) if newline < 0 else newline)
                match = None if newline < 0 else self._traditional.search(text, newline)
            self._lines = (starts, ends)
        return self._lines


_MANY_OPEN_MARKERS: Final = 16
"""Above this many positions to decide (open regional markers, changes to undo), the mixed way first
drops those on lines without a Traditional-only character (:meth:`_Decisions.maybe_converted`,
which costs the evidence counts and one scan); the mixed pages of ``scripts/bench_convert.py``
hold fewer and skip it."""


@dataclass(frozen=True, slots=True)
class _RegionWeights:
    """The regional markers' weights (:func:`corpus.script.spans.region_of`) as plain lookups:
    ``sure`` holds the Traditional-only markers (always in converted pieces), ``open`` the others;
    the low and high maps hold each open marker's least and most contribution (0 if uncounted)."""

    sure: frozenset[str]
    open: frozenset[str]
    taiwan: dict[str, int]
    hongkong: dict[str, int]
    taiwan_low: dict[str, int]
    taiwan_high: dict[str, int]
    hongkong_low: dict[str, int]
    hongkong_high: dict[str, int]


@functools.cache
def _region_weights() -> _RegionWeights:
    table = tables()
    characters = [
        c
        for c in table.regional_characters
        if table.taiwan_weight.get(c, 0) or table.hongkong_weight.get(c, 0)
    ]
    taiwan = {c: table.taiwan_weight.get(c, 0) for c in characters}
    hongkong = {c: table.hongkong_weight.get(c, 0) for c in characters}
    sure = frozenset(c for c in characters if c in table.traditional_only_characters)
    return _RegionWeights(
        sure=sure,
        open=frozenset(characters) - sure,
        taiwan=taiwan,
        hongkong=hongkong,
        taiwan_low={c: min(0, w) for c, w in taiwan.items()},
        taiwan_high={c: max(0, w) for c, w in taiwan.items()},
        hongkong_low={c: min(0, w) for c, w in hongkong.items()},
        hongkong_high={c: max(0, w) for c, w in hongkong.items()},
    )


def _region_of_scores(taiwan: int, hongkong: int) -> Region | None:
    if taiwan > 0 and taiwan > hongkong:
        return "tw"
    if hongkong > 0 and hongkong > taiwan:
        return "hk"
    return None


def _settled_region(
    taiwan: int, hongkong: int, bounds: tuple[int, int, int, int]
) -> Region | Literal[False] | None:
    """The region if every way of counting the open markers gives the same one, else False;
    ``bounds`` is what they can add: least and most to Taiwan, least and most to Hong Kong."""
    taiwan_low, taiwan_high = taiwan + bounds[0], taiwan + bounds[1]
    hongkong_low, hongkong_high = hongkong + bounds[2], hongkong + bounds[3]
    # _region_of_scores at the corners, written out (this runs once per undecided marker).
    if taiwan_low > 0 and taiwan_low > hongkong_high:
        return "tw"
    if hongkong_low > 0 and hongkong_low > taiwan_high:
        return "hk"
    if not (taiwan_high > 0 and taiwan_high > hongkong_low) and not (
        hongkong_high > 0 and hongkong_high > taiwan_low
    ):
        return None
    return False


@functools.cache
def _region_dependent_characters() -> frozenset[str]:
    """Characters on which tw2s, hk2s and t2s differ: without one, the region changes no output."""
    return frozenset("".join(tables().reverse_differ_characters.values()))


@functools.cache
def _reverse_change_characters(config: OpenCCConfig) -> frozenset[str]:
    """What ``config`` may change besides Traditional-only characters, and its corrections' anchors."""
    return frozenset([*tables().reverse_changes[config], *_by_anchor(config)])


@functools.cache
def _kept_change_characters(config: OpenCCConfig) -> frozenset[str]:
    """:func:`_reverse_change_characters` less the Traditional-only ones: such a character is
    evidence in its own clause, so its piece is always converted and never needs deciding."""
    return _reverse_change_characters(config) - tables().traditional_only_characters


@functools.cache
def _conversion_characters() -> frozenset[str]:
    """The characters :func:`convert_run` asks about when given ``present``: the tofu-risk keys
    among them, which are rare, so that a screen holding these tells whether the lean engines may
    convert the text."""
    particle = tables().tw2s_particle
    # Not the particle's neighbours (作, 者, 於, 名: a dozen matches a page): with 著 present, the
    # scan for them is cheaper than finding them all.
    characters: set[str] = set(particle.others | {particle.character})
    characters |= tables().tofu_risk_characters
    for config in REVERSE.values():
        characters |= _attention_characters(config) | _leftover_characters(config)
    characters.update(*tables().reverse_differ_characters.values())
    return frozenset(characters)


@functools.cache
def _mixed_screen() -> CharacterSet:
    """Kana, Hangul, compatibility ideographs, regional markers, what the reverse configs may change
    and what :func:`convert_run` asks about: every position :func:`_mixed_to_simplified` looks at."""
    table = tables()
    characters = set(_conversion_characters()) | table.special_characters | table.regional_characters
    for config in REVERSE.values():
        characters |= _reverse_change_characters(config)
    return CharacterSet.of(characters)


def _convert_runs(source: str, runs: list[tuple[int, int]], config: OpenCCConfig) -> list[str]:
    """Convert every run, in one pass when there are several: a mixed document has dozens of short
    runs, and one OpenCC call per run costs more than the conversion itself. The runs are joined by
    newlines, which OpenCC keeps and no dictionary phrase crosses."""
    texts = [source[start:end] for start, end in runs]
    if len(texts) == 1:
        return [convert_run(texts[0], config)]
    return _convert_pieces(lambda joined: convert_run(joined, config), texts) or [
        convert_run(text, config) for text in texts
    ]


def convert_run(
    text: str,
    config: OpenCCConfig,
    present: frozenset[str] | None = None,
    regional_at: Callable[[int], bool] | None = None,
    where: Callable[[frozenset[str]], list[int]] | None = None,
) -> str:
    """Convert one run with ``config``: OpenCC, then the corrections, then the leftovers.

    Leftovers are Traditional-only characters that the chosen reverse config does not know but
    another one does (衞 is rewritten by hk2s, not by t2s or tw2s); left in place they would make a
    second run convert again, so each is converted alone by the config that knows it. Both steps
    are skipped after one scan when the run holds none of the characters they act on. ``present``,
    the characters of :func:`whole_screen` found in ``text``, answers those scans without scanning;
    ``regional_at`` is passed to :func:`convert_with_opencc`. ``where`` (:func:`_where`), from a
    caller that has screened the text for the characters :func:`_conversion_characters` holds,
    gives the positions of some of them, so that the corrections and tw2s's phrases are tried
    there instead of found by two more scans of the text.
    """
    converted = convert_with_opencc(text, config, present, regional_at, where)
    if _has_written_corrections(config) or (
        _attention(config).found(text)
        if present is None
        else not _attention_characters(config).isdisjoint(present)
    ):
        anchors = where(_attention_characters(config)) if where is not None else None
        converted = _override(text, converted, config, anchors)
    if (
        _leftover_set(config).found(text)
        if present is None
        else not _leftover_characters(config).isdisjoint(present)
    ):
        converted = _convert_leftovers(converted)
    return converted


@functools.cache
def whole_screen() -> CharacterSet:
    """One set whose ``findall`` over a Traditional document answers every question the whole-text
    way asks: Simplified-only characters, kana, Hangul or compatibility ideographs (which stop it),
    the regional markers (the region), the corrections' anchors, the leftover candidates and the
    characters around tw2s's particle. A findall costs per match, and a Traditional document holds
    few of these; one scan instead of four (``scripts/bench_convert.py``)."""
    return CharacterSet.of(tables().to_simplified_screen_characters | _conversion_characters())


@functools.cache
def _attention_characters(config: OpenCCConfig) -> frozenset[str]:
    return frozenset(_by_anchor(config))


@functools.cache
def _leftover_characters(config: OpenCCConfig) -> frozenset[str]:
    return _leftover_candidates(config) | frozenset(map(chr, range(0x2FF0, 0x3000)))


@functools.cache
def _leftover_candidates(config: OpenCCConfig) -> frozenset[str]:
    """Traditional-only characters that ``config`` leaves as they are when converting them alone.

    Each is converted alone, but all of them in one call, a character a line (3,200 calls cost 10
    ms, a quarter of the tool's start-up on a short input): no OpenCC key holds a line break, so
    neither a phrase nor a longest match reaches past one, and each line converts as the character
    would alone (the same reason :func:`_convert_pieces` joins pieces by newlines). Without exactly
    one line per character back, each is converted by itself.

    The engine is the lean one that converts the documents (:func:`convert_with_opencc`): text
    holding neither a tofu-risk key nor a compatibility ideograph converts there as with the
    official config, and no Traditional-only character is either; so the official converters,
    built for this alone, are not built at all (10 ms of the start-up), and the lean hk2s that
    Hong Kong documents need is built once, before the workers start. Should a Traditional-only
    character ever be one of those, the official converter is used."""
    if config not in REVERSE.values():
        return frozenset()
    table = tables()
    characters = sorted(table.traditional_only_characters)
    plain = table.tofu_risk_characters.isdisjoint(characters) and table.compatibility_map.keys().isdisjoint(
        map(ord, characters)
    )
    engine = lean_converter(config) if plain else converter(config)
    outputs = _convert_pieces(engine.convert, characters) or [engine.convert(c) for c in characters]
    evidence, members = table.traditional_only, table.traditional_only_characters
    # A one-character output holds evidence exactly when it is a member: a set lookup, no search.
    return frozenset(
        character
        for character, output in zip(characters, outputs, strict=True)
        if output in members or (len(output) > 1 and evidence.found(output))
    )


@functools.cache
def _attention(config: OpenCCConfig) -> CharacterSet:
    """The anchors of ``config``'s corrections, found in one bitmap scan."""
    characters = set(_by_anchor(config))
    return CharacterSet.of(characters) if characters else _NOTHING


@functools.cache
def _leftover_set(config: OpenCCConfig) -> CharacterSet:
    """``config``'s leftover candidates and the ideographic description characters (U+2FF0-2FFF):
    without one in the source, the output holds no leftover. No config writes a Traditional-only
    character, OpenCC's one phrase that keeps one (不可貲計) is a correction, and after a description
    character OpenCC leaves the characters it describes as they are (回⿰這陣 keeps 這陣)."""
    return CharacterSet.of(_leftover_characters(config))


@functools.cache
def _has_written_corrections(config: OpenCCConfig) -> bool:
    return any(correction.written is not None for correction in _corrections_for(config))


def _convert_leftovers(text: str) -> str:
    evidence = tables().traditional_only
    if not evidence.found(text):
        return text
    matches = evidence.finditer(text)
    pieces: list[str] = []
    cursor = 0
    for match in matches:
        character = match.group()
        for config in _LEFTOVER_CONFIGS:
            replacement = unified_converter(config).convert(character)
            if replacement != character and not evidence.found(replacement):
                pieces.append(text[cursor : match.start()])
                pieces.append(replacement)
                cursor = match.end()
                break
    pieces.append(text[cursor:])
    return "".join(pieces)


_LEFTOVER_CONFIGS: Final[tuple[OpenCCConfig, ...]] = ("t2s", "hk2s", "tw2s")
_NOTHING: Final = CharacterSet(None, None, re.compile("(?!)"))


def convert_with_opencc(
    text: str,
    config: OpenCCConfig,
    present: frozenset[str] | None = None,
    regional_at: Callable[[int], bool] | None = None,
    where: Callable[[frozenset[str]], list[int]] | None = None,
) -> str:
    """``converter(config).convert(text)``, faster for tw2s and hk2s, with the same result, for text
    whose CJK compatibility ideographs are already mapped (as :func:`_run` does first): the engine
    used skips OpenCC's own mapping of them (:func:`corpus.script.engine.unified_converter`), and,
    when ``present`` shows no key of the tofu-risk dictionary, that dictionary too
    (:func:`corpus.script.engine.lean_converter`).

    The regional reverse configs run at about half of t2s's speed (two dictionary stages instead of
    one), yet their output differs from t2s only around a handful of characters (著 for tw2s, 衞 for
    hk2s; ``reverse_differs`` in ``data/script_chars.json``, computed with the official engine). So
    the clauses holding one of those characters go through the regional config and the text between
    them through t2s, each side in one call (pieces joined by newlines, which OpenCC keeps). OpenCC's
    phrases never span a clause end (a comma, a full stop), so cutting there changes nothing.

    For tw2s most of those clauses are not needed either: outside a few phrases (著名, 名著, 藉著;
    :class:`corpus.script.spans.RegionalParticle`) tw2s writes 着 for 著 and leaves the rest as t2s
    does, so t2s plus that replacement does the same. ``tests/script/test_convert.py`` checks the
    equality; on the 58,261 Taiwan-script documents of ``scripts/eval_convert.py`` (s2tw of People's
    Daily and of the reviews, the Hokkien corpus) it held for all but 5, all just after ideographic
    description characters (⿳), where OpenCC leaves the described characters alone and this
    function converts them. Where a clause is longer than :data:`_CLAUSE_REACH` or the pieces do not
    come back whole, the whole text goes through the regional config instead. ``present`` (see
    :func:`convert_run`) lets a text without any of those characters skip the scan. A caller that
    will undo every change in some pieces (:func:`_mixed_to_simplified`) passes ``regional_at``,
    False for a position in such a piece: its clause then takes the plain way. ``where`` (see
    :func:`convert_run`) replaces the scan for the differing characters.
    """
    # With ``present`` (from a screen that holds the tofu-risk keys) the text is known to need no
    # tofu-risk dictionary: the lean engines give the same text, faster.
    engine = (
        lean_converter
        if present is not None and tables().tofu_risk_characters.isdisjoint(present)
        else unified_converter
    )
    if config not in REVERSE.values() or config == "t2s":
        return engine(config).convert(text)
    plain = engine("t2s").convert
    differs: CharacterSet | re.Pattern[str] = tables().reverse_differs[config]
    if config == "tw2s":
        particle = tables().tw2s_particle
        differs = particle.needs_config

        def plain(text: str) -> str:  # t2s, then the particle as tw2s writes it outside its phrases
            return engine("t2s").convert(text).replace(particle.character, particle.written)

        if present is not None and particle.others.isdisjoint(present) and particle.character not in present:
            return plain(text)
    elif present is not None and present.isdisjoint(tables().reverse_differ_characters[config]):
        return plain(text)
    # Where a match starts: tried at the known positions of its first characters at once, in C
    # (see _matching_at), or found by one scan; every match is one character long.
    if where is None:
        hits = [match.start() for match in differs.finditer(text)]
    else:
        hits = _matching_at(differs, text, where(_differ_characters(config)))
    clauses: list[tuple[int, int]] = []
    reached = 0
    for position in hits:
        if position < reached or (regional_at is not None and not regional_at(position)):
            continue
        clause = _clause_around(text, position)
        if clause is None:
            return engine(config).convert(text)
        clauses.append(clause)
        reached = clause[1]
    if not clauses:
        return plain(text)
    gaps: list[tuple[int, int]] = []
    cursor = 0
    for start, end in clauses:
        gaps.append((cursor, start))
        cursor = end
    gaps.append((cursor, len(text)))
    between = _convert_pieces(plain, [text[start:end] for start, end in gaps])
    regional = _convert_pieces(engine(config).convert, [text[start:end] for start, end in clauses])
    if between is None or regional is None:
        return engine(config).convert(text)
    pieces = [between[0]]
    for index, converted in enumerate(regional):
        pieces.append(converted)
        pieces.append(between[index + 1])
    return "".join(pieces)


@functools.cache
def _differ_characters(config: OpenCCConfig) -> frozenset[str]:
    """The characters every match of :func:`convert_with_opencc`'s ``differs`` starts with."""
    return frozenset(tables().reverse_differ_characters[config])


class _Starts:
    """Where ``pattern`` matches in ``text``, in order: found by
    searching, or, when the caller knows every position of the characters a match can start with
    (``candidates``, ascending), tried at those positions only. ``re`` lookbehinds see the text
    before the position tried, so a match there is the match a search would find. The candidates
    are all tried at once, in C (``compress`` over ``map``), as the matches do not depend on the
    order they are asked for: a Taiwan page holds a dozen 著 and 像, and a Python loop trying them
    one by one cost more than the matching."""

    __slots__ = ("_hits", "_index", "_pattern", "_text")

    def __init__(self, pattern: re.Pattern[str], text: str, candidates: list[int] | None) -> None:
        self._pattern = pattern
        self._text = text
        self._hits = None if candidates is None else _matching_at(pattern, text, candidates)
        self._index = 0

    def next(self, start: int) -> int | None:
        """The start of the first match at or after ``start``; calls come with growing ``start``."""
        hits = self._hits
        if hits is None:
            match = self._pattern.search(self._text, start)
            return None if match is None else match.start()
        index = self._index
        for position in hits[index:]:
            index += 1
            if position >= start:
                self._index = index
                return position
        self._index = index
        return None


def _matching_at(pattern: CharacterSet | re.Pattern[str], text: str, candidates: list[int]) -> list[int]:
    """The ``candidates`` (positions of the characters a match can start with) where ``pattern``
    matches, tried all at once in C; a set of characters matches at each of them."""
    if isinstance(pattern, CharacterSet):
        return candidates
    return list(compress(candidates, map(pattern.match, repeat(text), candidates)))


def _convert_pieces(convert_text: Callable[[str], str], pieces: list[str]) -> list[str] | None:
    """Convert many pieces in one call, joined by newlines; None if the newlines did not all survive."""
    lines = convert_text("\n".join(pieces)).split("\n")
    if len(lines) == len(pieces) and not any("\n" in piece for piece in pieces):
        return lines
    out: list[str] = []
    index = 0
    for piece in pieces:
        count = piece.count("\n") + 1
        out.append("\n".join(lines[index : index + count]))
        index += count
    return out if index == len(lines) else None


def _override(source: str, converted: str, config: OpenCCConfig, anchors: list[int] | None = None) -> str:
    """Apply the ``[[correction]]`` entries of ``data/overrides.toml`` that name ``config``.

    Pattern corrections need ``converted`` to align with ``source`` character by character; when a
    conversion changed the length they are skipped rather than misplaced. Written corrections
    replace a literal in the output and need no alignment. ``anchors``, every position in
    ``source`` of a correction's anchor when the caller knows them, saves the scan for them.
    """
    for written, replacement in _written_corrections(config):
        converted = converted.replace(written, replacement)
    finder = _correction_finder(config)
    if finder is None or len(converted) != len(source):
        return converted
    # Most pages hold an anchor (像, 著) but no correction: _Starts tries every anchor at once, in C,
    # and finds no hit.
    starts = _Starts(finder, source, anchors)
    hit = starts.next(0)
    if hit is None:
        return converted
    by_anchor = _by_anchor(config)
    pieces: list[str] = []
    cursor = 0
    while hit is not None:
        start = next_start = hit
        for correction in by_anchor[source[start]]:
            match = correction.pattern.match(source, start) if correction.pattern else None
            if match is None:
                continue
            end = match.end()
            replacement = correction.replacement or ""
            if len(replacement) != end - start:
                continue
            pieces.append(converted[cursor:start])
            pieces.append(replacement)
            cursor = next_start = end
            break
        hit = starts.next(max(next_start, start + 1))
    if not pieces:
        return converted
    pieces.append(converted[cursor:])
    return "".join(pieces)


@functools.cache
def _corrections_for(config: OpenCCConfig) -> tuple[Correction, ...]:
    return tuple(correction for correction in tables().corrections if config in correction.configs)


@functools.cache
def _written_corrections(config: OpenCCConfig) -> tuple[tuple[str, str], ...]:
    """``config``'s corrections of a literal it writes, as (written, replacement) pairs."""
    return tuple(
        (correction.written, correction.replacement)
        for correction in _corrections_for(config)
        if correction.written is not None
    )


@functools.cache
def _by_anchor(config: OpenCCConfig) -> dict[str, tuple[Correction, ...]]:
    grouped: dict[str, list[Correction]] = {}
    for correction in _corrections_for(config):
        if correction.anchor is not None:
            grouped.setdefault(correction.anchor, []).append(correction)
    return {anchor: tuple(items) for anchor, items in grouped.items()}


@functools.cache
def _correction_finder(config: OpenCCConfig) -> re.Pattern[str] | None:
    """All of ``config``'s correction patterns as one alternation: it finds, in one C-level scan, the
    places where some correction applies (a Taiwan page holds dozens of 著 and few 論著), and the
    corrections are then tried in their order there only."""
    corrections = [c for c in _corrections_for(config) if c.pattern is not None and c.anchor]
    if not corrections:
        return None
    # Written as one class of anchors, then each pattern's rest behind a lookbehind for its anchor:
    # a pattern that opens with a class is scanned at bitmap speed, an alternation is not.
    anchors = "".join(sorted({re.escape(c.anchor or "") for c in corrections}))
    branches = "|".join(
        f"(?<={re.escape(c.anchor or '')})(?:{(c.pattern.pattern if c.pattern else '')[1:]})"
        for c in corrections
    )
    return re.compile(f"[{anchors}](?:{branches})")


_CLAUSE_END_CHARACTERS = "，,、：:。！？!?；;…\n"
_CLAUSE_END = re.compile(f"[{_CLAUSE_END_CHARACTERS}]")
_LAST_CLAUSE_END = re.compile(f".*[{_CLAUSE_END_CHARACTERS}]", re.DOTALL)
_CLAUSE_REACH = 256
"""How far to look for the ends of a clause on each side; longer clauses (rare in prose) make the run
go through the regional config whole, which is slower but just as right."""
_CLAUSE_WINDOW = 64
"""How far :meth:`_Decisions.converted` first looks back for the clause start: most clauses are
shorter, and a longer one is found by a second look over the rest of the line."""
_LISTED_PIECES = 4096
"""Stretches longer than this (in characters) have their pieces listed for bisection
(:meth:`_Decisions._piece`); a line of a web page or an article paragraph is far shorter."""


def _clause_around(text: str, position: int) -> tuple[int, int] | None:
    """The clause holding ``text[position]``, bounded by clause-end punctuation or the text's ends."""
    low = max(0, position - _CLAUSE_REACH)
    before = _LAST_CLAUSE_END.match(text, low, position)
    if before is not None:
        start = before.end()
    elif low == 0:
        start = 0
    else:
        return None
    high = min(len(text), position + _CLAUSE_REACH)
    after = _CLAUSE_END.search(text, position, high)
    if after is not None:
        return start, after.end()
    if high == len(text):
        return start, high
    return None


def analyze(text: str, to: Target = "s") -> Conversion:
    """Convert ``text`` to the target script and say what was decided, span by span.

    >>> result = analyze("這是台灣的軟體")
    >>> result.text, result.verdict, result.configs
    ('这是台湾的软体', 'hant', ('t2s',))
    """
    return _run(text, _check_target(to), record=True)


def convert(text: str, to: Target = "s") -> str:
    """Convert the Chinese in ``text`` to the target script; everything else comes back unchanged.

    >>> convert("我们的软件", to="tw")
    '我們的軟件'
    """
    result = _run(text, _check_target(to), False, True, text_only=True)
    return result if isinstance(result, str) else result.text


@dataclass(frozen=True, slots=True)
class ScriptConverter:
    """The pipeline step: one immutable instance per target and process (:meth:`for_target`)."""

    target: Target
    name: str = STEP

    @classmethod
    def for_target(cls, target: Target) -> ScriptConverter:
        return _converter_for(_check_target(target))

    def __call__(self, document: Document) -> Document:
        # The step reports no spans, so a mixed document may take the way that skips them.
        result = _run(document.text, self.target, record=True, spans_needed=False)
        info = ScriptInfo(result.verdict, result.region, result.configs, result.changed_chars, self.target)
        return document.evolve(result.text, result.events, script=info)


@functools.cache
def _converter_for(target: Target) -> ScriptConverter:
    return ScriptConverter(target)
