"""CleanConfig: the one place where defaults live.

The CLI, an optional ``corpus.toml`` and the Python API all build a :class:`CleanConfig`; nothing else
holds a default. The config is frozen and hashable, so worker processes can cache expensive objects (the
OpenCC converter, compiled rules) keyed by it, and its hash goes into every document's provenance.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal, get_args

from corpus.errors import UsageError

Target = Literal["s", "t", "tw", "twp", "hk"]
"""Target script: Simplified (``s``), OpenCC Traditional (``t``), Taiwan (``tw``), Taiwan with Taiwan
phrases (``twp``), Hong Kong (``hk``)."""

OutputFormat = Literal["tree", "jsonl", "parquet"]
Compression = Literal["none", "gzip", "zstd"]
Engine = Literal["local", "ray"]

TARGETS: tuple[str, ...] = get_args(Target)
FORMATS: tuple[str, ...] = get_args(OutputFormat)
COMPRESSIONS: tuple[str, ...] = get_args(Compression)
ENGINES: tuple[str, ...] = get_args(Engine)

DEFAULT_SHARD_BYTES = 256 * 1000 * 1000
"""256 MB: large enough that a corpus of terabytes stays in thousands of files, small enough that one
shard loads comfortably into memory and a crash redoes little work."""

RUN_ONLY_FIELDS = ("jobs", "output_format", "shard_size", "compression", "engine", "address")
"""Settings that change where and how output is written, never the text; left out of the content hash."""


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
    """``tree`` mirrors the input paths as UTF-8 text; ``jsonl`` and ``parquet`` write shards of
    ``{text, meta}`` records."""

    shard_size: int = DEFAULT_SHARD_BYTES
    """Bytes of uncompressed records per JSONL/Parquet shard before rolling over to the next one."""

    compression: Compression = "none"
    """Compression of JSONL shards (``gzip``, or ``zstd`` with the zstd extra). Parquet always uses zstd
    inside the file."""

    split_size: int = 4 * 1000 * 1000
    """Files larger than this are cut into chunks of about this size at paragraph breaks, each cleaned
    as its own task (and written as its own record in JSONL/Parquet). A worker's peak memory grows with
    the chunk: cleaning a 100 MB GB18030 file in one process peaked at 517 MB with 16 MB chunks, 131 MB
    with 4 MB and 95 MB with 2 MB, and ran no slower with the smaller ones (26 s against 31 s). 4 MB is
    still about a second of work per chunk, so scheduling overhead stays negligible."""

    jobs: int | None = None
    """Worker processes; ``None`` means every core. 1 runs serially in-process."""

    engine: Engine = "local"
    """``local`` runs on this machine; ``ray`` runs the same steps on a Ray cluster (the ray extra)."""

    address: str | None = None
    """Ray cluster address for ``engine = "ray"``; ``None`` starts a local Ray instance."""

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
        if self.compression not in COMPRESSIONS:
            raise UsageError(
                f"unknown compression {self.compression!r}", f"choose one of {', '.join(COMPRESSIONS)}"
            )
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}", f"choose one of {', '.join(ENGINES)}")
        if self.split_size < 1_000_000:
            raise UsageError(f"split size must be at least 1MB, not {self.split_size}")
        if self.shard_size < 1:
            raise UsageError(f"shard size must be positive, not {self.shard_size}")

    def as_dict(self) -> dict[str, object]:
        """The effective configuration as plain JSON-able data (for the report)."""
        data = asdict(self)
        data["keep_categories"] = sorted(self.keep_categories)
        data["rule_files"] = list(self.rule_files)
        return data

    def content_hash(self) -> str:
        """A short hash of the settings that change output text (not jobs, format, engine...)."""
        return _content_hash(self)


@functools.cache
def _content_hash(config: CleanConfig) -> str:
    """:meth:`CleanConfig.content_hash`, computed once per config (every document's provenance
    carries it)."""
    data = config.as_dict()
    for name in RUN_ONLY_FIELDS:
        data.pop(name, None)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


CONFIG_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CleanConfig))


SIZE_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}


def parse_size(value: str | int) -> int:
    """Parse ``256MB``, ``1.5GB``, ``64KiB`` or a plain byte count.

    >>> parse_size("256MB")
    256000000
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip().lower().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(number) :]
    if unit not in SIZE_UNITS or not number:
        raise UsageError(f"cannot read size {value!r}", "write it like 256MB, 1GB or 64KiB")
    try:
        amount = float(number)
    except ValueError:
        raise UsageError(f"cannot read size {value!r}", "write it like 256MB, 1GB or 64KiB") from None
    return int(amount * SIZE_UNITS[unit])


OPTION_FIELDS: dict[str, str] = {
    "to": "target",
    "target": "target",
    "convert": "convert",
    "strip": "strip",
    "keep": "keep_categories",
    "keep-categories": "keep_categories",
    "rules": "rule_files",
    "rule-files": "rule_files",
    "format": "output_format",
    "output-format": "output_format",
    "shard-size": "shard_size",
    "split-size": "split_size",
    "compression": "compression",
    "jobs": "jobs",
    "engine": "engine",
    "address": "address",
}
"""Names a setting may have in ``corpus.toml`` (the CLI spelling, or the field name) -> config field."""


def normalize_setting(name: str, value: object) -> tuple[str, object]:
    """Map one ``corpus.toml`` entry onto a CleanConfig field, converting its value's type."""
    key = OPTION_FIELDS.get(name.replace("_", "-"))
    if key is None:
        known = ", ".join(sorted({k for k in OPTION_FIELDS if "-" not in k or k == "shard-size"}))
        raise UsageError(f"unknown setting {name!r} in configuration", f"known settings: {known}")
    if key in ("keep_categories", "rule_files"):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple | set | frozenset):
            raise UsageError(f"setting {name!r} must be a list of strings")
        cleaned = tuple(str(item).strip() for item in items if str(item).strip())
        return key, frozenset(cleaned) if key == "keep_categories" else cleaned
    if key in ("shard_size", "split_size"):
        if not isinstance(value, str | int):
            raise UsageError(f'setting {name!r} must be a size such as "256MB"')
        return key, parse_size(value)
    if key == "jobs":
        if value in (None, "all"):
            return key, None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            # 0 is refused as --jobs 0 is, rather than read as "all" here alone.
            raise UsageError(f"setting 'jobs' must be a number from 1 or \"all\", not {value!r}")
        return key, value
    if key in ("convert", "strip") and not isinstance(value, bool):
        raise UsageError(f"setting {name!r} must be true or false, not {value!r}")
    return key, value


def config_from_settings(settings: dict[str, object], base: CleanConfig | None = None) -> CleanConfig:
    """Build a config from ``corpus.toml``-style settings over ``base`` (the defaults when None)."""
    values = {f.name: getattr(base or CleanConfig(), f.name) for f in fields(CleanConfig)}
    for name, value in settings.items():
        key, converted = normalize_setting(name, value)
        values[key] = converted
    return CleanConfig(**values)


def load_settings(path: Path) -> dict[str, object]:
    """Read settings from a ``corpus.toml`` file, or from ``[tool.corpus]`` of a ``pyproject.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read configuration {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"configuration {path} is not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("corpus", {}) if isinstance(tool, dict) else {}
        return dict(section) if isinstance(section, dict) else {}
    return data


def find_settings_file(directory: Path) -> Path | None:
    """The configuration that applies in ``directory``: ``corpus.toml``, else a ``pyproject.toml``
    that has a ``[tool.corpus]`` table."""
    candidate = directory / "corpus.toml"
    if candidate.is_file():
        return candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and load_settings(pyproject):
        return pyproject
    return None


def config_to_toml(config: CleanConfig) -> str:
    """The effective configuration as a ``corpus.toml`` that would reproduce it."""
    lines = []
    for name, value in config.as_dict().items():
        if value is None:
            lines.append(f"# {name} = (unset)")
            continue
        lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
