"""CleanConfig: the one place where defaults live.

The CLI, an optional ``corpus.toml`` and the Python API all build a :class:`CleanConfig`; nothing else
holds a default. The config is frozen and hashable, so worker processes can cache expensive objects (the
OpenCC converter, compiled rules) keyed by it, and its hash goes into every document's provenance.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Literal, get_args

from corpus.errors import UsageError

Target = Literal["s", "t", "tw", "twp", "hk"]
"""Target script: Simplified (``s``), OpenCC Traditional (``t``), Taiwan (``tw``), Taiwan with Taiwan
phrases (``twp``), Hong Kong (``hk``)."""

OutputFormat = Literal["tree", "jsonl"]

TARGETS: tuple[str, ...] = get_args(Target)
FORMATS: tuple[str, ...] = get_args(OutputFormat)


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Everything that decides what a run produces. Defaults are chosen for LLM pre-training corpora."""

    target: Target = "s"
    """Script every Chinese document is normalized to. Simplified is what most Chinese corpora use."""

    convert: bool = True
    """Normalize the script at all. Off leaves every document in the script it came in."""

    strip: bool = True
    """Strip boilerplate (licence footers, bylines, share prompts, pinyin residue)."""

    keep_categories: frozenset[str] = field(default_factory=frozenset)
    """Boilerplate categories to leave in place (e.g. ``byline`` for a corpus that studies attribution)."""

    rule_files: tuple[str, ...] = ()
    """Extra user rule files (TOML), applied after the built-in pack."""

    output_format: OutputFormat = "tree"
    """``tree`` mirrors the input paths as UTF-8 text; ``jsonl`` writes shards of ``{text, meta}``."""

    jobs: int | None = None
    """Worker processes; ``None`` means every core. 1 runs serially in-process."""

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise UsageError(f"unknown target script {self.target!r}", f"choose one of {', '.join(TARGETS)}")
        if self.output_format not in FORMATS:
            raise UsageError(
                f"unknown output format {self.output_format!r}",
                f"choose one of {', '.join(FORMATS)}",
            )
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"--jobs must be at least 1, not {self.jobs}")

    def as_dict(self) -> dict[str, object]:
        """The effective configuration as plain JSON-able data (for the report)."""
        data = asdict(self)
        data["keep_categories"] = sorted(self.keep_categories)
        data["rule_files"] = list(self.rule_files)
        return data

    def content_hash(self) -> str:
        """A short hash of the settings that change output text (not jobs, not format)."""
        data = self.as_dict()
        for name in ("jobs", "output_format"):
            data.pop(name, None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


CONFIG_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CleanConfig))
