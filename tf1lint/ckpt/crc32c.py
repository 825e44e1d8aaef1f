"""CRC-32C (Castagnoli), the checksum TF checkpoints store, without any compiled extension.

Small inputs go byte by byte; large ones run as many independent lanes through NumPy and the lane
results are joined with the CRC's linearity, so checking a tensor of hundreds of megabytes takes
seconds rather than minutes.
"""

from __future__ import annotations

_POLYNOMIAL = 0x82F63B78  # reflected Castagnoli polynomial
_MASK_DELTA = 0xA282EAD8


def _byte_table() -> list[int]:
    table = []
    for value in range(256):
        for _ in range(8):
            value = (value >> 1) ^ _POLYNOMIAL if value & 1 else value >> 1
        table.append(value)
    return table


TABLE = _byte_table()
_LANES = 1 << 14          # independent streams run side by side
_LANE_BYTES = 1 << 10     # bytes each stream covers per round
_VECTOR_THRESHOLD = 1 << 16


def _update_python(register: int, data: bytes | memoryview) -> int:
    table = TABLE
    for byte in bytes(data):
        register = table[(register ^ byte) & 0xFF] ^ (register >> 8)
    return register


def crc32c(data: bytes | memoryview) -> int:
    """The standard CRC-32C of data."""
    return update(0xFFFFFFFF, data) ^ 0xFFFFFFFF


def update(register: int, data: bytes | memoryview) -> int:
    """Carry a raw CRC register (pre-inverted, not post-inverted) over data; feed chunks in order."""
    view = memoryview(data).cast("B")
    block = _LANES * _LANE_BYTES
    if len(view) >= _VECTOR_THRESHOLD:
        try:
            import numpy  # pylint: disable=import-outside-toplevel
        except ImportError:
            numpy = None
        if numpy is not None:
            whole = len(view) // block * block
            for start in range(0, whole, block):
                register = _update_block(numpy, register, view[start:start + block])
            view = view[whole:]
    return _update_python(register, view)


def mask(crc: int) -> int:
    """LevelDB's masking, which TF applies to every CRC it stores next to the data it covers."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


_SHIFT_TABLES: list = []


def _shift_tables(numpy) -> list:
    """For each join level, four 256-entry tables that carry a register over 2**level lanes of zeros."""
    if _SHIFT_TABLES:
        return _SHIFT_TABLES
    table = numpy.array(TABLE, dtype=numpy.uint32)
    values = numpy.array([v << (8 * k) for k in range(4) for v in range(256)], dtype=numpy.uint64).astype(numpy.uint32)
    for _ in range(_LANE_BYTES):  # a register carried over one lane of zero bytes
        values = table[values & 0xFF] ^ (values >> 8)
    levels = _LANES.bit_length() - 1
    for _ in range(levels):
        _SHIFT_TABLES.append(values.reshape(4, 256))
        values = _apply_shift(values.reshape(4, 256), values)  # twice the distance
    return _SHIFT_TABLES


def _apply_shift(tables, registers):
    return (tables[0][registers & 0xFF] ^ tables[1][(registers >> 8) & 0xFF]
            ^ tables[2][(registers >> 16) & 0xFF] ^ tables[3][registers >> 24])


def _update_block(numpy, register: int, block: memoryview) -> int:
    table = numpy.array(TABLE, dtype=numpy.uint32)
    lanes = numpy.frombuffer(block, dtype=numpy.uint8).reshape(_LANES, _LANE_BYTES)
    registers = numpy.zeros(_LANES, dtype=numpy.uint32)
    registers[0] = register
    for column in range(_LANE_BYTES):
        registers = table[(registers ^ lanes[:, column]) & 0xFF] ^ (registers >> 8)
    # The CRC register is linear: joining lane A then lane B is shift(A) ^ B.
    for tables in _shift_tables(numpy):
        registers = _apply_shift(tables, registers[0::2]) ^ registers[1::2]
    return int(registers[0])
