"""The server's input stream, bounded: a message header claiming a body of terabytes (or a line
without end) would otherwise make the reader allocate it and kill the server."""

from __future__ import annotations

import logging
from typing import BinaryIO

MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # far above any document an editor sends
MAX_HEADER_LINE = 64 * 1024
_CHUNK = 1024 * 1024

_SKIPPED = b'{"jsonrpc": "2.0", "method": "$/tf1lint/skippedMessage", "params": {}}'
logger = logging.getLogger(__name__)


class BoundedInput:
    """What pygls reads stdin through: `readline` and `read` as on a binary stream, with bounds.
    A body over the bound is read and dropped in chunks and stands as a `$/` notification,
    which a server ignores when it does not know it (the LSP rule), and reading goes on."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_LINE)

    def read(self, size: int) -> bytes:
        if size <= MAX_MESSAGE_BYTES:
            return self.stream.read(size)
        logger.error("a message of %d bytes is over the limit of %d bytes; skipped", size, MAX_MESSAGE_BYTES)
        left = size
        while left > 0:
            chunk = self.stream.read(min(left, _CHUNK))
            if not chunk:
                return b""  # the client went away: end as on any closed input
            left -= len(chunk)
        return _SKIPPED
