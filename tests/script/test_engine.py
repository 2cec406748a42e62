"""The engine layer: the official OpenCC binding, one cached converter per config (issue 5)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        engine.converter("x2y")


def test_lone_surrogates_do_not_reach_the_native_engine() -> None:
    """The native engine raises UnicodeEncodeError on them; the wrapper converts around them."""
    assert engine.converter("t2s").convert("這\ud800個\udfff") == "这\ud800个\udfff"
    assert engine.converter("t2s").convert("\ud800") == "\ud800"


@pytest.mark.parametrize("config", engine.CONFIGS, ids=engine.CONFIGS)
def test_the_unified_converter_writes_what_the_official_one_writes_on_unified_text(config: str) -> None:
    """Without its compatibility-ideograph stage the config still converts phrases and characters."""
    text = "這裡的軟體很好，乾燥的天氣著實難受。我们的软件，後來发现了问题。"
    unified = engine.unified_converter(config)
    assert unified is not engine.converter(config)
    assert unified.convert(text) == engine.converter(config).convert(text)


def test_the_unified_converter_leaves_compatibility_ideographs_to_its_caller() -> None:
    """U+F900 is a compatibility form of 豈: the official t2s maps it (then 豈 -> 岂), the unified one
    has no stage for it, which is why the step maps such characters before converting."""
    assert engine.converter("t2s").convert("這是\uf900字") == "这是岂字"
    assert engine.unified_converter("t2s").convert("這是\uf900字") == "这是\uf900字"


@pytest.mark.parametrize("config", engine.CONFIGS, ids=engine.CONFIGS)
def test_the_lean_converter_writes_what_the_official_one_writes_without_tofu_risk_keys(
    config: str,
) -> None:
    """Without its tofu-risk dictionary (TSCharactersExt) a config converts common text the same."""
    text = "這裡的軟體很好，乾燥的天氣著實難受。我们的软件，後來发现了问题。"
    assert engine.lean_converter(config).convert(text) == engine.converter(config).convert(text)


def test_the_lean_converter_leaves_tofu_risk_keys_to_its_caller() -> None:
    """TSCharactersExt maps 㑮 to 𫝈 (its sixth line); the lean t2s has no such entry, which is why
    the step uses it only on text that its screens found free of those keys."""
    assert engine.unified_converter("t2s").convert("㑮") == "𫝈"
    assert engine.lean_converter("t2s").convert("㑮") == "㑮"


def test_a_config_without_tofu_risk_dictionaries_has_no_separate_lean_converter() -> None:
    """s2t has no may_output_tofu dictionary: its lean converter is its unified one."""
    assert engine.lean_converter("s2t") is engine.unified_converter("s2t")


def test_the_derived_converters_are_built_without_writing_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The derived config reaches OpenCC as an in-memory file, so nothing is written to the
    temporary directory (the tool writes only to its output directory)."""

    def no_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was asked for")

    monkeypatch.setattr("tempfile.TemporaryDirectory", no_files)
    monkeypatch.setattr("tempfile.mkstemp", no_files)
    monkeypatch.setattr("tempfile.NamedTemporaryFile", no_files)
    derived = engine._derived_native("t2s", lean=False)
    assert derived is not None
    assert derived.convert("漢字") == "汉字"


def test_without_in_memory_files_the_derived_converters_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no in-memory file can be made, the unified converter is the official one and the lean
    converter the unified one, never an error."""

    def no_memory_files(name: str) -> int:
        raise OSError("memfd_create is not supported")

    monkeypatch.setattr("os.memfd_create", no_memory_files)
    assert engine._derived_converter("t2s", lean=False) is engine.converter("t2s")
    assert engine._derived_converter("t2s", lean=True) is engine.unified_converter("t2s")
    monkeypatch.delattr("os.memfd_create")
    assert engine._derived_converter("t2s", lean=False) is engine.converter("t2s")


@pytest.mark.parametrize("build", [engine.unified_converter, engine.lean_converter], ids=["unified", "lean"])
def test_an_unknown_config_is_an_engine_error_for_the_derived_converters(build: object) -> None:
    with pytest.raises(EngineError, match="unknown OpenCC config"):
        build("x2y")  # type: ignore[operator]


LEAN_SAMPLE = "這这說说們们裡里著着乾干係系臺台後后發发髮麼么岳嶽了瞭的是在有我他你和不人中國国大為为，。\n"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(LEAN_SAMPLE)), max_size=40))
def test_the_lean_reverse_converters_agree_with_the_official_ones_on_text_without_tofu_keys(
    text: str,
) -> None:
    """Phrases and characters of both scripts, in any order: the lean t2s, tw2s and hk2s write what
    the official configs write, as long as no tofu-risk key or compatibility ideograph is present."""
    for config in ("t2s", "tw2s", "hk2s"):
        assert engine.lean_converter(config).convert(text) == engine.converter(config).convert(text)


def test_a_group_whose_key_lengths_tier_becomes_one_text_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Phrases (two characters and more) before characters (one): one dictionary with every entry,
    the earlier dictionary's candidates for a key in both, sorted by key."""
    dumps = {
        "phrases.ocd2": [("乾燥", "干燥"), ("乾隆", "乾隆")],
        "characters.ocd2": [("燥", "燥"), ("乾", "干 乾")],
        "extra.ocd2": [("乾", "亁")],
    }
    monkeypatch.setattr(engine, "_dictionary_entries", lambda file, folder: dumps[file])
    group = {
        "type": "group",
        "dicts": [
            {"type": "ocd2", "file": name} for name in ("phrases.ocd2", "characters.ocd2", "extra.ocd2")
        ],
    }
    merged = engine._merged_group(group, Path())
    assert merged == "乾\t干 乾\n乾燥\t干燥\n乾隆\t乾隆\n燥\t燥\n"


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ([("乾燥", "干燥")], [("乾燥劑", "干燥剂")]),
        ([("乾", "干")], [("乾燥", "干燥")]),
    ],
    ids=["a-later-key-is-longer", "characters-before-phrases"],
)
def test_a_group_whose_key_lengths_do_not_tier_stays_a_group(
    monkeypatch: pytest.MonkeyPatch, earlier: list[tuple[str, str]], later: list[tuple[str, str]]
) -> None:
    """A later dictionary with a key longer than one of an earlier dictionary could win a position
    in one merged dictionary that the earlier one wins in the group: no merge."""
    dumps = {"earlier.ocd2": earlier, "later.ocd2": later}
    monkeypatch.setattr(engine, "_dictionary_entries", lambda file, folder: dumps[file])
    group = {"type": "group", "dicts": [{"type": "ocd2", "file": name} for name in dumps]}
    assert engine._merged_group(group, Path()) is None


def test_without_the_dictionary_tool_the_derived_converters_keep_the_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No ``opencc_dict`` beside the binding (or one that fails): the derived config keeps OpenCC's
    groups, and still converts."""
    monkeypatch.setattr(engine, "_dictionary_entries", lambda file, folder: None)
    derived = engine._derived_native("t2s", lean=True)
    assert derived is not None
    assert derived.convert("乾燥的頭髮") == engine.converter("t2s").convert("乾燥的頭髮") == "干燥的头发"


def test_the_installed_reverse_dictionaries_are_dumped_with_their_candidates() -> None:
    """The binding's own tool writes TSPhrases and TSCharacters out as text: 憑藉 -> 凭借 and
    長 -> 长 (OpenCC's data/dictionary sources), every line a key and its candidates."""
    import opencc

    folder = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    phrases = engine._dictionary_entries(str(folder / "TSPhrases.ocd2"), folder)
    characters = engine._dictionary_entries(str(folder / "TSCharacters.ocd2"), folder)
    assert phrases is not None and characters is not None
    assert ("憑藉", "凭借") in phrases
    assert ("長", "长") in characters
    assert min(len(key) for key, _ in phrases) == 2
    assert max(len(key) for key, _ in characters) == 1


def _phrase_keys() -> list[str]:
    import opencc

    folder = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    keys: list[str] = []
    for name in ("TSPhrases", "TWVariantsRevPhrases", "HKVariantsRevPhrases"):
        keys += [key for key, _ in engine._dictionary_entries(str(folder / f"{name}.ocd2"), folder) or []]
    return sorted(keys)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(_phrase_keys()), st.integers(0, 3), st.integers(0, 3)), max_size=8
    )
)
def test_the_merged_reverse_converters_agree_with_the_official_ones_on_cut_phrases(
    pieces: list[tuple[str, int, int]],
) -> None:
    """Phrase keys of the reverse configs, cut at either end and run together, so that phrases
    overlap and characters stand alone: the derived t2s, tw2s and hk2s (one text dictionary per
    group) write what the official configs write."""
    text = "".join(key[start : len(key) - end] for key, start, end in pieces)
    for config in ("t2s", "tw2s", "hk2s"):
        assert engine.lean_converter(config).convert(text) == engine.converter(config).convert(text)
        assert engine.unified_converter(config).convert(text) == engine.converter(config).convert(text)


def test_a_single_dictionary_becomes_a_text_dictionary_with_its_own_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """tw2s segments with TSPhrases alone: the same entries, sorted by key, as a text dictionary."""
    dumps = {"phrases.ocd2": [("憑藉", "凭借"), ("乾燥", "干燥")]}
    monkeypatch.setattr(engine, "_dictionary_entries", lambda file, folder: dumps[file])
    single = {"type": "ocd2", "file": "phrases.ocd2"}
    assert engine._text_dictionary(single, Path()) == "乾燥\t干燥\n憑藉\t凭借\n"
    assert engine._text_dictionary({"type": "text", "file": "phrases.txt"}, Path()) is None
