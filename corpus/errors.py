"""The error hierarchy of `corpus`.

Only problems with the *run* are exceptions: a missing input, a bad option, an unwritable output, a broken
rule file. Problems with a *document* (binary bytes, an undecidable encoding, nothing left after cleaning)
are never raised across an executor; they become :class:`corpus.document.Rejection` records instead, so one
bad file can never stop a run.

Each class carries the exit status the CLI uses and prints itself as one line that says what to do next.
"""

from __future__ import annotations


class CorpusError(Exception):
    """Base class: a problem that stops the run. ``str(error)`` is the one-line message."""

    exit_code: int = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class UsageError(CorpusError):
    """The command line or configuration asks for something impossible (exit status 2)."""

    exit_code = 2


class InputError(CorpusError):
    """An input path is missing, unreadable, or of the wrong kind (exit status 2)."""

    exit_code = 2


class RuleError(CorpusError):
    """A boilerplate rule file is malformed; the message names the file and the rule (exit status 1)."""

    exit_code = 1


class OutputError(CorpusError):
    """The output location cannot be used or written (exit status 1)."""

    exit_code = 1


class EngineError(CorpusError):
    """A required engine (the official OpenCC binding, Ray) is missing or the wrong one (exit status 1)."""

    exit_code = 1
