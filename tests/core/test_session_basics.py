"""Session.run: fetch structures, feeds, pruning, errors, default sessions (values from TF1)."""
import collections

import numpy as np
import pytest


def test_getting_started_add(tf):
    a = tf.add(3, 5)
    assert str(a) == 'Tensor("Add:0", shape=(), dtype=int32)'
    with tf.Session() as sess:
        value = sess.run(a)
    assert value == 8 and type(value) is np.int32


def test_pre_1_0_aliases_and_pruning(tf):
    x, y = 2, 3
    add_op = tf.add(x, y)
    mul_op = tf.multiply(x, y)
    useless = tf.multiply(x, add_op)
    pow_op = tf.pow(add_op, mul_op)
    with tf.Session() as sess:
        z, not_useless = sess.run([pow_op, useless])
    assert (z, not_useless) == (15625, 10)


@pytest.mark.tfcompat_only
def test_old_aliases_exist():
    import tfcompat as tf
    assert tf.mul is tf.multiply and tf.sub is tf.subtract and tf.neg is tf.negative
    assert tf.pack is tf.stack and tf.unpack is tf.unstack


def test_fetch_structures(tf):
    a = tf.constant(1.0)
    b = tf.constant([2, 3])
    Pair = collections.namedtuple("Pair", "x y")
    with tf.Session() as sess:
        out = sess.run({"a": a, "rest": [b, (a,)], "pair": Pair(a, b),
                        "od": collections.OrderedDict([("z", b), ("y", a)])})
    assert out["a"] == 1.0 and type(out["rest"]) is list and type(out["rest"][1]) is tuple
    assert isinstance(out["pair"], Pair) and out["pair"].y.tolist() == [2, 3]
    assert type(out["od"]) is collections.OrderedDict and list(out["od"]) == ["z", "y"]


def test_fetch_operation_returns_none_and_names_work(tf):
    a = tf.constant(2.0, name="a")
    b = tf.identity(a, name="b")
    with tf.Session() as sess:
        assert sess.run(b.op) is None
        assert sess.run("b:0") == 2.0
        assert sess.run(["b:0", "b"]) == [2.0, None]


def test_feeds_by_tensor_and_name_and_intermediate(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = x * 2.0
    z = y + 1.0
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(z, {x: [[1, 2]]}), [[3.0, 5.0]])
        np.testing.assert_allclose(sess.run(z, {"x:0": [[0, 1]]}), [[1.0, 3.0]])
        np.testing.assert_allclose(sess.run(z, {y: [[10.0, 20.0]]}), [[11.0, 21.0]])


def test_feed_errors(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = x + 1.0
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y)
        assert "You must feed a value for placeholder tensor 'x' with dtype float and shape " \
               "[?,2]" in str(info.value)
        with pytest.raises(ValueError) as info:
            sess.run(y, {x: np.ones((2, 3))})
        assert "Cannot feed value of shape (2, 3) for Tensor" in str(info.value)
        with pytest.raises(TypeError):
            sess.run(y, {x: tf.constant([[1.0, 2.0]])})


def test_fetch_errors(tf):
    tf.constant(0)
    with pytest.raises(TypeError):
        tf.Session().run(None)
    other = tf.Graph()
    with other.as_default():
        c = tf.constant(1.0)
    with pytest.raises(ValueError) as info:
        tf.Session().run(c)
    assert "cannot be interpreted as a Tensor" in str(info.value)


def test_closed_session_raises_runtime_error(tf):
    a = tf.constant(1)
    sess = tf.Session()
    sess.close()
    with pytest.raises(RuntimeError) as info:
        sess.run(a)
    assert "Attempted to use a closed Session." in str(info.value)


def test_results_are_copies(tf):
    x = tf.placeholder(tf.float32, [2])
    y = tf.identity(x)
    feed = np.array([1.0, 2.0], np.float32)
    with tf.Session() as sess:
        out = sess.run(y, {x: feed})
    out[0] = 100.0
    assert feed[0] == 1.0


def test_default_session_eval_and_interactive(tf):
    a = tf.constant(3) * 2
    with tf.Session().as_default():
        assert a.eval() == 6
        assert tf.get_default_session() is not None
    with pytest.raises(ValueError) as info:
        a.eval()
    assert "No default session is registered" in str(info.value)
    sess = tf.InteractiveSession()
    try:
        assert a.eval() == 6
    finally:
        sess.close()


def test_make_callable(tf):
    x = tf.placeholder(tf.int32, [])
    y = x * x
    with tf.Session() as sess:
        square = sess.make_callable(y, [x])
        assert [square(i) for i in range(4)] == [0, 1, 4, 9]
        both = sess.make_callable([y, x], [x])
        assert both(5) == [25, 5]


def test_session_graph_argument_and_with_block_sets_default_graph(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(5)
    with tf.Session(graph=g) as sess:
        assert tf.get_default_graph() is g
        assert sess.run(c) == 5
        assert sess.graph is g


def test_placeholder_with_default(tf):
    d = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None])
    y = d * 3.0
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), [3.0, 6.0])
        np.testing.assert_allclose(sess.run(y, {d: [1.0, 1.0, 1.0]}), [3.0, 3.0, 3.0])
    assert d.shape.as_list() == [None]


def test_string_tensors_come_back_as_bytes(tf):
    s = tf.constant(["ab", "c"])
    one = tf.constant("hello")
    with tf.Session() as sess:
        out, scalar = sess.run([s, one])
    assert out.dtype == object and out.tolist() == [b"ab", b"c"]
    assert scalar == b"hello" and isinstance(scalar, bytes)


def test_runs_from_threads(tf):
    import threading
    x = tf.placeholder(tf.float32, [])
    y = x * 2.0
    results = {}
    with tf.Session() as sess:
        def work(i):
            results[i] = [float(sess.run(y, {x: float(i)})) for _ in range(20)]
        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]
    assert all(results[i] == [2.0 * i] * 20 for i in range(4))


@pytest.mark.tfcompat_only   # TF 2.21 drops TF 1.x's quotes: ... for Tensor x:0, which has shape (8,)
def test_feed_shape_error_spells_a_1d_shape_as_a_tuple():
    import tfcompat as tfc
    with tfc.Graph().as_default():
        v = tfc.placeholder(tfc.float32, [8], name="v")
        m = tfc.placeholder(tfc.float32, [None, 8], name="m")
        with tfc.Session() as sess:
            with pytest.raises(ValueError) as info:
                sess.run(v, {v: np.zeros(3)})
            # TF 1.x: %r of str(TensorShape([8])), a tuple's "(8,)"
            assert str(info.value) == ("Cannot feed value of shape (3,) for Tensor 'v:0', which "
                                       "has shape '(8,)'")
            with pytest.raises(ValueError) as info:
                sess.run(m, {m: np.zeros(3)})
            assert str(info.value).endswith("which has shape '(?, 8)'")
