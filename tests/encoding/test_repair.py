"""Tests for corpus.encoding.repair beyond the detection-level mojibake tests in test_detect.py."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.encoding.repair import MAX_REPLACED_SHARE, _surely_too_damaged, mojibake_bytes, repair_mojibake

high_heavy_bytes = st.lists(
    st.sampled_from([0x41, 0x0A, 0x80, 0xA1, 0xB0, 0xBF, 0xC2, 0xD6, 0xE4, 0xED, 0xF0, 0xF4, 0xFF])
    | st.integers(0, 255),
    max_size=200,
).map(bytes)


@settings(max_examples=1000, deadline=None)
@given(high_heavy_bytes, st.integers(0, 3))
def test_the_half_decode_shortcut_only_rejects_what_the_whole_decode_rejects(
    raw: bytes, replaced_before: int
) -> None:
    """The shortcut may say 'too damaged' only where decoding all the bytes says so too."""
    if _surely_too_damaged(raw, replaced_before):
        whole = raw.decode("utf-8", errors="replace")
        assert whole.count("\ufffd") - replaced_before > len(whole) * MAX_REPLACED_SHARE


def test_real_chinese_text_is_rejected_by_the_shortcut_and_not_repaired() -> None:
    text = "今天早上下了一场大雨，学校门口的积水很深，很多家长只好背着孩子过马路。" * 20
    assert _surely_too_damaged(text.encode("gb18030"), 0)
    assert repair_mojibake(text) is None


def test_gbk_mojibake_is_not_rejected_by_the_shortcut() -> None:
    original = "今天早上下了一场大雨，学校门口的积水很深。" * 5
    mojibake = original.encode("utf-8").decode("gb18030", errors="replace")
    assert not _surely_too_damaged(mojibake.encode("gb18030", errors="replace"), 0)
    repaired = repair_mojibake(mojibake)
    assert repaired is not None
    assert repaired.kind == "utf8-as-gbk"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["鍙", "樺", "中", "a", "\n", "\ufffd", "€", "\U00020000"]), max_size=40))
def test_gbk_mojibake_bytes_mark_each_lost_character_with_one_invalid_byte(pieces: list[str]) -> None:
    """Text without U+FFFD is encoded in one piece; with it, piece by piece around a 0xFF byte. Both
    must give what encoding each character on its own gives."""
    expected = b"".join(b"\xff" if char == "\ufffd" else char.encode("gb18030") for char in pieces)
    assert mojibake_bytes("".join(pieces), "utf8-as-gbk") == expected
