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
        assert convert(entry["example"], to=target) == entry["example"]  # type: ignore[arg-type]


def test_traditional_usage_character_is_still_converted_in_simplified_text() -> None:
    assert convert("这是一个村庄。", to="tw") == "這是一個村莊。"
