"""The sample corpus raw/: it is exactly what scripts/make_sample.py renders, and it covers the cases
issue 3 asks for (every encoding, script and boilerplate shape), with each claim checked on the bytes.

The manifest's expectations (boilerplate lines, Simplified forms, fragments to keep) were written by
hand; the OpenCC checks below confirm the hand-written Simplified forms, they do not produce them.
"""

from __future__ import annotations

import dataclasses
import struct
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import opencc
import pytest
import regex

from tests.script_modules import load_script

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW = REPO_ROOT / "raw"
RAW_SIZE_LIMIT = 200 * 1024  # issue 3: "raw/ is committed (small, < 200 KB)"


make_sample = load_script("make_sample")
Sample = Any  # make_sample.Sample; scripts/ is not a package, so mypy cannot see the class
SAMPLES = make_sample.load_manifest()
TEXT_SAMPLES = [sample for sample in SAMPLES if sample.source is not None]
PINYIN_IN_PARENTHESES = regex.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def by_encoding(encoding: str) -> list[Sample]:
    return [sample for sample in SAMPLES if sample.encoding == encoding]


def sample_id(sample: Sample) -> str:
    return str(sample.path)


def committed(sample: Sample) -> bytes:
    path: Path = RAW / sample.path
    return path.read_bytes()


@cache
def opencc_converter(config: str) -> Any:
    return opencc.OpenCC(config)


def t2s(text: str) -> str:
    return str(opencc_converter("t2s.json").convert(text))


def s2t(text: str) -> str:
    return str(opencc_converter("s2t.json").convert(text))


def clean_source(sample: Sample) -> str:
    """The hand-written source text (no pinyin ruby), as it stands in scripts/sample_texts/."""
    path: Path = make_sample.TEXTS_DIR / sample.source
    return path.read_text(encoding="utf-8")


def relative_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


# --- raw/ and the generator cannot drift apart ------------------------------------------------------


def test_committed_raw_is_byte_for_byte_what_make_sample_renders(tmp_path: Path) -> None:
    make_sample.render(tmp_path)
    rendered = relative_files(tmp_path)
    on_disk = relative_files(RAW)
    assert sorted(on_disk) == sorted(rendered), "run `python scripts/make_sample.py` and commit raw/"
    changed = [name for name in rendered if rendered[name] != on_disk[name]]
    assert changed == [], "run `python scripts/make_sample.py` and commit raw/"


def test_main_renders_into_the_out_directory_and_reports_success(tmp_path: Path) -> None:
    assert make_sample.main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / "misc" / "binary_logo.png").is_file()


def test_main_fails_when_the_out_directory_holds_a_file_the_manifest_does_not_list(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "renamed_long_ago.txt").write_text("old", encoding="utf-8")
    assert make_sample.main(["--out", str(tmp_path)]) == 1


# --- coverage of the cases issue 3 lists ---------------------------------------------------------------


def test_raw_has_at_least_fifteen_files_and_stays_under_200_kb() -> None:
    sizes = [path.stat().st_size for path in RAW.rglob("*") if path.is_file()]
    assert len(sizes) >= 15
    assert sum(sizes) < RAW_SIZE_LIMIT


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", False),
        ("utf-8", True),
        ("utf-16-le", True),
        ("utf-16-be", False),
        ("gbk", False),
        ("gb18030", False),
        ("big5", False),
        ("cp950", False),
        ("ascii", False),
        ("binary", False),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-no-bom",
        "gbk",
        "gb18030",
        "big5",
        "cp950",
        "ascii",
        "png",
    ],
)
def test_every_required_encoding_has_a_sample(encoding: str, bom: bool) -> None:
    assert any(sample.encoding == encoding and sample.bom == bom for sample in SAMPLES)


@pytest.mark.parametrize("script", ["hans", "hant", "mixed", "ja", "en", "none"], ids=str)
def test_every_script_has_a_sample(script: str) -> None:
    assert any(sample.script == script for sample in SAMPLES)


def test_the_sample_tree_has_nested_subdirectories() -> None:
    depths = {len(Path(sample.path).parts) for sample in SAMPLES}
    assert {2, 3} <= depths
    assert len({Path(sample.path).parts[0] for sample in SAMPLES}) >= 3


def test_an_empty_file_and_a_binary_file_are_expected_to_be_rejected_with_their_reasons() -> None:
    rejected = {(sample.path, sample.reason) for sample in SAMPLES if sample.status == "rejected"}
    assert rejected == {("misc/empty.txt", "empty"), ("misc/binary_logo.png", "binary")}
    assert (RAW / "misc" / "empty.txt").read_bytes() == b""


def test_exactly_one_sample_uses_windows_line_endings() -> None:
    crlf = [sample for sample in TEXT_SAMPLES if sample.newline == "\r\n"]
    assert len(crlf) == 1
    assert b"\r\n" in committed(crlf[0])
    assert b"\n" not in committed(crlf[0]).replace(b"\r\n", b"")


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.newline == "\n"], ids=sample_id)
def test_other_text_samples_have_no_carriage_return(sample: Sample) -> None:
    text = committed(sample).decode(sample.decode_with) if committed(sample) else ""
    assert "\r" not in text


def test_one_sample_is_a_single_line_without_final_newline() -> None:
    data = (RAW / "notices" / "utf8_water_outage_one_line.txt").read_bytes()
    assert data and b"\n" not in data


# --- each encoding claim, checked on the committed bytes --------------------------------------------------


@pytest.mark.parametrize("sample", TEXT_SAMPLES, ids=sample_id)
def test_each_text_sample_decodes_with_its_declared_codec_back_to_its_source(sample: Sample) -> None:
    text = committed(sample).decode(sample.decode_with)
    assert text.replace("\r\n", "\n") == make_sample.source_text(sample)


def test_utf8_bom_sample_starts_with_the_bom_and_plain_utf8_samples_do_not() -> None:
    for sample in by_encoding("utf-8"):
        if committed(sample):
            assert committed(sample).startswith(b"\xef\xbb\xbf") == sample.bom, sample.path


def test_utf16_le_sample_starts_with_ff_fe() -> None:
    (sample,) = by_encoding("utf-16-le")
    assert committed(sample)[:2] == b"\xff\xfe"


def test_utf16_be_sample_has_no_bom_and_still_decodes_as_utf16_be() -> None:
    (sample,) = by_encoding("utf-16-be")
    data = committed(sample)
    assert data[:2] not in (b"\xfe\xff", b"\xff\xfe")
    assert not data.decode("utf-16-be").startswith("\ufeff")
    assert b"\x00" in data  # ASCII digits and letters appear as 00 xx pairs


def test_cp950_sample_cannot_be_decoded_by_pythons_big5_codec_but_decodes_as_cp950() -> None:
    (sample,) = by_encoding("cp950")
    data = committed(sample)
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    text = data.decode("cp950")
    assert "碁" in text
    assert "恒" in text


@pytest.mark.parametrize("sample", by_encoding("big5"), ids=sample_id)
def test_big5_samples_decode_with_the_plain_big5_codec(sample: Sample) -> None:
    assert committed(sample).decode("big5") == committed(sample).decode("cp950")


@pytest.mark.parametrize("sample", by_encoding("gbk"), ids=sample_id)
def test_gbk_samples_decode_with_the_gbk_codec_and_identically_with_gb18030(sample: Sample) -> None:
    assert committed(sample).decode("gbk") == committed(sample).decode("gb18030")


def gb18030_sequences(data: bytes) -> Iterator[bytes]:
    """Split GB18030 bytes into characters: 1 byte (ASCII), 2 bytes, or 4 bytes (second byte a digit)."""
    index = 0
    while index < len(data):
        if data[index] < 0x80:
            width = 1
        elif 0x30 <= data[index + 1] <= 0x39:
            width = 4
        else:
            width = 2
        yield data[index : index + width]
        index += width


def test_gb18030_sample_holds_four_byte_sequences_for_its_extension_b_characters() -> None:
    (sample,) = by_encoding("gb18030")
    data = committed(sample)
    four_byte = [sequence for sequence in gb18030_sequences(data) if len(sequence) == 4]
    # The source has 𠮷 three times and 𪚥 once (counted by hand).
    assert [sequence.decode("gb18030") for sequence in four_byte] == ["𠮷", "𠮷", "𠮷", "𪚥"]
    assert "𠮷".encode("gb18030") == bytes.fromhex("9534b235")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")


def test_png_sample_is_a_valid_png_with_correct_crcs_and_pixel_data() -> None:
    (sample,) = by_encoding("binary")
    data = committed(sample)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks[kind] = body
        offset += 12 + length
    assert list(chunks) == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, height, depth, colour_type) == (16, 16, 8, 2)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)


# --- the encoding checks in make_sample can fail -------------------------------------------------------


def test_rendering_refuses_a_text_that_does_not_fit_its_encoding() -> None:
    (sample,) = by_encoding("gb18030")
    with pytest.raises(make_sample.SampleError, match="does not fit gbk"):
        make_sample.encode_sample(dataclasses.replace(sample, encoding="gbk"))


def test_rendering_refuses_to_call_a_file_with_eten_characters_big5() -> None:
    (sample,) = by_encoding("cp950")
    with pytest.raises(make_sample.SampleError, match="call it cp950"):
        make_sample.encode_sample(dataclasses.replace(sample, encoding="big5"))


def test_rendering_refuses_to_call_a_plain_big5_file_cp950() -> None:
    sample = by_encoding("big5")[0]
    with pytest.raises(make_sample.SampleError, match="call it big5"):
        make_sample.encode_sample(dataclasses.replace(sample, encoding="cp950"))


# --- scripts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.script == "hans"], ids=sample_id)
def test_simplified_samples_are_left_alone_by_opencc_t2s(sample: Sample) -> None:
    assert t2s(clean_source(sample)) == clean_source(sample)


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.script == "hant"], ids=sample_id)
def test_traditional_samples_are_changed_far_more_by_t2s_than_by_s2t(sample: Sample) -> None:
    text = clean_source(sample)
    assert t2s(text) != text
    # s2t may still pick a variant (台 -> 臺); what matters is that t2s does most of the changing.
    changed_by_t2s = sum(a != b for a, b in zip(text, t2s(text), strict=True))
    changed_by_s2t = sum(a != b for a, b in zip(text, s2t(text), strict=True))
    assert changed_by_t2s > 5 * changed_by_s2t


def test_the_mixed_sample_holds_both_traditional_only_and_simplified_only_characters() -> None:
    (sample,) = [s for s in TEXT_SAMPLES if s.script == "mixed"]
    text = clean_source(sample)
    assert any(t2s(char) != char for char in text)  # e.g. 說
    assert any(s2t(char) != char for char in text)  # e.g. 说


def test_the_japanese_sample_has_kana_and_kanji() -> None:
    (sample,) = [s for s in TEXT_SAMPLES if s.script == "ja"]
    text = clean_source(sample)
    assert regex.search(r"\p{Hiragana}", text)
    assert regex.search(r"\p{Katakana}", text)
    assert regex.search(r"\p{Han}", text)
    assert len(regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}]", text)) >= 250


def test_the_english_sample_is_ascii_only() -> None:
    (sample,) = [s for s in TEXT_SAMPLES if s.script == "en"]
    assert committed(sample).isascii()
    assert not regex.search(r"\p{Han}", clean_source(sample))


# --- the content-farm pinyin residue ---------------------------------------------------------------------


def test_pinyin_residue_sample_looks_like_flattened_ruby_and_removing_it_gives_the_source() -> None:
    (sample,) = [s for s in TEXT_SAMPLES if s.pinyin_ruby]
    text = committed(sample).decode("utf-8")
    assert "發(fā)布會(huì)" in text
    assert PINYIN_IN_PARENTHESES.sub("", text) == clean_source(sample)
    readings = make_sample.load_ruby_table()
    annotated = sum(clean_source(sample).count(char) for char in readings)
    assert len(PINYIN_IN_PARENTHESES.findall(text)) == annotated >= 50


def test_pinyin_ruby_table_lists_only_characters_that_differ_in_simplified() -> None:
    readings = make_sample.load_ruby_table()
    assert [char for char in readings if t2s(char) == char] == []
    assert list(readings) == sorted(readings)


# --- the manifest's expectations hold for the texts ------------------------------------------------------


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.boilerplate], ids=sample_id)
def test_each_boilerplate_line_is_a_whole_line_of_its_source(sample: Sample) -> None:
    lines = clean_source(sample).split("\n")
    for line in sample.boilerplate:
        assert line in lines


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.boilerplate], ids=sample_id)
def test_hand_written_simplified_boilerplate_agrees_with_opencc(sample: Sample) -> None:
    assert [t2s(line) for line in sample.boilerplate] == list(sample.boilerplate_simplified)


@pytest.mark.parametrize("sample", [s for s in TEXT_SAMPLES if s.keep_simplified], ids=sample_id)
def test_each_fragment_to_keep_is_in_the_simplified_text_outside_the_boilerplate(sample: Sample) -> None:
    kept_lines = [line for line in clean_source(sample).split("\n") if line not in sample.boilerplate]
    simplified = t2s("\n".join(kept_lines))
    for fragment in sample.keep_simplified:
        assert fragment in simplified


def test_every_chinese_text_sample_names_its_title_among_the_fragments_to_keep() -> None:
    for sample in TEXT_SAMPLES:
        if sample.script in ("hans", "hant", "mixed"):
            first_line = next(
                line for line in clean_source(sample).split("\n") if line and line not in sample.boilerplate
            )
            assert t2s(first_line).startswith(sample.keep_simplified[0]), sample.path


@pytest.mark.parametrize(
    "marker",
    [
        "ICP备",
        "公网安备",
        "版权所有",
        "转载",
        "来源：",
        "作者：",
        "编辑：",
        "责任编辑：",
        "責任編輯：",
        "記者",
        "版權所有",
    ],
    ids=str,
)
def test_the_boilerplate_lines_cover_every_kind_the_first_rule_pack_must_strip(marker: str) -> None:
    assert any(marker in line for sample in SAMPLES for line in sample.boilerplate)


@pytest.mark.parametrize(
    "marker",
    ["ICP备", "公网安备", "版权所有", "作者", "来源", "责任编辑", "记者"],
    ids=str,
)
def test_hard_negatives_mention_the_same_topics_as_content_to_keep(marker: str) -> None:
    assert any(
        marker in fragment
        for sample in SAMPLES
        if not sample.boilerplate
        for fragment in sample.keep_simplified
    )


def test_japanese_and_english_samples_are_expected_unchanged_and_nothing_else_is() -> None:
    assert {sample.script for sample in SAMPLES if sample.unchanged} == {"ja", "en"}


def test_the_manifest_loader_refuses_an_unknown_key(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.toml"
    text = make_sample.MANIFEST_PATH.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace('notes = "Zero bytes."', 'notes = "Zero bytes."\nencodnig = "utf-8"'), encoding="utf-8"
    )
    with pytest.raises(make_sample.SampleError, match="unknown keys"):
        make_sample.load_manifest(manifest)
