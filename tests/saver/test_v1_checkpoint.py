"""V1 checkpoints (the single-file TensorSliceReader format of `Saver(write_version=V1)`, 2016-2017
code and slim's pretrained models), read by NewCheckpointReader, list_variables, load_variable,
init_from_checkpoint and the Saver's restore (TF's RestoreV2 falls back to the V1 reader). The
fixtures in tests/fixtures/tf_v1_ckpt/ were written by TF 2.21 compat.v1
(tests/fixtures/make_tf_v1_ckpt.py); the expected texts were printed by it."""
from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_v1_ckpt"
CKPT = str(FIXTURES / "model.ckpt")
SHARDED = str(FIXTURES / "sharded.ckpt-?????-of-00002")
EMB = np.arange(10, dtype=np.float32).reshape(5, 2) * 0.5
W = np.arange(6, dtype=np.float32).reshape(2, 3) / 4


def test_reader_maps_and_values(tf):
    assert tf.train.list_variables(CKPT) == [
        ("counts", [3]), ("emb", [5, 2]), ("flags", [3]), ("global_step", []), ("half", [2]),
        ("name", []), ("vgg/conv1/weights", [2, 3])]
    reader = tf.train.NewCheckpointReader(CKPT)
    assert sorted((k, v.name) for k, v in reader.get_variable_to_dtype_map().items()) == [
        ("counts", "int64"), ("emb", "float32"), ("flags", "bool"), ("global_step", "int64"),
        ("half", "float16"), ("name", "string"), ("vgg/conv1/weights", "float32")]
    assert reader.has_tensor("emb") and not reader.has_tensor("nope")
    np.testing.assert_array_equal(reader.get_tensor("vgg/conv1/weights"), W)
    assert reader.get_tensor("counts").dtype == np.int64
    np.testing.assert_array_equal(reader.get_tensor("flags"), [True, False, True])
    assert reader.get_tensor("name") == b"vgg_16"
    step = reader.get_tensor("global_step")
    assert step == 1234 and isinstance(step, np.int64)
    assert sorted(reader.debug_string().split(b"\n")) == [
        b"", b"counts (DT_INT64) [3]", b"emb (DT_FLOAT) [5,2], 2 slices", b"flags (DT_BOOL) [3]",
        b"global_step (DT_INT64) []", b"half (DT_HALF) [2]", b"name (DT_STRING) []",
        b"vgg/conv1/weights (DT_FLOAT) [2,3]"]
    with pytest.raises(tf.errors.NotFoundError, match="^nope not found in checkpoint file$"):
        reader.get_tensor("nope")
    np.testing.assert_array_equal(tf.train.load_variable(CKPT, "vgg/conv1/weights:0"), W)


@pytest.mark.tfcompat_only  # TF: UnimplementedError for a V1 tensor saved in slices or float16
def test_reader_assembles_slices_and_reads_half(tf):
    reader = tf.train.NewCheckpointReader(CKPT)
    np.testing.assert_array_equal(reader.get_tensor("emb"), EMB)
    half = reader.get_tensor("half")
    assert half.dtype == np.float16 and half.tolist() == [1.5, -2.0]


def test_sharded_pattern(tf):
    assert tf.train.list_variables(SHARDED) == [("x", [2]), ("y", [1, 2])]
    np.testing.assert_array_equal(tf.train.load_variable(SHARDED, "y"), [[3, 4]])
    assert tf.train.checkpoint_exists(SHARDED) and tf.train.checkpoint_exists(CKPT)


def test_saver_restore_and_init_from_checkpoint(tf):
    emb = tf.get_variable("emb", [5, 2], partitioner=tf.fixed_size_partitioner(3))
    w = tf.get_variable("w", [2, 3])
    x = tf.Variable([0.0, 0.0], name="x")
    counts = tf.Variable([0, 0, 0], dtype=tf.int64, name="counts")
    tf.train.init_from_checkpoint(CKPT, {"vgg/conv1/weights": w})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver([emb, counts]).restore(sess, CKPT)
        tf.train.Saver([x]).restore(sess, SHARDED)
        e, wv, xv, c = sess.run([emb.as_tensor(), w, x, counts])
    np.testing.assert_array_equal(e, EMB)
    np.testing.assert_array_equal(wv, W)
    np.testing.assert_array_equal(xv, [1.0, 2.0])
    np.testing.assert_array_equal(c, [1, 2, 3])


def test_restore_errors(tf):
    x = tf.Variable([0.0, 0.0], name="x")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as exc:
            tf.train.Saver({"nope": x}).restore(sess, CKPT)
        assert 'Tensor name "nope" not found in checkpoint files %s' % CKPT in str(exc.value)
        with pytest.raises(tf.errors.InvalidArgumentError) as exc:
            tf.train.Saver({"counts": x}).restore(sess, CKPT)
        assert ("Expected to restore a tensor of type float, got a tensor of type int64 instead: "
                "tensor_name = counts") in str(exc.value)
        with pytest.raises(tf.errors.InvalidArgumentError) as exc:
            tf.train.Saver({"vgg/conv1/weights": x}).restore(sess, CKPT)
        assert "Assign requires shapes of both tensors to match. lhs shape= [2] rhs shape= [2,3]" \
            in str(exc.value)


def test_v2_data_file_as_prefix(tf, tmp_path):
    """A common mistake: the `.data-...` file passed as the checkpoint (read as a V1 file)."""
    tf.Variable(1.0, name="v")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, str(tmp_path / "m"), write_meta_graph=False)
    data = str(tmp_path / "m.data-00000-of-00001")
    with pytest.raises(tf.errors.DataLossError) as exc:
        tf.train.NewCheckpointReader(data)
    assert str(exc.value) == (
        "Unable to open table file %s: DATA_LOSS: file is too short to be an sstable: perhaps "
        "your file is in a different file format and you need to use a different restore "
        "operator?" % data)
    with open(data, "wb") as f:   # long enough, but not a table
        f.write(b"\0" * 64)
    with pytest.raises(tf.errors.DataLossError, match=r"^Unable to open table file .*: "
                       r"DATA_LOSS: not an sstable \(bad magic number\): perhaps"):
        tf.train.NewCheckpointReader(data)
