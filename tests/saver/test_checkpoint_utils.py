"""Reading checkpoints by name (NewCheckpointReader, list_variables, load_variable), finding them
(latest_checkpoint, get_checkpoint_state, checkpoint_exists) and init_from_checkpoint, on
checkpoints made by TensorFlow (tests/fixtures) and by tfcompat; expected values from TF 2.21."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from tfcompat import errors

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from dtype_values import DTYPE_VALUES  # noqa: E402
from dtype_values import PARTITIONED_NAME  # noqa: E402
from dtype_values import PARTITIONED_VALUE  # noqa: E402


def _small_checkpoint(tf, d):
    with tf.Graph().as_default():
        tf.Variable([3.0, 1.0], name="a")
        tf.Variable(2, name="sc/n")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return saver.save(sess, os.path.join(d, "ckpt"))


def test_reader_api(tf, tmp_path):
    path = _small_checkpoint(tf, str(tmp_path))
    reader = tf.train.NewCheckpointReader(path)
    assert reader.debug_string() == b"a (DT_FLOAT) [2]\nsc/n (DT_INT32) []\n"
    assert reader.get_tensor("sc/n") == 2 and type(reader.get_tensor("sc/n")) is np.int32
    assert reader.get_variable_to_dtype_map() == {"a": tf.float32, "sc/n": tf.int32}
    assert reader.get_variable_to_shape_map() == {"a": [2], "sc/n": []}
    assert reader.has_tensor("a") and not reader.has_tensor("b")
    with pytest.raises(errors.NotFoundError, match="^Key zz not found in checkpoint$"):
        reader.get_tensor("zz")
    d = str(tmp_path)
    assert tf.train.list_variables(d) == [("a", [2]), ("sc/n", [])]
    assert tf.train.load_variable(d, "sc/n:0") == 2
    assert tf.train.load_checkpoint(d).get_tensor("a").tolist() == [3.0, 1.0]
    with pytest.raises(errors.NotFoundError, match="^Key zz not found in checkpoint$"):
        tf.train.load_variable(d, "zz")
    missing = str(tmp_path / "zz")
    with pytest.raises(errors.NotFoundError, match="^Unsuccessful TensorSliceReader "
                       "constructor: Failed to find any matching files for .*zz$"):
        tf.train.NewCheckpointReader(missing)
    os.mkdir(tmp_path / "empty")
    with pytest.raises(ValueError, match="^Couldn't find 'checkpoint' file or checkpoints in "
                       "given directory "):
        tf.train.list_variables(str(tmp_path / "empty"))


def test_finding_checkpoints(tf, tmp_path):
    path = _small_checkpoint(tf, str(tmp_path))
    d = str(tmp_path)
    assert tf.train.latest_checkpoint(d) == path
    assert tf.train.latest_checkpoint(str(tmp_path / "nope")) is None
    state = tf.train.get_checkpoint_state(d)
    assert isinstance(state, tf.train.CheckpointState)
    assert state.model_checkpoint_path == path
    assert list(state.all_model_checkpoint_paths) == [path]
    assert tf.train.checkpoint_exists(path) and not tf.train.checkpoint_exists(path + "x")
    assert len(tf.train.get_checkpoint_mtimes([path, path + "x"])) == 1
    tf.train.update_checkpoint_state(d, path + "-9", [path])
    assert tf.train.get_checkpoint_state(d).all_model_checkpoint_paths[:] == [path, path + "-9"]
    assert tf.train.latest_checkpoint(d) is None  # its index does not exist
    tf.train.remove_checkpoint(path)
    assert os.listdir(d) == ["checkpoint"]
    proto = tf.train.generate_checkpoint_state_proto("rel", "rel/a", ["rel/b"])
    assert proto.model_checkpoint_path == "a" and list(proto.all_model_checkpoint_paths) == [
        "b", "a"]


def test_tensorflow_checkpoints_of_every_dtype(tf):
    reader = tf.train.NewCheckpointReader(str(FIXTURES / "dtypes_ckpt" / "dtypes"))
    dtypes = reader.get_variable_to_dtype_map()
    for name, (dtype, value) in DTYPE_VALUES.items():
        got = reader.get_tensor(name)
        assert dtypes[name] == tf.as_dtype(dtype), name
        assert np.asarray(got).tolist() == value.tolist(), name
    np.testing.assert_array_equal(reader.get_tensor(PARTITIONED_NAME), PARTITIONED_VALUE)
    assert reader.get_variable_to_shape_map()[PARTITIONED_NAME] == [4, 3]


def test_restore_tensorflow_adam_checkpoint_into_a_built_graph(tf, tmp_path):
    values = np.load(FIXTURES / "adam_ckpt" / "values.npz")
    d = str(tmp_path / "ckpt")
    shutil.copytree(FIXTURES / "adam_ckpt", d)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 2], name="y")
    with tf.variable_scope("dense"):
        kernel = tf.get_variable("kernel", [3, 2])
        bias = tf.get_variable("bias", [2])
    loss = tf.reduce_mean(tf.square(tf.nn.bias_add(tf.matmul(x, kernel), bias) - y))
    step = tf.train.get_or_create_global_step()
    tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
    saver = tf.train.Saver()
    data = np.load(FIXTURES / "adam_ckpt" / "data.npz")
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(d))
        for v in tf.global_variables():
            np.testing.assert_array_equal(sess.run(v), values[v.op.name])
        assert sess.run(loss, {x: data["x"], y: data["y"]}) == pytest.approx(float(data["loss"]),
                                                                              rel=1e-6)


def test_init_from_checkpoint(tf, tmp_path):
    d = str(tmp_path)
    _small_checkpoint(tf, d)
    a = tf.get_variable("x/a", [2])
    n = tf.get_variable("x/n", [], dtype=tf.int32)
    with pytest.raises(ValueError, match=r"^Tensor n \(n in /\) is not found in "):
        tf.train.init_from_checkpoint(d, {"/": "x/"})
    with pytest.raises(ValueError, match=r"^Tensor sc/a \(a in sc/\) is not found in "):
        tf.train.init_from_checkpoint(d, {"a": "x/a", "sc/": "x/"})
    assert a.initial_value.op.type == "RestoreV2"
    with pytest.raises(ValueError, match="^Tensor zz is not found in .* checkpoint "):
        tf.train.init_from_checkpoint(d, {"zz": "x/a"})
    with pytest.raises(ValueError, match="^Assignment map with scope only name x should map to "
                       "scope only a. Should be 'scope/': 'other_scope/'.$"):
        tf.train.init_from_checkpoint(d, {"a": "x/zz"})
    b = tf.get_variable("b", [3])
    with pytest.raises(ValueError, match=r"^Shape of variable b:0 \(\(3,\)\) doesn't match with "
                       r"shape of tensor a \(\[2\]\) from checkpoint reader.$"):
        tf.train.init_from_checkpoint(d, {"a": b})
    tf.train.init_from_checkpoint(d, {"sc/n": n})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(a).tolist() == [3.0, 1.0] and sess.run(n) == 2


def test_checkpoints_iterator_and_summary_iterator(tf, tmp_path):
    path = _small_checkpoint(tf, str(tmp_path))
    assert list(tf.train.checkpoints_iterator(str(tmp_path), timeout=0)) == [path]
    events = list(tf.train.summary_iterator(
        str(FIXTURES / "events" / "events.out.tfevents.1700000000.fixture")))
    assert events[0].file_version == "brain.Event:2"
