"""Exceptions for input that cannot be used at all; everything else is a Diagnostic."""

from __future__ import annotations

from tei_lenin.diagnostics import Diagnostic


class TeiLeninError(Exception):
    """Root of the package's exceptions; carries a Diagnostic when one exists."""

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


class InputError(TeiLeninError, ValueError):
    """A file or option that cannot be used (missing, unreadable)."""


class SchemaError(TeiLeninError):
    """A RelaxNG or Schematron file that cannot be compiled."""


class TimeLimit(Exception):  # noqa: N818 (the name says what happened, as TimeoutError does)
    """Raised (from SIGALRM) when a file or a schema compilation exceeds its time limit."""
