"""Errors with messages that name the input; the CLI prints them on one line, never a traceback."""

from __future__ import annotations


class SteppeError(Exception):
    """Base class: anything steppe reports to the user as a clean message."""


class InputError(SteppeError):
    """An input that cannot be read or parsed; names the file (and line) so the user can fix it."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple:
        # worker processes send errors back to the parent: rebuild from the same three fields
        return (type(self), (self.source, self.message, self.line))


class UsageError(SteppeError):
    """Bad options or arguments (exit code 2)."""


class DataError(SteppeError):
    """A knowledge file (gazetteer, lexicon, watchlist) is malformed."""
