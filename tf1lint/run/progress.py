"""A progress bar on stderr for long runs, shown only when stderr is a terminal (CI logs stay clean)."""

from __future__ import annotations

import sys
import time

from tf1lint import TYPE_CHECKING

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import TextIO

_WIDTH = 30
_MIN_INTERVAL = 0.1  # seconds between redraws


class ProgressBar:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < _MIN_INTERVAL:
            return
        self._last = now
        filled = _WIDTH * done // max(total, 1)
        self.stream.write(f"\rtf1lint [{'#' * filled}{'.' * (_WIDTH - filled)}] {done}/{total} files")
        if done >= total:
            self.stream.write("\r" + " " * (_WIDTH + 40) + "\r")  # leave the terminal as it was
        self.stream.flush()
