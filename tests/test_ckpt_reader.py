"""The TensorFlow-free checkpoint reader against TensorFlow's own, on checkpoints written by TF 1.14 and TF 2.21."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, run_tf1lint, tensorflow_or_skip

from tf1lint.ckpt.bundle import CheckpointError, CheckpointReader

FOLDERS_TF114 = ("dtypes", "text_cnn", "mlp_adam", "conv_sharded")
FOLDERS_TF221 = ("dtypes", "text_cnn", "mlp_adam", "mlp_sharded")


def _compare_with_tensorflow(folder: Path) -> int:
    tf = tensorflow_or_skip()
    ours = CheckpointReader(folder)
    theirs = tf.train.load_checkpoint(str(folder))
    shapes = theirs.get_variable_to_shape_map()
    assert set(ours.entries) == set(shapes), folder
    compared = 0
    for name, entry in ours.entries.items():
        assert list(entry.shape) == shapes[name], name
        if entry.unsupported:
            assert entry.unsupported == "partitioned variable saved as slices", name
            continue
        expected = theirs.get_tensor(name)
        actual = ours.read(name)
        if entry.dtype == "bfloat16":
            expected = np.asarray(expected, dtype=np.float32)
        assert actual.dtype == expected.dtype or entry.dtype == "string", (name, actual.dtype, expected.dtype)
        assert actual.shape == expected.shape, name
        if entry.dtype == "string":
            assert actual.tolist() == np.asarray(expected).tolist(), name
        else:
            np.testing.assert_array_equal(actual, expected, err_msg=name)
        compared += 1
    return compared


def test_reader_matches_tensorflow_on_tf114_checkpoints(tf114_checkpoints: Path) -> None:
    compared = sum(_compare_with_tensorflow(tf114_checkpoints / folder) for folder in FOLDERS_TF114)
    assert compared == 88  # every readable variable of the four checkpoints


def test_reader_matches_tensorflow_on_tf221_saver_checkpoints(tf221_checkpoints: Path) -> None:
    compared = sum(_compare_with_tensorflow(tf221_checkpoints / folder) for folder in FOLDERS_TF221)
    assert compared == 78


def test_sharded_checkpoint_reads_from_every_data_file(tf114_checkpoints: Path) -> None:
    reader = CheckpointReader(tf114_checkpoints / "conv_sharded")
    assert reader.num_shards == 3
    assert {entry.shard for entry in reader.entries.values()} == {0, 1, 2}


def test_inspect_groups_optimizer_state_and_step(tf114_checkpoints: Path) -> None:
    completed = run_tf1lint("ckpt", "inspect", str(tf114_checkpoints / "mlp_adam"), "--format", "json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    groups = {v["name"]: (v["group"], v["slot"], v["slot_of"]) for v in data["variables"]}
    assert groups["Variable_3"] == ("model", "", "")
    assert groups["Variable_3/Adam"] == ("optimizer", "m", "Variable_3")
    assert groups["Variable_3/Adam_1"] == ("optimizer", "v", "Variable_3")
    assert groups["beta2_power"][0] == "optimizer"
    assert groups["global_step"][0] == "step"
    assert data["optimizers"] == ["Adam"]
    assert data["totals"]["model"]["variables"] == 6
    assert data["totals"]["optimizer"]["variables"] == 14
    assert data["totals"]["all"]["bytes"] == sum(v["bytes"] for v in data["variables"])

    text = run_tf1lint("ckpt", "inspect", str(tf114_checkpoints / "text_cnn")).stdout
    assert "Optimizer state (RMSProp): 18 variables" in text
    assert "conv-maxpool-3/W/RMSProp_1" in text and "Training step: 1 variable" in text


def test_inspect_says_what_it_cannot_read(tf114_checkpoints: Path) -> None:
    completed = run_tf1lint("ckpt", "inspect", str(tf114_checkpoints / "dtypes"), "--read-values")
    assert completed.returncode == 0, completed.stderr
    assert "partitioned/w: partitioned variable saved as slices" in completed.stdout


def test_inspect_runs_where_tensorflow_cannot_be_imported(tf114_checkpoints: Path, tmp_path: Path) -> None:
    # A `tensorflow` package that fails on import shadows any installed one.
    blocker = tmp_path / "blocker" / "tensorflow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('TensorFlow is not installed here')\n")
    code = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
            "try:\n    import tensorflow\nexcept ImportError: pass\nelse: raise SystemExit('tensorflow imported')\n"
            "from tf1lint.cli.main import main\n"
            "status = main(['ckpt', 'inspect', sys.argv[3], '--read-values', '--format', 'json'])\n"
            "assert not any(m == 'tensorflow' or m.startswith('tensorflow.') for m in sys.modules if sys.modules[m])\n"
            "raise SystemExit(status)\n")
    completed = subprocess.run([sys.executable, "-c", code, str(tmp_path / "blocker"), str(ROOT),
                                str(tf114_checkpoints / "conv_sharded")], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["totals"]["model"]["variables"] == 12


def _copy(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    return copy


def test_truncated_data_file_is_one_clear_error(tf114_checkpoints: Path, tmp_path: Path) -> None:
    copy = _copy(tf114_checkpoints / "text_cnn", tmp_path)
    data = copy / "model.ckpt-5.data-00000-of-00001"
    data.write_bytes(data.read_bytes()[:-100])
    completed = run_tf1lint("ckpt", "inspect", str(copy))
    assert completed.returncode == 1
    assert "model.ckpt-5.data-00000-of-00001: truncated" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_damaged_data_fails_its_checksum(tf114_checkpoints: Path, tmp_path: Path) -> None:
    copy = _copy(tf114_checkpoints / "text_cnn", tmp_path)
    reader = CheckpointReader(copy)
    entry = reader.entries["output/W"]
    data = copy / "model.ckpt-5.data-00000-of-00001"
    damaged = bytearray(data.read_bytes())
    damaged[entry.offset + 3] ^= 0x40
    data.write_bytes(bytes(damaged))
    with pytest.raises(CheckpointError, match="checksum mismatch in output/W"):
        reader.read("output/W")
    completed = run_tf1lint("ckpt", "inspect", str(copy), "--read-values")
    assert completed.returncode == 1 and "checksum mismatch in output/W" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_corrupt_index_is_one_clear_error(tf114_checkpoints: Path, tmp_path: Path, damage: str) -> None:
    copy = _copy(tf114_checkpoints / "text_cnn", tmp_path)
    index = copy / "model.ckpt-5.index"
    original = index.read_bytes()
    corrupted = {"flip": original[:40] + bytes([original[40] ^ 0xFF]) + original[41:],
                 "truncate": original[:len(original) // 2], "empty": b"",
                 "garbage": bytes(range(256)) * 4}[damage]
    index.write_bytes(corrupted)
    completed = run_tf1lint("ckpt", "inspect", str(copy))
    assert completed.returncode == 1
    assert "model.ckpt-5.index: corrupt checkpoint index" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_missing_checkpoint_names_the_path(tmp_path: Path) -> None:
    completed = run_tf1lint("ckpt", "inspect", str(tmp_path))
    assert completed.returncode == 1
    assert "no `checkpoint` file" in completed.stderr and "Traceback" not in completed.stderr


def test_crc32c_matches_the_standard_check_value_and_its_byte_by_byte_form() -> None:
    import os

    from tf1lint.ckpt import crc32c

    assert crc32c.crc32c(b"123456789") == 0xE3069283  # the CRC-32C catalogue's check value
    data = os.urandom((1 << 24) + 4099)  # one vectorised block and a tail
    assert crc32c.crc32c(data) == crc32c._update_python(0xFFFFFFFF, data) ^ 0xFFFFFFFF  # noqa: SLF001


def test_transforms_change_shapes_as_the_map_says() -> None:
    from tf1lint.ckpt.transforms import TransformError, Transforms, apply, result_shape

    assert result_shape([(8, 3)], Transforms(transpose=(1, 0))) == (3, 8)
    assert result_shape([(4, 12)], Transforms(split=(1, 4, 2))) == (4, 3)
    assert result_shape([(2, 3), (2, 5)], Transforms(concat=1, reshape=(-1,))) == (16,)
    with pytest.raises(TransformError, match="cannot reshape"):
        result_shape([(2, 3)], Transforms(reshape=(4,)))
    value = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(apply([value], Transforms(split=(1, 2, 1), transpose=(1, 0))), value[:, 2:].T)
    assert apply([np.array(5, np.int64)], Transforms()).shape == ()  # scalars (a step counter) stay scalars
