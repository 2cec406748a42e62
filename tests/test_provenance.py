"""The tree layout's provenance file: written as units finish, earlier runs' units merged in by position."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.provenance import PROVENANCE_NAME, ProvenanceWriter


def lines_of(out: Path) -> list[str]:
    return [json.loads(line)["path"] for line in (out / PROVENANCE_NAME).read_text("utf-8").splitlines()]


def test_kept_units_are_merged_with_new_ones_in_input_order(tmp_path: Path) -> None:
    kept = [(3, [("d.txt", {"n": 3})]), (1, [("b.txt", {"n": 1})])]
    writer = ProvenanceWriter(tmp_path, kept)
    writer.add(0, [("a.txt", {"n": 0})])
    writer.add(2, [("c1.txt", {"n": 2}), ("c2.txt", {"n": 2})])
    writer.add(4, [("e.txt", {"n": 4})])
    writer.close()
    assert lines_of(tmp_path) == ["a.txt", "b.txt", "c1.txt", "c2.txt", "d.txt", "e.txt"]


def test_kept_units_after_the_last_new_one_are_written_on_close(tmp_path: Path) -> None:
    writer = ProvenanceWriter(tmp_path, [(5, [("z.txt", {})])])
    writer.add(0, [("a.txt", {})])
    assert not (tmp_path / PROVENANCE_NAME).exists()  # only the partial file until close
    writer.close()
    assert lines_of(tmp_path) == ["a.txt", "z.txt"]
    assert [path.name for path in tmp_path.iterdir()] == [PROVENANCE_NAME]


def test_an_abandoned_file_leaves_nothing_behind(tmp_path: Path) -> None:
    writer = ProvenanceWriter(tmp_path, [])
    writer.add(0, [("a.txt", {})])
    writer.abandon()
    assert list(tmp_path.iterdir()) == []
