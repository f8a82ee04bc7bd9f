"""A one-line progress report (done, rate, time left) for long runs; silent when not on a terminal."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Call with (done, total) as work advances; prints to ``stream`` only if it is a terminal (not in CI)."""

    def __init__(self, label: str, stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = 0.2) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.interval = interval
        self._start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        elapsed = max(now - self._start, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        self.stream.write(f"\r{self.label}: {done}/{total} documents, {rate:,.0f}/s, {left:,.0f} s left ")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """End the progress line (if one was printed)."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
