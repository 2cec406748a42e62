"""File names that are not valid UTF-8 (a name saved by a GBK system) are cleaned like any other."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corpus.config import CleanConfig, OutputFormat
from corpus.run import clean_paths

GBK_NAME = os.fsdecode("新闻.txt".encode("gbk"))  # b'\xd0\xc2\xce\xc5.txt' is not UTF-8
GBK_IMAGE = os.fsdecode("图片.png".encode("gbk"))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / GBK_NAME).write_bytes("今天的天气很好，我们去公园散步。\n".encode("gb18030"))
    (root / GBK_IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "ok.txt").write_text("另一篇文章。\n", encoding="utf-8")
    return root


def test_the_tree_keeps_the_raw_name_and_a_rerun_resumes_it(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = clean_paths([str(source)], out, CleanConfig(), quarantine_dir=tmp_path / "quarantine")
    assert (first.report.documents, first.report.rejected) == (2, 1)
    assert (out / GBK_NAME).read_text(encoding="utf-8") == "今天的天气很好，我们去公园散步。\n"
    assert (tmp_path / "quarantine" / GBK_IMAGE).exists()
    again = clean_paths([str(source)], out, CleanConfig())
    assert again.reused == 3


def test_rejects_and_report_write_the_name_as_escapes(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean_paths([str(source)], out, CleanConfig())
    record = json.loads((out / "rejects.jsonl").read_text(encoding="utf-8"))
    assert record["path"] == GBK_IMAGE  # the escapes decode back to the same name
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["rejected"] == 1


@pytest.mark.parametrize("layout", ["jsonl", "parquet"])
def test_shards_hold_the_document_with_its_name_escaped(
    source: Path, tmp_path: Path, layout: OutputFormat
) -> None:
    out = tmp_path / "out"
    result = clean_paths([str(source)], out, CleanConfig(output_format=layout))
    assert result.report.documents == 2
    shard = next((out / "data").iterdir())
    if layout == "jsonl":
        paths = [json.loads(line)["meta"]["source"]["path"] for line in shard.read_text().splitlines()]
        assert GBK_NAME in paths
    else:
        paths = [row["source"]["path"] for row in pq.read_table(shard).column("meta").to_pylist()]
        assert "\\udcd0\\udcc2\\udcce\\udcc5.txt" in paths
