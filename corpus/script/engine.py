"""Build and cache the official OpenCC converters, and refuse an impostor.

Two PyPI packages install a module called ``opencc``: the official binding (distribution ``OpenCC``,
a C++ extension, ``pip install opencc``) and ``opencc-python-reimplemented``, a pure-Python port that is
15 to 250 times slower (``scripts/bench_convert.py``) and lags behind the official dictionaries (its
0.1.7 still turns 什么 into 什幺 under tw2s, OpenCC issue #1469). Whichever was installed last wins the
import, silently. :func:`check_official_binding` looks for the compiled ``opencc_clib``
extension that only the official binding ships, and raises :class:`EngineError` with the fix otherwise.

A converter is built once per process and per config (:func:`converter`), never mutated, and shared by
every step that asks for the same config: the opposite of a module-global converter that each caller
re-points at its own mode (data-juicer's ``OPENCC_CONVERTER``).
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal, Protocol

from corpus.errors import EngineError

OpenCCConfig = Literal["t2s", "tw2s", "hk2s", "s2t", "s2tw", "s2twp", "s2hk"]
"""The OpenCC configs this project uses: three reverse (to Simplified, by source region) and four forward."""

CONFIGS: tuple[OpenCCConfig, ...] = ("t2s", "tw2s", "hk2s", "s2t", "s2tw", "s2twp", "s2hk")

FIX = "pip uninstall -y opencc-python-reimplemented opencc && pip install opencc"

_SURROGATES = re.compile("[\ud800-\udfff]+")


class _NativeConverter(Protocol):
    def convert(self, text: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Converter:
    """One official OpenCC converter for one config; immutable, safe to share within a process.

    :meth:`convert` never raises on lone surrogates: the native engine cannot encode them to UTF-8 and
    raises ``UnicodeEncodeError``, so the text is cut around them and the surrogates pass through.

    >>> converter("t2s").convert("漢字")
    '汉字'
    """

    config: OpenCCConfig
    native: _NativeConverter

    def convert(self, text: str) -> str:
        if not text:
            return text
        try:
            return self.native.convert(text)
        except UnicodeEncodeError:
            pieces = _SURROGATES.split(text)
            lone = _SURROGATES.findall(text)
            out = [self.native.convert(pieces[0]) if pieces[0] else ""]
            for surrogates, piece in zip(lone, pieces[1:], strict=True):
                out.append(surrogates)
                out.append(self.native.convert(piece) if piece else "")
            return "".join(out)


def check_official_binding() -> str:
    """Return the official binding's version, or raise :class:`EngineError` saying how to fix it."""
    try:
        import opencc
    except ImportError:
        raise EngineError("the OpenCC engine is not installed", f"run: {FIX}") from None
    if getattr(opencc, "opencc_clib", None) is None or not hasattr(opencc, "OpenCC"):
        raise EngineError(
            "the module 'opencc' is not the official OpenCC binding (opencc-python-reimplemented shadows it)",
            f"run: {FIX}",
        )
    try:
        return metadata.version("OpenCC")
    except metadata.PackageNotFoundError:  # e.g. a source build without dist-info
        return str(getattr(opencc, "__version__", "unknown"))


@functools.cache
def converter(config: OpenCCConfig) -> Converter:
    """The process-wide converter for ``config``, built on first use."""
    if config not in CONFIGS:
        raise EngineError(f"unknown OpenCC config {config!r}", f"use one of {', '.join(CONFIGS)}")
    check_official_binding()
    import opencc

    try:
        native = opencc.OpenCC(f"{config}.json")
    except Exception as error:  # the binding raises plain RuntimeError on missing dictionaries
        raise EngineError(f"OpenCC cannot load {config}: {error}", f"reinstall it: {FIX}") from None
    return Converter(config=config, native=native)


@functools.cache
def lean_converter(config: OpenCCConfig) -> Converter:
    """:func:`unified_converter` without the dictionaries OpenCC marks ``may_output_tofu``, for
    text that also holds none of their keys (``tofu_risk`` in ``data/script_chars.json``).

    In t2s, tw2s and hk2s that is ``TSCharactersExt``: 895 rare single characters (㑮, Extension B),
    tried at every position where no phrase matched before the common character table is, under
    the group's ``short_circuit`` policy. At a position holding none of its keys it never matches, so
    leaving it out changes nothing there, and ``scripts/build_script_tables.py`` checks that no
    dictionary applied before it writes one. Without it t2s takes a quarter less time on Traditional
    text (73.1 against 53.6 ms for ``scripts/bench_convert.py``'s 1,000 Taiwan documents). Configs
    with other such dictionaries get :func:`unified_converter`.

    >>> lean_converter("t2s").convert("漢字")
    '汉字'
    """
    return _derived_converter(config, lean=True)


@functools.cache
def unified_converter(config: OpenCCConfig) -> Converter:
    """``converter(config)`` without OpenCC's ``normalization`` stage, for text whose CJK compatibility
    ideographs are already mapped to the unified ones.

    OpenCC 1.4's configs first run every text through ``CJK_Compatibility_Ideographs``, a dictionary of
    single compatibility ideographs only, and the step maps those itself before converting anything
    (``corpus.script.convert``), so on its text the stage never changes a character; skipping it
    saves a tenth of t2s's time on a page that mixes both scripts (measured with
    ``scripts/bench_convert.py``'s mixed documents: 42.1 against 37.9 ms per 1,000). The config is
    the official one with that stage left out and its dictionaries named by absolute path (the
    engine looks for them only beside the config file), handed to OpenCC as an in-memory file; where
    it cannot be built this way (no ``memfd_create`` outside Linux), the official converter is
    returned.

    >>> unified_converter("t2s").convert("漢字")
    '汉字'
    """
    return _derived_converter(config, lean=False)


def _derived_converter(config: OpenCCConfig, lean: bool) -> Converter:
    """The official config less its normalization stage (and, when ``lean``, its tofu-risk
    dictionaries), or the next best converter where the config is not shaped as expected."""
    if config not in CONFIGS:
        raise EngineError(f"unknown OpenCC config {config!r}", f"use one of {', '.join(CONFIGS)}")
    check_official_binding()
    native = _derived_native(config, lean)
    if native is not None:
        return Converter(config=config, native=native)
    return unified_converter(config) if lean else converter(config)


def _derived_native(config: OpenCCConfig, lean: bool) -> _NativeConverter | None:
    import opencc

    folder = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    try:
        settings = json.loads((folder / f"{config}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if settings.get("normalization") != [_COMPATIBILITY_STAGE]:
        return None
    del settings["normalization"]
    if lean:
        dropped: list[str] = []
        settings = _without_tofu_risk(settings, dropped)
        if dropped != [_TOFU_RISK_FILE]:
            return None
    # OpenCC reads a config only from a file. An in-memory one (Linux's memfd, read through /proc)
    # keeps the tool from writing anywhere but its output directory; elsewhere the official config.
    make_file = getattr(os, "memfd_create", None)
    if make_file is None:
        return None
    try:
        descriptor = make_file(f"corpus-{config}.json")
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(json.dumps(_absolute_files(settings, folder)).encode("utf-8"))
        native: _NativeConverter = opencc.OpenCC(f"/proc/self/fd/{descriptor}")
    except Exception:  # no /proc, or the binding's plain RuntimeError: use the official one
        return None
    finally:
        os.close(descriptor)
    return native


_COMPATIBILITY_STAGE: dict[str, object] = {
    "dict": {"type": "ocd2", "file": "CJK_Compatibility_Ideographs.ocd2"}
}
_TOFU_RISK_FILE = "TSCharactersExt.ocd2"


def _without_tofu_risk(node: object, dropped: list[str]) -> object:
    """The config without the dictionaries marked ``may_output_tofu``; their files go to ``dropped``."""
    if isinstance(node, dict):
        return {key: _without_tofu_risk(value, dropped) for key, value in node.items()}
    if isinstance(node, list):
        kept = []
        for item in node:
            if isinstance(item, dict) and item.get("may_output_tofu") is True:
                dropped.append(str(item.get("file")))
            else:
                kept.append(_without_tofu_risk(item, dropped))
        return kept
    return node


def _absolute_files(node: object, folder: Path) -> object:
    """The config with every dictionary ``file`` named by its absolute path."""
    if isinstance(node, dict):
        return {
            key: str(folder / str(value)) if key == "file" else _absolute_files(value, folder)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_absolute_files(item, folder) for item in node]
    return node
