"""Document records: immutable, evolved by copy, and their events replay to the output."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from corpus.document import (
    Document,
    EncodingInfo,
    Event,
    Rejection,
    ScriptInfo,
    Source,
    apply_events,
    replay,
)


def make_document(text: str = "原文") -> Document:
    return Document(id="a.txt", text=text, source=Source.of("a.txt", text.encode()), chars_in=len(text))


def test_source_records_size_and_sha256_of_the_raw_bytes() -> None:
    source = Source.of("x.txt", b"abc")
    assert source.size == 3
    assert source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_documents_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        make_document().text = "changed"  # type: ignore[misc]


def test_records_come_back_equal_from_a_pickle_and_still_frozen() -> None:
    source = Source("big.txt", 10, "ab", part=2, parts=3, offset=7)
    document = Document(
        "big.txt#2",
        "乙",
        source,
        EncodingInfo("big5", 0.9, "ranked", repair=None, replaced=1),
        ScriptInfo("hant", "tw", ("tw2s",), 1, "s"),
        (Event("strip", "removed", 0, 1, "", "byline.x", "byline", "甲"),),
        2,
    )
    rejection = Rejection("c.bin", "binary", "NUL bytes", 4, "cd")
    for record in (source, document, rejection):
        restored = pickle.loads(pickle.dumps(record))
        assert restored == record and type(restored) is type(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pickle.loads(pickle.dumps(document)).text = "changed"  # type: ignore[misc]


def test_evolve_returns_a_copy_with_events_appended() -> None:
    original = make_document("甲乙")
    event = Event("strip", "removed", 0, 1, excerpt="甲")
    changed = original.evolve("乙", [event])
    assert original.text == "甲乙" and original.events == ()
    assert changed.text == "乙" and changed.events == (event,)
    assert changed.source == original.source


def test_apply_events_replaces_spans_right_to_left_regardless_of_order() -> None:
    events = [
        Event("convert", "converted", 4, 6, replacement="发布"),
        Event("convert", "converted", 0, 2, replacement="这个"),
    ]
    assert apply_events("這個產品發佈了", events[:1] + events[1:]) == "这个產品发布了"


def test_apply_events_refuses_overlapping_spans() -> None:
    events = [Event("strip", "removed", 0, 3), Event("strip", "removed", 2, 4)]
    with pytest.raises(ValueError, match="overlapping"):
        apply_events("abcdef", events)


def test_replay_runs_each_step_over_the_previous_steps_output() -> None:
    events = (
        Event("convert", "converted", 0, 1, replacement="发"),
        Event("strip", "removed", 1, 5, rule="pinyin.ruby-residue"),
    )
    assert replay("發(fā)布", events) == "发布"
