"""tensorflow.python.tools.inspect_checkpoint.print_tensors_in_checkpoint_file (the "Save and
Restore" guide's way to look into a checkpoint). Expected text is what TF 2.21 printed."""
import contextlib
import io
import os

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _chkp(tf):
    if AGAINST_TF:
        from tensorflow.python.tools import inspect_checkpoint
        return inspect_checkpoint
    return tf.python.tools.inspect_checkpoint


def _printed(fn, *args, **kwargs):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(*args, **kwargs)
    return buf.getvalue()


def test_print_tensors_in_checkpoint_file(tf, tmp_path):
    a = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="a")
    tf.Variable(7, name="step")
    prefix = str(tmp_path / "m.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, prefix)
    show = _chkp(tf).print_tensors_in_checkpoint_file
    assert a.shape == (2, 2)
    assert _printed(show, prefix, "", True) == (
        "tensor: a (float32) [2, 2]\n[[1. 2.]\n [3. 4.]]\ntensor: step (int32) []\n7\n"
        "# Total number of params: 5\n")
    assert _printed(show, prefix, "a", False) == (
        "tensor: a (float32) [2, 2]\n[[1. 2.]\n [3. 4.]]\n# Total number of params: 5\n")
    assert _printed(show, prefix, "", False) == (
        "a (DT_FLOAT) [2,2]\nstep (DT_INT32) []\n\n# Total number of params: 5\n")
    assert _printed(show, prefix, "nope", False) == "Tensor nope not found in checkpoint\n"
    assert _printed(show, prefix, "", False, all_tensor_names=True,
                    count_exclude_pattern="st") == (
        "tensor: a (float32) [2, 2]\ntensor: step (int32) []\n"
        "# Excluding 1 tensors (1 params) that match st when counting.\n"
        "# Total number of params: 4\n")
    missing = str(tmp_path / "missing.ckpt")
    assert _printed(show, missing, "", False) == (
        "Unsuccessful TensorSliceReader constructor: Failed to find any matching files for "
        "%s\n" % missing)
