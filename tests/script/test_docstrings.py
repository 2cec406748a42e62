"""The worked examples in the script modules' docstrings are part of the specification: run them."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("corpus.script.convert", "corpus.script.engine", "corpus.script.spans")


@pytest.mark.parametrize("name", MODULES, ids=MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
