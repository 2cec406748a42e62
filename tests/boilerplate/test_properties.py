"""Properties of the strip step over generated documents and over our labelled fixtures."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.boilerplate.strip import strip_text
from corpus.document import apply_events

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boilerplate"
DOCUMENTS = [
    json.loads(line)
    for path in sorted(FIXTURES.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]

POOL = [
    "首页 > 新闻 > 正文",
    "图书馆延长夜间开放时间",
    "来源：某某日报",
    "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间推迟到十点，方便下班后的读者借阅。",
    "馆方表示，延长开放所需的人手将通过招募志愿者解决，目前已有一百多人报名参加培训。",
    "新款手機昨天正式發(fā)布，廠商在會(huì)上介紹了新功能，現(xiàn)場反應熱烈。",
    "责任编辑：王小明",
    "版权所有 某某日报社 京ICP备12345678号-1",
    "![](https://example.com/a.png)",
    "****",
    "相关阅读",
    "2031-05-20 08:30",
    "",
    "  ",
    "分享",
    "8",
    "（完）",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=14), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_replaying_the_events_gives_the_output(lines: list[str], newline: str, final: bool) -> None:
    text = newline.join(lines) + (newline if final else "")
    result = strip_text(text)
    assert apply_events(text, result.events()) == result.text
    spans = [(event.start, event.end) for event in result.events()]
    assert spans == sorted(spans)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8), min_size=4, max_size=12
        ),
        max_size=8,
    )
)
def test_english_prose_is_never_touched(paragraphs: list[list[str]]) -> None:
    text = "\n".join(" ".join(words) + "." for words in paragraphs)
    assert strip_text(text).text == text


@pytest.mark.parametrize("document", DOCUMENTS, ids=[document["id"] for document in DOCUMENTS])
def test_stripping_twice_changes_nothing_more(document: dict[str, object]) -> None:
    once = strip_text(str(document["text"]) + "\n").text
    assert strip_text(once).text == once


@pytest.mark.parametrize("document", DOCUMENTS, ids=[document["id"] for document in DOCUMENTS])
def test_no_kept_line_of_a_fixture_is_removed_and_its_residue_goes(document: dict[str, object]) -> None:
    text = str(document["text"])
    result = strip_text(text + "\n")
    removed = {removal.line for removal in result.removals if removal.whole_line}
    labels = list(document["labels"])  # type: ignore[call-overload]
    for index, (line, label) in enumerate(zip(text.split("\n"), labels, strict=True)):
        if label == "keep" and line.strip():
            assert index not in removed, f"kept line {index} removed: {line!r}"
    for residue in document["inline_strip"]:  # type: ignore[attr-defined]
        assert residue not in result.text


def test_the_fixtures_strip_lines_are_found() -> None:
    """Recall over all our fixtures; the misses are listed in the report, not hidden."""
    total = found = 0
    for document in DOCUMENTS:
        result = strip_text(str(document["text"]) + "\n")
        removed = {removal.line for removal in result.removals if removal.whole_line}
        for index, label in enumerate(document["labels"]):
            if label == "strip":
                total += 1
                found += index in removed
    assert found / total >= 0.95
