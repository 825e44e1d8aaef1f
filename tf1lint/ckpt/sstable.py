"""Reader of the LevelDB-style sorted table that a checkpoint's .index file is.

Layout: data blocks of prefix-compressed key/value entries, an index block pointing at them, and a
48-byte footer. Each block is followed by a type byte and a masked CRC-32C, checked here.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from tf1lint.ckpt.crc32c import crc32c, mask
from tf1lint.ckpt.protobuf import WireError, read_varint

FOOTER_SIZE = 48
TABLE_MAGIC = 0xDB4775248B80FB57
_BLOCK_TRAILER = 5
_NO_COMPRESSION = 0


class TableError(ValueError):
    """The file is not a sorted table, or is damaged."""


def read_table(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Every (key, value) of the table, in key order."""
    if len(data) < FOOTER_SIZE:
        raise TableError(f"{len(data)} bytes is too short for a table footer")
    footer = data[-FOOTER_SIZE:]
    if struct.unpack_from("<Q", footer, 40)[0] != TABLE_MAGIC:
        raise TableError("no table magic number at the end (not a checkpoint index, or truncated)")
    try:
        _metaindex, position = _block_handle(footer, 0)
        index_handle, _ = _block_handle(footer, position)
        for _separator, handle in _block_entries(_block(data, index_handle)):
            block_handle, _ = _block_handle(handle, 0)
            yield from _block_entries(_block(data, block_handle))
    except WireError as error:
        raise TableError(str(error)) from None


def _block_handle(data: bytes, position: int) -> tuple[tuple[int, int], int]:
    offset, position = read_varint(data, position)
    size, position = read_varint(data, position)
    return (offset, size), position


def _block(data: bytes, handle: tuple[int, int]) -> bytes:
    offset, size = handle
    end = offset + size
    if end + _BLOCK_TRAILER > len(data) - FOOTER_SIZE:
        raise TableError(f"block at byte {offset} runs past the end of the file")
    contents = data[offset:end]
    kind = data[end]
    stored = struct.unpack_from("<I", data, end + 1)[0]
    if mask(crc32c(data[offset:end + 1])) != stored:
        raise TableError(f"checksum mismatch in the block at byte {offset}")
    if kind != _NO_COMPRESSION:
        raise TableError(f"block at byte {offset} is compressed (type {kind}); only uncompressed tables "
                         "(what TensorFlow writes for checkpoints) are supported")
    return contents


def _block_entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    if len(block) < 4:
        raise TableError("block too short for its restart count")
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    limit = len(block) - 4 - 4 * restarts
    if limit < 0:
        raise TableError("block restart array larger than the block")
    position, key = 0, b""
    while position < limit:
        shared, position = read_varint(block, position)
        unshared, position = read_varint(block, position)
        value_size, position = read_varint(block, position)
        if shared > len(key) or position + unshared + value_size > limit:
            raise TableError("block entry runs past its block")
        key = key[:shared] + block[position:position + unshared]
        position += unshared
        yield key, block[position:position + value_size]
        position += value_size
