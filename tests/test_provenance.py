"""The tree layout's provenance file: written as units finish, earlier runs' units merged in by position."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.provenance import PROVENANCE_NAME, JsonValue, ProvenanceWriter


def meta(path: str) -> dict[str, JsonValue]:
    return {"source": {"path": path}}


def writer(out: Path, kept: list[tuple[int, list[dict[str, JsonValue]]]]) -> ProvenanceWriter:
    return ProvenanceWriter(out, kept, lambda relative: relative)


def lines_of(out: Path) -> list[str]:
    return [json.loads(line)["path"] for line in (out / PROVENANCE_NAME).read_text("utf-8").splitlines()]


def test_kept_units_are_merged_with_new_ones_in_input_order(tmp_path: Path) -> None:
    provenance = writer(tmp_path, [(3, [meta("d.txt")]), (1, [meta("b.txt")])])
    provenance.add(0, [meta("a.txt")])
    provenance.add(2, [meta("c1.txt"), meta("c2.txt")])
    provenance.add(4, [meta("e.txt")])
    provenance.close()
    assert lines_of(tmp_path) == ["a.txt", "b.txt", "c1.txt", "c2.txt", "d.txt", "e.txt"]


def test_kept_units_after_the_last_new_one_are_written_on_close(tmp_path: Path) -> None:
    provenance = writer(tmp_path, [(5, [meta("z.txt")])])
    provenance.add(0, [meta("a.txt")])
    assert not (tmp_path / PROVENANCE_NAME).exists()  # only the partial file until close
    provenance.close()
    assert lines_of(tmp_path) == ["a.txt", "z.txt"]
    assert [path.name for path in tmp_path.iterdir()] == [PROVENANCE_NAME]


def test_an_abandoned_file_leaves_nothing_behind(tmp_path: Path) -> None:
    provenance = writer(tmp_path, [])
    provenance.add(0, [meta("a.txt")])
    provenance.abandon()
    assert list(tmp_path.iterdir()) == []
