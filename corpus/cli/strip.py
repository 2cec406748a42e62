"""``corpus strip [FILE|-] [--explain] [--keep CATS] [--rules FILE]``: strip boilerplate from one text.

The input is decoded the way ``corpus clean`` decodes it; only the stripping step runs (no script
conversion, so the output can be compared character by character with the input). ``--explain`` prints,
instead of the text, one line per removal: line number, category, rule id and what was removed.
"""

from __future__ import annotations

import click

from corpus.boilerplate.rules import CATEGORIES
from corpus.boilerplate.strip import StripResult, strip_text
from corpus.cli.common import cli, read_input_bytes, write_stdout
from corpus.cli.convert import decode_input


def parse_keep(value: str | None) -> frozenset[str]:
    """``byline,nav`` -> {"byline", "nav"}; empty items are ignored, unknown names refused later."""
    if not value:
        return frozenset()
    return frozenset(item.strip() for item in value.split(",") if item.strip())


def explain(result: StripResult) -> str:
    """One line per removal: ``LINE<TAB>CATEGORY<TAB>RULE<TAB>line|span<TAB>EXCERPT``, then a total."""
    rows = [
        f"{removal.line + 1}\t{removal.category}\t{removal.rule}\t"
        f"{'line' if removal.whole_line else 'span'}\t{removal.excerpt}"
        for removal in result.removals
    ]
    lines = sum(1 for removal in result.removals if removal.whole_line)
    spans = len(result.removals) - lines
    rows.append(f"# {lines} lines and {spans} spans removed")
    return "\n".join(rows) + "\n"


@cli.command("strip")
@click.option("--explain", "explain_flag", is_flag=True, help="List every removal instead of the text.")
@click.option(
    "--keep",
    "keep",
    default=None,
    metavar="CATEGORIES",
    help=f"Categories to leave in place, comma-separated ({', '.join(sorted(CATEGORIES))}).",
)
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="An extra rule file (TOML), applied with the built-in pack; may be given more than once.",
)
@click.argument("source", default="-", metavar="[FILE|-]")
def strip_command(explain_flag: bool, keep: str | None, rule_files: tuple[str, ...], source: str) -> None:
    """Remove boilerplate (licence lines, bylines, share prompts, pinyin residue) from FILE or stdin.

    The input's encoding is detected as `corpus clean` does; the output is UTF-8. The script is not
    converted.
    """
    data = read_input_bytes(source)
    text = decode_input("-" if source == "-" else source, data, "strip")
    result = strip_text(text, keep_categories=parse_keep(keep), rule_files=tuple(rule_files))
    write_stdout(explain(result) if explain_flag else result.text)
