"""RunReport: what a run did, counted from events and rejections, summed across shards.

Counts are never kept in globals or on steps: each result is added to a report, and reports add together
(``a + b``), so per-worker or per-unit reports merge into one by summation. The sum does not depend on the
order of its terms (sampled removals are the first few per rule by path and position, not the first few
seen), so a resumed run, a pool and a Ray cluster all produce the same report.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from corpus.document import Document, Rejection, RejectReason
from corpus.executors.base import TaskResult
from corpus.io.atomic import write_text_atomic
from corpus.io.rejects import rejection_record
from corpus.report_html import render_html
from corpus.versions import corpus_version, opencc_version

REPORT_NAME = "report.json"
REPORT_HTML_NAME = "report.html"

SAMPLES_PER_RULE = 5
"""Removals kept per rule as examples in the report: enough to judge a rule at a glance."""

REJECTS_IN_REPORT = 1000
"""Rejections listed in report.json (all of them are in rejects.jsonl)."""

CONTEXT_CHARS = 40
"""Characters of surrounding text shown on each side of a sampled removal."""

COUNTERS = ("encodings", "scripts", "rules", "categories", "reject_reasons", "removed_by_category")
"""The report's ``Counter`` fields, added key by key when reports add up."""
TOTALS = (
    "files",
    "documents",
    "rejected",
    "bytes_in",
    "chars_in",
    "chars_out",
    "chars_removed",
    "chars_converted",
)
_TOTAL_NAMES = frozenset(TOTALS)
_COUNTER_NAMES = frozenset(COUNTERS)


@dataclass(frozen=True, slots=True)
class RemovalSample:
    """One removal shown in context: the text around it is taken from the cleaned output."""

    path: str
    position: int
    rank: int
    """How many removals of the same rule came before this one in its document (0 for the first)."""
    rule: str
    category: str
    removed: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "position": self.position,
            "rank": self.rank,
            "rule": self.rule,
            "category": self.category,
            "removed": self.removed,
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> RemovalSample:
        return cls(
            path=str(data["path"]),
            position=int(str(data["position"])),
            rank=int(str(data.get("rank", 0))),
            rule=str(data["rule"]),
            category=str(data["category"]),
            removed=str(data["removed"]),
            before=str(data["before"]),
            after=str(data["after"]),
        )


SampleKey = tuple[int, str, int]
"""How samples of one rule are ordered for keeping: (rank, path, position); see :func:`_sample_order`."""


def may_keep(floors: dict[str, SampleKey], rule: str, key: SampleKey) -> bool:
    """Whether a sample of ``rule`` ordered by ``key`` could still be chosen: its rule has no floor
    yet (see :attr:`RunReport.floors`), or it sorts before the floor."""
    floor = floors.get(rule)
    return floor is None or key < floor


def removal_samples(document: Document, floors: dict[str, SampleKey] | None = None) -> list[RemovalSample]:
    """The removals of the strip step in one document that the report may keep, with context from the
    cleaned text.

    A removal's position in the output is its start minus the characters removed before it, which holds
    because stripping is the last step and its spans do not overlap. Only the first
    :data:`SAMPLES_PER_RULE` removals of each rule are made into samples: a later one of the same rule
    can never be kept (see :func:`_merge_samples`), and a page of pinyin residue has hundreds. Nor is
    one whose rule already has its samples chosen (``floors``, see :attr:`RunReport.floors`) unless it
    sorts before the last of them.
    """
    samples: list[RemovalSample] = []
    seen: dict[str, int] = {}
    shift = 0
    removals = sorted(
        (event for event in document.events if event.action == "removed"), key=lambda e: e.start
    )
    for event in removals:
        position = event.start - shift
        shift += event.end - event.start
        rule = event.rule or "?"
        rank = seen.get(rule, 0)
        seen[rule] = rank + 1
        if rank >= SAMPLES_PER_RULE:
            continue
        if floors and not may_keep(floors, rule, (rank, document.source.path, position)):
            continue
        samples.append(
            RemovalSample(
                path=document.source.path,
                position=position,
                rank=rank,
                rule=rule,
                category=event.category or "?",
                removed=event.excerpt,
                before=document.text[max(0, position - CONTEXT_CHARS) : position],
                after=document.text[position : position + CONTEXT_CHARS],
            )
        )
    return samples


def _keep_first_samples(samples: list[RemovalSample]) -> list[RemovalSample]:
    """:data:`SAMPLES_PER_RULE` samples of each rule, spread over documents: first the first removal of
    each document (by path), then the second ones, and so on. The choice depends only on the samples,
    never on the order they were added in."""
    by_rule: dict[str, list[RemovalSample]] = {}
    for sample in samples:
        by_rule.setdefault(sample.rule, []).append(sample)
    kept: list[RemovalSample] = []
    for rule in sorted(by_rule):
        kept.extend(sorted(by_rule[rule], key=_sample_order)[:SAMPLES_PER_RULE])
    return kept


def _rejections_from(items: list[dict[str, object]]) -> list[Rejection]:
    return [
        Rejection(
            path=str(item["path"]),
            reason=cast(RejectReason, item["reason"]),
            detail=str(item["detail"]),
            size=int(str(item.get("size", 0))),
            sha256=str(item.get("sha256", "")),
        )
        for item in items
    ]


def _sample_order(sample: RemovalSample) -> SampleKey:
    return (sample.rank, sample.path, sample.position)


def _rule_of(sample: RemovalSample) -> str:
    return sample.rule


def _merge_samples(kept: list[RemovalSample], new: list[RemovalSample]) -> list[RemovalSample]:
    """``_keep_first_samples(kept + new)`` for an already-kept list (sorted by rule), re-choosing only
    the rules ``new`` touches, in place of their run in ``kept``.

    A sample of rank :data:`SAMPLES_PER_RULE` or more can never be kept (its own document holds that many
    earlier samples of its rule, which sort before it), so those are dropped unread. This runs once per
    document in the writer's process, where its cost is not shared by the workers, so it touches only
    the rules of the new samples rather than re-sorting every kept sample.
    """
    fresh: dict[str, list[RemovalSample]] = {}
    for sample in new:
        if sample.rank < SAMPLES_PER_RULE:
            fresh.setdefault(sample.rule, []).append(sample)
    if not fresh:
        return kept
    merged = list(kept)
    rules = [sample.rule for sample in merged]
    # Right to left, so that replacing one rule's run does not move the runs still to be replaced.
    for rule in sorted(fresh, reverse=True):
        start = bisect.bisect_left(rules, rule)
        end = bisect.bisect_right(rules, rule, start)
        chosen = sorted(merged[start:end] + fresh[rule], key=_sample_order)[:SAMPLES_PER_RULE]
        merged[start:end] = chosen
        rules[start:end] = [rule] * len(chosen)
    return merged


@dataclass(slots=True)
class RunReport:
    """Counters for one run (or one unit of it)."""

    files: int = 0
    documents: int = 0
    rejected: int = 0
    bytes_in: int = 0
    chars_in: int = 0
    chars_out: int = 0
    chars_removed: int = 0
    chars_converted: int = 0
    encodings: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    reject_reasons: Counter[str] = field(default_factory=Counter)
    removed_by_category: Counter[str] = field(default_factory=Counter)
    step_seconds: dict[str, float] = field(default_factory=dict)
    samples: list[RemovalSample] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    floors: dict[str, SampleKey] = field(default_factory=dict, compare=False, repr=False)
    """For each rule that has all :data:`SAMPLES_PER_RULE` of its samples chosen, the order key of the
    last one: a new sample that does not sort before it cannot be kept, so it is not even built. The
    writing process meets a few samples per document from its workers (four on average in the bench
    corpus) and, once the common rules are full, keeps almost none; building and merging them was
    the largest part of its per-document work."""

    def add(self, result: TaskResult) -> None:
        """Count one input's outcome."""
        self.files += 1
        self.add_seconds(result.step_seconds)
        outcome = result.outcome
        if isinstance(outcome, Rejection):
            self.rejected += 1
            self.bytes_in += outcome.size
            self.reject_reasons[outcome.reason] += 1
            self.rejections.append(outcome)
            return
        self._add_document(outcome)

    def _add_document(self, document: Document) -> None:
        self.documents += 1
        if document.source.part:  # a later chunk of a split file: its bytes were counted with part 0
            self.files -= 1
        else:
            self.bytes_in += document.source.size
        self.chars_in += document.chars_in
        self.chars_out += len(document.text)
        if document.encoding is not None:
            self.encodings[document.encoding.encoding] += 1
        if document.script is not None:
            self.scripts[document.script.verdict] += 1
            self.chars_converted += document.script.changed_chars
        for event in document.events:
            if event.action == "removed":
                removed = event.end - event.start
                self.chars_removed += removed
                if event.rule:
                    self.rules[event.rule] += 1
                if event.category:
                    self.categories[event.category] += 1
                    self.removed_by_category[event.category] += removed
        self.absorb_samples(removal_samples(document, self.floors))

    def add_seconds(self, step_seconds: Iterable[tuple[str, float]]) -> None:
        """Add the seconds each stage took (timings are never part of a state)."""
        for step, seconds in step_seconds:
            self.step_seconds[step] = self.step_seconds.get(step, 0.0) + seconds

    def absorb_samples(self, new: list[RemovalSample]) -> None:
        """Merge ``new`` into the kept samples and update the floors of the rules it touched."""
        if not new:
            return
        self.samples = merged = _merge_samples(self.samples, new)
        for rule in {sample.rule for sample in new}:
            end = bisect.bisect_right(merged, rule, key=_rule_of)
            if end >= SAMPLES_PER_RULE and merged[end - SAMPLES_PER_RULE].rule == rule:
                self.floors[rule] = _sample_order(merged[end - 1])

    def absorb(self, other: RunReport) -> None:
        """Add another report into this one, in place."""
        for name in TOTALS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in COUNTERS:
            counter = getattr(other, name)
            if counter:  # Counter.update's Mapping check costs more than most adds
                getattr(self, name).update(counter)
        self.add_seconds(other.step_seconds.items())
        if other.samples:
            self.absorb_samples(other.samples)
        self.rejections.extend(other.rejections)

    def __add__(self, other: RunReport) -> RunReport:
        total = RunReport()
        total.absorb(self)
        total.absorb(other)
        return total

    def to_state(self) -> dict[str, object]:
        """Everything but timings, as JSON data (stored in the journal so a resumed run can re-add it).

        Zero totals and empty counters and lists are left out (:meth:`absorb_state` reads a missing key
        as nothing): a worker sends one state per document, and most of a document's are empty."""
        state: dict[str, object] = {}
        for name in TOTALS:
            value = getattr(self, name)
            if value:
                state[name] = value
        for name in COUNTERS:
            counter: Counter[str] = getattr(self, name)
            if counter:
                state[name] = dict(counter)
        if self.samples:
            state["samples"] = [sample.as_dict() for sample in self.samples]
        if self.rejections:
            state["rejections"] = [rejection_record(item) for item in self.rejections]
        return state

    @classmethod
    def from_state(cls, state: dict[str, object]) -> RunReport:
        report = cls()
        report.absorb_state(state)
        return report

    def absorb_state(self, state: dict[str, object]) -> None:
        """Add a report stored as :meth:`to_state` (timings apart) into this one, in place.

        The writing process does this once per document (the worker sends the document's share as a
        state), so it adds the counts straight from the state instead of building a report first, and
        adds counters key by key: ``Counter.update`` first asks whether its argument is a ``Mapping``,
        an abstract-class check that cost more than the adding (10.2 µs per document before, on the
        20 MB bench corpus's shares).
        """
        for name, values in state.items():
            if name in _TOTAL_NAMES:
                count = values if type(values) is int else int(str(values))
                setattr(self, name, getattr(self, name) + count)
            elif name in _COUNTER_NAMES:
                if isinstance(values, dict):
                    counter: Counter[str] = getattr(self, name)
                    for key, count in values.items():  # str keys and int counts, as to_state wrote them
                        counter[key] += count
            elif name == "samples":
                if isinstance(values, list) and values:
                    floors = self.floors
                    self.absorb_samples(
                        [
                            RemovalSample.from_dict(item)
                            for item in values
                            if may_keep(
                                floors, item["rule"], (item.get("rank", 0), item["path"], item["position"])
                            )
                        ]
                    )
            elif name == "rejections" and isinstance(values, list) and values:
                self.rejections.extend(_rejections_from(values))

    def as_dict(self, seconds: float, config: dict[str, object]) -> dict[str, object]:
        megabytes = self.bytes_in / 1_000_000
        return {
            "files": self.files,
            "documents": self.documents,
            "rejected": self.rejected,
            "bytes_in": self.bytes_in,
            "chars": {
                "in": self.chars_in,
                "out": self.chars_out,
                "removed": self.chars_removed,
                "converted": self.chars_converted,
            },
            "encodings": dict(sorted(self.encodings.items())),
            "scripts": dict(sorted(self.scripts.items())),
            "rules": dict(sorted(self.rules.items())),
            "categories": dict(sorted(self.categories.items())),
            "removed_chars_by_category": dict(sorted(self.removed_by_category.items())),
            "reject_reasons": dict(sorted(self.reject_reasons.items())),
            "seconds": round(seconds, 3),
            "megabytes_per_second": round(megabytes / seconds, 3) if seconds > 0 else None,
            "step_seconds": {step: round(value, 4) for step, value in sorted(self.step_seconds.items())},
            "samples": [sample.as_dict() for sample in self.samples],
            "rejects": [
                {"path": item.path, "reason": item.reason, "detail": item.detail}
                for item in self.rejections[:REJECTS_IN_REPORT]
            ],
            "config": config,
            "versions": {"corpus": corpus_version(), "opencc": opencc_version()},
        }

    def summary(self, out_dir: Path | str) -> str:
        """The short human summary printed at the end of a run."""
        lines = [
            f"{self.files} files, {self.bytes_in:,} bytes: "
            f"{self.documents} documents written to {out_dir}, {self.rejected} rejected",
        ]
        if self.encodings:
            lines.append("encodings: " + ", ".join(f"{k} {v}" for k, v in self.encodings.most_common()))
        if self.scripts:
            lines.append("scripts: " + ", ".join(f"{k} {v}" for k, v in self.scripts.most_common()))
        if self.categories:
            lines.append(
                "boilerplate removed: "
                + ", ".join(f"{k} {v}" for k, v in self.categories.most_common())
                + f" ({self.chars_removed:,} characters)"
            )
        if self.reject_reasons:
            lines.append(
                "rejected: "
                + ", ".join(f"{k} {v}" for k, v in self.reject_reasons.most_common())
                + f" (see {str(out_dir).rstrip('/')}/rejects.jsonl)"
            )
        return "\n".join(lines)


def write_report(out_dir: Path, report: RunReport, seconds: float, config: dict[str, object]) -> Path:
    """Write report.json and, from the same data, the human-readable report.html beside it."""
    target = out_dir / REPORT_NAME
    data = report.as_dict(seconds, config)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # file names that are not valid UTF-8 appear as \udcXX escapes, as in rejects.jsonl and the shards
    write_text_atomic(target, text, durable=True, errors="backslashreplace")
    html = render_html(data)
    write_text_atomic(out_dir / REPORT_HTML_NAME, html, durable=True, errors="backslashreplace")
    return target
