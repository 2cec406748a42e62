"""The worked examples in the script modules' docstrings are part of the specification: run them."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from corpus.script import convert, engine, spans


@pytest.mark.parametrize("module", [convert, engine, spans], ids=["convert", "engine", "spans"])
def test_docstring_examples_hold(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
