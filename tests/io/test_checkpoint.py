"""V2 checkpoint bundles and the `checkpoint` state file: TF-made fixtures, byte identity with
TF's writer, round trips, corruption, and TensorFlow reading what we write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from dtype_values import DTYPE_VALUES
from dtype_values import PARTITIONED_NAME
from dtype_values import PARTITIONED_VALUE

from tfcompat.io import CheckpointFormatError
from tfcompat.io import latest_checkpoint
from tfcompat.io import read_bundle
from tfcompat.io import read_checkpoint_state
from tfcompat.io import write_bundle
from tfcompat.io import write_checkpoint_state
from tfcompat.io.checkpoint import slice_key
from tfcompat.io.proto import types_pb2 as t

ADAM_KEYS = [
    "beta1_power",
    "beta2_power",
    "dense/bias",
    "dense/bias/Adam",
    "dense/bias/Adam_1",
    "dense/kernel",
    "dense/kernel/Adam",
    "dense/kernel/Adam_1",
    "global_step",
]
BF16 = {"bf16": t.DT_BFLOAT16}


def _assert_same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    if a.dtype == object:
        assert a.tolist() == b.tolist()
    else:
        np.testing.assert_array_equal(a, b)


def _dtype_tensors() -> dict[str, np.ndarray]:
    return {name: value for name, (_, value) in DTYPE_VALUES.items()}


# -- TF-made fixtures ----------------------------------------------------------------------------


def test_reads_adam_checkpoint(fixtures_dir):
    reader = read_bundle(str(fixtures_dir / "adam_ckpt/model.ckpt-2"))
    assert reader.keys() == ADAM_KEYS
    shapes = reader.get_variable_to_shape_map()
    assert shapes["dense/kernel"] == [3, 2] and shapes["dense/bias/Adam"] == [2]
    assert shapes["global_step"] == []
    dtypes = reader.get_variable_to_dtype_map()
    assert dtypes["global_step"] == t.DT_INT64 and dtypes["beta1_power"] == t.DT_FLOAT
    values = np.load(fixtures_dir / "adam_ckpt/values.npz")
    for name in ADAM_KEYS:
        _assert_same(reader.get_tensor(name), values[name])
    assert reader.get_tensor("global_step") == 2
    np.testing.assert_allclose(reader.get_tensor("beta1_power"), 0.9**3, rtol=1e-6)


def test_rewriting_adam_checkpoint_is_byte_identical(fixtures_dir, tmp_path):
    prefix = str(fixtures_dir / "adam_ckpt/model.ckpt-2")
    reader = read_bundle(prefix)
    write_bundle(str(tmp_path / "ckpt"), {k: reader.get_tensor(k) for k in reader.keys()})  # noqa: SIM118
    for suffix in (".index", ".data-00000-of-00001"):
        expected = (fixtures_dir / "adam_ckpt" / ("model.ckpt-2" + suffix)).read_bytes()
        assert (tmp_path / ("ckpt" + suffix)).read_bytes() == expected


def test_reads_every_dtype_and_assembles_slices(fixtures_dir):
    reader = read_bundle(str(fixtures_dir / "dtypes_ckpt/dtypes"))
    assert reader.keys() == sorted([*DTYPE_VALUES, PARTITIONED_NAME])  # slice keys hidden
    for name, value in _dtype_tensors().items():
        _assert_same(reader.get_tensor(name), value)
    assert reader.get_variable_to_dtype_map()["bf16"] == t.DT_BFLOAT16
    assert reader.get_variable_to_shape_map()[PARTITIONED_NAME] == [4, 3]
    _assert_same(reader.get_tensor(PARTITIONED_NAME), PARTITIONED_VALUE)


def test_slice_key_encoding():
    assert slice_key("part/w", [(0, 2), (0, 3)]).hex() == "00706172742f770001010280828083"
    assert slice_key("x", [(100, 19900), (0, -1)]).hex() == "007800010102c064e04dbc807f"


# -- writing -------------------------------------------------------------------------------------


def test_tiny_bundle_matches_the_spec_bytes(tmp_path):
    # docs/tf-file-formats.md 2.7: a bundle written by TensorFlow.
    prefix = str(tmp_path / "tiny")
    write_bundle(prefix, {"a": np.array([1.0, 2.0], np.float32), "s": np.array([b"hi"], object)})
    data = (tmp_path / "tiny.data-00000-of-00001").read_bytes()
    assert data.hex() == "0000803f0000004002d8d810736869"
    index = (tmp_path / "tiny.index").read_bytes()
    assert len(index) == 142 and index[57:62].hex() == "00f4eb36da"
    assert index[94:98].hex() == "3e084b0e" and index[-8:].hex() == "57fb808b247547db"


def test_round_trip_every_dtype(tmp_path):
    prefix = str(tmp_path / "model.ckpt")
    write_bundle(prefix, _dtype_tensors(), dtypes=BF16)
    reader = read_bundle(prefix)
    assert reader.keys() == sorted(DTYPE_VALUES)
    for name, value in _dtype_tensors().items():
        _assert_same(reader.get_tensor(name), value)
    assert reader.get_variable_to_dtype_map()["bf16"] == t.DT_BFLOAT16
    assert sorted(os.listdir(tmp_path)) == ["model.ckpt.data-00000-of-00001", "model.ckpt.index"]


def test_keys_sort_bytewise_and_accept_str_values(tmp_path):
    prefix = str(tmp_path / "c")
    write_bundle(prefix, {"é": np.float32(1), "z": np.float32(2), "Z": "text", "a/b": [[1, 2]]})
    reader = read_bundle(prefix)
    assert reader.keys() == ["Z", "a/b", "z", "é"]
    assert reader.get_tensor("Z") == b"text"
    _assert_same(reader.get_tensor("a/b"), np.array([[1, 2]]))


def test_failed_write_leaves_existing_checkpoint_intact(tmp_path):
    prefix = str(tmp_path / "c")
    write_bundle(prefix, {"v": np.arange(3)})
    with pytest.raises(TypeError):
        write_bundle(prefix, {"v": np.arange(3), "w": np.array([b"ok", 3], object)})
    _assert_same(read_bundle(prefix).get_tensor("v"), np.arange(3))
    assert sorted(os.listdir(tmp_path)) == ["c.data-00000-of-00001", "c.index"]


# -- errors --------------------------------------------------------------------------------------


def _copy_adam(fixtures_dir, tmp_path) -> str:
    for name in os.listdir(fixtures_dir / "adam_ckpt"):
        shutil.copy(fixtures_dir / "adam_ckpt" / name, tmp_path / name)
    return str(tmp_path / "model.ckpt-2")


def _flip(path: str, offset: int) -> None:
    data = bytearray(Path(path).read_bytes())
    data[offset] ^= 0x01
    Path(path).write_bytes(bytes(data))


def test_corrupt_data_raises_naming_the_file(fixtures_dir, tmp_path):
    prefix = _copy_adam(fixtures_dir, tmp_path)
    data_path = prefix + ".data-00000-of-00001"
    _flip(data_path, 3)  # inside beta1_power, stored first (data is in sorted-name order)
    reader = read_bundle(prefix)
    with pytest.raises(CheckpointFormatError, match="Checksum does not match") as info:
        reader.get_tensor("beta1_power")
    assert info.value.filename == data_path and data_path in str(info.value)
    reader.get_tensor("dense/kernel")  # other tensors still readable


def test_corrupt_or_truncated_index_raises(fixtures_dir, tmp_path):
    prefix = _copy_adam(fixtures_dir, tmp_path)
    _flip(prefix + ".index", 30)
    with pytest.raises(CheckpointFormatError) as info:
        read_bundle(prefix)
    assert info.value.filename == prefix + ".index"
    index = Path(prefix + ".index")
    index.write_bytes(index.read_bytes()[:-10])
    with pytest.raises(CheckpointFormatError, match="bad magic"):
        read_bundle(prefix)


def test_truncated_data_raises(fixtures_dir, tmp_path):
    prefix = _copy_adam(fixtures_dir, tmp_path)
    data_path = prefix + ".data-00000-of-00001"
    os.truncate(data_path, os.path.getsize(data_path) - 1)
    with pytest.raises(CheckpointFormatError, match="truncated"):
        read_bundle(prefix).get_tensor("global_step")  # the last tensor in the data file


def test_corrupt_string_tensor_raises(tmp_path):
    prefix = str(tmp_path / "s")
    write_bundle(prefix, {"s": np.array([b"hello", b"world"], object)})
    _flip(prefix + ".data-00000-of-00001", 10)
    with pytest.raises(CheckpointFormatError, match="Checksum does not match"):
        read_bundle(prefix).get_tensor("s")
    _flip(prefix + ".data-00000-of-00001", 0)  # a length: caught by the lengths checksum
    with pytest.raises(CheckpointFormatError, match="string"):
        read_bundle(prefix).get_tensor("s")


def test_missing_files_and_keys(fixtures_dir, tmp_path):
    with pytest.raises(FileNotFoundError):
        read_bundle(str(tmp_path / "nothing"))
    reader = read_bundle(str(fixtures_dir / "adam_ckpt/model.ckpt-2"))
    assert not reader.has_tensor("dense/kernel:0") and reader.has_tensor("dense/kernel")
    with pytest.raises(KeyError, match="Key nope not found in checkpoint"):
        reader.get_tensor("nope")


# -- the checkpoint state file -------------------------------------------------------------------


def test_state_file_matches_tensorflow_text(fixtures_dir, tmp_path):
    write_checkpoint_state(str(tmp_path), "model.ckpt-2", ["model.ckpt-2"])
    expected = (fixtures_dir / "adam_ckpt/checkpoint").read_bytes()
    assert (tmp_path / "checkpoint").read_bytes() == expected


def test_state_round_trip_and_latest_checkpoint(tmp_path):
    d = str(tmp_path)
    assert read_checkpoint_state(d) is None and latest_checkpoint(d) is None
    write_checkpoint_state(d, "m-3", ["m-1", "m-2"])  # appends the latest path
    state = read_checkpoint_state(d)
    assert state.model_checkpoint_path == os.path.join(d, "m-3")
    assert list(state.all_model_checkpoint_paths) == [
        os.path.join(d, p) for p in ("m-1", "m-2", "m-3")
    ]
    assert latest_checkpoint(d) is None  # no m-3.index yet
    write_bundle(os.path.join(d, "m-3"), {"v": np.zeros(1)})
    assert latest_checkpoint(d) == os.path.join(d, "m-3")
    write_checkpoint_state(d, "/abs/m-9", latest_filename="other")
    assert read_checkpoint_state(d, "other").model_checkpoint_path == "/abs/m-9"
    assert not [n for n in os.listdir(d) if "tempstate" in n]


def test_state_file_parse_errors(tmp_path):
    (tmp_path / "checkpoint").write_text("model_checkpoint_path: 'a'\n# comment\nbogus: 1\n")
    assert read_checkpoint_state(str(tmp_path)) is None  # TF logs and ignores it
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "a"\n')
    with pytest.raises(ValueError, match="Invalid checkpoint state"):
        read_checkpoint_state(str(tmp_path))


# -- interop with real TensorFlow ----------------------------------------------------------------

_TF_READS_OURS = """
import os
from dtype_values import DTYPE_VALUES
reader = tf.train.load_checkpoint(ARGS["prefix"])
RESULT = {"bad": []}
for name, (dtype, value) in DTYPE_VALUES.items():
    got = reader.get_tensor(name)
    if isinstance(value.flat[0] if value.size else None, bytes) or value.dtype == object:
        same = np.asarray(got, dtype=object).tolist() == value.tolist()
    else:
        same = got.shape == value.shape and np.array_equal(np.asarray(got, np.float64 if dtype == "bfloat16" else value.dtype), value)
    if not same or reader.get_variable_to_dtype_map()[name] != tf.as_dtype(dtype):
        RESULT["bad"].append(name)
RESULT["latest"] = tf.train.latest_checkpoint(ARGS["dir"])
# Restore into a TF1 graph with a Saver, and corrupt a byte: TF must refuse it.
with tf.Graph().as_default():
    v = tf.get_variable("f32", [2, 3])
    saver = tf.train.Saver([v])
    with tf.Session() as sess:
        saver.restore(sess, RESULT["latest"])
        RESULT["restored"] = sess.run(v).tolist()
path = ARGS["prefix"] + ".data-00000-of-00001"
data = bytearray(open(path, "rb").read()); data[0] ^= 1; open(path, "wb").write(bytes(data))
try:
    tf.train.load_checkpoint(ARGS["prefix"]).get_tensor("bf16")
    RESULT["corrupt"] = "read"
except Exception as e:
    RESULT["corrupt"] = str(e)
"""


@pytest.mark.tf_interop
def test_tensorflow_reads_our_checkpoint(run_tf, tmp_path):
    prefix = str(tmp_path / "model.ckpt-5")
    write_bundle(prefix, _dtype_tensors(), dtypes=BF16)
    write_checkpoint_state(str(tmp_path), "model.ckpt-5")
    result = run_tf(_TF_READS_OURS, prefix=prefix, dir=str(tmp_path))
    assert result["bad"] == []
    assert result["latest"] == prefix
    assert result["restored"] == DTYPE_VALUES["f32"][1].tolist()
    assert "Checksum does not match" in result["corrupt"]
