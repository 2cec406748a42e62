"""The script conversion step (first version): whole-document conversion, skipping Japanese and Korean."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import regex

from corpus.config import Target
from corpus.document import Document, Event, ScriptInfo
from corpus.script.engine import OpenCCConfig, converter

Verdict = Literal["hans", "hant", "mixed", "ambiguous", "non-chinese", "japanese", "korean"]

FORWARD: dict[str, OpenCCConfig] = {"t": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}

_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_HANGUL = regex.compile(r"\p{Hangul}")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    verdict: Verdict
    config: OpenCCConfig | None


@dataclass(frozen=True, slots=True)
class Conversion:
    text: str
    target: Target
    verdict: Verdict
    region: str | None
    configs: tuple[str, ...]
    spans: tuple[Span, ...]
    events: tuple[Event, ...]
    changed_chars: int


def analyze(text: str, to: Target = "s") -> Conversion:
    if not _HAN.search(text):
        return Conversion(
            text, to, "non-chinese", None, (), (Span(0, len(text), "non-chinese", None),), (), 0
        )
    if _KANA.search(text):
        return Conversion(text, to, "japanese", None, (), (Span(0, len(text), "japanese", None),), (), 0)
    if _HANGUL.search(text):
        return Conversion(text, to, "korean", None, (), (Span(0, len(text), "korean", None),), (), 0)
    config: OpenCCConfig = "t2s" if to == "s" else FORWARD[to]
    engine = converter(config)
    events: list[Event] = []
    pieces: list[str] = []
    offset = 0
    changed = 0
    for line in text.splitlines(keepends=True):
        new = engine.convert(line)
        if new != line:
            events.append(Event("convert", "converted", offset, offset + len(line), new, excerpt=line))
            changed += sum(a != b for a, b in zip(line, new, strict=False)) + abs(len(line) - len(new))
        pieces.append(new)
        offset += len(line)
    new_text = "".join(pieces)
    return Conversion(
        new_text,
        to,
        "ambiguous",
        None,
        (config,),
        (Span(0, len(text), "ambiguous", config),),
        tuple(events),
        changed,
    )


def convert(text: str, to: Target = "s") -> str:
    return analyze(text, to).text


@dataclass(frozen=True, slots=True)
class ScriptConverter:
    target: Target
    name: str = "convert"

    @classmethod
    @functools.cache
    def for_target(cls, target: Target) -> ScriptConverter:
        return cls(target)

    def __call__(self, document: Document) -> Document:
        result = analyze(document.text, self.target)
        info = ScriptInfo(result.verdict, result.region, result.configs, result.changed_chars, self.target)
        return document.evolve(result.text, result.events, script=info)
