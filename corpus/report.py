"""RunReport: what a run did, counted from events and rejections, summed across shards.

Counts are never kept in globals or on steps: each result is added to a report, and reports add together
(``a + b``), so per-worker or per-shard reports merge into one by summation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus.document import Document, Rejection
from corpus.executors.base import TaskResult
from corpus.io.atomic import write_text_atomic
from corpus.versions import corpus_version, opencc_version

REPORT_NAME = "report.json"

SAMPLES_PER_RULE = 5
"""Removals kept per rule as examples in the report: enough to judge a rule at a glance."""

REJECTS_IN_REPORT = 1000
"""Rejections listed in report.json (all of them are in rejects.jsonl)."""

CONTEXT_CHARS = 40
"""Characters of surrounding text shown on each side of a sampled removal."""


@dataclass(frozen=True, slots=True)
class RemovalSample:
    """One removal shown in context: the text around it is taken from the cleaned output."""

    path: str
    rule: str
    category: str
    removed: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {
            "path": self.path,
            "rule": self.rule,
            "category": self.category,
            "removed": self.removed,
            "before": self.before,
            "after": self.after,
        }


def removal_samples(document: Document, limit: dict[str, int]) -> list[RemovalSample]:
    """Sample the strip step's removals of one document, with context from the cleaned text.

    A removal's position in the output is its start minus the characters removed before it, which holds
    because the strip step is the last one and its spans do not overlap.
    """
    samples: list[RemovalSample] = []
    shift = 0
    removals = sorted(
        (event for event in document.events if event.action == "removed"), key=lambda e: e.start
    )
    for event in removals:
        position = event.start - shift
        shift += event.end - event.start
        rule = event.rule or "?"
        if limit.get(rule, 0) >= SAMPLES_PER_RULE:
            continue
        limit[rule] = limit.get(rule, 0) + 1
        samples.append(
            RemovalSample(
                path=document.source.path,
                rule=rule,
                category=event.category or "?",
                removed=event.excerpt,
                before=document.text[max(0, position - CONTEXT_CHARS) : position],
                after=document.text[position : position + CONTEXT_CHARS],
            )
        )
    return samples


@dataclass(slots=True)
class RunReport:
    """Counters for one run (or one shard of it)."""

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
    step_seconds: dict[str, float] = field(default_factory=dict)
    samples: list[RemovalSample] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def add(self, result: TaskResult) -> None:
        """Count one input's outcome."""
        self.files += 1
        for step, seconds in result.step_seconds:
            self.step_seconds[step] = self.step_seconds.get(step, 0.0) + seconds
        outcome = result.outcome
        if isinstance(outcome, Rejection):
            self.rejected += 1
            self.bytes_in += outcome.size
            self.reject_reasons[outcome.reason] += 1
            self.rejections.append(outcome)
            return
        self._add_document(outcome)

    def _add_document(self, document: Document) -> None:
        counts: dict[str, int] = {}
        for sample in self.samples:
            counts[sample.rule] = counts.get(sample.rule, 0) + 1
        self.samples.extend(removal_samples(document, counts))
        self.documents += 1
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
                self.chars_removed += event.end - event.start
                if event.rule:
                    self.rules[event.rule] += 1
                if event.category:
                    self.categories[event.category] += 1

    def __add__(self, other: RunReport) -> RunReport:
        total = RunReport()
        for name in ("files", "documents", "rejected", "bytes_in", "chars_in", "chars_out"):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        total.chars_removed = self.chars_removed + other.chars_removed
        total.chars_converted = self.chars_converted + other.chars_converted
        for name in (
            "encodings",
            "scripts",
            "rules",
            "categories",
            "reject_reasons",
        ):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        counts: dict[str, int] = {}
        for sample in self.samples + other.samples:
            if counts.get(sample.rule, 0) < SAMPLES_PER_RULE:
                counts[sample.rule] = counts.get(sample.rule, 0) + 1
                total.samples.append(sample)
        total.rejections = self.rejections + other.rejections
        for step in sorted(set(self.step_seconds) | set(other.step_seconds)):
            total.step_seconds[step] = self.step_seconds.get(step, 0.0) + other.step_seconds.get(step, 0.0)
        return total

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

    def summary(self, out_dir: Path) -> str:
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
                + f" (see {out_dir / 'rejects.jsonl'})"
            )
        return "\n".join(lines)


def write_report(out_dir: Path, report: RunReport, seconds: float, config: dict[str, object]) -> Path:
    target = out_dir / REPORT_NAME
    text = json.dumps(report.as_dict(seconds, config), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(target, text, durable=True)
    return target
