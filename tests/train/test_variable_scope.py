"""tf.get_variable / tf.variable_scope: names, reuse modes and their errors, re-entered scopes,
default_name, scope-level initializer/regularizer/dtype, custom getters, initializers' math.
Expected values were checked against real TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def _names(tf):
    return [v.name for v in tf.global_variables()]


def test_nested_scopes_and_op_names(tf):
    with tf.variable_scope("outer"), tf.variable_scope("inner"):
        w = tf.get_variable("w", [2])
        x = tf.add(w, 1.0)
    with tf.variable_scope("outer", reuse=True), tf.variable_scope("inner"):
        w2 = tf.get_variable("w")
        y = tf.add(w2, 1.0)
    assert w is w2 and w.name == "outer/inner/w:0"
    assert x.name == "outer/inner/Add:0" and y.name == "outer_1/inner/Add:0"
    assert w.initializer.inputs[1].name == "outer/inner/w/Initializer/random_uniform:0"


def test_reuse_errors(tf):
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
        with pytest.raises(ValueError, match="Variable s/v already exists, disallowed. Did you "
                                             "mean to set reuse=True"):
            tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match="Variable s/u does not exist, or was not created "
                                             "with tf.get_variable()"):
            tf.get_variable("u", [1])
        with pytest.raises(ValueError, match="Trying to share variable s/v, but specified shape "
                                             "\\(2,\\) and found shape \\(1,\\)."):
            tf.get_variable("v", [2])
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="d", reuse=True):
            pass
    with pytest.raises(ValueError, match="Variable x did not get an initializer, so its "
                                         "`shape` argument must be specified."):
        tf.get_variable("x")
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("y", [2], initializer=tf.constant([1.0, 2.0]))


def _make_shared_variable(tf):
    return tf.get_variable("dup", [2])


def test_already_exists_names_where_it_was_first_defined(tf):
    # TF's message lists the first definition's frames (innermost first), not the second call's
    _make_shared_variable(tf)
    with pytest.raises(ValueError) as info:
        tf.get_variable("dup", [2])
    defined_at = str(info.value).split("Originally defined at:\n\n")[1]
    first = defined_at.lstrip().splitlines()[0]
    assert first.startswith('File "%s"' % __file__.rstrip("c")) and first.endswith(
        ", in _make_shared_variable"), first
    assert "test_already_exists_names_where_it_was_first_defined" in defined_at



def test_auto_reuse_and_reuse_variables(tf):
    def layer():
        with tf.variable_scope("fc", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [3])
    assert layer() is layer()
    with tf.variable_scope("top") as scope:
        a = tf.get_variable("a", [1])
        scope.reuse_variables()
        assert tf.get_variable("a") is a
        assert tf.get_variable_scope().reuse is True
    assert _names(tf) == ["fc/w:0", "top/a:0"]


def test_default_name_and_reentering_scope_objects(tf):
    for _ in range(2):
        with tf.variable_scope(None, default_name="block"):
            tf.get_variable("k", [1])
    with tf.variable_scope("model") as model_scope:
        pass
    with tf.variable_scope(model_scope):
        v = tf.get_variable("v", [1])
        op = tf.add(v, 1.0)
    with tf.variable_scope(model_scope, auxiliary_name_scope=False):
        op2 = tf.add(v, 2.0)
    assert _names(tf) == ["block/k:0", "block_1/k:0", "model/v:0"]
    assert model_scope.name == "model" and model_scope.original_name_scope == "model/"
    assert op.name == "model_1/Add:0" and op2.name == "Add:0"


def test_scope_defaults_initializer_dtype_regularizer(tf):
    def reg(v):
        return tf.reduce_sum(v) * 0.5
    with tf.variable_scope("s", initializer=tf.constant_initializer(2.0), regularizer=reg,
                           dtype=tf.float64):
        a = tf.get_variable("a", [2])
        b = tf.get_variable("b", [2], initializer=tf.ones_initializer(), regularizer=None)
        n = tf.get_variable("n", [2], dtype=tf.int32, initializer=tf.zeros_initializer(),
                            regularizer=tf.no_regularizer)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert a.dtype.base_dtype == tf.float64 and n.dtype.base_dtype == tf.int32
    assert [t.name for t in losses] == ["s/a/Regularizer/mul:0", "s/b/Regularizer/mul:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        va, vb, vn, vl = sess.run([a, b, n, losses])
    np.testing.assert_array_equal(va, [2, 2])
    np.testing.assert_array_equal(vb, [1, 1])
    np.testing.assert_array_equal(vn, [0, 0])
    assert [float(x) for x in vl] == [2.0, 1.0]


def test_custom_getter_and_trainable(tf):
    seen = []

    def getter(getter, name, *args, **kwargs):
        seen.append(name)
        kwargs["trainable"] = False
        return getter(name + "_x", *args, **kwargs)
    with tf.variable_scope("g", custom_getter=getter):
        v = tf.get_variable("v", [1])
    assert seen == ["g/v"] and v.name == "g/v_x:0"
    assert tf.trainable_variables() == []


def test_get_variable_from_tensor_and_local(tf):
    c = tf.get_variable("c", initializer=tf.constant([1.0, 2.0]))
    loc = tf.get_local_variable("loc", [2], initializer=tf.zeros_initializer())
    assert c.initializer.inputs[1].name == "Const:0"
    assert [v.name for v in tf.local_variables()] == ["loc:0"]
    assert loc.name not in [v.name for v in tf.trainable_variables()]


def test_initializer_math(tf):
    tf.set_random_seed(1)
    shapes = {"glorot": [200, 300], "he": [100, 50], "trunc": [4000], "orth": [6, 4]}
    g = tf.get_variable("glorot", shapes["glorot"])  # get_variable's default initializer
    h = tf.get_variable("he", shapes["he"], initializer=tf.initializers.he_normal())
    t = tf.get_variable("trunc", shapes["trunc"],
                        initializer=tf.truncated_normal_initializer(1.0, 0.5))
    o = tf.get_variable("orth", shapes["orth"], initializer=tf.orthogonal_initializer(gain=2.0))
    i = tf.get_variable("eye", [3, 3], initializer=tf.initializers.identity(gain=3.0))
    u = tf.get_variable("uus", [10, 20], initializer=tf.uniform_unit_scaling_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vg, vh, vt, vo, vi, vu = sess.run([g, h, t, o, i, u])
    limit = np.sqrt(6.0 / 500)
    assert np.abs(vg).max() <= limit and np.abs(vg).max() > 0.95 * limit
    assert abs(vh.std() - np.sqrt(2.0 / 100)) < 0.1 * np.sqrt(2.0 / 100)
    assert np.abs(vh).max() <= 2 * np.sqrt(2.0 / 100) / .87962566103423978 + 1e-6
    assert np.all(np.abs(vt - 1.0) <= 1.0 + 1e-6) and abs(vt.std() - 0.5 * 0.8796) < 0.03
    np.testing.assert_allclose(vo.T @ vo, 4.0 * np.eye(4), atol=1e-5)
    np.testing.assert_array_equal(vi, 3.0 * np.eye(3))
    assert np.abs(vu).max() <= np.sqrt(3.0 / 10) + 1e-6


def test_initializer_classes_and_configs(tf):
    assert tf.glorot_uniform_initializer().get_config() == {"seed": None, "dtype": "float32"}
    assert tf.variance_scaling_initializer(2.0, "fan_out").get_config() == {
        "scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal", "seed": None,
        "dtype": "float32"}
    assert tf.initializers.zeros is tf.zeros_initializer
    with pytest.raises(ValueError, match="Argument `mode` should be one of"):
        tf.variance_scaling_initializer(mode="bad")
    z = tf.zeros_initializer()([2, 3], dtype=tf.int64)
    c = tf.constant_initializer([1, 2, 3, 4])([2, 2])
    with tf.Session() as sess:
        vz, vc = sess.run([z, c])
    assert vz.dtype == np.int64 and vz.shape == (2, 3)
    np.testing.assert_array_equal(vc, [[1, 2], [3, 4]])
