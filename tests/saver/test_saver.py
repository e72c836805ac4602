"""tf.train.Saver: saving, restoring, rotation, the `checkpoint` state file, SaverDefs and
errors, as TensorFlow 2.21 (compat.v1) behaves (expected values recorded with it)."""
from __future__ import annotations

import os
import time

import numpy as np
import pytest
import torch

from tfcompat import errors
from tfcompat.io import read_bundle

pytestmark = pytest.mark.tfcompat_only


def _ls(path):
    return sorted(os.listdir(path))


def _state(d, name="checkpoint"):
    return open(os.path.join(d, name)).read().replace(str(d), "D")


def test_save_then_restore_writes_values_back_in_place(tf, tmp_path):
    a = tf.Variable([3.0, 1.0], name="a")
    n = tf.Variable(2, name="n")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "ckpt"), global_step=1)
        assert path == str(tmp_path / "ckpt-1")
        sess.run([a.assign([0.0, 0.0]), n.assign(-5)])
        before = sess._state.variables[a.op]
        saver.restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
        assert sess._state.variables[a.op] is before  # same storage, overwritten
        assert sess.run(a).tolist() == [3.0, 1.0] and sess.run(n) == 2
    with tf.Session() as fresh:  # restoring initializes
        saver.restore(fresh, path)
        assert fresh.run(n) == 2
    assert _ls(tmp_path) == ["checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index",
                             "ckpt-1.meta"]
    reader = read_bundle(path)
    assert reader.get_variable_to_shape_map() == {"a": [2], "n": []}


def test_max_to_keep_rotates_and_deletes_only_its_files(tf, tmp_path):
    d = str(tmp_path)
    tf.Variable([3.0, 1.0], name="a")
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    saver = tf.train.Saver(max_to_keep=2)
    (tmp_path / "m-1.data-00000-of-00001.bak").write_text("keep me")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = []
        for _ in range(4):
            sess.run(inc)
            paths.append(saver.save(sess, os.path.join(d, "m"), global_step=step))
    assert [p.replace(d, "D") for p in paths] == ["D/m-1", "D/m-2", "D/m-3", "D/m-4"]
    assert _ls(d) == ["checkpoint", "m-1.data-00000-of-00001.bak", "m-3.data-00000-of-00001",
                      "m-3.index", "m-3.meta", "m-4.data-00000-of-00001", "m-4.index",
                      "m-4.meta"]
    assert [p.replace(d, "D") for p in saver.last_checkpoints] == ["D/m-3", "D/m-4"]
    assert _state(d) == ('model_checkpoint_path: "D/m-4"\nall_model_checkpoint_paths: "D/m-3"\n'
                         'all_model_checkpoint_paths: "D/m-4"\n')


def test_latest_filename_write_state_and_argument_errors(tf, tmp_path):
    d = str(tmp_path)
    tf.Variable([3.0, 1.0], name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, os.path.join(d, "m"), global_step=4)
        assert saver.save(sess, os.path.join(d, "q"), global_step=7, latest_filename="other",
                          write_meta_graph=False) == os.path.join(d, "q-7")
        assert _state(d, "other") == ('model_checkpoint_path: "D/q-7"\n'
                                      'all_model_checkpoint_paths: "D/m-4"\n'
                                      'all_model_checkpoint_paths: "D/q-7"\n')
        assert saver.save(sess, os.path.join(d, "r"), write_state=False) == os.path.join(d, "r")
        assert _state(d) == 'model_checkpoint_path: "D/m-4"\nall_model_checkpoint_paths: "D/m-4"\n'
        assert saver.save(sess, os.path.join(d, "s"), global_step=tf.constant(9),
                          write_meta_graph=False) == os.path.join(d, "s-9")
        assert saver.save(sess, os.path.join(d, "s"), global_step=np.int64(11),
                          write_meta_graph=False) == os.path.join(d, "s-11")
        with pytest.raises(ValueError, match="^'latest_filename' collides with 'save_path': "
                           "'checkpoint' and "):
            saver.save(sess, os.path.join(d, "checkpoint"))
        with pytest.raises(ValueError, match="^'latest_filename' must not contain path "
                           "components$"):
            saver.save(sess, os.path.join(d, "z"), latest_filename="a/b")
        with pytest.raises(TypeError, match="^'sess' must be a Session; None$"):
            saver.save(None, os.path.join(d, "z"))
        with pytest.raises(TypeError, match="^Expected binary or unicode string, got None"):
            saver.save(sess, None)
        with pytest.raises(ValueError, match="^Parent directory of .*/q/r/s/t doesn't exist, "
                           "can't save.$"):
            saver.save(sess, os.path.join(d, "q/r/s/t"))
        saver.save(sess, os.path.join(d, "new_dir", "x"))  # one missing level is created


def test_relative_paths_padding_and_adopted_checkpoints(tf, tmp_path):
    sub = str(tmp_path)
    tf.Variable([3.0, 1.0], name="a")
    saver = tf.train.Saver(pad_step_number=True, save_relative_paths=True, max_to_keep=None)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, os.path.join(sub, "x"), global_step=5)
        assert saver.save(sess, os.path.join(sub, "x"), global_step=6) == os.path.join(
            sub, "x-00000006")
    assert _state(sub) == ('model_checkpoint_path: "x-00000006"\n'
                           'all_model_checkpoint_paths: "x-00000006"\n')
    assert saver.last_checkpoints == []
    assert tf.train.latest_checkpoint(sub) == os.path.join(sub, "x-00000006")
    saver.set_last_checkpoints_with_time([(os.path.join(sub, "x-00000005"), 1.0)])
    assert saver.last_checkpoints == [os.path.join(sub, "x-00000005")]
    saver.recover_last_checkpoints([os.path.join(sub, "x-00000005"), os.path.join(sub, "no")])
    assert saver.last_checkpoints == [os.path.join(sub, "x-00000005")]
    saver.set_last_checkpoints(["p", "q"])
    assert saver.last_checkpoints == ["p", "q"]


def test_adopted_checkpoints_are_rotated_out(tf, tmp_path):
    d = str(tmp_path)
    tf.Variable(1.0, name="a")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, os.path.join(d, "old"))
        saver = tf.train.Saver(max_to_keep=1)
        saver.recover_last_checkpoints([os.path.join(d, "old")])
        saver.save(sess, os.path.join(d, "new"))
    assert _ls(d) == ["checkpoint", "new.data-00000-of-00001", "new.index", "new.meta"]


def test_keep_checkpoint_every_n_hours(tf, tmp_path):
    d = str(tmp_path)
    tf.Variable(1.0, name="a")
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=0.5 / 3600)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, os.path.join(d, "m"), 1, write_meta_graph=False)
        time.sleep(0.6)
        saver.save(sess, os.path.join(d, "m"), 2, write_meta_graph=False)  # m-1 deleted
        saver.save(sess, os.path.join(d, "m"), 3, write_meta_graph=False)  # m-2 kept: 0.5 s
        saver.save(sess, os.path.join(d, "m"), 4, write_meta_graph=False)  # m-3 deleted
    assert [f for f in _ls(d) if f.endswith(".index")] == ["m-2.index", "m-4.index"]


def test_saver_defs(tf):
    a = tf.Variable([3.0, 1.0], name="a")
    tf.Variable(2, name="n")
    first = tf.train.Saver()
    assert str(first.as_saver_def()) == (
        'filename_tensor_name: "save/Const:0"\nsave_tensor_name: "save/control_dependency:0"\n'
        'restore_op_name: "save/restore_all"\nmax_to_keep: 5\nkeep_checkpoint_every_n_hours: '
        '10000\nversion: V2\n')
    assert tf.train.Saver(max_to_keep=None).as_saver_def().max_to_keep == 0
    sharded = tf.train.Saver(sharded=True, keep_checkpoint_every_n_hours=2.5).as_saver_def()
    assert sharded.sharded and sharded.keep_checkpoint_every_n_hours == 2.5
    assert sharded.filename_tensor_name == "save_2/Const:0"
    named = tf.train.Saver({"renamed/a": a}, name="mysaver")
    assert named.as_saver_def().restore_op_name == "mysaver/restore_all"
    g = tf.get_default_graph()
    assert [i.name for i in g.get_operation_by_name("save/SaveV2").inputs] == [
        "save/Const:0", "save/SaveV2/tensor_names:0", "save/SaveV2/shape_and_slices:0", "a:0",
        "n:0"]
    assert g.get_operation_by_name("save/RestoreV2").device == "/device:CPU:0"
    assert tf.make_ndarray(g.get_operation_by_name("mysaver/SaveV2/tensor_names").get_attr(
        "value")).tolist() == [b"renamed/a"]
    assert isinstance(first.as_saver_def(), tf.train.SaverDef)
    clone = tf.train.Saver.from_proto(first.to_proto())
    assert clone.as_saver_def() == first.as_saver_def()


def test_bad_var_lists(tf):
    with pytest.raises(ValueError, match="^No variables to save$"):
        tf.train.Saver()
    a = tf.Variable(1.0, name="a")
    with pytest.raises(ValueError, match="^No variables to save$"):
        tf.train.Saver([])
    with pytest.raises(ValueError, match="^At least two variables have the same name: a$"):
        tf.train.Saver([a, a])
    with pytest.raises(ValueError, match="^The same saveable will be restored with two names: "
                       "y$"):
        tf.train.Saver({"x": a, "y": a})
    with pytest.raises(TypeError, match="Name is not a string: 1$"):
        tf.train.Saver({1: a})
    with pytest.raises(TypeError, match=r"^Variable to save is not a Variable: Tensor\("):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(TypeError, match="Not a variable: Tensor"):
        tf.train.Saver({"c": tf.constant(1.0)})
    with pytest.raises(TypeError, match=r'Not a variable: Tensor\("Const_2:0", shape=\(\), '
                       r'dtype=int32\)$'):   # TF converts the value to a tensor first
        tf.train.Saver({"n": 3})
    with tf.Session() as sess:
        assert tf.train.Saver([], allow_empty=True).save(sess, "/nonexistent/x",
                                                         write_meta_graph=False) is None


def _two_var_checkpoint(tf, d):
    with tf.Graph().as_default():
        tf.Variable([3.0, 1.0], name="a")
        tf.Variable([5.0, 6.0], name="z")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return saver.save(sess, os.path.join(d, "ck"), write_meta_graph=False)


@pytest.mark.parametrize("case, error, text", [
    ("missing_key", errors.NotFoundError, "Key b not found in checkpoint"),
    ("shape", errors.InvalidArgumentError,
     "Assign requires shapes of both tensors to match. lhs shape= [3] rhs shape= [2]"),
    ("dtype", errors.InvalidArgumentError,
     "tensor_name = z; expected dtype int32 does not equal original dtype float"),
    ("corrupt_data", errors.DataLossError, "Checksum does not match"),
    ("truncated_data", errors.DataLossError, "data file is truncated"),
    ("corrupt_index", errors.DataLossError, ""),
])
def test_a_failed_restore_changes_no_variable(tf, tmp_path, case, error, text):
    path = _two_var_checkpoint(tf, str(tmp_path))
    z_init = {"shape": [1.0, 2.0, 3.0], "dtype": [7, 8]}.get(case, [7.0, 8.0])
    a = tf.Variable([-1.0, -1.0], name="a")
    z = tf.Variable(z_init, name="b" if case == "missing_key" else "z")
    saver = tf.train.Saver()
    data = path + ".data-00000-of-00001"
    raw = bytearray(open(data, "rb").read())
    if case == "corrupt_data":
        raw[-1] ^= 0xFF  # z is stored last: a naive restore would have written a already
        open(data, "wb").write(bytes(raw))
    elif case == "truncated_data":
        open(data, "wb").write(bytes(raw[:-2]))
    elif case == "corrupt_index":
        open(path + ".index", "wb").write(b"garbage")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(error) as info:
            saver.restore(sess, path)
        assert text in str(info.value)
        if case in ("missing_key", "shape", "dtype"):
            assert str(info.value).startswith("Restoring from checkpoint failed. This is most "
                                              "likely due to ")
        assert sess.run(a).tolist() == [-1.0, -1.0]
        assert sess.run(z).tolist() == z_init


def test_restore_path_errors(tf, tmp_path):
    tf.Variable(1.0, name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="^The passed save_path is not a valid checkpoint: "):
            saver.restore(sess, str(tmp_path / "nothere"))
        with pytest.raises(ValueError, match="^Can't load save_path when it is None.$"):
            saver.restore(sess, None)


def test_saving_uninitialized_variable_fails(tf, tmp_path):
    tf.Variable(1.0, name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError,
                           match="^Attempting to use uninitialized value a"):
            saver.save(sess, str(tmp_path / "x"))
    assert not [f for f in os.listdir(tmp_path) if f.startswith("x.")]


def test_dtypes_and_reshape(tf, tmp_path):
    values = {"f16": np.array([1.5, -2.0], np.float16), "f64": np.array([1e300]),
              "i64": np.array([2**40], np.int64), "b": np.array([True, False]),
              "u8": np.array([255], np.uint8)}
    variables = [tf.Variable(v, name=k) for k, v in values.items()]
    flat = tf.Variable([1.0, 2.0, 3.0, 4.0], name="flat")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "d"))
    with tf.Session() as sess:
        saver.restore(sess, path)
        for v, (name, value) in zip(variables, values.items()):
            got = sess.run(v)
            assert got.dtype == value.dtype and got.tolist() == value.tolist(), name
    with tf.Graph().as_default():
        m = tf.Variable(np.zeros((2, 2), np.float32), name="m")
        with tf.Session() as sess:
            tf.train.Saver({"flat": m}, reshape=True).restore(sess, path)
            assert sess.run(m).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert flat.shape.as_list() == [4]


@pytest.mark.cuda
def test_cuda_variables_save_and_restore(tf, tmp_path):
    with tf.device("/gpu:0"):
        v = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "g"))
        sess.run(v.assign(np.zeros((2, 3), np.float32)))
        saver.restore(sess, path)
        assert sess._state.variables[v.op].device.type == "cuda"
        assert sess.run(v).tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert torch.cuda.is_available()
