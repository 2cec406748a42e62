"""Render the hand-written boilerplate fixtures into the scorer's JSONL format.

Usage: python scripts/gen_boilerplate_fixtures.py

Reads ``tests/fixtures/boilerplate/source/*.txt`` (text written for corpus, with one marker per line) and
writes ``tests/fixtures/boilerplate/<name>.jsonl``: one record per document with ``text``, ``labels``,
``categories``, ``inline_strip``, ``inline_categories``, ``hard_negative_lines`` and ``hard_negative_doc``,
the format of ``shared/eval/boilerplate/score.py``, so our Traditional and pinyin fixtures are scored by the
same scorer as the development set (``score.py 'corpus strip -' --docs FILE``).

Source format: ``=== id`` starts a document; ``# key: value`` lines right after it set ``origin``,
``script``, ``hard_negative_doc`` and ``note``; then each line is ``K text`` (keep), ``H text`` (keep, and
a hard negative: content that looks like boilerplate), ``S category|text`` (strip the whole line) or an
empty line. Inside a kept line, ``{{category:text}}`` marks a span that should be removed (pinyin residue,
a labelled credit); the braces are not part of the document.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "boilerplate" / "source"
TARGET = ROOT / "tests" / "fixtures" / "boilerplate"
INLINE = re.compile(r"\{\{([a-z]+):([^}]+)\}\}")
CATEGORIES = {
    "licence", "copyright", "disclaimer", "byline", "source", "follow",
    "ad", "nav", "footer", "image", "markup", "pinyin",
}  # fmt: skip


def parse(path: Path) -> list[dict[str, object]]:
    """Parse one source file into scorer records."""
    documents: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    rows: list[tuple[str, str, str | None]] = []

    def finish() -> None:
        if current is None:
            return
        while rows and rows[-1][1] == "":
            rows.pop()
        text_lines: list[str] = []
        labels: list[str] = []
        categories: list[str | None] = []
        hard: list[int] = []
        inline: dict[str, str] = {}
        for index, (marker, line, category) in enumerate(rows):
            for found in INLINE.finditer(line):
                inline.setdefault(found.group(2), found.group(1))
            text_lines.append(INLINE.sub(lambda found: found.group(2), line))
            labels.append("strip" if marker == "S" else "keep")
            categories.append(category)
            if marker == "H":
                hard.append(index)
        current.update(
            text="\n".join(text_lines),
            labels=labels,
            categories=categories,
            inline_strip=list(inline),
            inline_categories=list(inline.values()),
            hard_negative_lines=hard,
        )
        documents.append(current)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("=== "):
            finish()
            current = {
                "id": raw[4:].strip(),
                "source": f"corpus:tests/fixtures/boilerplate/source/{path.name}",
                "origin": "",
                "script": "hans",
                "hard_negative_doc": False,
                "note": "",
            }
            rows = []
            continue
        if current is None:
            continue
        if raw.startswith("# ") and not rows and ":" in raw:
            key, value = raw[2:].split(":", 1)
            value = value.strip()
            current[key.strip()] = value == "true" if key.strip() == "hard_negative_doc" else value
            continue
        if not raw.strip():
            rows.append(("K", "", None))
            continue
        marker, _, line = raw.partition(" ")
        if marker in ("K", "H"):
            rows.append((marker, line, None))
        elif marker == "S":
            category, _, line = line.partition("|")
            if category not in CATEGORIES:
                raise SystemExit(f"{path}:{number}: unknown category {category!r}")
            rows.append(("S", line, category))
        else:
            raise SystemExit(f"{path}:{number}: a line must start with K, H or S")
    finish()
    return documents


def main() -> int:
    for path in sorted(SOURCE.glob("*.txt")):
        records = parse(path)
        target = TARGET / f"{path.stem}.jsonl"
        target.write_text(
            "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8"
        )
        print(f"{target.relative_to(ROOT)}: {len(records)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
