"""Notebook habits (Jupyter cells of 2016-2019): Tensor.eval()/Operation.run() with no or the
wrong default session, Python variables left pointing at an old graph's tensors (control
dependencies, tf.group), Python ints fed where they do not fit, and fetching a tensor that is
also fed (TF's _FetchHandler hands back the fed array itself). Messages as TF words them."""
import numpy as np
import pytest


def test_eval_and_run_without_a_default_session(tf):
    x = tf.constant(1.0)
    v = tf.Variable(2.0)
    with pytest.raises(ValueError) as info:
        x.eval()
    assert str(info.value) == (
        "Cannot evaluate tensor using `eval()`: No default session is registered. Use `with "
        "sess.as_default()` or pass an explicit session to `eval(session=sess)`")
    with pytest.raises(ValueError) as info:
        v.initializer.run()
    assert str(info.value) == (
        "Cannot execute operation using `run()`: No default session is registered. Use `with "
        "sess.as_default():` or pass an explicit session to `run(session=sess)`")


def test_default_or_given_session_of_another_graph(tf):
    x = tf.constant(1.0)
    op = tf.no_op()
    with tf.Graph().as_default():
        other = tf.Session()
    with other.as_default():
        with pytest.raises(ValueError) as info:
            x.eval()
        assert str(info.value) == (
            "Cannot use the default session to evaluate tensor: the tensor's graph is different "
            "from the session's graph. Pass an explicit session to `eval(session=sess)`.")
        with pytest.raises(ValueError) as info:
            op.run()
        assert str(info.value) == (
            "Cannot use the default session to execute operation: the operation's graph is "
            "different from the session's graph. Pass an explicit session to run(session=sess).")
    with pytest.raises(ValueError) as info:
        x.eval(session=other)
    assert str(info.value) == ("Cannot use the given session to evaluate tensor: the tensor's "
                               "graph is different from the session's graph.")
    with pytest.raises(ValueError) as info:
        op.run(session=other)
    assert str(info.value) == ("Cannot use the given session to execute operation: the "
                               "operation's graph is different from the session's graph.")
    other.close()


def test_control_dependencies_on_another_graphs_tensor(tf):
    y = tf.constant(1.0, name='y')
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as info:
            with tf.control_dependencies([y]):
                pass
        assert str(info.value) == ('Tensor Tensor("y:0", shape=(), dtype=float32) is not an '
                                   'element of this graph.')
        with pytest.raises(ValueError, match="Operation name: \"y\"\nop: \"Const\""):
            with tf.control_dependencies([y.op]):
                pass
        with pytest.raises(TypeError, match="Can not convert a float into a Tensor or "
                                            "Operation."):
            with tf.control_dependencies([1.0]):
                pass


def test_group_mixing_graphs_and_grouping_an_old_graphs_op(tf):
    y = tf.constant(1.0, name='y')
    g_old = tf.get_default_graph()
    with tf.Graph().as_default() as g2:
        x = tf.constant(2.0, name='x')
        with pytest.raises(ValueError) as info:
            tf.group(y.op, x)
        assert str(info.value).startswith(
            'Tensor("x:0", shape=(), dtype=float32) must be from the same graph as name: "y"')
        grouped = tf.group(y.op)  # made in y's graph, as the name scope of its inputs says
        assert grouped.graph is g_old and grouped.name == 'group_deps'
        assert len(g2.get_operations()) == 1


@pytest.mark.parametrize('dtype,value', [
    ('int32', 2 ** 40), ('int32', 2 ** 31), ('uint8', 256), ('uint8', -1), ('int8', -129),
    ('bool', 2), ('string', 3), ('string', True), ('int64', 2 ** 63)])
def test_python_int_feed_that_does_not_fit(tf, dtype, value):
    p = tf.placeholder(getattr(tf, dtype), [])
    np_type = {'string': "<class 'object'>", 'bool': str(np.bool_)}.get(
        dtype, "<class 'numpy.%s'>" % dtype)
    with tf.Session() as sess:
        with pytest.raises(TypeError) as info:
            sess.run(p, {p: value})
    assert str(info.value) == (
        "Type of feed value %s with type %s is not compatible with Tensor type %s. Try "
        "explicitly setting the type of the feed tensor to a larger type (e.g. int64)."
        % (value, type(value), np_type))


def test_python_int_feeds_that_fit_or_round(tf):
    cases = [(tf.int32, -2 ** 31, -2147483648), (tf.float32, 2 ** 24 + 1, 16777216.0),
             (tf.float16, 70000, np.inf), (tf.bool, 1, True), (tf.uint64, 2 ** 64 - 1,
                                                               18446744073709551615)]
    with tf.Session() as sess:
        for dtype, value, expected in cases:
            p = tf.placeholder(dtype, [])
            with np.errstate(over='ignore'):
                assert sess.run(p + tf.zeros([], dtype) if dtype != tf.bool else
                                tf.logical_and(p, True), {p: value}) == expected


def test_fetching_a_fed_tensor_returns_the_fed_array(tf):
    p = tf.placeholder(tf.float32, [])
    q = tf.placeholder(tf.float32, [None])
    s = tf.placeholder(tf.string, [None])
    c = tf.constant(2.0)
    x = np.array([1.0, 2.0], np.float32)
    with tf.Session() as sess:
        fed, computed = sess.run([p, tf.identity(p)], {p: 3})
        assert type(fed) is np.ndarray and fed.shape == () and fed.dtype == np.float32
        assert type(computed) is np.float32
        assert sess.run(q, {q: x}) is x  # the array itself, not a copy
        converted = sess.run(q, {q: np.array([1, 2], np.float64)})
        assert converted.dtype == np.float32
        assert type(sess.run(c, {c: 5.0})) is np.ndarray
        assert type(sess.run(c)) is np.float32
        strings = sess.run(s, {s: ['a', b'b']})  # str elements stay str
        assert strings.dtype == object and list(strings) == ['a', b'b']
        assert sess.run(tf.identity(s), {s: ['a']}).tolist() == [b'a']
