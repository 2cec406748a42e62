"""Pipeline: steps run in order, and no failure inside a step loses the input."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.document import Document, Event, Outcome, RawFile, Rejection, Source
from corpus.pipeline import Pipeline


def utf8_decoder(raw: RawFile) -> Outcome:
    text = raw.data.decode("utf-8")
    return Document(id=raw.path, text=text, source=Source.of(raw.path, raw.data), chars_in=len(text))


@dataclass(frozen=True)
class Append:
    suffix: str
    name: str = "append"

    def __call__(self, document: Document) -> Document:
        end = len(document.text)
        event = Event(self.name, "converted", end, end, replacement=self.suffix)
        return document.evolve(document.text + self.suffix, [event])


@dataclass(frozen=True)
class Explode:
    name: str = "explode"

    def __call__(self, document: Document) -> Document:
        raise RuntimeError("boom")


@dataclass(frozen=True)
class EraseAll:
    name: str = "erase"

    def __call__(self, document: Document) -> Document:
        return document.evolve("", [Event(self.name, "removed", 0, len(document.text))])


def test_steps_run_in_the_order_given() -> None:
    pipeline = Pipeline(utf8_decoder, (Append("1"), Append("2")))
    outcome = pipeline.process(RawFile("a.txt", "文".encode()))
    assert isinstance(outcome, Document)
    assert outcome.text == "文12"


def test_an_exception_inside_a_step_becomes_an_internal_error_rejection() -> None:
    outcome = Pipeline(utf8_decoder, (Explode(),)).process(RawFile("a.txt", b"x"))
    assert isinstance(outcome, Rejection)
    assert outcome.reason == "internal-error"
    assert "RuntimeError: boom" in outcome.detail


def test_a_decoder_exception_becomes_an_internal_error_rejection() -> None:
    outcome = Pipeline(utf8_decoder, ()).process(RawFile("bad.txt", b"\xff"))
    assert isinstance(outcome, Rejection) and outcome.reason == "internal-error"


def test_a_document_emptied_by_cleaning_is_rejected_not_dropped() -> None:
    outcome = Pipeline(utf8_decoder, (EraseAll(),)).process(RawFile("a.txt", "版权所有".encode()))
    assert isinstance(outcome, Rejection)
    assert outcome.reason == "empty-after-cleaning"
    assert outcome.sha256 == Source.of("a.txt", "版权所有".encode()).sha256
