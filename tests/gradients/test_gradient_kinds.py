"""tf.gradients through ops of each kind in TF's gradient registry (values and messages from TF
2.21): "grad" ops pass gradients, NotDifferentiable ops stop them (also beside other paths),
ops TF has no gradient for raise LookupError exactly when a gradient must flow through them,
and tf.RegisterGradient / tf.NotDifferentiable refuse a name TF's registry already holds."""
import itertools

import numpy as np
import pytest

_names = itertools.count()

NO_GRADIENT = (
    "No gradient defined for operation'%s' (op type: %s). In general every operation must have "
    "an associated `@tf.RegisterGradient` for correct autodiff, which this op is lacking. If you "
    "want to pretend this operation is a constant in your program, you may insert "
    "`tf.stop_gradient`. This can be useful to silence the error in cases where you know "
    "gradients are not needed, e.g. the forward pass of tf.custom_gradient. Please see more "
    "details in https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")


def _run(tf, tensors):
    with tf.Session() as sess:
        return sess.run(tensors)


def _x(tf):
    return tf.constant([1.0, 2.0, 2.0, 3.0])


# -- "none": NotDifferentiable ------------------------------------------------------------

def test_not_differentiable_ops_give_none(tf):
    x = _x(tf)
    for y in (tf.shape(x), tf.size(x), tf.rank(x), tf.zeros_like(x), tf.ones_like(x),
              tf.stop_gradient(x), tf.round(x), tf.argmax(x), tf.cast(x, tf.int32),
              tf.multinomial(x[None], 3, seed=1), tf.equal(x, 2.0)):
        assert tf.gradients(y, x) == [None], y


def test_resize_bilinear_grad_is_not_differentiable(tf):
    # TF: ops.NotDifferentiable("ResizeBilinearGrad")
    image = tf.constant(np.arange(4.0, dtype=np.float32).reshape(1, 2, 2, 1))
    dy = tf.constant(np.ones((1, 4, 4, 1), np.float32))
    g = tf.raw_ops.ResizeBilinearGrad(grads=dy, original_image=image)
    assert tf.gradients(tf.reduce_sum(g * g), dy) == [None]
    assert tf.gradients(tf.reduce_sum(g * g) + tf.reduce_sum(dy), dy)[0] is not None


def test_not_differentiable_op_beside_another_path(tf):
    # only the direct use of x reaches it: hsv_to_rgb and assign pass nothing on
    x = tf.constant([1.0, 2.0])
    v = tf.Variable([0.0, 0.0])
    rgb = tf.image.hsv_to_rgb(tf.stack([x * 0.1, x * 0.2, x * 0.3], -1))
    a = tf.assign(v, x * 2.0)
    g = tf.gradients(tf.reduce_sum(rgb) + tf.reduce_sum(a) + tf.reduce_sum(x * x), x)[0]
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_allclose(sess.run(g), [2.0, 4.0])


def test_not_differentiable_sparse_concat_and_fake_quant_gradient(tf):
    # TF: NotDifferentiable("SparseConcat"), ("FakeQuantWithMinMaxArgsGradient")
    v = tf.constant([1.0, 2.0])
    c = tf.sparse_concat(1, [tf.SparseTensor([[0, 0], [1, 1]], v, [2, 2])] * 2)
    g_concat = tf.gradients(tf.reduce_sum(c.values * c.values) + tf.reduce_sum(v), v)[0]
    x = tf.constant([0.2, 0.7])
    fq = tf.raw_ops.FakeQuantWithMinMaxArgsGradient(gradients=x, inputs=x)
    g_fq = tf.gradients(tf.reduce_sum(fq * fq) + tf.reduce_sum(x), x)[0]
    vc, vf = _run(tf, [g_concat, g_fq])
    np.testing.assert_allclose(vc, [1.0, 1.0])
    np.testing.assert_allclose(vf, [1.0, 1.0])


# -- "missing": no gradient at all -----------------------------------------------------------

def _raises_no_gradient(tf, y, xs, op_name, op_type):
    with pytest.raises(LookupError) as info:
        tf.gradients(y, xs)
    assert str(info.value) == NO_GRADIENT % (op_name, op_type)


def test_no_gradient_on_a_float_path_raises(tf):
    x = _x(tf)
    _raises_no_gradient(tf, tf.unique(x)[0], x, "Unique", "Unique")
    _raises_no_gradient(tf, tf.random.poisson(x, [3], seed=1), x,
                        "random_poisson/RandomPoissonV2", "RandomPoissonV2")
    _raises_no_gradient(tf, tf.reduce_sum(tf.bitcast(tf.cast(x, tf.float64), tf.float32)), x,
                        "Bitcast", "Bitcast")
    _raises_no_gradient(tf, tf.reduce_sum(tf.parallel_stack([x, x])), x,
                        "parallel_stack/ParallelConcat", "ParallelConcat")


def test_no_gradient_for_an_integer_or_bool_y_raises(tf):
    # TF starts every y with a gradient of ones, so an int or bool y's op needs a gradient too
    x = _x(tf)
    _raises_no_gradient(tf, tf.histogram_fixed_width(x, [0.0, 4.0], nbins=4), x,
                        "histogram_fixed_width", "HistogramFixedWidth")
    _raises_no_gradient(tf, tf.unique(x, name="u")[1], x, "u", "Unique")
    _raises_no_gradient(tf, tf.where(x), x, "Where", "Where")
    _raises_no_gradient(tf, tf.math.is_nan(x), x, "IsNan", "IsNan")


def test_no_gradient_needed_no_error(tf):
    x = _x(tf)
    u = tf.unique(x)[0]
    # Floor's gradient gives nothing on to Unique
    assert tf.gradients(tf.floor(u), x) == [None]
    assert tf.gradients(tf.where(x > 2.0), x) == [None]   # Where of a bool is never reached
    # Unique as an x itself, behind a stop_gradient or in stop_gradients
    g_u = tf.gradients(u * 2.0, u)[0]
    g_stop = tf.gradients(tf.reduce_sum(tf.stop_gradient(u)) + tf.reduce_sum(x * x), x)[0]
    g_stops = tf.gradients(tf.reduce_sum(u) + tf.reduce_sum(x), x, stop_gradients=[u])[0]
    vu, vstop, vstops = _run(tf, [g_u, g_stop, g_stops])
    np.testing.assert_allclose(vu, [2.0, 2.0, 2.0])
    np.testing.assert_allclose(vstop, [2.0, 4.0, 4.0, 6.0])
    np.testing.assert_allclose(vstops, [1.0, 1.0, 1.0, 1.0])


def test_gradient_tape_names_the_op_type(tf):
    # TF's tape looks the gradient up itself: its own LookupError text
    x = _x(tf)
    for y, op_type in ((lambda: tf.unique(x)[0], "Unique"),
                       (lambda: tf.histogram_fixed_width(x, [0.0, 4.0], nbins=4),
                        "HistogramFixedWidth")):
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = y()
        with pytest.raises(LookupError) as info:
            tape.gradient(out, x)
        assert str(info.value) == "gradient registry has no entry for: %s" % op_type


def test_prevent_gradient_raises_its_own_message(tf):
    x = _x(tf)
    y = tf.raw_ops.PreventGradient(input=x, message="no second order")
    with pytest.raises(LookupError) as info:
        tf.gradients(y, x)
    assert str(info.value) == "Gradient explicitly disabled. Reason: b'no second order'"


# -- "grad" --------------------------------------------------------------------------------

def test_gradient_functions_that_give_none_for_some_inputs(tf):
    x = _x(tf)
    g_floor = tf.gradients(tf.floor(x) + x, x)[0]
    g_gather = tf.gradients(tf.gather(x, tf.argmax(x)), x)[0]
    g_shape = tf.gradients(tf.reshape(x, tf.shape(x)) * x, x)[0]
    vf, vg, vs = _run(tf, [g_floor, tf.convert_to_tensor(g_gather), g_shape])
    np.testing.assert_allclose(vf, [1.0, 1.0, 1.0, 1.0])
    np.testing.assert_allclose(vg, [0.0, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(vs, [2.0, 4.0, 4.0, 6.0])


def test_integer_y_beside_a_float_output_gives_zeros(tf):
    # TF calls TopKV2's gradient with zeros for `values`: x gets zeros, not None
    x = tf.constant([1.0, 3.0, 2.0])
    g_topk = tf.gradients(tf.nn.top_k(x, 2).indices, x)[0]
    image = tf.reshape(tf.concat([x, x[:1]], 0), [1, 2, 2, 1])
    argmax = tf.nn.max_pool_with_argmax(image, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")[1]
    g_pool = tf.gradients(argmax, x)[0]
    assert tf.gradients(tf.argmax(x), x) == [None]
    vt, vp = _run(tf, [g_topk, g_pool])
    np.testing.assert_allclose(vt, [0.0, 0.0, 0.0])
    np.testing.assert_allclose(vp, [0.0, 0.0, 0.0])


# -- the registry itself ---------------------------------------------------------------------

def _registering_twice(name):
    return "Registering two gradient with name '%s'! (Previous registration was in " % name


@pytest.mark.parametrize("name", ["Relu", "MatMul", "Shape", "ZerosLike"])
def test_register_gradient_of_a_tf_registered_name_raises(tf, name):
    with pytest.raises(KeyError) as info:
        tf.RegisterGradient(name)(lambda op, grad: grad)
    assert info.value.args[0].startswith(_registering_twice(name))
    with pytest.raises(KeyError) as info:
        tf.NotDifferentiable(name)
    assert info.value.args[0].startswith(_registering_twice(name))


def test_register_gradient_twice_raises(tf):
    name = "G1TwiceGrad%d" % next(_names)
    tf.RegisterGradient(name)(lambda op, grad: grad)
    with pytest.raises(KeyError) as info:
        tf.RegisterGradient(name)(lambda op, grad: grad)
    assert info.value.args[0].startswith(_registering_twice(name))
    with pytest.raises(KeyError):
        tf.NotDifferentiable(name)
    other = "G1TwiceNoGrad%d" % next(_names)
    tf.NotDifferentiable(other)
    with pytest.raises(KeyError) as info:
        tf.no_gradient(other)
    assert info.value.args[0].startswith(_registering_twice(other))



def test_no_gradient_error_names_the_op_tf_meets_first_going_back(tf):
    # TF's _GradientsHelper walks back from the ys (a queue): in a pyramid loss summed from
    # level 0 up, the last level's op is reached first; on a chain, the one nearest the y
    x = tf.constant(np.ones((1, 4, 4, 1), np.float32))
    rs = [tf.image.resize_area(x, [4 // 2 ** i] * 2) for i in range(3)]
    total = 0.
    for i, r in enumerate(rs):
        total += (0.5 ** i) * tf.reduce_mean(r * r)
    _raises_no_gradient(tf, total, x, rs[2].op.name, "ResizeArea")
    inner = tf.image.resize_area(rs[0], [1, 1])
    y = tf.reduce_sum(rs[0]) + tf.reduce_sum(inner)
    _raises_no_gradient(tf, y, x, inner.op.name, "ResizeArea")
