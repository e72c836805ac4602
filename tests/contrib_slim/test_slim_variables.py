"""slim's variable helpers: scope/suffix getters, get_variables_to_restore, assign_from_checkpoint
(_fn), assign_from_values, filter_variables, VariableDeviceChooser. Expected values recorded
from tf_slim 1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""
import numpy as np
import pytest


def _net(tf, slim):
    with tf.variable_scope("net"):
        w = slim.model_variable("weights", shape=[2, 3],
                                initializer=tf.constant_initializer(np.arange(6.0)))
        b = slim.variable("b", shape=[3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
        with tf.variable_scope("logits"):
            slim.model_variable("weights", shape=[3])
    slim.get_or_create_global_step()
    return w, b


def _names(variables):
    return [v.op.name for v in variables]


def test_getters(tf, slim):
    _net(tf, slim)
    assert _names(slim.get_variables_to_restore()) == [
        "net/weights", "net/b", "net/logits/weights", "global_step"]
    assert _names(slim.get_variables_to_restore(exclude=["net/logits"])) == [
        "net/weights", "net/b", "global_step"]
    assert _names(slim.get_variables_to_restore(include=["net"], exclude=["net/b"])) == [
        "net/weights", "net/logits/weights"]
    # a suffix without ':' is anchored at the end of the name
    assert _names(slim.get_variables_by_suffix("weights")) == [
        "net/weights", "net/logits/weights"]
    assert _names(slim.get_variables_by_suffix("eights")) == [
        "net/weights", "net/logits/weights"]
    assert _names(slim.get_variables("net", "b")) == ["net/b"]
    assert _names(slim.get_variables_by_name("weights")) == [
        "net/weights", "net/logits/weights"]
    assert _names(slim.get_model_variables()) == ["net/weights", "net/logits/weights"]
    assert slim.get_unique_variable("net/weights").op.name == "net/weights"
    # TF 1.15 says "Couldnt" (tf_slim later fixed the spelling)
    with pytest.raises(ValueError, match="Couldn'?t find variable net/nothing"):
        slim.get_unique_variable("net/nothing")
    with pytest.raises(ValueError, match="Variable net does not uniquely identify a variable"):
        slim.get_unique_variable("net")
    with pytest.raises(TypeError, match="include is provided but is not a list or a tuple."):
        slim.get_variables_to_restore(include="net")
    all_vars = tf.global_variables()
    assert _names(slim.filter_variables(all_vars, ["weights"], ["logits"])) == ["net/weights"]
    assert slim.filter_variables(all_vars, ["weights"], reg_search=False) == []


@pytest.mark.tfcompat_only  # tf_slim's local_variable needs an API TF 2.21 dropped
def test_local_variable(tf):
    slim = tf.contrib.slim
    slim.local_variable([1.0, 2.0], name="loc")
    assert _names(slim.get_local_variables()) == ["loc"] and tf.global_variables() == []


def test_restore_from_checkpoint(tf, slim, tmp_path):
    with tf.Graph().as_default():
        _net(tf, slim)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    with tf.Graph().as_default():
        with tf.variable_scope("net"):
            w = slim.model_variable("weights", shape=[2, 3])
            b = slim.variable("b", shape=[3])
            extra = slim.variable("extra", shape=[1])
        restore = slim.assign_from_checkpoint_fn(
            path, slim.get_variables_to_restore(exclude=["net/extra"]))
        restore_present = slim.assign_from_checkpoint_fn(path, [w, b, extra],
                                                         ignore_missing_vars=True)
        assign_op, feed = slim.assign_from_checkpoint(path, [w, b])
        assert sorted(p.op.name for p in feed) == ["placeholder/net/b",
                                                   "placeholder/net/weights"]
        values_op, values_feed = slim.assign_from_values(
            {"net/b": np.array([7., 8., 9.], np.float32),
             "net/extra": np.array([[5.]], np.float32)})
        assert sorted(p.op.name for p in values_feed) == ["placeholder/net/b_1",
                                                          "placeholder/net/extra"]
        with pytest.raises(ValueError, match=r"Checkpoint is missing variable \[net/extra\]"):
            slim.assign_from_checkpoint(path, [extra])
        assert slim.assign_from_checkpoint_fn(path, [extra], ignore_missing_vars=True) is None
        with pytest.raises(ValueError, match="var_list cannot be empty"):
            slim.assign_from_checkpoint_fn(path, [])
        with tf.Session() as sess:
            for run_restore in (restore, restore_present,
                                lambda s: s.run(assign_op, feed)):
                sess.run(tf.global_variables_initializer())
                run_restore(sess)
                np.testing.assert_array_equal(sess.run(w), np.arange(6.0).reshape(2, 3))
                np.testing.assert_array_equal(sess.run(b), [1., 2., 3.])
            sess.run(values_op, values_feed)
            np.testing.assert_array_equal(sess.run(b), [7., 8., 9.])
            np.testing.assert_array_equal(sess.run(extra), [5.])


def test_variable_device_chooser(slim):
    chooser = slim.VariableDeviceChooser(2)
    assert [chooser(None) for _ in range(3)] == [
        "/job:ps/task:0/device:CPU:0", "/job:ps/task:1/device:CPU:0",
        "/job:ps/task:0/device:CPU:0"]
    assert slim.VariableDeviceChooser(device_type="GPU")(None) == "/device:GPU:0"
