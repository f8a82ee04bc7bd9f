"""The exit statuses every command shares, the sentence that states them in each ``--help``, and the
handling of Ctrl-C in worker processes."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

SUCCESS = 0
FINDINGS = 1
USAGE = 2
INTERRUPTED = 130

#: The epilog of every command's ``--help`` (``epilog=EXIT_STATUS``).
EXIT_STATUS = ("Exit status: 0 success, 1 findings (validate only: errors found), 2 usage error or unreadable "
               "input, 130 interrupted (Ctrl-C).")


@contextlib.contextmanager
def deferred_signals(*signums: int) -> Iterator[None]:
    """Hold these signals back in this thread while the block runs; they are delivered after it (not lost)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signums)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def start_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (it ends the pool); workers print nothing. Create the
    pool inside ``deferred_signals(signal.SIGINT)`` so that no worker starts before it ignores Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
