"""Classify Han text by script: which characters prove Simplified, which prove Traditional, which region.

OpenCC has no script detection (its issue #666 asks for it), and running a reverse config over text that
is already in the target script is not a no-op (s2twp turns 系統 into 係統, older t2s turned 坏 into
坯). So the step decides *per span* whether a conversion is needed, from evidence characters:

* a **Simplified-only** character (这, 们, 说) is one that OpenCC's s2t rewrites, that no forward config
  ever writes, and that no reverse config rewrites;
* a **Traditional-only** character (這, 們, 說) is the mirror image.

Both sets are generated from OpenCC's own dictionaries by ``scripts/build_script_tables.py`` and stored
in ``data/script_chars.json``. Their construction gives two properties the step relies on: a reverse
config never alters a Simplified-only character (so converting a mixed clause cannot damage its
Simplified part), and no config ever *writes* an evidence character of the script it converts from (so
a second pass finds nothing left to convert: idempotence).

Characters that are neither (的, 是, 台, 著, 里) are **ambiguous**: a span made only of them takes its
decision from the document around it.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import regex

Verdict = Literal["hans", "hant", "mixed", "ambiguous", "non-chinese", "japanese", "korean"]
"""What a span or a document is. ``mixed`` means both Simplified-only and Traditional-only characters."""

Region = Literal["tw", "hk"]

HAN = regex.compile(r"\p{Han}")
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
"""Kana by script property: U+30FB (・, used in Chinese for foreign names) and U+30FC are Common, not
Katakana, so they are not counted as evidence of Japanese."""
HANGUL = regex.compile(r"\p{Hangul}")
FOREIGN = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}]")
"""Kana or Hangul: a span holding either is never converted (its Han characters are kanji or hanja)."""

FOREIGN_SHARE = 0.05
"""Kana (or Hangul) at 5% or more of the kana + Han characters makes a document Japanese (Korean).

Modern Japanese prose runs at roughly half kana, and even kanji-dense headlines stay well above a tenth;
Chinese text borrows kana a few times per document at most (の for 的, a Japanese title). The threshold
sits between the two; a Chinese document under it still never converts the sentences holding kana."""

SENTENCE = re.compile(r"[^。！？!?；;…\n]*(?:[。！？!?；;…]+[”’」』）)]*|\n|$)")
"""A sentence: up to and including its end punctuation and any closing quotes or brackets after it."""

CLAUSE = re.compile(r"[^，,、：:。！？!?；;…\n]*(?:[，,、：:。！？!?；;…]+[”’」』）)]*|\n|$)")
"""A clause: like a sentence, but commas, enumeration commas and colons end it too."""

LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True, slots=True)
class ScriptTables:
    """The evidence sets and the compatibility map, compiled for matching."""

    simplified_only: re.Pattern[str]
    simplified_only_in_traditional: re.Pattern[str]
    """Simplified-only minus the characters Taiwan's orthography also writes (``overrides.toml``):
    the evidence used inside a mostly Traditional document."""
    traditional_only: re.Pattern[str]
    taiwan: re.Pattern[str]
    hongkong: re.Pattern[str]
    compatibility: re.Pattern[str]
    compatibility_map: dict[int, str]
    source: str


def _character_class(characters: str) -> re.Pattern[str]:
    if not characters:
        raise ValueError("an empty character set would match nothing; rebuild the script tables")
    return re.compile("[" + "".join(re.escape(character) for character in characters) + "]")


@functools.cache
def tables() -> ScriptTables:
    """Load ``data/script_chars.json`` and ``data/overrides.toml`` once per process."""
    folder = resources.files("corpus.script").joinpath("data")
    data = json.loads(folder.joinpath("script_chars.json").read_text(encoding="utf-8"))
    overrides = tomllib.loads(folder.joinpath("overrides.toml").read_text(encoding="utf-8"))
    traditional_usage = {entry["character"] for entry in overrides["traditional_usage"]}
    compatibility: dict[str, str] = data["compatibility"]
    simplified_only: str = data["simplified_only"]
    return ScriptTables(
        simplified_only=_character_class(simplified_only),
        simplified_only_in_traditional=_character_class(
            "".join(c for c in simplified_only if c not in traditional_usage)
        ),
        traditional_only=_character_class(data["traditional_only"]),
        taiwan=_character_class(data["taiwan"]),
        hongkong=_character_class(data["hongkong"]),
        compatibility=_character_class("".join(compatibility)),
        compatibility_map={ord(key): value for key, value in compatibility.items()},
        source=data["source"],
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Whether a span holds Simplified-only, Traditional-only, and kana/Hangul characters."""

    simplified: bool
    traditional: bool
    foreign: bool

    @property
    def verdict(self) -> Verdict:
        if self.simplified and self.traditional:
            return "mixed"
        if self.simplified:
            return "hans"
        if self.traditional:
            return "hant"
        return "ambiguous"


def evidence(text: str) -> Evidence:
    """Presence (not counts) of each kind of evidence: three scans that stop at the first hit."""
    table = tables()
    return Evidence(
        simplified=table.simplified_only.search(text) is not None,
        traditional=table.traditional_only.search(text) is not None,
        foreign=FOREIGN.search(text) is not None,
    )


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's evidence counts and its overall verdict.

    Counts are only taken where they decide something: a document with no Traditional-only character
    is not counted further when the target is Simplified (see :func:`profile`).
    """

    verdict: Verdict
    simplified: int
    traditional: int


def profile(text: str) -> Profile:
    """The document-level verdict: not Chinese, Japanese, Korean, or by its evidence counts.

    >>> profile("這是繁體中文。").verdict
    'hant'
    """
    if HAN.search(text) is None:
        return Profile("non-chinese", 0, 0)
    if FOREIGN.search(text) is not None:
        foreign = foreign_verdict(text)
        if foreign is not None:
            return Profile(foreign, 0, 0)
    table = tables()
    simplified = len(table.simplified_only.findall(text))
    traditional = len(table.traditional_only.findall(text))
    return Profile(document_verdict(simplified, traditional), simplified, traditional)


def foreign_verdict(text: str) -> Literal["japanese", "korean"] | None:
    """``japanese``/``korean`` when kana/Hangul reach :data:`FOREIGN_SHARE` of the script letters."""
    han = len(HAN.findall(text))
    kana = len(KANA.findall(text))
    if kana and kana >= FOREIGN_SHARE * (kana + han):
        return "japanese"
    hangul = len(HANGUL.findall(text))
    if hangul and hangul >= FOREIGN_SHARE * (hangul + han):
        return "korean"
    return None


MIXED_SHARE = 0.05
"""The minority script must reach 5% of the evidence characters for a document to be called ``mixed``
in the report; one stray character (a slip of an earlier converter) leaves it ``hans`` or ``hant``.
Only the reported verdict depends on this: the conversion itself is decided span by span."""


def document_verdict(simplified: int, traditional: int) -> Verdict:
    if not simplified and not traditional:
        return "ambiguous"
    if min(simplified, traditional) >= MIXED_SHARE * (simplified + traditional):
        return "mixed"
    return "hans" if simplified > traditional else "hant"


def infer_region(traditional_text: str) -> Region | None:
    """The region of Traditional text by its variant characters: Taiwan (裡, 著, 床), Hong Kong
    (説, 户, 衞), or ``None`` when neither outweighs the other.

    Call it on the Traditional spans only: several markers (床, 户, 温) are also ordinary Simplified.

    >>> infer_region("我在這裡看著你")
    'tw'
    """
    table = tables()
    taiwan = len(table.taiwan.findall(traditional_text))
    hongkong = len(table.hongkong.findall(traditional_text))
    if taiwan > hongkong:
        return "tw"
    if hongkong > taiwan:
        return "hk"
    return None


def pieces(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-empty line/sentence/clause within ``text[start:end]``."""
    for match in pattern.finditer(text, start, end):
        if match.end() > match.start():
            yield match.start(), match.end()
