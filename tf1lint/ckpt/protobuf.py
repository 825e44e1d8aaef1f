"""Just enough of the protobuf wire format to read the few messages a checkpoint index holds."""

from __future__ import annotations

import struct
from collections.abc import Iterator


class WireError(ValueError):
    """Bytes that are not a well-formed protobuf message or varint."""


def read_varint(data: bytes | memoryview, position: int) -> tuple[int, int]:
    """The varint at position and the position after it."""
    result = shift = 0
    while True:
        if position >= len(data):
            raise WireError("varint runs past the end of its buffer")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise WireError("varint longer than 10 bytes")


def fields(message: bytes | memoryview) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) for each field: ints for varint and fixed fields, bytes for length-delimited."""
    position = 0
    while position < len(message):
        key, position = read_varint(message, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = read_varint(message, position)
        elif wire_type == 1:
            value, position = _fixed(message, position, 8, "<Q")
        elif wire_type == 2:
            length, position = read_varint(message, position)
            if position + length > len(message):
                raise WireError("length-delimited field runs past the end of its message")
            value, position = bytes(message[position:position + length]), position + length
        elif wire_type == 5:
            value, position = _fixed(message, position, 4, "<I")
        else:
            raise WireError(f"unsupported wire type {wire_type} in field {number}")
        yield number, value


def _fixed(message: bytes | memoryview, position: int, width: int, layout: str) -> tuple[int, int]:
    if position + width > len(message):
        raise WireError("fixed-width field runs past the end of its message")
    return struct.unpack_from(layout, message, position)[0], position + width


def signed64(value: int) -> int:
    """A varint read as int64 (protobuf writes negative int32/int64 as ten-byte two's complement)."""
    return value - (1 << 64) if value >= 1 << 63 else value
