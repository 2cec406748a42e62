"""Turn command-line flags (and an optional ``corpus.toml``) into one CleanConfig.

Precedence, lowest first: the defaults in :class:`corpus.config.CleanConfig`, the settings file
(``--config FILE``, else ``corpus.toml`` or ``[tool.corpus]`` in the working directory), then flags given
on the command line. A flag that was not given never overrides the file, so every flag's default lives in
CleanConfig alone.
"""

from __future__ import annotations

from pathlib import Path

import click

from corpus.config import CleanConfig, config_from_settings, find_settings_file, load_settings
from corpus.errors import UsageError


def settings_file(explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"no such configuration file: {explicit}")
        return explicit
    return find_settings_file(Path.cwd())


def build_config(explicit_file: Path | None, flags: dict[str, object]) -> CleanConfig:
    """Defaults, then the settings file, then the flags that were actually given (not None)."""
    path = settings_file(explicit_file)
    base = config_from_settings(load_settings(path)) if path is not None else CleanConfig()
    given = {name: value for name, value in flags.items() if value is not None}
    return config_from_settings(given, base)


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Settings file (default: ./corpus.toml, or [tool.corpus] in ./pyproject.toml).",
)
