"""File names as reports can show them: any output format, one line per name, never a crash.

A name whose bytes are not UTF-8 (Python holds them as lone surrogates) cannot be encoded by
any report; a newline in a name would start a line that looks like a finding.
"""

from __future__ import annotations

_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)  # how os.fsdecode keeps a byte that is not UTF-8


def shown_path(path: str) -> str:
    """`path` with undecodable bytes as \\xNN and control characters escaped; usually unchanged."""
    if path.isprintable():
        return path
    return "".join(_shown_character(character) for character in path)


def _shown_character(character: str) -> str:
    if character.isprintable():
        return character
    code = ord(character)
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}" if character not in "\n\r\t" else repr(character)[1:-1]
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown_text(text: str) -> str:
    """A message that may quote a file name (an OSError's text): kept to one printable line."""
    return shown_path(text)
