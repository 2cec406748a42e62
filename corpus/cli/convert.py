"""``corpus convert [--to s|t|tw|twp|hk] [FILE|-]``: normalize the script of one text, to stdout.

The input is decoded the way ``corpus clean`` decodes it (encoding detection), so a GBK or Big5 file
works as well as UTF-8; the output is always UTF-8. Only the script step runs: no boilerplate stripping.
"""

from __future__ import annotations

import click

from corpus.cli.common import cli, read_input_bytes, write_stdout
from corpus.config import TARGETS, CleanConfig, Target
from corpus.document import RawFile, Rejection
from corpus.errors import InputError


def decode_input(path: str, data: bytes) -> str:
    """Decode with the encoding step; fall back to strict UTF-8 while that step is not installed."""
    try:
        from corpus.encoding.decode import decode_raw
    except ModuleNotFoundError as error:
        if error.name is None or not error.name.startswith("corpus.encoding"):
            raise
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as decode_error:
            raise InputError(f"{path} is not UTF-8 ({decode_error.reason})") from None
    outcome = decode_raw(RawFile(path=path, data=data))
    if isinstance(outcome, Rejection):
        raise InputError(f"cannot convert {path}: {outcome.reason}", outcome.detail or None)
    return outcome.text


@cli.command("convert")
@click.option(
    "--to",
    "target",
    type=click.Choice(TARGETS),
    default=None,
    help="Target script: s (Simplified, the default), t (OpenCC Traditional), tw, twp (Taiwan phrases), hk.",
)
@click.argument("source", default="-", metavar="[FILE|-]")
def convert_command(target: Target | None, source: str) -> None:
    """Convert the Chinese in FILE (or stdin) to the target script; other text is left untouched."""
    from corpus.script.convert import convert

    data = read_input_bytes(source)
    text = decode_input("-" if source == "-" else source, data)
    write_stdout(convert(text, to=target or CleanConfig().target))
