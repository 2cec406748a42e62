"""Pinyin residue: tell systematic ruby residue (發(fā)布) from pinyin given on purpose.

Some sites render ruby annotations as text, so every annotated character is followed by its reading in
parentheses: ``發(fā)布``, ``國(guó)``. The ``pinyin.glued-syllable`` rule finds candidates; this module
keeps only those whose content is a real pinyin syllable (zhon's syllable grammar, so ``(an)`` after a
word or ``(GPU)`` is never touched) and then decides *per document*:

* residue needs at least :data:`MIN_RESIDUE` candidates: one gloss in running text (这个字读作“囧(jiǒng)”)
  is on purpose;
* residue is glued *inside* words: the character after the closing parenthesis is Han in at least
  :data:`MIN_MID_WORD` of the candidates. In the two residue documents we have seen (a seed article,
  our own fixtures) this share is above 0.8; in a lesson, glosses are followed by 、，。 or a space, so
  the share stays low;
* toneless syllables (們(men), 的(de): the neutral tone has no mark) never decide anything, since
  ``(fan)`` or ``(long)`` after a word is as likely English; in a document already judged to carry
  residue they go with the rest;
* a line that talks about pinyin (拼音, 声调, 读作, 多音字 …) keeps its glosses even in a residue
  document, and a document that talks about pinyin needs a share of :data:`MIN_MID_WORD_TOPIC`.

The trade-off: a short content-farm page with only one or two glued syllables keeps them (false
negative), so that a lesson or a dictionary-style gloss is never damaged.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex
from zhon import pinyin as zhon_pinyin  # type: ignore[import-untyped]

from corpus.boilerplate.lines import line_at

MIN_RESIDUE = 3
MIN_MID_WORD = 0.5
MIN_MID_WORD_TOPIC = 0.75


@functools.cache
def _syllable() -> regex.Pattern[str]:
    """zhon's syllable grammar, compiled on first use: 3,200 pattern characters, case-insensitive, and
    compiling it at import took 15 ms of every ``corpus`` command, though only a document with
    candidates (:func:`residue`) asks it."""
    return regex.compile(
        rf"(?:{zhon_pinyin.accented_syllable})|(?:{zhon_pinyin.numbered_syllable})", regex.IGNORECASE
    )


_HAN = regex.compile(r"\p{Han}")
_TOPIC = regex.compile(
    r"拼音|拼讀|拼读|[声聲][调調]|注音|[读讀]音|[发發]音|多音字|[声聲]母|[韵韻]母|音[节節]|[读讀]作|念作|唸作|[读讀]成"
    r"|[轻輕][声聲]|[阴陰]平|[阳陽]平|上[声聲]|去[声聲]|第[一二三四][声聲]|[一二三四][声聲]"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A parenthesised syllable glued to a Han character: its span in the text and its line."""

    start: int
    end: int
    line: int
    neutral: bool = False


def is_syllable(reading: str) -> bool:
    """True when ``reading`` (without parentheses) is one pinyin syllable, tone-marked or numbered.

    >>> is_syllable("fā"), is_syllable("guo2"), is_syllable("gpu")
    (True, True, False)
    """
    return _syllable().fullmatch(reading) is not None


def is_topic_line(line: str) -> bool:
    """True when a line talks about pinyin itself (a lesson, a dictionary note)."""
    return _TOPIC.search(line) is not None


def topic_lines(text: str, starts: list[int]) -> set[int]:
    """Indices of the lines of ``text`` (their start offsets ``starts``) that talk about pinyin, from
    one scan of the whole text instead of a search of each line.

    The same lines as :func:`is_topic_line` on each line that has a Han character: every
    alternative of :data:`_TOPIC` is two to three Han characters (a test checks the pattern), so a
    match lies within one line, needs nothing around it, and gives its line a Han character.
    """
    return {line_at(starts, found.start()) for found in _TOPIC.finditer(text)}


def residue(text: str, candidates: list[Candidate], topic_lines: set[int]) -> list[Candidate]:
    """The candidates that are systematic residue in this document (possibly none)."""
    valid = [item for item in candidates if is_syllable(text[item.start + 1 : item.end - 1])]
    toned = [item for item in valid if not item.neutral]
    if len(toned) < MIN_RESIDUE:
        return []
    mid_word = sum(1 for item in toned if item.end < len(text) and _HAN.match(text, item.end))
    share = mid_word / len(toned)
    needed = MIN_MID_WORD_TOPIC if topic_lines else MIN_MID_WORD
    if share < needed:
        return []
    return [item for item in valid if item.line not in topic_lines]
