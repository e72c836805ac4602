"""tf.contrib.framework reduce_sum_n, with_shape, with_same_shape, py_func, smart_cond and
smart_constant_value (TF 1.15's contrib/framework/python/framework/tensor_util.py, ops/
script_ops.py and python/framework/smart_cond.py). TF 2.x has no tf.contrib: the expected
names and numbers come from TF 2.21 compat.v1 running TF 1.15's functions written out with core
ops; smart_cond's TypeErrors keep TF 1.15's wording (TF 2.21 reworded them)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_reduce_sum_n(tf):
    a = tf.constant([[1., 2.], [3., 4.]])
    b = tf.constant([5., 6., 7.])
    s = tf.contrib.framework.reduce_sum_n([a, b])
    s1 = tf.contrib.framework.reduce_sum_n([b], name="one")
    assert s.name == "reduce_sum_n:0" and s1.name == "one/Const_1/sum:0"
    assert [o.name for o in tf.get_default_graph().get_operations()][2:] == [
        "reduce_sum_n/Const", "reduce_sum_n/Const/sum", "reduce_sum_n/Const_1",
        "reduce_sum_n/Const_1/sum", "reduce_sum_n", "one/Const", "one/Const_1/sum"]
    with tf.Session() as sess:
        assert sess.run([s, s1]) == [28.0, 18.0]
    with pytest.raises(ValueError, match="No tensors provided."):
        tf.contrib.framework.reduce_sum_n([])


def test_with_shape(tf):
    a = tf.constant([[1., 2.], [3., 4.]])
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    w = tf.contrib.framework.with_shape([2, 3], p)
    assert w.name == "p/Identity:0" and w.shape.as_list() == [2, 3]
    assert [o.name for o in tf.get_default_graph().get_operations()
            if o.name.startswith("p/")] == [
        "p/assert_shape/actual", "p/assert_shape/is_shape/Size/Const",
        "p/assert_shape/is_shape/Size", "p/assert_shape/is_shape/is_rank/actual",
        "p/assert_shape/is_shape/is_rank", "p/assert_shape/is_shape/expected",
        "p/assert_shape/is_shape/all_equal/equal", "p/assert_shape/is_shape/all_equal/Const",
        "p/assert_shape/is_shape/all_equal", "p/assert_shape/is_shape", "p/assert_shape/Const",
        "p/assert_shape/Const_1", "p/assert_shape/Assert/data_0",
        "p/assert_shape/Assert/data_1", "p/assert_shape/Assert", "p/Identity"]
    assert tf.contrib.framework.with_same_shape(a, a) is a
    assert tf.contrib.framework.with_shape([], tf.constant([3.])).name == "Const_1/Reshape:0"
    with pytest.raises(ValueError, match=r"Invalid rank 2 for shape \[\[0 0\]\n \[0 0\]\] "
                                         r"expected of tensor Const:0."):
        tf.contrib.framework.with_shape(np.zeros([2, 2], np.int32), a)
    with pytest.raises(ValueError, match=r"Invalid dtype float64 for shape \[1.5\] expected"):
        tf.contrib.framework.with_shape(np.array([1.5]), a)
    with pytest.raises(ValueError, match=r"Invalid shape for tensor Const:0, expected \[3 2\], "
                                         r"got \(2, 2\)."):
        tf.contrib.framework.with_shape([3, 2], a)
    with tf.Session() as sess:
        assert sess.run(w, {p: np.ones([2, 3])}).shape == (2, 3)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Wrong shape for p:0 \[expected\] \[actual\].\] \[2 3\] "
                                 r"\[1 3\]"):
            sess.run(w, {p: np.ones([1, 3])})


def test_py_func_nested(tf):
    x = tf.constant([1., 2.])
    y = tf.constant(3.)
    out = tf.contrib.framework.py_func(
        lambda a, b=None, c=None: {"s": a * b, "t": (a + c, np.float32(b))}, [x],
        {"b": y, "c": x}, output_types={"s": tf.float32, "t": (tf.float32, tf.float32)},
        output_shapes={"s": [2], "t": ([2], [])})
    assert out["s"].op.type == "PyFunc"
    assert [out["s"].shape.as_list(), out["t"][0].shape.as_list(),
            out["t"][1].shape.as_list()] == [[2], [2], []]
    with tf.Session() as sess:
        r = sess.run(out)
    np.testing.assert_allclose(r["s"], [3., 6.])
    np.testing.assert_allclose(r["t"][0], [2., 4.])
    assert r["t"][1] == 3.0
    with pytest.raises(TypeError, match=r"args must be list and not "):
        tf.contrib.framework.py_func(lambda a: a, x, output_types=tf.float32)
    with pytest.raises(TypeError, match=r"kwargs must be dict and not <class 'list'>. "
                                        r"args: \[1\]"):
        tf.contrib.framework.py_func(lambda a: a, [x], [1], output_types=tf.float32)


def test_smart_cond(tf):
    fw = tf.contrib.framework
    assert fw.smart_cond(True, lambda: 1, lambda: 2) == 1
    assert fw.smart_cond(tf.constant(False), lambda: 1, lambda: 2) == 2
    c = fw.smart_cond(tf.placeholder(tf.bool), lambda: tf.constant(1), lambda: tf.constant(2))
    assert c.name == "cond/Merge:0"
    with pytest.raises(TypeError, match="`true_fn` must be callable."):
        fw.smart_cond(True, 1, lambda: 2)
    with pytest.raises(TypeError, match="`false_fn` must be callable."):
        fw.smart_cond(True, lambda: 1, None)
    with pytest.raises(TypeError, match="`pred` must be a Tensor, or a Python bool, or 1 or 0. "
                                        "Found instead: <class 'str'>"):
        fw.smart_cond("x", lambda: 1, lambda: 2)
    assert fw.smart_constant_value(1) is True
    assert fw.smart_constant_value(tf.placeholder(tf.bool)) is None


def test_zero_initializer(tf):
    # TF 1.15's ZeroInitializer kernel (contrib/framework/kernels/zero_initializer_op.cc):
    # zeros of the variable's shape, InvalidArgument "input is already initialized" after that
    v = tf.Variable(tf.ones([2, 3]), name="v")
    z = tf.contrib.framework.zero_initializer(v)
    assert z.name == "zero_initializer:0" and z.op.type == "ZeroInitializer"
    assert z.dtype == tf.float32_ref and z.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        assert sess.run(tf.report_uninitialized_variables()).tolist() == [b"v"]
        np.testing.assert_array_equal(sess.run(z), np.zeros([2, 3]))
        np.testing.assert_array_equal(sess.run(v), np.zeros([2, 3]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="input is already initialized"):
            sess.run(z)
