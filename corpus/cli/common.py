"""Shared CLI plumbing: the click group, error mapping, stdin/stdout helpers and logging set-up."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

import click

from corpus.errors import CorpusError, InputError, OutputError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

DEBUG_ENV = "CORPUS_DEBUG"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corpus-zh", prog_name="corpus")
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.pass_context
def cli(context: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """Turn raw Chinese text files into a clean, uniform corpus.

    Exit status: 0 done (rejected files are reported, not an error), 1 the run could not complete,
    2 usage error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
    """
    context.obj = {"quiet": quiet}
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose >= 2 or debug:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    logging.basicConfig(level=level, format="corpus: %(levelname)s: %(message)s", stream=sys.stderr)
    if debug:
        os.environ[DEBUG_ENV] = "1"


def error_line(message: str) -> None:
    click.echo(f"corpus: error: {message}", err=True)


class Terminated(BaseException):
    """SIGTERM reached the main process (``kill PID``, ``timeout``, a service manager stopping it).

    Raised from the signal handler so that the run stops as it does on Ctrl-C: ``finally`` blocks
    stop the worker processes and close the journal, which the default action (dying at once) skips,
    leaving the workers running. A ``BaseException``, like ``KeyboardInterrupt``, so that no
    ``except Exception`` on the way turns it into a rejection.
    """


EXIT_TERMINATED = 128 + signal.SIGTERM


def run_main(argv: list[str] | None = None) -> int:
    """Run the CLI and map every failure to one stderr line and an exit status; never a traceback."""
    if threading.current_thread() is not threading.main_thread():  # only it may set handlers
        return _run(argv)
    main_pid = os.getpid()

    def terminate(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a forked worker inherited this handler: die as by default
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        return _run(argv)
    except Terminated:  # arrived after _run had handled its errors
        error_line("terminated")
        return EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="corpus", standalone_mode=False)
    except click.exceptions.Abort:
        error_line("interrupted")
        return 130
    except click.exceptions.Exit as exit_:
        return int(exit_.exit_code)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error), err=True)
        return EXIT_USAGE
    except click.ClickException as error:  # click's own usage errors: bad option, missing argument
        error_line(error.format_message().replace("\n", " "))
        return EXIT_USAGE if isinstance(error, click.UsageError) else EXIT_FAILURE
    except CorpusError as error:
        error_line(str(error))
        return error.exit_code
    except (BrokenPipeError, StdoutClosed):
        # The reader of our stdout went away (``corpus strip x | head``): a normal end, not an error.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        error_line("interrupted")
        return 130
    except Terminated:
        error_line("terminated")
        return EXIT_TERMINATED
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        error_line(f"unexpected {type(error).__name__}: {error} (run again with --debug for a traceback)")
        return EXIT_FAILURE
    return EXIT_OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def read_input_bytes(source: str) -> bytes:
    """Read a file path, or stdin for ``-``, as bytes; a bad path is an :class:`InputError`."""
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {source}")
    if path.is_dir():
        raise InputError(f"{source} is a directory", "give a file, or - for stdin")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}") from None


class StdoutClosed(Exception):
    """The reader of our stdout went away (``corpus detect dir | head -1``).

    Not an ``OSError`` on purpose: click turns an ``EPIPE`` that reaches it into ``sys.exit(1)``
    even outside standalone mode, and a closed pipe is a normal end (status 0) for a Unix filter.
    """


def write_stdout(text: str, errors: str = "surrogatepass") -> None:
    """Write text to stdout as UTF-8 regardless of the locale, flushing so broken pipes surface here.

    ``errors`` says what becomes of a lone surrogate, which only a file name that is not valid UTF-8
    brings in (as ``\\udcXX``): ``surrogateescape`` gives back the name's own bytes, and
    ``backslashreplace`` writes the escape, which keeps a JSON line valid UTF-8 and JSON.
    """
    stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    try:
        if stream is None:
            sys.stdout.write(text)
        else:
            stream.write(text.encode("utf-8", errors))
        sys.stdout.flush()
    except BrokenPipeError:
        raise StdoutClosed from None
    except OSError as error:
        raise OutputError(f"cannot write to stdout: {error.strerror or error}") from None


def quiet_requested(local_flag: bool = False) -> bool:
    """True when ``-q`` was given to ``corpus`` itself or ``--quiet`` to the subcommand."""
    root = click.get_current_context().find_root()
    group_flag = bool(root.obj.get("quiet")) if isinstance(root.obj, dict) else False
    return local_flag or group_flag
