"""A Python file's bytes as Python reads them, and edits put back onto those very bytes.

Python decodes source by its byte-order mark or PEP 263 coding line and ends lines at \\r\\n, \\r
or \\n. The engine sees that text with every line ending made \\n (UTF-8 columns, as `ast` counts
them); an edit found there is mapped to the byte offsets of the original file and its text is
encoded in the file's own encoding, new lines ending like the line they are put on. Bytes no
edit touches are never decoded and re-encoded, so they stay exactly as they were.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from tf1lint.catalogue.fixes import Edit

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_UTF8_BOM = b"\xef\xbb\xbf"


class SourceProblem(Exception):
    """The file cannot be edited byte for byte; the message is one line for the user."""


@dataclass(frozen=True)
class EncodedSource:
    raw: bytes
    encoding: str  # a codec name Python accepts; utf-8 for a file with a BOM (kept in `prefix`)
    prefix: bytes  # the BOM, or nothing
    lines: tuple[str, ...]  # decoded, each with its own line ending
    starts: tuple[int, ...]  # byte offset in `raw` where each line begins, and the end as the last

    @property
    def text(self) -> str:
        """The source with every line ending \\n: what the engine analyses."""
        return "".join(_without_ending(line) + ("\n" if _ending(line) else "") for line in self.lines)

    def offset(self, line: int, column: int) -> int:
        """The byte in `raw` at (1-based line, 0-based UTF-8 column of the \\n-ended text)."""
        if line == len(self.lines) + 1 and column == 0:
            return self.starts[-1]  # the end of a file whose last line has its ending
        if not 1 <= line <= len(self.lines):
            raise SourceProblem(f"an edit at line {line} is outside the file")
        text = _without_ending(self.lines[line - 1])
        as_utf8 = text.encode("utf-8", "surrogatepass")
        if column > len(as_utf8) + (1 if _ending(self.lines[line - 1]) else 0):
            raise SourceProblem(f"an edit at line {line}, column {column} is outside its line")
        if column > len(as_utf8):  # just past the text: the start of the next line
            return self.starts[line]
        try:
            characters = len(as_utf8[:column].decode("utf-8"))
        except UnicodeDecodeError:
            raise SourceProblem(f"an edit at line {line} splits a character") from None
        return self.starts[line - 1] + len(self._encode(text[:characters]))

    def encode_text(self, text: str, line: int) -> bytes:
        """Edit text in the file's encoding, its line breaks written like those of `line`."""
        ending = self._ending_near(line)
        return self._encode(text.replace("\n", ending))

    def apply(self, edits: list[Edit]) -> bytes:
        """The file with `edits` (non-overlapping, in \\n-text coordinates) made, in one pass."""
        placed = sorted({(self.offset(e.line, e.column), self.offset(e.end_line, e.end_column),
                          self.encode_text(e.text, e.line)) for e in edits})
        pieces, position = [], 0
        for start, end, text in placed:
            if start < position:
                raise SourceProblem("two edits overlap")
            pieces += [self.raw[position:start], text]
            position = end
        pieces.append(self.raw[position:])
        return b"".join(pieces)

    def _ending_near(self, line: int) -> str:
        for candidate in (line, line - 1):
            if 1 <= candidate <= len(self.lines) and _ending(self.lines[candidate - 1]):
                return _ending(self.lines[candidate - 1])
        return next((_ending(text) for text in self.lines if _ending(text)), "\n")

    def _encode(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError:
            raise SourceProblem(f"the fix's text cannot be written in the file's encoding ({self.encoding})") from None


def decode(raw: bytes) -> EncodedSource:
    """The file as Python reads it; SourceProblem when its bytes would not come back the same
    from their decoded lines (then no edit can be placed on them safely)."""
    # Python looks for the coding line after making every line ending \n, so \r counts too.
    head = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
    except SyntaxError as error:
        raise SourceProblem(f"cannot tell its encoding: {error.msg}") from None
    prefix = _UTF8_BOM if raw.startswith(_UTF8_BOM) else b""
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    body = raw[len(prefix):]
    try:
        decoded = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise SourceProblem(f"not valid {encoding}: {error}") from None
    lines = [match.group() for match in _LINE.finditer(decoded) if match.group()]
    starts, position = [], len(prefix)
    for line in lines:
        starts.append(position)
        try:
            position += len(line.encode(encoding))
        except UnicodeEncodeError:
            position = -1
            break
    starts.append(position)
    if position != len(raw) or b"".join(line.encode(encoding) for line in lines) != body:
        raise SourceProblem(f"its {encoding} text does not encode back to the same bytes line by line")
    return EncodedSource(raw, encoding, prefix, tuple(lines), tuple(starts))


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return line[-1] if line and line[-1] in "\r\n" else ""


def _without_ending(line: str) -> str:
    return line[: len(line) - len(_ending(line))]
