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


def decode_input(path: str, data: bytes, action: str = "convert") -> str:
    """Decode with the encoding step; fall back to strict UTF-8 while that step is not installed.

    Empty or whitespace-only input is passed on as it is, not refused: ``corpus detect - --decode``
    passes it on, and a filter in a pipe (``cat``, ``tr``) answers nothing with nothing. What cannot
    be decoded is an :class:`InputError` saying what ``action`` could not be done.
    """
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
    if isinstance(outcome, Rejection) and outcome.reason == "empty":
        return _whitespace(data)
    if isinstance(outcome, Rejection):
        raise InputError(f"cannot {action} {path}: {outcome.reason}", outcome.detail or None)
    return outcome.text


def _whitespace(data: bytes) -> str:
    """The text of input that the encoding step rejected as empty (0 bytes, or only whitespace)."""
    from corpus.encoding.decode import decode_text
    from corpus.encoding.detect import detect_decoded

    if not data:
        return ""
    detection, decoded = detect_decoded(data)
    return decode_text(data, detection, decoded=decoded)[0] if detection.encoding else ""


@cli.command("convert")
@click.option(
    "--to",
    "target",
    type=click.Choice(TARGETS),
    default=None,
    help="Target script: s Simplified (default), t Traditional, tw Taiwan, "
    "twp Taiwan with Taiwan phrases, hk Hong Kong.",
)
@click.argument("source", default="-", metavar="[FILE|-]")
def convert_command(target: Target | None, source: str) -> None:
    """Convert the Chinese in FILE (or stdin) to the target script; other text is left untouched.

    The input's encoding is detected as `corpus clean` does; the output is UTF-8. No boilerplate is
    stripped.
    """
    from corpus.script.convert import convert

    data = read_input_bytes(source)
    text = decode_input("-" if source == "-" else source, data)
    write_stdout(convert(text, to=target or CleanConfig().target))
