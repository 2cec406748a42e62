"""Slim results: the worker's report share stands in for the document, and omits what cannot be kept."""

from __future__ import annotations

import pytest

from corpus.document import Document, Event, Source
from corpus.executors import slim
from corpus.executors.base import TaskResult
from corpus.executors.slim import slim_result
from corpus.report import RunReport


@pytest.fixture(autouse=True)
def fresh_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test is a new worker process: nothing sent yet."""
    monkeypatch.setattr(slim, "_SENT", {})


def cleaned(path: str, removals: int = 1) -> TaskResult:
    events = tuple(
        Event("strip", "removed", 2 * index, 2 * index + 1, rule="byline.editor-line", category="byline")
        for index in range(removals)
    )
    document = Document(id=path, text="x" * removals, source=Source.of(path, b"raw"), events=events)
    return TaskResult(document, (("strip", 0.01),))


def slimmed(result: TaskResult, run: str = "run-1") -> TaskResult:
    """What a worker sends for a cleaned document."""
    assert isinstance(result.outcome, Document)
    return slim_result(result, result.outcome, ("encode", 0.0), run=run, record=b"{}\n")


def sent_paths(result: TaskResult) -> list[str]:
    assert result.report_state is not None
    samples = result.report_state.get("samples", [])  # left out when there are none
    assert isinstance(samples, list)
    return [sample["path"] for sample in samples]


def test_the_document_goes_back_without_text_events_or_verdicts_but_its_share_is_counted() -> None:
    result = cleaned("a.txt", removals=2)
    sent = slimmed(result)
    assert isinstance(sent.outcome, Document)
    assert (sent.outcome.text, sent.outcome.events) == ("", ())
    assert sent.outcome.encoding is None and sent.outcome.script is None
    assert sent.report_state is not None and sent.report_state["chars_removed"] == 2
    assert sent.step_seconds == (("strip", 0.01), ("encode", 0.0))
    assert sent.record == b"{}\n"


def test_once_five_samples_of_a_rule_are_sent_a_later_document_sends_none_of_that_rule() -> None:
    sent = []
    for name in "abcdefg":
        result = cleaned(f"{name}.txt")
        sent.append(sent_paths(slimmed(result)))
    assert sent == [["a.txt"], ["b.txt"], ["c.txt"], ["d.txt"], ["e.txt"], [], []]


def test_a_document_whose_sample_sorts_before_the_sent_ones_still_sends_it() -> None:
    for name in "bcdef":
        result = cleaned(f"{name}.txt")
        slimmed(result)
    earlier = cleaned("a.txt")
    assert sent_paths(slimmed(earlier)) == ["a.txt"]


def test_the_shares_add_up_to_the_report_of_the_documents_themselves() -> None:
    results = [
        cleaned(f"{name}.txt", removals)
        for name, removals in zip("gfedcba", (1, 3, 6, 1, 2, 7, 1), strict=True)
    ]
    direct, absorbed = RunReport(), RunReport()
    for result in results:
        direct.add(result)
        share = slimmed(result).report_state
        assert share is not None
        absorbed.absorb_state(share)
    assert absorbed.to_state() == direct.to_state()


def test_samples_sent_in_an_earlier_run_do_not_hold_back_a_new_runs() -> None:
    for name in "abcde":
        slimmed(cleaned(f"{name}.txt"), run="run-1")
    assert sent_paths(slimmed(cleaned("f.txt"), run="run-1")) == []
    assert sent_paths(slimmed(cleaned("f.txt"), run="run-2")) == ["f.txt"]
