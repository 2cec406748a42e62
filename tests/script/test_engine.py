"""The engine layer: the official OpenCC binding, one cached converter per config (issue 5)."""

from __future__ import annotations

import sys
import types

import pytest

from corpus.errors import EngineError
from corpus.script import engine


def test_the_installed_binding_is_the_official_one() -> None:
    assert engine.check_official_binding()


def test_a_shadowing_reimplementation_is_refused_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    """opencc-python-reimplemented installs a pure-Python module that is also called ``opencc``."""
    impostor = types.ModuleType("opencc")
    impostor.OpenCC = object  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "opencc", impostor)
    with pytest.raises(EngineError, match="not the official") as raised:
        engine.check_official_binding()
    assert "pip install opencc" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_binding_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opencc", None)
    with pytest.raises(EngineError, match="not installed"):
        engine.check_official_binding()


def test_converters_are_built_once_per_config() -> None:
    assert engine.converter("t2s") is engine.converter("t2s")
    assert engine.converter("t2s") is not engine.converter("s2t")


def test_an_unknown_config_is_an_engine_error() -> None:
    with pytest.raises(EngineError, match="unknown OpenCC config"):
        engine.converter("x2y")  # type: ignore[arg-type]


def test_lone_surrogates_do_not_reach_the_native_engine() -> None:
    """The native engine raises UnicodeEncodeError on them; the wrapper converts around them."""
    assert engine.converter("t2s").convert("這\ud800個\udfff") == "这\ud800个\udfff"
    assert engine.converter("t2s").convert("\ud800") == "\ud800"
