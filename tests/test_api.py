"""The Python API cleans text from memory exactly as the CLI cleans files."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus
from corpus.api import Cleaner, clean_bytes, clean_text, clean_texts
from corpus.config import CleanConfig

TRADITIONAL = "這個產品的發佈會在臺北舉行。\n"


def test_clean_text_converts_to_simplified_by_default() -> None:
    result = clean_text(TRADITIONAL)
    assert result.ok
    assert result.text == "这个产品的发布会在台北举行。\n"


def test_clean_text_honours_the_config() -> None:
    assert clean_text(TRADITIONAL, CleanConfig(convert=False)).text == TRADITIONAL


def test_clean_text_normalizes_windows_line_endings() -> None:
    assert clean_text("第一行\r\n第二行\r").text == "第一行\n第二行\n"


def test_text_that_is_all_boilerplate_is_rejected_with_a_reason() -> None:
    result = clean_text("京ICP备12345678号-1\n")
    assert not result.ok
    assert result.rejection is not None and result.rejection.reason == "empty-after-cleaning"
    assert result.text == ""
    assert result.meta()["rejected"] == {"reason": "empty-after-cleaning", "detail": result.rejection.detail}


def test_clean_bytes_detects_the_encoding_first() -> None:
    result = clean_bytes("這個產品的發佈會在臺北舉行。".encode("cp950"))
    assert result.document is not None
    assert result.document.encoding is not None
    assert result.document.encoding.encoding == "cp950"
    assert result.text.startswith("这个产品")


def test_clean_texts_is_lazy_and_keeps_order() -> None:
    results = clean_texts(iter(["甲", "乙", "丙"]), CleanConfig(convert=False, strip=False))
    assert [result.text for result in results] == ["甲", "乙", "丙"]


def test_the_package_exports_the_public_api() -> None:
    for name in ("clean_text", "clean_bytes", "clean_paths", "CleanConfig", "Document", "Pipeline", "detect"):
        assert name in corpus.__all__
        assert hasattr(corpus, name)


def test_cleaner_maps_a_batch_and_keeps_other_columns() -> None:
    batch = {"text": [TRADITIONAL, "京ICP备12345678号\n"], "url": ["a", "b"]}
    cleaned = Cleaner()(batch)
    assert cleaned["url"] == ["a", "b"]
    assert cleaned["text"] == ["这个产品的发布会在台北举行。\n", ""]
    assert cleaned["corpus_rejected"] == [None, "empty-after-cleaning"]


def test_cleaner_works_inside_datasets_map_with_worker_processes(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_dict({"text": [TRADITIONAL] * 4, "id": [1, 2, 3, 4]})
    mapped = dataset.map(Cleaner(), batched=True, num_proc=2)
    assert mapped["text"] == ["这个产品的发布会在台北举行。\n"] * 4
    assert mapped["id"] == [1, 2, 3, 4]


def test_jsonl_and_parquet_output_load_with_datasets(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    pytest.importorskip("pyarrow")
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(TRADITIONAL, encoding="utf-8")
    (source / "b.txt").write_bytes("责任编辑：王五\n简体正文内容。\n".encode("gb18030"))
    for output_format, pattern in (("jsonl", "*.jsonl"), ("parquet", "*.parquet")):
        out = tmp_path / output_format
        corpus.clean_paths([str(source)], out, CleanConfig(jobs=1, output_format=output_format))  # type: ignore[arg-type]
        files = [str(path) for path in sorted((out / "data").glob(pattern))]
        loaded = datasets.load_dataset(
            "json" if output_format == "jsonl" else "parquet", data_files=files, split="train"
        )
        assert loaded["text"] == ["这个产品的发布会在台北举行。\n", "简体正文内容。\n"]
        assert [meta["source"]["path"] for meta in loaded["meta"]] == ["a.txt", "b.txt"]
        assert loaded["meta"][1]["encoding"]["name"] == "gb18030"
        assert [removal["category"] for removal in loaded["meta"][1]["removed"]] == ["byline"]


def test_meta_reports_the_hash_of_the_config_the_result_was_made_with() -> None:
    """A Taiwan-target result's meta carries the Taiwan config's hash without being given the config
    again (it reported the default config's hash); an explicit config still wins."""
    taiwan = CleanConfig(target="tw")
    result = corpus.clean_text("软件", taiwan)
    assert result.meta()["config_hash"] == taiwan.content_hash() != CleanConfig().content_hash()
    assert result.meta(CleanConfig())["config_hash"] == CleanConfig().content_hash()
    assert corpus.clean_bytes("软件".encode(), taiwan).meta()["config_hash"] == taiwan.content_hash()
