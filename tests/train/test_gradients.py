"""tf.gradients / tf.hessians / IndexedSlices / custom gradients. Expected values were checked
against real TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_values_and_second_order(tf):
    x = tf.constant([0.0, 1.0, -2.0])
    y = tf.constant(3.0)
    f = tf.reduce_sum(2.0 * x ** 2 - x) * y
    gx, gy = tf.gradients(f, [x, y])
    g2 = tf.gradients(gx, x)[0]
    vx, vy, v2 = _run(tf, [gx, gy, g2])
    np.testing.assert_allclose(vx, [-3.0, 9.0, -27.0])
    assert vy == pytest.approx(11.0)
    np.testing.assert_allclose(v2, [12.0, 12.0, 12.0])


def test_unconnected_integer_and_nondifferentiable_give_none(tf):
    xi = tf.constant([1, 2, 3])
    xf = tf.constant([1.0, 2.0, 3.0])
    assert tf.gradients(xi * 2, xi) == [None]
    assert tf.gradients(tf.cast(xi, tf.float32) * 2.0, xi) == [None]
    assert tf.gradients(tf.cast(tf.cast(xf, tf.int32), tf.float32), xf) == [None]
    assert tf.gradients(tf.cast(tf.argmax(xf), tf.float32), xf) == [None]
    assert tf.gradients(xf * 2.0, tf.constant(1.0)) == [None]
    g = tf.gradients(xf * 2.0, [xf, tf.constant(1.0)], unconnected_gradients="zero")
    np.testing.assert_allclose(_run(tf, g[1]), 0.0)
    for bad in ("zeros", "ZERO"):  # TF checks the value before building anything
        with pytest.raises(ValueError, match="^Unknown value for unconnected_gradients: '%s'$" % bad):
            tf.gradients(xf * 2.0, xf, unconnected_gradients=bad)


def test_grad_ys_multiple_ys_and_errors(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients([x * 2.0, x * x], x, grad_ys=[tf.constant([1.0, 0.0, 1.0]), None])[0]
    np.testing.assert_allclose(_run(tf, g), [4.0, 4.0, 8.0])
    g_scalar = tf.gradients(tf.reduce_sum(x * x), x, grad_ys=2.0)[0]
    np.testing.assert_allclose(_run(tf, g_scalar), [4.0, 8.0, 12.0])
    with pytest.raises(ValueError, match="Length mismatch. Passed 3 grad_ys for 1 ys"):
        tf.gradients(x * 2.0, x, grad_ys=[1, 2, 3])


def test_complex_ys_need_grad_ys(tf):
    # recorded from TF 2.21 compat.v1: a complex y without grad_ys is a TypeError (TF 1.15 too)
    x = tf.constant([1.0, 2.0])
    c = tf.complex(tf.constant([1.0, 2.0]), tf.constant([0.5, 1.0]))
    y = tf.reduce_sum(c * tf.cast(x, tf.complex64))
    with pytest.raises(TypeError, match=r"Gradients of complex tensors \(Tensor\(\"Sum:0\", "
                                        r"shape=\(\), dtype=complex64\)\) must set grad_ys "
                                        r"\(y.dtype = complex64\)"):
        tf.gradients([tf.reduce_sum(x), y], x)
    given = tf.gradients(y, x, grad_ys=tf.constant(1 + 0j, tf.complex64))[0]
    through_real = tf.gradients(tf.real(y), x)[0]
    np.testing.assert_allclose(_run(tf, [given, through_real]), [[1.0, 2.0], [1.0, 2.0]])


def test_stop_gradient_and_stop_gradients(tf):
    a = tf.constant(1.0)
    b = 2 * a
    c = a + b
    x = tf.constant([1.0, 2.0, 3.0])
    partial = tf.gradients(c, [a, b], stop_gradients=[a, b])
    total = tf.gradients(c, [a, b])
    blocked = tf.gradients(tf.stop_gradient(x) * x, x)[0]
    vp, vt, vb = _run(tf, [partial, total, blocked])
    assert [float(v) for v in vp] == [1.0, 1.0]
    assert [float(v) for v in vt] == [3.0, 1.0]
    np.testing.assert_allclose(vb, [1.0, 2.0, 3.0])


def test_variables_get_gradients_through_their_reads(tf):
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    x = tf.constant([[1.0, 1.0]])
    loss = tf.reduce_sum(tf.matmul(x, w) ** 2)
    g = tf.gradients(loss, w)[0]
    assert g.shape.as_list() == [2, 2] and g.dtype == tf.float32
    np.testing.assert_allclose(_run(tf, g), [[8.0, 12.0], [8.0, 12.0]])


def test_gather_gives_indexed_slices(tf):
    v = tf.Variable(tf.ones([5, 3]))
    e = tf.gather(v, [0, 2, 2])
    g = tf.gradients(tf.reduce_sum(e * e), v)[0]
    assert isinstance(g, tf.IndexedSlices)
    assert g.values.shape.as_list() == [3, 3] and g.indices.shape.as_list() == [3]
    assert g.dense_shape.shape.as_list() == [2]
    dense = tf.convert_to_tensor(g)
    assert dense.shape.as_list() == [5, 3]
    mixed = tf.gradients(tf.reduce_sum(e) + tf.reduce_sum(v), v)[0]
    two = tf.gradients(tf.reduce_sum(e) + tf.reduce_sum(tf.gather(v, [1])), v)[0]
    assert not isinstance(mixed, tf.IndexedSlices) and isinstance(two, tf.IndexedSlices)
    assert two.values.shape.as_list() == [4, 3]
    vg, vd, vm, vt = _run(tf, [g, dense, mixed, two])
    np.testing.assert_allclose(vg.values, 2.0 * np.ones((3, 3)))
    np.testing.assert_array_equal(vg.indices, [0, 2, 2])
    np.testing.assert_array_equal(vg.dense_shape, [5, 3])
    np.testing.assert_allclose(vd, [[2] * 3, [0] * 3, [4] * 3, [0] * 3, [0] * 3])
    np.testing.assert_allclose(vm, [[2] * 3, [1] * 3, [3] * 3, [1] * 3, [1] * 3])
    np.testing.assert_array_equal(vt.indices, [0, 2, 2, 1])


def test_hessians(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    h = tf.hessians(tf.reduce_sum(x ** 3), x)[0]
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    hm = tf.hessians(tf.reduce_sum(m * m * m[0, 0]), m)[0]
    assert h.shape.as_list() == [3, 3] and hm.shape.as_list() == [2, 2, 2, 2]
    vh, vm = _run(tf, [h, hm])
    np.testing.assert_allclose(vh, np.diag([6.0, 12.0, 18.0]))
    assert vm[0, 0, 0, 0] == pytest.approx(6.0) and vm[0, 1, 0, 0] == pytest.approx(4.0)
    assert vm[1, 1, 1, 1] == pytest.approx(2.0) and vm[1, 0, 0, 1] == pytest.approx(0.0)


def test_register_gradient_and_override_map(tf):
    @tf.RegisterGradient("TimesTenSquareGrad")
    def _grad(op, grad):
        return grad * 10.0 * op.inputs[0]

    x = tf.placeholder(tf.float32, [3])
    with tf.get_default_graph().gradient_override_map({"Square": "TimesTenSquareGrad"}):
        s = tf.square(x)
    assert s.op.get_attr("_gradient_op_type") == b"TimesTenSquareGrad"
    g = tf.gradients(tf.reduce_sum(s), x)[0]
    np.testing.assert_allclose(_run(tf, g, {x: [1.0, 2.0, 3.0]}), [10.0, 20.0, 30.0])
    with pytest.raises(KeyError, match="Registering two gradient with name"):
        tf.RegisterGradient("TimesTenSquareGrad")(_grad)


def test_custom_gradient(tf):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad

    @tf.custom_gradient
    def scaled_product(x, y):
        def grad(dy):
            return tf.clip_by_value(dy, -0.1, 0.1), dy * 2.0
        return x * y, grad

    x = tf.placeholder(tf.float32, [3])
    z = log1pexp(x * 2.0)
    gz = tf.gradients(tf.reduce_sum(z), x)[0]
    a = tf.Variable([1.0, 2.0, 3.0])
    gc = tf.gradients(tf.reduce_sum(scaled_product(a, x)) * 5.0, [a, x])
    vz, vc = _run(tf, [gz, gc], {x: [1.0, 2.0, 100.0]})
    np.testing.assert_allclose(vz, [1.76159, 1.96403, 2.0], rtol=1e-5)
    np.testing.assert_allclose(vc[0], [0.1, 0.1, 0.1])
    np.testing.assert_allclose(vc[1], [10.0, 10.0, 10.0])


def test_clip_ops(tf):
    a = tf.constant([3.0, 4.0])
    b = tf.constant([[1.0, 2.0], [2.0, 4.0]])
    clipped, norm = tf.clip_by_global_norm([a, None, b], 2.0)
    assert clipped[1] is None
    assert clipped[0].name == "clip_by_global_norm/clip_by_global_norm/_0:0"
    out = _run(tf, [tf.clip_by_norm(a, 2.0), tf.global_norm([a, b]), norm, clipped[0],
                    tf.clip_by_value(a, 3.5, 3.7), tf.clip_by_norm(b, 1.0, axes=[1])])
    np.testing.assert_allclose(out[0], [1.2, 1.6], rtol=1e-6)
    assert out[1] == pytest.approx(np.sqrt(50.0)) and out[2] == pytest.approx(np.sqrt(50.0))
    np.testing.assert_allclose(out[3], [0.84852815, 1.1313709], rtol=1e-6)
    np.testing.assert_allclose(out[4], [3.5, 3.7], rtol=1e-6)
    np.testing.assert_allclose(out[5], [[0.4472136, 0.8944272]] * 2, rtol=1e-6)


def test_gather_gradient_names_follow_the_op_scope(tf):
    # TF's _GatherV2Grad runs in name_scope(op.name + "_grad") and colocates the params' Shape
    with tf.device("/cpu:0"), tf.name_scope("embedding"):
        w = tf.Variable(tf.ones([4, 3]), name="W")
        e = tf.nn.embedding_lookup(w, [1, 2])
    g = tf.gradients(tf.reduce_sum(e), w)[0]
    assert g.values.name == "gradients/embedding/embedding_lookup_grad/Reshape:0"
    assert g.indices.name == "gradients/embedding/embedding_lookup_grad/Reshape_1:0"
    assert g.dense_shape.name == "gradients/embedding/embedding_lookup_grad/Shape:0"
    assert g.dense_shape.device == "/device:CPU:0"


def test_random_shuffle_stops_gradients_beside_other_paths(tf):
    # TF: ops.NotDifferentiable("RandomShuffle"); only the direct use of x gets a gradient
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = tf.random_shuffle(x, seed=1)
    g = tf.gradients(tf.reduce_sum(y * x), x)[0]
    assert tf.gradients(tf.reduce_sum(y * y), x) == [None]
    with tf.Session() as sess:
        sess.run(x.initializer)
        shuffled, grad = sess.run([y, g])
    np.testing.assert_allclose(grad, shuffled)


def test_one_hot_and_draw_bounding_boxes_stop_gradients(tf):
    # TF: NotDifferentiable("OneHot"), NotDifferentiable("DrawBoundingBoxes"): only the direct
    # terms reach x and im
    x = tf.Variable(2.0)
    im = tf.Variable(np.ones((1, 4, 4, 1), np.float32))
    oh = tf.one_hot([0, 1], 3, on_value=x, off_value=0.5 * x)
    db = tf.image.draw_bounding_boxes(im, [[[0.1, 0.1, 0.6, 0.6]]])
    gx = tf.gradients(tf.reduce_sum(oh) + x, x)[0]
    gi = tf.gradients(tf.reduce_sum(db) + tf.reduce_sum(im), im)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vx, vi = sess.run([gx, gi])
    assert vx == 1.0
    np.testing.assert_allclose(vi, np.ones((1, 4, 4, 1)))
