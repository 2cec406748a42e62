"""Specification of the script conversion step (issue 5)."""

from __future__ import annotations

import pytest

from corpus.document import Document, Source, apply_events
from corpus.script.convert import ScriptConverter, convert


def test_traditional_sentence_becomes_simplified() -> None:
    assert convert("他說這個東西很好") == "他说这个东西很好"


def test_simplified_sentence_becomes_taiwan_traditional() -> None:
    assert convert("我们的软件", to="tw") == "我們的軟件"


@pytest.mark.parametrize(
    "text",
    ["東京の会社に行きます。", "한국어 문장과 漢字", "plain English, no Han at all"],
    ids=["japanese", "korean", "english"],
)
def test_japanese_korean_and_english_documents_come_back_unchanged(text: str) -> None:
    assert convert(text) == text


def test_step_events_replay_to_its_output() -> None:
    text = "第一行：這裡。\nsecond line\n第三行：說話"
    document = Document(id="d", text=text, source=Source.of("d", text.encode()))
    converted = ScriptConverter.for_target("s")(document)
    assert converted.text == "第一行：这里。\nsecond line\n第三行：说话"
    assert apply_events(text, converted.events_of("convert")) == converted.text
    assert converted.script is not None and converted.script.target == "s"
