"""Line files hold one compact JSON value per line; a name that is not valid UTF-8 survives either way."""

from __future__ import annotations

import json

from corpus.io.json_lines import json_line

RAW_NAME = b"\xb9\xfa.txt".decode("utf-8", "surrogateescape")
"""国.txt in GBK read as a UTF-8 name, as Python holds it: the bytes B9 FA as the surrogates U+DCB9 U+DCFA."""


def test_a_value_is_one_compact_utf8_line() -> None:
    assert json_line({"path": "新闻/一.txt", "size": 3, "parts": (1, 2)}) == (
        '{"path":"新闻/一.txt","size":3,"parts":[1,2]}\n'.encode()
    )


def test_a_name_that_is_not_utf8_becomes_an_escape_that_reads_back_as_the_same_name() -> None:
    line = json_line({"path": RAW_NAME})
    assert line == b'{"path":"\\udcb9\\udcfa.txt"}\n'
    line.decode("utf-8")  # valid UTF-8: would raise otherwise
    assert json.loads(line) == {"path": RAW_NAME}


def test_the_journal_keeps_the_raw_bytes_of_such_a_name() -> None:
    line = json_line({"path": RAW_NAME}, "surrogateescape")
    assert line == b'{"path":"\xb9\xfa.txt"}\n'
    assert json.loads(line.decode("utf-8", "surrogateescape")) == {"path": RAW_NAME}
