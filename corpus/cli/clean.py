"""``corpus clean INPUT... [--out DIR]``: the whole job, files in, clean corpus out."""

from __future__ import annotations

from pathlib import Path

import click

from corpus.cli.common import cli
from corpus.config import FORMATS, TARGETS, CleanConfig
from corpus.run import clean_paths


def _parse_jobs(value: str | None) -> int | None:
    if value is None or value == "all":
        return None
    try:
        jobs = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number or 'all'", param_hint="--jobs") from None
    if jobs < 1:
        raise click.BadParameter("must be at least 1", param_hint="--jobs")
    return jobs


@cli.command("clean")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Output directory (default: INPUT.clean beside the input).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="tree: mirror the input paths as UTF-8 text (default); jsonl: shards of {text, meta}.",
)
@click.option(
    "--to",
    "target",
    type=click.Choice(TARGETS),
    default=None,
    help="Target script: s Simplified (default), t Traditional, tw Taiwan, twp Taiwan "
    "with Taiwan phrases, hk Hong Kong.",
)
@click.option("--no-convert", is_flag=True, help="Leave the script as it is.")
@click.option("--no-strip", is_flag=True, help="Leave boilerplate in place.")
@click.option(
    "--keep",
    "keep",
    default="",
    metavar="CATEGORIES",
    help="Boilerplate categories to keep, comma-separated (e.g. byline,nav).",
)
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="An extra rule file (TOML); may be given more than once.",
)
@click.option("-j", "--jobs", default=None, metavar="N|all", help="Worker processes (default: all cores).")
@click.option("--force", is_flag=True, help="Write into a non-empty output directory not made by corpus.")
def clean_command(
    inputs: tuple[str, ...],
    out_dir: Path | None,
    output_format: str | None,
    target: str | None,
    no_convert: bool,
    no_strip: bool,
    keep: str,
    rule_files: tuple[str, ...],
    jobs: str | None,
    force: bool,
) -> None:
    """Detect, convert and strip every file under INPUT..., writing a clean corpus."""
    defaults = CleanConfig()
    config = CleanConfig(
        target=target or defaults.target,  # type: ignore[arg-type]
        convert=not no_convert,
        strip=not no_strip,
        keep_categories=frozenset(part.strip() for part in keep.split(",") if part.strip()),
        rule_files=rule_files,
        output_format=output_format or defaults.output_format,  # type: ignore[arg-type]
        jobs=_parse_jobs(jobs),
    )
    result = clean_paths(inputs, out_dir, config, force=force)
    click.echo(result.report.summary(result.out_dir), err=True)
