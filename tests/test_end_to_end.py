"""`corpus clean raw/` end to end on the bundled sample, checked against its manifest.

scripts/sample_texts/manifest.toml says, for every file of raw/, whether it must be written or rejected,
which boilerplate lines must be gone, which fragments (titles, hard negatives) must survive, and which
files must come out unchanged. Those expectations were written by hand, not taken from a run.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import regex

from tests.conftest import CliInvoker

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW = REPO_ROOT / "raw"
MANIFEST = tomllib.loads((REPO_ROOT / "scripts" / "sample_texts" / "manifest.toml").read_text("utf-8"))
FILES = MANIFEST["file"]
OK_FILES = [entry for entry in FILES if entry["status"] == "ok"]
LICENCE_LINE = regex.compile(r"(ICP|公网安备|公網安備)[备備证證]?\s*\d")
PINYIN_RESIDUE = regex.compile(r"\p{Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from corpus.cli.common import run_main

    out = tmp_path_factory.mktemp("e2e") / "raw.clean"
    with CliRunner().isolation():
        status = run_main(["clean", str(RAW), "--out", str(out), "--jobs", "2"])
    assert status == 0
    return out


def output_text(out: Path, entry: dict[str, object]) -> str:
    return (out / str(entry["path"])).read_bytes().decode("utf-8")


def test_every_input_is_either_written_or_rejected(cleaned: Path) -> None:
    inputs = sorted(path.relative_to(RAW).as_posix() for path in RAW.rglob("*") if path.is_file())
    rejects = [json.loads(line) for line in (cleaned / "rejects.jsonl").read_text().splitlines()]
    written = sorted(entry["path"] for entry in OK_FILES if (cleaned / entry["path"]).is_file())
    assert sorted(written + [item["path"] for item in rejects]) == inputs


@pytest.mark.parametrize("entry", [e for e in FILES if e["status"] == "rejected"], ids=lambda e: e["path"])
def test_binary_and_empty_files_are_rejected_with_the_manifest_reason(
    cleaned: Path, entry: dict[str, object]
) -> None:
    lines = (cleaned / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    rejects = {json.loads(line)["path"]: json.loads(line) for line in lines}
    assert rejects[entry["path"]]["reason"] == entry["reason"]
    assert not (cleaned / str(entry["path"])).exists()


@pytest.mark.parametrize("entry", OK_FILES, ids=lambda e: e["path"])
def test_each_written_file_is_utf8_with_its_boilerplate_gone_and_its_content_kept(
    cleaned: Path, entry: dict[str, object]
) -> None:
    text = output_text(cleaned, entry)
    assert "\r" not in text and not text.startswith("\ufeff")
    lines = {line.strip() for line in text.splitlines()}
    for boilerplate in entry["boilerplate_simplified"]:  # type: ignore[attr-defined]
        assert boilerplate.strip() not in lines
    for fragment in entry["keep_simplified"]:  # type: ignore[attr-defined]
        assert fragment in text
    assert not PINYIN_RESIDUE.search(text)


@pytest.mark.parametrize("entry", [e for e in OK_FILES if e["unchanged"]], ids=lambda e: e["path"])
def test_japanese_and_english_files_come_out_unchanged(cleaned: Path, entry: dict[str, object]) -> None:
    original = (RAW / str(entry["path"])).read_bytes().decode(str(entry["decode_with"]))
    assert output_text(cleaned, entry) == original.replace("\r\n", "\n")


def test_no_licence_line_is_left_in_any_output(cleaned: Path) -> None:
    for entry in OK_FILES:
        for line in output_text(cleaned, entry).splitlines():
            if LICENCE_LINE.search(line):
                # the hard negative quotes a licence number inside a sentence about ICP filing
                assert len(line) > 40 and "备案" in line, line


def test_chinese_files_come_out_in_simplified(cleaned: Path) -> None:
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    for entry in OK_FILES:
        if entry["script"] in ("hans", "hant", "mixed"):
            text = output_text(cleaned, entry)
            assert to_simplified.convert(text) == text, entry["path"]


def test_the_report_counts_every_file_encoding_and_reject(cleaned: Path) -> None:
    report = json.loads((cleaned / "report.json").read_text())
    assert report["files"] == len(FILES)
    assert report["documents"] == len(OK_FILES)
    assert report["rejected"] == len(FILES) - len(OK_FILES)
    assert sum(report["encodings"].values()) == len(OK_FILES)
    assert report["reject_reasons"] == {"binary": 1, "empty": 1}
    assert sum(report["categories"].values()) >= sum(len(e["boilerplate"]) for e in OK_FILES)
    assert (cleaned / "report.html").is_file()


def test_the_tree_layout_lists_each_written_file_with_its_provenance_in_input_order(cleaned: Path) -> None:
    import hashlib

    lines = [json.loads(line) for line in (cleaned / "provenance.jsonl").read_text("utf-8").splitlines()]
    written = sorted(str(entry["path"]) for entry in OK_FILES)
    assert [line["path"] for line in lines] == written
    for line in lines:
        meta = line["meta"]
        assert meta["source"]["path"] == line["path"]
        assert meta["source"]["sha256"] == hashlib.sha256((RAW / line["path"]).read_bytes()).hexdigest()
        text = output_text(cleaned, line)  # the document's text, plus a newline if it had none
        assert meta["chars"]["out"] in (len(text), len(text) - 1)


def test_a_shard_run_leaves_no_provenance_file_of_an_earlier_tree_run(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", str(RAW), "--out", str(out), "--jobs", "1").exit_code == 0
    assert (out / "provenance.jsonl").is_file()
    result = run_cli("clean", str(RAW), "--out", str(out), "--jobs", "1", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert not (out / "provenance.jsonl").exists()


def test_running_again_reuses_everything_and_changes_nothing(run_cli: CliInvoker, cleaned: Path) -> None:
    before = {p: p.read_bytes() for p in cleaned.rglob("*") if p.is_file() and p.suffix == ".txt"}
    result = run_cli("clean", str(RAW), "--out", str(cleaned), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert f"resumed: {len(FILES)} inputs" in result.stderr
    after = {p: p.read_bytes() for p in cleaned.rglob("*") if p.is_file() and p.suffix == ".txt"}
    assert after == before
