"""The ``corpus`` command line: ``clean``, ``detect``, ``convert``, ``strip``.

This package is the only place that turns a :class:`corpus.errors.CorpusError` into
``corpus: error: <message>`` on stderr and an exit status. Each command lives in its own module and
registers itself on :data:`cli`.

Exit statuses (tested one by one in ``tests/cli``):

===  ======================================================================
0    the run completed (rejected files are reported, not an error)
1    the run could not complete: unwritable output, bad rule file, internal error
2    usage error: bad option, missing or wrong kind of input path
130  interrupted (Ctrl-C)
143  terminated (SIGTERM)
===  ======================================================================
"""

from __future__ import annotations

import sys

from corpus.cli import clean as _clean  # noqa: F401  (registers the command)
from corpus.cli.common import cli, run_main

for _module in ("detect", "convert", "strip"):
    try:
        __import__(f"corpus.cli.{_module}")
    except ModuleNotFoundError as _error:  # a command module not written yet must not break the others
        if _error.name != f"corpus.cli.{_module}":
            raise


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    sys.exit(run_main(argv))


__all__ = ["cli", "main"]
