"""The held-out page sets: styles the rules were not tuned on, and not one kept line may be lost.

``tests/boilerplate/generalization/pages.txt`` and ``pages2.txt`` hold pages written for corpus and
labelled by hand before the stripper saw them (Taiwan and Hong Kong news, government notices, WeChat
variants, forum threads, blogs, a shop page, journal and thesis abstract pages, articles about filing,
copyright and disclaimers). The second batch was written after rules were changed for the first, to
measure how far those changes carried. Recall is measured with the development-set scorer
(``score.py --docs``, after rendering a file with ``scripts/gen_boilerplate_fixtures.py``'s parser);
this test pins what matters more: every line labelled keep, hard negatives included, comes out whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corpus.boilerplate.strip import strip_text
from tests.script_modules import load_script

HERE = Path(__file__).resolve().parent / "generalization"
PAGES = (HERE / "pages.txt", HERE / "pages2.txt")


# The fixtures' own parser, so the held-out set is read exactly as the scorer's input is.
_PARSER = load_script("gen_boilerplate_fixtures")
DOCUMENTS: list[dict[str, Any]] = [document for path in PAGES for document in _PARSER.parse(path)]


def _kept_lines(document: dict[str, Any]) -> list[str]:
    """The keep-labelled lines as a perfect stripper prints them (inline spans cut)."""
    kept = []
    for line, label in zip(document["text"].split("\n"), document["labels"], strict=True):
        if label != "keep" or not line.strip():
            continue
        for span in document["inline_strip"]:
            line = line.replace(span, "")
        kept.append(line.strip())
    return kept


def test_the_held_out_set_is_the_size_and_mixture_it_claims() -> None:
    assert len(DOCUMENTS) == 16 + 10
    assert sum(document["script"] == "hant" for document in DOCUMENTS) == 6 + 4
    assert sum(len(document["hard_negative_lines"]) for document in DOCUMENTS) == 46 + 14


@pytest.mark.parametrize("document", DOCUMENTS, ids=[document["id"] for document in DOCUMENTS])
def test_every_kept_line_of_a_held_out_page_comes_out_whole(document: dict[str, Any]) -> None:
    output = {line.strip() for line in strip_text(document["text"] + "\n").text.split("\n")}
    lost = [line for line in _kept_lines(document) if line not in output]
    assert lost == []
