"""``corpus clean INPUT... [--out DIR]``: the whole job, files in, clean corpus out.

``corpus clean -`` is the pipeline mode: JSONL or plain text on stdin, JSONL on stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from corpus.cli.common import cli, quiet_requested
from corpus.cli.settings import build_config, config_option
from corpus.config import COMPRESSIONS, ENGINES, FORMATS, TARGETS, CleanConfig
from corpus.errors import UsageError
from corpus.io.locations import is_uri
from corpus.io.publish import check_destination, default_staging, publish
from corpus.progress import Progress
from corpus.run import ResumeMode, clean_paths

FC = TypeVar("FC", bound=Callable[..., Any])


def parse_jobs(value: str | None) -> int | str | None:
    if value is None or value == "all":
        return value
    try:
        jobs = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number or 'all'", param_hint="--jobs") from None
    if jobs < 1:
        raise click.BadParameter("must be at least 1", param_hint="--jobs")
    return jobs


def config_flags(
    target: str | None,
    convert: bool | None,
    strip: bool | None,
    keep: str | None,
    rule_files: tuple[str, ...],
    output_format: str | None = None,
    shard_size: str | None = None,
    compression: str | None = None,
    jobs: str | None = None,
    engine: str | None = None,
    address: str | None = None,
) -> dict[str, object]:
    """The settings the user gave as flags, in ``corpus.toml`` spelling; ``None`` means not given."""
    return {
        "to": target,
        "convert": convert,
        "strip": strip,
        "keep": keep,
        "rules": list(rule_files) if rule_files else None,
        "format": output_format,
        "shard-size": shard_size,
        "compression": compression,
        "jobs": parse_jobs(jobs),
        "engine": engine,
        "address": address,
    }


def script_options(function: FC) -> FC:
    """Options shared by every command that cleans text: target script, stripping, rules."""
    for option in reversed(
        [
            click.option(
                "--to",
                "target",
                type=click.Choice(TARGETS),
                default=None,
                help="Target script: s Simplified (default), t Traditional, tw Taiwan, "
                "twp Taiwan with Taiwan phrases, hk Hong Kong.",
            ),
            click.option(
                "--convert/--no-convert", "convert", default=None, help="Normalize the script (default: on)."
            ),
            click.option(
                "--strip/--no-strip", "strip", default=None, help="Strip boilerplate (default: on)."
            ),
            click.option(
                "--keep",
                "keep",
                default=None,
                metavar="CATEGORIES",
                help="Boilerplate categories to keep, comma-separated, e.g. byline,nav "
                "(corpus strip --help lists them).",
            ),
            click.option(
                "--rules",
                "rule_files",
                multiple=True,
                type=click.Path(dir_okay=False),
                help="An extra rule file (TOML); may be given more than once.",
            ),
            config_option,
        ]
    ):
        function = option(function)
    return function


def _local_directory(context: click.Context, parameter: click.Parameter, value: str | None) -> Path | None:
    """A local (or mounted) directory. A URI is refused before click's path type would fold its
    ``//`` into a local directory named ``s3:``."""
    if value is None:
        return None
    if is_uri(value):
        option = "--" + (parameter.name or "dir").replace("_", "-")
        raise UsageError(f"{option} must be a local directory, not {value}")
    return Path(value)


@cli.command("clean")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--out",
    "out_dir",
    default=None,
    help="Output directory or URI (s3://...) (default: INPUT.clean beside the input).",
)
@click.option(
    "--staging",
    callback=_local_directory,
    default=None,
    help="With an --out URI: the local directory the run is built in before it is copied there.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="tree: mirror the input paths as UTF-8 text (default); jsonl or parquet: shards of {text, meta}.",
)
@click.option(
    "--shard-size",
    default=None,
    metavar="SIZE",
    help="Uncompressed bytes of records per shard before the next one starts, e.g. 1GB (default: 256MB).",
)
@click.option(
    "--compression",
    type=click.Choice(COMPRESSIONS),
    default=None,
    help="Compress JSONL shards (default: none; zstd needs the zstd extra).",
)
@script_options
@click.option(
    "-j",
    "--jobs",
    default=None,
    metavar="N|all",
    help="Worker processes (default: all cores); 1 runs in this process. With --engine ray: at most N.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Where to run: this machine, or Ray (the ray extra) (default: local).",
)
@click.option(
    "--address",
    default=None,
    help="Ray cluster address for --engine ray, e.g. auto (default: start a private local Ray).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty output directory (or --out URI) that corpus did not make.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")
@click.option(
    "--resume",
    "resume",
    is_flag=True,
    help="Refuse to start unless there is an earlier run to continue (a rerun resumes without it too).",
)
@click.option("--restart", "restart", is_flag=True, help="Discard earlier output and redo everything.")
@click.option(
    "--quarantine-dir",
    callback=_local_directory,
    default=None,
    help="Copy every rejected input file here, under its relative path.",
)
@click.option(
    "--rejects",
    "rejects_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="With INPUT '-': write rejected records here as JSONL (default: report them on stderr).",
)
def clean_command(
    inputs: tuple[str, ...],
    out_dir: str | None,
    staging: Path | None,
    output_format: str | None,
    shard_size: str | None,
    compression: str | None,
    target: str | None,
    convert: bool | None,
    strip: bool | None,
    keep: str | None,
    rule_files: tuple[str, ...],
    config_file: Path | None,
    jobs: str | None,
    engine: str | None,
    address: str | None,
    force: bool,
    quiet: bool,
    resume: bool,
    restart: bool,
    quarantine_dir: Path | None,
    rejects_file: Path | None,
) -> None:
    """Detect, convert and strip every file under INPUT..., writing a clean corpus.

    With INPUT '-', read JSONL (a "text" field; other fields are kept) or plain text from stdin and
    write JSONL to stdout.
    """
    flags = config_flags(
        target,
        convert,
        strip,
        keep,
        rule_files,
        output_format,
        shard_size,
        compression,
        jobs,
        engine,
        address,
    )
    config: CleanConfig = build_config(config_file, flags)
    if address is not None and config.engine != "ray":
        raise UsageError("--address is for the Ray engine", "add --engine ray")
    if resume and restart:
        raise UsageError("--resume and --restart contradict each other", "give one of them")
    if "-" in inputs:
        if len(inputs) != 1 or out_dir is not None:
            raise UsageError("'-' reads stdin and writes stdout; give it alone and without --out")
        # Options about files and the output directory; stdin mode writes JSONL records to stdout.
        stdin_only = {
            "--quarantine-dir": quarantine_dir,
            "--resume": resume,
            "--restart": restart,
            "--force": force,
            "--staging": staging,
            "--shard-size": shard_size,
            "--compression": compression,
            "--format": output_format not in (None, "jsonl"),
        }
        for option, value in stdin_only.items():
            if value:
                raise UsageError(f"{option} is for files; '-' has no input files or output directory")
        from corpus.cli.stream import clean_stdin

        clean_stdin(config, rejects_file)
        return
    if rejects_file is not None:
        raise UsageError(
            "--rejects is for INPUT '-'", "a run over files writes rejects.jsonl into its output"
        )
    mode: ResumeMode = "resume" if resume else "restart" if restart else "auto"
    silent = quiet_requested(quiet)
    destination = out_dir if out_dir is not None and is_uri(out_dir) else None
    if staging is not None and destination is None:
        raise UsageError("--staging is for an --out URI (s3://...); a local --out is written directly")
    if destination is not None:
        check_destination(destination, force=force)
        staging = staging if staging is not None else default_staging(destination)
    result = clean_paths(
        inputs,
        staging if destination is not None else (Path(out_dir) if out_dir is not None else None),
        config,
        force=force,
        resume=mode,
        quarantine_dir=quarantine_dir,
        progress=None if silent else Progress,
    )
    if destination is not None:
        published = publish(result.out_dir, destination)
        if not silent:
            click.echo(
                f"corpus: published {len(published)} files to {destination}; the run stays in"
                f" {result.out_dir} to resume or publish again (delete it when done)",
                err=True,
            )
    if silent:
        return
    if result.reused:
        click.echo(f"corpus: resumed: {result.reused} inputs were already done", err=True)
    click.echo(result.report.summary(destination or result.out_dir), err=True)


@cli.command("config")
@click.option("--show", is_flag=True, required=True, help="Print the effective configuration as TOML.")
@script_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output layout (default: tree).",
)
@click.option("-j", "--jobs", default=None, metavar="N|all", help="Worker processes (default: all cores).")
def config_command(
    show: bool,
    target: str | None,
    convert: bool | None,
    strip: bool | None,
    keep: str | None,
    rule_files: tuple[str, ...],
    config_file: Path | None,
    output_format: str | None,
    jobs: str | None,
) -> None:
    """Show the configuration that `corpus clean` would use here, with its source."""
    from corpus.cli.settings import settings_file
    from corpus.config import config_to_toml

    flags = config_flags(target, convert, strip, keep, rule_files, output_format, jobs=jobs)
    config = build_config(config_file, flags)
    source = settings_file(config_file)
    click.echo(f"# from: defaults{f' < {source}' if source else ''} < command line", err=False)
    click.echo(config_to_toml(config), nl=False)
