"""RunReport counts come from outcomes and events, and reports add up across shards."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from corpus.document import Document, EncodingInfo, Event, Rejection, ScriptInfo, Source
from corpus.executors.base import TaskResult
from corpus.report import (
    COUNTERS,
    TOTALS,
    RemovalSample,
    RunReport,
    _keep_first_samples,
    _merge_samples,
    removal_samples,
)


def document(path: str, encoding: str, removed: list[tuple[int, int, str, str]]) -> Document:
    events = tuple(
        Event("strip", "removed", start, end, rule=rule, category=category)
        for start, end, rule, category in removed
    )
    return Document(
        id=path,
        text="正文",
        source=Source.of(path, b"0123456789"),
        encoding=EncodingInfo(encoding, 0.9),
        script=ScriptInfo("hant", "tw", ("tw2s",), 2, "s"),
        events=events,
        chars_in=12,
    )


def test_a_report_counts_documents_rejections_encodings_scripts_and_rules() -> None:
    report = RunReport()
    report.add(TaskResult(document("a", "gb18030", [(0, 5, "licence.icp", "licence")]), (("decode", 0.5),)))
    report.add(TaskResult(document("b", "utf-8", [])))
    report.add(TaskResult(Rejection("c", "binary", "PNG signature", size=7)))
    assert (report.files, report.documents, report.rejected) == (3, 2, 1)
    assert report.bytes_in == 27
    assert report.encodings == {"gb18030": 1, "utf-8": 1}
    assert report.scripts == {"hant": 2}
    assert report.rules == {"licence.icp": 1}
    assert report.categories == {"licence": 1}
    assert report.chars_removed == 5
    assert report.reject_reasons == {"binary": 1}
    assert report.step_seconds == {"decode": 0.5}


def test_reports_of_two_shards_add_up_to_the_report_of_the_whole() -> None:
    results = [
        TaskResult(document("a", "gb18030", [(0, 2, "byline.editor", "byline")])),
        TaskResult(Rejection("b", "empty", "0 bytes")),
        TaskResult(document("c", "cp950", [(1, 3, "byline.editor", "byline")])),
    ]
    whole, first, second = RunReport(), RunReport(), RunReport()
    for result in results:
        whole.add(result)
    first.add(results[0])
    for result in results[1:]:
        second.add(result)
    combined = first + second
    assert combined.as_dict(1.0, {}) == whole.as_dict(1.0, {})


def test_the_summary_names_the_output_directory_and_the_rejects_file() -> None:
    report = RunReport()
    report.add(TaskResult(Rejection("c", "binary", "PNG signature")))
    summary = report.summary(Path("raw.clean"))
    assert "raw.clean" in summary
    assert "binary 1" in summary
    assert "rejects.jsonl" in summary


def test_removal_samples_show_each_removal_between_its_neighbours_in_the_cleaned_text() -> None:
    # before stripping: "头部\n正文\n尾部"; the strip step removed "头部\n" (0-3) and "尾部" (6-8)
    cleaned = Document(
        id="a",
        text="正文\n",
        source=Source.of("a", b""),
        events=(
            Event("strip", "removed", 0, 3, rule="nav.head", category="nav", excerpt="头部\n"),
            Event("strip", "removed", 6, 8, rule="footer.tail", category="footer", excerpt="尾部"),
        ),
    )
    samples = removal_samples(cleaned)
    assert [(s.before, s.removed, s.after) for s in samples] == [
        ("", "头部\n", "正文\n"),
        ("正文\n", "尾部", ""),
    ]


def test_at_most_five_samples_are_kept_per_rule() -> None:
    events = tuple(
        Event("strip", "removed", index, index + 1, rule="markup.star", category="markup")
        for index in range(0, 16, 2)
    )
    cleaned = Document(id="a", text="x" * 8, source=Source.of("a", b""), events=events)
    report = RunReport()
    report.add(TaskResult(cleaned))
    assert len(report.samples) == 5


def test_the_sum_of_reports_does_not_depend_on_the_order_of_its_terms() -> None:
    documents = [
        document(f"{name}.txt", "utf-8", [(0, 1, "markup.star", "markup"), (2, 3, "byline.editor", "byline")])
        for name in "fedcba"
    ]
    forward, backward = RunReport(), RunReport()
    for item in documents:
        forward.add(TaskResult(item))
    for item in reversed(documents):
        backward.add(TaskResult(item))
    assert forward.as_dict(1.0, {}) == backward.as_dict(1.0, {})
    assert [s.path for s in forward.samples if s.rule == "markup.star"] == [
        "a.txt",
        "b.txt",
        "c.txt",
        "d.txt",
        "e.txt",
    ]


def test_a_report_survives_a_round_trip_through_its_journal_state() -> None:
    report = RunReport()
    report.add(TaskResult(document("a", "gb18030", [(0, 5, "licence.icp", "licence")])))
    report.add(TaskResult(Rejection("c", "binary", "PNG signature", size=7, sha256="ab")))
    restored = RunReport.from_state(json.loads(json.dumps(report.to_state())))
    assert restored.as_dict(1.0, {}) == report.as_dict(1.0, {})
    assert restored.rejections == report.rejections


def test_a_journal_state_leaves_out_zero_totals_and_empty_counters() -> None:
    report = RunReport()
    report.add(TaskResult(document("a", "gb18030", [])))
    state = report.to_state()
    assert state["documents"] == 1 and state["encodings"] == {"gb18030": 1}
    assert "rejected" not in state and "rules" not in state and "samples" not in state


def test_a_state_that_spells_out_every_key_as_earlier_journals_did_adds_the_same() -> None:
    report = RunReport()
    report.add(TaskResult(document("a", "gb18030", [(0, 5, "licence.icp", "licence")])))
    compact = report.to_state()
    spelled_out: dict[str, object] = dict.fromkeys(TOTALS, 0)
    spelled_out.update({name: {} for name in COUNTERS})
    spelled_out.update(samples=[], rejections=[])
    spelled_out.update(compact)
    assert set(spelled_out) > set(compact)
    from_full = RunReport.from_state(spelled_out)
    assert from_full.as_dict(1.0, {}) == RunReport.from_state(compact).as_dict(1.0, {})
    assert from_full.as_dict(1.0, {}) == report.as_dict(1.0, {})


def test_samples_of_a_rule_are_spread_over_documents_before_repeating_one() -> None:
    report = RunReport()
    for name in ("a.txt", "b.txt"):
        events = tuple(
            Event("strip", "removed", index, index + 1, rule="pinyin.glued", category="pinyin")
            for index in range(0, 8, 2)
        )
        report.add(TaskResult(Document(id=name, text="x" * 8, source=Source.of(name, b""), events=events)))
    assert [(s.path, s.rank) for s in report.samples] == [
        ("a.txt", 0),
        ("b.txt", 0),
        ("a.txt", 1),
        ("b.txt", 1),
        ("a.txt", 2),
    ]


@given(
    st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("abc")), max_size=60),
    st.integers(0, 60),
)
def test_merging_samples_document_by_document_keeps_what_one_sort_of_all_of_them_keeps(
    removals: list[tuple[str, str]], cut: int
) -> None:
    # Removals as removal_samples makes them: a rule's rank counts its earlier removals in that document.
    seen: dict[tuple[str, str], int] = {}
    samples = []
    for position, (path, rule) in enumerate(removals):
        rank = seen.get((path, rule), 0)
        seen[(path, rule)] = rank + 1
        samples.append(RemovalSample(path, position, rank, rule, "byline", "x", "", ""))
    kept = _keep_first_samples(samples[:cut])
    assert _merge_samples(kept, samples[cut:]) == _keep_first_samples(samples)


def test_absorbing_the_states_of_single_results_equals_adding_the_results() -> None:
    results = [
        TaskResult(document("a", "gb18030", [(0, 2, "byline.editor", "byline")])),
        TaskResult(Rejection("b", "empty", "0 bytes", size=3, sha256="ab")),
        TaskResult(
            document("c", "cp950", [(0, 1, "byline.editor", "byline"), (1, 2, "licence.icp", "licence")])
        ),
        TaskResult(document("d", "utf-8", [])),
    ]
    added, absorbed = RunReport(), RunReport()
    for result in results:
        added.add(result)
        share = RunReport()
        share.add(result)
        absorbed.absorb_state(share.to_state())
    assert absorbed.to_state() == added.to_state()
    assert absorbed.rules == {"byline.editor": 2, "licence.icp": 1}
    assert [rejection.path for rejection in absorbed.rejections] == ["b"]


def strip_document(path: str, rules: list[str]) -> Document:
    """A cleaned document with one removed character per rule in ``rules``, in that order."""
    events = tuple(
        Event("strip", "removed", 2 * index, 2 * index + 1, rule=rule, category="byline")
        for index, rule in enumerate(rules)
    )
    text = "x" * len(rules)  # one character left between each removal
    return Document(id=path, text=text, source=Source.of(path, b""), events=events)


@given(
    st.lists(
        st.tuples(st.sampled_from("pqrstuvw"), st.lists(st.sampled_from("xyz"), max_size=8)),
        max_size=25,
    )
)
def test_skipping_samples_below_a_full_rules_floor_keeps_exactly_what_choosing_from_all_keeps(
    documents: list[tuple[str, list[str]]],
) -> None:
    everything = [
        sample for path, rules in documents for sample in removal_samples(strip_document(path, rules))
    ]
    added, absorbed = RunReport(), RunReport()
    for path, rules in documents:
        result = TaskResult(strip_document(path, rules))
        added.add(result)
        share = RunReport()
        share.add(result)
        absorbed.absorb_state(share.to_state())
    assert added.samples == _keep_first_samples(everything)
    assert absorbed.samples == _keep_first_samples(everything)


def test_once_a_rule_has_five_samples_a_removal_that_sorts_after_them_is_not_made_into_a_sample() -> None:
    report = RunReport()
    for name in ("a", "b", "c", "d", "e"):
        report.add(TaskResult(strip_document(f"{name}.txt", ["pinyin.glued"])))
    assert report.floors == {"pinyin.glued": (0, "e.txt", 0)}
    assert removal_samples(strip_document("f.txt", ["pinyin.glued"]), report.floors) == []
    earlier = removal_samples(strip_document("0.txt", ["pinyin.glued"]), report.floors)
    assert [sample.path for sample in earlier] == ["0.txt"]
