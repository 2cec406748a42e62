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
import itertools
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from corpus.errors import EngineError
from corpus.versions import opencc_version

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
    _check_binding()
    import opencc

    # no dist-info (a source build): the module's own attribute
    return opencc_version() or str(getattr(opencc, "__version__", "unknown"))


def _check_binding() -> None:
    """:func:`check_official_binding` without looking its version up, which the converters' builders
    do not read: reading it imports :mod:`importlib.metadata` and searches the installed packages
    once (0.7 ms), which a command that writes no provenance need not pay."""
    try:
        import opencc
    except ImportError:
        raise EngineError("the OpenCC engine is not installed", f"run: {FIX}") from None
    if getattr(opencc, "opencc_clib", None) is None or not hasattr(opencc, "OpenCC"):
        raise EngineError(
            "the module 'opencc' is not the official OpenCC binding (opencc-python-reimplemented shadows it)",
            f"run: {FIX}",
        )


@functools.cache
def converter(config: OpenCCConfig) -> Converter:
    """The process-wide converter for ``config``, built on first use."""
    if config not in CONFIGS:
        raise EngineError(f"unknown OpenCC config {config!r}", f"use one of {', '.join(CONFIGS)}")
    _check_binding()
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
    dictionaries), each dictionary group of its conversion chain as one text dictionary where that
    converts the same (:func:`_merged_group`), or the next best converter where the config is not
    shaped as expected."""
    if config not in CONFIGS:
        raise EngineError(f"unknown OpenCC config {config!r}", f"use one of {', '.join(CONFIGS)}")
    _check_binding()
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
    settings = _absolute_files(settings, folder)
    if not isinstance(settings, dict):
        return None
    descriptors: list[int] = []
    try:
        chain = settings.get("conversion_chain")
        stages = [*(chain if isinstance(chain, list) else []), settings.get("segmentation")]
        for stage in stages:
            text = _text_dictionary(stage.get("dict") if isinstance(stage, dict) else None, folder)
            if text is not None:
                descriptor = _memory_file(make_file, f"corpus-{config}.txt", text)
                descriptors.append(descriptor)
                stage["dict"] = {"type": "text", "file": f"/proc/self/fd/{descriptor}"}
        descriptor = _memory_file(make_file, f"corpus-{config}.json", json.dumps(settings))
        descriptors.append(descriptor)
        native: _NativeConverter = opencc.OpenCC(f"/proc/self/fd/{descriptor}")
    except Exception:  # no memfd or /proc, or the binding's plain RuntimeError: use the official one
        return None
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
    return native


def _memory_file(make_file: Callable[[str], int], name: str, text: str) -> int:
    """An in-memory file holding ``text`` (UTF-8), open; the caller closes it once OpenCC has read it."""
    descriptor = make_file(name)
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(text.encode("utf-8"))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _text_dictionary(node: object, folder: Path) -> str | None:
    """The dictionary of a config's stage (or of its segmentation) as a text dictionary that
    converts every text the same, or None: a group merged (:func:`_merged_group`), or one ``ocd2``
    dictionary with its own entries. OpenCC walks a text dictionary faster than an ``ocd2`` one:
    with TSPhrases as text for its segmentation, the lean tw2s (groups merged) converted
    ``scripts/bench_convert.py``'s 1,000 Taiwan documents in 47.6 against 58.8 ms."""
    if isinstance(node, dict) and node.get("type") == "ocd2":
        entries = _dictionary_entries(str(node.get("file")), folder)
        return _as_text(dict(entries)) if entries else None
    return _merged_group(node, folder)


def _as_text(entries: dict[str, str]) -> str:
    """OpenCC's text dictionary format: a key, a tab and its candidates per line, sorted by key."""
    return "".join(f"{key}\t{entries[key]}\n" for key in sorted(entries))


def _merged_group(node: object, folder: Path) -> str | None:
    """A group of dictionaries as one text dictionary that converts every text the same, or None.

    OpenCC converts each position with the first dictionary of a group that has a key there
    (``match_policy: short_circuit``), taking that dictionary's longest key. When every key of an
    earlier dictionary is at least as long as every key of a later one (t2s: TSPhrases, two
    characters and more, then TSCharacters, one), the longest key at a position among all of the
    group's is the one the first matching dictionary gives, or a key just as long, which is the same
    key: one dictionary holding every entry (an earlier dictionary's for a key in several) answers
    each position the same. OpenCC walks one text dictionary much faster than a group: the lean
    t2s over ``scripts/bench_convert.py``'s 1,000 mixed documents took 28.8 against 18.0 ms (the
    group as text dictionaries: 28.2; the merged one as ``ocd2``: 48.8), the Taiwan ones 43.9
    against 25.5. The entries are the installed dictionaries' own, written out by the binding's
    ``opencc_dict`` tool; without the tool, or when the lengths do not tier, the group stays.
    """
    if not isinstance(node, dict) or node.get("type") != "group":
        return None
    if node.get("match_policy", "short_circuit") != "short_circuit":
        return None
    members = node.get("dicts")
    if not isinstance(members, list) or not members:
        return None
    dictionaries: list[list[tuple[str, str]]] = []
    for member in members:
        if not isinstance(member, dict) or member.get("type") != "ocd2":
            return None
        entries = _dictionary_entries(str(member.get("file")), folder)
        if not entries:
            return None
        dictionaries.append(entries)
    for earlier, later in itertools.pairwise(dictionaries):
        if min(len(key) for key, _ in earlier) < max(len(key) for key, _ in later):
            return None
    merged: dict[str, str] = {}
    for entries in dictionaries:
        for key, values in entries:
            merged.setdefault(key, values)
    return _as_text(merged)


@functools.cache
def _dictionary_entries(file: str, folder: Path) -> list[tuple[str, str]] | None:
    """The (key, candidates) entries of an installed ``ocd2`` dictionary, as the binding's own
    ``opencc_dict`` writes them out as text (to a pipe, no file); None without the tool."""
    tool = folder.parent.parent / "bin" / "opencc_dict"
    if not tool.is_file():
        return None
    try:
        dumped = subprocess.run(
            [str(tool), "-i", file, "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    entries: list[tuple[str, str]] = []
    for line in dumped.split("\n"):
        if not line:
            continue
        key, tab, values = line.partition("\t")
        if not tab or not key or not values:
            return None
        entries.append((key, values))
    return entries


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
