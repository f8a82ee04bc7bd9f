"""A one-line progress report (done, rate, time left) for long runs, shown only to a person at a terminal."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def is_terminal(stream: object) -> bool:
    """A terminal, not a pipe, a file or CI."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and not os.environ.get("CI")
    except ValueError:  # a closed stream
        return False


class Progress:
    """Call with (done, total) as work advances; redraws one stderr line at most every ``interval`` seconds.

    ``enabled`` defaults to :func:`is_terminal` of the stream.
    """

    def __init__(self, verb: str, unit: str, stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = 0.2) -> None:
        self.verb, self.unit = verb, unit
        self.stream = stream or sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.interval = interval
        self._start = self._last = time.monotonic()
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        rate = done / max(now - self._start, 1e-9)
        left = (total - done) / rate if rate else 0.0
        self.stream.write(f"\r\x1b[K{self.verb} {done}/{total} {self.unit}, {rate:,.0f} {self.unit}/s, "
                          f"{_duration(left)} left")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the progress line (if one was drawn)."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
