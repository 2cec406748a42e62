"""A run's output as comparable data, for tests that compare two runs."""

from __future__ import annotations

import json
from pathlib import Path

TIMING_FIELDS = ("seconds", "megabytes_per_second", "step_seconds")


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, with run timings taken out of the report and the journal left aside."""
    files: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if not path.is_file() or relative.startswith(".corpus-state") or relative == "report.html":
            continue
        data = path.read_bytes()
        if relative == "report.json":
            report = json.loads(data)
            for name in TIMING_FIELDS:
                report.pop(name)
            data = json.dumps(report, sort_keys=True).encode()
        files[relative] = data
    return files
