"""TensorFlow's DataType enum values as checkpoints store them, and how each is read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DType:
    name: str            # TensorFlow's name: float32, bfloat16, string...
    numpy_code: str      # NumPy dtype string for the raw little-endian bytes ("" for strings)
    item_size: int       # bytes per element (0 for strings)


# DataType numbers from TensorFlow's types.proto (facts of the format).
READABLE = {
    1: DType("float32", "<f4", 4),
    2: DType("float64", "<f8", 8),
    3: DType("int32", "<i4", 4),
    4: DType("uint8", "u1", 1),
    5: DType("int16", "<i2", 2),
    6: DType("int8", "i1", 1),
    7: DType("string", "", 0),
    8: DType("complex64", "<c8", 8),
    9: DType("int64", "<i8", 8),
    10: DType("bool", "?", 1),
    14: DType("bfloat16", "<u2", 2),  # read as its bits; widened to float32 exactly on request
    17: DType("uint16", "<u2", 2),
    18: DType("complex128", "<c16", 16),
    19: DType("float16", "<f2", 2),
    22: DType("uint32", "<u4", 4),
    23: DType("uint64", "<u8", 8),
}

# Known to the format but not read here; the reader lists them and says why it cannot read them.
UNREADABLE = {
    11: "qint8", 12: "quint8", 13: "qint32", 15: "qint16", 16: "quint16",
    20: "resource", 21: "variant",
    24: "float8_e5m2", 25: "float8_e4m3fn", 26: "float8_e4m3fnuz", 27: "float8_e4m3b11fnuz", 28: "float8_e5m2fnuz",
    29: "int4", 30: "uint4", 31: "int2", 32: "uint2",
}


def dtype_name(code: int) -> str:
    if code in READABLE:
        return READABLE[code].name
    return UNREADABLE.get(code, f"dtype#{code}")
