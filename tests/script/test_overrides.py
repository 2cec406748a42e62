"""Our additions to the OpenCC-derived tables (``corpus/script/data/overrides.toml``): each entry's own
example is its proof, as with the boilerplate rules."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from corpus.script.convert import convert
from corpus.script.spans import tables

OVERRIDES = tomllib.loads(
    resources.files("corpus.script").joinpath("data", "overrides.toml").read_text(encoding="utf-8")
)
USAGE = OVERRIDES["traditional_usage"]


def test_override_ids_are_unique() -> None:
    ids = [entry["id"] for entry in USAGE]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("entry", USAGE, ids=[entry["id"] for entry in USAGE])
def test_traditional_usage_character_is_kept_in_traditional_text(entry: dict[str, str]) -> None:
    assert entry["character"] in entry["example"]
    assert tables().simplified_only.found(entry["character"]), "not Simplified-only: entry is pointless"
    for target in ("t", "tw", "twp", "hk"):
        assert convert(entry["example"], to=target) == entry["example"]


def test_traditional_usage_character_is_still_converted_in_simplified_text() -> None:
    assert convert("这是一个村庄。", to="tw") == "這是一個村莊。"


CORRECTIONS = OVERRIDES["correction"]


def test_correction_ids_are_unique_and_sorted_within_their_file() -> None:
    ids = [entry["id"] for entry in CORRECTIONS]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)


@pytest.mark.parametrize("entry", CORRECTIONS, ids=[entry["id"] for entry in CORRECTIONS])
def test_correction_converts_its_examples_and_keeps_its_look_alikes(entry: dict[str, object]) -> None:
    pairs = list(entry["convert"]) + list(entry["keep"])  # type: ignore[call-overload]
    assert entry["convert"], "every correction needs an example it makes"
    target = str(entry.get("target", "s"))
    for source, expected in pairs:
        assert convert(source, to=target) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("entry", CORRECTIONS, ids=[entry["id"] for entry in CORRECTIONS])
def test_correction_writes_no_evidence_of_the_script_it_converts_from(entry: dict[str, object]) -> None:
    """Otherwise a second run would convert the correction again (idempotence)."""
    replacement = entry.get("replacement")
    if isinstance(replacement, str):
        evidence = tables().traditional_only if entry.get("target", "s") == "s" else tables().simplified_only
        assert not evidence.found(replacement)


def test_an_override_that_only_the_regional_config_needs_is_not_applied_under_t2s() -> None:
    """Without a Taiwan marker the document goes through t2s, which keeps 論著 right on its own."""
    assert convert("這是他的論著。") == "这是他的论著。"
