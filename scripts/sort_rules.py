"""Sort the [[rule]] tables of boilerplate rule files by id, in place (the tests require sorted files).

Usage: python scripts/sort_rules.py [FILE...]   (default: every file in corpus/boilerplate/rules/)

A rule file is a header comment followed by ``[[rule]]`` tables; the header stays first. Sorting keeps
diffs reviewable and makes a duplicate or misplaced rule easy to see, as OpenCC does for dictionaries.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "boilerplate" / "rules"
SEPARATOR = "\n[[rule]]\n"
ID = re.compile(r'^id = "([^"]+)"', re.MULTILINE)


def sort_file(path: Path) -> bool:
    """Sort one file; return True when it changed."""
    text = path.read_text(encoding="utf-8")
    header, *tables = text.split(SEPARATOR)
    keyed = []
    for table in tables:
        found = ID.search(table)
        if found is None:
            raise SystemExit(f"{path}: a [[rule]] table without an id")
        keyed.append((found.group(1), table.strip("\n") + "\n"))
    keyed.sort(key=lambda item: item[0])
    result = header.rstrip("\n") + "\n" + "".join(SEPARATOR + table for _, table in keyed)
    if result != text:
        path.write_text(result, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(RULES_DIR.glob("*.toml"))
    for path in paths:
        if sort_file(path):
            print(f"sorted {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
