"""Reader of TensorFlow's V2 checkpoint bundle (`PREFIX.index` + `PREFIX.data-NNNNN-of-MMMMM`), no TensorFlow needed.

The index is read once (it is small); tensor values are read one at a time from their shard on
request, so memory use follows the largest tensor, never the checkpoint.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tf1lint.ckpt import crc32c
from tf1lint.ckpt.dtypes import READABLE, dtype_name
from tf1lint.ckpt.protobuf import WireError, fields, read_varint, signed64
from tf1lint.ckpt.sstable import TableError, read_table

_CHUNK = 16 << 20  # bytes read and checksummed at a time
_STRING = 7


class CheckpointError(Exception):
    """A checkpoint that cannot be found or read; the message names the file and the problem."""


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype_code: int
    shape: tuple[int, ...]
    shard: int
    offset: int
    size: int
    crc32c: int | None
    sliced: bool  # a partitioned variable saved as slices

    @property
    def dtype(self) -> str:
        return dtype_name(self.dtype_code)

    @property
    def elements(self) -> int:
        count = 1
        for dimension in self.shape:
            count *= dimension
        return count

    @property
    def unsupported(self) -> str | None:
        """Why this tensor's values cannot be read here, or None."""
        if self.sliced:
            return "partitioned variable saved as slices"
        if self.dtype_code not in READABLE:
            return f"dtype {self.dtype} is not supported"
        return None


def resolve_prefix(path: str | os.PathLike) -> Path:
    """The checkpoint prefix named by a prefix, one of its files, or a folder holding a `checkpoint` file."""
    given = Path(path)
    if given.is_dir():
        state = given / "checkpoint"
        if not state.is_file():
            raise CheckpointError(f"{given}: folder holds no `checkpoint` file naming the latest checkpoint")
        match = re.search(r'^model_checkpoint_path:\s*"(.*)"\s*$', state.read_text(errors="replace"), re.MULTILINE)
        if not match:
            raise CheckpointError(f"{state}: no model_checkpoint_path line")
        latest = Path(match.group(1).encode().decode("unicode_escape"))
        # Savers record absolute paths by default, which go stale when the folder is copied or moved:
        # the checkpoint beside the `checkpoint` file comes first.
        prefix = given / latest.name
        if not Path(str(prefix) + ".index").is_file():
            prefix = latest if latest.is_absolute() else given / latest
    else:
        prefix = Path(re.sub(r"\.(index|meta|data-\d{5}-of-\d{5})$", "", str(given)))
    if not Path(str(prefix) + ".index").is_file():
        raise CheckpointError(f"{prefix}.index: no such checkpoint index (give a checkpoint prefix or its folder)")
    return prefix


class CheckpointReader:
    """The variables of one checkpoint: names, dtypes and shapes at once, values lazily."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.prefix = resolve_prefix(path)
        self.index_path = Path(str(self.prefix) + ".index")
        self.num_shards = 1
        self.entries: dict[str, TensorEntry] = {}
        self._read_index()

    def shard_path(self, shard: int) -> Path:
        return Path(f"{self.prefix}.data-{shard:05d}-of-{self.num_shards:05d}")

    def _read_index(self) -> None:
        try:
            for key, value in read_table(self.index_path.read_bytes()):
                if key == b"":
                    self._read_header(value)
                elif b"\x00" in key[:1]:
                    continue  # slice entries of partitioned variables: binary keys, listed through their parent
                else:
                    name = key.decode("utf-8", errors="replace")
                    self.entries[name] = _entry(name, value)
        except (TableError, WireError) as error:
            raise CheckpointError(f"{self.index_path}: corrupt checkpoint index: {error}") from None
        except OSError as error:
            raise CheckpointError(f"{self.index_path}: {error.strerror}") from None

    def _read_header(self, value: bytes) -> None:
        for number, field in fields(value):
            if number == 1:
                self.num_shards = int(field)
            elif number == 2 and field != 0:
                raise CheckpointError(f"{self.index_path}: big-endian checkpoint bundles are not supported")

    def path_of(self, entry: TensorEntry) -> Path:
        return self.shard_path(entry.shard)

    def check_shards(self) -> list[str]:
        """Problems with the data files (missing, or shorter than the tensors they must hold), without reading them."""
        problems = []
        needed: dict[int, tuple[int, str]] = {}
        for entry in self.entries.values():
            if entry.sliced:
                continue
            end = entry.offset + entry.size
            if end > needed.get(entry.shard, (0, ""))[0]:
                needed[entry.shard] = (end, entry.name)
        for shard, (end, name) in sorted(needed.items()):
            path = self.shard_path(shard)
            if not path.is_file():
                problems.append(f"{path}: data file missing")
            elif path.stat().st_size < end:
                problems.append(f"{path}: truncated: {path.stat().st_size} bytes, but {name} ends at byte {end}")
        return problems

    def read_bytes(self, name: str, verify_checksum: bool = True) -> bytearray:
        """The raw stored bytes of one tensor, checked against its CRC-32C."""
        entry = self.entries[name]
        # A string tensor's checksum covers its lengths as fixed-width words, not as stored: checked on decoding.
        verify_checksum = verify_checksum and entry.dtype_code != _STRING
        path = self.shard_path(entry.shard)
        try:
            with path.open("rb") as stream:
                stream.seek(entry.offset)
                data = bytearray(entry.size)
                view = memoryview(data)
                register, filled = 0xFFFFFFFF, 0
                while filled < entry.size:
                    count = stream.readinto(view[filled:filled + _CHUNK])
                    if not count:
                        raise CheckpointError(f"{path}: truncated: {name} needs bytes {entry.offset}-"
                                              f"{entry.offset + entry.size}, file ends at {entry.offset + filled}")
                    if verify_checksum and entry.crc32c is not None:
                        register = crc32c.update(register, view[filled:filled + count])
                    filled += count
        except OSError as error:
            raise CheckpointError(f"{path}: {error.strerror}") from None
        if verify_checksum and entry.crc32c is not None and crc32c.mask(register ^ 0xFFFFFFFF) != entry.crc32c:
            raise CheckpointError(f"{path}: checksum mismatch in {name} (data file damaged)")
        return data

    def read(self, name: str, verify_checksum: bool = True, widen_bfloat16: bool = True) -> Any:
        """One tensor as a NumPy array (strings as an object array of bytes)."""
        import numpy  # pylint: disable=import-outside-toplevel

        if name not in self.entries:
            raise CheckpointError(f"{self.prefix}: no variable named {name}")
        entry = self.entries[name]
        if entry.unsupported:
            raise CheckpointError(f"{self.prefix}: {name}: {entry.unsupported}")
        data = self.read_bytes(name, verify_checksum)
        kind = READABLE[entry.dtype_code]
        if kind.name == "string":
            return _strings(numpy, data, entry, self.path_of(entry), verify_checksum).reshape(entry.shape)
        if len(data) != entry.elements * kind.item_size:
            raise CheckpointError(f"{self.prefix}: {name}: {len(data)} bytes stored for {entry.elements} "
                                  f"{kind.name} values")
        array = numpy.frombuffer(data, dtype=kind.numpy_code).reshape(entry.shape)
        if kind.name == "bfloat16" and widen_bfloat16:
            # bfloat16 is the top half of a float32: widening is exact.
            array = (array.astype(numpy.uint32) << 16).view(numpy.float32)
        return array


def _entry(name: str, value: bytes) -> TensorEntry:
    dtype_code, shape, shard, offset, size, checksum, sliced = 0, (), 0, 0, 0, None, False
    for number, field in fields(value):
        if number == 1:
            dtype_code = int(field)
        elif number == 2:
            shape = _shape(field)
        elif number == 3:
            shard = int(field)
        elif number == 4:
            offset = signed64(int(field))
        elif number == 5:
            size = signed64(int(field))
        elif number == 6:
            checksum = int(field)
        elif number == 7:
            sliced = True
    return TensorEntry(name, dtype_code, shape, shard, offset, size, checksum, sliced)


def _shape(message: bytes) -> tuple[int, ...]:
    dimensions = []
    for number, field in fields(message):
        if number == 2:
            size = 0
            for inner, value in fields(field):
                if inner == 1:
                    size = signed64(int(value))
            dimensions.append(size)
    return tuple(dimensions)


def _strings(numpy: Any, data: bytearray, entry: TensorEntry, path: Path, verify_checksum: bool) -> Any:
    """String tensors: every element's length as a varint, a masked CRC of the lengths, then the bytes.

    The entry's CRC covers the lengths as 32-bit little-endian words, that masked CRC, then the bytes.
    """
    lengths, position = [], 0
    try:
        for _ in range(entry.elements):
            length, position = read_varint(data, position)
            lengths.append(length)
    except WireError:
        raise CheckpointError(f"{path}: {entry.name}: string lengths run past the stored bytes") from None
    register = crc32c.update(0xFFFFFFFF, b"".join(length.to_bytes(4, "little") for length in lengths))
    register = crc32c.update(register, data[position:position + 4])
    position += 4
    values = numpy.empty(entry.elements, dtype=object)
    for index, length in enumerate(lengths):
        values[index] = bytes(data[position:position + length])
        position += length
    if position != len(data):
        raise CheckpointError(f"{path}: {entry.name}: string bytes do not add up to the stored size")
    register = crc32c.update(register, data[len(data) - sum(lengths):])
    if verify_checksum and entry.crc32c is not None and crc32c.mask(register ^ 0xFFFFFFFF) != entry.crc32c:
        raise CheckpointError(f"{path}: checksum mismatch in {entry.name} (data file damaged)")
    return values
