"""tf.py_func and tf.numpy_function: values, types, result checks and errors (from TF)."""
import numpy as np
import pytest


def test_py_func_values_and_static_info(tf):
    x = tf.placeholder(tf.float32, [None])
    y = tf.py_func(lambda a: (a * 2, np.int64(a.size)), [x], [tf.float32, tf.int64])
    z = tf.numpy_function(lambda a, b: a + b, [x, tf.constant(1.0)], tf.float32)
    assert [str(y[0].shape), y[0].op.type, str(z.shape)] == ["<unknown>", "PyFunc", "<unknown>"]
    assert tf.py_func(lambda a: a, [x], tf.float32, stateful=False).op.type == "PyFuncStateless"
    with tf.Session() as s:
        (doubled, size), plus = s.run([y, z], {x: [1, 2]})
    assert doubled.tolist() == [2.0, 4.0] and size == 2 and plus.tolist() == [2.0, 3.0]


def test_py_func_argument_types_and_string_results(tf):
    probe = tf.py_func(
        lambda *a: str([(type(v).__name__, str(getattr(v, "dtype", ""))) for v in a]),
        [tf.constant(1.5), tf.constant(2), tf.constant(True), tf.constant("s"),
         tf.constant([1.0, 2.0]), tf.constant(["a", "b"])], tf.string)
    with tf.Session() as s:
        assert s.run(probe) == (b"[('float32', 'float32'), ('int32', 'int32'), ('bool', 'bool'), "
                                b"('bytes', ''), ('ndarray', 'float32'), ('ndarray', 'object')]")
        assert s.run(tf.py_func(lambda: "hi", [], tf.string)) == b"hi"
        assert s.run(tf.py_func(lambda: None, [], [])) is None


def test_py_func_result_checks(tf, core_message):
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        for fn, tout, text in [
                (lambda a: a.astype(np.float64), tf.float32, "is double, but expects float"),
                (lambda a: (1, 2), [tf.int32], "returns 2 values, but expects to see 1 values."),
                (lambda a: 3, tf.int32, "is int64, but expects int32")]:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                s.run(tf.py_func(fn, [x], tout), {x: [1.0]})
            assert text in core_message(info.value)


def test_py_func_exceptions_surface_with_the_op_name(tf, core_message):
    x = tf.placeholder(tf.float32, [None])

    def boom(a):
        raise ValueError("boom")

    def stop(a):
        raise StopIteration()

    def missing(a):
        return {}["k"]

    with tf.Session() as s:
        for fn, cls, head in [(boom, tf.errors.InvalidArgumentError, "ValueError: boom\n"),
                              (stop, tf.errors.OutOfRangeError, "StopIteration: \n"),
                              (missing, tf.errors.UnknownError, "KeyError: 'k'\n")]:
            op = tf.py_func(fn, [x], tf.float32, name="my_func")
            with pytest.raises(cls) as info:
                s.run(op, {x: [1.0]})
            assert core_message(info.value).startswith(head + "Traceback (most recent call last):")
            assert info.value.op.name == op.op.name


def test_py_func_in_a_loop(tf):
    calls = []

    def f(a):
        calls.append(float(a))
        return a * 2

    x = tf.placeholder(tf.float32, [])
    _, y = tf.while_loop(lambda i, v: i < 3,
                         lambda i, v: (i + 1, tf.reshape(tf.py_func(f, [v], tf.float32), [])),
                         [0, x])
    with tf.Session() as s:
        assert s.run(y, {x: 1.5}) == 12.0
    assert calls == [1.5, 3.0, 6.0]


def test_py_func_string_results_are_fetched_as_object_arrays(tf):
    # Recorded from TF 2.21 compat.v1: whatever numpy string dtype the function returns
    # (np.bytes_, str), a tf.string result is fetched as an object array of bytes.
    s = tf.constant(['ab', 'cde'])
    upper = tf.py_func(lambda v: np.char.upper(v.astype(str)).astype(np.bytes_), [s],
                       tf.string)
    text = tf.py_func(lambda v: np.array(['x', 'yy']), [s], tf.string)
    with tf.Session() as sess:
        got_upper, got_text, length = sess.run([upper, text, tf.strings.length(upper)])
    assert got_upper.dtype == object and got_upper.tolist() == [b'AB', b'CDE']
    assert got_text.dtype == object and got_text.tolist() == [b'x', b'yy']
    assert length.tolist() == [2, 3]
