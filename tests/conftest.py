"""Shared fixtures: drive the real CLI entry point and capture its streams and exit status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from corpus.cli.common import run_main


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


CliInvoker = Callable[..., CliResult]


@pytest.fixture
def run_cli() -> CliInvoker:
    """Run ``corpus ARGS...`` through :func:`run_main` (the console script's own error mapping)."""

    def invoke(*args: str, input: bytes | str | None = None) -> CliResult:
        runner = CliRunner()
        with runner.isolation(input=input) as streams:
            exit_code = run_main(list(args))
            stdout = streams[0].getvalue().decode("utf-8", "replace")
            stderr = streams[1].getvalue().decode("utf-8", "replace")
        return CliResult(exit_code, stdout, stderr)

    return invoke
