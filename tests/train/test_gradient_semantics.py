"""Gradients with TF's semantics where torch's differ: ties of maximum/minimum, clip_by_value at
its bounds, None for the ops TF does not differentiate, fed intermediates, TF's gradient kernels
that return 0 for a 0 incoming gradient, Pow's exponent gradient, second order.

Expected values were recorded from TF 2.21 (tensorflow.compat.v1, disable_v2_behavior); the
tests that are not tfcompat_only also pass with TFCOMPAT_TEST_AGAINST_TF=1.
"""
import numpy as np
import pytest


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def _close(got, want):
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64),
                               rtol=1e-5, atol=1e-6)


# -- maximum / minimum / clip_by_value ---------------------------------------------------------

def test_maximum_minimum_ties_go_to_x(tf):
    a = tf.constant([2.0, 1.0, 3.0])
    b = tf.constant([2.0, 2.0, 2.0])
    grads = tf.gradients(tf.reduce_sum(tf.maximum(a, b)), [a, b]) + \
        tf.gradients(tf.reduce_sum(tf.minimum(a, b)), [a, b])
    max_a, max_b, min_a, min_b = _run(tf, grads)
    _close(max_a, [1.0, 0.0, 1.0])
    _close(max_b, [0.0, 1.0, 0.0])
    _close(min_a, [1.0, 1.0, 0.0])
    _close(min_b, [0.0, 0.0, 1.0])


def test_maximum_minimum_nan_sends_gradient_to_y(tf):
    a = tf.constant([np.nan, 1.0])
    b = tf.constant([1.0, np.nan])
    ga, gb = _run(tf, tf.gradients(tf.reduce_sum(tf.maximum(a, b)), [a, b]))
    _close(ga, [0.0, 0.0])    # x >= y is False for NaN either side
    _close(gb, [1.0, 1.0])


def test_maximum_minimum_broadcasting(tf):
    a = tf.constant([[1.0, 2.0, 3.0], [3.0, 0.0, 2.0]])
    b = tf.constant([2.0, 2.0, 3.0])
    c = tf.constant(2.0)
    w = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = _run(tf, [tf.gradients(tf.reduce_sum(w * tf.maximum(a, b)), [a, b]),
                    tf.gradients(tf.reduce_sum(w * tf.minimum(a, b)), [a, b]),
                    tf.gradients(tf.reduce_sum(w * tf.maximum(a, c)), [a, c]),
                    tf.gradients(tf.reduce_sum(w * tf.maximum(c, a)), [a, c])])
    (max_a, max_b), (min_a, min_b), (sa, sc), (ra, rc) = out
    _close(max_a, [[0, 2, 3], [4, 0, 0]])
    _close(max_b, [1, 5, 6])
    _close(min_a, [[1, 2, 3], [0, 5, 6]])
    _close(min_b, [4, 0, 0])
    _close(sa, [[0, 2, 3], [4, 0, 6]])
    assert sc.shape == () and sc == pytest.approx(6.0)
    _close(ra, [[0, 0, 3], [4, 0, 0]])
    assert rc == pytest.approx(14.0)


def test_clip_by_value_passes_the_whole_gradient_at_its_bounds(tf):
    c = tf.constant([0.0, 6.0, 3.0, -1.0, 7.0])
    g = tf.gradients(tf.reduce_sum(tf.clip_by_value(c, 0.0, 6.0)), c)[0]
    _close(_run(tf, g), [1.0, 1.0, 1.0, 0.0, 0.0])
    a = tf.constant([[1.0, 2.0, 3.0], [3.0, 0.0, 2.0]])
    b = tf.constant([2.0, 2.0, 3.0])
    s = tf.constant(2.0)
    w = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    (ga, gb), (ta, ts) = _run(tf, [
        tf.gradients(tf.reduce_sum(w * tf.clip_by_value(a, b, 2.5)), [a, b]),
        tf.gradients(tf.reduce_sum(w * tf.clip_by_value(a, s, s + 1.0)), [a, s])])
    _close(ga, [[0, 2, 0], [0, 0, 0]])
    _close(gb, [1, 5, 9])
    _close(ta, [[0, 2, 3], [4, 0, 6]])
    assert ts == pytest.approx(6.0)


# -- None where TF's gradient is None ---------------------------------------------------------

def _var(tf):
    return tf.Variable(np.zeros((1, 3), np.float32))


_NONE_CASES = {
    # op type built -> (y, xs) ; TF returns None for every x
    "Floor": lambda tf, x: (tf.floor(x), [x]),
    "Ceil": lambda tf, x: (tf.ceil(x), [x]),
    "Round": lambda tf, x: (tf.round(x), [x]),
    "Rint": lambda tf, x: (tf.rint(x), [x]),
    "FloorDiv": lambda tf, x: (tf.floordiv(x, x + 3.0), [x]),
    "TruncateDiv": lambda tf, x: (tf.truncatediv(x, x + 3.0), [x]),
    "ArgMax": lambda tf, x: (tf.cast(tf.argmax(x, 1), tf.float32), [x]),
    "ArgMin": lambda tf, x: (tf.cast(tf.argmin(x, 1), tf.float32), [x]),
    "Equal": lambda tf, x: (tf.cast(tf.equal(x, 1.0), tf.float32), [x]),
    "Shape": lambda tf, x: (tf.cast(tf.shape(x), tf.float32), [x]),
    "Size": lambda tf, x: (tf.cast(tf.size(x), tf.float32), [x]),
    "Rank": lambda tf, x: (tf.cast(tf.rank(x), tf.float32), [x]),
    "ZerosLike": lambda tf, x: (tf.zeros_like(x) + 1.0, [x]),
    "OnesLike": lambda tf, x: (tf.ones_like(x) * 2.0, [x]),
    "Range": lambda tf, x: (tf.range(x[0, 0], 5.0, 1.5), [x]),
    "OneHot": lambda tf, x: (tf.one_hot([0, 2], 3, on_value=x[0, 0], off_value=x[0, 1]), [x]),
    "RandomShuffle": lambda tf, x: (tf.random_shuffle(x), [x]),
    "StopGradient": lambda tf, x: (tf.stop_gradient(x), [x]),
    "Assign": lambda tf, x: (tf.assign(_var(tf), x * 2.0), [x]),
    "AssignAdd": lambda tf, x: (tf.assign_add(_var(tf), x * 2.0), [x]),
    "ScatterAdd": lambda tf, x: (tf.scatter_add(_var(tf), [0], x), [x]),
    "ScatterNdUpdate": lambda tf, x: (tf.scatter_nd_update(_var(tf), [[0, 1]], x[0, :1]), [x]),
}


@pytest.mark.parametrize("case", sorted(_NONE_CASES))
def test_gradient_is_none_where_tf_gives_none(tf, case):
    x = tf.constant([[1.5, -2.5, 3.0]])
    y, xs = _NONE_CASES[case](tf, x)
    assert tf.gradients(y, xs) == [None] * len(xs)


def test_gradient_is_none_for_some_inputs_only(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    c = tf.constant(3.0)
    assert tf.gradients(tf.pad(a, [[1, 0], [0, 1]], constant_values=c), [a, c])[1] is None
    b = tf.constant(2.0)
    g_a, g_b = tf.gradients(tf.Print(a, [b, a]), [a, b])
    assert g_b is None
    _close(_run(tf, g_a), np.ones((2, 2)))
    x = tf.constant(np.arange(1, 13, dtype=np.float32).reshape(1, 2, 2, 3) / 7.0)
    scale, offset = tf.constant([1.0, 2.0, 3.0]), tf.constant([0.0, 1.0, 0.0])
    mean, var = tf.constant([0.1, 0.2, 0.3]), tf.constant([1.0, 2.0, 0.5])
    y = tf.nn.fused_batch_norm(x, scale, offset, mean=mean, variance=var, is_training=False)[0]
    grads = tf.gradients(y, [mean, var, offset])
    assert grads[:2] == [None, None]
    _close(_run(tf, grads[2]), [4.0, 4.0, 4.0])


def test_sign_gives_zeros_not_none(tf):
    x = tf.constant([1.5, -2.0, 0.0])
    g = tf.gradients(tf.sign(x), x)[0]
    assert g is not None
    _close(_run(tf, g), [0.0, 0.0, 0.0])


def test_minimize_through_floor_raises_no_gradients(tf):
    v = tf.Variable([1.5, 2.5])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.floor(v)))


def test_prevent_gradient_raises_lookup_error(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.raw_ops.PreventGradient(input=x * 2.0, message="no grads here")
    with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: b'no grads"):
        tf.gradients(y, x)
    assert tf.gradients(y + tf.stop_gradient(x), tf.constant(1.0)) == [None]


@pytest.mark.parametrize("case", ["ResizeArea", "TruncateMod", "ScatterUpdate"])
def test_op_without_any_tf_gradient_raises_lookup_error(tf, case):
    x = tf.constant(np.arange(1, 5, dtype=np.float32).reshape(1, 2, 2, 1))
    build = {"ResizeArea": lambda: tf.image.resize_area(x, [3, 3]),
             "TruncateMod": lambda: tf.truncatemod(x, 1.5),
             "ScatterUpdate": lambda: tf.scatter_update(
                 tf.Variable(np.zeros((1, 2, 2, 1), np.float32)), [0], x)}
    y = build[case]()
    with pytest.raises(LookupError, match="No gradient defined for operation'.*' \\(op type: %s\\)"
                       % case):
        tf.gradients(y, x)
    assert tf.gradients(tf.reduce_sum(tf.stop_gradient(y)) + x, x)[0] is not None


def test_ops_whose_lowering_now_passes_tf_gradient(tf):
    value = tf.constant(2.5)
    g_fill = tf.gradients(tf.fill([2, 2], value), value)[0]
    images = tf.constant(np.arange(1, 7, dtype=np.float32).reshape(1, 2, 3, 1))
    g_near = tf.gradients(tf.image.resize_nearest_neighbor(images, [3, 5]), images)[0]
    g_half = tf.gradients(tf.image.resize_nearest_neighbor(images, [5, 7],
                                                           half_pixel_centers=True), images)[0]
    fill, near, half = _run(tf, [g_fill, g_near, g_half])
    assert fill == pytest.approx(4.0)
    _close(near.ravel(), [4, 4, 2, 2, 2, 1])
    _close(half.ravel(), [4, 6, 4, 6, 9, 6])


def test_conv2d_backprop_filter_is_differentiable(tf):
    x = tf.constant(np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1))
    dy = tf.constant(np.arange(9, 0, -1, dtype=np.float32).reshape(1, 3, 3, 1) / 2.0)
    dw = tf.nn.conv2d_backprop_filter(x, [2, 2, 1, 1], dy, [1, 1, 1, 1], "SAME")
    gx, gdy = _run(tf, tf.gradients(dw, [x, dy]))
    _close(gx.ravel(), [4.5, 8.5, 7.5, 7.5, 14.0, 12.0, 4.5, 8.0, 6.0])
    _close(gdy.ravel(), [12, 16, 9, 24, 28, 15, 15, 17, 9])


# -- fed intermediates -------------------------------------------------------------------------

def test_fed_intermediate_passes_gradient_through_its_producer(tf):
    x = tf.constant(1.0)
    h = 3.0 * x
    g = tf.gradients(h * h, x)[0]
    assert _run(tf, g, {h: 10.0}) == pytest.approx(60.0)      # 2 * 10 * 3
    assert _run(tf, g) == pytest.approx(18.0)                  # 2 * 3 * 3
    q = tf.constant([1.0, 2.0])
    y = q * 2.0
    h3 = q * 3.0
    h4 = h3 + 1.0
    gy, g34, gq = _run(tf, [tf.gradients(y, q)[0],
                            tf.gradients(tf.reduce_sum(h4 * h4), q)[0],
                            tf.gradients(tf.reduce_sum(q * q), q)[0]],
                       {y: [7.0, 9.0], h3: [1.0, 1.0], h4: [2.0, 5.0], q: [3.0, 4.0]})
    _close(gy, [2.0, 2.0])
    _close(g34, [12.0, 30.0])
    _close(gq, [6.0, 8.0])


@pytest.mark.tfcompat_only
def test_fed_intermediate_forward_and_gradient_agree():
    # TF 2.21 gives [44, 28] here with its default config: grappler rewrites `v * v` and the
    # feed of h is silently ignored; with the meta optimizer disabled TF gives [52, 40]
    # (tests/differential/known_differences.txt).
    import tfcompat as tf
    with tf.Graph().as_default():
        v = tf.Variable(2.0)
        h = v * v
        y = h * 3.0 + h * h
        g, value = _run(tf, tf.gradients(y, v) + [y], {h: 5.0})
        assert (g, value) == (pytest.approx(52.0), pytest.approx(40.0))


@pytest.mark.tfcompat_only
def test_fed_intermediate_producer_needing_an_unfed_placeholder_is_not_run():
    # TF computes the producer's gradient ops only when fetched; tfcompat's one Gradients op
    # cannot, so it stops at the fed tensor there (and never asks for the placeholder)
    import tfcompat as tf
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [])
        w = tf.Variable(2.0)
        u = tf.Variable(3.0)
        h = p * w
        y = h * h * u
        gw, gu = _run(tf, tf.gradients(y, [w, u]), {h: 5.0})
        assert (gw, gu) == (0.0, pytest.approx(25.0))
        assert _run(tf, tf.gradients(y, w)[0], {h: 5.0, p: 1.0}) == pytest.approx(30.0)


# -- TF's gradient kernels: 0 for a 0 incoming gradient ----------------------------------------

def test_where_guarded_sqrt_rsqrt_reciprocal_have_finite_gradients(tf):
    z = tf.constant([0.0, 4.0])
    zeros = tf.zeros_like(z)

    def guarded(f):
        return tf.gradients(tf.reduce_sum(tf.where(z > 0, f(z), zeros)), z)[0]

    g_sqrt = guarded(tf.sqrt)
    out = _run(tf, [g_sqrt, guarded(tf.rsqrt), guarded(tf.reciprocal), guarded(tf.log),
                    tf.gradients(tf.reduce_sum(g_sqrt), z)[0]])
    _close(out[0], [0.0, 0.25])
    _close(out[1], [0.0, -0.0625])
    _close(out[2], [0.0, -0.0625])
    _close(out[3], [np.nan, 0.25])       # Log's gradient is grad * 1/x: 0 * inf
    _close(out[4], [np.nan, -0.03125])   # second order through SqrtGrad at 0


def test_sqrt_of_zero_sum_of_squares_is_nan(tf):
    z = tf.zeros([3])
    _close(_run(tf, tf.gradients(tf.sqrt(tf.reduce_sum(tf.square(z))), z)[0]), [np.nan] * 3)


def test_pow_exponent_gradient_is_zero_for_nonpositive_base(tf):
    p = tf.constant([2.0, 0.5, 3.0, -1.0])
    base = tf.constant([[0.0, 2.0, -2.0, 1.0]])
    g_base, g_p = _run(tf, tf.gradients(tf.reduce_sum(tf.pow(base, p)), [base, p]))
    _close(g_base, [[0.0, 0.35355338, 12.0, -1.0]])
    _close(g_p, [0.0, 0.98025811, 0.0, 0.0])
    zero = tf.constant([0.0])
    _close(_run(tf, tf.gradients(tf.pow(zero, zero), zero)[0]), [np.nan])   # 0 * 0^-1


def test_floormod_gradient(tf):
    x = tf.constant([2.0, -1.0, 3.0])
    y = tf.constant([0.75, 0.0, -2.0])
    gx, gy = _run(tf, tf.gradients(tf.reduce_sum(tf.floormod(x, y)), [x, y]))
    _close(gx, [1.0, 1.0, 1.0])
    _close(gy, [-2.0, np.inf, 2.0])     # -floor(x / y)


# -- second order ----------------------------------------------------------------------------

def test_second_order_through_tf_gradient_functions(tf):
    x = tf.constant([0.5, 1.0, 2.0, 4.0])
    g1 = tf.gradients(tf.reduce_sum(tf.sqrt(x) * tf.maximum(x, 1.0)), x)[0]
    g2 = tf.gradients(tf.reduce_sum(tf.pow(x, 3.0)), x)[0]
    g3 = tf.gradients(tf.reduce_sum(tf.rsqrt(x) + tf.reciprocal(x)), x)[0]
    out = _run(tf, [tf.gradients(tf.reduce_sum(g), x)[0] for g in (g1, g2, g3)] +
               tf.hessians(tf.reduce_sum(tf.maximum(x * x, 2.0)), x))
    _close(out[0], [-0.70710677, 0.75, 0.53033006, 0.375])
    _close(out[1], [3.0, 6.0, 12.0, 24.0])
    _close(out[2], [20.24264, 2.75, 0.38258249, 0.0546875])
    _close(out[3], np.diag([0.0, 0.0, 2.0, 2.0]))


@pytest.mark.tfcompat_only
def test_a_variable_assigned_before_the_gradient_runs(tf):
    # Spectral normalization (SNGAN-style code): `u.assign(u_hat)` runs, through a control
    # dependency, after u was read in the forward pass. TF's MatMul gradient reads the ref
    # variable's buffer when it runs, which its scheduler puts before or after the assign
    # (TF 2.21 compat.v1 gave [[5.0]] and, on another run, [[2.0]]: see known_differences);
    # tfcompat runs the assign first and the gradient sees the new u, every time. (tfcompat
    # used to fail with autograd's "modified by an inplace operation".)
    u = tf.Variable([[2.0]])
    w = tf.Variable([[3.0]])
    y = tf.matmul(u, w)
    with tf.control_dependencies([tf.assign(u, [[5.0]])]):
        y = tf.identity(y)
    value, grad = _run(tf, [y, tf.gradients(y, w)[0]])
    assert value.tolist() == [[6.0]] and grad.tolist() == [[5.0]]


@pytest.mark.parametrize("use_resource, want", [
    (False, [[-0.075214, 0.533234], [-0.057355, -0.169922]]),
    (True, [[-0.075214, 0.746527], [-0.057355, -0.237891]])])
def test_a_gradient_after_an_optimizer_updated_a_variable_it_saved(tf, use_resource, want):
    # pix2pix: `with tf.control_dependencies([discrim_train]): gen_grads = ...` in one run.
    # The generator's gradient goes through the discriminator's weights, which Adam has just
    # updated in place: TF's MatMul gradient reads a ref variable's updated buffer, a resource
    # variable's read is the value before the update (recorded from TF 2.21 compat.v1; tfcompat
    # used to fail with autograd's "modified by an inplace operation").
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]])
    w_d = tf.get_variable("d", initializer=tf.constant([[0.5, -1.0], [2.0, 1.5]]),
                          use_resource=use_resource)
    w_g = tf.get_variable("g", initializer=tf.constant([[1.0, 0.0], [0.5, 2.0]]),
                          use_resource=use_resource)
    out = tf.matmul(tf.tanh(tf.matmul(x, w_g)), w_d)
    d_train = tf.train.AdamOptimizer(0.5).minimize(tf.reduce_sum(out * out), var_list=[w_d])
    with tf.control_dependencies([d_train]):
        g_grad = tf.gradients(tf.reduce_sum(out), [w_g])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _close(sess.run(g_grad), want)
        _close(sess.run(w_d), [[0.0, -0.5], [1.5, 1.0]])
