"""Writers mirror the tree or write JSONL shards, atomically, never outside the output directory."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.config import Compression
from corpus.document import Document, EncodingInfo, Event, Source
from corpus.errors import OutputError
from corpus.io.writers import JsonlShardWriter, TreeWriter, record_json, safe_relative
from tests.output_snapshot import snapshot


def make_document(path: str, text: str) -> Document:
    return Document(
        id=path,
        text=text,
        source=Source.of(path, text.encode("gb18030")),
        encoding=EncodingInfo("gb18030", 0.99, "test"),
        events=(Event("strip", "removed", 0, 3, rule="byline.editor-line", category="byline"),),
        chars_in=len(text) + 3,
    )


def test_tree_writer_mirrors_relative_paths_as_utf8_with_a_final_newline(tmp_path: Path) -> None:
    writer = TreeWriter(tmp_path)
    assert writer.write(make_document("news/a.txt", "第一行\n第二行")) == ["news/a.txt"]
    assert writer.close() == []
    assert (tmp_path / "news" / "a.txt").read_bytes() == "第一行\n第二行\n".encode()


def test_tree_writer_leaves_no_temporary_files(tmp_path: Path) -> None:
    TreeWriter(tmp_path).write(make_document("a.txt", "文"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt"]


def test_a_document_named_like_a_run_file_is_renamed_not_overwritten(tmp_path: Path) -> None:
    writer = TreeWriter(tmp_path)
    assert writer.write(make_document("report.json", "文")) == ["report.json.txt"]
    assert writer.write(make_document(".corpus-state/x", "文")) == [".corpus-state.txt/x"]


@pytest.mark.parametrize(
    "name", ["../x.txt", "/etc/passwd", "a/../../b"], ids=["up", "absolute", "nested-up"]
)
def test_names_that_would_leave_the_output_directory_are_refused(name: str) -> None:
    with pytest.raises(OutputError):
        safe_relative(name)


def test_jsonl_lines_hold_text_and_meta_with_provenance(tmp_path: Path) -> None:
    writer = JsonlShardWriter(tmp_path, config_hash="abc", shard_bytes=1000)
    assert writer.write(make_document("a.txt", "正文")) == []
    assert writer.close() == ["data/part-00000.jsonl"]
    record = json.loads((tmp_path / "data" / "part-00000.jsonl").read_text(encoding="utf-8"))
    assert record["text"] == "正文"
    meta = record["meta"]
    assert meta["source"]["path"] == "a.txt"
    assert meta["source"]["sha256"] == Source.of("a.txt", "正文".encode("gb18030")).sha256
    assert meta["encoding"]["name"] == "gb18030"
    assert meta["removed"] == [
        {"start": 0, "end": 3, "rule": "byline.editor-line", "category": "byline", "text": ""}
    ]
    assert meta["chars"] == {"in": 5, "out": 2}
    assert meta["config_hash"] == "abc"


def test_a_record_is_one_compact_line_whatever_the_text_holds() -> None:
    text = '他说："好"\n\t路径 C:\\dir\x00\x1f\u2028 end'
    line = record_json(make_document("a.txt", text), "abc")
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert line.startswith(b'{"text":"') and b'","meta":{' in line
    assert json.loads(line)["text"] == text


def test_a_record_with_a_name_that_is_not_utf8_is_the_same_kind_of_line() -> None:
    name = "caf\udce9.txt"  # the byte 0xE9 of a Latin-1 file name, as os.fsdecode gives it
    line = record_json(make_document(name, "正文"), "abc")
    assert line.decode("utf-8").startswith('{"text":"正文","meta":{')
    assert json.loads(line)["meta"]["source"]["path"] == name
    assert b"\\udce9" in line


def test_jsonl_shards_roll_over_at_the_size_bound(tmp_path: Path) -> None:
    writer = JsonlShardWriter(tmp_path, config_hash="abc", shard_bytes=1500)
    shards: list[str] = []
    for index in range(5):
        shards += writer.write(make_document(f"{index}.txt", "文" * 50))
    shards += writer.close()
    assert shards == [f"data/part-{index:05d}.jsonl" for index in range(len(shards))]
    assert len(shards) > 1
    for shard in shards[:-1]:
        assert (tmp_path / shard).stat().st_size <= 1500
    lines = [
        json.loads(line)
        for shard in shards
        for line in (tmp_path / shard).read_text(encoding="utf-8").splitlines()
    ]
    assert [line["meta"]["id"] for line in lines] == [f"{index}.txt" for index in range(5)]


def record_of_length(index: int, length: int) -> bytes:
    """A JSONL-shaped line of exactly ``length`` bytes (at least 2) that names its index."""
    head = f"{index}:".encode()
    return (head + b"x" * length)[: length - 1] + b"\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lengths=st.lists(st.integers(min_value=2, max_value=40), min_size=1, max_size=30),
    cuts=st.lists(st.integers(min_value=1, max_value=29), max_size=4),
    shard_bytes=st.integers(min_value=1, max_value=120),
    compression=st.sampled_from(["none", "gzip"]),
)
def test_records_written_as_runs_make_the_shards_that_one_by_one_makes(
    tmp_path_factory: pytest.TempPathFactory,
    lengths: list[int],
    cuts: list[int],
    shard_bytes: int,
    compression: Compression,
) -> None:
    records = [record_of_length(index, length) for index, length in enumerate(lengths)]
    one_by_one = tmp_path_factory.mktemp("single")
    single = JsonlShardWriter(one_by_one, "abc", shard_bytes, compression)
    document = make_document("a.txt", "文")  # the JSONL layout stores the line only
    single_ends = [
        (index, names) for index, line in enumerate(records) if (names := single.write_record(line, document))
    ]
    single_ends.append((len(records), single.close()))

    as_runs = tmp_path_factory.mktemp("runs")
    packed = JsonlShardWriter(as_runs, "abc", shard_bytes, compression)
    bounds = sorted({0, *(cut for cut in cuts if cut < len(records)), len(records)})
    packed_ends = []
    for begin, end in itertools.pairwise(bounds):
        run = records[begin:end]
        ends = packed.write_records(b"".join(run), [len(line) for line in run])
        packed_ends += [(begin + position, names) for position, names in ends]
    packed_ends.append((len(records), packed.close()))

    assert packed_ends == single_ends  # each shard ends before the same record, with the same name
    assert snapshot(as_runs) == snapshot(one_by_one)


def test_an_unfinished_shard_never_has_a_final_name(tmp_path: Path) -> None:
    writer = JsonlShardWriter(tmp_path, config_hash="abc", shard_bytes=1000)
    writer.write(make_document("a.txt", "文"))
    assert not (tmp_path / "data" / "part-00000.jsonl").exists()
    writer.close()
    assert (tmp_path / "data" / "part-00000.jsonl").exists()


def test_gzip_shards_are_reproducible_byte_for_byte(tmp_path: Path) -> None:
    contents = []
    for run in ("one", "two"):
        writer = JsonlShardWriter(tmp_path / run, config_hash="abc", shard_bytes=1000, compression="gzip")
        writer.write(make_document("a.txt", "正文"))
        assert writer.close() == ["data/part-00000.jsonl.gz"]
        contents.append((tmp_path / run / "data" / "part-00000.jsonl.gz").read_bytes())
    assert contents[0] == contents[1]
    record = json.loads(gzip.decompress(contents[0]))
    assert record["text"] == "正文"


def test_a_lone_surrogate_in_text_is_written_as_an_escape_not_a_crash(tmp_path: Path) -> None:
    writer = JsonlShardWriter(tmp_path, config_hash="abc", shard_bytes=1000)
    text = "前\ud800后"
    writer.write(Document(id="a.txt", text=text, source=Source.of("a.txt", b"x"), chars_in=3))
    writer.close()
    line = (tmp_path / "data" / "part-00000.jsonl").read_bytes()
    assert line.decode("utf-8")  # valid UTF-8 on disk
