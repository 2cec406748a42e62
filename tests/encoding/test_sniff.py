"""Tests for corpus.encoding.sniff beyond the detection-level tests in test_detect.py."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.encoding.sniff import has_controls

TEXT_CONTROLS = b"\t\n\r\f\v\x1b\x1a"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"a", b"\xb0\xa1", b"\x00", b"\x01", b"\x7f", b"\x80"]) | st.binary(max_size=3)
    ).map(b"".join)
)
def test_controls_are_found_exactly_when_a_byte_is_a_nul_del_or_non_text_c0_byte(sample: bytes) -> None:
    expected = any((byte < 0x20 and byte not in TEXT_CONTROLS) or byte == 0x7F for byte in sample)
    assert has_controls(sample) == expected


def test_whitespace_esc_and_sub_are_not_controls() -> None:
    assert not has_controls(TEXT_CONTROLS + "中文".encode("gb18030"))
